"""Editing the plan in the console while a phone follows the session, and the counts it shows."""
import pytest
from playwright.sync_api import expect

from ..conftest import small_plan
from .conftest import ReplyHold, axe_violations, screenshot_of, signed_in

pytestmark = pytest.mark.browser
XSS = '<img src=x onerror="document.title=\'pwned\'">Blue words'
QUESTION = "Who decides the budget?"


def vote(phone, choice):
    form = phone.locator(".poll-form").first
    form.locator(".choice").nth(choice).click()
    form.locator("button[type=submit]").click()


def test_an_activity_added_to_the_next_stage_reaches_the_phone(browser, server, page_errors, shots):
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1400},
                                          bypass_csp=True).new_page(), "console")
    console.on("dialog", lambda dialog: dialog.accept())
    console.goto(f"{server.url}/console/{code}")
    console.wait_for_selector(".connection-ok")
    phone = page_errors(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    expect(console.locator('[data-plan-stage="0"] [data-count="stage:0"]')).to_contain_text("1 connected now")
    vote(phone, 0)
    expect(console.locator('[data-plan-stage="0"] [data-count="stage:0"]')).to_have_text(
        "1 connected now · 1 took part", timeout=10000)

    # A poll into the report-back (stage 3), moved before the poll already there.
    console.get_by_role("button", name="Add an activity to stage 3").click()
    console.locator("#plan-form-kind").select_option("poll")
    console.fill("#plan-form-title", QUESTION)
    console.fill("#plan-form-options", "Northern partners\nSouthern partners\nTogether")
    console.get_by_role("button", name="Add to the plan").click()
    stage3 = console.locator('[data-plan-stage="2"] .plan-activity-title')
    expect(stage3).to_have_text(["Later", QUESTION])
    console.locator('[data-plan-stage="2"] [data-plan-activity]').last.get_by_role("button", name="Move up").click()
    expect(stage3).to_have_text([QUESTION, "Later"])

    # An activity of a working group, and a stage added and removed again.
    console.get_by_role("button", name="Add an activity to group Blue of stage 2").click()
    console.locator("#plan-form-kind").select_option("wordcloud")
    console.fill("#plan-form-title", "Blue words")
    console.get_by_role("button", name="Add to the plan").click()
    expect(console.locator('[data-plan-stage="1"] section[aria-label="Group Blue"] .plan-activity-title')).to_have_text(
        ["Blue board", "Blue words"])
    console.mouse.move(0, 0)
    screenshot_of(console.locator(".console-plan"), str(shots / "console-plan-editing.png"))
    console.get_by_role("button", name="Add an activity to stage 3").click()  # an open form, checked too
    assert axe_violations(console) == []
    console.get_by_role("button", name="Cancel").click()

    # A not-started activity is edited (its title is shown as text, never as markup).
    console.locator('[data-plan-stage="1"] [data-plan-activity]').last.get_by_role("button", name="Edit").click()
    console.fill("#plan-form-title", XSS)
    console.get_by_role("button", name="Save the changes").click()
    expect(console.locator('[data-plan-stage="1"] .plan-activity-title').last).to_have_text(XSS)
    console.fill("#plan-stage-title", "Coffee")
    console.get_by_role("button", name="Add the stage").click()
    expect(console.locator(".plan-stage-title").last).to_have_text("4. Plenary: Coffee")
    console.locator('[data-plan-stage="3"]').get_by_role("button", name="Remove").click()
    expect(console.locator(".plan-stage")).to_have_count(3)

    # A stage with slides attached stays, and the console says why.
    server.api("POST", f"/api/sessions/{code}/stages/2/materials", json={"title": "Slides", "url": "https://example.org/s"})
    console.locator('[data-plan-stage="2"]').get_by_role("button", name="Remove").first.click()
    expect(console.locator("#plan-message")).to_contain_text("holds 1 material; removing it would lose them")
    expect(console.locator(".plan-stage")).to_have_count(3)

    # Started parts cannot be changed: no buttons on the plenary that is on.
    expect(console.locator('[data-plan-stage="0"] .plan-buttons')).to_have_count(0)

    # The facilitator moves on to the report-back: the phone shows the new poll first.
    console.get_by_role("button", name="Go to stage 3: Report-back").click()
    expect(phone.get_by_text(QUESTION)).to_be_visible()
    vote(phone, 1)
    expect(console.locator('[data-plan-stage="2"] [data-count^="activity:"]').first).to_have_text("1 answered",
                                                                                                 timeout=10000)
    for page in (console, phone):
        assert page.locator(".plan-activity-title img, main img[src='x']").count() == 0
        assert page.title() != "pwned"
    # The refused removal is the one error the browser logs (a 409 answer); nothing else went wrong.
    assert [e for e in page_errors.seen if "409 (CONFLICT)" not in e] == []


def held_console(browser, server, page_errors, position, url):
    """The small plan's stage at `position` on, and its console with a ReplyHold, armed, on its next
    read of `url` (under the session's API path), which a change of the session (an announcement)
    brings; the read is held."""
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "goto", "position": position})
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1400}).new_page(), "console")
    console.goto(f"{server.url}/console/{code}")
    expect(console.locator(".plan-stage")).to_have_count(3)
    hold = ReplyHold(console, f"**/api/sessions/{code}{url}")
    assert server.api("POST", f"/api/sessions/{code}/announcement", json={"text": "Coffee at eleven"})["ok"]
    hold.wait_held(console)
    return console, hold


def test_an_older_read_of_the_plan_does_not_undo_an_edit(browser, server, page_errors):
    """Each change of the session makes the console read the plan again, and HTTP answers can come
    out of order: a read sent before an edit and answered after it showed the plan without the edit,
    its buttons naming stages by places they had left. The read's reply is held back, so the test
    does not depend on timing."""
    console, hold = held_console(browser, server, page_errors, 0, "/plan")
    # The edit, and the read its own change of the session brings, are answered first.
    with console.expect_event("requestfinished", lambda r: r.method == "GET" and r.url.endswith("/plan")):
        console.fill("#plan-stage-title", "Coffee")
        console.get_by_role("button", name="Add the stage").click()
    expect(console.locator(".plan-stage")).to_have_count(4)
    hold.release(console)  # the read sent before the edit answers last
    assert console.locator(".plan-stage").count() == 4, "an older read of the plan undid the edit"
    assert page_errors.seen == []


def test_an_older_read_of_the_host_links_does_not_hide_a_new_one(browser, server, page_errors):
    """A host link's address is shown once, on the console that made it. A read of the links sent
    before it was made (every change of the session brings one), answered after, hid it. The read's
    reply is held back, so the test does not depend on timing."""
    console, hold = held_console(browser, server, page_errors, 1, "/hosts")
    plan = console.get_by_role("region", name="Plan")
    plan.get_by_role("button", name="Create a host link for Red").click()
    # Shown in the Plan panel and in Red's panel of the all-groups view (the stage is on).
    addresses = console.get_by_role("textbox", name="Host link of Red")
    expect(addresses).to_have_count(2)
    hold.release(console)  # the read sent before the link was made answers after it
    assert addresses.count() == 2, "an older read hid the new host link"
    assert page_errors.seen == []
