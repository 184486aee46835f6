"""Working-group assignment: caps, even groups, segments spread over the groups, moves by handle."""
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain.assignment import (assign_balanced, assign_random, check_cap, check_choice, check_move,
                                            extend_handles, handle, handles)
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



@given(st.sets(st.integers(1, 10**6), max_size=40), st.sets(st.integers(1, 10**6), max_size=40))
def test_latecomers_handles_are_the_handles_of_everyone(known, newcomers):
    secret, newcomers = b"s" * 32, sorted(newcomers - known)
    assert extend_handles(secret, 1, handles(secret, 1, sorted(known)), newcomers) == handles(
        secret, 1, sorted(known) + newcomers)


def test_a_latecomer_whose_handle_collides_makes_everyones_longer_as_if_computed_afresh():
    secret, seen = b"s" * 32, {}
    for pid in range(1, 5000):  # two people whose 4-character handles collide
        first = seen.setdefault(handle(secret, 1, pid), pid)
        if first != pid:
            break
    known = handles(secret, 1, [first])
    grown = extend_handles(secret, 1, known, [pid])
    assert grown == handles(secret, 1, [first, pid]) and {len(h) for h in grown.values()} == {5}
    many = handles(secret, 1, range(1, 1500))
    assert extend_handles(secret, 1, many, range(1500, 3000)) == handles(secret, 1, range(1, 3000))

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


@given(st.integers(0, 20), st.integers(0, 30), st.randoms())
def test_dealing_out_only_the_newcomers_at_random_evens_the_groups(already, newcomers, rng):
    """"Only those without a group" and later joiners: those already in a group count."""
    present = {g: [None] * (already if g == "a" else 0) for g in GROUPS}
    got = assign_random(range(newcomers), GROUPS, rng=rng, present=present)
    sizes = Counter(got.values())
    total = {g: len(present[g]) + sizes[g] for g in GROUPS}
    assert sizes["a"] == 0 or max(total.values()) - min(total.values()) <= 1


@given(st.lists(st.sampled_from(["North", "South", None]), max_size=20),
       st.lists(st.sampled_from(["North", "South", None]), max_size=20), st.randoms())
def test_dealing_out_newcomers_balanced_spreads_each_segment_over_the_whole_stage(already, newcomers, rng):
    present = {g: [] for g in GROUPS}
    for n, segment in enumerate(sorted(already, key=str)):  # round robin by segment: each spread evenly
        present[GROUPS[n % len(GROUPS)]].append(segment)
    got = assign_balanced(dict(enumerate(newcomers)), GROUPS, rng=rng, present=present)
    for person, group in got.items():
        present[group].append(newcomers[person])
    for segment in set(already) | set(newcomers):
        spread = [present[g].count(segment) for g in GROUPS]
        assert max(spread) - min(spread) <= 1


def test_a_later_joiner_goes_to_the_smallest_group_with_room():
    present = {"a": ["x", "x"], "b": ["x"], "c": ["x"], "d": ["x", "x"]}
    caps = {"b": 1}
    for seed in range(20):
        assert assign_random(["new"], GROUPS, caps, rng=random.Random(seed), present=present) == {"new": "c"}
    with pytest.raises(Conflict):
        assign_random(["new"], GROUPS, {g: 2 for g in GROUPS}, present={g: ["x", "x"] for g in GROUPS})


def test_only_those_without_a_group_balanced_finds_even_sizes_where_the_segments_allow_them():
    """A review saw groups of 4 and 6 where 5 and 5 spread every segment as well: one greedy pass,
    segment by segment, can end so when people already chose. The most even of several passes is kept."""
    present = {"a": [None, "North"], "b": ["South"]}
    newcomers = dict(enumerate(["North", "Other", "Other", "South", "North", "Other", "North"]))
    for seed in range(60):  # one pass alone gave 6 and 4 about one time in two
        got = assign_balanced(newcomers, ("a", "b"), rng=random.Random(seed), present=present)
        sizes = Counter(got.values())
        assert {2 + sizes["a"], 1 + sizes["b"]} == {5}, seed
        for segment in ("North", "South", "Other", None):
            per = [present[g].count(segment) + sum(1 for p, h in got.items() if h == g and newcomers[p] == segment)
                   for g in ("a", "b")]
            assert max(per) - min(per) <= 1, (seed, segment)
