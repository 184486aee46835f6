"""Segments: roles participants may declare (e.g. Northern partner, Southern partner, other), so
results can be compared across them without exposing anyone.

Any segment with fewer than ``k`` respondents is hidden. Hiding it is not enough on its own: the
total is always shown, so if the people outside the shown segments (hidden segments and those who
declared none) are between 1 and k - 1, the total minus the shown segments would give their answers
away. More segments are then hidden, smallest first, until that remainder is empty or at least k.
"""
from collections.abc import Callable, Iterable, Sequence

from .errors import DomainError

DEFAULT_K = 3
MAX_K = 50
MAX_SEGMENTS = 8
NAME_LIMIT = 40


def check_segments(names) -> tuple[str, ...]:
    """A session's segment names: 2 to MAX_SEGMENTS distinct names of at most NAME_LIMIT characters."""
    if not isinstance(names, (list, tuple)) or not 2 <= len(names) <= MAX_SEGMENTS:
        raise DomainError(f"segments must be a list of 2 to {MAX_SEGMENTS} names")
    clean = []
    for name in names:
        if not isinstance(name, str) or not name.strip() or len(name.strip()) > NAME_LIMIT:
            raise DomainError(f"a segment name must be 1 to {NAME_LIMIT} characters")
        clean.append(" ".join(name.split()))
    if len({n.casefold() for n in clean}) != len(clean):
        raise DomainError("segment names must differ")
    return tuple(clean)


def check_k(k) -> int:
    """The smallest number of respondents a segment needs to be shown: 2 to MAX_K."""
    if type(k) is not int or not 2 <= k <= MAX_K:
        raise DomainError(f"k must be a whole number from 2 to {MAX_K}")
    return k


def check_declared(segments: Sequence[str], value) -> str | None:
    """The segment a participant declares (``None`` declares none), or a DomainError."""
    if value is None:
        return None
    if value not in segments:
        raise DomainError("that is not one of this session's segments")
    return value


def shown_segments(respondents: dict[str, int], total: int, k: int) -> set[str]:
    """The segments whose results may be shown, given each one's respondents and everyone's total.

    Every shown segment has at least k respondents, and the people left outside the shown segments
    are none or at least k, so no subtraction from the total isolates fewer than k people.
    """
    shown = {name for name, n in respondents.items() if n >= k}
    while shown:
        rest = total - sum(respondents[name] for name in shown)
        if rest == 0 or rest >= k:
            break
        shown.remove(min(shown, key=lambda name: (respondents[name], name)))
    return shown


def breakdown(answers: Iterable[tuple[str | None, object]], segments: Sequence[str], k: int,
              tally: Callable[[list], dict]) -> dict:
    """A result for everyone and per shown segment.

    ``answers``: (segment or None, answer) per respondent; ``tally`` turns a list of answers into a
    result. A hidden segment shows its name only: not its result, not how many answered.
    """
    by_segment: dict[str, list] = {name: [] for name in segments}
    everyone = []
    for segment, answer in answers:
        everyone.append(answer)
        if segment in by_segment:
            by_segment[segment].append(answer)
    shown = shown_segments({name: len(got) for name, got in by_segment.items()}, len(everyone), k)
    return {
        "k": k,
        "total": {"respondents": len(everyone), "result": tally(everyone)},
        "segments": [{"name": name, "hidden": False, "respondents": len(by_segment[name]),
                      "result": tally(by_segment[name])} if name in shown else {"name": name, "hidden": True}
                     for name in segments],
    }
