"""The facilitator's clusters on a board: make, rename and remove them, put notes in them.

Removing a cluster never removes a note: its notes go back to being unclustered.
"""
import time

import sqlalchemy as sa

from ..domain import board
from ..domain.errors import DomainError, NotFound
from ..store.schema import clusters, notes
from .loading import MAX_ID, load_activity, load_session
from .results import board_results

_NAMES = sa.select(clusters.c.id, clusters.c.name).where(clusters.c.activity_id == sa.bindparam("aid"))


def _board(conn, code: str, activity_id):
    session = load_session(conn, code, for_update=True)
    item = load_activity(conn, session.id, activity_id)
    if item.kind != "board":
        raise DomainError(f"{item.title!r} is not a sticky-note board")
    return item


def _names(conn, item) -> dict:
    return dict(conn.execute(_NAMES, {"aid": item.id}).all())


def _cluster_id(names: dict, cluster_id) -> int:
    if type(cluster_id) is not int or cluster_id not in names:
        raise NotFound("there is no such cluster on this board")
    return cluster_id


def add(store, code: str, activity_id, name, now: float | None = None) -> dict:
    """A new, empty cluster at the end of the board's clusters; return the board's view."""
    with store.transaction() as conn:
        item = _board(conn, code, activity_id)
        names = _names(conn, item)
        clean = board.check_new_cluster(item, name, list(names.values()))
        position = conn.execute(sa.select(sa.func.coalesce(sa.func.max(clusters.c.position) + 1, 0))
                                .where(clusters.c.activity_id == item.id)).scalar_one()
        conn.execute(clusters.insert().values(activity_id=item.id, name=clean, position=position,
                                              created_at=now or time.time()))
        return board_results(conn, item)


def rename(store, code: str, activity_id, cluster_id, name) -> dict:
    """Give a cluster a new name."""
    with store.transaction() as conn:
        item = _board(conn, code, activity_id)
        names = _names(conn, item)
        cid = _cluster_id(names, cluster_id)
        clean = board.check_cluster_name(item, name, [n for i, n in names.items() if i != cid])
        conn.execute(clusters.update().where(clusters.c.id == cid).values(name=clean))
        return board_results(conn, item)


def remove(store, code: str, activity_id, cluster_id) -> dict:
    """Remove a cluster; its notes stay on the board, unclustered."""
    with store.transaction() as conn:
        item = _board(conn, code, activity_id)
        cid = _cluster_id(_names(conn, item), cluster_id)
        conn.execute(notes.update().where(notes.c.activity_id == item.id, notes.c.cluster_id == cid)
                     .values(cluster_id=None))
        conn.execute(clusters.delete().where(clusters.c.id == cid))
        return board_results(conn, item)


def place(store, code: str, activity_id, note_id, cluster_id) -> dict:
    """Put a note in a cluster (``None``: take it out of any)."""
    with store.transaction() as conn:
        item = _board(conn, code, activity_id)
        cid = None if cluster_id is None else _cluster_id(_names(conn, item), cluster_id)
        if type(note_id) is not int or not 0 < note_id <= MAX_ID:
            raise NotFound("there is no such note on this board")
        moved = conn.execute(notes.update().where(notes.c.id == note_id, notes.c.activity_id == item.id)
                             .values(cluster_id=cid)).rowcount
        if not moved:
            raise NotFound("there is no such note on this board")
        return board_results(conn, item)
