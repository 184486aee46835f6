"""The facilitator's timers: start, pause, add a minute, reset, and overrun."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import timer as tm
from facilitation.domain.errors import Conflict, DomainError


def test_a_timer_counts_down_while_running_and_holds_while_paused():
    t = tm.control(tm.Timer(duration=600), "start", now=100)
    assert t.running and t.remaining(160) == 540
    t = tm.control(t, "pause", now=160)
    assert not t.running and t.remaining(10_000) == 540
    t = tm.control(t, "start", now=200)
    assert t.remaining(260) == 480


def test_adding_a_minute_and_running_over():
    t = tm.control(tm.Timer(duration=60, started_at=0), "add", now=30)
    assert t.duration == 120 and t.remaining(150) == -30
    assert tm.control(t, "add", now=30, minutes=5).duration == 420


def test_start_with_minutes_is_a_fresh_countdown_and_reset_puts_back_the_plan():
    t = tm.control(tm.Timer(duration=600, elapsed=500, started_at=None), "start", now=10, minutes=3)
    assert (t.duration, t.elapsed, t.started_at) == (180, 0, 10)
    assert tm.control(t, "reset", now=50, planned=600) == tm.Timer(duration=600)


def test_the_view_changes_only_when_the_timer_does():
    t = tm.control(tm.Timer(duration=600, elapsed=100), "start", now=1000)
    assert tm.view(t) == {"duration": 600, "remaining": 500, "running": True, "ends_at": 1500}
    assert tm.view(tm.control(t, "pause", now=1100)) == {"duration": 600, "remaining": 400, "running": False,
                                                        "ends_at": None}


@pytest.mark.parametrize("action, timer, minutes, error", [
    ("stop", tm.Timer(60), None, DomainError),
    ("start", tm.Timer(60, started_at=1), None, Conflict),
    ("pause", tm.Timer(60), None, Conflict),
    ("add", tm.Timer(60), 0, DomainError),
    ("add", tm.Timer(60), 601, DomainError),
    ("add", tm.Timer(60), "5", DomainError),
    ("add", tm.Timer(60), True, DomainError),
    ("add", tm.Timer(599 * 60), 2, DomainError),
    ("start", tm.Timer(60), 1.5, DomainError),
])
def test_refusals(action, timer, minutes, error):
    with pytest.raises(error):
        tm.control(timer, action, now=5, minutes=minutes)


@given(st.lists(st.tuples(st.sampled_from(["start", "pause", "add"]), st.floats(0, 100)), max_size=30))
def test_remaining_is_the_planned_time_plus_additions_minus_the_running_time(steps):
    t, now, ran, added, started = tm.Timer(duration=600), 0.0, 0.0, 0, None
    for action, wait in steps:
        now += wait
        try:
            t = tm.control(t, action, now)
        except Conflict:
            continue
        if action == "start":
            started = now
        elif action == "pause":
            ran += now - started
            started = None
        else:
            added += 60
    running = now - started if started is not None else 0.0
    assert t.remaining(now) == pytest.approx(600 + added - ran - running)
