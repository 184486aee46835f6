"""Results of an activity, always computed from the stored rows."""
import sqlalchemy as sa

from ..domain import board, opentext, points, poll, ranking, scale, survey, wordcloud
from ..store.schema import answers, clusters, dots, notes, votes
from . import questions
from . import moderation
from . import segments


def results_of(conn, item) -> dict:
    """The activity's results: a poll's tally or a board's notes (empty for a talk); per segment
    too (``by_segment``) when the facilitator shows a poll, scale or survey by segment."""
    return segments.with_breakdown(conn, item, _results_of(conn, item))


def _results_of(conn, item) -> dict:
    if item.kind == "poll":
        ballots = conn.execute(_BALLOTS, {"aid": item.id}).scalars()
        return poll.tally(item, ballots)
    if item.kind == "board":
        return board_results(conn, item)
    if item.kind == "wordcloud":
        return wordcloud.tally(item, shown_answers_by_person(conn, item.id))
    if item.kind == "scale":
        return scale.tally(item, ratings_by_person(conn, item.id))
    if item.kind == "ranking":
        return ranking.tally(item, orders_by_person(conn, item.id))
    if item.kind == "survey":
        return survey.tally(item, survey_answers_by_person(conn, item.id))
    if item.kind == "points":
        return points.tally(item, allocations_by_person(conn, item.id))
    if item.kind == "text":
        rows = conn.execute(sa.select(answers.c.participant_id, answers.c.text).where(answers.c.activity_id == item.id)
                            .order_by(answers.c.updated_at, answers.c.id)).all()
        held = moderation.not_shown(conn, item.id)
        rows = [(p, t) for p, t in rows if not held or moderation.digest(t) not in held]
        return opentext.wall(item, [t for _p, t in rows], len({p for p, _t in rows}))
    if item.kind == "qna":
        return questions.results(conn, item)
    if item.kind == "crossvote":
        from . import crossvote  # it reads promoted activities' results with this module
        return crossvote.results(conn, item)
    if item.kind == "pat":
        from . import pat  # the PAT's service builds on participation, which reads results here
        return pat.results(conn, item)
    return {}


# What only the console sees of an activity's results (a Q&A's approval queue and hidden questions).
PRIVATE = ("moderation",)
# What the console and boards see but phones are not sent (results per segment: the board shows them).
NOT_FOR_PHONES = ("by_segment",)


def phones_event(event: dict) -> dict:
    """A public ``results`` event without what only the console and boards show (results per segment)."""
    event = public_event(event)
    results = event.get("results")
    shown = for_phones_results(results)
    return event if shown is results else {**event, "results": shown}


def for_phones_results(results: dict | None) -> dict | None:
    """An activity's results without what phones are never sent (results per segment); the same
    object when there is nothing to take out."""
    if not results or not any(key in results for key in NOT_FOR_PHONES):
        return results
    return {k: v for k, v in results.items() if k not in NOT_FOR_PHONES}


def public_event(event: dict) -> dict:
    """A ``results`` event without what only the console sees, for boards and phones."""
    results = event.get("results")
    if not results or not any(key in results for key in PRIVATE):
        return event
    return {**event, "results": {k: v for k, v in results.items() if k not in PRIVATE}}


# A board's notes, clusters and dots: the queries every surface's view of a board is read with.
SHOWN_NOTE = notes.c.status == "shown"  # pending and hidden notes are in no result and no count
_BOARD_NOTES = sa.select(notes.c.id, notes.c.column_index, notes.c.text, notes.c.author, notes.c.created_at,
                         notes.c.cluster_id).where(notes.c.activity_id == sa.bindparam("aid"), SHOWN_NOTE)
_BOARD_CLUSTERS = sa.select(clusters.c.id, clusters.c.name, clusters.c.position).where(
    clusters.c.activity_id == sa.bindparam("aid"))
_ON_SHOWN_NOTE = dots.c.note_id.in_(sa.select(notes.c.id).where(notes.c.activity_id == sa.bindparam("aid"), SHOWN_NOTE))
_DOT_TOTALS = (sa.select(dots.c.note_id, sa.func.count()).where(dots.c.activity_id == sa.bindparam("aid"), _ON_SHOWN_NOTE)
               .group_by(dots.c.note_id))
_DOT_VOTERS = sa.select(sa.func.count(sa.distinct(dots.c.participant_id))).where(
    dots.c.activity_id == sa.bindparam("aid"), _ON_SHOWN_NOTE)


def board_results(conn, item) -> dict:
    """A board's view: its notes with their cluster and dots, its clusters with their totals."""
    params = {"aid": item.id}
    totals = dict(conn.execute(_DOT_TOTALS, params).all())
    notes_ = [board.Note(i, c, t, a, at, cluster, totals.get(i, 0))
              for i, c, t, a, at, cluster in conn.execute(_BOARD_NOTES, params)]
    return board.board_view(item, notes_, [board.Cluster(*r) for r in conn.execute(_BOARD_CLUSTERS, params)],
                            conn.execute(_DOT_VOTERS, params).scalar_one())


