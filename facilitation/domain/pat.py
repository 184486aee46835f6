"""The Power Awareness Tool (PAT 2.0, Partos): who in a partnership decides what.

For each decision and partner organisation the group agrees the *actual* level of participation on
a 0-4 ladder, says whether it agrees with it, names the *desired* level where it does not, and the
actions that close the gap. Our addition: before the group agrees, every participant scores the
actual level privately; the board shows the spread and the *perception gap* between two segments
(e.g. Southern minus Northern partners), flagged at 1 or more, hiding segments below k.
"""
import re
from dataclasses import dataclass, field
from statistics import fmean

from .errors import DomainError
from .segment import breakdown

LADDER = (
    "not informed / excluded",
    "informed, no say",
    "consulted before the decision",
    "co-decides",
    "decides",
)
FLAG_GAP = 1.0
ACTION_LIMIT = 280
WHEN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")  # 2027-03 or 2027-03-31


def check_level(value, what: str = "the level") -> int:
    """A level on the ladder: a whole number from 0 to 4."""
    if type(value) is not int or not 0 <= value < len(LADDER):
        raise DomainError(f"{what} must be a whole number from 0 to {len(LADDER) - 1}")
    return value


def spread(levels: list[int]) -> dict:
    """How many gave each level, and the mean (None when nobody scored)."""
    return {"counts": [levels.count(level) for level in range(len(LADDER))],
            "mean": round(fmean(levels), 2) if levels else None}


def private_scores(scores, segments, k: int, gap: tuple[str, str] | None = None) -> dict:
    """The participants' private scores of one decision for one organisation, for the board.

    ``scores``: (segment or None, level) per participant. ``gap``: the two segments whose means
    are compared (first minus second); the gap is given only when both are shown.
    """
    result = breakdown(scores, segments, k, spread)
    means = {row["name"]: row["result"]["mean"] for row in result["segments"] if not row["hidden"]}
    value = None
    if gap is not None and means.get(gap[0]) is not None and means.get(gap[1]) is not None:
        value = round(means[gap[0]] - means[gap[1]], 2)
    result["gap"] = {"between": list(gap) if gap else None, "value": value,
                     "flagged": value is not None and abs(value) >= FLAG_GAP}
    return result


@dataclass(frozen=True)
class Action:
    """What someone will do to close a gap, and by when."""

    text: str
    owner: str
    by: str = ""


@dataclass(frozen=True)
class Assessment:
    """The group's conclusion on one decision for one organisation."""

    actual: int | None = None
    agree: bool | None = None
    desired: int | None = None
    actions: tuple[Action, ...] = field(default_factory=tuple)


def check_assessment(actual, agree, desired) -> Assessment:
    """An agreed actual level, whether the group agrees with it and, only where it does not, the
    desired level (which must then differ from the actual one)."""
    actual = check_level(actual, "the agreed level")
    if agree is None:
        if desired is not None:
            raise DomainError("say first whether the group agrees with the actual level")
        return Assessment(actual)
    if not isinstance(agree, bool):
        raise DomainError("agree must be yes (true) or no (false)")
    if agree:
        if desired is not None:
            raise DomainError("a desired level is asked only where the group does not agree")
        return Assessment(actual, True)
    if desired is None:
        return Assessment(actual, False)
    desired = check_level(desired, "the desired level")
    if desired == actual:
        raise DomainError("the desired level is the actual one: then the group agrees")
    return Assessment(actual, False, desired)


def check_action(text, owner, by, organisations) -> Action:
    """An action: what (1 to ACTION_LIMIT characters), which organisation owns it, by when
    (a month or a day, e.g. 2027-03 or 2027-03-31; may be left empty)."""
    if not isinstance(text, str) or not text.strip() or len(text.strip()) > ACTION_LIMIT:
        raise DomainError(f"an action is 1 to {ACTION_LIMIT} characters")
    if owner not in organisations:
        raise DomainError("the action's owner must be one of the partner organisations")
    if by is None or by == "":
        by = ""
    elif not isinstance(by, str) or not WHEN.match(by):
        raise DomainError("by when is a month or a day, e.g. 2027-03 or 2027-03-31")
    return Action(" ".join(text.split()), owner, by)


def gap_of(assessment: Assessment) -> int | None:
    """Desired minus actual: how far, and which way, participation should move (None if agreed)."""
    if assessment.desired is None or assessment.actual is None:
        return None
    return assessment.desired - assessment.actual


def table(decisions, organisations, assessments: dict) -> dict:
    """The result: decisions × organisations, each cell the actual and desired levels, the gap and
    the actions. ``assessments``: (decision index, organisation) -> Assessment."""
    rows = []
    for d, decision in enumerate(decisions):
        cells = []
        for organisation in organisations:
            a = assessments.get((d, organisation), Assessment())
            cells.append({"organisation": organisation, "actual": a.actual, "agree": a.agree,
                          "desired": a.desired if a.desired is not None else (a.actual if a.agree else None),
                          "gap": gap_of(a),
                          "actions": [{"text": x.text, "owner": x.owner, "by": x.by} for x in a.actions]})
        rows.append({"decision": decision, "cells": cells})
    return {"ladder": list(LADDER), "organisations": list(organisations), "rows": rows}
