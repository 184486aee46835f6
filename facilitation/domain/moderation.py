"""Moderation: an item (a sticky note, a word-cloud answer, an open answer, a question) is
``pending``, ``shown`` or ``hidden``; the facilitator's queue and word filter decide which.

Only shown items reach the board, other phones and the results. A new item starts pending when the
activity's queue is on (``moderate``) or when it matches the session's word filter; the facilitator
approves it, hides it or restores a hidden one. Nothing is deleted: the record keeps every item
with its status.

The word filter matches whole words (or whole phrases of several words), case and accents aside,
so "Merde!" matches "merde" and "MÉRDE", but "classic" does not match "ass".
"""
import re
import unicodedata
from dataclasses import dataclass

from . import wordcloud
from .errors import Conflict, DomainError

PENDING, SHOWN, HIDDEN = "pending", "shown", "hidden"
STATUSES = (PENDING, SHOWN, HIDDEN)
ACTIONS = ("approve", "hide", "restore")
MODERATED_KINDS = ("board", "wordcloud", "text")  # the Q&A's questions follow the same rules
FILTER_LANGUAGES = ("en", "fr", "es", "pt", "nl")
LIST_WORDS = 500  # entries in one language's list
ENTRY_LIMIT = 60  # characters of one entry

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """``text`` with case and accents set aside: "Élan" and "elan" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(text: str) -> tuple[str, ...]:
    """The folded whole words of ``text``."""
    return tuple(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class WordFilter:
    """A compiled word filter: single words in a set, phrases as word sequences."""

    single: frozenset = frozenset()
    phrases: tuple = ()

    def matches(self, text: str) -> bool:
        """Whether ``text`` contains one of the filter's words or phrases as whole words."""
        if not self.single and not self.phrases:
            return False
        words = words_of(text)
        if self.single.intersection(words):
            return True
        return any(words[i:i + len(p)] == p for p in self.phrases for i in range(len(words) - len(p) + 1))


NO_FILTER = WordFilter()


def compile_filter(lists) -> WordFilter:
    """A filter for the entries of every list (``{"en": ["word", "a phrase"], …}`` or a list of lists)."""
    entries = lists.values() if isinstance(lists, dict) else lists
    single, phrases = set(), set()
    for listed in entries:
        for entry in listed:
            words = words_of(entry)
            if len(words) == 1:
                single.add(words[0])
            elif words:
                phrases.add(words)
    return WordFilter(frozenset(single), tuple(sorted(phrases)))


def matches(text: str, lists) -> bool:
    """Whether ``text`` matches any entry of ``lists`` (whole words, case and accents aside)."""
    return compile_filter(lists).matches(text)


def check_word_list(raw) -> list[str]:
    """A facilitator's list as stored: one entry per line (or a list), trimmed, without repeats or blanks."""
    if isinstance(raw, str):
        raw = raw.splitlines()
    if not isinstance(raw, list) or not all(isinstance(e, str) for e in raw):
        raise DomainError("a word list is text with one word or phrase per line")
    clean, seen = [], set()
    for entry in raw:
        entry = " ".join(entry.split())
        if not entry or entry.startswith("#"):
            continue
        if len(entry) > ENTRY_LIMIT:
            raise DomainError(f"{entry[:20]!r}… is too long for the word filter ({ENTRY_LIMIT} characters at most)")
        if not words_of(entry):
            raise DomainError(f"{entry!r} has no letter or digit to match")
        if fold(entry) not in seen:
            seen.add(fold(entry))
            clean.append(entry)
    if len(clean) > LIST_WORDS:
        raise DomainError(f"a word list holds at most {LIST_WORDS} entries")
    return clean


def check_word_lists(lists) -> dict[str, list[str]]:
    """Every language's list checked (only the filter's languages)."""
    if not isinstance(lists, dict):
        raise DomainError('"lists" maps a language (en, fr, es, pt, nl) to its words')
    unknown = sorted(set(lists) - set(FILTER_LANGUAGES))
    if unknown:
        raise DomainError(f"no word filter for {unknown[0][:10]!r}; the languages are {', '.join(FILTER_LANGUAGES)}")
    return {language: check_word_list(lists[language]) for language in FILTER_LANGUAGES if language in lists}


def new_status(moderate: bool, flagged: bool, known: str | None = None) -> str:
    """The status of an item as it arrives.

    ``known`` is the status the facilitator already gave the same word (a word cloud's answer given
    by someone else): it holds for this one too. Otherwise the item waits for the facilitator when
    the queue is on or the word filter flagged it.
    """
    if known in STATUSES:
        return known
    return PENDING if moderate or flagged else SHOWN


def check_action(action) -> str:
    """A facilitator's moderation action, or a DomainError naming the ones there are."""
    if action not in ACTIONS:
        raise DomainError(f"unknown moderation action {str(action)[:20]!r}; use one of {', '.join(ACTIONS)}")
    return action


def moderate(status: str, action: str) -> str:
    """The status an item takes when the facilitator approves, hides or restores it."""
    check_action(action)
    if action == "approve":
        if status == HIDDEN:
            raise Conflict("this item is hidden: restore it to show it again")
        return SHOWN
    if action == "hide":
        return HIDDEN
    if status != HIDDEN:
        raise Conflict("only a hidden item can be restored")
    return SHOWN


def answer_key(text: str) -> str:
    """What a word-cloud answer (or an open answer) is moderated by: its text as the word cloud counts it,
    so hiding or approving a word applies to everyone who gave it."""
    return wordcloud.key(text)


def queue(items: list[dict]) -> list[dict]:
    """The pending items, oldest first (each item has ``status`` and ``since``)."""
    return sorted((i for i in items if i["status"] == PENDING), key=lambda i: (i["since"], str(i.get("id", ""))))


def left_out(statuses) -> dict:
    """How many of these statuses are hidden and how many pending."""
    statuses = list(statuses)
    return {"hidden": statuses.count(HIDDEN), "pending": statuses.count(PENDING)}


def placeholders(board_results: dict) -> dict:
    """What a board shows of hidden notes when it blurs them: how many cards in each column, no text."""
    counts = [0] * len(board_results["columns"])
    for note in board_results["notes"]:
        counts[note["column"]] += 1
    return {"columns": list(board_results["columns"]), "counts": counts}
