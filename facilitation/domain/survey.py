"""Surveys: a few choice and scale questions in one activity.

Each question is answered on its own (a dropped connection loses only the answer being sent), and a
new answer to a question replaces the old one. A choice question takes one option, or up to its
``max_choices`` when it allows several; a scale question takes one whole number in its range. The
tally is a poll's counts for each choice question and a scale's distribution and mean for each scale
question, with how many answered it.
"""
from .activity import Activity, require_index, require_open
from .errors import DomainError
from .poll import count_ballots, pick
from .scale import check_value, distribution

CHOICE, SCALE = "choice", "scale"


def most_choices(question: dict) -> int:
    """How many options a choice question takes at most."""
    if not question.get("multiple"):
        return 1
    return question.get("max_choices") or len(question["options"])


def check_answer(activity: Activity, question, answer) -> tuple[int, int | tuple[int, ...]]:
    """The question index and the checked answer (a value for a scale question, the sorted option
    indices for a choice question; an empty tuple takes the answer back), or a DomainError."""
    require_open(activity)
    if activity.kind != "survey":
        raise DomainError(f"{activity.title!r} is not a survey")
    asked = activity.settings["questions"][require_index(question, activity.settings["questions"], "question")]
    if asked["kind"] == SCALE:
        if isinstance(answer, list):
            raise DomainError(f"question {question + 1} is a scale: answer with one number")
        return question, check_value(asked, answer)
    if not isinstance(answer, list):
        raise DomainError(f"question {question + 1} is a choice: answer with a list of option numbers")
    if not answer:
        return question, ()
    return question, pick(asked["options"], answer, most_choices(asked), f"question {question + 1} takes a single choice")


def tally(activity: Activity, answers_by_person) -> dict:
    """Per question: counts per option (choice) or per value with the mean (scale), and respondents.

    ``answers_by_person``: one list of (question, answer) pairs per participant who answered, where
    an answer is a value (scale) or a sequence of option indices (choice).
    """
    questions = activity.settings["questions"]
    given = [[] for _ in questions]
    people = 0
    for pairs in answers_by_person:
        people += bool(pairs)
        for question, answer in pairs:
            given[question].append(answer)
    rows = []
    for asked, answers in zip(questions, given):
        row = {"kind": asked["kind"], "text": asked["text"], "respondents": len(answers)}
        if asked["kind"] == SCALE:
            low, high = asked["min"], asked["max"]
            counts = [0] * (high - low + 1)
            for value in answers:
                counts[value - low] += 1
            row.update(min=low, max=high, min_label=asked.get("min_label", ""), max_label=asked.get("max_label", ""),
                       **distribution(low, counts))
        else:
            counted = count_ballots(asked["options"], bool(asked.get("multiple")), answers)
            row.update(options=counted["options"], counts=counted["counts"], multiple=counted["multiple"],
                       max_choices=most_choices(asked))
        rows.append(row)
    return {"questions": rows, "people": people}

