"""The cross-group vote: dot voting in a report-back stage across every item the groups promoted.

A participant's dots are a list of the promoted items' ids they are on (an item appears several
times when stacking is allowed and they stacked). Adding a dot needs one left, an item that is
promoted, and (without stacking) none of theirs on it already; taking one back needs one of theirs
on that item. Totals are counted from the stored dots.
"""
from collections import Counter

from .activity import Activity, require_open
from .dots import budget, left, on_notes as on_items  # noqa: F401 - the same budget, count and shape as a board's
from .errors import Conflict, DomainError


def stacking(activity: Activity) -> bool:
    """Whether a participant may put several dots on one item (not by default)."""
    return activity.settings.get("stacking", False)


def _require_voting(activity: Activity) -> None:
    if activity.kind != "crossvote":
        raise DomainError(f"{activity.title!r} is not a cross-group vote")
    require_open(activity)


def check_add(activity: Activity, mine: list[int], item_id, promoted) -> int:
    """The promoted item a new dot goes on, or an error: not promoted, no dot left, or stacked when not allowed."""
    _require_voting(activity)
    if type(item_id) is not int or item_id not in promoted:
        raise DomainError("there is no such promoted item in this report-back")
    if len(mine) >= budget(activity):
        raise Conflict(f"you have used all your {budget(activity)} dots; take one back to move it")
    if not stacking(activity) and item_id in mine:
        raise Conflict("one dot per item in this vote: you already put a dot on this one")
    return item_id


def check_remove(activity: Activity, mine: list[int], item_id) -> int:
    """The item a dot is taken back from, or an error when none of this participant's dots is on it."""
    _require_voting(activity)
    if type(item_id) is not int or item_id not in mine:
        raise DomainError("you have no dot on this item")
    return item_id


def tally(activity: Activity, items: list[dict], ballots: list[list[int]]) -> dict:
    """The vote's result: every promoted item (in report order, each a dict with an ``id``) with its
    dots, the items ranked (most dots first, report order between equals), voters and dots given.
    Dots on items no longer promoted count for nothing."""
    known = {item["id"] for item in items}
    counted = Counter(i for ballot in ballots for i in ballot if i in known)
    scored = [{**item, "dots": counted.get(item["id"], 0)} for item in items]
    ranked = sorted(range(len(scored)), key=lambda n: (-scored[n]["dots"], n))
    return {"items": scored, "ranked": [scored[n]["id"] for n in ranked],
            "voters": sum(1 for ballot in ballots if any(i in known for i in ballot)),
            "dots": sum(counted.values()), "budget": budget(activity), "stacking": stacking(activity)}
