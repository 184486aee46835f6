"""Editing the plan of a running session: add, change, move and remove what has not started.

Each change locks the session, asks the domain (``domain/agenda.py``) whether it may happen and
what the plan becomes, then moves the rows to match and stores the new plan, in one transaction.
The stored plan and the rows always agree, so the record, its exports and an imported copy show
the plan as it was run. Positions are renumbered in two steps (first out of the way, below zero,
then into place) so the unique constraints on positions hold after every statement.
"""
import sqlalchemy as sa

from ..domain import agenda
from ..domain.activity import PENDING
from ..domain.errors import DomainError, NotFound
from ..domain.plan import parse_plan
from ..store.schema import activities, groups, materials, memberships, sessions, stages, timers
from . import attendance
from .loading import load_activities, load_activity, load_session, load_stages
from .sessions import activity_view, insert_activity, insert_stage


def _lock(conn, code: str):
    """The session, locked against other edits (and stage moves) until the transaction ends.

    SQLite: a write first, so the transaction takes the database's write lock before it reads
    (a read first would see the rows before a concurrent edit commits). PostgreSQL: FOR UPDATE.
    """
    if conn.dialect.name == "sqlite":
        conn.execute(sessions.update().where(sessions.c.code == code).values(code=sessions.c.code))
    return load_session(conn, code, for_update=True)


def _plan(conn, session_id: int):
    stored = conn.execute(sa.select(sessions.c.plan).where(sessions.c.id == session_id)).scalar_one()
    return parse_plan(stored, source="the stored plan")


def _save(conn, session_id: int, plan) -> None:
    conn.execute(sessions.update().where(sessions.c.id == session_id).values(plan=plan.model_dump(mode="json")))


def _stage(all_stages, position):
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position < len(all_stages):
        raise NotFound(f"there is no stage {str(position)[:12]} in this session")
    return all_stages[position]


def _group_index(stage, group_key) -> int | None:
    if group_key is None:
        return None
    keys = [k for k, _name in stage.groups]
    if group_key not in keys:
        raise NotFound(f"stage {stage.position + 1} has no working group {str(group_key)[:12]!r}")
    return keys.index(group_key)


def _siblings(conn, session_id: int, item) -> list:
    """The activities that share ``item``'s list (its stage, or its group), in order."""
    return [a for a in load_activities(conn, session_id, item.stage_position) if a.group_key == item.group_key]


def _renumber_activities(conn, ids: list) -> None:
    for n, activity_id in enumerate(ids):
        conn.execute(activities.update().where(activities.c.id == activity_id).values(position=-n - 1))
    conn.execute(activities.update().where(activities.c.id.in_(ids)).values(position=-activities.c.position - 1))


def _has_timer(conn, session_id: int, activity_id: int) -> bool:
    return conn.execute(sa.select(timers.c.id).where(
        timers.c.session_id == session_id, timers.c.scope == f"activity:{activity_id}")).first() is not None


def _not_started(conn, session_id: int, item) -> None:
    agenda.require_activity_not_started(item, attendance.answered(conn, item.id), _has_timer(conn, session_id, item.id))


def add_activity(store, code: str, stage_position, data, group=None, at=None) -> dict:
    """Add an activity (pending) to a stage, or to one group of a groups stage; return its view."""
    with store.transaction() as conn:
        session = _lock(conn, code)
        stage = _stage(load_stages(conn, session.id), stage_position)
        item = agenda.new_activity(data)
        plan, at = agenda.with_activity(_plan(conn, session.id), stage.position, _group_index(stage, group), item, at)
        siblings = [a.id for a in load_activities(conn, session.id, stage.position) if a.group_key == group]
        # In out of the way first (below the places renumbering passes through), then into place.
        new_id = insert_activity(conn, session.id, stage.id, group, -len(siblings) - 2, item)
        _renumber_activities(conn, siblings[:at] + [new_id] + siblings[at:])
        _save(conn, session.id, plan)
        return activity_view(load_activity(conn, session.id, new_id))


def _pending(conn, code: str, activity_id):
    """The locked session, an activity that has not started, and where it sits in the plan."""
    session = _lock(conn, code)
    item = load_activity(conn, session.id, activity_id)
    _not_started(conn, session.id, item)
    stage = load_stages(conn, session.id)[item.stage_position]
    where = (stage.position, _group_index(stage, item.group_key), item.position)
    return session, item, _plan(conn, session.id), where


