"""A Q&A's questions: read with their upvote counts, and the facilitator's actions on one of them."""
import sqlalchemy as sa

from ..domain import questions as qa
from ..domain.errors import NotFound
from ..store.schema import activities, questions, upvotes
from .loading import MAX_ID, load_activity, load_session

_VOTES = (sa.select(sa.func.count()).select_from(upvotes).where(upvotes.c.question_id == questions.c.id)
          .correlate(questions).scalar_subquery())
_COLUMNS = (questions.c.id, questions.c.participant_id, questions.c.text, questions.c.author, questions.c.status,
            questions.c.answered, questions.c.highlighted, questions.c.created_at, _VOTES.label("votes"))
_OF_ACTIVITY = sa.select(*_COLUMNS).where(questions.c.activity_id == sa.bindparam("aid")).order_by(
    questions.c.created_at, questions.c.id)
_ONE = sa.select(*_COLUMNS).where(questions.c.activity_id == sa.bindparam("aid"), questions.c.id == sa.bindparam("qid"))


def _question(row) -> qa.Question:
    return qa.Question(row.id, row.participant_id, row.text, row.author, row.status, bool(row.answered),
                       bool(row.highlighted), row.created_at, row.votes)


def listed(conn, activity_id: int) -> list[qa.Question]:
    """Every question of a Q&A, oldest first, with its number of upvotes."""
    return [_question(r) for r in conn.execute(_OF_ACTIVITY, {"aid": activity_id})]


def one(conn, activity_id: int, question_id) -> qa.Question | None:
    """One question of this Q&A, or None (also for a malformed id or another activity's question)."""
    if type(question_id) is not int or not 0 < question_id <= MAX_ID:
        return None
    row = conn.execute(_ONE, {"aid": activity_id, "qid": question_id}).first()
    return None if row is None else _question(row)


def results(conn, item) -> dict:
    """A Q&A's results: what the room sees, and (under ``moderation``, for the console only) the queue."""
    listed_questions = listed(conn, item.id)
    return {**qa.room(item, listed_questions), "moderation": qa.queue(listed_questions)}


def activity_of(conn, session_id: int, question_id):
    """The Q&A (an Activity) a question of this session belongs to, or NotFound."""
    activity_id = conn.execute(
        sa.select(questions.c.activity_id).join(activities, activities.c.id == questions.c.activity_id)
        .where(questions.c.id == question_id, activities.c.session_id == session_id)).scalar()
    if activity_id is None:
        raise NotFound(f"there is no question {question_id} in this session")
    return load_activity(conn, session_id, activity_id)


def facilitate(store, code: str, question_id, action) -> dict:
    """Mark a question answered or not, highlight it (and no other) or not, approve, hide or restore it."""
    if type(question_id) is not int or not 0 < question_id <= MAX_ID:
        raise NotFound("question must be a question number")
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        item = activity_of(conn, session.id, question_id)
        question = one(conn, item.id, question_id)
        changes = qa.facilitate(question, action)
        if changes.get("highlighted"):
            conn.execute(questions.update().where(questions.c.activity_id == item.id, questions.c.highlighted)
                         .values(highlighted=False))
        conn.execute(questions.update().where(questions.c.id == question.id).values(**changes))
        changed = one(conn, item.id, question.id)
        return {"activity": item.id, "question": {**qa.view(changed), "status": changed.status}}

