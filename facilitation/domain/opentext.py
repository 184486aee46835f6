"""Open text: longer written answers, a few per participant, shown as a wall.

Like a word cloud's, a participant's answers are one list that a new list replaces, so an
answer can be corrected or taken back until the activity closes.
"""
from .activity import Activity, require_open
from .errors import DomainError
from .participant import clean_text

SHOWN = 200  # answers on the wall (the latest)


def check_texts(activity: Activity, answers) -> list[str]:
    """The cleaned answers of a valid submission, or a DomainError saying what is wrong."""
    require_open(activity)
    if activity.kind != "text":
        raise DomainError(f"{activity.title!r} is not an open question")
    if not isinstance(answers, list):
        raise DomainError("answers must be a list of texts")
    most, limit = activity.settings["max_answers"], activity.settings["text_limit"]
    if len(answers) > most:
        raise DomainError(f"at most {most} answer{'s' if most != 1 else ''} each here")
    clean = [clean_text(answer, limit, "The answer", allow_newlines=True) for answer in answers]
    if len({c.casefold() for c in clean}) != len(clean):
        raise DomainError("the same answer is there twice")
    return clean


def wall(activity: Activity, texts: list[str], people: int, shown: int | None = SHOWN) -> dict:
    """The wall: the answers in the order given (the latest ``shown``; all if None), how many, from how many people."""
    kept = texts if shown is None else texts[-shown:]
    return {"answers": [{"text": t} for t in kept], "count": len(texts), "people": people}
