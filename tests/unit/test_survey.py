"""Survey rules: what an answer to each kind of question may be, the tally per question, and the plan."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import activity as act
from facilitation.domain.errors import Conflict, DomainError
from facilitation.domain.plan import PlanError, parse_plan
from facilitation.domain.survey import check_answer, most_choices, tally

QUESTIONS = [
    {"kind": "scale", "text": "Useful?", "min": 1, "max": 5, "min_label": "No", "max_label": "Very"},
    {"kind": "choice", "text": "Which parts?", "options": ["Talks", "Groups", "Votes", "Food"], "multiple": True,
     "max_choices": 2},
    {"kind": "choice", "text": "Again?", "options": ["Yes", "No"], "multiple": False, "max_choices": None},
]


def survey(state=act.OPEN, questions=QUESTIONS) -> act.Activity:
    return act.Activity(9, 0, None, 2, "survey", "Before you go", {"questions": questions}, state)


class TestAnswers:
    def test_valid_answers_come_back_checked(self):
        assert check_answer(survey(), 0, 5) == (0, 5)
        assert check_answer(survey(), 1, [2, 0]) == (1, (0, 2))
        assert check_answer(survey(), 2, [1]) == (2, (1,))

    def test_an_empty_choice_takes_the_answer_back(self):
        assert check_answer(survey(), 1, []) == (1, ())

    @pytest.mark.parametrize("question, answer, words", [
        (3, 1, "question must be a number from 0 to 2"), (-1, 1, "question must be"), (True, 1, "question must be"),
        ("0", 1, "question must be"), (0, 6, "from 1 to 5"), (0, 0, "from 1 to 5"), (0, 2.5, "from 1 to 5"),
        (0, True, "from 1 to 5"), (0, [3], "is a scale: answer with one number"),
        (1, 2, "is a choice: answer with a list"), (1, [0, 1, 2], "choose at most 2 options"),
        (1, [4], "option numbers go from 0 to 3"), (1, [1, 1], "only once"), (1, ["0"], "list of option numbers"),
        (2, [0, 1], "question 3 takes a single choice"), (2, [True], "list of option numbers"),
    ])
    def test_bad_answers_are_refused_with_a_reason(self, question, answer, words):
        with pytest.raises(DomainError, match=words):
            check_answer(survey(), question, answer)

    @pytest.mark.parametrize("state, words", [(act.CLOSED, "is closed"), (act.PENDING, "has not opened")])
    def test_a_survey_that_is_not_open_takes_nothing(self, state, words):
        with pytest.raises(Conflict, match=words):
            check_answer(survey(state), 0, 3)

    def test_only_a_survey_takes_survey_answers(self):
        scale = act.Activity(5, 0, None, 3, "scale", "S", {"statements": ["A"], "min": 1, "max": 5}, act.OPEN)
        with pytest.raises(DomainError, match="not a survey"):
            check_answer(scale, 0, 3)

    def test_several_choices_without_a_maximum_allow_every_option(self):
        q = {"kind": "choice", "text": "Q", "options": ["A", "B", "C"], "multiple": True, "max_choices": None}
        assert most_choices(q) == 3 and check_answer(survey(questions=[q]), 0, [0, 1, 2]) == (0, (0, 1, 2))

    @given(st.lists(st.integers(-2, 6), max_size=6))
    def test_a_choice_is_accepted_exactly_when_it_fits_the_question(self, picked):
        fits = (len(set(picked)) == len(picked) and all(0 <= c < 4 for c in picked) and len(picked) <= 2)
        try:
            q, checked = check_answer(survey(), 1, picked)
        except DomainError:
            assert not fits
        else:
            assert fits and q == 1 and checked == tuple(sorted(picked))


class TestTally:
    def test_counts_respondents_and_means_per_question(self):
        result = tally(survey(), [[[0, 5], [1, [0, 2]], [2, [1]]], [[0, 4], [1, [2]]], [[1, [0, 1]]]])
        useful, parts, again = result["questions"]
        assert useful == {"kind": "scale", "text": "Useful?", "respondents": 2, "min": 1, "max": 5, "min_label": "No",
                          "max_label": "Very", "counts": [0, 0, 0, 1, 1], "answers": 2, "mean": 4.5}
        assert parts == {"kind": "choice", "text": "Which parts?", "respondents": 3,
                         "options": ["Talks", "Groups", "Votes", "Food"], "counts": [2, 1, 2, 0], "multiple": True,
                         "max_choices": 2}
        assert (again["counts"], again["respondents"], again["max_choices"]) == ([0, 1], 1, 1)
        assert result["people"] == 3

    def test_a_survey_without_answers(self):
        result = tally(survey(), [])
        assert result["people"] == 0 and result["questions"][0]["mean"] is None
        assert [q["respondents"] for q in result["questions"]] == [0, 0, 0]

    @given(st.lists(st.fixed_dictionaries({}, optional={
        0: st.integers(1, 5), 1: st.lists(st.integers(0, 3), min_size=1, max_size=2, unique=True),
        2: st.lists(st.integers(0, 1), min_size=1, max_size=1)}), max_size=30))
    def test_the_tally_agrees_with_the_answers(self, people):
        result = tally(survey(), [sorted(p.items()) for p in people])
        for n, row in enumerate(result["questions"]):
            given_answers = [p[n] for p in people if n in p]
            assert row["respondents"] == len(given_answers)
            if row["kind"] == "scale":
                assert sum(row["counts"]) == row["answers"] == len(given_answers)
                if given_answers:
                    assert row["mean"] == round(sum(given_answers) / len(given_answers), 2)
            else:
                assert sum(row["counts"]) == sum(len(a) for a in given_answers)
                assert all(c <= row["respondents"] for c in row["counts"])
        assert result["people"] == sum(1 for p in people if p)


class TestPlan:
    def plan(self, **activity):
        base = {"kind": "survey", "title": "Before you go", "questions": [
            {"kind": "scale", "text": "Useful?"}, {"kind": "choice", "text": "Again?", "options": ["Yes", "No"]}]}
        return {"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5,
                                          "activities": [{**base, **activity}]}]}

    def test_defaults(self):
        item = parse_plan(self.plan()).stages[0].activities[0]
        scale, choice = item.questions
        assert (scale.min, scale.max, scale.min_label, choice.multiple, choice.max_choices) == (1, 5, "", False, None)
        assert (item.hide_results, item.start) == (False, "auto")

    @pytest.mark.parametrize("questions, where, words", [
        ([], "questions", "at least 1"),
        ([{"kind": "scale", "text": f"Q{n}"} for n in range(11)], "questions", "at most 10"),
        ([{"kind": "scale", "text": "A"}, {"kind": "scale", "text": "a"}], "activities[0]", "questions must all be different"),
        ([{"kind": "scale", "text": "A", "min": 5, "max": 5}], "questions[0]", "min must be smaller than max"),
        ([{"kind": "scale", "text": "A", "min": -10, "max": 10}], "questions[0]", "at most 11 points"),
        ([{"kind": "scale", "text": ""}], "questions[0].text", "at least 1"),
        ([{"kind": "choice", "text": "A", "options": ["x"]}], "questions[0].options", "at least 2"),
        ([{"kind": "choice", "text": "A", "options": ["x", "X"]}], "questions[0]", "options must all be different"),
        ([{"kind": "choice", "text": "A", "options": ["x", "y"], "max_choices": 2}], "questions[0]", "needs multiple"),
        ([{"kind": "choice", "text": "A", "options": ["x", "y"], "multiple": True, "max_choices": 3}], "questions[0]",
         "cannot be more than the number of options"),
        ([{"kind": "choice", "text": "A", "options": ["x", "y"], "multiple": True, "max_choices": 1}],
         "questions[0].max_choices", "greater than or equal to 2"),
        ([{"kind": "poll", "text": "A"}], "questions[0]", "choice"),
        ([{"kind": "scale", "text": "A", "statements": ["x"]}], "questions[0].statements", "not permitted"),
    ])
    def test_bad_surveys_are_refused_saying_where(self, questions, where, words):
        with pytest.raises(PlanError, match=words) as info:
            parse_plan(self.plan(questions=questions))
        assert f"stages[0].{where}" in str(info.value) if where.startswith("activities") else (
            f"stages[0].activities[0].{where}" in str(info.value)), str(info.value)
