"""Promotion to the plenary and the report-back board.

The facilitator (or, once host links exist, a group's host: see ``may`` below) marks a working
group's note, cluster or activity for the plenary; a report-back stage shows what the nearest groups
stage before it promoted, group by group, and which group its board is on.

``may`` is the caller's right, ``may(stage_position, group_key) -> bool``; None means the facilitator,
who may act on every group. Anything promoted is read as it stands: the groups stage's activities
close when the stage ends, so from then on the report shows the results as they were at its end.
"""
import time

import sqlalchemy as sa

from ..domain import promotion as rules
from ..domain.errors import Forbidden, NotFound
from ..domain.moderation import SHOWN
from ..store.schema import activities, clusters, notes, promotions, stages
from .loading import MAX_ID, load_activity, load_session, load_stages
from .results import results_of

_ROWS = (sa.select(promotions.c.id, promotions.c.group_key, promotions.c.kind, promotions.c.ref_id,
                   promotions.c.position)
         .where(promotions.c.stage_id == sa.bindparam("stage_id"))
         .order_by(promotions.c.group_key, promotions.c.position, promotions.c.id))


def _require(may, stage_position: int, group_key) -> None:
    if may is not None and not may(stage_position, group_key):
        raise Forbidden("you may mark items for the plenary only in your own group")


def _owner(conn, session_id: int, kind: str, ref: int):
    """The activity a note, cluster or activity belongs to (NotFound when it is not this session's)."""
    if kind == "note":
        activity_id = conn.execute(sa.select(notes.c.activity_id).where(notes.c.id == ref)).scalar()
    elif kind == "cluster":
        activity_id = conn.execute(sa.select(clusters.c.activity_id).where(clusters.c.id == ref)).scalar()
    else:
        activity_id = ref
    if activity_id is None:
        raise NotFound(f"there is no {kind} {ref} in this session")
    try:
        return load_activity(conn, session_id, activity_id)
    except NotFound:
        raise NotFound(f"there is no {kind} {ref} in this session") from None


def _stage_row(conn, session_id: int, position: int):
    return conn.execute(sa.select(stages.c.id, stages.c.kind).where(
        stages.c.session_id == session_id, stages.c.position == position)).one()


def listed(conn, stage_id: int) -> list[dict]:
    """A groups stage's promotions, group by group in their order: ``[{"id", "group", "kind", "ref"}]``."""
    return [{"id": i, "group": g, "kind": k, "ref": r} for i, g, k, r, _p in conn.execute(_ROWS, {"stage_id": stage_id})]


def promote(store, code: str, kind, ref, may=None, now: float | None = None) -> dict:
    """Mark a working group's note, cluster or activity for the plenary (again: nothing changes)."""
    kind, ref = rules.check_kind(kind), rules.check_ref(ref)
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        item = _owner(conn, session.id, kind, ref)
        stage_id, stage_kind = _stage_row(conn, session.id, item.stage_position)
        _require(may, item.stage_position, item.group_key)
        rows = [r for r in listed(conn, stage_id) if r["group"] == item.group_key]
        already = next((r for r in rows if r["kind"] == kind and r["ref"] == ref), None)
        if already is None:
            rules.check_promotable(kind, stage_kind, item.group_key, item.kind, len(rows))
            if kind == "note":
                status = conn.execute(sa.select(notes.c.status).where(notes.c.id == ref)).scalar_one()
                if status != SHOWN:
                    raise NotFound("only a note on show on its board can go to the plenary")
            conn.execute(promotions.insert().values(
                session_id=session.id, stage_id=stage_id, group_key=item.group_key, kind=kind, ref_id=ref,
                position=len(rows), created_at=now or time.time()))
        return {"stage": item.stage_position, "promoted": listed(conn, stage_id)}


def _promotion(conn, session_id: int, promotion_id):
    if type(promotion_id) is not int or not 0 < promotion_id <= MAX_ID:
        raise NotFound("there is no such promoted item")
    row = conn.execute(sa.select(promotions.c.id, promotions.c.stage_id, promotions.c.group_key, stages.c.position)
                       .join(stages, stages.c.id == promotions.c.stage_id)
                       .where(promotions.c.id == promotion_id, promotions.c.session_id == session_id)).first()
    if row is None:
        raise NotFound(f"there is no promoted item {promotion_id} in this session")
    return row


def _renumber(conn, ids: list[int]) -> None:
    for position, promotion_id in enumerate(ids):
        conn.execute(promotions.update().where(promotions.c.id == promotion_id).values(position=position))


