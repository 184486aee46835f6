"""Report-back in real browsers: the facilitator promotes a group's note, cluster and poll in the
console; the report-back board shows them under each group's name; phones dot-vote across groups
and the board and console show the totals."""
import pytest

from .conftest import PHONE, AnswerHold, signed_in

pytestmark = pytest.mark.browser

PLAN = {"title": "Rethinking ownership and control within advocacy partnerships", "stages": [
    {"kind": "groups", "title": "Working groups", "minutes": 30, "groups": [
        {"name": "Group A: funding", "activities": [
            {"kind": "board", "title": "Challenges and solutions", "columns": ["Challenges", "Solutions"]},
            {"kind": "poll", "title": "Which challenge should we bring?", "options": ["Funding", "Trust"]}]},
        {"name": "Group B: decisions", "activities": [
            {"kind": "board", "title": "Challenges and solutions", "columns": ["Challenges", "Solutions"]}]}]},
    {"kind": "report-back", "title": "Report-back", "minutes": 20, "activities": [
        {"kind": "crossvote", "title": "Which points should the plenary take forward?", "dots": 2}]}]}
NOTES = {"g1": ["Funding decided in the North", "Pooled funds run by partners", "Core funding for 5 years"],
         "g2": ["Southern co-chairs on the steering group", "Decisions taken at the partners' table"]}


