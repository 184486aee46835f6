"""Q&A questions and upvotes against a real database, on SQLite and on PostgreSQL."""
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.domain.errors import Conflict, DomainError, Forbidden, NotFound
from facilitation.domain.plan import parse_plan
from facilitation.services import archive, questions, record, sessions
from facilitation.services import participation as p
from facilitation.store.schema import upvotes

from .test_services import activities, code, phone, results  # noqa: F401 - the code fixture


def qna_id(store, code):  # noqa: F811
    return activities(store, code, "qna")[0]["id"]


def test_questions_are_asked_upvoted_and_sorted_by_upvotes_then_newest(store, code):  # noqa: F811
    q = qna_id(store, code)
    a, b, c = phone(store, code, name="Amina"), phone(store, code), phone(store, code)
    first = p.ask(store, a, "q1", q, "Who sets the agenda?", signed=True, now=100.0)
    second = p.ask(store, b, "q1", q, "What about budgets?", now=101.0)
    third = p.ask(store, b, "q2", q, "And reporting?", now=102.0)
    assert first == {"ok": True, "activity": q, "question": first["question"], "status": "shown"}
    p.upvote(store, c, "u1", q, first["question"])
    p.upvote(store, b, "u2", q, first["question"])
    p.upvote(store, c, "u2", q, third["question"])
    room = results(store, code, q)
    assert [(x["text"], x["votes"], x["author"]) for x in room["questions"]] == [
        ("Who sets the agenda?", 2, "Amina"), ("And reporting?", 1, ""), ("What about budgets?", 0, "")]
    assert (room["count"], room["votes"], room["highlighted"]) == (3, 3, None)
    # Taking an upvote back, and upvoting again twice, leave one upvote each.
    p.upvote(store, c, "u3", q, first["question"], up=False)
    p.upvote(store, b, "u3", q, first["question"])
    assert [x["votes"] for x in results(store, code, q)["questions"]] == [1, 1, 0]
    me = p.participant_view(store, c)
    assert me["upvotes"] == {str(q): [third["question"]]}
    assert p.participant_view(store, b)["questions"][str(q)] == [
        {"id": second["question"], "text": "What about budgets?", "author": "", "status": "shown"},
        {"id": third["question"], "text": "And reporting?", "author": "", "status": "shown"}]
    assert second["question"]


def test_the_rules_hold_whatever_a_phone_sends(store, code):  # noqa: F811
    q = qna_id(store, code)
    a, b = phone(store, code), phone(store, code)
    mine = p.ask(store, a, "q1", q, "Mine")["question"]
    with pytest.raises(Forbidden, match="cannot upvote your own question"):
        p.upvote(store, a, "u1", q, mine)
    with pytest.raises(DomainError, match="the limit is 120"):
        p.ask(store, a, "q2", q, "x" * 121)
    p.ask(store, a, "q3", q, "Second")
    with pytest.raises(Conflict, match="asked 2 questions"):
        p.ask(store, a, "q4", q, "Third")
    for bad in (999999, 2**40, "1", None):
        with pytest.raises(NotFound):
            p.upvote(store, b, f"u{hash(str(bad)) % 1000}", q, bad)
    with pytest.raises(DomainError, match="up must be"):
        p.upvote(store, b, "u9", q, mine, up="yes")
    # A poll's id is no Q&A.
    poll = activities(store, code, "poll")[0]["id"]
    with pytest.raises(DomainError):
        p.ask(store, b, "q1", poll, "Hello?")
    with pytest.raises(DomainError, match="not a Q&A"):
        p.upvote(store, b, "u10", poll, mine)
    # A repeat of the same action is answered again, not applied twice.
    assert p.upvote(store, b, "u11", q, mine)["up"] is True
    assert p.upvote(store, b, "u11", q, mine)["duplicate"] is True
    sessions.control_activity(store, code, q, "close")
    with pytest.raises(Conflict):
        p.upvote(store, b, "u12", q, mine, up=False)
    assert {x["id"]: x["votes"] for x in results(store, code, q)["questions"]}[mine] == 1


def test_the_database_keeps_one_upvote_per_participant_and_question(store, code):  # noqa: F811
    q = qna_id(store, code)
    a, b = phone(store, code), phone(store, code)
    mine = p.ask(store, a, "q1", q, "Mine")["question"]
    p.upvote(store, b, "u1", q, mine)
    with pytest.raises(sa.exc.IntegrityError):
        with store.transaction() as conn:
            conn.execute(upvotes.insert().values(question_id=mine, participant_id=b["participant_id"], created_at=1.0))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 1), st.booleans()), min_size=1, max_size=25))
def test_any_upvotes_and_take_backs_leave_counts_equal_to_distinct_upvoters(store, actions):
    code = sessions.create_session(store, parse_plan(
        {"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5,
                                   "activities": [{"kind": "qna", "title": "Q"}]}]}))
    sessions.move_stage(store, code, "next")
    q = qna_id(store, code)
    asker = phone(store, code)
    asked = [p.ask(store, asker, f"q{n}", q, f"Question {n}")["question"] for n in range(2)]
    people = [phone(store, code) for _ in range(5)]
    expected = {n: set() for n in range(2)}
    for step, (who, n, up) in enumerate(actions):
        p.upvote(store, people[who], f"u{step}", q, asked[n], up=up)
        (expected[n].add if up else expected[n].discard)(who)
    counts = {x["id"]: x["votes"] for x in results(store, code, q)["questions"]}
    assert counts == {asked[n]: len(expected[n]) for n in range(2)}


