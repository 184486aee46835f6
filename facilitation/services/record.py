"""The session record: everything that happened, in one JSON-ready document.

No participant token, participant id, internal row id or address is in it:
polls carry their anonymous ballots, word clouds, scales and surveys each person's answers
(both sorted, so nothing links one person's answers across activities),
boards their notes, Q&As every question (with its status: pending and hidden ones too) and
its number of upvotes (not who gave them), groups their head counts, a Power Awareness Tool the
distribution of its private scores per cell (never one person's scores) and the group's table. In a
session with segments, polls, scales and surveys also carry their results per segment
(``by_segment``), small segments hidden with the session's k (``segments.k``); who declared which
segment is never in it.
The shape is documented in docs/record-schema.json.
"""
import json
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import jsonschema
import sqlalchemy as sa

from ..domain import moderation as mod
from ..domain import opentext, points, questions as qa, ranking, scale, survey, wordcloud
from ..domain.errors import DomainError

from ..store.schema import activities, dots, materials, notes, participants, sessions, stages, votes
from . import crossvote, moderation, pat, promotions, questions, segments
from .loading import load_activities, load_session, load_stages
from .results import (allocations_by_person, answers_by_person, board_results, orders_by_person, ratings_by_person,
                      survey_answers_by_person)
from .sessions import group_counts
from .takeaways import listed as listed_takeaways

SCHEMA = "baraza.record/1"
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "record-schema.json"


@lru_cache(maxsize=1)
def _validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def check_record(record: dict) -> None:
    """Refuse a record that does not fit docs/record-schema.json, naming where it goes wrong."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(record))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise DomainError(f"the record does not fit {SCHEMA} at {where}: {error.message[:300]}")


def iso(seconds: float | None) -> str | None:
    """An epoch time as ISO 8601 in UTC."""
    return None if seconds is None else datetime.fromtimestamp(seconds, timezone.utc).isoformat()


def epoch(text: str | None) -> float | None:
    """An ISO 8601 time back to epoch seconds."""
    return None if text is None else datetime.fromisoformat(text).timestamp()


def session_record(store, code: str) -> dict:
    """The whole session as a record."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        row = conn.execute(sa.select(sessions).where(sessions.c.id == session.id)).mappings().one()
        joined = conn.execute(sa.select(sa.func.count()).select_from(participants).where(
            participants.c.session_id == session.id)).scalar_one()
        items = load_activities(conn, session.id)
        times = {r.id: r for r in conn.execute(sa.select(
            activities.c.id, activities.c.opened_at, activities.c.closed_at).where(
            activities.c.session_id == session.id))}
        names, k = segments.segment_settings(row["plan"])
        record_stages = []
        for stage in load_stages(conn, session.id):
            counts = group_counts(conn, session.id, stage.position) if stage.groups else {}
            record_stages.append({
                "position": stage.position, "kind": stage.kind, "title": stage.title,
                "description": stage.description, "planned_minutes": stage.minutes,
                "started_at": iso(stage.started_at), "ended_at": iso(stage.ended_at),
                "actual_minutes": _minutes(stage.started_at, stage.ended_at),
                "materials": _materials(conn, stage.id, stage.position),
                "groups": [{"key": k, "name": n, "participants": counts.get(k, 0)} for k, n in stage.groups],
                "activities": [_with_segments(conn, _activity(conn, a, times[a.id]), a, names, k)
                               for a in items if a.stage_position == stage.position],
            })
            if stage.kind == "groups":
                record_stages[-1]["promoted"] = promotions.record_of(conn, session.id, stage)
        takeaways = [{"text": t["text"], "created_at": iso(t["at"])} for t in listed_takeaways(conn, session.id)]
        word_filter = moderation.filter_view(conn, session.id) if moderation.has_word_filter(conn, session.id) else None
    return {
        "schema": SCHEMA,
        "session": {"code": row["code"], "title": row["title"], "description": row["plan"].get("description", ""),
                    "status": row["status"], "current_stage": row["current_stage"],
                    "created_at": iso(row["created_at"]), "ended_at": iso(row["ended_at"]),
                    "participants": joined},
        "plan": row["plan"],
        "stages": record_stages,
        "takeaways": takeaways,
        **({"word_filter": word_filter} if word_filter else {}),
        **({"segments": {"names": list(names), "k": k}} if names else {}),
    }