def test_promote_report_back_and_cross_group_vote(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    clients = []
    try:
        for n in range(6):
            c = server.client()
            acts = c.call("join", {"code": code}, timeout=10)["state"]["stage"]["activities"]
            group = "g1" if n % 2 == 0 else "g2"
            assert c.call("group", {"id": "g", "group": group}, timeout=10)["ok"]
            board = next(a["id"] for a in acts if a["group"] == group and a["kind"] == "board")
            texts = NOTES[group]
            if n < len(texts) * 2 - 1 and n // 2 < len(texts):
                assert c.call("note", {"id": f"n{n}", "activity": board, "text": texts[n // 2]}, timeout=10)["ok"]
            if group == "g1":
                poll = next(a["id"] for a in acts if a["kind"] == "poll")
                assert c.call("vote", {"id": "v", "activity": poll, "choices": [n % 4 // 2]}, timeout=10)["ok"]
            clients.append(c)

        console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1100}).new_page(), "console")
        console.goto(made["console_url"])
        console.locator(".console-note", has_text="Pooled funds run by partners").wait_for()
        console.get_by_label("Name of a new cluster on Challenges and solutions").first.fill("Money")
        console.get_by_role("button", name="Add cluster").first.click()
        console.locator(".cluster-title", has_text="Money").wait_for()
        console.get_by_label("Cluster of the note “Pooled funds run by partners”").select_option(label="Money")
        console.get_by_label("Cluster of the note “Core funding for 5 years”").select_option(label="Money")
        console.locator(".cluster", has_text="Money").get_by_text("2 notes").wait_for()
        for what in ("the cluster “Money”", "the note “Funding decided in the North”",
                     "the results of “Which challenge should we bring?”",
                     "the note “Southern co-chairs on the steering group”"):
            console.get_by_role("button", name=f"Promote to plenary: {what}").click()
            console.get_by_role("button", name=f"Promote to plenary: {what}", pressed=True).wait_for()
        console.get_by_role("button", name="Next stage").click()
        console.get_by_text("4 items promoted in “Working groups”.").wait_for()

        board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
        board.goto(made["board_url"])
        group_a = board.locator(".report-group", has=board.locator(".group-name", has_text="Group A: funding"))
        group_a.locator(".promoted-title", has_text="Money").wait_for()
        assert group_a.locator(".promoted-notes li").all_text_contents() == ["Pooled funds run by partners",
                                                                             "Core funding for 5 years"]
        group_a.locator(".poll-results").wait_for()
        group_b = board.locator(".report-group", has=board.locator(".group-name", has_text="Group B: decisions"))
        group_b.get_by_text("Southern co-chairs on the steering group").wait_for()

        phone = page_errors(browser.new_context(**PHONE).new_page(), "phone")
        phone.goto(made["join_url"])
        phone.get_by_text("2 of 2 dots left").wait_for()
        phone.get_by_role("button", name="Put a dot on: Southern co-chairs on the steering group").click()
        phone.get_by_text("1 of 2 dots left").wait_for()
        assert phone.get_by_role("button", name="Put a dot on: Southern co-chairs on the steering group").is_disabled()
        phone.get_by_role("button", name="Put a dot on: Money").click()
        phone.get_by_text("0 of 2 dots left").wait_for()
        phone.get_by_role("button", name="Take a dot back from: Money").click()
        phone.get_by_text("1 of 2 dots left").wait_for()
        phone.get_by_role("button", name="Put a dot on: Funding decided in the North").click()
        phone.get_by_text("0 of 2 dots left").wait_for()
        vote = server.api("GET", f"/api/sessions/{code}")["state"]["stage"]["activities"][0]["id"]
        items = {i["label"]: i["id"] for i in server.api(
            "GET", f"/api/sessions/{code}/activities/{vote}/results")["results"]["items"]}
        for n, c in enumerate(clients):
            assert c.call("crossvote.add", {"id": "x", "activity": vote, "item": items[
                "Southern co-chairs on the steering group" if n < 4 else "Money"]}, timeout=10)["ok"]

        group_b.locator(".promoted-dots", has_text="5 dots").wait_for()
        group_a.locator(".promoted-cluster .promoted-dots", has_text="2 dots").wait_for()
        phone.screenshot(path=str(shots / "phone-crossvote.png"))
        board.screenshot(path=str(shots / "board-report-back.png"))
        console.get_by_text("8 dots from 7 people").wait_for()
        console.get_by_role("button", name="Next group ▶").click()
        board.locator(".report-group").filter(has_text="Group A: funding").wait_for()
        board.locator(".report-group").nth(1).wait_for(state="detached")
        console.get_by_role("button", name="All groups").click()
        board.locator(".report-group").nth(1).wait_for()
    finally:
        for c in clients:
            c.disconnect()
    assert page_errors.seen == []


def at_report_back_with_one_promoted_note(server) -> dict:
    """A session at its report-back, with one note of group B promoted; the created session."""
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    writer = server.client()
    try:
        acts = writer.call("join", {"code": code}, timeout=10)["state"]["stage"]["activities"]
        assert writer.call("group", {"id": "g", "group": "g2"}, timeout=10)["ok"]
        board = next(a["id"] for a in acts if a["group"] == "g2" and a["kind"] == "board")
        ack = writer.call("note", {"id": "n", "activity": board, "text": NOTES["g2"][0]}, timeout=10)
        assert server.api("POST", f"/api/sessions/{code}/promotions", json={"kind": "note", "id": ack["note"]})["ok"]
    finally:
        writer.disconnect()
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    return made


def test_the_dot_buttons_wait_while_the_phone_reads_its_dots(browser, server, page_errors):
    """A phone on the cross-group vote asks the server where its dots are. A tap before that answer
    came was dropped without a word (CI saw it as a flake): the buttons now wait for it. The test
    holds the answer back on the phone's socket, so it does not depend on timing."""
    made = at_report_back_with_one_promoted_note(server)

    context = browser.new_context(**PHONE)
    hold = AnswerHold(context, "crossvote.get")  # the phone's first read of its dots waits
    phone = page_errors(context.new_page(), "phone")
    phone.goto(made["join_url"])
    phone.get_by_text("2 of 2 dots left").wait_for()
    hold.wait_held(phone)
    add = phone.get_by_role("button", name=f"Put a dot on: {NOTES['g2'][0]}")
    assert add.is_disabled(), "a tap now would be dropped: the button must wait for the phone's dots"
    hold.release(phone)
    add.click()
    phone.get_by_text("1 of 2 dots left").wait_for()
    assert page_errors.seen == []


def test_a_dot_sent_again_after_no_answer_is_not_counted_twice(browser, server, page_errors):
    """A dot whose answer did not come in time ("Not sent") may have reached the server: tapping
    again sends it under the same id, and the server, which has it, does not add a second dot."""
    made = at_report_back_with_one_promoted_note(server)
    context = browser.new_context(**PHONE)
    hold = AnswerHold(context, "crossvote.add")  # the server takes the dot; its answer never comes
    phone = page_errors(context.new_page(), "phone")
    phone.goto(made["join_url"])
    phone.get_by_text("2 of 2 dots left").wait_for()
    add = phone.get_by_role("button", name=f"Put a dot on: {NOTES['g2'][0]}")
    add.click()
    hold.wait_held(phone)
    phone.get_by_text("Not sent: check your connection and try again.").wait_for(timeout=20000)  # 10 s on
    add.click()
    phone.get_by_text("1 of 2 dots left").wait_for()
    vote = server.api("GET", f"/api/sessions/{made['code']}")["state"]["stage"]["activities"][0]["id"]
    results = server.api("GET", f"/api/sessions/{made['code']}/activities/{vote}/results")["results"]
    assert [item["dots"] for item in results["items"]] == [1], results
