"""The survey in real browsers: a phone answers a choice and a scale question one by one (each saved as it is
given, the count of what is left shown, kept across a reload), 30 simulated phones answer, and the board
shows every question's tally as acknowledged, on one screen."""
import pytest

from playwright.sync_api import expect

from .conftest import PHONE, axe_violations

pytestmark = pytest.mark.browser

SURVEY = {"kind": "survey", "title": "Before you go: three quick questions", "questions": [
    {"kind": "scale", "text": "How useful was this meet-up for you?", "min": 1, "max": 5,
     "min_label": "Not useful", "max_label": "Very useful"},
    {"kind": "choice", "text": "Which parts helped you most?",
     "options": ["The talks", "The working groups", "The report-back", "Voting from the phone"],
     "multiple": True, "max_choices": 2},
    {"kind": "choice", "text": "Would you join a follow-up meet-up?", "options": ["Yes", "Maybe", "No"]},
]}
PLAN = {"title": "Rethinking ownership and control within advocacy partnerships", "stages": [
    {"kind": "plenary", "title": "Closing", "minutes": 10, "activities": [SURVEY]}]}
QUESTIONS = SURVEY["questions"]


def test_a_phone_answers_question_by_question_and_the_board_shows_each_tally(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}, bypass_csp=True), "board")
    board.goto(made["board_url"])

    phone = page_errors(browser.new_context(**PHONE, bypass_csp=True).new_page(), "phone")  # for axe
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    phone.get_by_text("0 of 3 answered").wait_for()
    phone.get_by_text("3 questions left").wait_for()
    useful = phone.get_by_role("group", name="1. How useful was this meet-up for you?")
    useful.get_by_role("radio", name="4", exact=True).check()
    phone.get_by_text("2 questions left").wait_for()
    parts = phone.get_by_role("group", name="2. Which parts helped you most?")
    parts.get_by_text("Choose up to 2").wait_for()
    parts.get_by_role("checkbox", name="The talks").check()
    phone.get_by_text("1 question left").wait_for()
    parts.get_by_role("checkbox", name="Voting from the phone").check()
    phone.locator(".status-wait").wait_for(state="detached")
    # At the maximum the other options wait until one is unticked.
    assert parts.get_by_role("checkbox", name="The working groups").is_disabled()
    useful.get_by_role("radio", name="5", exact=True).check()  # a change of mind replaces the first answer
    phone.get_by_role("group", name="3. Would you join a follow-up meet-up?").get_by_role("radio", name="Yes").check()
    phone.get_by_text("All questions answered").wait_for()
    phone.locator(".status-wait").wait_for(state="detached")
    assert axe_violations(phone) == []
    targets = phone.locator(".survey-question-box label").all()
    assert len(targets) == 5 + 4 + 3 and all(t.bounding_box()["height"] >= 44 for t in targets)

    phone.reload()  # the answers are the server's, not the page's
    phone.wait_for_selector(".connection-ok")
    phone.get_by_text("3 of 3 answered").wait_for()
    assert phone.get_by_role("group", name="1. How useful was this meet-up for you?").locator(
        "input:checked").get_attribute("value") == "5"
    assert [i.get_attribute("value") for i in phone.locator("input[type=checkbox]:checked").all()] == ["0", "3"]

    given = {0: [5], 1: [[0, 3]], 2: [[0]]}
    clients = []
    try:
        for i in range(30):
            c = server.client()
            reply = c.call("join", {"code": code}, timeout=10)
            survey = reply["state"]["stage"]["activities"][0]["id"]
            answers = {0: 1 + i % 5, 1: sorted({i % 4, (i * 3 + 1) % 4}), 2: [i % 3]}
            for question, answer in answers.items():
                if question == 2 and i % 7 == 0:
                    continue  # some leave the last question unanswered
                ack = c.call("survey", {"id": f"s{i}-{question}", "activity": survey, "question": question,
                                        "answer": answer}, timeout=10)
                assert ack["ok"], ack
                given[question].append(ack["answer"])
            clients.append(c)
    finally:
        for c in clients:
            c.disconnect()

    board.get_by_text("31 people answered").first.wait_for()
    sections = board.locator(".survey-question")
    useful_row = sections.nth(0)
    useful_row.get_by_text(f"mean {round(sum(given[0]) / len(given[0]), 2):g}").wait_for()
    counts = [int(c) for c in useful_row.locator(".scale-count").all_text_contents()]
    assert counts == [given[0].count(v) for v in range(1, 6)]
    for n in (1, 2):
        section = sections.nth(n)
        section.get_by_text(f"{len(given[n])} answers").wait_for()
        shown = [int(s.split(" ")[0]) for s in section.locator(".bar-value").all_text_contents()]
        assert shown == [sum(o in a for a in given[n]) for o in range(len(QUESTIONS[n]["options"]))]
    # Every question's tally on one screen, none below the fold.
    last = sections.nth(2).bounding_box()
    board.screenshot(path=str(shots / "board-survey.png"))
    assert last["y"] + last["height"] <= 900
    assert axe_violations(board) == []
    board.screenshot(path=str(shots / "board-survey.png"))
    phone.locator(".phone-results .survey-question").first.wait_for()
    phone.screenshot(path=str(shots / "phone-survey.png"), full_page=True)
    assert page_errors.seen == []


