"""Rows to domain objects: the one place that knows both the tables and the dataclasses."""
import sqlalchemy as sa

from ..domain.activity import Activity
from ..domain.errors import NotFound
from ..domain.session import Session, Stage
from ..store.schema import activities, groups, sessions, stages

# Row ids are 32-bit integers in PostgreSQL (64-bit in SQLite): a larger number names no row, and
# handing it to the database driver fails (SQLite: "Python int too large to convert").
MAX_ID = 2**31 - 1


# Statements built once and run with parameters: on the join, vote and note paths building (and
# cache-keying) a statement costs more Python time than SQLite takes to run it.
_STAGE_COUNT = (sa.select(sa.func.count()).select_from(stages).where(stages.c.session_id == sessions.c.id)
                .correlate(sessions).scalar_subquery())
_SESSION_BY_CODE = sa.select(sessions.c.id, sessions.c.code, sessions.c.title, sessions.c.status,
                             sessions.c.current_stage, _STAGE_COUNT.label("stage_count")
                             ).where(sessions.c.code == sa.bindparam("code"))
_SESSION_FOR_UPDATE = sa.select(sessions.c.id, sessions.c.code, sessions.c.title, sessions.c.status,
                                sessions.c.current_stage).where(sessions.c.code == sa.bindparam("code")
                                                                ).with_for_update()
_COUNT_STAGES = sa.select(sa.func.count()).select_from(stages).where(stages.c.session_id == sa.bindparam("sid"))


def load_session(conn, code: str, for_update: bool = False) -> Session:
    """The session with this join code, or NotFound."""
    if for_update and conn.dialect.name == "postgresql":
        # PostgreSQL locks the session row; FOR UPDATE does not go with an aggregate in the same query.
        row = conn.execute(_SESSION_FOR_UPDATE, {"code": code}).first()
        if row is not None:
            row = (*row, conn.execute(_COUNT_STAGES, {"sid": row[0]}).scalar_one())
    else:
        row = conn.execute(_SESSION_BY_CODE, {"code": code}).first()
    if row is None:
        raise NotFound(f"there is no session with the code {code}")
    return Session(*row)


_STAGES = sa.select(stages).where(stages.c.session_id == sa.bindparam("sid")).order_by(stages.c.position)
_GROUPS = (sa.select(groups.c.stage_id, groups.c.key, groups.c.name)
           .join(stages, stages.c.id == groups.c.stage_id)
           .where(stages.c.session_id == sa.bindparam("sid"))
           .order_by(groups.c.position))


def load_stages(conn, session_id: int) -> list[Stage]:
    """Every stage of a session in agenda order, with its groups."""
    stage_rows = conn.execute(_STAGES, {"sid": session_id}).mappings().all()
    by_stage = {}
    for stage_id, key, name in conn.execute(_GROUPS, {"sid": session_id}):
        by_stage.setdefault(stage_id, []).append((key, name))
    return [
        Stage(r["id"], r["position"], r["kind"], r["title"], r["minutes"], r["description"],
              tuple(by_stage.get(r["id"], ())), r["started_at"], r["ended_at"])
        for r in stage_rows
    ]


def _activity(row) -> Activity:
    return Activity(row["id"], row["stage_position"], row["group_key"], row["position"], row["kind"],
                    row["title"], row["settings"], row["state"], row["results_visible"])


def _activity_query():
    return sa.select(activities, stages.c.position.label("stage_position")).join(
        stages, stages.c.id == activities.c.stage_id)


_ACTIVITY_BY_ID = _activity_query().where(activities.c.id == sa.bindparam("aid"),
                                          activities.c.session_id == sa.bindparam("sid"))


def _activities_query(one_stage: bool):
    query = _activity_query().where(activities.c.session_id == sa.bindparam("sid"))
    if one_stage:
        query = query.where(stages.c.position == sa.bindparam("stage"))
    group_order = (sa.select(groups.c.position).where(groups.c.stage_id == activities.c.stage_id,
                                                      groups.c.key == activities.c.group_key).scalar_subquery())
    return query.order_by(stages.c.position, sa.func.coalesce(group_order, -1), activities.c.position)


_ACTIVITIES = {False: _activities_query(False), True: _activities_query(True)}


def load_activities(conn, session_id: int, stage_position: int | None = None) -> list[Activity]:
    """The activities of a session (or of one of its stages) in agenda order."""
    rows = conn.execute(_ACTIVITIES[stage_position is not None],
                        {"sid": session_id, "stage": stage_position}).mappings().all()
    return [_activity(r) for r in rows]


def load_activity(conn, session_id: int, activity_id) -> Activity:
    """One activity of this session, or NotFound (also for another session's activity)."""
    if type(activity_id) is not int:
        raise NotFound("activity must be an activity number")
    if not 0 < activity_id <= MAX_ID:
        raise NotFound(f"there is no activity {str(activity_id)[:20]} in this session")
    row = conn.execute(_ACTIVITY_BY_ID, {"aid": activity_id, "sid": session_id}).mappings().first()
    if row is None:
        raise NotFound(f"there is no activity {activity_id} in this session")
    return _activity(row)
