"""Timers in the store: a stage's countdown follows the stage; activities' run by hand; both in the state."""
import pytest

from facilitation.domain.errors import Conflict, DomainError, NotFound
from facilitation.services import archive, sessions, timers


def timer_state(store, code):
    return sessions.read_state(store, code)["stage"]["timers"]


def test_entering_a_stage_starts_its_planned_countdown_and_leaving_pauses_it(store, plan):
    code = sessions.create_session(store, plan)
    sessions.move_stage(store, code, "next", now=1000)
    first = timer_state(store, code)["stage"]
    minutes = sessions.read_state(store, code)["stage"]["minutes"]
    assert first == {"duration": minutes * 60, "remaining": minutes * 60, "running": True,
                     "ends_at": 1000 + minutes * 60}
    sessions.move_stage(store, code, "next", now=1100)
    assert timer_state(store, code)["stage"]["running"] is True  # the second stage's own timer
    sessions.move_stage(store, code, "previous", now=1500)
    back = timer_state(store, code)["stage"]
    # It was paused for the 400 s spent on the other stage and resumes where it stopped.
    assert back["remaining"] == minutes * 60 - 100 and back["ends_at"] == 1500 + minutes * 60 - 100


def test_the_facilitator_pauses_extends_and_resets_a_stage_timer(store, plan):
    code = sessions.create_session(store, plan)
    with pytest.raises(Conflict):
        timers.control_timer(store, code, "start")
    sessions.move_stage(store, code, "next", now=1000)
    planned = timer_state(store, code)["stage"]["duration"]
    assert timers.control_timer(store, code, "pause", now=1030)["remaining"] == planned - 30
    assert timers.control_timer(store, code, "add", now=1040)["duration"] == planned + 60
    assert timer_state(store, code)["stage"] == {"duration": planned + 60, "remaining": planned + 30,
                                                 "running": False, "ends_at": None}
    assert timers.control_timer(store, code, "reset", now=1050) == {"duration": planned, "remaining": planned,
                                                                   "running": False, "ends_at": None}


def test_an_activity_timer_runs_by_hand_on_the_current_stage_only(store, plan):
    code = sessions.create_session(store, plan)
    sessions.move_stage(store, code, "next", now=1000)
    poll = sessions.read_state(store, code)["stage"]["activities"][0]["id"]
    assert timer_state(store, code)["activities"] == {}
    view = timers.control_timer(store, code, "start", activity_id=poll, minutes=3, now=1010)
    assert view == {"duration": 180, "remaining": 180, "running": True, "ends_at": 1190}
    assert timer_state(store, code)["activities"] == {str(poll): view}
    sessions.move_stage(store, code, "next", now=1100)
    with pytest.raises(Conflict):
        timers.control_timer(store, code, "add", activity_id=poll)
    with pytest.raises(NotFound):
        timers.control_timer(store, code, "start", activity_id=999_999)


def test_a_refused_timer_action_changes_nothing(store, plan):
    code = sessions.create_session(store, plan)
    sessions.move_stage(store, code, "next", now=1000)
    before = timer_state(store, code)
    for action, minutes in (("start", None), ("add", 0), ("stop", None), ("add", 10_000)):
        with pytest.raises(DomainError):
            timers.control_timer(store, code, action, minutes=minutes)
    assert timer_state(store, code) == before


def test_coming_back_to_a_stage_runs_what_leaving_it_held_and_not_what_was_paused(store, plan):
    code = sessions.create_session(store, plan)
    sessions.move_stage(store, code, "next", now=1000)
    poll = sessions.read_state(store, code)["stage"]["activities"][0]["id"]
    timers.control_timer(store, code, "start", activity_id=poll, minutes=5, now=1000)
    timers.control_timer(store, code, "pause", now=1060)  # the facilitator pauses the stage's timer
    sessions.move_stage(store, code, "next", now=1100)  # by mistake
    sessions.move_stage(store, code, "previous", now=1130)
    back = timer_state(store, code)
    assert back["activities"][str(poll)]["running"] is True and back["activities"][str(poll)]["remaining"] == 200
    assert back["stage"]["running"] is False


def test_reopening_a_closed_session_runs_its_held_timers_again(store, plan):
    code = sessions.create_session(store, plan)
    sessions.move_stage(store, code, "next", now=1000)
    archive.close_session(store, code, now=1100)
    archive.reopen_session(store, code)
    assert timer_state(store, code)["stage"]["running"] is True
