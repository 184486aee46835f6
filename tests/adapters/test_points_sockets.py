"""100 points over Socket.IO: the `points` event, overspending refused, and the board's snapshot."""
import pytest

from .test_sockets import code, connect, events, flush, joined  # noqa: F401 - fixtures


def points_of(ack):
    return next(a for a in ack["state"]["stage"]["activities"] if a["kind"] == "points")


def test_allocations_reach_the_board(connect, code, flush):  # noqa: F811
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    a, ack = joined(connect, code)
    b = points_of(ack)
    assert (b["options"], b["budget"]) == (["Funding", "Decisions", "Trust"], 100)
    assert a.emit("points", {"id": "p1", "activity": b["id"], "allocation": [70, 0, 30]}, callback=True) == {
        "ok": True, "activity": b["id"], "allocation": [70, 0, 30]}
    flush()
    last = [e for e in events(board, "results") if e["activity"] == b["id"]][-1]
    assert last["results"]["totals"] == [70, 0, 30] and last["responses"] == 1


@pytest.mark.parametrize("allocation, words", [
    ([60, 41, 0], "that is 101 points; you have 100 to give"), ([0, 0, 0], "at least one point"),
    ([100, -1, 1], "cannot be negative"), ([100], "each of the 3 options"),
    ([1.5, 0, 0], "allocation.0: Input should be a valid integer"), (list(range(11)), "at most 10"),
])
def test_overspending_and_bad_allocations_are_refused(connect, code, client, auth, allocation, words):  # noqa: F811
    a, ack = joined(connect, code)
    b = points_of(ack)["id"]
    reply = a.emit("points", {"id": "p1", "activity": b, "allocation": allocation}, callback=True)
    assert reply["ok"] is False and words in reply["error"], reply
    got = client.get(f"/api/sessions/{code}/activities/{b}/results", headers=auth).get_json()["results"]
    assert got["people"] == 0
