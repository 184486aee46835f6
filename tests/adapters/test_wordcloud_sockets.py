"""The word cloud over Socket.IO: the `answers` event, its acknowledgements, and the snapshots it causes."""
import pytest

from ..conftest import TOKEN
from .test_sockets import code, connect, events, flush, joined  # noqa: F401 - fixtures


def cloud_of(ack):
    return next(a for a in ack["state"]["stage"]["activities"] if a["kind"] == "wordcloud")


def test_the_state_describes_the_cloud(connect, code):  # noqa: F811
    _, ack = joined(connect, code)
    cloud = cloud_of(ack)
    assert (cloud["max_answers"], cloud["max_words"], cloud["state"]) == (3, 2, "open")


def test_answers_are_acknowledged_replaced_and_counted_on_the_board(connect, code, flush):  # noqa: F811
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    a, ack = joined(connect, code)
    b, _ = joined(connect, code)
    cloud = cloud_of(ack)["id"]
    assert a.emit("answers", {"id": "w1", "activity": cloud, "answers": ["Trust ", "power"]}, callback=True) == {
        "ok": True, "activity": cloud, "answers": ["Trust", "power"], "statuses": ["shown", "shown"]}
    assert b.emit("answers", {"id": "w1", "activity": cloud, "answers": ["trust"]}, callback=True)["ok"]
    assert a.emit("answers", {"id": "w2", "activity": cloud, "answers": ["trust", "voice"]}, callback=True)["ok"]
    flush()
    last = [e for e in events(board, "results") if e["activity"] == cloud][-1]
    assert last["results"]["words"] == [{"text": "trust", "count": 2}, {"text": "voice", "count": 1}]
    assert last["responses"] == 2 and last["visible"] is True


def test_a_repeat_is_acknowledged_again_and_not_applied(connect, code, client, auth):  # noqa: F811
    a, ack = joined(connect, code)
    cloud = cloud_of(ack)["id"]
    first = a.emit("answers", {"id": "same", "activity": cloud, "answers": ["trust"]}, callback=True)
    a.emit("answers", {"id": "next", "activity": cloud, "answers": []}, callback=True)
    again = a.emit("answers", {"id": "same", "activity": cloud, "answers": ["trust"]}, callback=True)
    assert again == {**first, "duplicate": True}
    got = client.get(f"/api/sessions/{code}/activities/{cloud}/results", headers=auth).get_json()["results"]
    assert got["people"] == 0


@pytest.mark.parametrize("payload, words", [
    ({"answers": ["a", "b", "c", "d"]}, "at most 3 answers"),
    ({"answers": ["three words here"]}, "at most 2 words"),
    ({"answers": ["x" * 41]}, "the limit is 40"),
    ({"answers": ["Same", "same"]}, "already one of your answers"),
    ({"answers": "trust"}, "answers: Input should be a valid list"),
    ({"answers": [1]}, "answers.0: Input should be a valid string"),
    ({"answers": ["x"] * 11}, "answers: List should have at most 10 items"),
    ({"answers": ["x" * 1001]}, "answers.0: String should have at most 1000 characters"),
    ({"answers": ["x"], "extra": 1}, "extra: Extra inputs are not permitted"),
])
def test_bad_answers_are_refused_and_change_nothing(connect, code, client, auth, payload, words):  # noqa: F811
    a, ack = joined(connect, code)
    cloud = cloud_of(ack)["id"]
    assert a.emit("answers", {"id": "w0", "activity": cloud, "answers": ["kept"]}, callback=True)["ok"]
    reply = a.emit("answers", {"id": "w1", "activity": cloud, **payload}, callback=True)
    assert reply["ok"] is False and words in reply["error"], reply
    got = client.get(f"/api/sessions/{code}/activities/{cloud}/results", headers=auth).get_json()["results"]
    assert got["words"] == [{"text": "kept", "count": 1}]


def test_answers_to_a_closed_cloud_or_a_poll_are_refused(connect, code, client, auth):  # noqa: F811
    a, ack = joined(connect, code)
    cloud, poll = cloud_of(ack), ack["state"]["stage"]["activities"][0]
    reply = a.emit("answers", {"id": "w1", "activity": poll["id"], "answers": ["x"]}, callback=True)
    assert reply == {"ok": False, "error": "'Warm-up' takes no written answers"}
    client.post(f"/api/sessions/{code}/activities/{cloud['id']}", json={"action": "close"}, headers=auth)
    reply = a.emit("answers", {"id": "w2", "activity": cloud["id"], "answers": ["x"]}, callback=True)
    assert reply == {"ok": False, "error": "'One word' is closed"}


def test_before_joining_nothing_is_taken(connect, code):  # noqa: F811
    reply = connect().emit("answers", {"id": "w1", "activity": 1, "answers": ["x"]}, callback=True)
    assert reply == {"ok": False, "error": "join the session first"}


def test_a_hidden_cloud_shows_the_board_only_its_count_until_revealed(connect, code, flush, client, auth):  # noqa: F811
    board, console = connect(), connect()
    board.emit("board.join", {"code": code}, callback=True)
    console.emit("console.join", {"code": code, "token": TOKEN}, callback=True)
    phone, ack = joined(connect, code)
    cloud = cloud_of(ack)["id"]
    client.post(f"/api/sessions/{code}/activities/{cloud}", json={"action": "hide"}, headers=auth)
    flush()
    for c in (board, console, phone):
        c.get_received()
    phone.emit("answers", {"id": "w1", "activity": cloud, "answers": ["secret"]}, callback=True)
    flush()
    assert [e for e in events(board, "results") if e["activity"] == cloud] == [
        {"activity": cloud, "visible": False, "responses": 1}]
    assert events(console, "results")[0]["results"]["words"] == [{"text": "secret", "count": 1}]
    assert events(phone, "results") == []
    client.post(f"/api/sessions/{code}/activities/{cloud}", json={"action": "reveal"}, headers=auth)
    flush()
    assert [e for e in events(board, "results") if e["activity"] == cloud][0]["results"]["words"][0]["text"] == "secret"
    assert [e for e in events(phone, "results") if e["activity"] == cloud][0]["visible"] is True


def test_a_phone_that_rejoins_gets_its_answers_back(connect, code):  # noqa: F811
    a, ack = joined(connect, code)
    cloud = cloud_of(ack)["id"]
    a.emit("answers", {"id": "w1", "activity": cloud, "answers": ["trust", "voice"]}, callback=True)
    _, again = joined(connect, code, token=ack["token"])
    assert again["me"]["answers"] == {str(cloud): ["trust", "voice"]}
