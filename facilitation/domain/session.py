"""Sessions and their stages: which stage is on, and how the facilitator moves through them."""
from dataclasses import dataclass

from .errors import Conflict, DomainError

LOBBY, RUNNING, ENDED = "lobby", "running", "ended"
STAGE_ACTIONS = ("next", "previous", "goto", "end")


@dataclass(frozen=True)
class Session:
    """A running (or planned, or ended) session as the domain sees it."""

    id: int
    code: str
    title: str
    status: str
    current_stage: int | None
    stage_count: int


@dataclass(frozen=True)
class Stage:
    """One stage of a session, with its planned minutes and actual times."""

    id: int
    position: int
    kind: str
    title: str
    minutes: int
    description: str
    groups: tuple  # of (key, name) pairs; empty unless kind == "groups"
    started_at: float | None = None
    ended_at: float | None = None


def target_stage(session: Session, action: str, position=None) -> int | None:
    """The stage position an action leads to, or None when the session ends."""
    if action not in STAGE_ACTIONS:
        raise DomainError(f"unknown stage action {action!r}; use one of {', '.join(STAGE_ACTIONS)}")
    current = session.current_stage
    if action == "end":
        if session.status == ENDED:
            raise Conflict("the session has already ended")
        return None
    if action == "next":
        nxt = 0 if current is None else current + 1
        return None if nxt >= session.stage_count else nxt
    if action == "previous":
        if current is None or current == 0:
            raise Conflict("there is no stage before this one")
        return current - 1
    if isinstance(position, bool) or not isinstance(position, int):
        raise DomainError("goto needs a whole-number stage position")
    if not 0 <= position < session.stage_count:
        raise DomainError(f"stage position must be from 0 to {session.stage_count - 1}")
    return position


def stage_status(target: int | None) -> str:
    """The session status after moving to ``target``."""
    return ENDED if target is None else RUNNING
