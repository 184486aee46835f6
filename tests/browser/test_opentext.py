"""Open questions in real browsers: a phone answers, edits by taking back, 30 simulated phones answer, and the
board shows the wall as text (markup stays text)."""
import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

PLAN = {"title": "Rethinking ownership and control within advocacy partnerships", "stages": [
    {"kind": "plenary", "title": "Closing", "minutes": 10, "activities": [
        {"kind": "text", "title": "What should the report say that we have not said yet?", "max_answers": 2,
         "text_limit": 200}]}]}
XSS = '<img src=x onerror="document.title=\'pwned\'">'


def test_phones_answer_and_the_board_shows_the_wall(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
    board.goto(made["board_url"])

    phone = page_errors(browser.new_context(**PHONE).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    phone.locator(".text-form textarea").fill("Trust takes time\nand money")
    phone.locator(".text-form button[type=submit]").click()
    phone.get_by_text("Your answers are in — you can change them until the question closes").wait_for()
    phone.locator(".text-form textarea").fill("x" * 201)
    phone.locator(".text-form button[type=submit]").click()
    phone.get_by_text("the limit is 200").wait_for()
    assert phone.locator(".text-form textarea").input_value() == "x" * 201  # nothing typed is lost
    phone.locator(".text-form textarea").fill(XSS)
    phone.locator(".text-form button[type=submit]").click()
    phone.locator(".my-text-body", has_text="onerror").wait_for()
    board.locator(".text-wall .note-text", has_text="onerror").wait_for()
    assert XSS in board.locator(".text-wall").text_content() and board.locator(".text-wall img").count() == 0

    clients = []
    try:
        for i in range(30):
            c = server.client()
            reply = c.call("join", {"code": code}, timeout=10)
            ack = c.call("answers", {"id": f"t{i}", "activity": reply["state"]["stage"]["activities"][0]["id"],
                                     "answers": [f"Southern partners should lead on point {i}"]}, timeout=10)
            assert ack["ok"], ack
            clients.append(c)
    finally:
        for c in clients:
            c.disconnect()

    board.get_by_text("31 people answered").first.wait_for()
    board.get_by_text("32 answers").first.wait_for()
    board.locator(".text-wall .note-text", has_text="point 29").wait_for()
    assert board.locator(".text-wall img").count() == 0 and board.title() != "pwned"
    board.screenshot(path=str(shots / "board-text.png"))
    assert page_errors.seen == []
