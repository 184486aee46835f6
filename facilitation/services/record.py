"""The session record: everything that happened, with no participant token or id in it."""
from datetime import datetime, timezone

import sqlalchemy as sa

from ..store.schema import activities, participants, sessions
from .loading import load_activities, load_session, load_stages
from .results import results_of
from .sessions import activity_view, group_counts

SCHEMA = "baraza.record/1"


def iso(seconds: float | None) -> str | None:
    """An epoch time as ISO 8601 in UTC."""
    return None if seconds is None else datetime.fromtimestamp(seconds, timezone.utc).isoformat()


def session_record(store, code: str) -> dict:
    """The whole session as a JSON-ready record (first version of the export)."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        row = conn.execute(sa.select(sessions).where(sessions.c.id == session.id)).mappings().one()
        joined = conn.execute(sa.select(sa.func.count()).select_from(participants).where(
            participants.c.session_id == session.id)).scalar_one()
        times = {r.id: r for r in conn.execute(sa.select(
            activities.c.id, activities.c.opened_at, activities.c.closed_at).where(
            activities.c.session_id == session.id))}
        items = load_activities(conn, session.id)
        record_stages = []
        for stage in load_stages(conn, session.id):
            counts = group_counts(conn, session.id, stage.position) if stage.groups else {}
            record_stages.append({
                "position": stage.position, "kind": stage.kind, "title": stage.title,
                "description": stage.description, "planned_minutes": stage.minutes,
                "started_at": iso(stage.started_at), "ended_at": iso(stage.ended_at),
                "actual_minutes": _minutes(stage.started_at, stage.ended_at),
                "groups": [{"key": k, "name": n, "participants": counts.get(k, 0)} for k, n in stage.groups],
                "activities": [
                    {**activity_view(a), "settings": a.settings, "opened_at": iso(times[a.id].opened_at),
                     "closed_at": iso(times[a.id].closed_at), "results": results_of(conn, a)}
                    for a in items if a.stage_position == stage.position],
            })
    return {
        "schema": SCHEMA,
        "exported_at": iso(datetime.now(timezone.utc).timestamp()),
        "session": {"code": row["code"], "title": row["title"], "status": row["status"],
                    "created_at": iso(row["created_at"]), "ended_at": iso(row["ended_at"]),
                    "participants": joined},
        "plan": row["plan"],
        "stages": record_stages,
    }


def _minutes(start, end):
    return None if start is None or end is None else round((end - start) / 60, 1)