# Kinds whose results can grow large (every note of a board): phones get only the number of
# answers with each snapshot and fetch the content when the participant unfolds it.
FETCHED_BY_PHONES = ("board",)
_NOTE_COUNT = sa.select(sa.func.count()).select_from(notes).where(notes.c.activity_id == sa.bindparam("aid"), SHOWN_NOTE)
_BALLOTS = sa.select(votes.c.choices).where(votes.c.activity_id == sa.bindparam("aid"))
_VOTE_COUNT = sa.select(sa.func.count()).select_from(votes).where(votes.c.activity_id == sa.bindparam("aid"))


def count_of(conn, item) -> int | None:
    """How many answers a poll or board has (voters, notes), without reading them; None for other kinds."""
    query = {"poll": _VOTE_COUNT, "board": _NOTE_COUNT}.get(item.kind)
    return None if query is None else conn.execute(query, {"aid": item.id}).scalar_one()


def results_event(activity_id: int, visible: bool, results: dict) -> dict:
    """A ``results`` event as the console (and a board or phone, when revealed) gets it."""
    return {"activity": activity_id, "visible": visible, "results": results, "responses": response_count(results)}


def phone_event(kind: str, event: dict) -> dict:
    """What phones get of a ``results`` event: all of it, or for a board only its count, its phase
    and the revision of what ``notes.get`` would give them."""
    if kind in FETCHED_BY_PHONES:
        results = event["results"]
        return {"activity": event["activity"], "visible": event["visible"], "responses": event["responses"],
                "phase": results["phase"], "revision": board.for_phones(results, event["visible"])["revision"]}
    return phones_event(event)


def phone_results_of(conn, item) -> dict:
    """A revealed activity's ``results`` event for a phone that (re)joins, read without the notes."""
    if item.kind in FETCHED_BY_PHONES:
        return {"activity": item.id, "visible": True, "responses": count_of(conn, item)}
    return phones_event(results_event(item.id, True, results_of(conn, item)))


def ratings_by_person(conn, activity_id: int) -> list[list]:
    """Each answering participant's [statement, value] pairs of a scale, in statement order."""
    rows = conn.execute(sa.select(answers.c.participant_id, answers.c.item, answers.c.number)
                        .where(answers.c.activity_id == activity_id)
                        .order_by(answers.c.participant_id, answers.c.item)).all()
    people = {}
    for pid, statement, value in rows:
        people.setdefault(pid, []).append([statement, value])
    return list(people.values())


def stored_answer(answer) -> dict:
    """A survey answer as an ``answers`` row keeps it: a scale value as the number, chosen options as text ("0,2")."""
    if isinstance(answer, int):
        return {"number": answer, "text": None}
    return {"number": None, "text": ",".join(str(o) for o in answer)}


def read_answer(text, number):
    """A survey answer from its ``answers`` row: the value, or the list of chosen options."""
    return number if text is None else [int(o) for o in text.split(",")]


def survey_answers_by_person(conn, activity_id: int) -> list[list]:
    """Each answering participant's [question, answer] pairs of a survey, in question order (an answer is
    a scale value or a list of chosen option indices)."""
    rows = conn.execute(sa.select(answers.c.participant_id, answers.c.item, answers.c.text, answers.c.number)
                        .where(answers.c.activity_id == activity_id)
                        .order_by(answers.c.participant_id, answers.c.item)).all()
    people = {}
    for pid, question, text, number in rows:
        people.setdefault(pid, []).append([question, read_answer(text, number)])
    return list(people.values())


def answers_by_person(conn, activity_id: int) -> list[list]:
    """Each answering participant's stored answers (texts, or numbers where there is no text), in slot order."""
    rows = conn.execute(sa.select(answers.c.participant_id, answers.c.text, answers.c.number)
                        .where(answers.c.activity_id == activity_id)
                        .order_by(answers.c.participant_id, answers.c.item)).all()
    people = {}
    for pid, text, number in rows:
        people.setdefault(pid, []).append(text if text is not None else number)
    return list(people.values())


def shown_answers_by_person(conn, activity_id: int) -> list[list]:
    """``answers_by_person`` without the answers that wait for the facilitator or that they hid."""
    held = moderation.not_shown(conn, activity_id)
    people = [moderation.shown_only(texts, held) for texts in answers_by_person(conn, activity_id)]
    return [texts for texts in people if texts]


def orders_by_person(conn, activity_id: int) -> list[list[int]]:
    """Each participant's ranking: option indices from first place to last."""
    return [[option for _place, option in sorted((place, option) for option, place in pairs)]
            for pairs in ratings_by_person(conn, activity_id)]


def allocations_by_person(conn, activity_id: int) -> list[list[int]]:
    """Each participant's points per option, in option order."""
    return [[given for _option, given in pairs] for pairs in ratings_by_person(conn, activity_id)]


def response_count(results: dict) -> int:
    """How many answers the results hold (voters of a poll, notes of a board, people in a word cloud)."""
    for name in ("voters", "people", "count"):
        if name in results:
            return results[name]
    return 0
