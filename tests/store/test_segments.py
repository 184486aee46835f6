"""Segments against a real database, on SQLite and on PostgreSQL: declaring one (or none), changing
it, refusing one the session does not have, and results per segment with small segments hidden."""
import pytest
import sqlalchemy as sa

from facilitation.domain.errors import DomainError
from facilitation.domain.plan import parse_plan
from facilitation.services import record, segments, sessions
from facilitation.services import participation as p
from facilitation.store.schema import actions, participants

from ..conftest import small_plan
from .test_survey import SURVEY
from .test_services import activities, phone, results

NAMES = ["Northern partner", "Southern partner", "Other"]


def segment_plan(**overrides) -> dict:
    plan = small_plan(segments=NAMES, hide_segments_below=3, **overrides)
    plan["stages"][0]["activities"].append(SURVEY)
    return plan


@pytest.fixture
def code(store):
    code = sessions.create_session(store, parse_plan(segment_plan()))
    sessions.move_stage(store, code, "next")
    return code


def declared(store, who):
    with store.transaction() as conn:
        return conn.execute(sa.select(participants.c.segment).where(
            participants.c.id == who["participant_id"])).scalar()


def test_a_participant_declares_a_segment_changes_it_and_may_prefer_not_to_say(store, code):
    who = phone(store, code)
    assert p.participant_view(store, who)["segment"] is None
    assert p.declare_segment(store, who, "s1", "Southern partner") == {"ok": True, "segment": "Southern partner"}
    assert declared(store, who) == "Southern partner"
    assert p.participant_view(store, who)["segment"] == "Southern partner"
    p.declare_segment(store, who, "s2", "Other")
    assert declared(store, who) == "Other"
    assert p.declare_segment(store, who, "s3", None) == {"ok": True, "segment": None}
    assert declared(store, who) is None


def test_a_repeat_gets_the_same_reply_and_changes_nothing(store, code):
    who = phone(store, code)
    first = p.declare_segment(store, who, "same", "Other")
    p.declare_segment(store, who, "later", "Northern partner")
    assert p.declare_segment(store, who, "same", "Other") == {**first, "duplicate": True}
    assert declared(store, who) == "Northern partner"


@pytest.mark.parametrize("bad", ["Martians", "other", "", 3, ["Other"], {"name": "Other"}])
def test_a_segment_the_session_does_not_have_is_refused_and_changes_nothing(store, code, bad):
    who = phone(store, code)
    p.declare_segment(store, who, "s1", "Other")
    with pytest.raises(DomainError):
        p.declare_segment(store, who, "bad", bad)
    assert declared(store, who) == "Other"
    with store.transaction() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(actions).where(
            actions.c.client_id == "bad")).scalar_one() == 0


def test_a_session_without_segments_takes_none_but_prefer_not_to_say(store):
    code = sessions.create_session(store, parse_plan(small_plan()))
    who = phone(store, code)
    with pytest.raises(DomainError, match="no segments"):
        p.declare_segment(store, who, "s1", "Other")
    assert p.declare_segment(store, who, "s2", None)["segment"] is None
    assert sessions.read_state(store, code)["segments"] == []


def test_the_state_tells_every_surface_the_segments_and_k(store, code):
    state = sessions.read_state(store, code)
    assert state["segments"] == NAMES and state["hide_segments_below"] == 3


def test_segment_settings_of_a_plan():
    assert segments.segment_settings({"segments": NAMES, "hide_segments_below": 4}) == (tuple(NAMES), 4)
    assert segments.segment_settings({}) == ((), 3)


def test_an_answer_counts_in_the_segment_declared_when_it_was_given(store, code):
    """A segment declared (or changed) after voting moves no earlier vote or answer between segments:
    else two views a moment apart would show what that person answered, and where they moved."""
    poll = activities(store, code, "poll")[0]["id"]
    scale = activities(store, code, "scale")[0]["id"]
    for activity in (poll, scale):
        sessions.set_options(store, code, activity, {"by_segment": True})
    people = crowd(store, code, {"Northern partner": 3, "Southern partner": 3, None: 3})
    late = phone(store, code)  # votes before declaring (with three others who never declare, so the rest is not below k)
    for name, who in people:
        p.vote(store, who, "v", poll, [0 if name else 1])
        p.rate(store, who, "r", scale, 0, 4)
    p.vote(store, late, "v", poll, [2])
    p.rate(store, late, "r", scale, 0, 1)
    before = {a: results(store, code, a)["by_segment"] for a in (poll, scale)}
    p.declare_segment(store, late, "s", "Northern partner")
    assert {a: results(store, code, a)["by_segment"] for a in (poll, scale)} == before
    north = before[poll]["parts"][0]["segments"][0]
    assert north == {"name": "Northern partner", "hidden": False, "respondents": 3, "result": {"counts": [3, 0, 0]}}
    # A vote given again after the declaration counts in the segment declared now.
    p.vote(store, late, "v2", poll, [1])
    north = results(store, code, poll)["by_segment"]["parts"][0]["segments"][0]
    assert north == {"name": "Northern partner", "hidden": False, "respondents": 4, "result": {"counts": [3, 1, 0]}}