def test_the_facilitator_builds_a_survey_in_the_console(browser, server, page_errors):
    import re

    from .conftest import signed_in

    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    console.goto(f"{server.url}/console")
    console.fill("#builder-title", "Closing")
    console.fill("#b-s0-title", "Before you go")
    console.locator(".builder-add").get_by_role("button", name="Survey", exact=True).click()
    console.fill("#b-s0-a0-title", "Three quick questions")
    console.fill("#b-s0-a0-q0-text", "How useful was it?")
    console.fill("#b-s0-a0-q0-max", "4")
    console.fill("#b-s0-a0-q0-max-label", "Very")
    console.fill("#b-s0-a0-q1-text", "Which parts helped?")
    console.fill("#b-s0-a0-q1-options", "Talks\nGroups\nVotes")
    console.check("#b-s0-a0-q1-multiple")
    console.fill("#b-s0-a0-q1-max-choices", "5")
    console.get_by_role("button", name="Choice", exact=True).click()
    console.fill("#b-s0-a0-q2-text", "Again?")
    console.fill("#b-s0-a0-q2-options", "Yes\nNo")
    console.click("#builder-submit")
    # A maximum above the number of options is refused, saying where, and the field is marked.
    expect(console.locator("#builder-error")).to_contain_text("questions[1]")
    expect(console.locator("#builder-error")).to_contain_text("max_choices cannot be more than the number of options")
    expect(console.locator("#b-s0-a0-q1-max-choices")).to_have_attribute("aria-invalid", "true")
    console.fill("#b-s0-a0-q1-max-choices", "2")
    console.click("#builder-submit")
    console.wait_for_url(re.compile(r"/console/[A-Z0-9]{6}$"))
    code = console.url.rsplit("/", 1)[1]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    survey = server.api("GET", f"/api/sessions/{code}")["state"]["stage"]["activities"][0]
    assert survey["kind"] == "survey" and survey["title"] == "Three quick questions"
    assert survey["questions"] == [
        {"kind": "scale", "text": "How useful was it?", "min": 1, "max": 4, "min_label": "", "max_label": "Very"},
        {"kind": "choice", "text": "Which parts helped?", "options": ["Talks", "Groups", "Votes"], "multiple": True,
         "max_choices": 2},
        {"kind": "choice", "text": "Again?", "options": ["Yes", "No"], "multiple": False, "max_choices": None}]
    assert [e for e in page_errors.seen if "status of 400" not in e] == []  # the refused plan's answer


