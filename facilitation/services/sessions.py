"""The facilitator's use cases: create a session from a plan, move through it, run its activities."""
import time

import sqlalchemy as sa

from ..domain import activity as act
from ..domain.agenda import activity_row
from ..domain.codes import new_join_code
from ..domain.errors import DomainError, Forbidden
from ..domain.plan import Plan
from ..domain.session import ENDED, LOBBY, stage_status, target_stage
from ..store.schema import activities, groups, memberships, participants, sessions, stages
from .loading import load_activities, load_activity, load_session, load_stages
from . import announcements, groups as working_groups, moderation, promotions, segments, takeaways, timers
from .results import count_of, for_phones_results, phone_results_of, phones_event, results_event, results_of


def create_session(store, plan: Plan, now: float | None = None) -> str:
    """Store a new session built from a checked plan; return its join code."""
    now = now or time.time()
    for _ in range(20):
        code = new_join_code()
        try:
            with store.transaction() as conn:
                _insert_session(conn, code, plan, now)
            return code
        except sa.exc.IntegrityError:
            continue  # the code was taken: draw another
    raise RuntimeError("could not find a free join code")


def _insert_session(conn, code: str, plan: Plan, now: float) -> None:
    session_id = conn.execute(sessions.insert().values(
        code=code, title=plan.title, plan=plan.model_dump(mode="json"), status=LOBBY,
        current_stage=None, created_at=now)).inserted_primary_key[0]
    for position, stage in enumerate(plan.stages):
        insert_stage(conn, session_id, position, stage)


def insert_stage(conn, session_id: int, position: int, stage) -> int:
    """Store one planned stage at ``position`` with its groups and activities; return its row id."""
    stage_id = conn.execute(stages.insert().values(
        session_id=session_id, position=position, kind=stage.kind, title=stage.title,
        minutes=stage.minutes, description=stage.description,
        assignment=stage.assignment if stage.kind == "groups" else None)).inserted_primary_key[0]
    if stage.kind == "groups":
        for g, group in enumerate(stage.groups):
            key = f"g{g + 1}"
            conn.execute(groups.insert().values(stage_id=stage_id, key=key, name=group.name, position=g,
                                                cap=group.cap))
            _insert_activities(conn, session_id, stage_id, key, group.activities)
    else:
        _insert_activities(conn, session_id, stage_id, None, stage.activities)
    return stage_id


def _insert_activities(conn, session_id, stage_id, group_key, planned) -> None:
    for position, item in enumerate(planned):
        insert_activity(conn, session_id, stage_id, group_key, position, item)


def insert_activity(conn, session_id, stage_id, group_key, position: int, item) -> int:
    """Store one planned activity, pending, at ``position`` of its stage (or group); return its id."""
    return conn.execute(activities.insert().values(
        session_id=session_id, stage_id=stage_id, group_key=group_key, position=position,
        state=act.PENDING, **activity_row(item))).inserted_primary_key[0]


def move_stage(store, code: str, action: str, position=None, now: float | None = None) -> dict:
    """Go to the next, previous or a given stage, or end the session; return the new state."""
    now = now or time.time()
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        target = target_stage(session, action, position)
        if target == session.current_stage and action != "end":
            return session_state(conn, code)
        if session.current_stage is not None:
            _leave_stage(conn, session, now)
        if target is not None:
            _enter_stage(conn, session, target, now)
        conn.execute(sessions.update().where(sessions.c.id == session.id).values(
            current_stage=target, status=stage_status(target), ended_at=None if target is not None else now))
        return session_state(conn, code)


def _leave_stage(conn, session, now) -> None:
    stage_id = _stage_id(conn, session.id, session.current_stage)
    timers.leave_stage(conn, session.id, session.current_stage, now)
    conn.execute(stages.update().where(stages.c.id == stage_id).values(ended_at=now))
    conn.execute(activities.update().where(
        activities.c.stage_id == stage_id, activities.c.state == act.OPEN).values(state=act.CLOSED, closed_at=now))


