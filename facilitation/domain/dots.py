"""Dot voting on a sticky-note board: each participant has a budget of dots to put on notes.

A participant's dots are a list of the note ids they are on (a note appears several times when
its dots are stacked). Adding a dot needs one left and, unless the board allows stacking, a note
without one of theirs; removing one needs one of theirs on that note. Totals are counted from the
stored dots.
"""
from collections import Counter

from .activity import Activity, require_open
from .board import VOTE, phase_of
from .errors import Conflict, DomainError


def budget(activity: Activity) -> int:
    """How many dots each participant has (0: no dot voting)."""
    return activity.settings.get("dots", 3)


def stacking(activity: Activity) -> bool:
    """Whether a participant may put several dots on one note."""
    return activity.settings.get("stacking", True)


def _require_voting(activity: Activity) -> None:
    require_open(activity)
    if activity.kind != "board":
        raise DomainError(f"{activity.title!r} takes no dots")
    if phase_of(activity) != VOTE:
        raise Conflict(f"dot voting on {activity.title!r} has not started")


def check_add(activity: Activity, mine: list[int], note_id, board_notes) -> int:
    """The note a new dot goes on, or an error: no dot left, no such note, or stacked when not allowed."""
    _require_voting(activity)
    if type(note_id) is not int or note_id not in board_notes:
        raise DomainError("there is no such note on this board")
    if len(mine) >= budget(activity):
        raise Conflict(f"you have used all your {budget(activity)} dots; take one back to move it")
    if not stacking(activity) and note_id in mine:
        raise Conflict("one dot per note on this board: you already put a dot on this one")
    return note_id


def check_remove(activity: Activity, mine: list[int], note_id) -> int:
    """The note a dot is taken back from, or an error when none of this participant's dots is on it."""
    _require_voting(activity)
    if type(note_id) is not int or note_id not in mine:
        raise DomainError("you have no dot on this note")
    return note_id


def left(activity: Activity, mine: list[int]) -> int:
    """How many dots this participant still has."""
    return max(0, budget(activity) - len(mine))


def on_notes(mine: list[int]) -> dict:
    """A participant's dots as ``{note id: how many}``."""
    return dict(Counter(mine))


def totals(all_dots) -> dict:
    """Dots per note from every stored dot (one note id per dot)."""
    return dict(Counter(all_dots))
