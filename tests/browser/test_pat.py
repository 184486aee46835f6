"""The Power Awareness Tool in real browsers: the facilitator sets the decisions in the console, a phone
and simulated phones score privately, the board shows each cell's spread and the perception gap,
the facilitator records what the group agreed, and the board shows the colour-coded result table."""
import pytest
from playwright.sync_api import expect

from .conftest import PHONE, axe_violations, screenshot_of, signed_in

pytestmark = pytest.mark.browser

ORGS = ["Northern NGO", "Southern partner", "Donor"]
DECISIONS = ["Setting advocacy priorities", "Allocating the budget", "Choosing which evidence counts"]
PLAN = {"title": "Rethinking ownership and control within advocacy partnerships",
        "segments": ["Northern partner", "Southern partner", "Other"], "hide_segments_below": 3,
        "stages": [{"kind": "plenary", "title": "Power in our partnerships", "minutes": 60, "activities": [
            {"kind": "pat", "title": "Who decides what in our partnership?", "organisations": ORGS,
             "gap": ["Southern partner", "Northern partner"]}]}]}
# (segment, the simulated phone's scores per decision for the Northern NGO, the Southern partner, the Donor)
SCORES = [("Southern partner", [[4, 1, 3], [3, 1, 4], [4, 2, 2]])] * 4 + \
         [("Northern partner", [[3, 3, 2], [3, 2, 3], [3, 3, 1]])] * 4 + \
         [("Other", [[4, 2, 2], [3, 2, 4], [3, 2, 2]])] * 2 + \
         [(None, [[3, 2, 2], [3, 2, 3], [3, 2, 2]])]  # "Other": two, below k = 3, hidden; one prefers not to say


