"""100 points: an allocation spends at most the budget, and the tally keeps every point given."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import activity as act
from facilitation.domain.errors import Conflict, DomainError
from facilitation.domain.plan import PlanError, parse_plan
from facilitation.domain.points import check_allocation, tally


def budget(n=3, total=100, state=act.OPEN) -> act.Activity:
    return act.Activity(9, 0, None, 7, "points", "Spend", {"options": [f"o{i}" for i in range(n)], "budget": total}, state)


@given(st.integers(2, 10).flatmap(lambda n: st.tuples(st.just(n), st.integers(10, 1000), st.lists(
    st.integers(-5, 1200), min_size=n, max_size=n))))
def test_an_allocation_is_taken_exactly_when_it_fits_the_budget(case):
    n, total, allocation = case
    item = budget(n, total)
    fits = all(p >= 0 for p in allocation) and 0 < sum(allocation) <= total
    if fits:
        assert check_allocation(item, allocation) == allocation
    else:
        with pytest.raises(DomainError):
            check_allocation(item, allocation)


@pytest.mark.parametrize("allocation, words", [
    ([50, 50, 1], "that is 101 points; you have 100 to give"), ([0, 0, 0], "at least one point"),
    ([-1, 50, 50], "cannot be negative"), ([50, 50], "each of the 3 options"), ([50.0, 0, 0], "whole numbers"),
    ("100", "whole numbers"), ([True, 0, 0], "whole numbers"),
])
def test_bad_allocations_are_refused_with_a_reason(allocation, words):
    with pytest.raises(DomainError, match=words):
        check_allocation(budget(), allocation)


def test_a_closed_activity_and_other_kinds_take_no_points():
    with pytest.raises(Conflict, match="is closed"):
        check_allocation(budget(state=act.CLOSED), [100, 0, 0])
    poll = act.Activity(1, 0, None, 0, "poll", "Q", {"options": ["A", "B"]}, act.OPEN)
    with pytest.raises(DomainError, match="does not take points"):
        check_allocation(poll, [1, 1])


def test_totals_averages_and_shares():
    result = tally(budget(), [[60, 40, 0], [20, 30, 50]])
    assert result["totals"] == [80, 70, 50] and result["average"] == [40.0, 35.0, 25.0]
    assert result["share"] == [40.0, 35.0, 25.0] and (result["people"], result["spent"], result["budget"]) == (2, 200, 100)
    assert tally(budget(), [])["average"] == [None, None, None]


@given(st.integers(2, 10).flatmap(lambda n: st.tuples(st.just(n), st.lists(
    st.lists(st.integers(0, 20), min_size=n, max_size=n).filter(lambda a: sum(a) > 0), max_size=40))))
def test_the_tally_keeps_every_point(case):
    n, allocations = case
    result = tally(budget(n, 200), allocations)
    assert result["spent"] == sum(map(sum, allocations)) == sum(result["totals"])
    assert all(t <= result["people"] * 200 for t in result["totals"])
    assert result["totals"] == [sum(a[o] for a in allocations) for o in range(n)]
    if allocations:
        assert abs(sum(result["share"]) - 100) < 0.1 * n


@pytest.mark.parametrize("bad, where", [({"budget": 9}, "budget"), ({"budget": 1001}, "budget"),
                                        ({"options": ["only"]}, "options")])
def test_plan_limits(bad, where):
    plan = {"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5, "activities": [
        {"kind": "points", "title": "S", "options": ["A", "B"], **bad}]}]}
    with pytest.raises(PlanError, match=where):
        parse_plan(plan)
