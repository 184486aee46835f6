"""Q&A over Socket.IO and HTTP: `ask` and `upvote` from phones, the facilitator's question route, and who sees what."""
from ..conftest import TOKEN
from .test_sockets import code, connect, events, flush, joined  # noqa: F401 - fixtures


def qna_of(ack):
    return next(a for a in ack["state"]["stage"]["activities"] if a["kind"] == "qna")


def last_results(c, activity):
    return [e for e in events(c, "results") if e["activity"] == activity][-1]


def test_phones_ask_and_upvote_and_every_surface_gets_the_sorted_list(connect, code, flush):  # noqa: F811
    board, console = connect(), connect()
    board.emit("board.join", {"code": code}, callback=True)
    console.emit("console.join", {"code": code, "token": TOKEN}, callback=True)
    a, ack = joined(connect, code, name="Amina")
    b, _ = joined(connect, code)
    q = qna_of(ack)
    assert (q["question_limit"], q["max_questions"], q["moderate"]) == (120, 2, False)
    first = a.emit("ask", {"id": "q1", "activity": q["id"], "text": "Who decides?", "signed": True}, callback=True)
    assert first == {"ok": True, "activity": q["id"], "question": first["question"], "status": "shown"}
    second = b.emit("ask", {"id": "q1", "activity": q["id"], "text": "Why now?"}, callback=True)
    up = b.emit("upvote", {"id": "u1", "activity": q["id"], "question": first["question"]}, callback=True)
    assert up == {"ok": True, "activity": q["id"], "question": first["question"], "up": True}
    again = b.emit("upvote", {"id": "u1", "activity": q["id"], "question": first["question"]}, callback=True)
    assert again["duplicate"] is True
    own = a.emit("upvote", {"id": "u1", "activity": q["id"], "question": first["question"]}, callback=True)
    assert own == {"ok": False, "error": "you cannot upvote your own question"}
    a.get_received()
    flush()
    for surface in (board, a):
        shown = last_results(surface, q["id"])["results"]
        assert [(x["text"], x["votes"], x["author"]) for x in shown["questions"]] == [
            ("Who decides?", 1, "Amina"), ("Why now?", 0, "")]
        assert "moderation" not in shown
    assert last_results(console, q["id"])["results"]["moderation"] == {"pending": [], "hidden": []}
    rejoin = a.emit("join", {"code": code, "token": ack["token"]}, callback=True)
    assert [x["id"] for x in rejoin["me"]["questions"][str(q["id"])]] == [first["question"]]
    assert all("moderation" not in e.get("results", {}) for e in rejoin["results"])
    assert second["ok"]


def test_a_moderated_question_reaches_no_board_or_phone_until_approved(client, connect, code, flush):  # noqa: F811
    auth = {"Authorization": f"Bearer {TOKEN}"}
    board, console = connect(), connect()
    board.emit("board.join", {"code": code}, callback=True)
    console.emit("console.join", {"code": code, "token": TOKEN}, callback=True)
    a, ack = joined(connect, code)
    b, _ = joined(connect, code)
    q = qna_of(ack)
    switched = client.post(f"/api/sessions/{code}/activities/{q['id']}/options", json={"moderate": True}, headers=auth)
    assert switched.get_json()["activity"]["moderate"] is True
    held = a.emit("ask", {"id": "q1", "activity": q["id"], "text": "<script>alert(1)</script>"}, callback=True)
    assert held["status"] == "pending"
    flush()
    for surface in (board, b):  # not the question, not even a count of it
        assert last_results(surface, q["id"])["results"] == {"questions": [], "highlighted": None, "count": 0,
                                                             "answered": 0, "votes": 0}
    assert "<script>" not in repr(events(b, "results")) and "<script>" not in repr(events(board, "results"))
    queue = last_results(console, q["id"])["results"]["moderation"]["pending"]
    assert [x["text"] for x in queue] == ["<script>alert(1)</script>"]
    refused = b.emit("upvote", {"id": "u1", "activity": q["id"], "question": held["question"]}, callback=True)
    assert refused == {"ok": False, "error": "there is no such question here"}
    done = client.post(f"/api/sessions/{code}/questions/{held['question']}", json={"action": "approve"}, headers=auth)
    assert done.status_code == 200 and done.get_json()["question"]["status"] == "shown"
    flush()
    assert [x["id"] for x in last_results(board, q["id"])["results"]["questions"]] == [held["question"]]


def test_the_question_route_answers_highlights_and_refuses_what_does_not_fit(client, connect, code, flush):  # noqa: F811
    auth = {"Authorization": f"Bearer {TOKEN}"}
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    a, ack = joined(connect, code)
    q = qna_of(ack)
    asked = a.emit("ask", {"id": "q1", "activity": q["id"], "text": "Who?"}, callback=True)["question"]
    url = f"/api/sessions/{code}/questions/{asked}"
    assert client.post(url, json={"action": "highlight"}).status_code == 401
    assert client.post(url, json={"action": "highlight"}, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.post(url, json={"action": "burn"}, headers=auth).status_code == 400
    assert client.post(url, json=[], headers=auth).status_code == 400
    assert client.post(url, json={"action": "restore"}, headers=auth).status_code == 409
    assert client.post(f"/api/sessions/{code}/questions/99999", json={"action": "answer"}, headers=auth).status_code == 404
    assert client.post(url, json={"action": "highlight"}, headers=auth).get_json()["question"]["highlighted"] is True
    assert client.post(url, json={"action": "answer"}, headers=auth).get_json()["question"]["answered"] is True
    flush()
    shown = last_results(board, q["id"])["results"]
    assert shown["highlighted"] == asked and shown["answered"] == 1


def test_malformed_ask_and_upvote_events_are_refused_at_the_boundary(connect, code):  # noqa: F811
    a, ack = joined(connect, code)
    q = qna_of(ack)["id"]
    assert "text" in a.emit("ask", {"id": "q1", "activity": q}, callback=True)["error"]
    assert "signed" in a.emit("ask", {"id": "q2", "activity": q, "text": "x", "signed": "yes"}, callback=True)["error"]
    assert "question" in a.emit("upvote", {"id": "u1", "activity": q, "question": "1"}, callback=True)["error"]
    assert "up" in a.emit("upvote", {"id": "u2", "activity": q, "question": 1, "up": 1}, callback=True)["error"]
    assert a.emit("ask", {"id": "q3", "activity": q, "text": "x" * 121}, callback=True) == {
        "ok": False, "error": "The question is 121 characters long; the limit is 120"}