def crowd(store, code, sizes: dict) -> list:
    """Phones declaring segments: ``{"Northern partner": 4, None: 2}``."""
    people = []
    for name, n in sizes.items():
        for _ in range(n):
            who = phone(store, code)
            if name is not None:
                p.declare_segment(store, who, "seg", name)
            people.append((name, who))
    return people


def test_results_by_segment_only_when_the_facilitator_switches_them_on(store, code):
    poll = activities(store, code, "poll")[0]
    people = crowd(store, code, {"Northern partner": 4, "Southern partner": 3, "Other": 1, None: 2})
    for n, (name, who) in enumerate(people):
        p.vote(store, who, "v", poll["id"], [0 if name == "Northern partner" else 1])
    assert "by_segment" not in results(store, code, poll["id"])
    view = sessions.set_options(store, code, poll["id"], {"by_segment": True})
    assert view["by_segment"] is True
    got = results(store, code, poll["id"])
    assert got["voters"] == 10 and got["counts"] == [4, 6, 0]  # the total counts everyone
    part, = got["by_segment"]["parts"]
    assert got["by_segment"]["k"] == 3
    assert part["total"] == {"respondents": 10, "result": {"counts": [4, 6, 0]}}
    assert part["segments"] == [
        {"name": "Northern partner", "hidden": False, "respondents": 4, "result": {"counts": [4, 0, 0]}},
        {"name": "Southern partner", "hidden": False, "respondents": 3, "result": {"counts": [0, 3, 0]}},
        {"name": "Other", "hidden": True}]
    sessions.set_options(store, code, poll["id"], {"by_segment": False})
    assert "by_segment" not in results(store, code, poll["id"])


def test_a_scale_and_a_survey_are_broken_down_per_statement_and_question(store, code):
    scale = activities(store, code, "scale")[0]["id"]
    survey = activities(store, code, "survey")[0]["id"]
    people = crowd(store, code, {"Northern partner": 3, "Southern partner": 3})
    for n, (name, who) in enumerate(people):
        p.rate(store, who, "r0", scale, 0, 5 if name == "Northern partner" else 2)
        p.answer_question(store, who, "q0", survey, 0, 4)
        if n == 0:  # one person answers the second statement and the third question
            p.rate(store, who, "r1", scale, 1, 1)
            p.answer_question(store, who, "q2", survey, 2, [1])
    for activity in (scale, survey):
        sessions.set_options(store, code, activity, {"by_segment": True})
    first, second = results(store, code, scale)["by_segment"]["parts"]
    assert [s["result"]["mean"] for s in first["segments"][:2]] == [5.0, 2.0]
    assert first["segments"][2] == {"name": "Other", "hidden": True}  # nobody: hidden too
    assert first["total"]["result"]["mean"] == 3.5
    # one answer to the second statement: every segment hidden, the total still shown
    assert second["total"]["respondents"] == 1
    assert all(s == {"name": s["name"], "hidden": True} for s in second["segments"])
    q0, q1, q2 = results(store, code, survey)["by_segment"]["parts"]
    assert (q0["kind"], q1["kind"], q2["kind"]) == ("scale", "choice", "choice")
    assert [s["respondents"] for s in q0["segments"][:2]] == [3, 3]
    assert q1["total"]["respondents"] == 0 and q2["total"]["respondents"] == 1
    assert all(s["hidden"] for s in q2["segments"])


def test_by_segment_is_refused_where_it_cannot_be(store, code):
    board = activities(store, code, "board")[0]["id"]
    with pytest.raises(DomainError, match="no option"):
        sessions.set_options(store, code, board, {"by_segment": True})
    plain = sessions.create_session(store, parse_plan(small_plan()))
    sessions.move_stage(store, plain, "next")
    poll = activities(store, plain, "poll")[0]["id"]
    with pytest.raises(DomainError, match="no segments"):
        sessions.set_options(store, plain, poll, {"by_segment": True})
    assert activities(store, plain, "poll")[0]["by_segment"] is False


def test_the_record_has_k_and_every_poll_scale_and_survey_per_segment(store, code):
    poll = activities(store, code, "poll")[0]["id"]
    for name, who in crowd(store, code, {"Northern partner": 3, "Southern partner": 2, None: 3}):
        p.vote(store, who, "v", poll, [2])
    rec = record.session_record(store, code)  # checked against docs/record-schema.json in the exports' tests
    record.check_record(rec)
    assert rec["segments"] == {"names": NAMES, "k": 3}
    entries = [a for s in rec["stages"] for a in s["activities"] if a["kind"] in ("poll", "scale", "survey")]
    assert entries and all("by_segment" in a for a in entries)
    assert not any("by_segment" in a for s in rec["stages"] for a in s["activities"]
                   if a["kind"] not in ("poll", "scale", "survey"))
    part, = entries[0]["by_segment"]["parts"]
    assert part["segments"][0]["respondents"] == 3 and part["segments"][1] == {"name": "Southern partner", "hidden": True}
    assert "segments" not in record.session_record(store, sessions.create_session(store, parse_plan(small_plan())))
