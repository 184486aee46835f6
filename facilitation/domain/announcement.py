"""Announcements: a short message from the facilitator to every phone and the board."""
from .participant import clean_text

LIMIT = 280


def check_announcement(text) -> str:
    """The cleaned text of an announcement (one short paragraph, line breaks allowed)."""
    return clean_text(text, LIMIT, "The announcement", allow_newlines=True)
