"""Open text over Socket.IO: the `answers` event on an open question, and the wall on the board."""
from .test_sockets import code, connect, events, flush, joined  # noqa: F401 - fixtures


def question_of(ack):
    return next(a for a in ack["state"]["stage"]["activities"] if a["kind"] == "text")


def test_answers_reach_the_board_as_a_wall(connect, code, flush):  # noqa: F811
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    a, ack = joined(connect, code)
    q = question_of(ack)
    assert (q["max_answers"], q["text_limit"]) == (2, 100)
    reply = a.emit("answers", {"id": "t1", "activity": q["id"], "answers": ["<img src=x onerror=alert(1)>"]},
                   callback=True)
    assert reply == {"ok": True, "activity": q["id"], "answers": ["<img src=x onerror=alert(1)>"],
                     "statuses": ["shown"]}
    again = a.emit("answers", {"id": "t1", "activity": q["id"], "answers": ["other"]}, callback=True)
    assert again["duplicate"] is True and again["answers"] == ["<img src=x onerror=alert(1)>"]
    flush()
    last = [e for e in events(board, "results") if e["activity"] == q["id"]][-1]
    assert last["results"] == {"answers": [{"text": "<img src=x onerror=alert(1)>"}], "count": 1, "people": 1}


def test_a_long_answer_is_refused_with_the_limit(connect, code):  # noqa: F811
    a, ack = joined(connect, code)
    reply = a.emit("answers", {"id": "t1", "activity": question_of(ack)["id"], "answers": ["x" * 101]}, callback=True)
    assert reply == {"ok": False, "error": "The answer is 101 characters long; the limit is 100"}