def _enter_stage(conn, session, position, now) -> None:
    stage_id = _stage_id(conn, session.id, position)
    conn.execute(stages.update().where(stages.c.id == stage_id, stages.c.started_at.is_(None)).values(started_at=now))
    conn.execute(stages.update().where(stages.c.id == stage_id).values(ended_at=None))
    minutes = conn.execute(sa.select(stages.c.minutes).where(stages.c.id == stage_id)).scalar_one()
    timers.enter_stage(conn, session.id, position, minutes, now)
    working_groups.deal_on_entry(conn, session.id, position)
    for item in load_activities(conn, session.id, position):
        if item.state == act.PENDING and act.opens_with_stage(item):
            conn.execute(activities.update().where(activities.c.id == item.id).values(state=act.OPEN, opened_at=now))


def _stage_id(conn, session_id, position) -> int:
    return conn.execute(sa.select(stages.c.id).where(
        stages.c.session_id == session_id, stages.c.position == position)).scalar_one()


def control_activity(store, code: str, activity_id, action: str, now: float | None = None) -> dict:
    """Open, close, reveal or hide an activity; return the activity as the console sees it."""
    now = now or time.time()
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        item = load_activity(conn, session.id, activity_id)
        changes = act.control(item, action, session.current_stage)
        if changes.get("state") == act.OPEN:
            changes["opened_at"] = now
        elif changes.get("state") == act.CLOSED:
            changes["closed_at"] = now
        conn.execute(activities.update().where(activities.c.id == item.id).values(**changes))
        return activity_view(load_activity(conn, session.id, item.id))


def activity_view(item) -> dict:
    """What every surface may know about an activity apart from its results."""
    view = {"id": item.id, "kind": item.kind, "title": item.title, "state": item.state,
            "group": item.group_key, "stage": item.stage_position, "results_visible": item.results_visible}
    s = item.settings
    if item.kind == "poll":
        view.update(options=s["options"], multiple=s["multiple"])
    elif item.kind == "board":
        view.update(columns=s["columns"], note_limit=s["note_limit"], phase=s.get("phase", "write"),
                    dots=s.get("dots", 3), stacking=s.get("stacking", True))
    elif item.kind == "wordcloud":
        view.update(max_answers=s["max_answers"], max_words=s["max_words"])
    elif item.kind == "ranking":
        view.update(options=s["options"])
    elif item.kind == "points":
        view.update(options=s["options"], budget=s["budget"])
    elif item.kind == "text":
        view.update(max_answers=s["max_answers"], text_limit=s["text_limit"])
    elif item.kind == "qna":
        view.update(question_limit=s["question_limit"], max_questions=s["max_questions"])
    elif item.kind == "scale":
        view.update(statements=s["statements"], min=s["min"], max=s["max"], min_label=s["min_label"],
                    max_label=s["max_label"])
    elif item.kind == "survey":
        view.update(questions=s["questions"])
    elif item.kind == "crossvote":
        view.update(dots=s.get("dots", 3), stacking=s.get("stacking", False))
    elif item.kind == "pat":
        from .pat import settings_view
        view.update(settings_view(s))
    elif item.kind == "talk":
        view.update(speaker=s.get("speaker", ""), description=s.get("description", ""))
    view.update({name: bool(s.get(name)) for name in OPTIONS.get(item.kind, ())})
    return view


# The settings a facilitator may switch while an activity runs (the moderation queue, blurred notes).
OPTIONS = {"board": ("moderate", "blur"), "wordcloud": ("moderate",), "text": ("moderate",), "qna": ("moderate",)}
# Results per segment, side by side with the total, in sessions that have segments (services/segments.py).
OPTIONS.update({kind: ("by_segment",) for kind in segments.BROKEN_DOWN})