def test_answers_given_offline_wait_in_the_outbox_and_each_arrives_once(browser, server, page_errors):
    import json
    import time

    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    survey = server.api("GET", f"/api/sessions/{code}")["state"]["stage"]["activities"][0]["id"]
    context = browser.new_context(**PHONE)
    phone = page_errors(context.new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    phone.get_by_role("group", name="1. How useful was this meet-up for you?").get_by_role(
        "radio", name="3", exact=True).check()
    phone.get_by_text("2 questions left").wait_for()
    phone.locator(".status-wait").wait_for(state="detached")

    context.set_offline(True)
    phone.wait_for_selector(".connection-offline")
    useful = phone.get_by_role("group", name="1. How useful was this meet-up for you?")
    useful.get_by_role("radio", name="4", exact=True).check()
    useful.get_by_role("radio", name="2", exact=True).check()  # replaces the 4 before it leaves the phone
    phone.get_by_role("group", name="3. Would you join a follow-up meet-up?").get_by_role("radio", name="Maybe").check()
    phone.get_by_text("Your answer will be sent when the connection is back.").wait_for()
    phone.get_by_text("1 question left").wait_for()
    time.sleep(1)
    results = lambda: server.api("GET", f"/api/sessions/{code}/activities/{survey}/results")["results"]  # noqa: E731
    assert [q["counts"] for q in results()["questions"]][::2] == [[0, 0, 1, 0, 0], [0, 0, 0]]
    outbox = json.loads(phone.evaluate(f"localStorage.getItem('baraza:outbox:{code}')"))
    assert [(i["event"], i["payload"]["question"], i["payload"]["answer"]) for i in outbox] == [
        ("survey", 0, 2), ("survey", 2, [1])]

    context.set_offline(False)
    phone.wait_for_selector(".connection-ok", timeout=20000)
    phone.get_by_text("Your answer is in").first.wait_for()
    phone.locator(".status-wait").wait_for(state="detached")
    useful_now, _parts, again = results()["questions"]
    assert (useful_now["counts"], useful_now["respondents"], again["counts"]) == ([0, 1, 0, 0, 0], 1, [0, 1, 0])
    assert phone.evaluate(f"localStorage.getItem('baraza:outbox:{code}')") is None
    assert [e for e in page_errors.seen if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_a_survey_is_added_to_a_running_plan_and_edited_before_it_starts(browser, server, page_errors):
    from .conftest import signed_in

    plan = {"title": "Meet-up", "stages": [
        {"kind": "plenary", "title": "Opening", "minutes": 10, "activities": []},
        {"kind": "plenary", "title": "Closing", "minutes": 10, "activities": []}]}
    code = server.api("POST", "/api/sessions", json={"plan": plan})["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1400}).new_page(), "console")
    console.goto(f"{server.url}/console/{code}")
    console.wait_for_selector(".connection-ok")
    console.get_by_role("button", name="Add an activity to stage 2").click()
    console.locator("#plan-form-kind").select_option("survey")
    console.fill("#plan-form-title", "Before you go")
    console.fill("#plan-form-q0-text", "How useful was it?")
    console.fill("#plan-form-q1-text", "Again?")
    console.fill("#plan-form-q1-options", "Yes\nNo")
    console.get_by_role("button", name="Choice", exact=True).click()  # a third question: the form is drawn again
    expect(console.locator("#plan-form-q2-text")).to_be_focused()
    expect(console.locator("#plan-form-q1-options")).to_have_value("Yes\nNo")  # what was typed is kept
    console.fill("#plan-form-q2-text", "Which parts helped?")
    console.fill("#plan-form-q2-options", "Talks\nGroups\nVotes")
    console.check("#plan-form-q2-multiple")
    console.fill("#plan-form-q2-max-choices", "2")
    console.get_by_role("button", name="Add to the plan").click()
    expect(console.locator('[data-plan-stage="1"] .plan-activity-title')).to_have_text(["Before you go"])

    console.locator('[data-plan-stage="1"] [data-plan-activity]').last.get_by_role("button", name="Edit").click()
    expect(console.locator("#plan-form-q2-options")).to_have_value("Talks\nGroups\nVotes")  # the questions, in the form
    expect(console.locator("#plan-form-q2-max-choices")).to_have_value("2")
    console.get_by_role("button", name="Remove question 1").click()
    console.get_by_role("button", name="Save the changes").click()
    expect(console.get_by_text("Saved.")).to_be_visible()

    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    survey = server.api("GET", f"/api/sessions/{code}")["state"]["stage"]["activities"][0]
    assert survey["questions"] == [
        {"kind": "choice", "text": "Again?", "options": ["Yes", "No"], "multiple": False, "max_choices": None},
        {"kind": "choice", "text": "Which parts helped?", "options": ["Talks", "Groups", "Votes"], "multiple": True,
         "max_choices": 2}]
    assert page_errors.seen == []