def change_activity(store, code: str, activity_id, data) -> dict:
    """Give an activity that has not started a new title and settings; return its view."""
    with store.transaction() as conn:
        session, item, plan, where = _pending(conn, code, activity_id)
        new = agenda.new_activity(data)
        plan = agenda.with_activity_replaced(plan, *where, new)
        conn.execute(activities.update().where(activities.c.id == item.id).values(**agenda.activity_row(new)))
        _save(conn, session.id, plan)
        return activity_view(load_activity(conn, session.id, item.id))


def move_activity(store, code: str, activity_id, to) -> dict:
    """Move an activity that has not started to position ``to`` of its stage (or group)."""
    with store.transaction() as conn:
        session, item, plan, where = _pending(conn, code, activity_id)
        plan = agenda.with_activity_moved(plan, *where, to)
        ids = [a.id for a in _siblings(conn, session.id, item)]
        _renumber_activities(conn, agenda.moved_order(ids, ids.index(item.id), to))
        _save(conn, session.id, plan)
        return activity_view(load_activity(conn, session.id, item.id))


def remove_activity(store, code: str, activity_id) -> None:
    """Remove an activity that has not started (no answers, still pending)."""
    with store.transaction() as conn:
        session, item, plan, where = _pending(conn, code, activity_id)
        plan = agenda.without_activity(plan, *where)
        rest = [a.id for a in _siblings(conn, session.id, item) if a.id != item.id]
        conn.execute(activities.delete().where(activities.c.id == item.id))
        _renumber_activities(conn, rest)
        _save(conn, session.id, plan)


def _renumber_stages(conn, session_id: int, order: list) -> None:
    """Put the session's stages (row ids) in ``order``. Only stages after the last one that has
    been on move, so the stage on now and the timers and group choices kept by place stay put."""
    for n, stage_id in enumerate(order):
        conn.execute(stages.update().where(stages.c.id == stage_id).values(position=-n - 1))
    conn.execute(stages.update().where(stages.c.session_id == session_id, stages.c.position < 0)
                 .values(position=-stages.c.position - 1))


def add_stage(store, code: str, data, at=None) -> int:
    """Add a stage (with its groups and activities) after the last one that has been on; return its place."""
    with store.transaction() as conn:
        session = _lock(conn, code)
        item = agenda.new_stage(data)
        plan, at = agenda.with_stage(_plan(conn, session.id), item, at)
        all_stages = load_stages(conn, session.id)
        agenda.require_open_place(all_stages, at)
        order = [s.id for s in all_stages]
        # In out of the way first (below the places renumbering passes through), then into place.
        new_id = insert_stage(conn, session.id, -len(order) - 2, item)
        _renumber_stages(conn, session.id, order[:at] + [new_id] + order[at:])
        _save(conn, session.id, plan)
        return at


def _holds(conn, stage) -> str | None:
    """What a stage that never started may still hold: materials, group choices."""
    n = conn.execute(sa.select(sa.func.count()).select_from(materials).where(materials.c.stage_id == stage.id)).scalar_one()
    if n:
        return f"{n} material{'s' if n != 1 else ''}"
    if conn.execute(sa.select(memberships.c.participant_id).where(memberships.c.stage_id == stage.id)).first():
        return "participants' group choices"
    return None


def move_stage(store, code: str, position, to) -> None:
    """Move a stage after the last one that has been on to another place after it."""
    with store.transaction() as conn:
        session = _lock(conn, code)
        all_stages = load_stages(conn, session.id)
        stage = _stage(all_stages, position)
        plan = agenda.with_stage_moved(_plan(conn, session.id), stage.position, to)
        agenda.require_open_place(all_stages, stage.position, to)
        _renumber_stages(conn, session.id, agenda.moved_order([s.id for s in all_stages], stage.position, to))
        _save(conn, session.id, plan)


def remove_stage(store, code: str, position) -> None:
    """Remove a stage after the last one that has been on, if it holds nothing."""
    with store.transaction() as conn:
        session = _lock(conn, code)
        all_stages = load_stages(conn, session.id)
        stage = _stage(all_stages, position)
        agenda.require_open_place(all_stages, stage.position)
        agenda.require_stage_empty(stage, _holds(conn, stage))
        plan = agenda.without_stage(_plan(conn, session.id), stage.position)
        conn.execute(stages.delete().where(stages.c.id == stage.id))
        _renumber_stages(conn, session.id, [s.id for s in all_stages if s.id != stage.id])
        _save(conn, session.id, plan)


