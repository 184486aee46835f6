"""Promotion to the plenary, the report-back's group switch and the cross-group vote's rules."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import activity as act
from facilitation.domain import crossvote, promotion
from facilitation.domain.errors import Conflict, DomainError, NotFound
from facilitation.domain.plan import PlanError, parse_plan
from facilitation.domain.session import Stage


def vote(budget=3, stacking=False, state=act.OPEN, kind="crossvote") -> act.Activity:
    return act.Activity(9, 2, None, 0, kind, "Which matter most?", {"dots": budget, "stacking": stacking}, state)


PROMOTED = {21, 22, 23}


@given(budget=st.integers(1, 20), stacking=st.booleans(),
       moves=st.lists(st.tuples(st.booleans(), st.sampled_from(sorted(PROMOTED | {99}))), max_size=60))
def test_no_sequence_of_dots_breaks_the_budget_the_stacking_rule_or_lands_on_an_unpromoted_item(budget, stacking, moves):
    item, mine = vote(budget, stacking), []
    for adding, target in moves:
        try:
            if adding:
                mine.append(crossvote.check_add(item, mine, target, PROMOTED))
            else:
                mine.remove(crossvote.check_remove(item, mine, target))
        except DomainError:
            pass
        assert len(mine) <= budget and set(mine) <= PROMOTED
        assert stacking or len(set(mine)) == len(mine)
        assert crossvote.left(item, mine) == budget - len(mine)


def test_a_dot_needs_a_promoted_item_one_left_and_no_stacking_by_default():
    item = vote(budget=2)
    with pytest.raises(DomainError, match="no such promoted item"):
        crossvote.check_add(item, [], 99, PROMOTED)
    with pytest.raises(DomainError, match="no such promoted item"):
        crossvote.check_add(item, [], "21", PROMOTED)
    with pytest.raises(Conflict, match="one dot per item"):
        crossvote.check_add(item, [21], 21, PROMOTED)
    with pytest.raises(Conflict, match="all your 2 dots"):
        crossvote.check_add(item, [21, 22], 23, PROMOTED)
    assert crossvote.check_add(vote(stacking=True), [21], 21, PROMOTED) == 21


def test_taking_a_dot_back_needs_one_of_ones_own_and_an_open_vote():
    item = vote()
    assert crossvote.check_remove(item, [21, 22], 22) == 22
    with pytest.raises(DomainError, match="no dot on this item"):
        crossvote.check_remove(item, [21], 22)
    with pytest.raises(Conflict, match="is closed"):
        crossvote.check_add(vote(state=act.CLOSED), [], 21, PROMOTED)
    with pytest.raises(DomainError, match="not a cross-group vote"):
        crossvote.check_add(vote(kind="poll"), [], 21, PROMOTED)


def test_the_tally_ranks_items_by_dots_and_ignores_dots_on_items_no_longer_promoted():
    items = [{"id": 21, "label": "Trust"}, {"id": 22, "label": "Funding"}, {"id": 23, "label": "Time"}]
    result = crossvote.tally(vote(), items, [[22, 23], [22], [40]])
    assert [i["dots"] for i in result["items"]] == [0, 2, 1]
    assert result["ranked"] == [22, 23, 21]
    assert result["voters"] == 2 and result["dots"] == 3 and result["budget"] == 3 and result["stacking"] is False


def test_only_a_groups_item_with_results_can_be_promoted():
    promotion.check_promotable("note", "groups", "g1", "board", 0)
    promotion.check_promotable("activity", "groups", "g2", "poll", 3)
    promotion.check_promotable("activity", "groups", "g4", "pat", 0)  # its table of levels and actions
    with pytest.raises(DomainError, match="working group"):
        promotion.check_promotable("note", "plenary", None, "board", 0)
    with pytest.raises(DomainError, match="cannot be promoted"):
        promotion.check_promotable("activity", "groups", "g1", "board", 0)
    with pytest.raises(DomainError, match="belongs to a sticky-note board"):
        promotion.check_promotable("cluster", "groups", "g1", "poll", 0)
    with pytest.raises(Conflict, match="at most"):
        promotion.check_promotable("note", "groups", "g1", "board", promotion.MAX_PER_GROUP)
    with pytest.raises(DomainError, match='"kind"'):
        promotion.check_kind("slide")
    with pytest.raises(NotFound):
        promotion.check_ref(2**40)


def stage(position, kind, groups=()):
    return Stage(position, position, kind, kind, 10, "", tuple(groups))


def test_a_report_back_reports_the_nearest_groups_stage_before_it():
    stages = [stage(0, "groups", [("g1", "A")]), stage(1, "report-back"), stage(2, "groups", [("g1", "B")]),
              stage(3, "plenary"), stage(4, "report-back")]
    assert promotion.reported_stage(stages, 1).position == 0
    assert promotion.reported_stage(stages, 4).position == 2
    assert promotion.reported_stage(stages, 0) is None


def test_the_board_steps_through_the_groups_and_back_to_all():
    keys = ["g1", "g2", "g3"]
    assert promotion.step(keys, None, "next") == "g1"
    assert promotion.step(keys, None, "previous") == "g3"
    assert promotion.step(keys, "g3", "next") == "g1"
    assert promotion.step(keys, "g1", "previous") == "g3"
    assert promotion.check_showing(keys, None) is None and promotion.check_showing(keys, "g2") == "g2"
    with pytest.raises(DomainError, match="one of g1"):
        promotion.check_showing(keys, "g9")
    with pytest.raises(DomainError, match="next"):
        promotion.step(keys, None, "sideways")


def test_moving_a_promoted_item_keeps_the_others_in_order():
    assert promotion.moved([1, 2, 3, 4], 4, 0) == [4, 1, 2, 3]
    assert promotion.moved([1, 2, 3, 4], 1, 3) == [2, 3, 4, 1]
    with pytest.raises(DomainError, match="from 0 to 3"):
        promotion.moved([1, 2, 3, 4], 1, 4)


def test_a_cross_group_vote_is_planned_in_a_report_back_only():
    stages = [{"kind": "report-back", "title": "Back", "minutes": 5,
               "activities": [{"kind": "crossvote", "title": "Vote"}]}]
    planned = parse_plan({"title": "T", "stages": stages}).stages[0].activities[0]
    assert (planned.dots, planned.stacking) == (3, False)
    with pytest.raises(PlanError, match="belongs in a report-back"):
        parse_plan({"title": "T", "stages": [{**stages[0], "kind": "plenary"}]})
    with pytest.raises(PlanError, match="dots"):
        parse_plan({"title": "T", "stages": [{**stages[0], "activities": [
            {"kind": "crossvote", "title": "Vote", "dots": 0}]}]})
