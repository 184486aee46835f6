"""Segments in real browsers: a phone is asked its role once, declares one and votes; the facilitator
switches the poll to "by segment" in the console; the board shows everyone and each segment side by
side, with the small segment by its name only."""
import pytest

from .conftest import PHONE, signed_in

pytestmark = pytest.mark.browser

PLAN = {"title": "Rethinking ownership and control within advocacy partnerships",
        "segments": ["Northern partner", "Southern partner", "Other"], "hide_segments_below": 3,
        "stages": [{"kind": "plenary", "title": "Where do we stand?", "minutes": 10, "activities": [
            {"kind": "poll", "title": "Who sets the advocacy agenda today?",
             "options": ["Mostly the Northern partner", "Together", "Mostly the Southern partner"]}]}]}

# Simulated phones: (segment, option). With the browser's phone, 6 Northern and 4 Southern partners,
# 2 "Other" (fewer than k = 3: hidden) and 2 who prefer not to say; 4 outside the shown segments.
CROWD = ([("Northern partner", 0)] * 4 + [("Northern partner", 1)] * 2 + [("Southern partner", 2)] * 2
         + [("Southern partner", 1)] + [("Other", 1)] * 2 + [(None, 0), (None, 2)])


def test_a_phone_declares_and_the_board_shows_the_poll_by_segment(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})

    phone = page_errors(browser.new_context(**PHONE).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    chooser = phone.get_by_role("group", name="Which of these describes you?")
    chooser.get_by_role("button", name="Prefer not to say").wait_for()
    phone.screenshot(path=str(shots / "phone-segment.png"))
    chooser.get_by_role("button", name="Southern partner").click()
    phone.get_by_text("Your role: Southern partner").wait_for()
    assert phone.get_by_role("group", name="Which of these describes you?").count() == 0  # asked once
    phone.get_by_role("radio", name="Mostly the Southern partner").check()
    phone.get_by_role("button", name="Vote").click()
    phone.get_by_text("Your vote is in").first.wait_for()
    phone.reload()  # the choice is kept, and not asked again
    phone.get_by_text("Your role: Southern partner").wait_for()
    assert phone.get_by_role("group", name="Which of these describes you?").count() == 0

    clients = []
    try:
        for i, (segment, option) in enumerate(CROWD):
            c = server.client()
            reply = c.call("join", {"code": code}, timeout=10)
            poll = reply["state"]["stage"]["activities"][0]["id"]
            if segment:
                assert c.call("segment", {"id": f"s{i}", "segment": segment}, timeout=10)["ok"]
            assert c.call("vote", {"id": f"v{i}", "activity": poll, "choices": [option]}, timeout=10)["ok"]
            clients.append(c)
    finally:
        for c in clients:
            c.disconnect()

    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
    board.goto(made["board_url"])
    board.get_by_text("14 people voted").first.wait_for()

    console = page_errors(signed_in(browser, server, viewport={"width": 1400, "height": 1000}).new_page(), "console")
    console.goto(made["console_url"])
    console.get_by_label("Show results by segment (board and console)").check()
    console.locator(".console-segments .segment-legend").get_by_text("Other: fewer than 3 — hidden").wait_for()

    legend = board.locator(".segment-legend")
    legend.get_by_text("Everyone (14)").wait_for()
    assert [" ".join(text.split()) for text in legend.locator("li").all_inner_texts()] == [
        "Everyone (14)", "Northern partner (6)", "Southern partner (4)", "Other: fewer than 3 — hidden"]
    together = board.locator(".segment-options > li", has_text="Together")
    # everyone 5 of 14, Northern 2 of 6, Southern 1 of 4: never a number for "Other"
    assert together.locator(".segment-value").all_inner_texts() == ["36%", "33%", "25%"]
    assert board.locator(".segment-hidden").count() == 1
    board.screenshot(path=str(shots / "board-segments.png"))
    console.screenshot(path=str(shots / "console-segments.png"))
    assert page_errors.seen == []
