"""Activities: the things a stage asks of people (talks, polls, boards, word clouds, scales, open text, rankings, points, surveys, Q&As, the Power Awareness Tool) and their life cycle."""
from dataclasses import dataclass, field

from .errors import Conflict, DomainError

PENDING, OPEN, CLOSED = "pending", "open", "closed"
INTERACTIVE = ("poll", "board", "wordcloud", "scale", "text", "ranking", "points", "survey", "qna", "crossvote",
               "pat")
CONTROL_ACTIONS = ("open", "close", "reveal", "hide")


@dataclass(frozen=True)
class Activity:
    """An activity of a stage (or of one working group in a groups stage)."""

    id: int
    stage_position: int
    group_key: str | None
    position: int
    kind: str
    title: str
    settings: dict = field(default_factory=dict)
    state: str = PENDING
    results_visible: bool = True

    @property
    def interactive(self) -> bool:
        """Whether participants answer this activity."""
        return self.kind in INTERACTIVE


def opens_with_stage(activity: Activity) -> bool:
    """Whether entering the activity's stage opens it (``start: auto`` in the plan)."""
    return activity.interactive and activity.settings.get("start", "auto") == "auto"


def require_open(activity: Activity) -> None:
    """Refuse input to an activity that is not open."""
    if not activity.interactive:
        raise DomainError(f"{activity.title!r} takes no answers")
    if activity.state != OPEN:
        word = "has not opened yet" if activity.state == PENDING else "is closed"
        raise Conflict(f"{activity.title!r} {word}")


def require_index(value, items, name: str) -> int:
    """``value`` as an index into ``items`` (a statement, a question), or a DomainError naming ``name``."""
    if type(value) is not int or not 0 <= value < len(items):
        raise DomainError(f"{name} must be a number from 0 to {len(items) - 1}")
    return value


def control(activity: Activity, action: str, current_stage: int | None) -> dict:
    """The changes a facilitator's open/close/reveal/hide makes to an activity."""
    if action not in CONTROL_ACTIONS:
        raise DomainError(f"unknown activity action {action!r}; use one of {', '.join(CONTROL_ACTIONS)}")
    if not activity.interactive:
        raise DomainError(f"{activity.title!r} is a {activity.kind} and cannot be {action}ed")
    if action == "open":
        if activity.stage_position != current_stage:
            raise Conflict("only an activity of the current stage can be opened")
        return {"state": OPEN}
    if action == "close":
        return {"state": CLOSED}
    return {"results_visible": action == "reveal"}
