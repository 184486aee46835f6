"""The cross-group vote of a report-back: participants put dots on the items the groups promoted.

Like dot voting on a board, each participant's dot actions run one at a time (a write lock on the
participant's row first), so two dots sent at once cannot both take the last one.
"""
import time

import sqlalchemy as sa

from ..domain import crossvote as rules
from ..domain.errors import DomainError
from ..store.schema import activities, crossvote_dots, participants
from .loading import load_activity, load_stages
from .participation import _once
from .promotions import items_of, rules as promotion_rules

_LOCK_PARTICIPANT = participants.update().where(participants.c.id == sa.bindparam("pid")).values(
    display_name=participants.c.display_name)
_MY_DOTS = (sa.select(crossvote_dots.c.promotion_id)
            .where(crossvote_dots.c.activity_id == sa.bindparam("aid"),
                   crossvote_dots.c.participant_id == sa.bindparam("pid")).order_by(crossvote_dots.c.id))
_ALL_DOTS = (sa.select(crossvote_dots.c.participant_id, crossvote_dots.c.promotion_id)
             .where(crossvote_dots.c.activity_id == sa.bindparam("aid")).order_by(crossvote_dots.c.id))


_SESSION_OF = sa.select(activities.c.session_id).where(activities.c.id == sa.bindparam("aid"))


def promoted_items(conn, item) -> list[dict]:
    """The items a cross-group vote is about: those promoted in the groups stage its report-back reports."""
    session_id = conn.execute(_SESSION_OF, {"aid": item.id}).scalar_one()
    source = promotion_rules.reported_stage(load_stages(conn, session_id), item.stage_position)
    return items_of(conn, session_id, source) if source is not None else []


def ballots(conn, activity_id: int) -> list[list[int]]:
    """Every voter's dots (promotion ids, one per dot), voter by voter, no identity."""
    people = {}
    for pid, promotion_id in conn.execute(_ALL_DOTS, {"aid": activity_id}):
        people.setdefault(pid, []).append(promotion_id)
    return list(people.values())


def _summary(entry: dict) -> dict:
    """What the vote's result keeps of a promoted item (the board has the item itself in the report)."""
    return {k: entry[k] for k in ("id", "group", "group_name", "kind", "label")}


def results(conn, item) -> dict:
    """The vote's result: every promoted item with its dots, ranked, the voters and dots given."""
    return rules.tally(item, [_summary(e) for e in promoted_items(conn, item)], ballots(conn, item.id))


def _ballot(conn, who, activity_id):
    conn.execute(_LOCK_PARTICIPANT, {"pid": who["participant_id"]})
    item = load_activity(conn, who["session_id"], activity_id)
    if item.kind != "crossvote":
        raise DomainError(f"{item.title!r} is not a cross-group vote")
    mine = list(conn.execute(_MY_DOTS, {"aid": item.id, "pid": who["participant_id"]}).scalars())
    return item, mine


def _reply(item, mine: list[int], promotion_id: int) -> dict:
    return {"ok": True, "activity": item.id, "item": promotion_id, "mine": rules.on_items(mine),
            "left": rules.left(item, mine)}


def add_dot(store, who: dict, client_id, activity_id, promotion_id, now: float | None = None) -> dict:
    """Put one of this participant's dots on a promoted item (refused past the budget or stacked when not allowed)."""
    now = now or time.time()

    def apply(conn):
        item, mine = _ballot(conn, who, activity_id)
        promoted = {e["id"] for e in promoted_items(conn, item)} if type(promotion_id) is int else set()
        chosen = rules.check_add(item, mine, promotion_id, promoted)
        conn.execute(crossvote_dots.insert().values(activity_id=item.id, promotion_id=chosen,
                                                    participant_id=who["participant_id"], created_at=now))
        return _reply(item, [*mine, chosen], chosen)

    return _once(store, who["participant_id"], client_id, "crossvote.add", apply)


def remove_dot(store, who: dict, client_id, activity_id, promotion_id) -> dict:
    """Take one of this participant's dots back from a promoted item."""

    def apply(conn):
        item, mine = _ballot(conn, who, activity_id)
        chosen = rules.check_remove(item, mine, promotion_id)
        dot_id = conn.execute(sa.select(sa.func.max(crossvote_dots.c.id)).where(
            crossvote_dots.c.activity_id == item.id, crossvote_dots.c.participant_id == who["participant_id"],
            crossvote_dots.c.promotion_id == chosen)).scalar_one()
        conn.execute(crossvote_dots.delete().where(crossvote_dots.c.id == dot_id))
        mine.remove(chosen)
        return _reply(item, mine, chosen)

    return _once(store, who["participant_id"], client_id, "crossvote.remove", apply)


def my_part(store, who: dict, activity_id) -> dict:
    """Where this participant's dots are in a cross-group vote and how many are left."""
    with store.transaction() as conn:
        item = load_activity(conn, who["session_id"], activity_id)
        if item.kind != "crossvote":
            raise DomainError(f"{item.title!r} is not a cross-group vote")
        mine = list(conn.execute(_MY_DOTS, {"aid": item.id, "pid": who["participant_id"]}).scalars())
        return {"activity": item.id, "mine": rules.on_items(mine), "left": rules.left(item, mine)}
