"""Group host links: make one for a group (its secret is given once), list them, revoke one, and
find which group a presented secret may act for (facilitation/domain/host.py says what it may do)."""
import time

import sqlalchemy as sa

from ..domain import host
from ..domain.errors import DomainError, NotFound
from ..domain.participant import new_token, token_digest
from ..store.schema import group_hosts, groups, stages
from . import links, questions
from .loading import MAX_ID, load_activity, load_session, load_stages

_LINKS = (sa.select(group_hosts.c.id, group_hosts.c.group_key, group_hosts.c.created_at, group_hosts.c.revoked_at,
                    stages.c.position, groups.c.name)
          .join(stages, stages.c.id == group_hosts.c.stage_id)
          .outerjoin(groups, sa.and_(groups.c.stage_id == group_hosts.c.stage_id,
                                     groups.c.key == group_hosts.c.group_key)))
_BY_DIGEST = _LINKS.where(group_hosts.c.token_digest == sa.bindparam("digest"),
                          group_hosts.c.session_id == sa.bindparam("sid"))


def _view(row) -> dict:
    return {"id": row.id, "stage": row.position, "group": row.group_key, "group_name": row.name or row.group_key,
            "created_at": row.created_at, "revoked_at": row.revoked_at, "live": row.revoked_at is None}


def _stage(conn, session_id: int, position):
    if type(position) is not int:
        raise DomainError('"stage" must be the position of a working-groups stage (a number)')
    found = [s for s in load_stages(conn, session_id) if s.position == position]
    if not found:
        raise NotFound(f"there is no stage {str(position)[:20]} in this session")
    return found[0]


def create(store, code: str, stage_position, group_key, now: float | None = None) -> dict:
    """A new host link for one group of a working-groups stage; the only time its secret is given."""
    now = now or time.time()
    if not isinstance(group_key, str) or not 0 < len(group_key) <= 12:
        raise DomainError('"group" must be the key of one of the stage\'s groups (e.g. "g1")')
    secret = new_token()
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        stage = _stage(conn, session.id, stage_position)
        live = conn.execute(sa.select(sa.func.count()).select_from(group_hosts).where(
            group_hosts.c.stage_id == stage.id, group_hosts.c.group_key == group_key,
            group_hosts.c.revoked_at.is_(None))).scalar_one()
        host.check_new_link(stage.kind, group_key, tuple(k for k, _ in stage.groups), live)
        link_id = conn.execute(group_hosts.insert().values(
            session_id=session.id, stage_id=stage.id, group_key=group_key, token_digest=token_digest(secret),
            created_at=now)).inserted_primary_key[0]
        row = conn.execute(_LINKS.where(group_hosts.c.id == link_id)).one()
        return {**_view(row), "secret": secret}


def listed(store, code: str) -> list[dict]:
    """Every host link of the session (live and revoked), oldest first; never a secret."""
    with store.transaction() as conn:
        return [_view(r) for r in links.of_session(conn, _LINKS, group_hosts, load_session(conn, code).id)]


def revoke(store, code: str, link_id, now: float | None = None) -> dict:
    """Revoke a host link: from now on it opens nothing. Revoking it again changes nothing."""
    links.check_id(link_id, "host link")
    with store.transaction() as conn:
        links.revoke(conn, group_hosts, load_session(conn, code, for_update=True).id, link_id, "host link", now)
        return _view(conn.execute(_LINKS.where(group_hosts.c.id == link_id)).one())


def link_of(store, code: str, secret) -> dict | None:
    """The live host link of this session that ``secret`` opens, or None (unknown, revoked, another
    session's, or not a string)."""
    row = links.find(store, code, secret,
                     lambda conn, sid, digest: conn.execute(_BY_DIGEST, {"digest": digest, "sid": sid}).first())
    return None if row is None or row.revoked_at is not None else _view(row)


def scope(link: dict) -> host.GroupScope:
    """The group a live link may act for."""
    return host.GroupScope(link["stage"], link["group"])


def activity_target(store, code: str, activity_id) -> tuple[int | None, str | None]:
    """The (stage position, group key) an activity of this session belongs to (group None: a plenary's)."""
    with store.transaction() as conn:
        item = load_activity(conn, load_session(conn, code).id, activity_id)
        return item.stage_position, item.group_key


def live_links(store, code: str, stage_position: int | None = None, group_key: str | None = None) -> list[int]:
    """The ids of the live host links of the session (or of one group): where host pages listen."""
    with store.transaction() as conn:
        try:
            session = load_session(conn, code)
        except NotFound:
            return []
        query = (sa.select(group_hosts.c.id).join(stages, stages.c.id == group_hosts.c.stage_id)
                 .where(group_hosts.c.session_id == session.id, group_hosts.c.revoked_at.is_(None)))
        if group_key is not None:
            query = query.where(stages.c.position == stage_position, group_hosts.c.group_key == group_key)
        return [r[0] for r in conn.execute(query)]


def question_target(store, code: str, question_id) -> tuple[int | None, str | None]:
    """The (stage position, group key) of the Q&A a question of this session belongs to."""
    if type(question_id) is not int or not 0 < question_id <= MAX_ID:
        raise NotFound("question must be a question number")
    with store.transaction() as conn:
        item = questions.activity_of(conn, load_session(conn, code).id, question_id)
        return item.stage_position, item.group_key