def unpromote(store, code: str, promotion_id, may=None) -> dict:
    """Take an item back from the plenary (its cross-group dots go with it)."""
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        row = _promotion(conn, session.id, promotion_id)
        _require(may, row.position, row.group_key)
        conn.execute(promotions.delete().where(promotions.c.id == row.id))
        _renumber(conn, [r["id"] for r in listed(conn, row.stage_id) if r["group"] == row.group_key])
        return {"stage": row.position, "promoted": listed(conn, row.stage_id)}


def move(store, code: str, promotion_id, position, may=None) -> dict:
    """Put a promoted item at another place among its group's (0: first)."""
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        row = _promotion(conn, session.id, promotion_id)
        _require(may, row.position, row.group_key)
        ids = [r["id"] for r in listed(conn, row.stage_id) if r["group"] == row.group_key]
        _renumber(conn, rules.moved(ids, row.id, position))
        return {"stage": row.position, "promoted": listed(conn, row.stage_id)}


def show(store, code: str, position, group=None, step=None) -> dict:
    """Switch a report-back board to all groups (``group`` None), one group, or the next/previous one."""
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        all_stages = load_stages(conn, session.id)
        if type(position) is not int or not 0 <= position < len(all_stages):
            raise NotFound(f"there is no stage {str(position)[:20]} in this session")
        stage = all_stages[position]
        if stage.kind != "report-back":
            raise NotFound(f"stage {position} is not a report-back")
        reported = rules.reported_stage(all_stages, position)
        keys = [k for k, _n in reported.groups] if reported else []
        current = conn.execute(sa.select(stages.c.report_showing).where(stages.c.id == stage.id)).scalar()
        showing = rules.step(keys, current, step) if step is not None else rules.check_showing(keys, group)
        conn.execute(stages.update().where(stages.c.id == stage.id).values(report_showing=showing))
        return {"stage": position, "showing": showing}


# ------------------------------------------------------------------ what the plenary sees

def _note_rows(conn, ids):
    if not ids:
        return {}
    rows = conn.execute(sa.select(notes.c.id, notes.c.activity_id, notes.c.column_index, notes.c.text)
                        .where(notes.c.id.in_(ids), notes.c.status == SHOWN)).all()
    return {i: (a, c, t) for i, a, c, t in rows}


def _cluster_rows(conn, ids):
    if not ids:
        return {}, {}
    named = {i: (a, n) for i, a, n in conn.execute(
        sa.select(clusters.c.id, clusters.c.activity_id, clusters.c.name).where(clusters.c.id.in_(ids)))}
    inside = {}
    for cluster_id, text in conn.execute(sa.select(notes.c.cluster_id, notes.c.text)
                                         .where(notes.c.cluster_id.in_(ids), notes.c.status == SHOWN)
                                         .order_by(notes.c.created_at, notes.c.id)):
        inside.setdefault(cluster_id, []).append(text)
    return named, inside


def items_of(conn, session_id: int, stage) -> list[dict]:
    """A groups stage's promoted items as the plenary sees them, group by group in their order.

    Each is ``{"id", "group", "group_name", "kind", "label", "source"}`` with, for a note, its
    ``column``; for a cluster, its ``notes`` (texts); for an activity, its ``activity_kind`` and
    ``results``. An item whose note or cluster is gone (or whose note was hidden) is left out.
    """
    rows = listed(conn, stage.id)
    names = dict(stage.groups)
    order = {k: n for n, (k, _name) in enumerate(stage.groups)}
    rows.sort(key=lambda r: order.get(r["group"], len(order)))
    note_rows = _note_rows(conn, [r["ref"] for r in rows if r["kind"] == "note"])
    cluster_rows, cluster_notes = _cluster_rows(conn, [r["ref"] for r in rows if r["kind"] == "cluster"])
    loaded = {}

    def activity(activity_id):
        if activity_id not in loaded:
            try:
                loaded[activity_id] = load_activity(conn, session_id, activity_id)
            except NotFound:
                loaded[activity_id] = None
        return loaded[activity_id]

    out = []
    for r in rows:
        base = {"id": r["id"], "group": r["group"], "group_name": names.get(r["group"], r["group"]), "kind": r["kind"]}
        if r["kind"] == "note" and r["ref"] in note_rows:
            activity_id, column, text = note_rows[r["ref"]]
            board = activity(activity_id)
            columns = board.settings.get("columns", []) if board else []
            out.append({**base, "label": text, "source": board.title if board else "",
                        "column": columns[column] if column < len(columns) else ""})
        elif r["kind"] == "cluster" and r["ref"] in cluster_rows:
            activity_id, name = cluster_rows[r["ref"]]
            board = activity(activity_id)
            out.append({**base, "label": name, "source": board.title if board else "",
                        "notes": cluster_notes.get(r["ref"], [])})
        elif r["kind"] == "activity" and activity(r["ref"]) is not None:
            item = activity(r["ref"])
            out.append({**base, "label": item.title, "source": item.title, "activity_kind": item.kind,
                        "settings": _shown_settings(item), "results": results_of(conn, item)})
    return out


