"""Use cases against a real database, on SQLite and on PostgreSQL."""
import threading

import pytest
import sqlalchemy as sa

from facilitation.domain.errors import Conflict, DomainError, Forbidden, NotFound
from facilitation.services import participation as p
from facilitation.services import record, sessions
from facilitation.store.schema import actions, votes


@pytest.fixture
def code(store, plan):
    code = sessions.create_session(store, plan)
    sessions.move_stage(store, code, "next")
    return code


def activities(store, code, kind=None):
    state = sessions.read_state(store, code)
    return [a for a in state["stage"]["activities"] if kind is None or a["kind"] == kind]


def phone(store, code, **kw):
    return p.join(store, code, **kw)


def results(store, code, activity_id):
    return sessions.read_results(store, code, activity_id)


def test_a_new_session_waits_in_the_lobby(store, plan):
    code = sessions.create_session(store, plan)
    state = sessions.read_state(store, code)
    assert state["status"] == "lobby" and state["stage"] is None
    assert [s["kind"] for s in state["agenda"]] == ["plenary", "groups", "report-back"]


def test_entering_a_stage_opens_its_activities_and_leaving_closes_them(store, code):
    first = activities(store, code)
    assert {a["state"] for a in first} == {"open"}
    sessions.move_stage(store, code, "next")
    sessions.move_stage(store, code, "next")
    later = activities(store, code)
    assert later[0]["state"] == "pending"  # start: manual
    closed = sessions.read_activity(store, code, first[0]["id"])[0]
    assert closed["state"] == "closed"


def test_moving_past_the_last_stage_ends_the_session(store, code):
    for _ in range(3):
        state = sessions.move_stage(store, code, "next")
    assert state["status"] == "ended" and state["stage"] is None
    rec = record.session_record(store, code)
    assert all(s["started_at"] and s["ended_at"] for s in rec["stages"])


def test_a_rejoin_with_the_kept_token_is_the_same_participant(store, code):
    first = phone(store, code, name="Amina")
    again = phone(store, code, token=first["token"])
    assert again["participant_id"] == first["participant_id"] and again["name"] == "Amina"
    assert phone(store, code)["participant_id"] != first["participant_id"]
    assert sessions.read_state(store, code)["participants"] == 2


def test_a_token_from_another_session_is_a_new_participant(store, plan, code):
    other = sessions.create_session(store, plan)
    first = phone(store, code)
    assert phone(store, other, token=first["token"])["participant_id"] != first["participant_id"]


def test_a_new_vote_replaces_the_old_one(store, code):
    poll = activities(store, code, "poll")[0]
    who = phone(store, code)
    assert p.vote(store, who, "v1", poll["id"], [0])["ok"]
    assert p.vote(store, who, "v2", poll["id"], [2])["choices"] == [2]
    assert results(store, code, poll["id"])["counts"] == [0, 0, 1]


def test_a_repeated_action_id_is_acknowledged_but_applied_once(store, code):
    board = activities(store, code, "board")[0]
    who = phone(store, code)
    first = p.post_note(store, who, "n1", board["id"], 0, "Funding rules")
    repeat = p.post_note(store, who, "n1", board["id"], 0, "Funding rules")
    assert repeat == {**first, "duplicate": True}
    assert results(store, code, board["id"])["count"] == 1


def test_an_action_id_is_not_reused_for_another_kind_of_action(store, code):
    poll, board = activities(store, code, "poll")[0], activities(store, code, "board")[0]
    who = phone(store, code)
    assert p.vote(store, who, "a1", poll["id"], [1])["ok"]
    with pytest.raises(DomainError, match="already used for a vote"):
        p.post_note(store, who, "a1", board["id"], 0, "Funding rules")
    assert results(store, code, board["id"])["count"] == 0
    assert p.vote(store, who, "a1", poll["id"], [1])["duplicate"] is True


def test_action_ids_belong_to_one_participant(store, code):
    board = activities(store, code, "board")[0]
    a, b = phone(store, code), phone(store, code)
    p.post_note(store, a, "same-id", board["id"], 0, "from a")
    assert not p.post_note(store, b, "same-id", board["id"], 0, "from b").get("duplicate")
    assert results(store, code, board["id"])["count"] == 2


