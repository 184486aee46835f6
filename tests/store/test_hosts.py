"""Group host links in the store: made for one group, listed without a secret, revoked at once."""
import hashlib

import pytest
import sqlalchemy as sa

from facilitation.domain import host
from facilitation.domain.errors import DomainError, NotFound
from facilitation.services import agenda, archive, hosts, sessions
from facilitation.store.schema import group_hosts

GROUPS = 1  # the small plan's working-groups stage


def test_a_link_is_made_for_one_group_and_its_secret_is_given_once(store, plan):
    code = sessions.create_session(store, plan)
    made = hosts.create(store, code, GROUPS, "g2", now=1000)
    secret = made.pop("secret")
    assert made == {"id": made["id"], "stage": GROUPS, "group": "g2", "group_name": "Blue", "created_at": 1000,
                    "revoked_at": None, "live": True}
    assert len(secret) >= 32
    with store.transaction() as conn:
        kept = conn.execute(sa.select(group_hosts)).mappings().one()
    # Only the digest is kept, never the secret.
    assert kept["token_digest"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(v) for v in kept.values()}
    assert hosts.listed(store, code) == [made]
    assert "secret" not in hosts.listed(store, code)[0]
    assert hosts.link_of(store, code, secret) == made
    assert hosts.scope(made) == host.GroupScope(GROUPS, "g2")


def test_a_link_opens_only_its_own_session(store, plan):
    code, other = sessions.create_session(store, plan), sessions.create_session(store, plan)
    secret = hosts.create(store, code, GROUPS, "g1")["secret"]
    assert hosts.link_of(store, other, secret) is None
    for wrong in (None, "", secret[:-1], secret + "x", 42, "x" * 500, "NOSUCH"):
        assert hosts.link_of(store, code, wrong) is None
    assert hosts.link_of(store, "ZZZZZZ", secret) is None


def test_revoking_a_link_stops_it_at_once_and_keeps_it_listed(store, plan):
    code = sessions.create_session(store, plan)
    first, second = hosts.create(store, code, GROUPS, "g1"), hosts.create(store, code, GROUPS, "g1")
    assert sorted(hosts.live_links(store, code, GROUPS, "g1")) == sorted([first["id"], second["id"]])
    revoked = hosts.revoke(store, code, first["id"], now=2000)
    assert revoked["revoked_at"] == 2000 and revoked["live"] is False
    assert hosts.link_of(store, code, first["secret"]) is None
    assert hosts.link_of(store, code, second["secret"])["id"] == second["id"]
    assert hosts.live_links(store, code, GROUPS, "g1") == [second["id"]]
    assert hosts.live_links(store, code) == [second["id"]]
    assert hosts.revoke(store, code, first["id"], now=3000)["revoked_at"] == 2000  # again: nothing changes
    assert [link["live"] for link in hosts.listed(store, code)] == [False, True]


def test_a_link_cannot_be_revoked_from_another_session(store, plan):
    code, other = sessions.create_session(store, plan), sessions.create_session(store, plan)
    made = hosts.create(store, code, GROUPS, "g1")
    for wrong in (made["id"], 0, -1, 2**40, "1", None, True):
        with pytest.raises(NotFound):
            hosts.revoke(store, other, wrong)
    assert hosts.link_of(store, code, made["secret"]) is not None


@pytest.mark.parametrize("stage, group, error", [
    (0, "g1", DomainError),      # a plenary has no groups
    (GROUPS, "g9", NotFound),
    (7, "g1", NotFound),
    ("1", "g1", DomainError),
    (None, "g1", DomainError),
    (GROUPS, "", DomainError),
    (GROUPS, None, DomainError),
    (GROUPS, "g" * 13, DomainError),
    (GROUPS, ["g1"], DomainError),
])
def test_bad_requests_make_no_link(store, plan, stage, group, error):
    code = sessions.create_session(store, plan)
    with pytest.raises(error):
        hosts.create(store, code, stage, group)
    assert hosts.listed(store, code) == []


def test_a_group_has_a_few_live_links_at_most(store, plan):
    code = sessions.create_session(store, plan)
    made = [hosts.create(store, code, GROUPS, "g1") for _ in range(host.MAX_LIVE_LINKS)]
    with pytest.raises(DomainError, match="revoke one first"):
        hosts.create(store, code, GROUPS, "g1")
    hosts.create(store, code, GROUPS, "g2")  # another group has its own room
    hosts.revoke(store, code, made[0]["id"])
    hosts.create(store, code, GROUPS, "g1")


def test_a_link_follows_its_stage_when_the_plan_moves_it(store, plan):
    code = sessions.create_session(store, plan)
    made = hosts.create(store, code, GROUPS, "g1")
    agenda.move_stage(store, code, GROUPS, 2)
    assert hosts.link_of(store, code, made["secret"])["stage"] == 2
    assert hosts.activity_target(store, code, _group_activity(store, code, 2, "g1")) == (2, "g1")


def _group_activity(store, code, position, key):
    sessions.move_stage(store, code, "goto", position)
    return next(a["id"] for a in sessions.read_state(store, code)["stage"]["activities"] if a["group"] == key)


def test_deleting_the_session_deletes_its_links(store, plan):
    code = sessions.create_session(store, plan)
    hosts.create(store, code, GROUPS, "g1")
    archive.delete_session(store, code)
    with store.transaction() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(group_hosts)).scalar() == 0
