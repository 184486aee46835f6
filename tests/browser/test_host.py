"""A group host link in real browsers: the console makes it, the host page runs that group's poll and
the board shows it; once revoked, the open page says so and the link opens nothing."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot_of, signed_in

pytestmark = pytest.mark.browser

PLAN = {
    "title": "Partners meet-up",
    "stages": [
        {"kind": "plenary", "title": "Opening", "minutes": 10, "activities": []},
        {"kind": "groups", "title": "Working groups", "minutes": 30, "groups": [
            {"name": "Red", "activities": [
                {"kind": "poll", "title": "Who sets the agenda?", "options": ["Northern partners", "Southern partners", "Together"],
                 "start": "manual", "hide_results": True},
                {"kind": "board", "title": "What gets in the way?", "columns": ["Barriers", "Ideas"]}]},
            {"name": "Blue", "activities": [
                {"kind": "poll", "title": "Blue's own poll", "options": ["Yes", "No"], "start": "manual"}]},
        ]},
    ],
}


def test_a_host_runs_its_groups_poll_and_a_revoked_link_stops(browser, server, page_errors, shots):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    for _ in range(2):
        server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    console.on("dialog", lambda dialog: dialog.accept())
    console.goto(f"{server.url}/console/{code}")
    console.wait_for_selector(".connection-ok")

    # The console's Plan panel makes Red's host link and shows its address and QR code.
    red = console.locator("section.plan-group[aria-label='Group Red'] .host-link-control")
    red.get_by_role("button", name="Create a host link for Red").click()
    address = red.locator(".host-link-url")
    expect(address).to_have_value(re.compile(rf"/host/{code}\?key=.+"))
    url = address.input_value()
    red.get_by_role("button", name="Show QR").click()
    expect(red.locator("img.host-link-qr")).to_be_visible()
    screenshot_of(console.locator("section.plan-group[aria-label='Group Red']"), str(shots / "console-host-link.png"))

    board = page_errors(browser.new_context(viewport={"width": 1920, "height": 1080}).new_page(), "board")
    board.goto(made["board_url"])
    red_panel = board.locator(".group-panel[data-group=g1]")
    expect(red_panel).to_contain_text("Not open yet")

    # The host opens the link on a laptop of its own: a console of Red alone.
    host = page_errors(browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page(), "host")
    host.goto(url)
    expect(host).to_have_url(f"{server.url}/host/{code}")  # the secret left the address bar
    host.wait_for_selector(".connection-ok")
    expect(host.locator("#host-title")).to_have_text("Red")
    poll = host.locator("[data-activity]", has_text="Who sets the agenda?")
    expect(poll).to_be_visible()
    expect(host.locator("body")).not_to_contain_text("Blue's own poll")
    poll.get_by_role("button", name="Open").click()
    expect(red_panel.locator(".badge-open")).to_have_count(2)  # the poll and the board, on the board

    # A Red phone votes; the host sees it and reveals the result on the board.
    phone = page_errors(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.locator(".group-choice", has_text="Red").click()
    form = phone.locator(".poll-form").first
    form.locator(".choice").nth(1).click()
    form.locator("button[type=submit]").click()
    phone.get_by_text("Your vote is in").first.wait_for()
    expect(poll.locator(".responses")).to_have_text("1 response")
    poll.get_by_role("button", name="Reveal results").click()
    expect(red_panel.locator(".bars")).to_contain_text("Southern partners")
    # The phone posts a note; the host makes a cluster and puts the note in it.
    note_form = phone.locator(".note-form").first
    note_form.locator("textarea").fill("We never see the budget")
    note_form.locator("button[type=submit]").click()
    phone.get_by_text("Posted", exact=True).wait_for()
    notes = host.locator("[data-activity]", has_text="What gets in the way?")
    notes.get_by_placeholder("New cluster name").fill("Funding")
    notes.get_by_role("button", name="Add cluster").click()
    expect(notes.locator(".cluster-title", has_text="Funding")).to_be_visible()
    notes.get_by_label("Cluster of the note “We never see the budget”").select_option(label="Funding")
    expect(notes.locator(".cluster", has_text="Funding")).to_contain_text("We never see the budget")
    expect(red_panel).to_contain_text("We never see the budget")
    # The new cluster's toggle comes with the results that bring the cluster (no other redraw needed).
    promote_cluster = notes.get_by_role("button", name="Promote to plenary: the cluster “Funding”")
    promote_cluster.click()
    expect(promote_cluster).to_have_attribute("aria-pressed", "true")
    # The host marks its poll's results and the note for the plenary (the buttons are toggles: pressed now).
    poll.get_by_role("button", name=re.compile("Promote to plenary: the results of")).click()
    expect(poll.locator("[data-key^='promote:activity:']")).to_have_attribute("aria-pressed", "true")
    promote_note = notes.get_by_role("button", name="Promote to plenary: the note “We never see the budget”")
    promote_note.click()
    expect(promote_note).to_have_attribute("aria-pressed", "true")
    expect(promote_note).to_have_text("★ Promote to plenary")
    host.screenshot(path=str(shots / "host.png"), full_page=True)
    assert axe_violations(host) == []

    # The facilitator revokes the link: the open page says so at once, and the link opens nothing.
    red.get_by_role("button", name="Revoke").click()
    expect(host.locator("#host-message")).to_contain_text("revoked")
    expect(host.locator("[data-activity]")).to_have_count(0)
    host.goto(url)
    expect(host.locator("#host-refused")).to_contain_text("does not work")
    # The only errors: the browser's log of the refused requests (403) after the revocation.
    assert all("403" in e for e in page_errors.seen), page_errors.seen


def test_a_host_link_made_and_revoked_in_a_groups_panel_of_the_all_groups_view(browser, server, page_errors):
    """During the meet-up the facilitator looks at the all-groups view: each group's panel there makes,
    lists and revokes that group's host links, the same links as the Plan panel's."""
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "goto", "position": 1})
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    console.on("dialog", lambda dialog: dialog.accept())
    console.goto(f"{server.url}/console/{code}")
    console.wait_for_selector(".connection-ok")

    red = console.locator("#all-groups [data-all-group=g1] .host-link-control")
    create = red.get_by_role("button", name="Create a host link for Red")
    create.click()
    address = red.get_by_role("textbox", name="Host link of Red")
    expect(address).to_have_value(re.compile(rf"/host/{code}\?key=.+"))
    expect(create).to_have_text("Another host link")
    expect(create).to_be_focused()  # drawn again, the pressed button keeps the focus
    red.get_by_role("button", name="Show QR").click()
    expect(red.locator("img.host-link-qr")).to_be_visible()
    # One set of links: the Plan panel shows the same one; Blue's panel has none.
    plan_red = console.locator("section.plan-group[aria-label='Group Red'] .host-link-control")
    expect(plan_red.get_by_role("textbox", name="Host link of Red")).to_have_value(address.input_value())
    expect(console.locator("#all-groups [data-all-group=g2] .host-link")).to_have_count(0)

    host = page_errors(browser.new_context(viewport={"width": 1280, "height": 900}).new_page(), "host")
    host.goto(address.input_value())
    host.wait_for_selector(".connection-ok")
    expect(host.locator("#host-title")).to_have_text("Red")
    expect(host.locator("[data-activity]", has_text="Who sets the agenda?")).to_be_visible()

    red.get_by_role("button", name="Revoke").click()
    expect(host.locator("#host-message")).to_contain_text("revoked")
    expect(host.locator("[data-activity]")).to_have_count(0)
    expect(red.locator(".host-link")).to_have_count(0)
    expect(plan_red.locator(".host-link")).to_have_count(0)
    expect(create).to_have_text("Create")
    # The only errors: the browser's log of the refused requests (403) after the revocation.
    assert all("403" in e for e in page_errors.seen), page_errors.seen


def test_a_hosts_quick_presses_count_in_order_and_the_last_answer_is_shown(browser, server, page_errors):
    """Two quick "+1 min" on the host page: both count, and the page ends on the state after both.
    The first answer is held back in the network: before, the second request overtook it and its
    late answer drew the timer a minute short until the next change."""
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "goto", "position": 1})
    url = server.api("POST", f"/api/sessions/{code}/hosts", json={"stage": 1, "group": "g1"})["url"]
    timer = f"/api/sessions/{code}/timer"
    server.api("POST", timer, json={"action": "start", "group": "g1", "minutes": 10})
    server.api("POST", timer, json={"action": "pause", "group": "g1"})  # a paused timer: its text stays put

    host = page_errors(browser.new_context(viewport={"width": 1280, "height": 900}).new_page(), "host")
    host.goto(url)
    host.wait_for_selector(".connection-ok")
    shown = host.locator("[data-timer-for='group:g1']")
    expect(shown).to_have_text(re.compile(r"^Paused — (9:5\d|10:00) left$"))
    before = re.search(r"(\d+):(\d\d)", shown.text_content())

    held = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append((route, route.fetch()))  # the server has acted; its answer waits here

    host.route(f"**{timer}", hold_the_first)
    add = host.get_by_role("group", name="Group timer").get_by_role("button", name="+1 min")
    add.click()
    add.click()
    host.wait_for_timeout(800)  # room for a second request to overtake the first
    assert len(held) == 1
    route, response = held[0]
    route.fulfill(response=response)

    minutes, seconds = int(before[1]), int(before[2])
    expect(shown).to_have_text(f"Paused — {minutes + 2}:{seconds:02d} left")
    state = server.api("GET", f"/api/sessions/{code}")
    assert state["state"]["stage"]["timers"]["groups"]["g1"]["running"] is False
