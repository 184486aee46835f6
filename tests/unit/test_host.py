"""What the host of a working group may do: its own group's activities and timer, nothing else."""
import pytest

from facilitation.domain import host
from facilitation.domain.errors import DomainError, Forbidden, NotFound

RED = host.GroupScope(stage=1, group="g1")


@pytest.mark.parametrize("action", sorted(host.HOST_ACTIONS))
def test_a_host_may_act_on_its_own_group(action):
    assert host.may(RED, action, 1, "g1")
    host.check(RED, action, 1, "g1")


@pytest.mark.parametrize("stage, group", [
    (1, "g2"),     # another group of the same stage
    (2, "g1"),     # the same key in another groups stage
    (0, None),     # a plenary activity
    (None, None),  # the session as a whole, or the stage's timer
    (1, None),     # something of the stage that belongs to no group
    (None, "g1"),
])
@pytest.mark.parametrize("action", sorted(host.HOST_ACTIONS))
def test_a_host_may_not_act_outside_its_group(action, stage, group):
    assert not host.may(RED, action, stage, group)
    with pytest.raises(Forbidden):
        host.check(RED, action, stage, group)


@pytest.mark.parametrize("action", ["stage", "plan", "export", "announcement", "takeaways", "archive",
                                    "word-filter", "hosts", "import", ""])
def test_a_host_may_not_do_what_is_the_facilitators_alone_even_in_its_group(action):
    assert not host.may(RED, action, 1, "g1")


@pytest.mark.parametrize("action", sorted(host.HOST_ACTIONS) + ["stage", "plan", "hosts"])
@pytest.mark.parametrize("stage, group", [(1, "g1"), (1, "g2"), (None, None)])
def test_the_facilitator_may_do_everything(action, stage, group):
    assert host.may(host.FACILITATOR, action, stage, group)


def test_a_rapporteur_may_write_the_takeaways_and_nothing_else():
    rapporteur = host.RapporteurScope()
    assert host.may(rapporteur, "takeaways", None, None)
    host.check(rapporteur, "takeaways", None, None)
    for action in sorted(host.HOST_ACTIONS) + ["stage", "plan", "export", "announcement", "hosts", ""]:
        for stage, group in [(1, "g1"), (None, None)]:
            assert not host.may(rapporteur, action, stage, group)
    assert not host.may(rapporteur, "takeaways", 1, "g1")  # takeaways belong to no group
    with pytest.raises(Forbidden, match="only write the key takeaways"):
        host.check(rapporteur, "stage", None, None)


def test_a_session_has_room_for_five_live_rapporteur_links():
    host.check_new_rapporteur(host.MAX_LIVE_RAPPORTEURS - 1)
    with pytest.raises(DomainError, match="revoke one first"):
        host.check_new_rapporteur(host.MAX_LIVE_RAPPORTEURS)


def test_a_group_timer_scope_names_its_group_and_other_scopes_name_none():
    assert host.group_timer_scope(1, "g1") == "group:1:g1"
    assert host.timer_target("group:1:g1") == (1, "g1")
    assert host.may(RED, "timer", *host.timer_target(host.group_timer_scope(1, "g1")))
    assert not host.may(RED, "timer", *host.timer_target(host.group_timer_scope(1, "g2")))
    for other in ("stage:1", "activity:7", "group:x:g1", "group:1:", "group::g1", ""):
        assert host.timer_target(other) == (None, None)
        assert not host.may(RED, "timer", *host.timer_target(other))


def test_a_new_link_is_for_a_group_of_a_groups_stage_with_room_for_it():
    host.check_new_link("groups", "g1", ("g1", "g2"), 0)
    host.check_new_link("groups", "g2", ("g1", "g2"), host.MAX_LIVE_LINKS - 1)
    with pytest.raises(DomainError, match="working-groups stage"):
        host.check_new_link("plenary", "g1", (), 0)
    with pytest.raises(NotFound):
        host.check_new_link("groups", "g3", ("g1", "g2"), 0)
    with pytest.raises(DomainError, match="revoke one first"):
        host.check_new_link("groups", "g1", ("g1", "g2"), host.MAX_LIVE_LINKS)
