"""The facilitator's announcements: post one to every phone and the board, or clear it."""
import time

import sqlalchemy as sa

from ..domain.announcement import check_announcement
from ..store.schema import announcements
from .loading import load_session

_CURRENT = (sa.select(announcements.c.id, announcements.c.text, announcements.c.created_at)
            .where(announcements.c.session_id == sa.bindparam("sid"), announcements.c.cleared_at.is_(None))
            .order_by(announcements.c.created_at.desc(), announcements.c.id.desc()).limit(1))


def current(conn, session_id: int) -> dict | None:
    """The announcement on show: ``{"id", "text", "at"}``, or None."""
    row = conn.execute(_CURRENT, {"sid": session_id}).first()
    return None if row is None else {"id": row.id, "text": row.text, "at": row.created_at}


def announce(store, code: str, text, now: float | None = None) -> dict:
    """Show a new announcement (it replaces the one on show)."""
    clean = check_announcement(text)
    now = now or time.time()
    with store.transaction() as conn:
        session = load_session(conn, code)
        _clear(conn, session.id, now)
        conn.execute(announcements.insert().values(session_id=session.id, text=clean, created_at=now))
        return current(conn, session.id)


def clear(store, code: str, now: float | None = None) -> None:
    """Take the announcement on show away."""
    with store.transaction() as conn:
        _clear(conn, load_session(conn, code).id, now or time.time())


def _clear(conn, session_id: int, now: float) -> None:
    conn.execute(announcements.update().where(announcements.c.session_id == session_id,
                                              announcements.c.cleared_at.is_(None)).values(cleared_at=now))
