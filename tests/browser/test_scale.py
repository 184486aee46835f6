"""The scale in real browsers: a phone rates and changes its mind, 30 simulated phones rate, and the board
shows each statement's distribution and mean as acknowledged."""
import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

PLAN = {"title": "Rethinking ownership and control within advocacy partnerships", "stages": [
    {"kind": "plenary", "title": "Where do we stand?", "minutes": 10, "activities": [
        {"kind": "scale", "title": "In our partnerships today…",
         "statements": ["Southern partners set the advocacy agenda", "Budgets are decided together"],
         "min": 1, "max": 5, "min_label": "Not at all", "max_label": "Fully"}]}]}


def test_phones_rate_and_the_board_shows_distribution_and_mean(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
    board.goto(made["board_url"])

    phone = page_errors(browser.new_context(**PHONE).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    first = phone.get_by_role("group", name="Southern partners set the advocacy agenda")
    first.get_by_role("radio", name="4", exact=True).check()
    phone.get_by_text("Your answer is in").first.wait_for()
    phone.get_by_role("group", name="Budgets are decided together").get_by_role("radio", name="2", exact=True).check()
    first.get_by_role("radio", name="5", exact=True).check()  # a change of mind replaces the first answer
    phone.wait_for_function("!document.querySelector('.status-wait')")
    assert first.locator("input:checked").get_attribute("value") == "5"

    ratings = {0: [5], 1: [2]}
    clients = []
    try:
        for i in range(30):
            c = server.client()
            reply = c.call("join", {"code": code}, timeout=10)
            scale = reply["state"]["stage"]["activities"][0]["id"]
            for statement, value in ((0, 1 + i % 5), (1, 1 + (i * 3) % 5)):
                if statement == 1 and i % 6 == 0:
                    continue  # some leave the second statement unanswered
                ack = c.call("rate", {"id": f"r{i}-{statement}", "activity": scale, "statement": statement,
                                      "value": value}, timeout=10)
                assert ack["ok"], ack
                ratings[statement].append(ack["value"])
            clients.append(c)
    finally:
        for c in clients:
            c.disconnect()

    board.get_by_text("31 people answered").first.wait_for()
    for n, statement in enumerate(PLAN["stages"][0]["activities"][0]["statements"]):
        row = board.locator(".scale-row", has_text=statement)
        mean = round(sum(ratings[n]) / len(ratings[n]), 2)
        row.get_by_text(f"mean {mean:g}").wait_for()
        counts = [int(c) for c in row.locator(".scale-count").all_text_contents()]
        assert counts == [ratings[n].count(v) for v in range(1, 6)]
    board.get_by_text("1 = Not at all · 5 = Fully").wait_for()
    board.screenshot(path=str(shots / "board-scale.png"))
    phone.locator(".phone-results .scale-row").first.wait_for()
    phone.screenshot(path=str(shots / "phone-scale.png"), full_page=True)
    assert page_errors.seen == []
