"""The survey over Socket.IO: the `survey` event, its acknowledgements, and the snapshots it causes."""
import pytest

from ..conftest import TOKEN
from ..store.test_survey import survey_plan
from .test_sockets import connect, events, flush, joined  # noqa: F401 - fixtures


@pytest.fixture
def code(client, auth):
    code = client.post("/api/sessions", json={"plan": survey_plan()}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    return code


def survey_of(ack):
    return next(a for a in ack["state"]["stage"]["activities"] if a["kind"] == "survey")


def answer(phone, survey, question, value, cid):
    return phone.emit("survey", {"id": cid, "activity": survey, "question": question, "answer": value}, callback=True)


def test_the_state_describes_the_questions(connect, code):  # noqa: F811
    _, ack = joined(connect, code)
    useful, parts, again = survey_of(ack)["questions"]
    assert (useful["kind"], useful["min"], useful["max"], useful["max_label"]) == ("scale", 1, 5, "Very useful")
    assert (parts["options"], parts["multiple"], parts["max_choices"]) == (["Talks", "Groups", "Votes"], True, 2)
    assert (again["multiple"], again["max_choices"]) == (False, None)


def test_answers_are_acknowledged_replaced_and_shown_on_the_board(connect, code, flush):  # noqa: F811
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    a, ack = joined(connect, code)
    b, _ = joined(connect, code)
    survey = survey_of(ack)["id"]
    assert answer(a, survey, 0, 2, "q1") == {"ok": True, "activity": survey, "question": 0, "answer": 2}
    assert answer(a, survey, 0, 5, "q2")["ok"]
    assert answer(a, survey, 1, [2, 1], "q3") == {"ok": True, "activity": survey, "question": 1, "answer": [1, 2]}
    assert answer(b, survey, 1, [1], "q1")["ok"]
    assert answer(b, survey, 1, [1], "q1")["duplicate"] is True
    flush()
    last = [e for e in events(board, "results") if e["activity"] == survey][-1]
    useful, parts, again = last["results"]["questions"]
    assert (useful["counts"], useful["mean"], useful["respondents"]) == ([0, 0, 0, 0, 1], 5.0, 1)
    assert (parts["counts"], parts["respondents"], again["respondents"]) == ([0, 2, 1], 2, 0)
    assert last["responses"] == 2


@pytest.mark.parametrize("payload, words", [
    ({"question": 3, "answer": 1}, "question must be a number from 0 to 2"),
    ({"question": 0, "answer": 6}, "the answer must be a whole number from 1 to 5"),
    ({"question": 0, "answer": [3]}, "question 1 is a scale: answer with one number"),
    ({"question": 1, "answer": [0, 1, 2]}, "choose at most 2 options"),
    ({"question": 1, "answer": [7]}, "option numbers go from 0 to 2"),
    ({"question": 2, "answer": [0, 1]}, "question 3 takes a single choice"),
    ({"question": 1, "answer": 1}, "question 2 is a choice: answer with a list of option numbers"),
    ({"question": 0, "answer": 2.5}, "answer"),
    ({"question": 0, "answer": "3"}, "answer"),
    ({"question": 1, "answer": list(range(13))}, "answer"),
    ({"question": "0", "answer": 3}, "question: Input should be a valid integer"),
    ({"answer": 3}, "question: Field required"),
    ({"question": 0, "answer": 3, "extra": 1}, "extra: Extra inputs are not permitted"),
])
def test_bad_answers_are_refused_and_change_nothing(connect, code, client, auth, payload, words):  # noqa: F811
    a, ack = joined(connect, code)
    survey = survey_of(ack)["id"]
    reply = a.emit("survey", {"id": "q1", "activity": survey, **payload}, callback=True)
    assert reply["ok"] is False and words in reply["error"], reply
    got = client.get(f"/api/sessions/{code}/activities/{survey}/results", headers=auth).get_json()["results"]
    assert got["people"] == 0


def test_a_closed_survey_refuses_with_a_message(connect, code, client, auth):  # noqa: F811
    a, ack = joined(connect, code)
    survey = survey_of(ack)["id"]
    assert client.post(f"/api/sessions/{code}/activities/{survey}", json={"action": "close"}).status_code == 401
    client.post(f"/api/sessions/{code}/activities/{survey}", json={"action": "close"}, headers=auth)
    assert answer(a, survey, 0, 3, "q1") == {"ok": False, "error": "'Before you go' is closed"}


def test_a_hidden_survey_shows_the_board_only_its_count(connect, code, flush, client, auth):  # noqa: F811
    board, console = connect(), connect()
    board.emit("board.join", {"code": code}, callback=True)
    console.emit("console.join", {"code": code, "token": TOKEN}, callback=True)
    phone, ack = joined(connect, code)
    survey = survey_of(ack)["id"]
    client.post(f"/api/sessions/{code}/activities/{survey}", json={"action": "hide"}, headers=auth)
    flush()
    for c in (board, console, phone):
        c.get_received()
    answer(phone, survey, 2, [0], "q1")
    flush()
    assert [e for e in events(board, "results") if e["activity"] == survey] == [
        {"activity": survey, "visible": False, "responses": 1}]
    assert events(console, "results")[0]["results"]["questions"][2]["counts"] == [1, 0]
    assert events(phone, "results") == []


def test_a_phone_that_rejoins_gets_its_answers_back(connect, code):  # noqa: F811
    a, ack = joined(connect, code)
    survey = survey_of(ack)["id"]
    answer(a, survey, 1, [0, 2], "q1")
    answer(a, survey, 0, 4, "q2")
    _, again = joined(connect, code, token=ack["token"])
    assert again["me"]["surveys"] == {str(survey): {"0": 4, "1": [0, 2]}}


def test_an_answer_cannot_touch_another_participants(connect, code, client, auth):  # noqa: F811
    a, ack = joined(connect, code)
    b, _ = joined(connect, code)
    survey = survey_of(ack)["id"]
    answer(a, survey, 0, 1, "same-id")
    answer(b, survey, 0, 5, "same-id")  # the same client id from another phone is its own action
    got = client.get(f"/api/sessions/{code}/activities/{survey}/results", headers=auth).get_json()["results"]
    assert got["questions"][0]["counts"] == [1, 0, 0, 0, 1]