def set_options(store, code: str, activity_id, changes) -> dict:
    """Switch an activity's queue (``moderate``) or blurred notes (``blur``) on or off; return its view."""
    if not isinstance(changes, dict) or not changes:
        raise DomainError('send the options to change, e.g. {"moderate": true}')
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        item = load_activity(conn, session.id, activity_id)
        allowed = OPTIONS.get(item.kind, ())
        for name, value in changes.items():
            if name not in allowed:
                listed = ", ".join(allowed) or "none"
                raise DomainError(f"a {item.kind} has no option {str(name)[:20]!r} to switch (it has: {listed})")
            if not isinstance(value, bool):
                raise DomainError(f'"{name}" must be true or false')
            if name == "by_segment" and value and not segments.settings_of_session(conn, session.id)[0]:
                raise DomainError("this session has no segments: add them to its plan to show results by segment")
        conn.execute(activities.update().where(activities.c.id == item.id).values(settings={**item.settings, **changes}))
        return activity_view(load_activity(conn, session.id, item.id))


_JOINED = sa.select(sa.func.count()).select_from(participants).where(participants.c.session_id == sa.bindparam("sid"))
_PLAN = sa.select(sessions.c.plan).where(sessions.c.id == sa.bindparam("sid"))


def session_state(conn, code: str) -> dict:
    """The session as every surface sees it: agenda, current stage, its groups and activities."""
    return state_and_activities(conn, code)[0]


def state_and_activities(conn, code: str) -> tuple[dict, list]:
    """``session_state`` and the current stage's activities as domain objects (none in the lobby)."""
    session = load_session(conn, code)
    all_stages = load_stages(conn, session.id)
    joined = conn.execute(_JOINED, {"sid": session.id}).scalar_one()
    plan = conn.execute(_PLAN, {"sid": session.id}).scalar_one()
    state = {
        "code": session.code, "title": session.title, "status": session.status,
        "stage_index": session.current_stage, "participants": joined,
        "language": (plan or {}).get("language", "en"),
        "announcement": announcements.current(conn, session.id),
        # The segments a participant may declare, and k: a segment with fewer respondents is hidden.
        "segments": list(segments.segment_settings(plan)[0]), "hide_segments_below": segments.segment_settings(plan)[1],
        "takeaways": takeaways.listed(conn, session.id),
        "agenda": [{"position": s.position, "kind": s.kind, "title": s.title, "minutes": s.minutes}
                   for s in all_stages],
        "stage": None,
    }
    items = []
    if session.current_stage is not None:
        stage = all_stages[session.current_stage]
        items = load_activities(conn, session.id, stage.position)
        state["stage"] = {
            "position": stage.position, "kind": stage.kind, "title": stage.title,
            "minutes": stage.minutes, "description": stage.description, "started_at": stage.started_at,
            "groups": [{"key": k, "name": n} for k, n in stage.groups],
            "activities": [activity_view(a) for a in items],
            "timers": timers.stage_timers(conn, session.id, stage.position, [a.id for a in items],
                                          [k for k, _n in stage.groups]),
        }
        _add_group_details(conn, session, state["stage"])
        state["stage"].update(_plenary_part(conn, session.id, all_stages, stage))
    return state, items


def _add_group_details(conn, session, stage: dict) -> None:
    """A groups stage's groups with how people get in (``assignment``), each group's ``cap`` and
    ``size`` (people in it now) and ``board_url``: the path of the group's own board."""
    if stage["kind"] != "groups":
        return  # no query: this runs on every join and every state change
    found = working_groups.groups_stage(conn, session.id, stage["position"])
    if found is None:
        return
    counted = working_groups.sizes(conn, found)
    stage["assignment"] = found.assignment
    for group in stage["groups"]:
        group.update(cap=found.caps.get(group["key"]), size=counted.get(group["key"], 0),
                     board_url=f"/board/{session.code}?group={group['key']}")


def _plenary_part(conn, session_id: int, all_stages, stage) -> dict:
    """A groups stage's promoted items (ids, for the console's toggles); a report-back's whole report."""
    if stage.kind == "groups":
        return {"promoted": promotions.listed(conn, stage.id)}
    if stage.kind == "report-back":
        return {"report": promotions.report(conn, session_id, all_stages, stage)}
    return {}


