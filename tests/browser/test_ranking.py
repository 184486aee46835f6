"""Rankings in real browsers: a phone orders the options with its buttons, 30 simulated phones rank, and the
board lists the options by average rank as acknowledged."""
import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

OPTIONS = ["Funding conditions", "Decision-making", "Reporting and accountability", "Trust and time"]
PLAN = {"title": "Rethinking ownership and control within advocacy partnerships", "stages": [
    {"kind": "report-back", "title": "Report-back", "minutes": 10, "activities": [
        {"kind": "ranking", "title": "Which challenge should we tackle first?", "options": OPTIONS}]}]}


def test_phones_rank_and_the_board_shows_the_average_ranks(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
    board.goto(made["board_url"])

    phone = page_errors(browser.new_context(**PHONE).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    phone.get_by_role("button", name="Move Trust and time up").click()
    phone.get_by_role("button", name="Move Trust and time up").click()
    phone.get_by_role("button", name="Move Funding conditions down").click()
    assert phone.locator(".rank-label").all_text_contents() == [
        "Trust and time", "Funding conditions", "Decision-making", "Reporting and accountability"]
    phone.get_by_role("button", name="Send my ranking").click()
    phone.get_by_text("Your ranking is in").first.wait_for()
    orders = [[3, 0, 1, 2]]

    clients = []
    try:
        for i in range(30):
            c = server.client()
            reply = c.call("join", {"code": code}, timeout=10)
            order = [(i + k) % 4 for k in range(4)] if i % 3 else [3, 1, 0, 2]
            ack = c.call("rank", {"id": f"k{i}", "activity": reply["state"]["stage"]["activities"][0]["id"],
                                  "order": order}, timeout=10)
            assert ack["ok"], ack
            orders.append(ack["order"])
            clients.append(c)
    finally:
        for c in clients:
            c.disconnect()

    board.get_by_text("31 people ranked").first.wait_for()
    average = {OPTIONS[o]: round(sum(order.index(o) + 1 for order in orders) / len(orders), 2) for o in range(4)}
    expected = sorted(OPTIONS, key=lambda o: (average[o], OPTIONS.index(o)))
    board.wait_for_function(f"document.querySelector('.rank-results .bar-label').textContent === {expected[0]!r}")
    assert board.locator(".rank-results .bar-label").all_text_contents() == expected
    values = board.locator(".rank-results .bar-value").all_text_contents()
    assert values == [f"average rank {average[o]:g}" for o in expected]
    board.screenshot(path=str(shots / "board-ranking.png"))
    assert page_errors.seen == []
