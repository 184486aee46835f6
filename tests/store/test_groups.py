"""Working groups against a real database (SQLite and PostgreSQL): caps that hold when two phones
take the last place at once, dealing people out at random or balanced across segments, later
joiners, and moves by anonymous handle."""
import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from facilitation.domain.errors import Conflict, DomainError, NotFound
from facilitation.domain.plan import parse_plan
from facilitation.services import agenda, groups, participation as p, sessions, timers
from facilitation.store.schema import participants

from ..conftest import small_plan

SECRET = groups.handle_secret("test secret key")


def plan_with(cap=None, assignment="choose", names=("Red", "Blue")):
    plan = small_plan()
    plan["stages"][1] = {"kind": "groups", "title": "Working groups", "minutes": 20, "assignment": assignment,
                         "groups": [{"name": n, "cap": cap, "activities": [{"kind": "board", "title": f"{n} board"}]}
                                    for n in names]}
    return parse_plan(plan)


def start(store, plan, joined=0, segments=()):
    code = sessions.create_session(store, plan)
    sessions.move_stage(store, code, "next")
    people = [p.join(store, code) for _ in range(joined)]
    for who, segment in zip(people, segments):
        with store.transaction() as conn:
            conn.execute(participants.update().where(participants.c.id == who["participant_id"]).values(segment=segment))
    return code, people


def to_groups_stage(store, code):
    return sessions.move_stage(store, code, "next")


def membership(store, who):
    return p.participant_view(store, who)["groups"].get("1")


def test_a_full_group_refuses_a_choice_and_the_state_shows_size_and_cap(store):
    code, (a, b, c) = start(store, plan_with(cap=2), joined=3)
    to_groups_stage(store, code)
    p.choose_group(store, a, "c1", "g1")
    p.choose_group(store, b, "c2", "g1")
    with pytest.raises(Conflict, match="full"):
        p.choose_group(store, c, "c3", "g1")
    assert membership(store, c) is None
    p.choose_group(store, a, "c4", "g1")  # choosing one's own full group again is no change
    stage = sessions.read_state(store, code)["stage"]
    assert [(g["key"], g["size"], g["cap"]) for g in stage["groups"]] == [("g1", 2, 2), ("g2", 0, 2)]
    assert stage["groups"][0]["board_url"] == f"/board/{code}?group=g1"
    assert stage["assignment"] == "choose"


