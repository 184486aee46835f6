"""Working groups: who is in which group of a groups stage.

A participant chooses a group (refused when it is full: the choice locks the group and counts
again in the same transaction, so two phones taking the last place at once cannot both have it),
or the facilitator deals people out at random or balanced across segments (everyone, or only those
without a group), and a stage whose plan says ``assignment: random | balanced`` deals out everyone
there when it starts and everyone who joins later. The facilitator moves a person by the anonymous
handle the person's phone shows; the console never sees a name.
"""
import hashlib
import hmac
from dataclasses import dataclass

import sqlalchemy as sa

from ..domain import assignment
from ..domain.errors import Conflict, DomainError, NotFound
from ..store.schema import groups, memberships, participants, stages
from .loading import load_session

ASSIGN_HOW = ("random", "balanced")
ASSIGN_WHO = ("without", "everyone")


def handle_secret(secret_key: str) -> bytes:
    """The key of the handles, derived from the app's secret key (never the key itself)."""
    return hmac.new(secret_key.encode(), b"baraza working-group handles", hashlib.sha256).digest()


@dataclass(frozen=True)
class GroupsStage:
    """A groups stage: its row id, place, how people get into its groups, and its groups in order."""

    id: int
    position: int
    assignment: str
    keys: tuple
    names: dict
    caps: dict


_STAGE = sa.select(stages.c.id, stages.c.kind, stages.c.assignment).where(
    stages.c.session_id == sa.bindparam("sid"), stages.c.position == sa.bindparam("pos"))
_GROUPS = (sa.select(groups.c.key, groups.c.name, groups.c.cap).where(groups.c.stage_id == sa.bindparam("stage"))
           .order_by(groups.c.position))
_SIZES = (sa.select(memberships.c.group_key, sa.func.count()).where(memberships.c.stage_id == sa.bindparam("stage"))
          .group_by(memberships.c.group_key))
_MEMBERS = (sa.select(memberships.c.participant_id, memberships.c.group_key, participants.c.segment)
            .join(participants, participants.c.id == memberships.c.participant_id)
            .where(memberships.c.stage_id == sa.bindparam("stage")))
_MY_GROUP = sa.select(memberships.c.group_key).where(memberships.c.stage_id == sa.bindparam("stage"),
                                                     memberships.c.participant_id == sa.bindparam("pid"))
_PEOPLE = sa.select(participants.c.id, participants.c.segment).where(participants.c.session_id == sa.bindparam("sid"))


def groups_stage(conn, session_id: int, position: int | None) -> GroupsStage | None:
    """The groups stage at ``position``, or None (no stage, or another kind)."""
    if position is None:
        return None
    row = conn.execute(_STAGE, {"sid": session_id, "pos": position}).first()
    if row is None or row.kind != "groups":
        return None
    rows = conn.execute(_GROUPS, {"stage": row.id}).all()
    return GroupsStage(row.id, position, row.assignment or "choose", tuple(k for k, _n, _c in rows),
                       {k: n for k, n, _c in rows}, {k: c for k, _n, c in rows})


def _current(conn, session) -> GroupsStage:
    if session.current_stage is None:
        raise DomainError("the session has not started")
    stage = groups_stage(conn, session.id, session.current_stage)
    if stage is None:
        raise DomainError("the current stage has no working groups")
    return stage


def sizes(conn, stage: GroupsStage) -> dict:
    """How many people are in each group of the stage now."""
    counted = dict(conn.execute(_SIZES, {"stage": stage.id}).all())
    return {key: counted.get(key, 0) for key in stage.keys}


_CAPS = sa.select(groups.c.key, groups.c.cap).where(groups.c.stage_id == sa.bindparam("stage"))
_CAPS_LOCKED = _CAPS.order_by(groups.c.id).with_for_update()


def _lock(conn, stage: GroupsStage) -> dict:
    """Hold the stage's groups until the transaction ends, so a count read next stays true; return
    their caps as they are now (the facilitator may have just changed one: the caps read before the
    lock could be the old ones).

    SQLite: a write first takes the database's write lock before anything is read (a read first
    would see the rows as they were before another choice commits). PostgreSQL: FOR UPDATE on the
    group rows, always in the same order.
    """
    if conn.dialect.name == "sqlite":
        conn.execute(groups.update().where(groups.c.stage_id == stage.id).values(key=groups.c.key))
        return dict(conn.execute(_CAPS, {"stage": stage.id}).all())
    return dict(conn.execute(_CAPS_LOCKED, {"stage": stage.id}).all())


