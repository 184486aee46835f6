"""Editing a running plan against a real database (SQLite and PostgreSQL): nothing started is lost."""
import threading

import pytest
import sqlalchemy as sa

from facilitation.domain.errors import Conflict, DomainError, NotFound
from facilitation.domain.plan import PlanError
from facilitation.services import agenda, archive, participation as p, record, sessions, timers
from facilitation.store.schema import activities, stages

POLL = {"kind": "poll", "title": "Added poll", "options": ["Yes", "No"]}


@pytest.fixture
def code(store, plan):
    code = sessions.create_session(store, plan)
    sessions.move_stage(store, code, "next")
    return code


def view(store, code):
    return agenda.plan_view(store, code)


def titles(store, code, stage, group=None):
    return [a["title"] for a in view(store, code)["stages"][stage]["activities"] if a["group"] == group]


def positions(store):
    """(stage, group, position) of every activity row, and (session, position) of every stage row."""
    with store.transaction() as conn:
        acts = conn.execute(sa.select(activities.c.stage_id, activities.c.group_key, activities.c.position)).all()
        stgs = conn.execute(sa.select(stages.c.session_id, stages.c.position)).all()
    return acts, stgs


def assert_positions_unique_and_dense(store):
    acts, stgs = positions(store)
    assert len(set(acts)) == len(acts) and len(set(stgs)) == len(stgs)
    lists = {}
    for stage_id, group, position in acts:
        lists.setdefault((stage_id, group), []).append(position)
    assert all(sorted(v) == list(range(len(v))) for v in lists.values())
    by_session = {}
    for session_id, position in stgs:
        by_session.setdefault(session_id, []).append(position)
    assert all(sorted(v) == list(range(len(v))) for v in by_session.values())


def stored_plan_matches_rows(store, code):
    """The stored plan (what the record exports) says what the rows say."""
    rec = record.session_record(store, code)
    for planned, run in zip(rec["plan"]["stages"], rec["stages"], strict=True):
        assert planned["title"] == run["title"]
        planned_acts = planned["activities"] or [a for g in planned["groups"] for a in g["activities"]]
        assert [a["title"] for a in planned_acts] == [a["title"] for a in run["activities"]]


def test_an_activity_added_to_the_next_stage_is_there_when_the_stage_starts(store, code):
    added = agenda.add_activity(store, code, 2, POLL, at=0)
    assert added["state"] == "pending" and added["stage"] == 2
    assert titles(store, code, 2) == ["Added poll", "Later"]
    sessions.move_stage(store, code, "goto", 2)
    state = sessions.read_state(store, code)
    assert [(a["title"], a["state"]) for a in state["stage"]["activities"]] == [("Added poll", "open"), ("Later", "pending")]
    stored_plan_matches_rows(store, code)
    assert_positions_unique_and_dense(store)


def test_an_activity_added_to_the_current_stage_waits_to_be_opened(store, code):
    added = agenda.add_activity(store, code, 0, POLL)
    assert sessions.read_state(store, code)["stage"]["activities"][-1] == added
    with pytest.raises(Conflict):
        p.vote(store, p.join(store, code), "v1", added["id"], [0])
    sessions.control_activity(store, code, added["id"], "open")
    assert p.vote(store, p.join(store, code), "v1", added["id"], [0])["ok"]


def test_an_activity_goes_into_one_group_of_a_groups_stage(store, code):
    added = agenda.add_activity(store, code, 1, {"kind": "wordcloud", "title": "Red words"}, group="g1")
    assert added["group"] == "g1"
    assert titles(store, code, 1, "g1") == ["Red board", "Red words"]
    assert titles(store, code, 1, "g2") == ["Blue board"]
    with pytest.raises(NotFound):
        agenda.add_activity(store, code, 1, POLL, group="g9")
    with pytest.raises(DomainError, match="say which group"):
        agenda.add_activity(store, code, 1, POLL)
    stored_plan_matches_rows(store, code)


def test_a_bad_activity_is_refused_and_changes_nothing(store, code):
    before = view(store, code), record.session_record(store, code)["plan"]
    with pytest.raises(PlanError, match="activity: options"):
        agenda.add_activity(store, code, 2, {"kind": "poll", "title": "x", "options": ["only"]})
    with pytest.raises(NotFound):
        agenda.add_activity(store, code, 7, POLL)
    with pytest.raises(DomainError, match="position"):
        agenda.add_activity(store, code, 2, POLL, at=5)
    assert (view(store, code), record.session_record(store, code)["plan"]) == before


