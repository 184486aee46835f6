"""Scale rules: what a rating may be, and the distribution and mean per statement."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import activity as act
from facilitation.domain.errors import Conflict, DomainError
from facilitation.domain.plan import PlanError, parse_plan
from facilitation.domain.scale import check_rating, tally


def scale(state=act.OPEN, **settings) -> act.Activity:
    base = {"statements": ["Trust", "Power sharing"], "min": 1, "max": 5, "min_label": "No", "max_label": "Yes"}
    return act.Activity(6, 0, None, 4, "scale", "Rate", {**base, **settings}, state)


class TestRatings:
    def test_a_rating_within_the_scale(self):
        assert check_rating(scale(), 1, 5) == (1, 5)
        assert check_rating(scale(min=-2, max=2), 0, -2) == (0, -2)

    @pytest.mark.parametrize("statement, value, words", [
        (2, 3, "statement must be a number from 0 to 1"), (-1, 3, "statement"), ("0", 3, "statement"),
        (True, 3, "statement"), (0, 0, "from 1 to 5"), (0, 6, "from 1 to 5"), (0, 2.5, "from 1 to 5"),
        (0, "3", "from 1 to 5"), (0, True, "from 1 to 5"),
    ])
    def test_bad_ratings_are_refused_with_a_reason(self, statement, value, words):
        with pytest.raises(DomainError, match=words):
            check_rating(scale(), statement, value)

    @pytest.mark.parametrize("state, words", [(act.CLOSED, "is closed"), (act.PENDING, "has not opened")])
    def test_a_scale_that_is_not_open_takes_nothing(self, state, words):
        with pytest.raises(Conflict, match=words):
            check_rating(scale(state), 0, 3)

    def test_only_a_scale_takes_ratings(self):
        cloud = act.Activity(5, 0, None, 3, "wordcloud", "W", {"max_answers": 3, "max_words": 3}, act.OPEN)
        with pytest.raises(DomainError, match="not a scale"):
            check_rating(cloud, 0, 3)


class TestTally:
    def test_distribution_and_mean_per_statement(self):
        result = tally(scale(), [[[0, 5], [1, 1]], [[0, 4]], [[0, 4], [1, 2]]])
        trust, power = result["statements"]
        assert trust == {"text": "Trust", "counts": [0, 0, 0, 2, 1], "answers": 3, "mean": 4.33}
        assert power == {"text": "Power sharing", "counts": [1, 1, 0, 0, 0], "answers": 2, "mean": 1.5}
        assert (result["people"], result["min"], result["max"], result["min_label"]) == (3, 1, 5, "No")

    def test_a_statement_without_answers_has_no_mean(self):
        assert tally(scale(), [])["statements"][0] == {"text": "Trust", "counts": [0] * 5, "answers": 0, "mean": None}

    @given(st.integers(-10, 9).flatmap(lambda low: st.tuples(st.just(low), st.integers(low + 1, min(10, low + 10)))
                                       ).flatmap(lambda r: st.tuples(st.just(r), st.lists(
                                           st.dictionaries(st.integers(0, 1), st.integers(*r), max_size=2),
                                           max_size=30))))
    def test_counts_and_means_agree_with_the_ratings(self, case):
        (low, high), people = case
        result = tally(scale(min=low, max=high), [sorted(p.items()) for p in people])
        for n, row in enumerate(result["statements"]):
            given_values = [p[n] for p in people if n in p]
            assert len(row["counts"]) == high - low + 1 and sum(row["counts"]) == row["answers"] == len(given_values)
            if given_values:
                assert row["mean"] == round(sum(given_values) / len(given_values), 2)
                assert low <= row["mean"] <= high
        assert result["people"] == sum(1 for p in people if p)


class TestPlan:
    def plan(self, **activity):
        return {"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5, "activities": [
            {"kind": "scale", "title": "Rate", "statements": ["A"], **activity}]}]}

    def test_defaults_are_one_to_five(self):
        item = parse_plan(self.plan()).stages[0].activities[0]
        assert (item.min, item.max, item.min_label, item.max_label) == (1, 5, "", "")

    @pytest.mark.parametrize("bad, words", [
        ({"min": 5, "max": 5}, "min must be smaller than max"), ({"min": 0, "max": 11}, "max"),
        ({"min": -10, "max": 10}, "at most 11 points"), ({"statements": []}, "statements"),
        ({"statements": ["A", "a"]}, "statements must all be different"), ({"statements": ["x"] * 13}, "statements"),
    ])
    def test_bad_scales_are_refused(self, bad, words):
        with pytest.raises(PlanError, match=words):
            parse_plan(self.plan(**bad))
