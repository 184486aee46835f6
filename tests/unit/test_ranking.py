"""Ranking rules: an order is every option once; the tally is the average rank per option."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import activity as act
from facilitation.domain.errors import Conflict, DomainError
from facilitation.domain.plan import PlanError, parse_plan
from facilitation.domain.ranking import check_order, tally

OPTIONS = ["Funding", "Decisions", "Reporting", "Trust"]


def ranking(state=act.OPEN, options=OPTIONS) -> act.Activity:
    return act.Activity(8, 0, None, 6, "ranking", "Rank", {"options": list(options)}, state)


def test_a_full_order_is_taken():
    assert check_order(ranking(), [3, 0, 2, 1]) == [3, 0, 2, 1]


@given(st.integers(2, 10).flatmap(lambda n: st.tuples(st.just(n), st.lists(st.integers(-2, n + 1), max_size=n + 2))))
def test_an_order_is_taken_exactly_when_it_is_a_permutation(case):
    n, order = case
    item = ranking(options=[f"option {i}" for i in range(n)])
    if sorted(order) == list(range(n)):
        assert check_order(item, order) == order
    else:
        with pytest.raises(DomainError, match="every option in order once"):
            check_order(item, order)


@pytest.mark.parametrize("order", ["0123", [0, 1, 2, 3.0], [0, 1, 2, True], None])
def test_not_a_list_of_numbers(order):
    with pytest.raises(DomainError):
        check_order(ranking(), order)


def test_a_closed_ranking_and_other_activities_take_nothing():
    with pytest.raises(Conflict, match="is closed"):
        check_order(ranking(act.CLOSED), [0, 1, 2, 3])
    poll = act.Activity(1, 0, None, 0, "poll", "Q", {"options": ["A", "B"]}, act.OPEN)
    with pytest.raises(DomainError, match="not a ranking"):
        check_order(poll, [0, 1])


def test_average_rank_places_and_order():
    result = tally(ranking(), [[3, 0, 2, 1], [0, 3, 1, 2], [3, 1, 0, 2]])
    assert result["average"] == [2.0, 3.0, 3.67, 1.33]
    assert result["places"][3] == [2, 1, 0, 0] and result["order"] == [3, 0, 1, 2] and result["people"] == 3


def test_no_rankings_yet():
    result = tally(ranking(), [])
    assert result["average"] == [None] * 4 and result["order"] == [0, 1, 2, 3] and result["people"] == 0


@given(st.integers(2, 10).flatmap(lambda n: st.tuples(st.just(n), st.lists(st.permutations(range(n)), min_size=1,
                                                                              max_size=40))))
def test_tallies_agree_with_the_orders(case):
    n, orders = case
    result = tally(ranking(options=[f"option {i}" for i in range(n)]), [list(o) for o in orders])
    people = len(orders)
    # Every place is taken once per person, and the average ranks add up to 1 + 2 + … + n.
    assert all(sum(result["places"][o][p] for o in range(n)) == people for p in range(n))
    assert all(sum(row) == people for row in result["places"])
    assert abs(sum(result["average"]) - n * (n + 1) / 2) < 0.01 * n
    assert sorted(result["order"]) == list(range(n))
    averages = [result["average"][o] for o in result["order"]]
    assert averages == sorted(averages)
    if people == 1:
        assert result["order"] == list(orders[0])


@pytest.mark.parametrize("options", [["only"], ["A", "a"], [f"o{i}" for i in range(11)]])
def test_plan_limits(options):
    plan = {"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5, "activities": [
        {"kind": "ranking", "title": "R", "options": options}]}]}
    with pytest.raises(PlanError, match="options"):
        parse_plan(plan)
