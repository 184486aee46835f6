"""The scale over Socket.IO: the `rate` event, its acknowledgements, and the snapshots it causes."""
import pytest

from ..conftest import TOKEN
from .test_sockets import code, connect, events, flush, joined  # noqa: F401 - fixtures


def scale_of(ack):
    return next(a for a in ack["state"]["stage"]["activities"] if a["kind"] == "scale")


def test_the_state_describes_the_scale(connect, code):  # noqa: F811
    _, ack = joined(connect, code)
    scale = scale_of(ack)
    assert (scale["statements"], scale["min"], scale["max"], scale["min_label"], scale["max_label"]) == (
        ["Trust", "Power sharing"], 1, 5, "Not at all", "Fully")


def test_ratings_are_acknowledged_replaced_and_shown_on_the_board(connect, code, flush):  # noqa: F811
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    a, ack = joined(connect, code)
    b, _ = joined(connect, code)
    scale = scale_of(ack)["id"]
    assert a.emit("rate", {"id": "r1", "activity": scale, "statement": 0, "value": 2}, callback=True) == {
        "ok": True, "activity": scale, "statement": 0, "value": 2}
    assert a.emit("rate", {"id": "r2", "activity": scale, "statement": 0, "value": 5}, callback=True)["ok"]
    assert b.emit("rate", {"id": "r1", "activity": scale, "statement": 0, "value": 4}, callback=True)["ok"]
    again = b.emit("rate", {"id": "r1", "activity": scale, "statement": 0, "value": 4}, callback=True)
    assert again["duplicate"] is True
    flush()
    last = [e for e in events(board, "results") if e["activity"] == scale][-1]
    assert last["results"]["statements"][0] == {"text": "Trust", "counts": [0, 0, 0, 1, 1], "answers": 2, "mean": 4.5}
    assert last["responses"] == 2


@pytest.mark.parametrize("payload, words", [
    ({"statement": 2, "value": 3}, "statement must be a number from 0 to 1"),
    ({"statement": 0, "value": 6}, "the answer must be a whole number from 1 to 5"),
    ({"statement": 0, "value": 2.5}, "value: Input should be a valid integer"),
    ({"statement": "0", "value": 3}, "statement: Input should be a valid integer"),
    ({"value": 3}, "statement: Field required"),
    ({"statement": 0, "value": 3, "extra": 1}, "extra: Extra inputs are not permitted"),
])
def test_bad_ratings_are_refused_and_change_nothing(connect, code, client, auth, payload, words):  # noqa: F811
    a, ack = joined(connect, code)
    scale = scale_of(ack)["id"]
    reply = a.emit("rate", {"id": "r1", "activity": scale, **payload}, callback=True)
    assert reply["ok"] is False and words in reply["error"], reply
    got = client.get(f"/api/sessions/{code}/activities/{scale}/results", headers=auth).get_json()["results"]
    assert got["people"] == 0


def test_a_closed_scale_refuses_with_a_message(connect, code, client, auth):  # noqa: F811
    a, ack = joined(connect, code)
    scale = scale_of(ack)["id"]
    client.post(f"/api/sessions/{code}/activities/{scale}", json={"action": "close"}, headers=auth)
    reply = a.emit("rate", {"id": "r1", "activity": scale, "statement": 0, "value": 3}, callback=True)
    assert reply == {"ok": False, "error": "'How do you rate' is closed"}


def test_a_hidden_scale_shows_the_board_only_its_count(connect, code, flush, client, auth):  # noqa: F811
    board, console = connect(), connect()
    board.emit("board.join", {"code": code}, callback=True)
    console.emit("console.join", {"code": code, "token": TOKEN}, callback=True)
    phone, ack = joined(connect, code)
    scale = scale_of(ack)["id"]
    client.post(f"/api/sessions/{code}/activities/{scale}", json={"action": "hide"}, headers=auth)
    flush()
    for c in (board, console, phone):
        c.get_received()
    phone.emit("rate", {"id": "r1", "activity": scale, "statement": 1, "value": 1}, callback=True)
    flush()
    assert [e for e in events(board, "results") if e["activity"] == scale] == [
        {"activity": scale, "visible": False, "responses": 1}]
    assert events(console, "results")[0]["results"]["statements"][1]["counts"] == [1, 0, 0, 0, 0]
    assert events(phone, "results") == []


def test_a_phone_that_rejoins_gets_its_ratings_back(connect, code):  # noqa: F811
    a, ack = joined(connect, code)
    scale = scale_of(ack)["id"]
    a.emit("rate", {"id": "r1", "activity": scale, "statement": 1, "value": 5}, callback=True)
    _, again = joined(connect, code, token=ack["token"])
    assert again["me"]["ratings"] == {str(scale): {"1": 5}}
