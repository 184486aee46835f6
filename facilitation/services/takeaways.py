"""The session's key takeaways: add, edit, remove; shown on the board and kept in the record."""
import time

import sqlalchemy as sa

from ..domain.errors import NotFound
from ..domain.takeaway import check_room, check_takeaway
from ..store.schema import takeaways
from .loading import MAX_ID, load_session

_ALL = (sa.select(takeaways.c.id, takeaways.c.text, takeaways.c.created_at)
        .where(takeaways.c.session_id == sa.bindparam("sid"))
        .order_by(takeaways.c.created_at, takeaways.c.id))


def listed(conn, session_id: int) -> list[dict]:
    """The takeaways in the order they were written: ``[{"id", "text", "at"}]``."""
    return [{"id": i, "text": text, "at": at} for i, text, at in conn.execute(_ALL, {"sid": session_id})]


def add(store, code: str, text, now: float | None = None) -> list[dict]:
    """Write one more takeaway; return them all."""
    clean = check_takeaway(text)
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        check_room(len(listed(conn, session.id)))
        conn.execute(takeaways.insert().values(session_id=session.id, text=clean, created_at=now or time.time()))
        return listed(conn, session.id)


def edit(store, code: str, takeaway_id, text) -> list[dict]:
    """Rewrite one takeaway; return them all."""
    clean = check_takeaway(text)
    with store.transaction() as conn:
        session = load_session(conn, code)
        _require(conn, session.id, takeaway_id)
        conn.execute(takeaways.update().where(takeaways.c.id == takeaway_id).values(text=clean))
        return listed(conn, session.id)


def remove(store, code: str, takeaway_id) -> list[dict]:
    """Delete one takeaway; return the rest."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        _require(conn, session.id, takeaway_id)
        conn.execute(takeaways.delete().where(takeaways.c.id == takeaway_id))
        return listed(conn, session.id)


def restore(conn, session_id: int, entries: list[dict], epoch) -> None:
    """Put back the takeaways of an imported record."""
    for entry in entries:
        conn.execute(takeaways.insert().values(session_id=session_id, text=entry["text"],
                                               created_at=epoch(entry["created_at"])))


def _require(conn, session_id: int, takeaway_id) -> None:
    found = type(takeaway_id) is int and 0 < takeaway_id <= MAX_ID and conn.execute(
        sa.select(takeaways.c.id).where(takeaways.c.id == takeaway_id, takeaways.c.session_id == session_id)).first()
    if not found:
        raise NotFound(f"there is no takeaway {str(takeaway_id)[:20]} in this session")