def test_phones_score_the_board_shows_the_gap_and_the_facilitator_records_the_table(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 1000}, bypass_csp=True), "board")
    board.goto(made["board_url"])
    board.get_by_text("The group lists the decisions that matter in its partnership.").wait_for()

    console = page_errors(signed_in(browser, server, viewport={"width": 1400, "height": 1000}).new_page(), "console")
    console.goto(made["console_url"])
    console.get_by_label("Decisions of Who decides what in our partnership?, one a line").fill("\n".join(DECISIONS))
    console.get_by_role("button", name="Save decisions").click()
    console.get_by_text("3 decisions set.").wait_for()
    board.get_by_text("Choosing which evidence counts").wait_for()
    console.get_by_role("button", name="2 Private scoring").click()
    console.get_by_role("button", name="2 Private scoring", pressed=True).wait_for()

    phone = page_errors(browser.new_context(**PHONE, bypass_csp=True).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    phone.get_by_role("group", name="Which of these describes you?").get_by_role("button", name="Southern partner").click()
    phone.get_by_text("Your role: Southern partner").wait_for()
    phone.get_by_text("Decision 1 of 3").wait_for()
    phone.get_by_role("group", name="Southern partner").get_by_role("radio", name="informed, no say").check()
    phone.get_by_text("Your score is in").first.wait_for()
    phone.get_by_role("group", name="Northern NGO").get_by_role("radio", name="decides", exact=True).check()
    phone.get_by_role("group", name="Donor").get_by_role("radio", name="co-decides").check()
    phone.get_by_role("button", name="Next decision").click()
    phone.get_by_text("Decision 2 of 3").wait_for()
    phone.wait_for_function("!document.querySelector('.status-wait')")
    phone.screenshot(path=str(shots / "phone-pat.png"), full_page=True)
    assert axe_violations(phone) == []

    clients = []
    try:
        for n in range(len(SCORES)):
            clients.append(server.client())
            reply = clients[-1].call("join", {"code": code}, timeout=10)
            assert reply["ok"], reply
            if SCORES[n][0]:
                declared = clients[-1].call("segment", {"id": f"seg{n}", "segment": SCORES[n][0]}, timeout=10)
                assert declared["ok"], declared
        activity = reply["state"]["stage"]["activities"][0]["id"]
        for n, (c, (_segment, levels)) in enumerate(zip(clients, SCORES)):
            for d, row in enumerate(levels):
                for o, level in enumerate(row):
                    ack = c.call("score", {"id": f"s{n}-{d}-{o}", "activity": activity, "decision": d, "organisation": o,
                                           "level": level}, timeout=10)
                    assert ack["ok"], ack
    finally:
        for c in clients:
            c.disconnect()

    board.get_by_text("12 people scored").wait_for()
    decision = board.locator(".pat-decision", has_text="Setting advocacy priorities")
    southern = decision.locator(".pat-cell", has_text="Southern partner · mean")
    # Southern partners 1 (× 4 and the browser's phone), Northern partners 3 (× 4), Others 2 (× 2), one 2.
    # Waited for: "12 people scored" comes with the last phone's first score, before its others.
    expect(southern.locator(".pat-count")).to_have_text(["0", "5", "3", "4", "0"])
    southern.get_by_text("Perception gap -2").wait_for()
    assert "is-flagged" in southern.locator(".pat-gap").get_attribute("class")
    southern.get_by_text("hidden (too few)").wait_for()  # the two Others, below k
    # The roles' means are labelled as such: "Southern partner: 1" is a role's view, not the organisation's.
    expect(southern.locator(".pat-segments")).to_contain_text("Mean as seen by each role:")
    assert "Other: 2" not in southern.inner_text()
    board.screenshot(path=str(shots / "board-pat-scores.png"))
    assert axe_violations(board) == []

    console.get_by_role("button", name="3 Agree, desired level, actions").click()
    console.get_by_role("button", name="3 Agree, desired level, actions", pressed=True).wait_for()
    agreed = {(0, 0): (4, "no", 3), (0, 1): (1, "no", 3), (0, 2): (3, "yes", None),
              (1, 0): (3, "no", 2), (1, 1): (1, "no", 3), (1, 2): (4, "no", 3),
              (2, 0): (3, "yes", None), (2, 1): (2, "no", 3), (2, 2): (2, "yes", None)}
    for (d, o), (actual, agree, desired) in agreed.items():
        where = f"{DECISIONS[d]} — {ORGS[o]}"
        console.get_by_label(f"Agreed level: {where}").select_option(str(actual))
        console.get_by_label(f"Does the group agree: {where}").select_option(agree)
        if desired is not None:
            console.get_by_label(f"Desired level: {where}").select_option(str(desired))
        console.locator(f'[data-key="pat-save:{activity}:{d}:{o}"]').click()
        console.get_by_text(f"Recorded: {where}.").wait_for()
    for d, o, text, owner, by in [(0, 1, "Co-write the advocacy plan each year", "Southern partner", "2027-03"),
                                  (1, 1, "Open the budget lines to joint decisions", "Northern NGO", "2027-06"),
                                  (1, 2, "Fund the partner's core costs directly", "Donor", "")]:
        where = f"{DECISIONS[d]} — {ORGS[o]}"
        console.get_by_label(f"New action: {where}").fill(text)
        console.get_by_label(f"Who owns the action: {where}").select_option(owner)
        console.get_by_label(f"By when (2027-03 or 2027-03-31): {where}").fill(by)
        console.locator(f'[data-key="pat-add:{activity}:{d}:{o}"]').click()
        console.get_by_text(text).first.wait_for()
    screenshot_of(console.locator(".console-pat-decision").first, str(shots / "console-pat.png"))
    console.get_by_role("button", name="4 Result").click()

    table = board.locator(".pat-table")
    table.get_by_text("Open the budget lines to joint decisions").wait_for()
    row = table.locator("tr", has_text="Setting advocacy priorities")
    cells = row.locator("td")
    assert cells.nth(1).locator(".pat-level").all_text_contents() == ["1", "3"]  # Southern partner: 1 → 3
    assert "pat-1" in cells.nth(1).locator(".pat-level").first.get_attribute("class")
    assert "agreed" in cells.nth(2).inner_text()
    board.get_by_text("The result", exact=True).wait_for()
    board.screenshot(path=str(shots / "board-pat.png"))
    assert axe_violations(board) == []
    phone.locator(".phone-results .pat-table").wait_for()
    expect(phone.locator(".activity-pat .hint")).to_have_text(
        "The levels the group agreed, the levels it wants and its actions are in the table below.")
    # The table scrolls inside its card; the card stays within the screen (it was as wide as the table,
    # and the Donor column was cut off at the screen's edge).
    for part in (".activity-pat", ".phone-results .pat-table-wrap"):
        box = phone.locator(part).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["viewport"]["width"], (part, box)
    phone.locator(".phone-results .pat-table").scroll_into_view_if_needed()
    phone.screenshot(path=str(shots / "phone-pat-result.png"))
    assert page_errors.seen == []


def test_the_facilitator_adds_a_pat_to_a_running_plan(browser, server, page_errors):
    plan = {**PLAN, "stages": [{"kind": "plenary", "title": "Opening", "minutes": 5, "activities": []},
                               {"kind": "plenary", "title": "Power", "minutes": 30, "activities": []}]}
    made = server.api("POST", "/api/sessions", json={"plan": plan})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    console = page_errors(signed_in(browser, server, viewport={"width": 1400, "height": 1000}).new_page(), "console")
    console.goto(made["console_url"])
    console.wait_for_selector(".connection-ok")
    console.get_by_role("button", name="Add an activity to stage 2").click()
    console.locator("#plan-form-kind").select_option("pat")
    console.fill("#plan-form-title", "Who decides what?")
    console.fill("#plan-form-organisations", "Northern NGO\nSouthern partner")
    console.fill("#plan-form-gap", "Southern partner, Northern partner")
    console.fill("#plan-form-decisions", "Setting advocacy priorities\nAllocating the budget")
    console.get_by_role("button", name="Add to the plan").click()
    console.locator('[data-plan-stage="1"] .plan-activity-title', has_text="Who decides what?").wait_for()
    added = server.api("GET", f"/api/sessions/{code}/plan")["plan"]["stages"][1]["activities"][0]
    settings = added["settings"]
    assert (added["kind"], settings["organisations"], settings["gap"], settings["decisions"], settings["max_decisions"]) == (
        "pat", ["Northern NGO", "Southern partner"], ["Southern partner", "Northern partner"],
        ["Setting advocacy priorities", "Allocating the budget"], 5)
    assert page_errors.seen == []
