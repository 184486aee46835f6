"""Rankings over Socket.IO: the `rank` event and the board's snapshot."""
import pytest

from .test_sockets import code, connect, events, flush, joined  # noqa: F401 - fixtures


def ranking_of(ack):
    return next(a for a in ack["state"]["stage"]["activities"] if a["kind"] == "ranking")


def test_orders_reach_the_board(connect, code, flush):  # noqa: F811
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    a, ack = joined(connect, code)
    r = ranking_of(ack)
    assert r["options"] == ["Funding", "Decisions", "Trust"]
    assert a.emit("rank", {"id": "k1", "activity": r["id"], "order": [2, 1, 0]}, callback=True) == {
        "ok": True, "activity": r["id"], "order": [2, 1, 0]}
    flush()
    last = [e for e in events(board, "results") if e["activity"] == r["id"]][-1]
    assert last["results"]["order"] == [2, 1, 0] and last["responses"] == 1


@pytest.mark.parametrize("order, words", [
    ([0, 1], "every option in order once"), ([0, 1, 1], "every option in order once"),
    ([0, 1, 2, 3], "every option in order once"), ("012", "order: Input should be a valid list"),
    ([0, 1, 2.0], "order.2: Input should be a valid integer"), (list(range(11)), "at most 10"),
])
def test_bad_orders_are_refused(connect, code, order, words):  # noqa: F811
    a, ack = joined(connect, code)
    reply = a.emit("rank", {"id": "k1", "activity": ranking_of(ack)["id"], "order": order}, callback=True)
    assert reply["ok"] is False and words in reply["error"], reply