def _groups_stage(conn, code: str, position):
    """The locked session and its groups stage at ``position`` (any groups stage, the one on now too)."""
    session = _lock(conn, code)
    stage = _stage(load_stages(conn, session.id), position)
    if stage.kind != "groups":
        raise DomainError(f"stage {stage.position + 1} ({stage.title!r}) has no working groups")
    return session, stage


def set_assignment(store, code: str, position, assignment) -> None:
    """How people get into a groups stage's groups from now on: they choose, or they are dealt out at
    random or balanced across segments. Nobody is moved or dealt out by the change itself: on the
    stage that is on, the facilitator's Assign deals out those without a group, and a latecomer is
    dealt out as they join."""
    with store.transaction() as conn:
        session, stage = _groups_stage(conn, code, position)
        plan = agenda.with_assignment(_plan(conn, session.id), stage.position, assignment)
        conn.execute(stages.update().where(stages.c.id == stage.id).values(assignment=assignment))
        _save(conn, session.id, plan)


def set_cap(store, code: str, position, group, cap) -> None:
    """A group's places from now on (1 to 500, or None: no limit). Below the people already in it,
    the group is full and nobody is taken out; a raised cap lets the phones choose it again."""
    if not isinstance(group, str):
        raise NotFound("there is no such working group")
    with store.transaction() as conn:
        session, stage = _groups_stage(conn, code, position)
        plan = agenda.with_cap(_plan(conn, session.id), stage.position, _group_index(stage, group), cap)
        conn.execute(groups.update().where(groups.c.stage_id == stage.id, groups.c.key == group).values(cap=cap))
        _save(conn, session.id, plan)


_CAPS = (sa.select(groups.c.stage_id, groups.c.key, groups.c.cap).join(stages, stages.c.id == groups.c.stage_id)
         .where(stages.c.session_id == sa.bindparam("sid")))
_ASSIGNMENTS = sa.select(stages.c.id, stages.c.assignment).where(stages.c.session_id == sa.bindparam("sid"),
                                                                 stages.c.kind == "groups")


def plan_view(store, code: str, connected: frozenset = frozenset()) -> dict:
    """The whole agenda as the console edits it: every stage and activity, what may still change,
    a groups stage's assignment and each group's cap, and the participant counts."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        all_stages = load_stages(conn, session.id)
        items = load_activities(conn, session.id)
        counted = attendance.counts(conn, session.id, session.current_stage, connected)
        timed = set(conn.execute(sa.select(timers.c.scope).where(timers.c.session_id == session.id)).scalars())
        caps = {(stage_id, key): cap for stage_id, key, cap in conn.execute(_CAPS, {"sid": session.id})}
        assignments = dict(conn.execute(_ASSIGNMENTS, {"sid": session.id}).all())
        out = []
        for stage in all_stages:
            views = []
            for item in (a for a in items if a.stage_position == stage.position):
                view = activity_view(item)
                view["settings"] = item.settings
                view["position"] = item.position
                view["editable"] = (item.state == PENDING and not counted["activities"].get(str(item.id))
                                    and f"activity:{item.id}" not in timed)
                views.append(view)
            out.append({"position": stage.position, "kind": stage.kind, "title": stage.title,
                        "minutes": stage.minutes, "description": stage.description,
                        "started": stage.started_at is not None, "current": stage.position == session.current_stage,
                        "groups": [{"key": k, "name": n, "cap": caps.get((stage.id, k))} for k, n in stage.groups],
                        "activities": views})
            if stage.kind == "groups":
                out[-1]["assignment"] = assignments.get(stage.id) or "choose"
        return {"code": session.code, "status": session.status, "stages": out, "counts": counted,
                "first_open_place": agenda.first_open_place(all_stages)}


def session_counts(store, code: str, connected: frozenset = frozenset()) -> dict:
    """The participant counts alone (for the console's live ``counts`` event)."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        return {"code": session.code, **attendance.counts(conn, session.id, session.current_stage, connected)}
