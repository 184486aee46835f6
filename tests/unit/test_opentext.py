"""Open text rules: how many answers, how long, and the wall."""
import pytest

from facilitation.domain import activity as act
from facilitation.domain.errors import Conflict, DomainError
from facilitation.domain.opentext import SHOWN, check_texts, wall
from facilitation.domain.plan import PlanError, parse_plan


def question(state=act.OPEN, **settings) -> act.Activity:
    return act.Activity(7, 0, None, 5, "text", "Anything else?", {"max_answers": 2, "text_limit": 100, **settings}, state)


def test_answers_are_cleaned_and_keep_their_lines():
    assert check_texts(question(), ["  Trust takes time\r\nand patience ", "Money"]) == [
        "Trust takes time\nand patience", "Money"]
    assert check_texts(question(), []) == []


@pytest.mark.parametrize("answers, words", [
    (["a", "b", "c"], "at most 2 answers each"), (["x" * 101], "the limit is 100"), (["  "], "empty"),
    (["bell\x07"], "control characters"), (["Same", "same"], "twice"), ("text", "must be a list"), ([5], "must be text"),
])
def test_bad_answers_are_refused_with_a_reason(answers, words):
    with pytest.raises(DomainError, match=words):
        check_texts(question(), answers)


def test_a_closed_question_and_other_activities_take_nothing():
    with pytest.raises(Conflict, match="is closed"):
        check_texts(question(act.CLOSED), ["x"])
    cloud = act.Activity(5, 0, None, 3, "wordcloud", "W", {"max_answers": 3, "max_words": 3}, act.OPEN)
    with pytest.raises(DomainError, match="not an open question"):
        check_texts(cloud, ["x"])


def test_the_wall_keeps_the_order_and_the_latest():
    texts = [f"answer {n}" for n in range(SHOWN + 5)]
    shown = wall(question(), texts, 90)
    assert shown["count"] == SHOWN + 5 and shown["people"] == 90 and len(shown["answers"]) == SHOWN
    assert shown["answers"][-1] == {"text": f"answer {SHOWN + 4}"}
    assert len(wall(question(), texts, 90, shown=None)["answers"]) == SHOWN + 5


@pytest.mark.parametrize("bad", [{"max_answers": 6}, {"text_limit": 19}, {"text_limit": 1001}])
def test_plan_limits(bad):
    plan = {"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5, "activities": [
        {"kind": "text", "title": "Q", **bad}]}]}
    with pytest.raises(PlanError, match=next(iter(bad))):
        parse_plan(plan)
