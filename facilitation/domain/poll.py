"""Polls: single- and multiple-choice votes, one per participant, and their tally."""
from .activity import Activity, require_open
from .errors import DomainError


def check_choices(activity: Activity, choices) -> tuple[int, ...]:
    """The sorted option indices of a valid vote, or a DomainError saying what is wrong."""
    require_open(activity)
    if activity.kind != "poll":
        raise DomainError(f"{activity.title!r} is not a poll")
    if not isinstance(choices, list) or not all(type(c) is int for c in choices):
        raise DomainError("choices must be a list of option numbers")
    options = activity.settings["options"]
    if not choices:
        raise DomainError("choose at least one option")
    if len(set(choices)) != len(choices):
        raise DomainError("an option can be chosen only once")
    if any(not 0 <= c < len(options) for c in choices):
        raise DomainError(f"option numbers go from 0 to {len(options) - 1}")
    if len(choices) > 1 and not activity.settings.get("multiple"):
        raise DomainError("this poll takes a single choice")
    return tuple(sorted(choices))


def tally(activity: Activity, ballots) -> dict:
    """Counts per option from the stored ballots (each a sequence of option indices)."""
    counts = [0] * len(activity.settings["options"])
    voters = 0
    for ballot in ballots:
        voters += 1
        for choice in ballot:
            counts[choice] += 1
    return {
        "options": list(activity.settings["options"]),
        "counts": counts,
        "voters": voters,
        "multiple": bool(activity.settings.get("multiple")),
    }
