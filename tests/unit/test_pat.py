"""The Power Awareness Tool: the ladder, private scores with the perception gap, the group's
assessments and the decisions × organisations table."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain.errors import DomainError
from facilitation.domain.pat import (LADDER, Action, Assessment, check_action, check_assessment, check_level,
                                     private_scores, spread, table)

SEGMENTS = ("Northern partner", "Southern partner", "other")
GAP = ("Southern partner", "Northern partner")
ORGS = ("Funder NL", "Partner KE")


def test_the_ladder_has_the_five_published_levels():
    assert LADDER[0] == "not informed / excluded" and LADDER[4] == "decides" and len(LADDER) == 5


@pytest.mark.parametrize("value", [-1, 5, 2.0, "3", True, None])
def test_a_level_is_a_whole_number_from_0_to_4(value):
    with pytest.raises(DomainError, match="from 0 to 4"):
        check_level(value)


@given(st.lists(st.integers(0, 4), max_size=50))
def test_the_spread_counts_every_score_and_the_mean_is_theirs(levels):
    got = spread(levels)
    assert sum(got["counts"]) == len(levels)
    assert got["mean"] == (round(sum(levels) / len(levels), 2) if levels else None)


def test_the_perception_gap_is_southern_minus_northern_and_flagged_at_one():
    scores = [("Southern partner", 1)] * 3 + [("Northern partner", 3)] * 4 + [("other", 2)] * 3
    got = private_scores(scores, SEGMENTS, 3, GAP)
    assert got["total"]["result"]["counts"] == [0, 3, 3, 4, 0]
    assert got["gap"] == {"between": list(GAP), "value": -2.0, "flagged": True}


def test_a_gap_below_one_is_not_flagged():
    scores = [("Southern partner", 3)] * 3 + [("Southern partner", 2)] + [("Northern partner", 3)] * 3
    got = private_scores(scores, SEGMENTS, 3, GAP)
    assert got["gap"]["value"] == -0.25 and got["gap"]["flagged"] is False


def test_the_gap_is_taken_from_the_exact_means_not_the_rounded_ones():
    # Southern 4/3 = 1.333…, Northern 8/3 = 2.666…: the gap is −1.33 (the shown means 1.33 and 2.67 give −1.34).
    scores = [("Southern partner", level) for level in (1, 1, 2)] + [("Northern partner", level) for level in (2, 3, 3)] \
        + [(None, 2)] * 3
    got = private_scores(scores, SEGMENTS, 3, GAP)
    assert [row["result"]["mean"] for row in got["segments"][:2]] == [2.67, 1.33]
    assert got["gap"] == {"between": list(GAP), "value": -1.33, "flagged": True}


@given(st.lists(st.integers(0, 4), min_size=3, max_size=12), st.lists(st.integers(0, 4), min_size=3, max_size=12))
def test_the_gap_is_the_difference_of_the_two_means(south, north):
    scores = [("Southern partner", v) for v in south] + [("Northern partner", v) for v in north] + [(None, 2)] * 3
    got = private_scores(scores, SEGMENTS, 3, GAP)
    assert got["gap"]["value"] == round(sum(south) / len(south) - sum(north) / len(north), 2)


def test_no_gap_is_given_when_a_side_is_hidden_below_k():
    scores = [("Southern partner", 0)] * 2 + [("Northern partner", 4)] * 5 + [(None, 2)] * 3
    got = private_scores(scores, SEGMENTS, 3, GAP)
    assert got["gap"]["value"] is None and got["gap"]["flagged"] is False
    assert all(row["hidden"] for row in got["segments"] if row["name"] == "Southern partner")


def test_an_assessment_asks_a_desired_level_only_where_the_group_disagrees():
    assert check_assessment(2, None, None) == Assessment(2)
    assert check_assessment(2, True, None) == Assessment(2, True)
    assert check_assessment(1, False, 3) == Assessment(1, False, 3)
    for actual, agree, desired, words in [(2, True, 3, "only where"), (2, None, 3, "say first"),
                                          (2, False, 2, "is the actual one"), (2, "yes", None, "true"),
                                          (7, True, None, "from 0 to 4"), (2, False, 9, "from 0 to 4")]:
        with pytest.raises(DomainError, match=words):
            check_assessment(actual, agree, desired)


def test_an_action_has_a_text_an_owner_among_the_partners_and_maybe_a_date():
    assert check_action("  Share the  budget ", "Partner KE", "2027-03", ORGS) == Action("Share the budget", "Partner KE", "2027-03")
    assert check_action("Co-write calls", "Funder NL", "", ORGS).by == ""
    for text, owner, by, words in [("", "Funder NL", "", "1 to 280"), ("x" * 281, "Funder NL", "", "1 to 280"),
                                   ("Do it", "Someone", "", "owner"), ("Do it", "Funder NL", "next year", "by when"),
                                   ("Do it", "Funder NL", "2027-13", "by when")]:
        with pytest.raises(DomainError, match=words):
            check_action(text, owner, by, ORGS)


def test_the_table_has_every_decision_and_organisation_with_levels_gaps_and_actions():
    act = Action("Joint budget line", "Funder NL", "2027-06")
    got = table(["Budget allocation", "Choice of themes"], ORGS, {
        (0, "Funder NL"): Assessment(4, True), (0, "Partner KE"): Assessment(1, False, 3, (act,)),
        (1, "Partner KE"): Assessment(2, None)})
    budget, themes = got["rows"]
    assert [c["organisation"] for c in budget["cells"]] == list(ORGS)
    assert budget["cells"][0] | {} == {"organisation": "Funder NL", "actual": 4, "agree": True, "desired": 4,
                                       "gap": None, "actions": []}
    assert (budget["cells"][1]["desired"], budget["cells"][1]["gap"]) == (3, 2)
    assert budget["cells"][1]["actions"] == [{"text": "Joint budget line", "owner": "Funder NL", "by": "2027-06"}]
    assert themes["cells"][0]["actual"] is None and themes["cells"][1]["desired"] is None


# The PAT as a plan's activity: phases, decisions, the board's top notes, scores, the gap's segments.
from facilitation.domain.errors import Conflict  # noqa: E402
from facilitation.domain.pat import (ACTIONS_PER_CELL, PHASES, add_action, check_decisions, check_phase,  # noqa: E402
                                     check_score, gap_between, slot, top_decisions)
from facilitation.domain.plan import PlanError, parse_plan  # noqa: E402


def test_the_phases_follow_the_published_steps():
    assert PHASES == ("decisions", "scoring", "agreeing", "result") and check_phase("agreeing") == "agreeing"
    with pytest.raises(DomainError, match="one of"):
        check_phase("voting")


def test_decisions_are_trimmed_distinct_and_within_the_plan_limit():
    assert check_decisions(["  Setting  advocacy priorities ", "Allocating the budget"], 5) == (
        "Setting advocacy priorities", "Allocating the budget")
    for bad, words in [([], "1 to 5"), (["a"] * 6, "1 to 5"), (["Budget", " budget"], "different"),
                       (["x" * 201], "1 to 200"), ([3], "1 to 200"), ("Budget", "1 to 5")]:
        with pytest.raises(DomainError, match=words):
            check_decisions(bad, 5)


def test_the_top_decisions_are_clusters_by_dots_else_notes_by_dots():
    notes = [{"text": "Hiring", "dots": 1}, {"text": "Budget", "dots": 4}, {"text": "budget", "dots": 2},
             {"text": "Priorities", "dots": 4}]
    assert top_decisions([], notes, 2) == ("Budget", "Priorities")  # ties keep the order they came
    assert top_decisions([], notes, 5) == ("Budget", "Priorities", "Hiring")  # the same text once
    assert top_decisions([{"name": "Evidence", "dots": 0}, {"name": "Money", "dots": 3}], notes, 5) == (
        "Money", "Evidence")
    with pytest.raises(DomainError, match="no notes"):
        top_decisions([], [], 5)


@given(st.integers(0, 9), st.integers(0, 5), st.integers(2, 6))
def test_every_cell_has_its_own_slot(decision, organisation, n):
    organisation %= n
    s = slot(decision, organisation, range(n))
    assert (s // n, s % n) == (decision, organisation)


def test_a_score_names_a_cell_and_a_level():
    assert check_score(["a", "b"], ORGS, 1, 1, 4) == 3
    for decision, organisation, level, words in [(2, 0, 1, "decision"), (0, 2, 1, "organisation"),
                                                 (0, 0, 5, "from 0 to 4"), (True, 0, 1, "decision")]:
        with pytest.raises(DomainError, match=words):
            check_score(["a", "b"], ORGS, decision, organisation, level)


def test_the_gap_is_between_the_named_segments_or_the_sessions_first_two():
    assert gap_between(["Southern partner", "Northern partner"], SEGMENTS) == GAP
    assert gap_between(None, SEGMENTS) == ("Northern partner", "Southern partner")
    assert gap_between(None, []) is None


def test_actions_only_where_the_group_disagrees_and_at_most_five():
    action = Action("Co-write the plan", "Funder NL")
    with pytest.raises(Conflict, match="does not agree"):
        add_action(Assessment(2, True), action)
    cell = Assessment(1, False, 3)
    for _ in range(ACTIONS_PER_CELL):
        cell = add_action(cell, action)
    with pytest.raises(DomainError, match="at most 5"):
        add_action(cell, action)


def _plan_with(**pat) -> dict:
    return {"title": "T", "segments": list(SEGMENTS), "stages": [{"kind": "plenary", "title": "S", "minutes": 5,
            "activities": [{"kind": "pat", "title": "Who decides?", "organisations": list(ORGS), **pat}]}]}


@pytest.mark.parametrize("pat, words", [
    ({"organisations": ["Only one"]}, "at least 2"),
    ({"organisations": ["A", "a"]}, "organisations must all be different"),
    ({"gap": ["Southern partner", "Donors"]}, "two of the session's segments"),
    ({"gap": ["Southern partner", "Southern partner"]}, "different"),
    ({"decisions": ["a", "b", "c"], "max_decisions": 2}, "more decisions than max_decisions"),
    ({"max_decisions": 11}, "less than or equal to 10"),
])
def test_a_plan_refuses_a_pat_that_cannot_run(pat, words):
    with pytest.raises(PlanError, match=words):
        parse_plan(_plan_with(**pat))


def test_a_plan_takes_a_pat_with_its_defaults():
    tool = parse_plan(_plan_with()).stages[0].activities[0]
    assert (tool.gap, tool.max_decisions, tool.decisions) == (None, 5, [])
