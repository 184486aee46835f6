"""Rapporteur links: make one (its secret is given once), list them, revoke one, and find the live
link a presented secret opens (facilitation/domain/host.py says what it may do: the takeaways)."""
import time

import sqlalchemy as sa

from ..domain import host
from ..domain.errors import NotFound
from ..domain.participant import new_token, token_digest
from ..store.schema import rapporteurs
from . import links
from .loading import load_session

_LINKS = sa.select(rapporteurs.c.id, rapporteurs.c.created_at, rapporteurs.c.revoked_at)


def _view(row) -> dict:
    return {"id": row.id, "created_at": row.created_at, "revoked_at": row.revoked_at, "live": row.revoked_at is None}


def _live(session_id: int):
    return sa.and_(rapporteurs.c.session_id == session_id, rapporteurs.c.revoked_at.is_(None))


def create(store, code: str, now: float | None = None) -> dict:
    """A new rapporteur link of the session; the only time its secret is given."""
    secret = new_token()
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        host.check_new_rapporteur(conn.execute(sa.select(sa.func.count()).select_from(rapporteurs)
                                               .where(_live(session.id))).scalar_one())
        link_id = conn.execute(rapporteurs.insert().values(
            session_id=session.id, token_digest=token_digest(secret), created_at=now or time.time())).inserted_primary_key[0]
        return {**_view(conn.execute(_LINKS.where(rapporteurs.c.id == link_id)).one()), "secret": secret}


def listed(store, code: str) -> list[dict]:
    """Every rapporteur link of the session (live and revoked), oldest first; never a secret."""
    with store.transaction() as conn:
        return [_view(r) for r in links.of_session(conn, _LINKS, rapporteurs, load_session(conn, code).id)]


def revoke(store, code: str, link_id, now: float | None = None) -> dict:
    """Revoke a rapporteur link: from now on it opens nothing. Revoking it again changes nothing."""
    links.check_id(link_id, "rapporteur link")
    with store.transaction() as conn:
        links.revoke(conn, rapporteurs, load_session(conn, code, for_update=True).id, link_id, "rapporteur link", now)
        return _view(conn.execute(_LINKS.where(rapporteurs.c.id == link_id)).one())


def link_of(store, code: str, secret) -> dict | None:
    """The live rapporteur link of this session that ``secret`` opens, or None (unknown, revoked,
    another session's, or not a string)."""
    row = links.find(store, code, secret, lambda conn, sid, digest: conn.execute(
        _LINKS.where(_live(sid), rapporteurs.c.token_digest == digest)).first())
    return None if row is None else _view(row)


def live_links(store, code: str) -> list[int]:
    """The ids of the session's live rapporteur links: where rapporteur pages listen."""
    with store.transaction() as conn:
        try:
            session = load_session(conn, code)
        except NotFound:
            return []
        return [r[0] for r in conn.execute(sa.select(rapporteurs.c.id).where(_live(session.id)))]