def test_removing_an_activity_with_answers_is_refused_and_keeps_them(store, code):
    poll = sessions.read_state(store, code)["stage"]["activities"][0]
    p.vote(store, p.join(store, code), "v1", poll["id"], [1])
    sessions.control_activity(store, code, poll["id"], "close")
    for change in (lambda: agenda.remove_activity(store, code, poll["id"]),
                   lambda: agenda.change_activity(store, code, poll["id"], POLL),
                   lambda: agenda.move_activity(store, code, poll["id"], 1)):
        with pytest.raises(Conflict, match="'Warm-up' has 1 answer; it cannot be changed, moved or removed"):
            change()
    assert sessions.read_results(store, code, poll["id"])["counts"] == [0, 1, 0]
    assert titles(store, code, 0)[0] == "Warm-up"


def test_an_open_or_timed_activity_stays(store, code):
    poll = sessions.read_state(store, code)["stage"]["activities"][0]
    with pytest.raises(Conflict, match="has opened"):
        agenda.remove_activity(store, code, poll["id"])
    added = agenda.add_activity(store, code, 0, POLL)
    timers.control_timer(store, code, "start", added["id"], 3)
    with pytest.raises(Conflict, match="has a timer"):
        agenda.remove_activity(store, code, added["id"])


def test_a_pending_activity_is_changed_moved_and_removed(store, code):
    later = view(store, code)["stages"][2]["activities"][0]
    changed = agenda.change_activity(store, code, later["id"], {"kind": "scale", "title": "Rate it", "statements": ["A"]})
    assert (changed["id"], changed["kind"], changed["title"], changed["statements"]) == (later["id"], "scale", "Rate it", ["A"])
    added = agenda.add_activity(store, code, 2, POLL)
    agenda.move_activity(store, code, added["id"], 0)
    assert titles(store, code, 2) == ["Added poll", "Rate it"]
    agenda.remove_activity(store, code, later["id"])
    assert titles(store, code, 2) == ["Added poll"]
    stored_plan_matches_rows(store, code)
    assert_positions_unique_and_dense(store)


def test_stages_change_only_after_the_last_one_that_has_been_on(store, code):
    timers.control_timer(store, code, "pause")
    sessions.move_stage(store, code, "next")  # on "Working groups" (position 1)
    timers.control_timer(store, code, "add", None, 2)
    before = sessions.read_state(store, code)
    for refused in (lambda: agenda.add_stage(store, code, {"kind": "plenary", "title": "Warm-up", "minutes": 5}, at=1),
                    lambda: agenda.move_stage(store, code, 2, 1),
                    lambda: agenda.move_stage(store, code, 1, 2),
                    lambda: agenda.remove_stage(store, code, 0)):
        with pytest.raises(Conflict, match=r"stage 2 \('Working groups'\) has been on"):
            refused()
    assert sessions.read_state(store, code) == before
    assert agenda.add_stage(store, code, {"kind": "plenary", "title": "Warm-up", "minutes": 5}, at=2) == 2
    agenda.add_stage(store, code, {"kind": "plenary", "title": "Closing", "minutes": 5})
    agenda.move_stage(store, code, 2, 4)
    assert [s["title"] for s in sessions.read_state(store, code)["agenda"]] == [
        "Opening", "Working groups", "Report-back", "Closing", "Warm-up"]
    agenda.remove_stage(store, code, 4)
    state = sessions.read_state(store, code)
    assert [s["title"] for s in state["agenda"]] == ["Opening", "Working groups", "Report-back", "Closing"]
    assert state["stage_index"] == 1 and state["stage"]["timers"] == before["stage"]["timers"]
    assert agenda.plan_view(store, code)["first_open_place"] == 2
    stored_plan_matches_rows(store, code)
    assert_positions_unique_and_dense(store)


def test_in_the_lobby_the_whole_agenda_may_change(store, plan):
    code = sessions.create_session(store, plan)
    agenda.add_stage(store, code, {"kind": "plenary", "title": "Arrival", "minutes": 5}, at=0)
    agenda.move_stage(store, code, 3, 1)
    agenda.remove_stage(store, code, 2)
    assert [s["title"] for s in sessions.read_state(store, code)["agenda"]] == ["Arrival", "Report-back", "Working groups"]
    stored_plan_matches_rows(store, code)


def test_a_stage_with_materials_is_not_removed(store, code):
    archive.add_link(store, code, 2, "Slides", "https://example.org/slides")
    with pytest.raises(Conflict, match="holds 1 material"):
        agenda.remove_stage(store, code, 2)
    assert len(sessions.read_state(store, code)["agenda"]) == 3


