"""Q&A rules: asking, upvoting (once, never one's own), the facilitator's actions, and the order the room sees."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import activity as act
from facilitation.domain import questions as qa
from facilitation.domain.errors import Conflict, DomainError, Forbidden, NotFound
from facilitation.domain.plan import PlanError, parse_plan


def qna(state=act.OPEN, **settings) -> act.Activity:
    return act.Activity(9, 0, None, 2, "qna", "Questions", {"question_limit": 50, "max_questions": 2, **settings}, state)


def question(id=1, asker=10, status=qa.SHOWN, votes=0, answered=False, highlighted=False, at=100.0, text="Why?"):
    return qa.Question(id, asker, text, "", status, answered, highlighted, at, votes)


def test_a_question_is_cleaned_and_capped_per_person():
    assert qa.check_question(qna(), "  Who decides\r\nthe budget? ", 0) == "Who decides\nthe budget?"
    assert qa.check_question(qna(), "x", 1) == "x"
    with pytest.raises(Conflict, match="asked 2 questions here"):
        qa.check_question(qna(), "one more", 2)


@pytest.mark.parametrize("text, words", [("x" * 51, "the limit is 50"), ("   ", "empty"), (7, "must be text"),
                                         ("bell\x07", "control characters")])
def test_a_bad_question_is_refused_with_a_reason(text, words):
    with pytest.raises(DomainError, match=words):
        qa.check_question(qna(), text, 0)


def test_a_closed_qna_and_other_kinds_take_no_question():
    with pytest.raises(Conflict, match="is closed"):
        qa.check_question(qna(act.CLOSED), "x", 0)
    text = act.Activity(5, 0, None, 3, "text", "T", {"max_answers": 1, "text_limit": 100}, act.OPEN)
    with pytest.raises(DomainError, match="not a Q&A"):
        qa.check_question(text, "x", 0)


def test_a_question_s_statuses_are_the_moderation_convention_s():
    from facilitation.domain import moderation

    assert qa.STATUSES == moderation.STATUSES == ("pending", "shown", "hidden")


def test_nobody_upvotes_their_own_question_nor_one_the_room_cannot_see():
    qa.check_upvote(qna(), question(asker=10), 11)
    with pytest.raises(Forbidden, match="cannot upvote your own question"):
        qa.check_upvote(qna(), question(asker=10), 10)
    for status in (qa.PENDING, qa.HIDDEN):
        with pytest.raises(NotFound):
            qa.check_upvote(qna(), question(status=status), 11)
    with pytest.raises(NotFound):
        qa.check_upvote(qna(), None, 11)
    with pytest.raises(Conflict, match="is closed"):
        qa.check_upvote(qna(act.CLOSED), question(), 11)


# A sequence of (participant, up) actions on one question; the count is who upvotes at the end.
upvote_actions = st.lists(st.tuples(st.integers(1, 12), st.booleans()), max_size=60)


@given(upvote_actions)
def test_any_sequence_of_upvotes_and_take_backs_counts_each_upvoter_once(actions):
    upvoters = frozenset()
    for participant, up in actions:
        upvoters = qa.upvoted(upvoters, participant, up)
    last = {}
    for participant, up in actions:
        last[participant] = up
    assert upvoters == {p for p, up in last.items() if up}


@given(st.lists(st.tuples(st.integers(0, 1000), st.booleans(), st.sampled_from(qa.STATUSES)), max_size=40))
def test_the_room_sees_shown_questions_unanswered_first_by_votes_then_newest(rows):
    asked = [question(id=n + 1, votes=v, answered=a, status=s, at=float(n % 7)) for n, (v, a, s) in enumerate(rows)]
    room = qa.room(qna(), asked)
    seen = [next(q for q in asked if q.id == r["id"]) for r in room["questions"]]
    assert all(q.status == qa.SHOWN for q in seen)
    assert len(seen) == sum(q.status == qa.SHOWN for q in asked) == room["count"]
    keys = [(q.answered, -q.votes, -q.created_at, -q.id) for q in seen]
    assert keys == sorted(keys)
    assert "waiting" not in room and "hidden" not in room  # not even a count of what the room may not see
    assert room["votes"] == sum(q.votes for q in seen)
    assert all("asker" not in r and "status" not in r for r in room["questions"])


def test_the_highlighted_question_is_named_and_kept_even_beyond_the_first_hundred():
    asked = [question(id=n, votes=1000 - n) for n in range(1, qa.SHOWN_LIMIT + 10)]
    asked.append(question(id=999, votes=0, highlighted=True))
    room = qa.room(qna(), asked)
    assert room["highlighted"] == 999 and len(room["questions"]) == qa.SHOWN_LIMIT
    assert room["questions"][-1]["id"] == 999 and room["count"] == qa.SHOWN_LIMIT + 10


@pytest.mark.parametrize("status, action, changes", [
    (qa.SHOWN, "answer", {"answered": True}), (qa.SHOWN, "unanswer", {"answered": False}),
    (qa.SHOWN, "highlight", {"highlighted": True}), (qa.SHOWN, "unhighlight", {"highlighted": False}),
    (qa.PENDING, "approve", {"status": qa.SHOWN}), (qa.PENDING, "hide", {"status": qa.HIDDEN, "highlighted": False}),
    (qa.SHOWN, "hide", {"status": qa.HIDDEN, "highlighted": False}), (qa.HIDDEN, "restore", {"status": qa.SHOWN}),
])
def test_the_facilitator_s_actions(status, action, changes):
    assert qa.facilitate(question(status=status), action) == changes


@pytest.mark.parametrize("status, action, words", [
    (qa.SHOWN, "approve", "only a question waiting"), (qa.HIDDEN, "approve", "only a question waiting"),
    (qa.SHOWN, "restore", "only a hidden question"), (qa.PENDING, "highlight", "the room can see"),
    (qa.SHOWN, "delete", "unknown question action"), (qa.SHOWN, None, "unknown question action"),
])
def test_an_action_that_does_not_fit_is_refused(status, action, words):
    with pytest.raises(DomainError, match=words):
        qa.facilitate(question(status=status), action)


def test_the_queue_lists_pending_questions_oldest_first_and_the_hidden_ones():
    asked = [question(id=1, status=qa.PENDING, at=5), question(id=2, status=qa.HIDDEN, at=1),
             question(id=3, status=qa.PENDING, at=2), question(id=4)]
    queue = qa.queue(asked)
    assert [q["id"] for q in queue["pending"]] == [3, 1] and [q["id"] for q in queue["hidden"]] == [2]
    assert queue["hidden"][0]["status"] == "hidden" and queue["pending"][0]["created_at"] == 2


def test_a_plan_takes_a_qna_with_its_limits():
    plan = parse_plan({"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5, "activities": [
        {"kind": "qna", "title": "Ask the speakers", "moderate": True}]}]})
    item = plan.stages[0].activities[0]
    assert (item.question_limit, item.max_questions, item.moderate) == (280, 5, True)
    with pytest.raises(PlanError, match="max_questions"):
        parse_plan({"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5, "activities": [
            {"kind": "qna", "title": "Q", "max_questions": 0}]}]})
