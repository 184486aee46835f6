"""Sticky-note boards: notes in named columns."""
from dataclasses import dataclass

from .activity import Activity, require_open
from .errors import DomainError
from .participant import clean_text


@dataclass(frozen=True)
class Note:
    """A sticky note as every surface shows it (no author token, ever)."""

    id: int
    column: int
    text: str
    author: str  # a display name the author chose to sign with, or ""
    created_at: float


def check_note(activity: Activity, column, text) -> tuple[int, str]:
    """The column index and cleaned text of a valid note, or a DomainError saying what is wrong."""
    require_open(activity)
    if activity.kind != "board":
        raise DomainError(f"{activity.title!r} is not a sticky-note board")
    columns = activity.settings["columns"]
    if type(column) is not int or not 0 <= column < len(columns):
        raise DomainError(f"column must be a number from 0 to {len(columns) - 1}")
    limit = activity.settings.get("note_limit", 280)
    return column, clean_text(text, limit, "The note", allow_newlines=True)


def board_view(activity: Activity, notes: list[Note]) -> dict:
    """The board's content: its columns and notes in the order they arrived."""
    return {
        "columns": list(activity.settings["columns"]),
        "notes": [
            {"id": n.id, "column": n.column, "text": n.text, "author": n.author}
            for n in sorted(notes, key=lambda n: (n.created_at, n.id))
        ],
        "count": len(notes),
    }
