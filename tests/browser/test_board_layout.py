"""The partos-meetup plan's board on a projector, at 1920×1080 and at 1280×720: the plenary with its
poll, word cloud and Q&A open beside the talks shows the poll's results (a review found only its
question); the report-back shows four groups' promoted items, the cross-group vote, the stage's
open board and the key takeaways on one screen at 1920×1080, one group at a time at 1280×720 (the
review found groups C and D and the takeaways below the bottom edge); group D's own board, while
its phones score five decisions, shows the decisions a page at a time (the review saw two and a half
of five, the rest cut off)."""
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PLAN = Path(__file__).resolve().parents[2] / "sessions" / "partos-meetup.yaml"
NOTES = ["Funding comes with conditions set in the North", "Reporting formats are not ours",
         "Southern-led budget lines", "Co-design the calls for proposals"]


def inside(page, locator):
    """Whether ``locator`` is wholly on the screen, once the board has settled (the vote's totals
    and the results arrive just after the page: it is asked again for up to five seconds)."""
    size = page.viewport_size
    for _ in range(50):
        box = locator.bounding_box()
        if box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 0.5 \
                and box["x"] + box["width"] <= size["width"] + 0.5:
            return True
        page.wait_for_timeout(100)
    return False


def test_four_groups_the_vote_and_the_takeaways_fit_the_report_back_board(browser, server, page_errors, shots):
    plan = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    made = server.api("POST", "/api/sessions", json={"plan": plan})
    code = made["code"]
    groups_at = next(i for i, s in enumerate(plan["stages"]) if s["kind"] == "groups")
    state = server.api("POST", f"/api/sessions/{code}/stage", json={"action": "goto", "position": groups_at})["state"]
    keys = [g["key"] for g in state["stage"]["groups"]]
    boards = {a["group"]: a["id"] for a in state["stage"]["activities"] if a["kind"] == "board"}
    phones = []
    try:
        for n, key in enumerate(keys):
            phone = server.client()
            assert phone.call("join", {"code": code}, timeout=10)["ok"]
            assert phone.call("group", {"id": "g", "group": key}, timeout=10)["ok"]
            for m, text in enumerate(NOTES[n:] + NOTES[:n]):
                note = phone.call("note", {"id": f"n{m}", "activity": boards[key], "text": text}, timeout=10)["note"]
                if m < 3:
                    server.api("POST", f"/api/sessions/{code}/promotions", json={"kind": "note", "id": note})
            phones.append(phone)
        server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
        for text in ("Southern partners set the agenda from the first call",
                     "Pool the reporting: one format for every funder",
                     "Make time for trust: budget for it"):
            server.api("POST", f"/api/sessions/{code}/takeaways", json={"text": text})
        report_at = groups_at + 1
        # All four side by side on a full-HD projector; one at a time on a 1280×720 one (the console's
        # "One group at a time" switch): there, four side by side leave no room for their items.
        for size, name, showing in (((1920, 1080), "board-report-back-4.png", None),
                                    ((1280, 720), "board-report-back-720.png", "g3")):
            server.api("POST", f"/api/sessions/{code}/stages/{report_at}/report", json={"group": showing})
            board = page_errors(browser.new_page(viewport={"width": size[0], "height": size[1]}), "board")
            board.goto(made["board_url"])
            expect(board.locator(".report-group")).to_have_count(1 if showing else 4)
            expect(board.locator(".board-takeaways li")).to_have_count(3)
            board.screenshot(path=str(shots / name))
            for part in [*board.locator(".report-group").all(), board.locator(".report-vote-line"),
                         board.locator(".board-takeaways")]:
                assert inside(board, part), (size, part.inner_text()[:60])
            for group in board.locator(".report-group").all():  # each group's first item shows whole, in its panel
                panel, item = group.bounding_box(), group.locator(".promoted-item").first.bounding_box()
                assert item["y"] + item["height"] <= panel["y"] + panel["height"], (size, group.inner_text()[:60])
            if showing is None:
                pages_turn(board)
            board.close()
        assert page_errors.seen == []
    finally:
        for phone in phones:
            phone.disconnect()


def whole_inside(container, items):
    """Each of ``items`` (visible ones) is whole inside ``container``'s box; there is at least one."""
    box, shown = container.bounding_box(), items.all()
    assert shown, container.inner_text()[:80]
    for item in shown:
        got = item.bounding_box()
        assert box["y"] <= got["y"] and got["y"] + got["height"] <= box["y"] + box["height"] + 0.5, item.inner_text()[:60]
    return [item.inner_text() for item in shown]


def pages_turn(board):
    """Four groups' three items each and three takeaways do not all fit a 1080p report-back: each
    list shows the items that fit whole, says which, and turns to the next ones by itself."""
    takeaways = board.locator(".board-takeaways")
    line = takeaways.locator(".page-line")
    expect(line).to_have_text(re.compile(r"^Takeaways? 1(–\d)? of 3$"))
    before = whole_inside(takeaways, takeaways.locator("li:visible"))
    groups = {g.get_attribute("data-report-group"): g for g in board.locator(".report-group").all()}
    paged = {k: whole_inside(g, g.locator(".promoted-item:visible")) for k, g in groups.items()
             if g.locator(".page-line").is_visible()}
    assert paged, "no group's items were paged"
    expect(line).not_to_have_text(line.text_content(), timeout=15_000)
    after = whole_inside(takeaways, takeaways.locator("li:visible"))
    assert "Make time for trust: budget for it" in after and not set(after) & set(before)
    # The third keeps its number when the first two are not shown.
    assert takeaways.locator("li:visible").last.evaluate("li => li.value") == 3
    for key, items in paged.items():
        assert whole_inside(groups[key], groups[key].locator(".promoted-item:visible")) != items, key