def _with_segments(conn, entry: dict, item, names, k) -> dict:
    """A poll's, scale's or survey's record entry with its results per segment (small segments
    hidden with the session's k), when the session has segments."""
    got = segments.breakdown_of(conn, item, names, k)
    return entry if got is None else {**entry, "by_segment": got}


def _minutes(start, end):
    return None if start is None or end is None else round((end - start) / 60, 1)


def _activity(conn, item, times) -> dict:
    entry = {"position": item.position, "group": item.group_key, "kind": item.kind, "title": item.title,
             "settings": item.settings, "state": item.state, "results_visible": item.results_visible,
             "opened_at": iso(times.opened_at), "closed_at": iso(times.closed_at)}
    if item.kind == "poll":
        ballots = sorted(conn.execute(sa.select(votes.c.choices).where(votes.c.activity_id == item.id)).scalars())
        counts = [0] * len(item.settings["options"])
        for ballot in ballots:
            for choice in ballot:
                counts[choice] += 1
        entry["results"] = {"options": item.settings["options"], "counts": counts, "voters": len(ballots),
                            "multiple": bool(item.settings.get("multiple"))}
        entry["ballots"] = ballots
    elif item.kind == "board":
        entry["results"], entry["dot_ballots"] = _board(conn, item)
        rows = conn.execute(sa.select(notes.c.column_index, notes.c.text, notes.c.author, notes.c.created_at,
                                      notes.c.status)
                            .where(notes.c.activity_id == item.id, notes.c.status != mod.SHOWN)
                            .order_by(notes.c.created_at, notes.c.id)).all()
        held = [{"column": c, "column_name": item.settings["columns"][c], "text": t, "author": a,
                 "created_at": iso(at), "status": status} for c, t, a, at, status in rows]
        # Pending and hidden notes are in no result, but the record keeps them (with their status).
        entry["moderation"] = {**mod.left_out(n["status"] for n in held), "items": held}
    elif item.kind in ("wordcloud", "text"):
        people = sorted(answers_by_person(conn, item.id))
        held = moderation.not_shown(conn, item.id)
        shown = [texts for texts in (moderation.shown_only(texts, held) for texts in people) if texts]
        if item.kind == "wordcloud":
            entry["results"] = wordcloud.tally(item, shown)
        else:
            entry["results"] = opentext.wall(item, sorted(t for texts in shown for t in texts), len(shown), shown=None)
        entry["answers"] = people  # everyone's answers, shown or not: the decisions are in "moderation"
        entry["moderation"] = moderation.record_of(conn, item, people)
    elif item.kind == "ranking":
        orders = sorted(orders_by_person(conn, item.id))
        entry["results"] = ranking.tally(item, orders)
        entry["orders"] = orders
    elif item.kind == "points":
        allocations = sorted(allocations_by_person(conn, item.id))
        entry["results"] = points.tally(item, allocations)
        entry["allocations"] = allocations
    elif item.kind == "qna":
        asked = questions.listed(conn, item.id)
        room = qa.room(item, asked, shown=None)  # the questions as the room saw them, without row ids
        entry["results"] = {**{k: v for k, v in room.items() if k != "highlighted"},
                            "questions": [{k: v for k, v in q.items() if k != "id"} for q in room["questions"]]}
        # The questions themselves, pending and hidden ones too, are in "questions" with their status.
        entry["moderation"] = {**mod.left_out(q.status for q in asked), "items": []}
        entry["questions"] = [{"text": q.text, "author": q.author, "status": q.status, "votes": q.votes,
                               "answered": q.answered, "highlighted": q.highlighted, "created_at": iso(q.created_at)}
                              for q in asked]
    elif item.kind == "scale":
        people = sorted(ratings_by_person(conn, item.id))
        entry["results"] = scale.tally(item, people)
        entry["ratings"] = people
    elif item.kind == "survey":
        people = sorted(survey_answers_by_person(conn, item.id))
        entry["results"] = survey.tally(item, people)
        entry["responses"] = people
    elif item.kind == "crossvote":
        entry["results"], entry["ballots"] = _crossvote(conn, item)
    elif item.kind == "pat":
        # Only distributions per cell (segments below k hidden) and the group's table: no one's scores.
        entry["results"] = pat.results(conn, item)
        entry["settings"] = {k: v for k, v in item.settings.items() if k != "scores_as_recorded"}
    return entry


