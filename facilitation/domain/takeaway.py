"""Takeaways: what the session concludes, written by the facilitator (or a rapporteur)."""
from .errors import DomainError
from .participant import clean_text

LIMIT = 500
MAX_TAKEAWAYS = 50


def check_takeaway(text) -> str:
    """The cleaned text of one takeaway (a short paragraph, line breaks allowed)."""
    return clean_text(text, LIMIT, "The takeaway", allow_newlines=True)


def check_room(count: int) -> None:
    """Refuse one takeaway more than a session keeps."""
    if count >= MAX_TAKEAWAYS:
        raise DomainError(f"a session keeps at most {MAX_TAKEAWAYS} takeaways")
