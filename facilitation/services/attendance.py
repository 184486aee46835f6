"""Who took part: per stage, per working group and per activity, counted from the stored rows.

"Answered" an activity: gave a vote, a note or an answer to it, or asked or upvoted a question of a
Q&A (each person once).
"Took part" in a stage: answered at least one of its activities, or chose one of its groups.
"Connected now": the phones with an open connection (the caller says which participants those
are; the database does not know), counted for the stage on now and each of its groups.
"""
import sqlalchemy as sa

from ..store.schema import activities, answers, groups, memberships, notes, questions, stages, upvotes, votes

# Who gave something to which activity: a row of a table with an activity id, or an upvote (by its question).
_GIVEN = [sa.select(table.c.activity_id, table.c.participant_id) for table in (votes, notes, answers, questions)] + [
    sa.select(questions.c.activity_id, upvotes.c.participant_id).join(questions, questions.c.id == upvotes.c.question_id)]
_ANSWERED_BY = sa.union(*(
    given.join(activities, activities.c.id == given.selected_columns.activity_id)
    .where(activities.c.session_id == sa.bindparam("sid"))
    for given in _GIVEN)).subquery()

# (activity, stage position, group, participant): one row per person who answered an activity.
_ANSWERS = (sa.select(_ANSWERED_BY.c.activity_id, stages.c.position, activities.c.group_key,
                      _ANSWERED_BY.c.participant_id)
            .join(activities, activities.c.id == _ANSWERED_BY.c.activity_id)
            .join(stages, stages.c.id == activities.c.stage_id))
_MEMBERS = (sa.select(stages.c.position, memberships.c.group_key, memberships.c.participant_id)
            .join(stages, stages.c.id == memberships.c.stage_id)
            .where(stages.c.session_id == sa.bindparam("sid")))
_GROUPS = (sa.select(stages.c.position, groups.c.key).join(stages, stages.c.id == groups.c.stage_id)
           .where(stages.c.session_id == sa.bindparam("sid")).order_by(groups.c.position))
_POSITIONS = sa.select(stages.c.position).where(stages.c.session_id == sa.bindparam("sid")).order_by(stages.c.position)
_ONE_ACTIVITY = sa.select(sa.func.count()).select_from(sa.union(*(
    given.with_only_columns(given.selected_columns.participant_id)
    .where(given.selected_columns.activity_id == sa.bindparam("aid"))
    for given in _GIVEN)).subquery())


def answered(conn, activity_id: int) -> int:
    """How many people answered one activity."""
    return conn.execute(_ONE_ACTIVITY, {"aid": activity_id}).scalar_one()


def counts(conn, session_id: int, current_stage: int | None, connected: frozenset = frozenset()) -> dict:
    """Participant counts of the whole session, as the console shows them.

    ``{"stages": {"<position>": {"took_part", "connected", "groups": {key: {"members",
    "took_part", "connected"}}}}, "activities": {"<id>": answered}}``; ``connected`` is null for
    every stage but the one on now.
    """
    by_activity, by_stage, by_group = {}, {}, {}
    for activity_id, position, group_key, pid in conn.execute(_ANSWERS, {"sid": session_id}):
        by_activity.setdefault(activity_id, set()).add(pid)
        by_stage.setdefault(position, set()).add(pid)
        if group_key is not None:
            by_group.setdefault((position, group_key), set()).add(pid)
    members = {}
    for position, group_key, pid in conn.execute(_MEMBERS, {"sid": session_id}):
        by_stage.setdefault(position, set()).add(pid)
        members.setdefault((position, group_key), set()).add(pid)
    keys = {}
    for position, key in conn.execute(_GROUPS, {"sid": session_id}):
        keys.setdefault(position, []).append(key)
    out = {}
    for position in conn.execute(_POSITIONS, {"sid": session_id}).scalars():
        now_on = position == current_stage
        out[str(position)] = {
            "took_part": len(by_stage.get(position, ())),
            "connected": len(connected) if now_on else None,
            "groups": {key: {"members": len(members.get((position, key), ())),
                             "took_part": len(by_group.get((position, key), set()) | members.get((position, key), set())),
                             "connected": len(members.get((position, key), set()) & connected) if now_on else None}
                       for key in keys.get(position, ())},
        }
    return {"stages": out, "activities": {str(a): len(people) for a, people in by_activity.items()}}
