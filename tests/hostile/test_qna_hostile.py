"""A participant against other people's questions: nothing they send changes someone else's question or upvote."""
import sqlalchemy as sa

from facilitation.store.schema import questions, upvotes


def _rows(app):
    with app.extensions["baraza.store"].transaction() as conn:
        return (conn.execute(sa.select(questions).order_by(questions.c.id)).all(),
                conn.execute(sa.select(upvotes).order_by(upvotes.c.question_id, upvotes.c.participant_id)).all())


def test_nobody_can_change_or_unvote_for_someone_else(app, connect, running):
    code, qna = running["plenary"], running["qna"]
    asker, voter, intruder = connect(), connect(), connect()
    for phone in (asker, voter, intruder):
        assert phone.emit("join", {"code": code}, callback=True)["ok"]
    asked = asker.emit("ask", {"id": "q1", "activity": qna, "text": "Who decides?"}, callback=True)["question"]
    assert voter.emit("upvote", {"id": "u1", "activity": qna, "question": asked}, callback=True)["ok"]
    before = _rows(app)
    attempts = [
        # Fields a phone might add to reach into another person's question or upvote: refused at the boundary.
        ("ask", {"id": "x1", "activity": qna, "text": "Rewritten", "question": asked}),
        ("ask", {"id": "x2", "activity": qna, "text": "Rewritten", "status": "shown", "answered": True}),
        ("upvote", {"id": "x3", "activity": qna, "question": asked, "up": False, "participant": 1}),
        ("upvote", {"id": "x4", "activity": qna, "question": asked, "votes": 99}),
        # Facilitator-only actions have no Socket.IO event at all.
        ("question", {"question": asked, "action": "hide"}),
        ("highlight", {"question": asked}),
    ]
    for event, payload in attempts:
        ack = intruder.emit(event, payload, callback=True)
        assert ack is None or ack["ok"] is False, (event, ack)
    # The intruder's own take-back touches only its own (absent) upvote; the voter's stays.
    assert intruder.emit("upvote", {"id": "x5", "activity": qna, "question": asked, "up": False}, callback=True)["ok"]
    # Re-using the voter's action id is the intruder's own id: it does not replay or undo the voter's upvote.
    assert intruder.emit("upvote", {"id": "u1", "activity": qna, "question": asked, "up": False}, callback=True)["ok"]
    # The asker cannot add to their own count.
    assert asker.emit("upvote", {"id": "u9", "activity": qna, "question": asked}, callback=True) == {
        "ok": False, "error": "you cannot upvote your own question"}
    assert _rows(app) == before
