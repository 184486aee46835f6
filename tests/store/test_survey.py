"""Survey answers against a real database, on SQLite and on PostgreSQL."""
import pytest

from facilitation.domain.errors import Conflict, DomainError, Forbidden
from facilitation.domain.plan import parse_plan
from facilitation.services import archive, record, sessions
from facilitation.services import participation as p

from ..conftest import small_plan
from .test_services import activities, phone, results

SURVEY = {"kind": "survey", "title": "Before you go", "questions": [
    {"kind": "scale", "text": "How useful was it?", "min_label": "Not useful", "max_label": "Very useful"},
    {"kind": "choice", "text": "Which parts helped?", "options": ["Talks", "Groups", "Votes"], "multiple": True,
     "max_choices": 2},
    {"kind": "choice", "text": "Again?", "options": ["Yes", "No"]},
]}


def survey_plan() -> dict:
    plan = small_plan()
    plan["stages"][0]["activities"].append(SURVEY)
    plan["stages"][1]["groups"][0]["activities"].append({**SURVEY, "title": "Red survey"})
    return plan


@pytest.fixture
def code(store):
    code = sessions.create_session(store, parse_plan(survey_plan()))
    sessions.move_stage(store, code, "next")
    return code


def survey_id(store, code):
    return activities(store, code, "survey")[0]["id"]


def test_each_answer_is_kept_as_given_and_a_new_one_replaces_the_old(store, code):
    survey = survey_id(store, code)
    a, b = phone(store, code), phone(store, code)
    assert p.answer_question(store, a, "s1", survey, 0, 4) == {"ok": True, "activity": survey, "question": 0, "answer": 4}
    assert p.answer_question(store, a, "s2", survey, 1, [2, 0])["answer"] == [0, 2]
    p.answer_question(store, b, "s1", survey, 1, [1])
    p.answer_question(store, a, "s3", survey, 0, 2)  # changes her mind
    p.answer_question(store, a, "s4", survey, 1, [1])
    useful, parts, again = results(store, code, survey)["questions"]
    assert (useful["counts"], useful["mean"], useful["respondents"]) == ([0, 1, 0, 0, 0], 2.0, 1)
    assert (parts["counts"], parts["respondents"]) == ([0, 2, 0], 2)
    assert again["respondents"] == 0 and results(store, code, survey)["people"] == 2
    assert p.participant_view(store, a)["surveys"] == {str(survey): {"0": 2, "1": [1]}}
    assert p.participant_view(store, a)["ratings"] == {} and p.participant_view(store, a)["answers"] == {}


def test_an_empty_choice_takes_the_answer_back(store, code):
    survey = survey_id(store, code)
    a = phone(store, code)
    p.answer_question(store, a, "s1", survey, 1, [0])
    assert p.answer_question(store, a, "s2", survey, 1, []) == {"ok": True, "activity": survey, "question": 1,
                                                                 "answer": None}
    assert results(store, code, survey)["questions"][1]["respondents"] == 0
    assert p.participant_view(store, a)["surveys"] == {}


def test_a_repeat_is_answered_again_not_applied_twice(store, code):
    survey = survey_id(store, code)
    a = phone(store, code)
    first = p.answer_question(store, a, "same", survey, 0, 5)
    p.answer_question(store, a, "later", survey, 0, 1)
    assert p.answer_question(store, a, "same", survey, 0, 5) == {**first, "duplicate": True}
    assert results(store, code, survey)["questions"][0]["mean"] == 1.0


@pytest.mark.parametrize("question, answer", [(3, 1), (0, 6), (0, [1]), (1, [0, 1, 2]), (1, [3]), (2, [0, 1]), (1, 1)])
def test_bad_answers_change_nothing(store, code, question, answer):
    survey = survey_id(store, code)
    a = phone(store, code)
    p.answer_question(store, a, "s1", survey, 0, 3)
    p.answer_question(store, a, "s2", survey, 1, [0])
    with pytest.raises(DomainError):
        p.answer_question(store, a, "s3", survey, question, answer)
    useful, parts, again = results(store, code, survey)["questions"]
    assert (useful["counts"], parts["counts"], again["counts"]) == ([0, 0, 1, 0, 0], [1, 0, 0], [0, 0])


def test_a_closed_survey_refuses_answers(store, code):
    survey = survey_id(store, code)
    sessions.control_activity(store, code, survey, "close")
    with pytest.raises(Conflict, match="is closed"):
        p.answer_question(store, phone(store, code), "s1", survey, 0, 3)


def test_a_groups_survey_takes_answers_only_from_its_group(store, code):
    sessions.move_stage(store, code, "next")
    red = [a for a in activities(store, code, "survey") if a["group"] == "g1"][0]["id"]
    inside, outside = phone(store, code), phone(store, code)
    p.choose_group(store, inside, "g", "g1")
    p.choose_group(store, outside, "g", "g2")
    assert p.answer_question(store, inside, "s1", red, 2, [0])["ok"]
    with pytest.raises(Forbidden):
        p.answer_question(store, outside, "s1", red, 2, [1])
    assert results(store, code, red)["questions"][2]["counts"] == [1, 0]


def test_the_record_carries_the_answers_and_imports_back(store, code):
    survey = survey_id(store, code)
    a, b = phone(store, code), phone(store, code)
    p.answer_question(store, a, "s1", survey, 0, 5)
    p.answer_question(store, a, "s2", survey, 1, [0, 2])
    p.answer_question(store, b, "s1", survey, 2, [1])
    rec = record.session_record(store, code)
    entry = rec["stages"][0]["activities"][-1]
    assert entry["kind"] == "survey" and entry["responses"] == [[[0, 5], [1, [0, 2]]], [[2, [1]]]]
    assert [q["respondents"] for q in entry["results"]["questions"]] == [1, 1, 1]
    assert a["token"] not in repr(rec)
    record.check_record(rec)
    archive.delete_session(store, code)
    assert record.session_record(store, archive.import_record(store, rec)) == rec


@pytest.mark.parametrize("bad, words", [([[[0, 9]]], "does not fit its question"), ([[[1, []]]], "empty"),
                                        ([[[5, 1]]], "does not fit"), ([[[0, 1]], [[0, 2]]], "more survey responses")])
def test_an_imported_answer_that_does_not_fit_is_refused(store, code, bad, words):
    rec = record.session_record(store, code)
    rec["session"]["participants"] = 1
    rec["stages"][0]["activities"][-1]["responses"] = bad
    archive.delete_session(store, code)
    with pytest.raises(DomainError, match=words):
        archive.import_record(store, rec)
