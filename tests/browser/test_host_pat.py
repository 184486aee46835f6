"""A working group's host runs the group's Power Awareness Tool from the host page, as the facilitator
would from the console: the decisions from the group's board (phones posted the notes), private scoring
on the phones, the agreed level with agree = no, the desired level and an action, then the result, which
the group's own board (/board/<code>?group=<key>) shows full size; the host brings the table to the
report-back."""
import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

pytestmark = pytest.mark.browser

ORGS = ["Northern NGO", "Southern partner", "Donor"]
NOTES = ["Setting advocacy priorities", "Allocating the budget", "Choosing which evidence counts", "Hiring the project staff"]
DECISIONS = NOTES[:3]  # max_decisions 3: the board's first three (no dots yet: the order they came)
PAT_TITLE = "Who decides what in our partnership?"
PLAN = {
    "title": "Partners meet-up",
    "segments": ["Northern partner", "Southern partner"],
    "stages": [
        {"kind": "plenary", "title": "Opening", "minutes": 10, "activities": []},
        {"kind": "groups", "title": "Working groups", "minutes": 60, "groups": [
            {"name": "Group D: the Power Awareness Tool", "activities": [
                {"kind": "board", "title": "Which decisions in your partnership matter most?", "columns": ["Decisions"]},
                {"kind": "pat", "title": PAT_TITLE, "organisations": ORGS, "max_decisions": 3}]},
            {"name": "Blue", "activities": [
                {"kind": "poll", "title": "Blue's own poll", "options": ["Yes", "No"]}]},
        ]},
        {"kind": "report-back", "title": "Report-back", "minutes": 20, "activities": []},
    ],
}
# Each simulated phone's (segment, scores per decision for the Northern NGO, the Southern partner, the Donor).
PHONES = [("Southern partner", [[4, 1, 3], [3, 1, 4], [4, 2, 2]])] * 2 + \
         [("Northern partner", [[3, 3, 2], [3, 2, 3], [3, 3, 1]])] * 2


