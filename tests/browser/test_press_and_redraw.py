"""A click is not lost when the page redraws between a button's press and its release.

In a busy room the server sends results and counts several times a second. A redraw replaces the
buttons; one that landed between press and release put the two on different nodes, so no click
came: a phone's upvote, a host's promotion or the facilitator's timer in the all-groups view was
silently dropped. Each test presses a button, has another phone cause a redraw, waits until the
page has handled it, and only then releases (the phone's group choice: tests/browser/test_working_groups.py)."""
import pytest
from playwright.sync_api import expect

from ..conftest import small_plan
from .conftest import PHONE, AnswerHold, signed_in
from .test_qna import PLAN as QNA_PLAN

pytestmark = pytest.mark.browser


def press_through(page, watch, target, event, cause):
    """Press ``target``, have the server send ``event`` (``cause()``) and the page handle it, release."""
    # The pages under test show it without scrolling. A redraw (the console reading the groups as it
    # opens) may detach the node as it is measured: its twin comes at once, in the same place.
    watch.wait_until(page, target.bounding_box, "the button is not on the page")
    box = target.bounding_box()
    assert box and box["y"] + box["height"] < page.viewport_size["height"], "the button is off the screen"
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    before = watch.heard[event]
    cause()
    watch.wait_until(page, lambda: watch.heard[event] > before, f"no {event} event reached the page")
    watch.flush(page)  # handled: before the fix, the button under the pointer had been replaced by now
    page.mouse.up()


def groups_on(server, phones):
    """The small plan on its groups stage with ``phones`` phones in Red: (what the API made, the phones,
    Red's board id)."""
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    code = made["code"]
    state = server.api("POST", f"/api/sessions/{code}/stage", json={"action": "goto", "position": 1})["state"]
    clients = [server.client() for _ in range(phones)]
    for c in clients:
        assert c.call("join", {"code": code}, timeout=10)["ok"]
        assert c.call("group", {"id": "g", "group": "g1"}, timeout=10)["ok"]
    red_board = next(a["id"] for a in state["stage"]["activities"] if a["group"] == "g1" and a["kind"] == "board")
    return made, clients, red_board


def test_an_upvote_is_not_lost_when_another_phone_upvotes_meanwhile(browser, server, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": QNA_PLAN})
    code = made["code"]
    state = server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})["state"]
    qna = next(a["id"] for a in state["stage"]["activities"] if a["kind"] == "qna")
    asker, other = server.client(), server.client()
    try:
        for c in (asker, other):
            assert c.call("join", {"code": code}, timeout=10)["ok"]
        asked = [asker.call("ask", {"id": f"q{n}", "activity": qna, "text": text}, timeout=10)["question"]
                 for n, text in enumerate(("Who owns the data?", "Who signs the contract?"))]
        context = browser.new_context(**PHONE)
        watch = AnswerHold(context, None)
        phone = page_errors(context.new_page(), "phone")
        phone.goto(made["join_url"])
        phone.wait_for_selector(".connection-ok")
        first = phone.locator(".question", has_text="Who owns the data?")
        first.get_by_role("button", name="Upvote").scroll_into_view_if_needed()  # nothing redraws the phone now
        press_through(phone, watch, first.get_by_role("button", name="Upvote"), "results",
                      lambda: other.call("upvote", {"id": "u", "activity": qna, "question": asked[1]}, timeout=10))
        expect(first.get_by_role("button", name="Upvoted")).to_be_visible()
        expect(first.locator(".question-votes")).to_have_text("1 upvote")
        assert page_errors.seen == []
    finally:
        for c in (asker, other):
            c.disconnect()


def test_a_hosts_promotion_is_not_lost_when_a_note_comes_meanwhile(browser, server, page_errors):
    made, phones, red_board = groups_on(server, 2)
    code = made["code"]
    try:
        assert phones[0].call("note", {"id": "n1", "activity": red_board, "column": 0,
                                       "text": "Budgets are set in the North"}, timeout=10)["ok"]
        link = server.api("POST", f"/api/sessions/{code}/hosts", json={"stage": 1, "group": "g1"})["url"]
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        watch = AnswerHold(context, None)
        host = page_errors(context.new_page(), "host")
        host.goto(link)
        host.wait_for_selector(".connection-ok")
        toggle = host.get_by_role("button", name="Promote to plenary: the note “Budgets are set in the North”")
        press_through(host, watch, toggle, "results",
                      lambda: phones[1].call("note", {"id": "n2", "activity": red_board, "column": 0,
                                                      "text": "Reports go one way"}, timeout=10))
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(host.locator("[data-results-for]")).to_contain_text("Reports go one way")  # the redraw came after
        assert page_errors.seen == []
    finally:
        for c in phones:
            c.disconnect()


def test_a_group_timer_started_from_the_all_groups_view_while_notes_come(browser, server, page_errors):
    made, phones, red_board = groups_on(server, 1)
    try:
        context = signed_in(browser, server, viewport={"width": 1440, "height": 1000})
        watch = AnswerHold(context, None)
        console = page_errors(context.new_page(), "console")
        console.goto(made["console_url"])
        red = console.locator("[data-all-group=g1]")
        expect(red.locator(".handle-chip")).to_have_count(1)
        press_through(console, watch, red.get_by_role("button", name="Start"), "results",
                      lambda: phones[0].call("note", {"id": "n1", "activity": red_board, "column": 0,
                                                      "text": "Who writes the proposal?"}, timeout=10))
        expect(red.get_by_role("button", name="Pause")).to_be_visible()
        expect(red).to_contain_text("Who writes the proposal?")  # the redraw came after
        assert page_errors.seen == []
    finally:
        for c in phones:
            c.disconnect()
