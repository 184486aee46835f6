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

from .errors import Conflict, DomainError
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
    shown = {row["name"] for row in result["segments"] if not row["hidden"]}
    value = None
    if gap is not None and gap[0] in shown and gap[1] in shown:
        # From the exact means, not the rounded ones shown: 1.333… − 2.666… is −1.33, not 1.33 − 2.67.
        levels = {name: [level for segment, level in scores if segment == name] for name in gap}
        if levels[gap[0]] and levels[gap[1]]:
            value = round(fmean(levels[gap[0]]) - fmean(levels[gap[1]]), 2)
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


# The PAT as an activity of a plan: the facilitator (or the group's host) moves it through phases.
# decisions: the group lists them (on a board before it); scoring: every phone scores privately;
# agreeing: the group agrees each cell's actual level, says whether it agrees with it, the desired
# level and the actions; result: the table, colour coded, with the gaps and actions.
PHASES = ("decisions", "scoring", "agreeing", "result")
DECISION_LIMIT = 200
MAX_DECISIONS = 10
ACTIONS_PER_CELL = 5


def check_phase(value) -> str:
    """One of the PAT's phases."""
    if value not in PHASES:
        raise DomainError(f"the phase must be one of {', '.join(PHASES)}")
    return value


def check_decisions(texts, max_decisions: int) -> tuple[str, ...]:
    """The decisions to score: 1 to ``max_decisions`` distinct texts of 1 to DECISION_LIMIT characters."""
    if not isinstance(texts, (list, tuple)) or not 1 <= len(texts) <= max_decisions:
        raise DomainError(f"give 1 to {max_decisions} decisions")
    clean = []
    for text in texts:
        if not isinstance(text, str) or not text.strip() or len(text.strip()) > DECISION_LIMIT:
            raise DomainError(f"a decision is 1 to {DECISION_LIMIT} characters")
        clean.append(" ".join(text.split()))
    if len({t.casefold() for t in clean}) != len(clean):
        raise DomainError("the decisions must all be different")
    return tuple(clean)


def top_decisions(clusters: list[dict], notes: list[dict], n: int) -> tuple[str, ...]:
    """The board's top ``n`` as decisions: its clusters by dots (then their order) when it has any,
    else its notes by dots (then the order they came). Each item is {"name" or "text", "dots"}."""
    items = [c["name"] for c in sorted(clusters, key=lambda c: -c["dots"])] if clusters else \
        [x["text"] for x in sorted(notes, key=lambda x: -x["dots"])]
    picked, seen = [], set()
    for text in items:
        clean = " ".join(text.split())[:DECISION_LIMIT].strip()
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            picked.append(clean)
        if len(picked) == n:
            break
    if not picked:
        raise DomainError("the board has no notes to take the decisions from yet")
    return tuple(picked)


def slot(decision: int, organisation: int, organisations) -> int:
    """Where one score is kept: one slot per decision × organisation."""
    return decision * len(organisations) + organisation


def check_score(decisions, organisations, decision, organisation, level) -> int:
    """A participant's private score of one cell; returns the cell's slot."""
    if type(decision) is not int or not 0 <= decision < len(decisions):
        raise DomainError(f"decision must be a number from 0 to {max(len(decisions) - 1, 0)}")
    if type(organisation) is not int or not 0 <= organisation < len(organisations):
        raise DomainError(f"organisation must be a number from 0 to {len(organisations) - 1}")
    check_level(level)
    return slot(decision, organisation, organisations)


def gap_between(gap, segments) -> tuple[str, str] | None:
    """The two segments whose perception gap is shown: the PAT's ``gap`` or the session's first two."""
    if gap:
        return (gap[0], gap[1])
    return (segments[0], segments[1]) if len(segments) >= 2 else None


def add_action(assessment: Assessment, action: Action) -> Assessment:
    """One more action for a cell the group does not agree with (at most ACTIONS_PER_CELL)."""
    if assessment.agree is not False:
        raise Conflict("actions close a gap: first record that the group does not agree with the actual level")
    if len(assessment.actions) >= ACTIONS_PER_CELL:
        raise DomainError(f"a cell has at most {ACTIONS_PER_CELL} actions")
    return Assessment(assessment.actual, assessment.agree, assessment.desired, (*assessment.actions, action))
