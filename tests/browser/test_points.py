"""100 points in real browsers: the phone shows what is left and will not send an overspent budget; 30
simulated phones give points; the board's totals are what was acknowledged."""
import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

OPTIONS = ["Shared budgets", "Southern-led research", "Joint advocacy plans"]
PLAN = {"title": "Rethinking ownership and control within advocacy partnerships", "stages": [
    {"kind": "plenary", "title": "Where should the money go?", "minutes": 10, "activities": [
        {"kind": "points", "title": "Spread 100 points over what would shift power most", "options": OPTIONS}]}]}


def test_phones_give_points_and_the_board_adds_them_up(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
    board.goto(made["board_url"])

    phone = page_errors(browser.new_context(**PHONE).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    phone.get_by_label("Shared budgets").fill("60")
    phone.get_by_label("Southern-led research").fill("50")
    phone.get_by_text("10 points too many — you have 100 to give").wait_for()
    assert phone.get_by_role("button", name="Send my points").is_disabled()
    phone.get_by_label("Southern-led research").fill("40")
    phone.get_by_text("0 of 100 points left").wait_for()
    phone.get_by_role("button", name="Send my points").click()
    phone.get_by_text("Your points are in").first.wait_for()
    given = [[60, 40, 0]]

    clients = []
    try:
        for i in range(30):
            c = server.client()
            reply = c.call("join", {"code": code}, timeout=10)
            allocation = [i, 3 * i % 50, 100 - i - 3 * i % 50]
            ack = c.call("points", {"id": f"p{i}", "activity": reply["state"]["stage"]["activities"][0]["id"],
                                    "allocation": allocation}, timeout=10)
            assert ack["ok"], ack
            given.append(ack["allocation"])
            clients.append(c)
    finally:
        for c in clients:
            c.disconnect()

    board.get_by_text("31 people gave points").first.wait_for()
    totals = [sum(a[o] for a in given) for o in range(3)]
    assert [int(v.replace(",", "")) for v in board.locator(".bar-value strong").all_text_contents()] == totals
    board.screenshot(path=str(shots / "board-points.png"))
    assert page_errors.seen == []
