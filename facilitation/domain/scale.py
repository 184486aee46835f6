"""Scales: each statement rated on the same scale (Likert or numeric), one answer per participant per
statement (a new one replaces the old); the tally is the distribution and the mean per statement."""
from .activity import Activity, require_index, require_open
from .errors import DomainError


def check_rating(activity: Activity, statement, value) -> tuple[int, int]:
    """The statement index and value of a valid rating, or a DomainError saying what is wrong."""
    require_open(activity)
    if activity.kind != "scale":
        raise DomainError(f"{activity.title!r} is not a scale")
    s = activity.settings
    return require_index(statement, s["statements"], "statement"), check_value(s, value)


def check_value(settings: dict, value) -> int:
    """A value within the scale of ``settings`` (its ``min`` and ``max``), or a DomainError."""
    if type(value) is not int or not settings["min"] <= value <= settings["max"]:
        raise DomainError(f"the answer must be a whole number from {settings['min']} to {settings['max']}")
    return value


def tally(activity: Activity, ratings_by_person) -> dict:
    """Counts per value and the mean for each statement.

    ``ratings_by_person``: one list of (statement, value) pairs per participant who answered.
    """
    s = activity.settings
    low, high = s["min"], s["max"]
    counts = [[0] * (high - low + 1) for _ in s["statements"]]
    people = 0
    for ratings in ratings_by_person:
        people += bool(ratings)
        for statement, value in ratings:
            counts[statement][value - low] += 1
    rows = [{"text": text, **distribution(low, row)} for text, row in zip(s["statements"], counts)]
    return {"min": low, "max": high, "min_label": s.get("min_label", ""), "max_label": s.get("max_label", ""),
            "statements": rows, "people": people}


def distribution(low: int, counts: list[int]) -> dict:
    """How many gave each value (``counts[i]`` gave ``low + i``), how many answered, and the mean."""
    answers = sum(counts)
    total = sum((low + i) * n for i, n in enumerate(counts))
    return {"counts": counts, "answers": answers, "mean": round(total / answers, 2) if answers else None}
