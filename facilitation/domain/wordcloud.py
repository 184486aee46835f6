"""Word clouds: each participant sends a few short answers; the cloud counts them, case aside.

A participant's answers are one list that a new list replaces, so a word can be
corrected or taken back until the cloud closes. Answers are normalised (surrounding
spaces and punctuation stripped, inner spaces collapsed) and counted by their case-folded
form; one person's answer counts once however they spell it twice.
"""
import unicodedata
from collections import Counter

from .activity import Activity, require_open
from .errors import DomainError
from .participant import clean_text

ANSWER_LIMIT = 40  # characters of one answer, after normalising
SHOWN = 100  # words in a cloud's results (the most frequent)


def normalise(answer) -> str:
    """An answer as stored and shown: stripped of surrounding spaces and punctuation, inner spaces single."""
    text = clean_text(answer, 10 * ANSWER_LIMIT, "An answer")
    text = " ".join(text.split())
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start])[0] == "P":
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] == "P":
        end -= 1
    return text[start:end].strip()


def key(answer: str) -> str:
    """What two answers must share to count as the same word (case and accents' encoding aside)."""
    return unicodedata.normalize("NFC", answer.casefold())


def check_answers(activity: Activity, answers) -> list[str]:
    """The normalised answers of a valid submission, or a DomainError saying what is wrong."""
    require_open(activity)
    if activity.kind != "wordcloud":
        raise DomainError(f"{activity.title!r} is not a word cloud")
    if not isinstance(answers, list):
        raise DomainError("answers must be a list of words")
    most, words = activity.settings["max_answers"], activity.settings["max_words"]
    if len(answers) > most:
        raise DomainError(f"at most {most} answer{'s' if most != 1 else ''} each in this word cloud")
    clean, seen = [], set()
    for answer in answers:
        text = normalise(answer)
        if not text:
            raise DomainError("an answer needs at least one letter or digit")
        if len(text) > ANSWER_LIMIT:
            raise DomainError(f"an answer is {len(text)} characters long; the limit is {ANSWER_LIMIT}")
        if len(text.split()) > words:
            raise DomainError(f"an answer is at most {words} word{'s' if words != 1 else ''} here")
        if key(text) in seen:
            raise DomainError(f"{text!r} is already one of your answers")
        seen.add(key(text))
        clean.append(text)
    return clean


def tally(activity: Activity, answers_by_person) -> dict:
    """The cloud's words, most frequent first, each shown in its most common spelling.

    ``answers_by_person``: one list of stored answers per participant who answered.
    """
    counts, spellings, people = Counter(), {}, 0
    for answers in answers_by_person:
        if answers:
            people += 1
        for text in answers:
            counts[key(text)] += 1
            spellings.setdefault(key(text), Counter())[text] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    words = [{"text": min(spellings[k].items(), key=lambda sc: (-sc[1], sc[0]))[0], "count": n}
             for k, n in ranked[:SHOWN]]
    return {"words": words, "answers": sum(counts.values()), "distinct": len(counts), "people": people}
