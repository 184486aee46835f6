"""What group host links and rapporteur links share (services/hosts.py, services/rapporteurs.py):
finding the live link a secret opens, listing a session's links oldest first, and revoking one."""
import time

import sqlalchemy as sa

from ..domain.errors import NotFound
from ..domain.participant import token_digest
from .loading import MAX_ID, load_session


def find(store, code: str, secret, row_of):
    """The row ``row_of(conn, session_id, digest)`` finds for ``secret`` in session ``code`` (the
    live link it opens), or None: an unknown session, or a secret that is not a plausible string."""
    if not isinstance(secret, str) or not 0 < len(secret) <= 200:
        return None
    with store.transaction() as conn:
        try:
            session = load_session(conn, code)
        except NotFound:
            return None
        return row_of(conn, session.id, token_digest(secret))


def of_session(conn, query, table, session_id: int) -> list:
    """The rows of ``query`` (over ``table``) for one session's links, oldest first."""
    return conn.execute(query.where(table.c.session_id == session_id).order_by(table.c.created_at, table.c.id)).all()


def check_id(link_id, noun: str) -> None:
    """A link's number, as a route or a client gives it: a positive integer, else NotFound."""
    if type(link_id) is not int or not 0 < link_id <= MAX_ID:
        raise NotFound(f"{noun.split()[0]} must be a {noun} number")


def revoke(conn, table, session_id: int, link_id: int, noun: str, now: float | None = None) -> None:
    """Revoke one link of the session (``noun``: "host link", "rapporteur link" for the error); a
    revoked link stays revoked at its first time."""
    where = sa.and_(table.c.id == link_id, table.c.session_id == session_id)
    if conn.execute(sa.select(table.c.id).where(where)).first() is None:
        raise NotFound(f"there is no {noun} {link_id} in this session")
    conn.execute(table.update().where(where, table.c.revoked_at.is_(None)).values(revoked_at=now or time.time()))
