"""Q&A: participants ask questions and upvote the room's; the facilitator marks them answered or highlights one.

A question is anonymous unless its author signs it with their display name. Each participant may
upvote any shown question once (never their own) and take the upvote back; the count of a question
is the number of distinct participants who upvote it (the database holds one row per participant
and question). With the activity's ``moderate`` setting on (or when the session's word filter flags
it), a new question waits (``pending``) for the facilitator, who can also hide any question and
restore a hidden one (see moderation.py).
"""
from dataclasses import dataclass

from .activity import Activity, require_open
from .errors import Conflict, DomainError, Forbidden, NotFound
from .moderation import HIDDEN, PENDING, SHOWN, STATUSES  # noqa: F401 - a question's statuses are moderation's
from .participant import clean_text

ACTIONS = ("answer", "unanswer", "highlight", "unhighlight", "approve", "hide", "restore")
SHOWN_LIMIT = 100  # questions in a snapshot (the most upvoted; the highlighted one always)


@dataclass(frozen=True)
class Question:
    """A question as the facilitator's side knows it; ``asker`` (a participant id) never leaves the server."""

    id: int
    asker: int
    text: str
    author: str  # the display name the asker signed with, or ""
    status: str
    answered: bool
    highlighted: bool
    created_at: float
    votes: int = 0


def check_question(activity: Activity, text, asked_before: int) -> str:
    """The cleaned text of a valid new question, or a DomainError saying what is wrong."""
    require_open(activity)
    if activity.kind != "qna":
        raise DomainError(f"{activity.title!r} is not a Q&A")
    most = activity.settings.get("max_questions", 5)
    if asked_before >= most:
        raise Conflict(f"you have asked {most} question{'s' if most != 1 else ''} here, the most one person can")
    return clean_text(text, activity.settings.get("question_limit", 280), "The question", allow_newlines=True)


def check_upvote(activity: Activity, question: Question | None, participant_id: int) -> None:
    """Refuse an upvote (or taking one back) that the rules do not allow."""
    require_open(activity)
    if activity.kind != "qna":
        raise DomainError(f"{activity.title!r} is not a Q&A")
    if question is None or question.status != SHOWN:
        # A pending or hidden question is as good as absent to everyone but its author and the facilitator.
        raise NotFound("there is no such question here")
    if question.asker == participant_id:
        raise Forbidden("you cannot upvote your own question")


def upvoted(current: frozenset, participant_id: int, up: bool) -> frozenset:
    """Who upvotes a question after a participant upvotes it (``up``) or takes their upvote back."""
    return current | {participant_id} if up else current - {participant_id}


def facilitate(question: Question, action) -> dict:
    """The changes a facilitator's action makes to one question (``highlight`` also means: no other is)."""
    if action not in ACTIONS:
        raise DomainError(f"unknown question action {action!r}; use one of {', '.join(ACTIONS)}")
    if action == "approve":
        if question.status != PENDING:
            raise Conflict("only a question waiting for the facilitator can be approved")
        return {"status": SHOWN}
    if action == "restore":
        if question.status != HIDDEN:
            raise Conflict("only a hidden question can be restored")
        return {"status": SHOWN}
    if action == "hide":
        return {"status": HIDDEN, "highlighted": False}
    if action in ("answer", "unanswer"):
        return {"answered": action == "answer"}
    if action == "highlight" and question.status != SHOWN:
        raise Conflict("only a question the room can see can be highlighted")
    return {"highlighted": action == "highlight"}


def _rank(q: Question):
    return (q.answered, -q.votes, -q.created_at, -q.id)


def view(q: Question) -> dict:
    """A question as the board and the phones show it (no asker)."""
    return {"id": q.id, "text": q.text, "author": q.author, "votes": q.votes, "answered": q.answered,
            "highlighted": q.highlighted}


def room(activity: Activity, questions: list[Question], shown: int | None = SHOWN_LIMIT) -> dict:
    """What the room sees: the shown questions, not yet answered first, each group by upvotes then newest.

    The highlighted question is named apart (``highlighted``) and is always among ``questions``.
    Pending and hidden questions are not in it, not even as a number.
    """
    visible = sorted((q for q in questions if q.status == SHOWN), key=_rank)
    kept = visible if shown is None else visible[:shown]
    top = next((q for q in visible if q.highlighted), None)
    if top is not None and top not in kept:
        kept = kept[:-1] + [top]
    return {"questions": [view(q) for q in kept], "highlighted": top.id if top else None,
            "count": len(visible), "answered": sum(q.answered for q in visible),
            "votes": sum(q.votes for q in visible)}


def queue(questions: list[Question]) -> dict:
    """What only the facilitator sees: the questions waiting for approval (oldest first) and the hidden ones."""
    def entry(q):
        return {**view(q), "status": q.status, "created_at": q.created_at}
    by_age = sorted(questions, key=lambda q: (q.created_at, q.id))
    return {"pending": [entry(q) for q in by_age if q.status == PENDING],
            "hidden": [entry(q) for q in by_age if q.status == HIDDEN]}