def test_moderation_holds_questions_until_the_facilitator_approves(store, code):  # noqa: F811
    q = qna_id(store, code)
    sessions.set_options(store, code, q, {"moderate": True})
    a, b = phone(store, code), phone(store, code)
    held = p.ask(store, a, "q1", q, "Held back?")
    assert held["status"] == "pending"
    room = results(store, code, q)
    assert (room["questions"], room["count"], len(room["moderation"]["pending"])) == ([], 0, 1)
    assert [x["text"] for x in room["moderation"]["pending"]] == ["Held back?"]
    assert p.participant_view(store, a)["questions"][str(q)][0]["status"] == "pending"
    with pytest.raises(NotFound):
        p.upvote(store, b, "u1", q, held["question"])
    with pytest.raises(Conflict, match="the room can see"):
        questions.facilitate(store, code, held["question"], "highlight")
    done = questions.facilitate(store, code, held["question"], "approve")
    assert done["question"]["status"] == "shown" and done["activity"] == q
    p.upvote(store, b, "u2", q, held["question"])
    assert results(store, code, q)["questions"][0]["votes"] == 1
    questions.facilitate(store, code, held["question"], "hide")
    room = results(store, code, q)
    assert (room["count"], room["moderation"]["hidden"][0]["text"]) == (0, "Held back?")
    questions.facilitate(store, code, held["question"], "restore")
    sessions.set_options(store, code, q, {"moderate": False})
    assert p.ask(store, b, "q1", q, "Straight in")["status"] == "shown"


def test_answered_questions_sink_and_only_one_is_highlighted(store, code):  # noqa: F811
    q = qna_id(store, code)
    a, b = phone(store, code), phone(store, code)
    x = p.ask(store, a, "q1", q, "X", now=1.0)["question"]
    y = p.ask(store, b, "q1", q, "Y", now=2.0)["question"]
    p.upvote(store, b, "u1", q, x)
    questions.facilitate(store, code, x, "answer")
    assert [r["id"] for r in results(store, code, q)["questions"]] == [y, x]
    questions.facilitate(store, code, x, "highlight")
    questions.facilitate(store, code, y, "highlight")
    room = results(store, code, q)
    assert room["highlighted"] == y and [r["highlighted"] for r in room["questions"]] == [True, False]
    with pytest.raises(NotFound):
        questions.facilitate(store, code, 10**6, "answer")
    other = sessions.create_session(store, parse_plan(
        {"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5}]}))
    with pytest.raises(NotFound):  # another session's question is not this session's to act on
        questions.facilitate(store, other, x, "hide")


def test_the_record_keeps_every_question_with_its_status_and_imports_back(store, code):  # noqa: F811
    q = qna_id(store, code)
    sessions.set_options(store, code, q, {"moderate": True})
    a, b, c = phone(store, code, name="Amina"), phone(store, code), phone(store, code)
    shown = p.ask(store, a, "q1", q, "<b>Who</b> decides?", signed=True, now=10.0)["question"]
    p.ask(store, b, "q1", q, "Still waiting", now=11.0)
    hidden = p.ask(store, c, "q1", q, "Rude one", now=12.0)["question"]
    questions.facilitate(store, code, shown, "approve")
    questions.facilitate(store, code, shown, "highlight")
    questions.facilitate(store, code, hidden, "hide")
    p.upvote(store, b, "u1", q, shown)
    p.upvote(store, c, "u1", q, shown)
    rec = record.session_record(store, code)
    entry = next(x for x in rec["stages"][0]["activities"] if x["kind"] == "qna")
    assert entry["results"] == {"questions": [{"text": "<b>Who</b> decides?", "author": "Amina", "votes": 2,
                                               "answered": False, "highlighted": True}],
                                "count": 1, "answered": 0, "votes": 2}
    assert entry["moderation"] == {"hidden": 1, "pending": 1, "items": []}
    assert [(x["text"], x["status"], x["votes"]) for x in entry["questions"]] == [
        ("<b>Who</b> decides?", "shown", 2), ("Still waiting", "pending", 0), ("Rude one", "hidden", 0)]
    assert a["token"] not in repr(rec)
    record.check_record(rec)
    archive.delete_session(store, code)
    assert record.session_record(store, archive.import_record(store, rec)) == rec


def test_asking_or_upvoting_is_taking_part_in_the_console_s_counts(store, code):  # noqa: F811
    from facilitation.services import attendance

    q = qna_id(store, code)
    a, b, _c = phone(store, code), phone(store, code), phone(store, code)
    asked = p.ask(store, a, "q1", q, "Who decides?")["question"]
    p.upvote(store, b, "u1", q, asked)
    with store.transaction() as conn:
        assert attendance.answered(conn, q) == 2
        session_id = conn.execute(sa.text("SELECT session_id FROM activities WHERE id = :q"), {"q": q}).scalar()
        assert attendance.counts(conn, session_id, 0)["activities"][str(q)] == 2


def test_the_word_filter_holds_a_question_even_with_the_queue_off(store, code):  # noqa: F811
    from facilitation.services import moderation

    q = qna_id(store, code)
    moderation.set_word_filter(store, code, True, {"en": "scandal"})
    a = phone(store, code)
    assert p.ask(store, a, "q1", q, "What about the SCANDAL?")["status"] == "pending"
    assert p.ask(store, a, "q2", q, "What about the budget?")["status"] == "shown"
    assert [x["text"] for x in results(store, code, q)["questions"]] == ["What about the budget?"]
