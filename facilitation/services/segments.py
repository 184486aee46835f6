"""Segments: the role a participant declares (or not), and results per segment with small segments hidden.

A participant's segment is kept on their row, and each vote or answer (of the kinds shown per
segment) keeps the one declared when it was given, which is what results per segment count: a
declaration made or changed later moves no earlier answer. No view, snapshot or export says who
declared what. Results per segment go through ``domain.segment.breakdown``, which hides every
segment below the session's k (and more where the remainder would give someone away).

A poll is broken down once; a scale per statement and a survey per question, each with the people
who answered that statement or question, so a segment is never shown with fewer than k answers to
the thing shown.
"""
import sqlalchemy as sa

from ..domain import segment as seg
from ..domain.errors import DomainError
from ..domain.poll import count_ballots
from ..domain.scale import distribution
from ..domain.survey import CHOICE
from ..store.schema import activities, answers, participants, sessions, votes
from . import results

# The kinds whose results can be shown per segment.
BROKEN_DOWN = ("poll", "scale", "survey")


def segment_settings(plan_json) -> tuple[tuple[str, ...], int]:
    """A session's segment names (none, or 2 to 8) and its k, from its stored plan."""
    plan = plan_json or {}
    return tuple(plan.get("segments") or ()), int(plan.get("hide_segments_below") or seg.DEFAULT_K)


def settings_of_session(conn, session_id: int) -> tuple[tuple[str, ...], int]:
    """``segment_settings`` of a session by its row id."""
    return segment_settings(conn.execute(sa.select(sessions.c.plan).where(sessions.c.id == session_id)).scalar())


_SESSION_OF_ACTIVITY = sa.select(sessions.c.plan).join(activities, activities.c.session_id == sessions.c.id).where(
    activities.c.id == sa.bindparam("aid"))


def settings_of_activity(conn, activity_id: int) -> tuple[tuple[str, ...], int]:
    """``segment_settings`` of the session an activity belongs to."""
    return segment_settings(conn.execute(_SESSION_OF_ACTIVITY, {"aid": activity_id}).scalar())


def declare(conn, participant_id: int, session_id: int, value) -> str | None:
    """Store the segment a participant declares (None: prefer not to say); a name the session does
    not have is refused and changes nothing."""
    names, _k = settings_of_session(conn, session_id)
    if not names and value is not None:
        raise DomainError("this session has no segments to declare")
    declared = seg.check_declared(names, value)
    conn.execute(participants.update().where(participants.c.id == participant_id).values(segment=declared))
    return declared


_DECLARED = sa.select(participants.c.segment).where(participants.c.id == sa.bindparam("pid"))


def declared(conn, participant_id: int) -> str | None:
    """The segment this participant declared, or None (a prebuilt statement: it runs on every join)."""
    return conn.execute(_DECLARED, {"pid": participant_id}).scalar()


# --- results per segment -------------------------------------------------------------------------

# Each vote and answer with the segment declared when it was given (not the participant's segment
# now: a declaration made or changed later would move earlier answers between segments, and two
# views a moment apart would show what that person answered).
_BALLOTS_WITH_SEGMENT = sa.select(votes.c.segment, votes.c.choices).where(votes.c.activity_id == sa.bindparam("aid"))
_ANSWERS_WITH_SEGMENT = (sa.select(answers.c.segment, answers.c.item, answers.c.text, answers.c.number)
                         .where(answers.c.activity_id == sa.bindparam("aid")))


def breakdown_of(conn, item, names, k: int) -> dict | None:
    """A poll's, scale's or survey's results per segment (``{"k", "parts": [...]}``), or None for
    another kind or a session without segments. Each part is one poll, statement or question: its
    total (everyone) and its segments, a hidden one by its name only."""
    if not names or item.kind not in BROKEN_DOWN:
        return None
    s = item.settings
    if item.kind == "poll":
        options, multiple = s["options"], bool(s.get("multiple"))
        ballots = conn.execute(_BALLOTS_WITH_SEGMENT, {"aid": item.id}).all()
        parts = [_choice_part(item.title, options, multiple, [(segment, choices) for segment, choices in ballots],
                              names, k)]
        return {"k": k, "parts": parts}
    given: dict[int, list] = {}
    for segment, slot, text, number in conn.execute(_ANSWERS_WITH_SEGMENT, {"aid": item.id}):
        given.setdefault(slot, []).append((segment, results.read_answer(text, number) if item.kind == "survey" else number))
    if item.kind == "scale":
        parts = [_scale_part(text, s["min"], s["max"], given.get(n, []), names, k)
                 for n, text in enumerate(s["statements"])]
    else:
        parts = [_choice_part(q["text"], q["options"], bool(q.get("multiple")), given.get(n, []), names, k)
                 if q["kind"] == CHOICE else _scale_part(q["text"], q["min"], q["max"], given.get(n, []), names, k)
                 for n, q in enumerate(s["questions"])]
    return {"k": k, "parts": parts}


def _choice_part(label, options, multiple, answers, names, k) -> dict:
    def tally(ballots):
        return {"counts": count_ballots(options, multiple, ballots)["counts"]}

    got = seg.breakdown(answers, names, k, tally)
    return {"label": label, "kind": "choice", "options": list(options), "multiple": multiple,
            "total": got["total"], "segments": got["segments"]}


def _scale_part(label, low, high, answers, names, k) -> dict:
    def tally(values):
        counts = [0] * (high - low + 1)
        for value in values:
            counts[value - low] += 1
        return distribution(low, counts)

    got = seg.breakdown(answers, names, k, tally)
    return {"label": label, "kind": "scale", "min": low, "max": high, "total": got["total"],
            "segments": got["segments"]}


def with_breakdown(conn, item, found: dict) -> dict:
    """``found`` (an activity's results) with ``by_segment`` added when the facilitator shows this activity by segment
    (its ``by_segment`` option) and the session has segments."""
    if item.kind not in BROKEN_DOWN or not item.settings.get("by_segment"):
        return found
    names, k = settings_of_activity(conn, item.id)
    got = breakdown_of(conn, item, names, k)
    return found if got is None else {**found, "by_segment": got}