def _crossvote(conn, item) -> tuple[dict, list]:
    """A cross-group vote's result, the promoted items ranked (each by its ``item`` index into the
    reported groups stage's ``promoted``), and the anonymous ballots (those indices, one list a voter)."""
    result = crossvote.results(conn, item)
    index = {entry["id"]: n for n, entry in enumerate(result["items"])}
    by_id = {entry["id"]: entry for entry in result["items"]}
    ranked = [{"item": index[i], **{k: v for k, v in by_id[i].items() if k != "id"}} for i in result["ranked"]]
    ballots = [sorted(index[i] for i in ballot if i in index) for ballot in crossvote.ballots(conn, item.id)]
    return ({"items": ranked, "voters": result["voters"], "dots": result["dots"], "budget": result["budget"],
             "stacking": result["stacking"]}, sorted(b for b in ballots if b))


def _board(conn, item) -> tuple[dict, list]:
    """A board's notes (in the order they came, each with its cluster's name and its dots), its
    clusters with their totals, and the anonymous dot ballots (note positions, one list a voter)."""
    view = board_results(conn, item)
    times = dict(conn.execute(sa.select(notes.c.id, notes.c.created_at).where(notes.c.activity_id == item.id)).all())
    names = {c["id"]: c["name"] for c in view["clusters"]}
    index = {n["id"]: i for i, n in enumerate(view["notes"])}
    people = {}
    for pid, note in conn.execute(sa.select(dots.c.participant_id, dots.c.note_id).where(dots.c.activity_id == item.id)):
        if note in index:
            people.setdefault(pid, []).append(index[note])
    results = {
        "columns": view["columns"], "count": view["count"], "phase": view["phase"], "budget": view["budget"],
        "stacking": view["stacking"], "dots": view["dots"], "dot_voters": view["dot_voters"],
        "clusters": [{"name": c["name"], "count": c["count"], "dots": c["dots"]} for c in view["clusters"]],
        "notes": [{"column": n["column"], "column_name": view["columns"][n["column"]], "text": n["text"],
                   "author": n["author"], "created_at": iso(times[n["id"]]), "cluster": names.get(n["cluster"]),
                   "dots": n["dots"]} for n in view["notes"]]}
    return results, sorted(sorted(b) for b in people.values())


def _materials(conn, stage_id: int, position: int) -> list[dict]:
    rows = conn.execute(sa.select(materials.c.id, materials.c.title, materials.c.kind, materials.c.url,
                                  materials.c.filename, materials.c.size)
                        .where(materials.c.stage_id == stage_id).order_by(materials.c.id)).all()
    out = []
    for n, (_id, title, kind, url, filename, size) in enumerate(rows, start=1):
        if kind == "link":
            out.append({"title": title, "kind": "link", "url": url})
        else:
            out.append({"title": title, "kind": "pdf", "file": material_path(position, n, filename), "size": size})
    return out


def material_path(stage_position: int, number: int, filename: str) -> str:
    """Where an uploaded file sits in a bundle: ``materials/stage-1-2-slides.pdf``."""
    return f"materials/stage-{stage_position + 1}-{number}-{filename}"


def material_files(store, code: str) -> dict[str, bytes]:
    """Every uploaded file of a session, by its path in the bundle."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        files = {}
        for stage in load_stages(conn, session.id):
            rows = conn.execute(sa.select(materials.c.kind, materials.c.filename, materials.c.content)
                                .where(materials.c.stage_id == stage.id).order_by(materials.c.id)).all()
            for n, (kind, filename, content) in enumerate(rows, start=1):
                if kind == "pdf":
                    files[material_path(stage.position, n, filename)] = bytes(content)
        return files