def test_the_plenary_shows_the_polls_results_beside_the_word_cloud_the_qna_and_the_talks(browser, server, page_errors):
    plan = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    made = server.api("POST", "/api/sessions", json={"plan": plan})
    code = made["code"]
    state = server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})["state"]
    live = [a for a in state["stage"]["activities"] if a["kind"] in ("poll", "wordcloud", "qna")]
    assert len(live) == 3 and all(a["state"] == "open" for a in live)  # the plan opens them with the stage
    poll = next(a for a in live if a["kind"] == "poll")
    phones = [server.client() for _ in range(8)]
    try:
        for n, phone in enumerate(phones):
            assert phone.call("join", {"code": code}, timeout=10)["ok"]
            assert phone.call("vote", {"id": "v", "activity": poll["id"], "choices": [n % 3]}, timeout=10)["ok"]
        server.api("POST", f"/api/sessions/{code}/activities/{poll['id']}", json={"action": "reveal"})
        for width, height in ((1920, 1080), (1280, 720)):
            board = page_errors(browser.new_page(viewport={"width": width, "height": height}), "board")
            board.goto(made["board_url"])
            panel = board.locator(".board-panel", has_text="8 people voted")
            expect(panel.locator(".bar-row")).to_have_count(len(poll["options"]))
            assert inside(board, panel) and inside(board, board.locator(".board-talks"))
            box = panel.bounding_box()
            for row in panel.locator(".bar-row").all()[:3]:  # its first three options, whole, in the panel
                got = row.bounding_box()
                assert got["y"] + got["height"] <= box["y"] + box["height"], ((width, height), row.inner_text())
            board.close()
        assert page_errors.seen == []
    finally:
        for phone in phones:
            phone.disconnect()


PAT_DECISIONS = ["Setting advocacy priorities", "Allocating the budget", "Choosing which evidence counts",
                 "Hiring the project staff", "Deciding what to report to the donor"]


def test_a_groups_board_shows_five_pat_decisions_a_page_at_a_time(browser, server, page_errors):
    plan = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    made = server.api("POST", "/api/sessions", json={"plan": plan})
    code = made["code"]
    groups_at = next(i for i, s in enumerate(plan["stages"]) if s["kind"] == "groups")
    state = server.api("POST", f"/api/sessions/{code}/stage", json={"action": "goto", "position": groups_at})["state"]
    pat = next(a for a in state["stage"]["activities"] if a["kind"] == "pat")
    path = f"/api/sessions/{code}/activities/{pat['id']}/pat"
    server.api("POST", path, json={"action": "decisions", "decisions": PAT_DECISIONS})
    server.api("POST", path, json={"action": "phase", "phase": "scoring"})
    phones = [server.client() for _ in range(4)]
    try:
        for n, phone in enumerate(phones):
            assert phone.call("join", {"code": code}, timeout=10)["ok"]
            assert phone.call("group", {"id": "g", "group": pat["group"]}, timeout=10)["ok"]
            for d in range(len(PAT_DECISIONS)):
                for o in range(3):
                    ack = phone.call("score", {"id": f"s{d}{o}", "activity": pat["id"], "decision": d, "organisation": o,
                                               "level": (n + d + o) % 5}, timeout=10)
                    assert ack["ok"], ack
        board = page_errors(browser.new_page(viewport={"width": 1920, "height": 1080}), "board")
        board.goto(f"{made['board_url']}?group={pat['group']}")
        panel = board.locator(".board-panel-pat")
        expect(panel).to_contain_text("4 people scored")
        line = panel.locator(".page-line")
        expect(line).to_have_text(re.compile(r"^Decisions 1–[1-4] of 5$"))
        seen = set()
        for _ in range(5):  # the pages turn by themselves until the first comes back
            shown = panel.locator(".pat-decision:visible")
            box = panel.bounding_box()
            titles = shown.locator(".pat-decision-title").all_text_contents()
            assert titles, line.text_content()
            first, last = (int(x) for x in re.findall(r"\d+", line.text_content())[:2])
            assert titles == PAT_DECISIONS[first - 1:last]
            for decision in shown.all():  # each decision shown is whole, inside the panel
                got = decision.bounding_box()
                assert got["y"] + got["height"] <= box["y"] + box["height"], decision.inner_text()[:60]
            seen.update(titles)
            if seen == set(PAT_DECISIONS) and first == 1:
                break
            expect(line).not_to_have_text(line.text_content(), timeout=15_000)
        assert seen == set(PAT_DECISIONS)
        assert page_errors.seen == []
    finally:
        for phone in phones:
            phone.disconnect()