def test_the_database_refuses_a_second_vote_row(store, code):
    poll = activities(store, code, "poll")[0]
    who = phone(store, code)
    p.vote(store, who, "v1", poll["id"], [0])
    with pytest.raises(sa.exc.IntegrityError):
        with store.transaction() as conn:
            conn.execute(votes.insert().values(activity_id=poll["id"], participant_id=who["participant_id"],
                                               choices=[1], updated_at=0.0))


def test_refused_actions_change_nothing(store, code):
    poll = activities(store, code, "poll")[0]
    who = phone(store, code)
    for bad in ([], [7], [0, 1]):
        with pytest.raises(DomainError):
            p.vote(store, who, f"bad-{len(bad)}", poll["id"], bad)
    with pytest.raises(DomainError):
        p.vote(store, who, "x" * 65, poll["id"], [0])
    with store.transaction() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(votes)).scalar() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(actions)).scalar() == 0


def test_a_closed_poll_refuses_votes(store, code):
    poll = activities(store, code, "poll")[0]
    sessions.control_activity(store, code, poll["id"], "close")
    with pytest.raises(Conflict, match="is closed"):
        p.vote(store, phone(store, code), "v1", poll["id"], [0])


def test_an_activity_of_another_session_is_not_found(store, plan, code):
    other = sessions.create_session(store, plan)
    sessions.move_stage(store, other, "next")
    foreign = activities(store, other, "poll")[0]
    with pytest.raises(NotFound):
        p.vote(store, phone(store, code), "v1", foreign["id"], [0])


def test_group_boards_take_notes_from_their_members_only(store, code):
    sessions.move_stage(store, code, "next")
    red, blue = activities(store, code)
    who = phone(store, code)
    with pytest.raises(Forbidden):
        p.post_note(store, who, "n1", red["id"], 0, "not a member yet")
    assert p.choose_group(store, who, "g1", "g1") == {"ok": True, "group": "g1"}
    assert p.post_note(store, who, "n2", red["id"], 0, "in red")["ok"]
    with pytest.raises(Forbidden):
        p.post_note(store, who, "n3", blue["id"], 0, "not in blue")
    with pytest.raises(NotFound):
        p.choose_group(store, who, "g9", "g9")
    assert p.participant_view(store, who)["groups"] == {"1": "g1"}


def test_notes_are_anonymous_unless_signed(store, code):
    board = activities(store, code, "board")[0]
    who = phone(store, code, name="Amina")
    p.post_note(store, who, "n1", board["id"], 0, "unsigned")
    p.post_note(store, who, "n2", board["id"], 1, "signed", signed=True)
    notes = results(store, code, board["id"])["notes"]
    assert [(n["text"], n["author"]) for n in notes] == [("unsigned", ""), ("signed", "Amina")]


def test_concurrent_repeats_of_one_action_apply_once(store, code):
    board = activities(store, code, "board")[0]
    who = phone(store, code)
    replies, errors = [], []

    def send():
        try:
            replies.append(p.post_note(store, who, "same", board["id"], 0, "once"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(replies) == 8
    assert results(store, code, board["id"])["count"] == 1


def test_the_record_holds_results_and_no_participant_identity(store, code):
    poll, board = activities(store, code, "poll")[0], activities(store, code, "board")[0]
    who = phone(store, code, name="Amina")
    p.vote(store, who, "v1", poll["id"], [1])
    p.post_note(store, who, "n1", board["id"], 0, "A note")
    rec = record.session_record(store, code)
    text = repr(rec)
    assert who["token"] not in text and "participant_id" not in text
    assert rec["schema"] == "baraza.record/1" and rec["session"]["participants"] == 1
    got = {a["title"]: a["results"] for a in rec["stages"][0]["activities"]}
    assert got["Warm-up"]["counts"] == [0, 1, 0] and got["Reflections"]["notes"][0]["text"] == "A note"


@pytest.mark.postgres
def test_several_processes_can_create_the_tables_at_once():
    from facilitation.store import Store

    from ..services import postgres_schema

    with postgres_schema() as url:
        stores = [Store(url) for _ in range(6)]
        errors = []

        def create(s):
            try:
                s.create_tables()
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=create, args=(s,)) for s in stores]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for s in stores:
            s.dispose()
        assert errors == []