def _shown_settings(item) -> dict:
    """What a small chart of an activity's results needs beyond them (a scale's range and statements)."""
    s = item.settings
    if item.kind == "scale":
        return {"statements": s["statements"], "min": s["min"], "max": s["max"]}
    return {}


def report(conn, session_id: int, all_stages, stage) -> dict:
    """A report-back stage's board: the groups stage it reports, which group is on show, each group's items."""
    source = rules.reported_stage(all_stages, stage.position)
    showing = conn.execute(sa.select(stages.c.report_showing).where(stages.c.id == stage.id)).scalar()
    if source is None:
        return {"stage": None, "title": None, "showing": None, "groups": []}
    items = items_of(conn, session_id, source)
    groups = [{"key": k, "name": n, "items": [i for i in items if i["group"] == k]} for k, n in source.groups]
    return {"stage": source.position, "title": source.title,
            "showing": showing if showing in dict(source.groups) else None, "groups": groups}


# ------------------------------------------------------------------ the record, and back

_SHOWN_NOTES = (sa.select(notes.c.id).where(notes.c.activity_id == sa.bindparam("aid"), notes.c.status == SHOWN)
                .order_by(notes.c.created_at, notes.c.id))
_CLUSTERS = (sa.select(clusters.c.id).where(clusters.c.activity_id == sa.bindparam("aid"))
             .order_by(clusters.c.position, clusters.c.id))


def _refs(conn, item_activity: int, kind: str) -> list[int]:
    """A board's note ids (shown, in the board's order) or cluster ids: what a record's ``item`` indexes."""
    return list(conn.execute(_SHOWN_NOTES if kind == "note" else _CLUSTERS, {"aid": item_activity}).scalars())


def record_of(conn, session_id: int, stage) -> list[dict]:
    """A groups stage's promoted items for the record: each with its group, kind and label, the
    activity's ``position`` in its group and, for a note or cluster, its ``item`` index (into that
    board's ``results.notes`` or ``results.clusters``); a cluster's note texts, a note's column."""
    out = []
    for entry in items_of(conn, session_id, stage):
        row = conn.execute(sa.select(promotions.c.kind, promotions.c.ref_id).where(promotions.c.id == entry["id"])).one()
        if row.kind == "activity":
            activity_id, index = row.ref_id, None
        else:
            table = notes if row.kind == "note" else clusters
            activity_id = conn.execute(sa.select(table.c.activity_id).where(table.c.id == row.ref_id)).scalar_one()
            index = _refs(conn, activity_id, row.kind).index(row.ref_id)
        position = conn.execute(sa.select(activities.c.position).where(activities.c.id == activity_id)).scalar_one()
        kept = {"group": entry["group"], "group_name": entry["group_name"], "kind": entry["kind"],
                "label": entry["label"], "activity": position, "item": index}
        if "column" in entry:
            kept["column"] = entry["column"]
        if "notes" in entry:
            kept["notes"] = entry["notes"]
        out.append(kept)
    return out


def restore(conn, session_id: int, stage_id: int, entries: list[dict], now: float) -> list[int]:
    """Put back a groups stage's promotions from a record; return their new ids in the record's order."""
    ids, places = [], {}
    for entry in entries:
        activity_id = conn.execute(sa.select(activities.c.id).where(
            activities.c.stage_id == stage_id, activities.c.group_key == entry["group"],
            activities.c.position == entry["activity"])).scalar()
        if activity_id is None:
            raise NotFound(f"the record promotes an activity that group {entry['group']!r} does not have")
        ref = activity_id
        if entry["kind"] != "activity":
            refs = _refs(conn, activity_id, entry["kind"])
            if entry["item"] is None or not 0 <= entry["item"] < len(refs):
                raise NotFound(f"the record promotes a {entry['kind']} that its board does not have")
            ref = refs[entry["item"]]
        place = places.get(entry["group"], 0)
        places[entry["group"]] = place + 1
        ids.append(conn.execute(promotions.insert().values(
            session_id=session_id, stage_id=stage_id, group_key=entry["group"], kind=entry["kind"], ref_id=ref,
            position=place, created_at=now)).inserted_primary_key[0])
    return ids
