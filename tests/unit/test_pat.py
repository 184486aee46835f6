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
