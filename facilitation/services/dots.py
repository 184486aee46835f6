"""Dot voting on a board: the facilitator starts (or ends) the voting phase, participants put dots
on notes and take them back, phones read the notes to vote on.

Each participant's dot actions on a board run one at a time: the transaction first takes a write
lock on the participant's row, so two dots sent at once cannot both find the last free one.
"""
import time

import sqlalchemy as sa

from ..domain import board, dots as rules
from ..domain.errors import DomainError, Forbidden
from ..store.schema import activities, dots, notes, participants
from .loading import load_activity, load_session
from .participation import _check_membership, _once
from .results import board_results
from .sessions import activity_view

_LOCK_PARTICIPANT = participants.update().where(participants.c.id == sa.bindparam("pid")).values(
    display_name=participants.c.display_name)
_MY_DOTS = sa.select(dots.c.note_id).where(dots.c.activity_id == sa.bindparam("aid"),
                                           dots.c.participant_id == sa.bindparam("pid")).order_by(dots.c.id)
# Only a note on show takes dots (not one waiting for the facilitator or hidden).
_NOTE_ON_BOARD = sa.select(notes.c.id).where(notes.c.id == sa.bindparam("nid"), notes.c.activity_id == sa.bindparam("aid"),
                                             notes.c.status == "shown")
_ONE_OF_MY_DOTS = (sa.select(sa.func.max(dots.c.id)).where(
    dots.c.activity_id == sa.bindparam("aid"), dots.c.participant_id == sa.bindparam("pid"),
    dots.c.note_id == sa.bindparam("nid")))
_DOTS_GIVEN = sa.select(sa.func.count()).select_from(dots).where(dots.c.activity_id == sa.bindparam("aid"))


def _ballot(conn, who, activity_id):
    """Lock this participant's dot actions, then load the board and their dots on it."""
    conn.execute(_LOCK_PARTICIPANT, {"pid": who["participant_id"]})
    item = load_activity(conn, who["session_id"], activity_id)
    mine = list(conn.execute(_MY_DOTS, {"aid": item.id, "pid": who["participant_id"]}).scalars())
    return item, mine


def _reply(item, mine: list[int], note_id: int) -> dict:
    return {"ok": True, "activity": item.id, "note": note_id, "mine": rules.on_notes(mine),
            "left": rules.left(item, mine)}


def _note_ids(conn, item, note_id) -> set:
    if type(note_id) is not int or not 0 < note_id <= 2**31 - 1:
        return set()
    return set(conn.execute(_NOTE_ON_BOARD, {"nid": note_id, "aid": item.id}).scalars())


def add_dot(store, who: dict, client_id, activity_id, note_id, now: float | None = None) -> dict:
    """Put one of this participant's dots on a note (refused past the budget, or stacked when not allowed)."""
    now = now or time.time()

    def apply(conn):
        item, mine = _ballot(conn, who, activity_id)
        note = rules.check_add(item, mine, note_id, _note_ids(conn, item, note_id))
        _check_membership(conn, who["participant_id"], item)
        conn.execute(dots.insert().values(activity_id=item.id, note_id=note, participant_id=who["participant_id"],
                                          created_at=now))
        return _reply(item, [*mine, note], note)

    return _once(store, who["participant_id"], client_id, "dot.add", apply)


def remove_dot(store, who: dict, client_id, activity_id, note_id) -> dict:
    """Take one of this participant's dots back from a note."""

    def apply(conn):
        item, mine = _ballot(conn, who, activity_id)
        note = rules.check_remove(item, mine, note_id)
        _check_membership(conn, who["participant_id"], item)
        dot_id = conn.execute(_ONE_OF_MY_DOTS, {"aid": item.id, "pid": who["participant_id"], "nid": note}).scalar_one()
        conn.execute(dots.delete().where(dots.c.id == dot_id))
        mine.remove(note)
        return _reply(item, mine, note)

    return _once(store, who["participant_id"], client_id, "dot.remove", apply)


def set_phase(store, code: str, activity_id, phase, budget=None, stacking=None) -> dict:
    """The facilitator moves a board to writing or to dot voting (with its budget and stacking rule)."""
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        item = load_activity(conn, session.id, activity_id)
        given = conn.execute(_DOTS_GIVEN, {"aid": item.id}).scalar_one() if item.kind == "board" else 0
        settings = board.check_phase(item, phase, budget, stacking, given)
        conn.execute(activities.update().where(activities.c.id == item.id).values(settings=settings))
        return activity_view(load_activity(conn, session.id, item.id))


def shared_notes(store, code: str, activity_id) -> dict:
    """A board's notes as phones get them to vote on or to read (``notes.get``), the same for every
    phone: with the dot totals only once revealed. Refused while neither voting nor revealed."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        item = load_activity(conn, session.id, activity_id)
        if item.kind != "board":
            raise DomainError(f"{item.title!r} is not a sticky-note board")
        if not item.results_visible and board.phase_of(item) != board.VOTE:
            raise Forbidden("the facilitator has not revealed these notes")
        return {"activity": item.id, "visible": item.results_visible,
                "results": board.for_phones(board_results(conn, item), item.results_visible)}


_MY_BOARD_NOTES = sa.select(notes.c.id).where(notes.c.activity_id == sa.bindparam("aid"),
                                              notes.c.participant_id == sa.bindparam("pid"))


def my_part(store, who: dict, activity_id: int) -> dict:
    """What is this participant's on a board: which notes are theirs, where their dots are, how many are left."""
    with store.transaction() as conn:
        item = load_activity(conn, who["session_id"], activity_id)
        params = {"aid": item.id, "pid": who["participant_id"]}
        mine = list(conn.execute(_MY_DOTS, params).scalars())
        return {"own": sorted(conn.execute(_MY_BOARD_NOTES, params).scalars()), "mine": rules.on_notes(mine),
                "left": rules.left(item, mine)}
