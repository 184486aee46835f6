"""The facilitator's timers: a stage's countdown (its planned minutes, started when the stage is
entered) and an activity's (started by hand). Leaving a stage, or closing the session, holds the
timers of that stage that were running; coming back to it runs exactly those again."""
import time

import sqlalchemy as sa

from ..domain import timer as tm
from ..domain.errors import Conflict, DomainError, NotFound
from ..store.schema import timers
from .loading import load_activities, load_activity, load_session, load_stages

_TIMERS = sa.select(timers.c.scope, timers.c.duration, timers.c.elapsed, timers.c.started_at, timers.c.held).where(
    timers.c.session_id == sa.bindparam("sid"))


def _scope(stage_position: int | None = None, activity_id: int | None = None, group: str | None = None) -> str:
    if group is not None:
        return f"group:{stage_position}:{group}"
    return f"activity:{activity_id}" if activity_id is not None else f"stage:{stage_position}"


def _load(conn, session_id: int) -> dict:
    """{scope: (timer, held)} for every timer of the session."""
    return {scope: (tm.Timer(duration, elapsed, started_at), held) for scope, duration, elapsed, started_at, held
            in conn.execute(_TIMERS, {"sid": session_id})}


def _save(conn, session_id: int, scope: str, timer: tm.Timer, exists: bool, held: bool = False) -> None:
    values = {"duration": timer.duration, "elapsed": timer.elapsed, "started_at": timer.started_at, "held": held}
    if exists:
        conn.execute(timers.update().where(timers.c.session_id == session_id, timers.c.scope == scope)
                     .values(**values))
    else:
        conn.execute(timers.insert().values(session_id=session_id, scope=scope, **values))


def _stage_scopes(conn, session_id: int, position: int) -> list[str]:
    stage = load_stages(conn, session_id)[position]
    return [_scope(position), *(_scope(activity_id=a.id) for a in load_activities(conn, session_id, position)),
            *(_scope(position, group=key) for key, _name in stage.groups)]


def stage_timers(conn, session_id: int, stage_position: int, activity_ids, group_keys=()) -> dict:
    """The current stage's timers as surfaces show them: the stage's, each activity's that has one,
    and each working group's that has one."""
    kept = _load(conn, session_id)
    stage = kept.get(_scope(stage_position))
    out = {"stage": tm.view(stage[0]) if stage else None,
           "activities": {str(a): tm.view(kept[_scope(activity_id=a)][0])
                          for a in activity_ids if _scope(activity_id=a) in kept}}
    if group_keys:
        out["groups"] = {key: tm.view(kept[_scope(stage_position, group=key)][0])
                         for key in group_keys if _scope(stage_position, group=key) in kept}
    return out


def enter_stage(conn, session_id: int, position: int, minutes: int, now: float) -> None:
    """Entering a stage starts its countdown the first time, and runs again the timers that leaving
    it held (not those the facilitator had paused)."""
    kept = _load(conn, session_id)
    if _scope(position) not in kept:
        _save(conn, session_id, _scope(position), tm.Timer(duration=minutes * 60.0, started_at=now), False)
    for scope in _stage_scopes(conn, session_id, position):
        if scope in kept and kept[scope][1]:
            _save(conn, session_id, scope, tm.control(kept[scope][0], "start", now), True)


def leave_stage(conn, session_id: int, position: int, now: float) -> None:
    """Leaving a stage holds its running timers (paused until the stage comes back)."""
    kept = _load(conn, session_id)
    for scope in _stage_scopes(conn, session_id, position):
        if scope in kept and kept[scope][0].running:
            _save(conn, session_id, scope, tm.control(kept[scope][0], "pause", now), True, held=True)


def control_timer(store, code: str, action, activity_id=None, minutes=None, now: float | None = None,
                  group=None) -> dict:
    """Start, pause, add to or reset the current stage's timer, one of its activities' or one of its
    working groups' (``group``: its key; it counts down the stage's minutes unless given others);
    return its view."""
    now = now or time.time()
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        if session.current_stage is None:
            raise Conflict("timers run while the session is on a stage")
        if group is not None:
            if activity_id is not None:
                raise DomainError("a timer is a group's or an activity's, not both")
            stage = load_stages(conn, session.id)[session.current_stage]
            if not isinstance(group, str) or group not in [k for k, _n in stage.groups]:
                raise NotFound("the current stage has no such working group")
            scope, planned = _scope(stage.position, group=group), stage.minutes * 60.0
        elif activity_id is None:
            scope = _scope(session.current_stage)
            planned = load_stages(conn, session.id)[session.current_stage].minutes * 60.0
        else:
            item = load_activity(conn, session.id, activity_id)
            if item.stage_position != session.current_stage:
                raise Conflict("only an activity of the current stage has a timer")
            scope, planned = _scope(activity_id=item.id), tm.ACTIVITY_MINUTES * 60.0
        kept = _load(conn, session.id).get(scope)
        changed = tm.control(kept[0] if kept else tm.Timer(duration=planned), action, now, minutes, planned=planned)
        _save(conn, session.id, scope, changed, kept is not None)
        return tm.view(changed)