def for_phones(state: dict) -> dict:
    """The state as phones (and group hosts' pages) get it: the takeaways only once the session has
    ended (until then the facilitator is still writing them, and a thousand phones need not carry them
    on every change), and a report-back's promoted results without what phones are never sent
    (results per segment: the board shows them)."""
    def item_for_phones(item: dict) -> dict:
        results = for_phones_results(item.get("results"))
        return item if results is item.get("results") else {**item, "results": results}

    drafts = state["status"] != ENDED and bool(state.get("takeaways"))
    report = (state.get("stage") or {}).get("report")
    segmented = bool(report) and any(item_for_phones(item) is not item
                                     for group in report["groups"] for item in group["items"])
    if not drafts and not segmented:
        return state
    shown = {**state, "takeaways": []} if drafts else {**state}
    if segmented:
        shown["stage"] = {**state["stage"], "report": {**report, "groups": [
            {**group, "items": [item_for_phones(item) for item in group["items"]]} for group in report["groups"]]}}
    return shown


def for_rapporteurs(state: dict) -> dict:
    """The state as a rapporteur's page gets it: as phones do, with the takeaways they are writing."""
    return {**for_phones(state), "takeaways": state.get("takeaways", [])}


def participant_count(store, code: str) -> int:
    """How many participants have joined the session."""
    with store.transaction() as conn:
        return conn.execute(_JOINED, {"sid": load_session(conn, code).id}).scalar_one()


def group_counts(conn, session_id: int, stage_position: int) -> dict:
    """How many participants chose each group of a groups stage."""
    rows = conn.execute(
        sa.select(memberships.c.group_key, sa.func.count())
        .join(stages, stages.c.id == memberships.c.stage_id)
        .where(stages.c.session_id == session_id, stages.c.position == stage_position)
        .group_by(memberships.c.group_key)).all()
    return {key: n for key, n in rows}


def read_state(store, code: str) -> dict:
    """``session_state`` in a transaction of its own."""
    with store.transaction() as conn:
        return session_state(conn, code)


def read_results(store, code: str, activity_id: int) -> dict:
    """Current results of one activity."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        return results_of(conn, load_activity(conn, session.id, activity_id))


def revealed_for_phones(conn, items) -> list[dict]:
    """The revealed results among these activities, as ``results`` events for a phone that (re)joins."""
    return [phone_results_of(conn, item) for item in items if item.interactive and item.results_visible]


def phone_results(store, code: str, activity_id, known: tuple | None = None) -> dict:
    """One revealed activity's full ``results`` event, for a phone that shows it; refused while hidden.

    ``known`` is ``(responses, event)`` from an earlier call: while the activity still has that many
    answers it is given back without reading them all again.
    """
    with store.transaction() as conn:
        session = load_session(conn, code)
        item = load_activity(conn, session.id, activity_id)
        if not item.interactive:
            raise DomainError(f"{item.title!r} has no results")
        if not item.results_visible:
            raise Forbidden("the facilitator has not revealed these results")
        if known is not None and known[0] is not None and count_of(conn, item) == known[0]:
            return known[1]
        return phones_event(results_event(item.id, True, results_of(conn, item)))


def list_sessions(store) -> list[dict]:
    """Every stored session, newest first, with its participant count."""
    with store.transaction() as conn:
        joined = (sa.select(sa.func.count()).select_from(participants)
                  .where(participants.c.session_id == sessions.c.id).scalar_subquery())
        rows = conn.execute(sa.select(sessions.c.code, sessions.c.title, sessions.c.status,
                                      sessions.c.created_at, joined.label("participants"))
                            .order_by(sessions.c.created_at.desc())).mappings().all()
        return [dict(r) for r in rows]


def read_activity(store, code: str, activity_id: int) -> tuple[dict, dict, dict | None]:
    """One activity's view, current results and moderation (for the console), read in one transaction."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        item = load_activity(conn, session.id, activity_id)
        return activity_view(item), results_of(conn, item), moderation.console_view(conn, item)