def _put(conn, stage_id: int, placed: dict) -> None:
    """Write who is in which group (a new group replaces the old one)."""
    if not placed:
        return
    conn.execute(memberships.delete().where(memberships.c.stage_id == stage_id,
                                            memberships.c.participant_id.in_(list(placed))))
    conn.execute(memberships.insert(), [{"participant_id": pid, "stage_id": stage_id, "group_key": key}
                                        for pid, key in placed.items()])


def choose(conn, session, participant_id: int, group_key) -> dict:
    """A participant's own choice of a group of the current stage, refused when the group is full or
    the facilitator assigns the groups of this stage."""
    stage = _current(conn, session)
    if not isinstance(group_key, str) or group_key not in stage.keys:
        raise NotFound("there is no such working group")
    if stage.assignment != "choose":
        raise Conflict("in this stage the facilitator assigns the groups")
    caps = _lock(conn, stage)
    current = conn.execute(_MY_GROUP, {"stage": stage.id, "pid": participant_id}).scalar()
    assignment.check_choice(sizes(conn, stage), caps, group_key, current)
    if current != group_key:
        _put(conn, stage.id, {participant_id: group_key})
    return {"ok": True, "group": group_key}


def _deal(conn, session_id: int, stage: GroupsStage, how: str, everyone: bool, only=None) -> dict:
    """Deal out the session's participants (or ``only`` these) over the stage's groups; write it."""
    caps = _lock(conn, stage)
    people = dict(conn.execute(_PEOPLE, {"sid": session_id}).all())
    present: dict = {key: [] for key in stage.keys}
    placed = set()
    if not everyone:
        for pid, key, segment in conn.execute(_MEMBERS, {"stage": stage.id}):
            present.setdefault(key, []).append(segment)
            placed.add(pid)
        present = {key: present.get(key, []) for key in stage.keys}
    pool = {pid: seg for pid, seg in people.items() if pid not in placed and (only is None or pid in only)}
    if how == "balanced":
        dealt = assignment.assign_balanced(pool, stage.keys, caps, present=present)
    else:
        dealt = assignment.assign_random(list(pool), stage.keys, caps, present=present)
    if everyone:
        conn.execute(memberships.delete().where(memberships.c.stage_id == stage.id))
    _put(conn, stage.id, dealt)
    return dealt


def assign(store, code: str, how, who="without") -> dict:
    """The facilitator deals people out over the current stage's groups: ``how`` random or balanced
    (across segments); ``who`` "without" (only those without a group, the default) or "everyone"
    (everyone again). Caps hold. Returns how many were placed and the groups' sizes."""
    if how not in ASSIGN_HOW:
        raise DomainError(f"assign how? use one of {', '.join(ASSIGN_HOW)}")
    if who not in ASSIGN_WHO:
        raise DomainError('assign whom? use "without" (only those without a group) or "everyone"')
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        stage = _current(conn, session)
        dealt = _deal(conn, session.id, stage, how, who == "everyone")
        return {"assigned": len(dealt), "stage": stage.position, "sizes": sizes(conn, stage)}


def deal_on_entry(conn, session_id: int, position: int) -> None:
    """Entering a stage that assigns its groups deals out everyone there who has no group yet."""
    stage = groups_stage(conn, session_id, position)
    if stage is not None and stage.assignment in ASSIGN_HOW:
        _deal(conn, session_id, stage, stage.assignment, everyone=False)


def place_newcomer(conn, session_id: int, current_stage: int | None, participant_id: int) -> str | None:
    """A participant who joins (or comes back) while a stage that assigns its groups is on gets a
    group at once, the way the stage deals them out; their group (or None)."""
    stage = groups_stage(conn, session_id, current_stage)
    if stage is None or stage.assignment not in ASSIGN_HOW:
        return None
    known = conn.execute(_MY_GROUP, {"stage": stage.id, "pid": participant_id}).scalar()
    if known is not None:
        return known
    try:
        return _deal(conn, session_id, stage, stage.assignment, everyone=False, only={participant_id}).get(participant_id)
    except Conflict:
        # Every group is full: the facilitator raises a cap (the Places of the group's panel) and
        # deals out those without a group, or moves someone.
        return None