def test_a_host_runs_its_groups_pat_and_the_groups_board_shows_the_result(browser, server, page_errors, shots):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    state = server.api("POST", f"/api/sessions/{code}/stage", json={"action": "goto", "position": 1})["state"]
    ids = {a["kind"]: a["id"] for a in state["stage"]["activities"] if a["group"] == "g1"}
    link = server.api("POST", f"/api/sessions/{code}/hosts", json={"stage": 1, "group": "g1"})

    board = page_errors(browser.new_context(viewport={"width": 1920, "height": 1080}, bypass_csp=True).new_page(), "board")
    board.goto(f"{made['board_url']}?group=g1")
    expect(board.locator("h1, .board-title").first).to_contain_text("Group D")
    host = page_errors(browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page(), "host")
    host.goto(link["url"])
    host.wait_for_selector(".connection-ok")
    card = host.locator("[data-activity]", has_text=PAT_TITLE)
    expect(card.get_by_role("button", name="1 Decisions", pressed=True)).to_be_visible()
    expect(host.locator("body")).not_to_contain_text("Blue's own poll")

    phones = [server.client() for _ in PHONES]
    try:
        for n, (c, (segment, _levels)) in enumerate(zip(phones, PHONES)):
            assert c.call("join", {"code": code}, timeout=10)["ok"]
            assert c.call("segment", {"id": f"seg{n}", "segment": segment}, timeout=10)["ok"]
            assert c.call("group", {"id": f"g{n}", "group": "g1"}, timeout=10)["ok"]
            ack = c.call("note", {"id": f"n{n}", "activity": ids["board"], "column": 0, "text": NOTES[n]}, timeout=10)
            assert ack["ok"], ack

        # 1. The decisions: the board's top notes, then edited in the text box (the server keeps the edit).
        card.get_by_role("button", name="Take the top 3 from the board").click()
        expect(host.locator("#host-message")).to_have_text("The decisions are the board’s top notes (by dots); edit them if needed.")
        decisions = card.get_by_label(f"Decisions of {PAT_TITLE}, one a line")
        expect(decisions).to_have_value("\n".join(DECISIONS))
        board.locator(".pat-decision-list").get_by_text(DECISIONS[2]).wait_for()
        card.get_by_role("button", name="2 Private scoring").click()
        expect(card.get_by_role("button", name="2 Private scoring", pressed=True)).to_be_visible()
        expect(decisions).to_have_count(0)  # the decisions are fixed once scoring is on

        # 2. The phones score privately; the host and the group's board follow.
        for n, (c, (_segment, levels)) in enumerate(zip(phones, PHONES)):
            for d, row in enumerate(levels):
                for o, level in enumerate(row):
                    ack = c.call("score", {"id": f"s{n}-{d}-{o}", "activity": ids["pat"], "decision": d,
                                           "organisation": o, "level": level}, timeout=10)
                    assert ack["ok"], ack
    finally:
        for c in phones:
            c.disconnect()
    expect(card.locator(".responses")).to_have_text("4 people scored")
    board.get_by_text("4 people scored").wait_for()
    expect(board.locator(".pat-decision")).to_have_count(3)  # each decision's spread, full size
    # The PAT takes the group's board; the sticky notes the decisions came from go small beside it.
    expect(board.locator(".board-focus > .board-panel-pat")).to_be_visible()
    expect(board.locator(".board-focus-side .board-panel-board")).to_contain_text(NOTES[3])
    board.screenshot(path=str(shots / "board-group-pat-scores.png"))

    # 3. The group agrees: the Southern partner is only informed (1) on priorities; it should co-decide (3).
    card.get_by_role("button", name="3 Agree, desired level, actions").click()
    expect(card.get_by_role("button", name="3 Agree, desired level, actions", pressed=True)).to_be_visible()
    where = f"{DECISIONS[0]} — Southern partner"
    card.get_by_label(f"Agreed level: {where}").select_option("1")
    card.get_by_label(f"Does the group agree: {where}").select_option("no")
    card.get_by_label(f"Desired level: {where}").select_option("3")
    card.locator(f'[data-key="pat-save:{ids["pat"]}:0:1"]').click()
    expect(host.locator("#host-message")).to_have_text(f"Recorded: {where}.")
    card.get_by_label(f"New action: {where}").fill("Co-write the advocacy plan each year")
    card.get_by_label(f"Who owns the action: {where}").select_option("Northern NGO")
    card.get_by_label(f"By when (2027-03 or 2027-03-31): {where}").fill("2027-03")
    card.locator(f'[data-key="pat-add:{ids["pat"]}:0:1"]').click()
    expect(host.locator("#host-message")).to_have_text("Action added.")
    expect(card.locator(".console-pat-form .pat-actions")).to_contain_text("Co-write the advocacy plan each year — Northern NGO, by 2027-03")
    expect(card.get_by_label(f"New action: {where}")).to_have_value("")  # added: the field is free for the next one
    host.screenshot(path=str(shots / "host-pat.png"), full_page=True)
    assert axe_violations(host) == []

    # 4. The result, on the group's own board.
    card.get_by_role("button", name="4 Result").click()
    expect(card.get_by_role("button", name="4 Result", pressed=True)).to_be_visible()
    board.get_by_text("The result", exact=True).wait_for()
    table = board.locator(".pat-table")
    table.get_by_text("Co-write the advocacy plan each year").wait_for()
    row = table.locator("tr", has_text=DECISIONS[0])
    assert row.locator("td").nth(1).locator(".pat-level").all_text_contents() == ["1", "3"]  # Southern partner: 1 → 3
    board.screenshot(path=str(shots / "board-group-pat.png"))
    assert axe_violations(board) == []

    # 5. The host brings the table to the plenary; the report-back board shows it under the group's name.
    promote = host.get_by_role("button", name=f"Promote to plenary: the results of “{PAT_TITLE}”")
    promote.click()
    expect(promote).to_have_attribute("aria-pressed", "true")
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    plenary = page_errors(browser.new_page(viewport={"width": 1920, "height": 1080}), "plenary board")
    plenary.goto(made["board_url"])
    reported = plenary.locator(".report-group", has_text="Group D: the Power Awareness Tool")
    expect(reported.locator(".pat-table")).to_contain_text("Co-write the advocacy plan each year")
    assert page_errors.seen == []
