"""Group hosts and rapporteurs: links the facilitator gives to one person per working group, and to
whoever writes the session's key takeaways.

The host of a group runs that group's activities (open, close, reveal, hide, a board's phase and
clusters, the moderation queue), its timers and what it promotes to the plenary; nothing else.
A rapporteur writes, edits and removes the key takeaways; nothing else. The facilitator may do
everything. This module is the one place that says so; the web layer asks it before every action
that a host or rapporteur link may carry.
"""
from dataclasses import dataclass

from .errors import DomainError, Forbidden, NotFound

# What a host may do, always to an activity of its own group (or its group's timer). Every other
# facilitator action (stage moves, plan editing, exports, announcements, takeaways, the word filter,
# the archive, host links themselves) is the facilitator's alone.
HOST_ACTIONS = frozenset({
    "activity",    # open, close, reveal, hide
    "phase",       # a board's writing / dot-voting phase
    "options",     # the approval queue and blurred notes of one activity
    "clusters",    # make, rename, remove a cluster; put a note in one
    "moderation",  # read the queue, approve, hide, restore an item
    "question",    # a Q&A question answered, highlighted, approved, hidden, restored
    "results",     # read an activity's results, revealed or not
    "timer",       # an activity's timer, or the group's own timer
    "promotion",   # mark what goes to the plenary
    "pat",         # a Power Awareness Tool's phases, decisions, agreed levels and actions
})

# How many links may be live for one group at once: a host, a stand-in and a spare are plenty.
MAX_LIVE_LINKS = 5


@dataclass(frozen=True)
class GroupScope:
    """The group a host link belongs to: a groups stage (by its current position) and a group key."""

    stage: int
    group: str


@dataclass(frozen=True)
class RapporteurScope:
    """A rapporteur link: the session's key takeaways, nothing of any stage or group."""


# What a rapporteur may do: the session's takeaways (add, edit, remove), which belong to no group.
RAPPORTEUR_ACTIONS = frozenset({"takeaways"})

# How many rapporteur links may be live in a session at once.
MAX_LIVE_RAPPORTEURS = 5

FACILITATOR = None  # the scope of the facilitator's token: the whole session


def may(scope: GroupScope | RapporteurScope | None, action: str, stage: int | None, group: str | None) -> bool:
    """Whether the holder of ``scope`` (``FACILITATOR``, a host's group or a rapporteur) may do
    ``action`` to something of ``group`` in the stage at ``stage`` (an activity's or a timer's).

    ``stage``/``group`` None means something that belongs to no group: a plenary activity, the
    stage's timer, or the session as a whole. Only the facilitator may touch those, and a
    rapporteur the session's takeaways.
    """
    if scope is FACILITATOR:
        return True
    if isinstance(scope, RapporteurScope):
        return action in RAPPORTEUR_ACTIONS and stage is None and group is None
    return (action in HOST_ACTIONS and group is not None and stage is not None
            and stage == scope.stage and group == scope.group)


def check(scope: GroupScope | RapporteurScope | None, action: str, stage: int | None, group: str | None) -> None:
    """``may`` or Forbidden with a message a host or a rapporteur can read."""
    if not may(scope, action, stage, group):
        if isinstance(scope, RapporteurScope):
            raise Forbidden("a rapporteur link may only write the key takeaways")
        raise Forbidden("a host link may act only on its own group's activities and timer")


def group_timer_scope(stage: int, group: str) -> str:
    """The timer scope of a group's own countdown, as the timers table keeps it."""
    return f"group:{stage}:{group}"


def timer_target(timer_scope: str) -> tuple[int | None, str | None]:
    """The (stage, group) a group timer's scope names; (None, None) for any other scope (a stage's
    timer belongs to no group; an activity's timer is checked through its activity)."""
    kind, _, rest = timer_scope.partition(":")
    position, _, group = rest.partition(":")
    if kind != "group" or not position.isdigit() or not group:
        return None, None
    return int(position), group


def check_new_link(stage_kind: str, group: str, groups: tuple, live_links: int) -> None:
    """A new host link names a group of a working-groups stage, and that group has room for one more."""
    if stage_kind != "groups":
        raise DomainError("host links are for the groups of a working-groups stage")
    if group not in groups:
        raise NotFound(f"there is no group {str(group)[:20]!r} in that stage")
    if live_links >= MAX_LIVE_LINKS:
        raise DomainError(f"that group already has {MAX_LIVE_LINKS} host links; revoke one first")


def check_new_rapporteur(live_links: int) -> None:
    """A session has room for one more live rapporteur link."""
    if live_links >= MAX_LIVE_RAPPORTEURS:
        raise DomainError(f"this session already has {MAX_LIVE_RAPPORTEURS} rapporteur links; revoke one first")
