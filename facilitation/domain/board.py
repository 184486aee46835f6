"""Sticky-note boards: notes in named columns, grouped by the facilitator into named clusters.

A board has two phases: people write (``write``), then, if the facilitator starts it, they put
dots on the notes (``vote``; the rules of dots are in ``dots.py``). Authors may edit and delete
their own notes until the board closes.
"""
import hashlib
import json
from dataclasses import dataclass

from .activity import Activity, require_open
from .errors import Conflict, DomainError, Forbidden
from .participant import clean_text

WRITE, VOTE = "write", "vote"
PHASES = (WRITE, VOTE)
CLUSTER_NAME_LIMIT = 80
MAX_CLUSTERS = 30


@dataclass(frozen=True)
class Note:
    """A sticky note as every surface shows it (no author token, ever)."""

    id: int
    column: int
    text: str
    author: str  # a display name the author chose to sign with, or ""
    created_at: float
    cluster: int | None = None  # the id of the facilitator's cluster it is in, if any
    dots: int = 0  # how many dots it has


@dataclass(frozen=True)
class Cluster:
    """A named group of notes, made by the facilitator."""

    id: int
    name: str
    position: int


def phase_of(activity: Activity) -> str:
    """``write`` or ``vote``."""
    return activity.settings.get("phase", WRITE)


def _require_board(activity: Activity) -> None:
    if activity.kind != "board":
        raise DomainError(f"{activity.title!r} is not a sticky-note board")


def check_note(activity: Activity, column, text) -> tuple[int, str]:
    """The column index and cleaned text of a valid note, or a DomainError saying what is wrong."""
    require_open(activity)
    _require_board(activity)
    columns = activity.settings["columns"]
    if type(column) is not int or not 0 <= column < len(columns):
        raise DomainError(f"column must be a number from 0 to {len(columns) - 1}")
    return column, check_text(activity, text)


def check_text(activity: Activity, text) -> str:
    """The cleaned text of a note (new or rewritten) on an open board."""
    require_open(activity)
    _require_board(activity)
    return clean_text(text, activity.settings.get("note_limit", 280), "The note", allow_newlines=True)


def check_author(author_id, participant_id) -> None:
    """Only a note's author may change or delete it (whoever else asks is told no, and nothing changes)."""
    if author_id is None:
        raise DomainError("there is no such note on this board")
    if author_id != participant_id:
        raise Forbidden("you can only change or delete your own notes")


def check_cluster_name(activity: Activity, name, others: list[str]) -> str:
    """A cleaned cluster name, different from the board's ``others`` (case aside)."""
    _require_board(activity)
    clean = clean_text(name, CLUSTER_NAME_LIMIT, "The cluster name")
    if clean.casefold() in {o.casefold() for o in others}:
        raise Conflict(f"there is already a cluster called {clean!r} on this board")
    return clean


def check_new_cluster(activity: Activity, name, existing: list[str]) -> str:
    """A new cluster's name; a board has at most MAX_CLUSTERS."""
    if len(existing) >= MAX_CLUSTERS:
        raise Conflict(f"a board has at most {MAX_CLUSTERS} clusters")
    return check_cluster_name(activity, name, existing)


def check_phase(activity: Activity, phase, dots=None, stacking=None, dots_given: int = 0) -> dict:
    """The board's settings after the facilitator moves it to ``phase`` (optionally with a new dot
    budget and stacking rule, only while no dot has been given)."""
    _require_board(activity)
    if phase not in PHASES:
        raise DomainError(f"phase must be one of {', '.join(PHASES)}")
    settings = dict(activity.settings, phase=phase)
    if dots is not None:
        if type(dots) is not int or not 0 <= dots <= 20:
            raise DomainError("dots must be a whole number from 0 to 20")
        settings["dots"] = dots
    if stacking is not None:
        if not isinstance(stacking, bool):
            raise DomainError("stacking must be true or false")
        settings["stacking"] = stacking
    changed = (settings.get("dots", 3), settings.get("stacking", True)) != (
        activity.settings.get("dots", 3), activity.settings.get("stacking", True))
    if changed and dots_given:
        raise Conflict("the dots and stacking cannot change once dots have been given")
    if phase == VOTE and not settings.get("dots", 3):
        raise DomainError("give each participant at least one dot to start the voting")
    return settings


def board_view(activity: Activity, notes: list[Note], clusters: list[Cluster] = (), voters: int = 0) -> dict:
    """The board's content: its columns, clusters (with their totals) and notes in the order they arrived."""
    ordered = sorted(notes, key=lambda n: (n.created_at, n.id))
    return {
        "columns": list(activity.settings["columns"]),
        "phase": phase_of(activity),
        "budget": activity.settings.get("dots", 3),
        "stacking": activity.settings.get("stacking", True),
        "clusters": [{"id": c.id, "name": c.name,
                      "count": sum(1 for n in notes if n.cluster == c.id),
                      "dots": sum(n.dots for n in notes if n.cluster == c.id)}
                     for c in sorted(clusters, key=lambda c: (c.position, c.id))],
        "notes": [{"id": n.id, "column": n.column, "text": n.text, "author": n.author, "cluster": n.cluster,
                   "dots": n.dots} for n in ordered],
        "count": len(notes),
        "dots": sum(n.dots for n in notes),
        "dot_voters": voters,
    }


def for_phones(view: dict, visible: bool) -> dict:
    """A board's view for the phones: the dot totals only when the results are revealed (dot voting
    is silent until then), and a ``revision`` that changes whenever what they would show changes."""
    if not visible:
        view = {**view, "dots": None, "dot_voters": None,
                "clusters": [{**c, "dots": None} for c in view["clusters"]],
                "notes": [{**n, "dots": None} for n in view["notes"]]}
    digest = hashlib.blake2b(json.dumps(view, sort_keys=True, ensure_ascii=False).encode(), digest_size=8)
    return {**view, "revision": digest.hexdigest()}