def test_two_phones_taking_the_last_place_at_once_do_not_exceed_the_cap(store):
    code, people = start(store, plan_with(cap=3), joined=8)
    to_groups_stage(store, code)
    p.choose_group(store, people[0], "x", "g1")
    p.choose_group(store, people[1], "x", "g1")
    barrier, outcomes = threading.Barrier(6), []

    def take(who):
        barrier.wait()
        try:
            outcomes.append(p.choose_group(store, who, "last", "g1")["group"])
        except Conflict:
            outcomes.append("full")

    threads = [threading.Thread(target=take, args=(who,)) for who in people[2:]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counter(outcomes) == {"g1": 1, "full": 5}
    sizes = {g["key"]: g["size"] for g in sessions.read_state(store, code)["stage"]["groups"]}
    assert sizes["g1"] == 3


def test_the_facilitator_deals_out_those_without_a_group_or_everyone_again(store):
    code, people = start(store, plan_with(names=("A", "B", "C")), joined=10)
    to_groups_stage(store, code)
    p.choose_group(store, people[0], "x", "g3")
    done = groups.assign(store, code, "random")
    assert done["assigned"] == 9 and membership(store, people[0]) == "g3"
    assert sorted(done["sizes"].values()) == [3, 3, 4]
    again = groups.assign(store, code, "random", "everyone")
    assert again["assigned"] == 10 and sorted(again["sizes"].values()) == [3, 3, 4]
    for bad in ({"how": "alphabetical"}, {"how": "random", "who": "some"}):
        with pytest.raises(DomainError):
            groups.assign(store, code, bad["how"], bad.get("who", "without"))


def test_balanced_assignment_mixes_the_segments_in_every_group(store):
    segments = ["North"] * 6 + ["South"] * 6 + [None] * 3
    code, people = start(store, plan_with(names=("A", "B", "C")), joined=15, segments=segments)
    to_groups_stage(store, code)
    groups.assign(store, code, "balanced")
    by_group = Counter((membership(store, who), seg) for who, seg in zip(people, segments))
    for key in ("g1", "g2", "g3"):
        assert by_group[(key, "North")] == 2 and by_group[(key, "South")] == 2 and by_group[(key, None)] == 1


def test_a_stage_that_assigns_deals_out_everyone_on_entry_and_later_joiners_at_once(store):
    code, people = start(store, plan_with(assignment="random", cap=3), joined=4)
    to_groups_stage(store, code)
    assert Counter(membership(store, who) for who in people) == {"g1": 2, "g2": 2}
    late = p.join(store, code)
    assert membership(store, late) in ("g1", "g2")
    with pytest.raises(Conflict, match="assigns"):
        p.choose_group(store, late, "mine", "g1")
    p.join(store, code)  # the sixth fills the last place
    nobody = p.join(store, code)  # every group is full: the joiner is in, without a group
    assert membership(store, nobody) is None



@pytest.mark.parametrize("assignment", ["choose", "random"])
def test_a_first_join_is_welcomed_without_reading_the_participants_own_answers(store, assignment):
    """A phone's first join skips reading its own answers (it has none yet): what it is told is what
    a full read says, in a plenary and in a groups stage that deals its newcomer a group at once."""
    code, _people = start(store, plan_with(assignment=assignment), joined=3)
    for stage in ("plenary", "groups"):
        new = p.join(store, code, name="Amina")
        assert new["new"] is True and p.join(store, code, token=new["token"])["new"] is False
        who = {**new, "code": code}
        assert p.welcome(store, who, new=True) == p.welcome(store, who)
        if stage == "plenary":
            to_groups_stage(store, code)
    assert (p.welcome(store, who, new=True)["me"]["groups"].get("1") is not None) == (assignment == "random")


def test_a_latecomers_handle_is_added_to_the_kept_ones_and_all_match_a_fresh_computation(store):
    from facilitation.domain.assignment import handles
    code, people = start(store, plan_with(), joined=3)
    to_groups_stage(store, code)
    before = [groups.my_handles(store, who, SECRET)["1"] for who in people]
    people += [p.join(store, code) for _ in range(2)]  # latecomers, each welcomed with a handle
    after = [groups.my_handles(store, who, SECRET)["1"] for who in people]
    assert after[:3] == before
    assert after == [handles(SECRET, 1, [w["participant_id"] for w in people])[w["participant_id"]] for w in people]

def test_the_facilitator_moves_a_handle_and_never_sees_a_name(store):
    code, people = start(store, plan_with(cap=1), joined=2)
    for who, name in zip(people, ("Amina", "Bram")):
        p.join(store, code, token=who["token"], name=name)
    to_groups_stage(store, code)
    p.choose_group(store, people[0], "x", "g1")
    p.choose_group(store, people[1], "x", "g2")
    view = groups.members(store, code, SECRET)
    assert "Amina" not in repr(view) and "Bram" not in repr(view)
    mine = groups.my_handles(store, {**people[0]}, SECRET)["1"]
    assert view["groups"][0]["members"] == [mine]
    done = groups.move(store, code, SECRET, mine.lower(), "g2")  # a full group binds phones, not the facilitator
    assert done["group"] == "g2" and membership(store, people[0]) == "g2"
    assert groups.members(store, code, SECRET)["groups"][1]["members"] == sorted(
        [mine, groups.my_handles(store, people[1], SECRET)["1"]])
    with pytest.raises(NotFound, match="handle"):
        groups.move(store, code, SECRET, "ZZZZ", "g1")
    with pytest.raises(NotFound, match="group"):
        groups.move(store, code, SECRET, mine, "g9")
    with pytest.raises(Conflict):
        groups.move(store, code, SECRET, mine, "g2")


def test_handles_differ_from_stage_to_stage_and_with_the_secret(store):
    plan = small_plan()
    plan["stages"].append({"kind": "groups", "title": "Again", "minutes": 5,
                           "groups": [{"name": "X"}, {"name": "Y"}]})
    code, (who,) = start(store, parse_plan(plan), joined=1)
    first = groups.my_handles(store, who, SECRET)
    assert set(first) == {"1", "3"} and first["1"] != first["3"]
    assert groups.my_handles(store, who, groups.handle_secret("another key")) != first


def test_each_group_has_its_own_timer_held_with_the_stage(store):
    code, _ = start(store, plan_with())
    to_groups_stage(store, code)
    timers.control_timer(store, code, "start", group="g1", minutes=7, now=1000.0)
    shown = sessions.read_state(store, code)["stage"]["timers"]
    assert shown["groups"]["g1"]["duration"] == 420 and shown["groups"]["g1"]["running"]
    assert "g2" not in shown["groups"]
    timers.control_timer(store, code, "add", group="g1", minutes=2, now=1001.0)
    with pytest.raises(NotFound):
        timers.control_timer(store, code, "start", group="g7")
    with pytest.raises(DomainError):
        timers.control_timer(store, code, "start", group="g1", activity_id=1)
    sessions.move_stage(store, code, "next")  # leaving holds it ...
    sessions.move_stage(store, code, "previous")  # ... and coming back runs it again
    again = sessions.read_state(store, code)["stage"]["timers"]["groups"]["g1"]
    assert again["running"] and again["duration"] == 540


def stored_groups(store, code, position=1):
    """A groups stage as the stored plan has it (the record's ``plan``): its assignment and caps."""
    from facilitation.services import record
    stage = record.session_record(store, code)["plan"]["stages"][position]
    return stage["assignment"], [g["cap"] for g in stage["groups"]]


def test_a_raised_cap_lets_a_refused_phone_in_and_the_plan_keeps_it(store):
    code, (a, b, c) = start(store, plan_with(cap=1), joined=3)
    to_groups_stage(store, code)
    p.choose_group(store, a, "c1", "g1")
    with pytest.raises(Conflict, match="full"):
        p.choose_group(store, b, "c2", "g1")
    agenda.set_cap(store, code, 1, "g1", 2)
    assert p.choose_group(store, b, "c3", "g1")["group"] == "g1"
    with pytest.raises(Conflict, match="full"):
        p.choose_group(store, c, "c4", "g1")
    stage = sessions.read_state(store, code)["stage"]
    assert [(g["size"], g["cap"]) for g in stage["groups"]] == [(2, 2), (0, 1)]
    assert stored_groups(store, code) == ("choose", [2, 1])
    assert [g["cap"] for g in agenda.plan_view(store, code)["stages"][1]["groups"]] == [2, 1]
    agenda.set_cap(store, code, 1, "g1", None)  # no limit
    assert p.choose_group(store, c, "c5", "g1")["group"] == "g1"
    assert stored_groups(store, code) == ("choose", [None, 1])


def test_a_cap_lowered_below_the_group_takes_nobody_out_and_lets_nobody_else_in(store):
    code, people = start(store, plan_with(), joined=4)
    to_groups_stage(store, code)
    for n, who in enumerate(people[:3]):
        p.choose_group(store, who, f"c{n}", "g1")
    agenda.set_cap(store, code, 1, "g1", 2)
    assert [membership(store, who) for who in people[:3]] == ["g1"] * 3
    assert sessions.read_state(store, code)["stage"]["groups"][0] | {"board_url": None} == {
        "key": "g1", "name": "Red", "cap": 2, "size": 3, "board_url": None}
    with pytest.raises(Conflict, match="full"):
        p.choose_group(store, people[3], "c3", "g1")
    assert p.choose_group(store, people[0], "c4", "g1")["group"] == "g1"  # its own group, no change
    # Dealing out fills only the places left: here none in Red.
    assert groups.assign(store, code, "random")["sizes"] == {"g1": 3, "g2": 1}


def test_a_stage_switched_to_dealing_out_deals_nobody_out_until_the_facilitator_assigns(store):
    code, (a, b) = start(store, plan_with(), joined=2)
    to_groups_stage(store, code)
    p.choose_group(store, a, "c1", "g2")
    agenda.set_assignment(store, code, 1, "random")
    assert membership(store, a) == "g2" and membership(store, b) is None
    assert sessions.read_state(store, code)["stage"]["assignment"] == "random"
    with pytest.raises(Conflict, match="assigns"):
        p.choose_group(store, b, "c2", "g1")
    late = p.join(store, code)  # a latecomer is dealt out as they join
    assert membership(store, late) in ("g1", "g2")
    assert groups.assign(store, code, "random")["assigned"] == 1 and membership(store, b) is not None
    agenda.set_assignment(store, code, 1, "choose")
    assert p.choose_group(store, b, "c3", "g1")["group"] == "g1"
    assert stored_groups(store, code) == ("choose", [None, None])


def test_a_planned_stage_switched_to_balanced_deals_everyone_out_balanced_when_it_starts(store):
    plan = plan_with(names=("A", "B")).model_dump(mode="json")
    segments = ["North", "North", "South", "South"]
    code, people = start(store, parse_plan({**plan, "segments": ["North", "South"]}), joined=4, segments=segments)
    agenda.set_assignment(store, code, 1, "balanced")
    assert agenda.plan_view(store, code)["stages"][1]["assignment"] == "balanced"
    to_groups_stage(store, code)
    by_group = Counter((membership(store, who), seg) for who, seg in zip(people, segments))
    assert by_group == {("g1", "North"): 1, ("g1", "South"): 1, ("g2", "North"): 1, ("g2", "South"): 1}
    assert stored_groups(store, code) == ("balanced", [None, None])


@pytest.mark.parametrize("change, error, words", [
    (lambda s, c: agenda.set_assignment(s, c, 1, "balanced"), DomainError, "needs the session's segments"),
    (lambda s, c: agenda.set_assignment(s, c, 1, "alphabetical"), DomainError, "choose, random, balanced"),
    (lambda s, c: agenda.set_assignment(s, c, 1, None), DomainError, "choose, random, balanced"),
    (lambda s, c: agenda.set_assignment(s, c, 0, "random"), DomainError, "has no working groups"),
    (lambda s, c: agenda.set_assignment(s, c, 9, "random"), NotFound, "no stage 9"),
    (lambda s, c: agenda.set_cap(s, c, 1, "g1", 0), DomainError, "from 1 to 500"),
    (lambda s, c: agenda.set_cap(s, c, 1, "g1", 501), DomainError, "from 1 to 500"),
    (lambda s, c: agenda.set_cap(s, c, 1, "g1", "5"), DomainError, "from 1 to 500"),
    (lambda s, c: agenda.set_cap(s, c, 1, "g1", 2.5), DomainError, "from 1 to 500"),
    (lambda s, c: agenda.set_cap(s, c, 1, "g1", True), DomainError, "from 1 to 500"),
    (lambda s, c: agenda.set_cap(s, c, 1, "g7", 5), NotFound, "no working group"),
    (lambda s, c: agenda.set_cap(s, c, 1, None, 5), NotFound, "no such working group"),
    (lambda s, c: agenda.set_cap(s, c, 2, "g1", 5), DomainError, "has no working groups"),
])
def test_a_wrong_assignment_or_cap_is_refused_and_changes_nothing(store, change, error, words):
    code, _people = start(store, plan_with(cap=3), joined=1)
    to_groups_stage(store, code)
    before = (sessions.read_state(store, code), agenda.plan_view(store, code), stored_groups(store, code))
    with pytest.raises(error, match=words):
        change(store, code)
    assert (sessions.read_state(store, code), agenda.plan_view(store, code), stored_groups(store, code)) == before
