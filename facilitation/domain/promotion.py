"""Promotion to the plenary: what a working group brings to the report-back.

In a groups stage the facilitator (or the group's host) marks items of a group for the plenary:
a note, a cluster (with its notes) or an activity's results. A report-back stage reports the
nearest groups stage before it, and the board shows all its groups side by side or one at a time.
"""
from .errors import Conflict, DomainError, NotFound

KINDS = ("note", "cluster", "activity")
# The activities whose results can be brought to the plenary (a board's notes go one by one or in
# clusters; a Power Awareness Tool as its table of agreed and desired levels with the actions).
RESULT_KINDS = ("poll", "scale", "ranking", "points", "wordcloud", "pat")
MAX_PER_GROUP = 20


def check_kind(kind) -> str:
    """The kind of item promoted: a note, a cluster or an activity."""
    if kind not in KINDS:
        raise DomainError(f'"kind" must be one of {", ".join(KINDS)}')
    return kind


def check_ref(ref) -> int:
    """The id of the note, cluster or activity promoted."""
    if type(ref) is not int or not 0 < ref <= 2**31 - 1:
        raise NotFound('"id" must be the number of a note, cluster or activity')
    return ref


def check_promotable(kind: str, stage_kind: str, group_key, activity_kind: str, count: int) -> None:
    """Refuse an item that is not a working group's, or an activity without results to show, or one too many."""
    if stage_kind != "groups" or group_key is None:
        raise DomainError("only a working group's notes, clusters and activities go to the plenary")
    if kind == "activity" and activity_kind not in RESULT_KINDS:
        raise DomainError(f"a {activity_kind}'s results cannot be promoted; promote its notes or clusters "
                          f"(results: {', '.join(RESULT_KINDS)})")
    if kind in ("note", "cluster") and activity_kind != "board":
        raise DomainError(f"a {kind} belongs to a sticky-note board")
    if count >= MAX_PER_GROUP:
        raise Conflict(f"a group brings at most {MAX_PER_GROUP} items to the plenary")


def reported_stage(stages, position: int):
    """The groups stage a report-back at ``position`` reports: the nearest one before it, or None."""
    before = [s for s in stages if s.kind == "groups" and s.position < position]
    return before[-1] if before else None


def check_showing(keys: list[str], group) -> str | None:
    """Which group the report-back board shows: None for all of them, or one group's key."""
    if group is None:
        return None
    if not isinstance(group, str) or group not in keys:
        raise DomainError(f'"group" must be null (all groups) or one of {", ".join(keys)}')
    return group


def step(keys: list[str], showing: str | None, direction: str) -> str | None:
    """The group after (``next``) or before (``previous``) the one on show; from all groups, the first or last."""
    if direction not in ("next", "previous"):
        raise DomainError('"step" must be "next" or "previous"')
    if not keys:
        raise Conflict("the report-back has no groups to show")
    if showing not in keys:
        return keys[0] if direction == "next" else keys[-1]
    at = keys.index(showing) + (1 if direction == "next" else -1)
    return keys[at % len(keys)]


def moved(ids: list[int], promotion_id: int, position) -> list[int]:
    """A group's promotion ids in their new order once ``promotion_id`` is moved to ``position``."""
    if type(position) is not int or not 0 <= position < len(ids):
        raise DomainError(f'"position" must be a number from 0 to {len(ids) - 1}')
    rest = [i for i in ids if i != promotion_id]
    return rest[:position] + [promotion_id] + rest[position:]
