"""Polls: single- and multiple-choice votes, one per participant, and their tally."""
from .activity import Activity, require_open
from .errors import DomainError


def check_choices(activity: Activity, choices) -> tuple[int, ...]:
    """The sorted option indices of a valid vote, or a DomainError saying what is wrong."""
    require_open(activity)
    if activity.kind != "poll":
        raise DomainError(f"{activity.title!r} is not a poll")
    options = activity.settings["options"]
    most = len(options) if activity.settings.get("multiple") else 1
    return pick(options, choices, most, "this poll takes a single choice")


def pick(options, choices, most: int, single: str) -> tuple[int, ...]:
    """The sorted indices of a valid choice of 1 to ``most`` of ``options`` (``single``: the refusal of a
    second choice where only one is allowed), or a DomainError saying what is wrong."""
    if not isinstance(choices, list) or not all(type(c) is int for c in choices):
        raise DomainError("choices must be a list of option numbers")
    if not choices:
        raise DomainError("choose at least one option")
    if len(set(choices)) != len(choices):
        raise DomainError("an option can be chosen only once")
    if any(not 0 <= c < len(options) for c in choices):
        raise DomainError(f"option numbers go from 0 to {len(options) - 1}")
    if len(choices) > most:
        raise DomainError(single if most == 1 else f"choose at most {most} options")
    return tuple(sorted(choices))


def tally(activity: Activity, ballots) -> dict:
    """Counts per option from the stored ballots (each a sequence of option indices)."""
    return count_ballots(activity.settings["options"], bool(activity.settings.get("multiple")), ballots)


def count_ballots(options, multiple: bool, ballots) -> dict:
    """Counts per option and the number of voters, from ballots of option indices."""
    counts = [0] * len(options)
    voters = 0
    for ballot in ballots:
        voters += 1
        for choice in ballot:
            counts[choice] += 1
    return {"options": list(options), "counts": counts, "voters": voters, "multiple": multiple}