def test_a_groups_stage_can_be_added_with_its_groups(store, code):
    agenda.add_stage(store, code, {"kind": "groups", "title": "Round two", "minutes": 15, "groups": [
        {"name": "North", "activities": [POLL]}, {"name": "South"}]})
    stage = view(store, code)["stages"][3]
    assert [g["name"] for g in stage["groups"]] == ["North", "South"]
    agenda.add_activity(store, code, 3, {"kind": "text", "title": "South asks"}, group="g2")
    assert [(a["group"], a["title"]) for a in view(store, code)["stages"][3]["activities"]] == [
        ("g1", "Added poll"), ("g2", "South asks")]
    stored_plan_matches_rows(store, code)


def test_an_edited_session_survives_export_and_import(store, code):
    agenda.add_activity(store, code, 2, POLL, at=0)
    agenda.add_stage(store, code, {"kind": "plenary", "title": "Closing", "minutes": 5})
    agenda.remove_stage(store, code, 2)
    rec = record.session_record(store, code)
    archive.delete_session(store, code)
    again = archive.import_record(store, rec)
    assert record.session_record(store, again)["stages"] == rec["stages"]


def test_two_edits_at_once_keep_positions_unique(store, code):
    errors = []

    def add(n):
        try:
            agenda.add_activity(store, code, 2, {**POLL, "title": f"Poll {n}"}, at=0)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(titles(store, code, 2)) == sorted([f"Poll {n}" for n in range(8)] + ["Later"])
    stored_plan_matches_rows(store, code)
    assert_positions_unique_and_dense(store)


def test_edits_while_phones_answer_keep_every_answer(store, code):
    poll = sessions.read_state(store, code)["stage"]["activities"][0]
    people = [p.join(store, code) for _ in range(6)]
    errors = []

    def answer(who):
        try:
            for n in range(3):
                p.vote(store, who, f"v{n}", poll["id"], [n])
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    def edit():
        try:
            for n in range(4):
                added = agenda.add_activity(store, code, 0, {**POLL, "title": f"Extra {n}"}, at=0)
                agenda.move_activity(store, code, added["id"], 2)
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(w,)) for w in people] + [threading.Thread(target=edit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sessions.read_results(store, code, poll["id"])["counts"] == [0, 0, 6]
    stored_plan_matches_rows(store, code)
    assert_positions_unique_and_dense(store)


def test_the_database_refuses_two_activities_in_one_place(store, code):
    later = view(store, code)["stages"][2]["activities"][0]
    added = agenda.add_activity(store, code, 2, POLL)
    with pytest.raises(sa.exc.IntegrityError), store.transaction() as conn:
        conn.execute(activities.update().where(activities.c.id == added["id"]).values(position=later["position"]))


def test_counts_per_stage_group_and_activity(store, code):
    poll, board = sessions.read_state(store, code)["stage"]["activities"][:2]
    a, b, c = (p.join(store, code) for _ in range(3))
    p.vote(store, a, "v1", poll["id"], [0])
    p.vote(store, a, "v2", poll["id"], [1])
    p.vote(store, b, "v1", poll["id"], [0])
    p.post_note(store, b, "n1", board["id"], 0, "one")
    p.post_note(store, b, "n2", board["id"], 0, "two")
    counts = agenda.session_counts(store, code, frozenset({a["participant_id"], c["participant_id"]}))
    assert counts["activities"][str(poll["id"])] == 2 and counts["activities"][str(board["id"])] == 1
    assert counts["stages"]["0"] == {"took_part": 2, "connected": 2, "groups": {}}
    sessions.move_stage(store, code, "next")
    p.choose_group(store, a, "g1", "g1")
    p.choose_group(store, c, "g1", "g1")
    red = next(x for x in sessions.read_state(store, code)["stage"]["activities"] if x["group"] == "g1")
    p.post_note(store, a, "n3", red["id"], 0, "red")
    counts = agenda.session_counts(store, code, frozenset({a["participant_id"]}))
    assert counts["stages"]["0"]["connected"] is None
    assert counts["stages"]["1"] == {"took_part": 2, "connected": 1, "groups": {
        "g1": {"members": 2, "took_part": 2, "connected": 1},
        "g2": {"members": 0, "took_part": 0, "connected": 0}}}


def test_a_database_made_before_the_index_gains_it_at_start_up(store, code, database_url):
    from facilitation.store import Store

    with store.transaction() as conn:
        conn.execute(sa.text("DROP INDEX one_activity_per_position"))
    newer = Store(database_url)
    newer.create_tables()
    newer.create_tables()  # and again: nothing left to add
    newer.dispose()
    test_the_database_refuses_two_activities_in_one_place(store, code)
