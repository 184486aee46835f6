"""Word cloud rules: what an answer may be, how answers are normalised, and how the cloud counts them."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import activity as act
from facilitation.domain.errors import Conflict, DomainError
from facilitation.domain.plan import PlanError, parse_plan
from facilitation.domain.wordcloud import ANSWER_LIMIT, check_answers, key, normalise, tally


def cloud(state=act.OPEN, **settings) -> act.Activity:
    return act.Activity(5, 0, None, 3, "wordcloud", "One word", {"max_answers": 3, "max_words": 2, **settings}, state)


class TestAnswers:
    @pytest.mark.parametrize("typed, stored", [
        ("  Trust ", "Trust"), ("trust.", "trust"), ("« power »", "power"), ("shared   power", "shared power"),
        ("Co-creation!", "Co-creation"), ("\u00e9quit\u00e9", "équité"), ("e\u0301quite\u0301", "équité"),
    ])
    def test_answers_are_normalised(self, typed, stored):
        assert normalise(typed) == stored
        assert check_answers(cloud(), [typed]) == [stored]

    def test_several_answers_up_to_the_limit_and_an_empty_list_takes_them_back(self):
        assert check_answers(cloud(), ["trust", "power", "voice"]) == ["trust", "power", "voice"]
        assert check_answers(cloud(), []) == []
        with pytest.raises(DomainError, match="at most 3 answers"):
            check_answers(cloud(), ["a", "b", "c", "d"])

    @pytest.mark.parametrize("answers, words", [
        (["three whole words"], "at most 2 words"),
        (["x" * (ANSWER_LIMIT + 1)], f"the limit is {ANSWER_LIMIT}"),
        (["  "], "empty"),
        (["?!"], "at least one letter"),
        (["Trust", "trust "], "already one of your answers"),
        (["bell\x07"], "control characters"),
        ([3], "must be text"),
        ("trust", "must be a list"),
    ])
    def test_bad_answers_are_refused_with_a_reason(self, answers, words):
        with pytest.raises(DomainError, match=words):
            check_answers(cloud(), answers)

    def test_one_word_clouds_take_one_word(self):
        with pytest.raises(DomainError, match="at most 1 word here"):
            check_answers(cloud(max_words=1), ["two words"])

    @pytest.mark.parametrize("state, words", [(act.CLOSED, "is closed"), (act.PENDING, "has not opened")])
    def test_a_cloud_that_is_not_open_takes_nothing(self, state, words):
        with pytest.raises(Conflict, match=words):
            check_answers(cloud(state), ["trust"])

    def test_only_a_word_cloud_takes_answers(self):
        poll = act.Activity(1, 0, None, 0, "poll", "Q", {"options": ["A", "B"]}, act.OPEN)
        with pytest.raises(DomainError, match="not a word cloud"):
            check_answers(poll, ["trust"])


class TestTally:
    def test_counts_case_aside_in_the_most_common_spelling(self):
        result = tally(cloud(), [["Trust", "power"], ["trust"], ["trust", "Power"], []])
        assert result["words"] == [{"text": "trust", "count": 3}, {"text": "Power", "count": 2}]
        assert (result["answers"], result["distinct"], result["people"]) == (5, 2, 3)

    def test_an_empty_cloud(self):
        assert tally(cloud(), []) == {"words": [], "answers": 0, "distinct": 0, "people": 0}

    @given(st.lists(st.lists(st.sampled_from(["Trust", "trust", "TRUST", "power", "Power", "voice", "équité",
                                              "ÉQUITÉ", "shared power"]), max_size=3, unique_by=key), max_size=40))
    def test_counts_add_up_to_every_answer_given(self, people):
        result = tally(cloud(), people)
        assert sum(w["count"] for w in result["words"]) == result["answers"] == sum(map(len, people))
        assert result["people"] == sum(1 for answers in people if answers)
        assert len({key(w["text"]) for w in result["words"]}) == result["distinct"] == len(result["words"])
        counts = [w["count"] for w in result["words"]]
        assert counts == sorted(counts, reverse=True)


class TestPlan:
    def plan(self, **activity):
        return {"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5, "activities": [
            {"kind": "wordcloud", "title": "One word", **activity}]}]}

    def test_defaults(self):
        item = parse_plan(self.plan()).stages[0].activities[0]
        assert (item.max_answers, item.max_words, item.hide_results, item.start) == (3, 3, False, "auto")

    @pytest.mark.parametrize("bad, where", [({"max_words": 4}, "max_words"), ({"max_answers": 0}, "max_answers"),
                                            ({"max_answers": 11}, "max_answers"), ({"colour": "red"}, "colour")])
    def test_limits_are_checked_and_named(self, bad, where):
        with pytest.raises(PlanError, match=rf"stages\[0\]\.activities\[0\]\.{where}"):
            parse_plan(self.plan(**bad))
