"""Working-group assignment: caps, even groups, segments spread over the groups, moves by handle."""
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain.assignment import (assign_balanced, assign_random, check_cap, check_choice, check_move,
                                            handle, handles)
from facilitation.domain.errors import Conflict, DomainError, NotFound

GROUPS = ("a", "b", "c", "d")


@given(st.integers(0, 80), st.integers(2, 6), st.randoms())
def test_random_groups_differ_in_size_by_at_most_one(people, n, rng):
    groups = GROUPS[:n] if n <= 4 else (*GROUPS, *"ef"[: n - 4])
    got = assign_random(range(people), groups, rng=rng)
    assert sorted(got) == list(range(people))
    sizes = Counter(got.values())
    assert max((sizes[g] for g in groups), default=0) - min(sizes[g] for g in groups) <= 1


@given(st.lists(st.sampled_from(["North", "South", "other", None]), max_size=60), st.randoms())
def test_balanced_groups_spread_every_segment_and_stay_even(segments, rng):
    people = dict(enumerate(segments))
    got = assign_balanced(people, GROUPS, rng=rng)
    assert sorted(got) == sorted(people)
    for segment in set(segments):
        per_group = Counter(got[p] for p, s in people.items() if s == segment)
        assert max(per_group[g] for g in GROUPS) - min(per_group[g] for g in GROUPS) <= 1, segment
    sizes = Counter(got.values())
    assert max(sizes[g] for g in GROUPS) - min(sizes[g] for g in GROUPS) <= 1


@given(st.integers(0, 40), st.dictionaries(st.sampled_from(GROUPS), st.integers(1, 12)), st.randoms())
def test_caps_are_never_exceeded_and_a_full_house_is_refused(people, caps, rng):
    room = sum(caps.get(g, 10**6) for g in GROUPS)
    if people > room:
        with pytest.raises(Conflict, match="every group is full"):
            assign_random(range(people), GROUPS, caps, rng)
        return
    sizes = Counter(assign_random(range(people), GROUPS, caps, rng).values())
    assert all(sizes[g] <= cap for g, cap in caps.items())


def test_a_participant_cannot_choose_a_full_group_but_may_stay_in_it():
    sizes, caps = {"a": 3, "b": 1}, {"a": 3, "b": None}
    assert check_choice(sizes, caps, "b", current=None) == "b"
    assert check_choice(sizes, caps, "a", current="a") == "a"
    with pytest.raises(Conflict, match="full"):
        check_choice(sizes, caps, "a", current="b")
    with pytest.raises(NotFound):
        check_choice(sizes, caps, "z", current=None)


@pytest.mark.parametrize("cap", [0, 501, 2.0, "3", True])
def test_a_cap_is_a_whole_number_from_1_to_500(cap):
    with pytest.raises(DomainError, match="from 1 to 500"):
        check_cap(cap)


def test_handles_are_stable_per_stage_unlinkable_across_stages_and_unique():
    secret = b"s" * 32
    assert handle(secret, 2, 17) == handle(secret, 2, 17) and len(handle(secret, 2, 17)) == 4
    assert handle(secret, 2, 17) != handle(secret, 3, 17) and handle(secret, 2, 17) != handle(b"t" * 32, 2, 17)
    assert not set(handle(secret, 2, 17)) & set("01IO")
    many = handles(secret, 2, range(3000))  # 3000 people in 32**4 handles: collisions are likely
    assert len(set(many.values())) == 3000


def test_a_move_names_a_known_handle_and_another_group():
    members = {"K7Q2": "a", "MX3P": "b"}
    assert check_move(members, "K7Q2", "b", GROUPS) == ("K7Q2", "b")
    with pytest.raises(NotFound, match="handle"):
        check_move(members, "ZZZZ", "b", GROUPS)
    with pytest.raises(NotFound, match="group"):
        check_move(members, "K7Q2", "z", GROUPS)
    with pytest.raises(Conflict, match="already"):
        check_move(members, "K7Q2", "a", GROUPS)


def test_assignment_uses_the_system_random_source_by_default():
    got = [assign_random(range(20), GROUPS) for _ in range(5)]
    assert len({tuple(sorted(g.items())) for g in got}) > 1
    seeded = [assign_random(range(20), GROUPS, rng=random.Random(7)) for _ in range(2)]
    assert seeded[0] == seeded[1]  # a seeded source replays, for tests
