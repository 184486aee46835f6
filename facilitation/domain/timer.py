"""Timers: a countdown per stage and per activity that the facilitator starts, pauses and extends.

A timer is its planned duration, the time it ran before its last start, and when that start was
(``None`` while paused). Time past the duration is overrun: the timer keeps counting below zero,
so the console can show by how much a stage ran over its plan.
"""
from dataclasses import dataclass, replace

from .errors import Conflict, DomainError

ACTIONS = ("start", "pause", "add", "reset")
MAX_MINUTES = 600  # as long as a stage can be planned
ACTIVITY_MINUTES = 5  # an activity's timer when the facilitator names no duration


@dataclass(frozen=True)
class Timer:
    """A countdown; times are seconds (``started_at`` since the epoch)."""

    duration: float
    elapsed: float = 0.0
    started_at: float | None = None

    @property
    def running(self) -> bool:
        return self.started_at is not None

    def ran(self, now: float) -> float:
        """Seconds it has run in all, up to ``now``."""
        return self.elapsed + (max(0.0, now - self.started_at) if self.running else 0.0)

    def remaining(self, now: float) -> float:
        """Seconds left at ``now``; below zero once it runs over."""
        return self.duration - self.ran(now)


def check_minutes(minutes, default: int | None = None) -> int | None:
    """A whole number of minutes from 1 to MAX_MINUTES, or the default when none is given."""
    if minutes is None:
        return default
    if type(minutes) is not int or not 1 <= minutes <= MAX_MINUTES:
        raise DomainError(f"minutes must be a whole number from 1 to {MAX_MINUTES}")
    return minutes


def control(timer: Timer, action: str, now: float, minutes=None, planned: float | None = None) -> Timer:
    """The timer after a facilitator's start, pause, add (a minute, or ``minutes``) or reset.

    ``start`` with ``minutes`` starts a fresh countdown of that length; without, it resumes.
    ``reset`` stops the timer and puts back its ``planned`` duration.
    """
    if action not in ACTIONS:
        raise DomainError(f"unknown timer action {str(action)[:20]!r}; use one of {', '.join(ACTIONS)}")
    if action == "start":
        fresh = check_minutes(minutes)
        if fresh is not None:
            return Timer(duration=fresh * 60.0, elapsed=0.0, started_at=now)
        if timer.running:
            raise Conflict("the timer is already running")
        return replace(timer, started_at=now)
    if action == "pause":
        check_minutes(minutes)
        if not timer.running:
            raise Conflict("the timer is not running")
        return Timer(duration=timer.duration, elapsed=timer.ran(now), started_at=None)
    if action == "add":
        extra = check_minutes(minutes, default=1)
        if timer.duration + extra * 60 > MAX_MINUTES * 60:
            raise DomainError(f"a timer runs at most {MAX_MINUTES} minutes")
        return replace(timer, duration=timer.duration + extra * 60.0)
    check_minutes(minutes)
    return Timer(duration=planned if planned is not None else timer.duration)


def view(timer: Timer) -> dict:
    """What every surface gets, unchanged until the facilitator changes the timer: the seconds
    planned, the seconds left when it was last started or paused, and, while it runs, when it
    reaches zero (seconds since the epoch; a surface counts down to it on the server's clock, which
    the pages read from the HTTP Date header)."""
    left = timer.duration - timer.elapsed
    return {"duration": round(timer.duration, 1), "remaining": round(left, 1), "running": timer.running,
            "ends_at": round(timer.started_at + left, 3) if timer.running else None}