_IDS = (sa.select(participants.c.id).where(participants.c.session_id == sa.bindparam("sid"))
        .order_by(participants.c.id))
_IDS_AFTER = (sa.select(participants.c.id).where(participants.c.session_id == sa.bindparam("sid"),
                                                 participants.c.id > sa.bindparam("after")).order_by(participants.c.id))
_HOW_MANY = sa.select(sa.func.count()).where(participants.c.session_id == sa.bindparam("sid"))
# The handles of a stage, kept between calls with the highest participant id they cover: when a
# groups stage starts, every phone asks for its handle at once, and a thousand of them must not each
# read a thousand ids and compute a thousand HMACs; a latecomer adds only their own (unless it
# collides and everyone's grows).
_HANDLES: dict = {}
_HANDLES_KEPT = 64


def _stage_handles(conn, session_id: int, position: int, secret: bytes) -> dict[int, str]:
    key = (secret, session_id, position)
    kept, last = _HANDLES.get(key, (None, None))
    if kept is not None:
        newcomers = conn.execute(_IDS_AFTER, {"sid": session_id, "after": last}).scalars().all()
        if conn.execute(_HOW_MANY, {"sid": session_id}).scalar_one() == len(kept) + len(newcomers):
            if not newcomers:
                return kept
            return _keep(key, assignment.extend_handles(secret, position, kept, newcomers), newcomers[-1])
    ids = conn.execute(_IDS, {"sid": session_id}).scalars().all()
    return _keep(key, assignment.handles(secret, position, ids), ids[-1] if ids else 0)


def _keep(key, handles: dict[int, str], last: int) -> dict[int, str]:
    if key not in _HANDLES and len(_HANDLES) >= _HANDLES_KEPT:
        _HANDLES.pop(next(iter(_HANDLES)), None)
    _HANDLES[key] = (handles, last)
    return handles


def _handles(conn, session_id: int, stage: GroupsStage, secret: bytes) -> dict[int, str]:
    return _stage_handles(conn, session_id, stage.position, secret)


def my_handles(store, who: dict, secret: bytes) -> dict:
    """This participant's handle in each groups stage of the session: {"<stage position>": handle}."""
    with store.transaction() as conn:
        positions = conn.execute(sa.select(stages.c.position).where(
            stages.c.session_id == who["session_id"], stages.c.kind == "groups")).scalars().all()
        return {str(pos): _stage_handles(conn, who["session_id"], pos, secret)[who["participant_id"]]
                for pos in positions}


def members(store, code: str, secret: bytes) -> dict:
    """The current groups stage as the console sees it: each group's cap, size and members' handles
    (sorted, never names), and how many have no group yet."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        stage = _current(conn, session)
        handles = _handles(conn, session.id, stage, secret)
        listed: dict = {key: [] for key in stage.keys}
        for pid, key, _segment in conn.execute(_MEMBERS, {"stage": stage.id}):
            listed.setdefault(key, []).append(handles[pid])
        return {"stage": stage.position, "assignment": stage.assignment,
                "without_group": len(handles) - sum(len(v) for v in listed.values()),
                "groups": [{"key": key, "name": stage.names[key], "cap": stage.caps[key],
                            "members": sorted(listed.get(key, []))} for key in stage.keys]}


def move(store, code: str, secret: bytes, handle, to_group) -> dict:
    """The facilitator moves one person, named by their handle, to another group of the current stage
    (a cap binds the participants' own choices, not the facilitator)."""
    if not isinstance(handle, str) or not 4 <= len(handle) <= 16:
        raise NotFound("nobody in this stage has that handle")
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        stage = _current(conn, session)
        _lock(conn, stage)
        by_handle = {h: pid for pid, h in _handles(conn, session.id, stage, secret).items()}
        current = {pid: key for pid, key, _seg in conn.execute(_MEMBERS, {"stage": stage.id})}
        in_groups = {h: current[pid] for h, pid in by_handle.items() if pid in current}
        found, group = assignment.check_move(in_groups, handle.strip().upper(), to_group, stage.keys)
        _put(conn, stage.id, {by_handle[found]: group})
        return {"handle": found, "group": group, "stage": stage.position, "sizes": sizes(conn, stage)}
