"""The facilitator's archive: close, reopen, duplicate, delete, import; a stage's materials."""
import secrets
import time

import sqlalchemy as sa

from ..domain import survey
from ..domain.activity import OPEN, Activity
from ..domain.codes import new_join_code, normalise_join_code
from ..domain.errors import Conflict, DomainError, NotFound
from ..domain.material import check_link, check_pdf
from ..domain.participant import token_digest
from ..domain.plan import parse_plan
from ..domain.session import ENDED, LOBBY, RUNNING
from ..domain.questions import STATUSES
from ..store.schema import (activities, answers, clusters, crossvote_dots, dots, materials, memberships, notes,
                            participants, questions, sessions, stages, upvotes, votes)
from .loading import MAX_ID, load_activities, load_session
from .record import SCHEMA, check_record, epoch, material_path
from . import moderation, pat, promotions, takeaways, timers
from .results import stored_answer
from .sessions import OPTIONS, _insert_session, create_session, move_stage


def close_session(store, code: str, now: float | None = None) -> None:
    """End a session: its current stage ends and every open activity closes."""
    with store.transaction() as conn:
        status = load_session(conn, code).status
    if status == ENDED:
        raise Conflict("the session is already closed")
    move_stage(store, code, "end", now=now)


def reopen_session(store, code: str) -> None:
    """Reopen a closed session at the last stage it reached (or in the lobby if it never started)."""
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        if session.status != ENDED:
            raise Conflict("only a closed session can be reopened")
        reached = conn.execute(sa.select(sa.func.max(stages.c.position)).where(
            stages.c.session_id == session.id, stages.c.started_at.is_not(None))).scalar()
        conn.execute(sessions.update().where(sessions.c.id == session.id).values(
            status=LOBBY if reached is None else RUNNING, current_stage=reached, ended_at=None))
        if reached is not None:
            conn.execute(stages.update().where(stages.c.session_id == session.id,
                                               stages.c.position == reached).values(ended_at=None))
            minutes = conn.execute(sa.select(stages.c.minutes).where(
                stages.c.session_id == session.id, stages.c.position == reached)).scalar_one()
            # The timers that closing held run again; one the facilitator had paused stays paused.
            timers.enter_stage(conn, session.id, reached, minutes, time.time())


def duplicate_session(store, code: str) -> str:
    """A new session in the lobby from this session's plan (no results carried over)."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        plan = conn.execute(sa.select(sessions.c.plan).where(sessions.c.id == session.id)).scalar_one()
    return create_session(store, parse_plan(plan, source="the stored plan"))


def delete_session(store, code: str) -> None:
    """Delete the session and every row that belongs to it."""
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        conn.execute(sessions.delete().where(sessions.c.id == session.id))


def _stage_id(conn, session_id: int, position) -> int:
    if type(position) is not int:
        raise NotFound("stage must be a stage number")
    if not 0 <= position <= MAX_ID:  # a number the database driver cannot even take names no stage
        raise NotFound(f"there is no stage {str(position)[:20]} in this session")
    stage_id = conn.execute(sa.select(stages.c.id).where(
        stages.c.session_id == session_id, stages.c.position == position)).scalar()
    if stage_id is None:
        raise NotFound(f"there is no stage {position} in this session")
    return stage_id


def add_link(store, code: str, position: int, title, url) -> None:
    """Attach a link (e.g. to the slides) to a stage."""
    title, url = check_link(title, url)
    with store.transaction() as conn:
        stage_id = _stage_id(conn, load_session(conn, code).id, position)
        conn.execute(materials.insert().values(stage_id=stage_id, title=title, kind="link", url=url,
                                               created_at=time.time()))


def add_pdf(store, code: str, position: int, title, filename, content: bytes) -> None:
    """Attach an uploaded PDF (e.g. the slides of a talk) to a stage."""
    title, name = check_pdf(title, filename, content)
    with store.transaction() as conn:
        stage_id = _stage_id(conn, load_session(conn, code).id, position)
        conn.execute(materials.insert().values(stage_id=stage_id, title=title, kind="pdf", filename=name,
                                               content=content, size=len(content), created_at=time.time()))


def import_record(store, record: dict, files: dict[str, bytes] | None = None) -> str:
    """Store a session from its record (and the bundle's files); return its join code.

    The join code is kept when it is free here, so export → import → export gives the same record.
    Participants come back as anonymous placeholders, enough to carry the ballots, notes and group
    head counts; none of them can be joined as.
    """
    if not isinstance(record, dict) or record.get("schema") != SCHEMA:
        raise DomainError(f"this is not a Baraza session record ({SCHEMA})")
    check_record(record)
    files = files or {}
    missing = [m["file"] for s in record["stages"] for m in s["materials"]
               if m["kind"] == "pdf" and m["file"] not in files]
    if missing:
        raise DomainError(f"the record refers to {len(missing)} uploaded file(s) that are not here; "
                          "import the bundle (.zip) instead of the JSON alone")
    plan = parse_plan(record["plan"], source="the record's plan")
    info = record["session"]
    for attempt in range(20):
        code = normalise_join_code(info["code"]) if attempt == 0 else None
        code = code or new_join_code()
        try:
            with store.transaction() as conn:
                _insert_session(conn, code, plan, epoch(info["created_at"]))
                _restore(conn, code, record, files)
                takeaways.restore(conn, load_session(conn, code).id, record.get("takeaways", []), epoch)
                _restore_report_backs(conn, load_session(conn, code).id, record)
                if "word_filter" in record:
                    moderation.restore_word_filter(conn, load_session(conn, code).id, record["word_filter"])
            return code
        except sa.exc.IntegrityError:
            continue
    raise RuntimeError("could not find a free join code")


def _restore(conn, code: str, record: dict, files: dict) -> None:
    session = load_session(conn, code)
    info = record["session"]
    conn.execute(sessions.update().where(sessions.c.id == session.id).values(
        status=info["status"], current_stage=info["current_stage"], ended_at=epoch(info["ended_at"])))
    people = [conn.execute(participants.insert().values(
        session_id=session.id, token_digest=token_digest("imported:" + secrets.token_hex(16)), display_name="",
        joined_at=epoch(info["created_at"]))).inserted_primary_key[0] for _ in range(info["participants"])]
    items = {(a.stage_position, a.group_key, a.position): a for a in load_activities(conn, session.id)}
    for stage in record["stages"]:
        stage_id = _stage_id(conn, session.id, stage["position"])
        conn.execute(stages.update().where(stages.c.id == stage_id).values(
            started_at=epoch(stage["started_at"]), ended_at=epoch(stage["ended_at"])))
        _restore_groups(conn, stage_id, stage["groups"], people)
        for n, material in enumerate(stage["materials"], start=1):
            _restore_material(conn, stage_id, stage["position"], n, material, files)
        for entry in stage["activities"]:
            item = items[(stage["position"], entry["group"], entry["position"])]
            _restore_activity(conn, item, entry, people)


def _restore_report_backs(conn, session_id: int, record: dict) -> None:
    """Put back what the groups promoted and the cross-group votes' dots (by the promoted items' order)."""
    people = list(conn.execute(sa.select(participants.c.id).where(participants.c.session_id == session_id)
                               .order_by(participants.c.id)).scalars())
    promoted, at = {}, epoch(record["session"]["created_at"])
    for stage in record["stages"]:
        if stage.get("promoted"):
            promoted[stage["position"]] = promotions.restore(
                conn, session_id, _stage_id(conn, session_id, stage["position"]), stage["promoted"], at)
    for stage in record["stages"]:
        votes_ = [a for a in stage["activities"] if a["kind"] == "crossvote"]
        if not votes_:
            continue
        source = [p for p in promoted if p < stage["position"]]
        ids = promoted[max(source)] if source else []
        stage_id = _stage_id(conn, session_id, stage["position"])
        for entry in votes_:
            activity_id = conn.execute(sa.select(activities.c.id).where(
                activities.c.stage_id == stage_id, activities.c.position == entry["position"])).scalar_one()
            if len(entry.get("ballots", [])) > len(people):
                raise DomainError("the record has more cross-group ballots than participants")
            for person, ballot in zip(people, entry.get("ballots", [])):
                for index in ballot:
                    if not 0 <= index < len(ids):
                        raise DomainError("a cross-group ballot names an item the groups did not promote")
                    conn.execute(crossvote_dots.insert().values(activity_id=activity_id, promotion_id=ids[index],
                                                                participant_id=person, created_at=at))


def _restore_groups(conn, stage_id, groups, people) -> None:
    seat = 0
    for group in groups:
        for _ in range(group["participants"]):
            conn.execute(memberships.insert().values(participant_id=people[seat], stage_id=stage_id,
                                                     group_key=group["key"]))
            seat += 1


def _restore_material(conn, stage_id, position, n, material, files) -> None:
    if material["kind"] == "link":
        title, url = check_link(material["title"], material["url"])
        conn.execute(materials.insert().values(stage_id=stage_id, title=title, kind="link", url=url,
                                               created_at=time.time()))
        return
    content = files[material["file"]]
    check_pdf(material["title"], material["file"], content)
    filename = material["file"].removeprefix(material_path(position, n, ""))
    conn.execute(materials.insert().values(stage_id=stage_id, title=material["title"], kind="pdf",
                                           filename=filename, content=content, size=len(content),
                                           created_at=time.time()))


def _restore_activity(conn, item, entry, people) -> None:
    activity_id = item.id
    # The options a facilitator may switch while the activity runs are kept as they were switched.
    switched = {name: entry["settings"][name] for name in OPTIONS.get(item.kind, ())
                if isinstance(entry["settings"].get(name), bool)}
    conn.execute(activities.update().where(activities.c.id == activity_id).values(
        state=entry["state"], results_visible=entry["results_visible"], opened_at=epoch(entry["opened_at"]),
        closed_at=epoch(entry["closed_at"]), settings={**item.settings, **switched}))
    if entry["kind"] == "poll":
        if len(entry["ballots"]) > len(people):
            raise DomainError("the record has more ballots than participants")
        for person, ballot in zip(people, entry["ballots"]):
            conn.execute(votes.insert().values(activity_id=activity_id, participant_id=person, choices=ballot,
                                               updated_at=epoch(entry["closed_at"] or entry["opened_at"]) or 0.0))
    elif entry["kind"] == "board":
        _restore_board(conn, activity_id, entry, people)
    elif entry["kind"] in ("wordcloud", "text"):
        _restore_answers(conn, activity_id, entry, people)
        moderation.restore_decisions(conn, activity_id, entry.get("moderation", {}).get("items", []),
                                     epoch(entry["closed_at"] or entry["opened_at"]) or 0.0)
    elif entry["kind"] == "scale":
        _restore_ratings(conn, activity_id, entry, people)
    elif entry["kind"] == "ranking":
        _restore_orders(conn, activity_id, entry, people)
    elif entry["kind"] == "points":
        _restore_allocations(conn, activity_id, entry, people)
    elif entry["kind"] == "qna":
        _restore_questions(conn, activity_id, entry, people)
    elif entry["kind"] == "survey":
        _restore_survey(conn, activity_id, entry, people)
    elif entry["kind"] == "pat":
        pat.restore(conn, activity_id, {**item.settings, **switched}, entry)


def _restore_questions(conn, activity_id, entry, people) -> None:
    """The questions back as the first placeholder's, each upvoted by as many of the others as it had."""
    asked = entry.get("questions", [])
    if asked and not people:
        raise DomainError("the record has questions but no participants")
    for question in asked:
        if question["status"] not in STATUSES or not 0 <= question["votes"] < len(people):
            raise DomainError("the record has a question with more upvotes than there were other participants")
        created = epoch(question["created_at"])
        question_id = conn.execute(questions.insert().values(
            activity_id=activity_id, participant_id=people[0], text=question["text"], author=question["author"],
            status=question["status"], answered=question["answered"], highlighted=question["highlighted"],
            created_at=created)).inserted_primary_key[0]
        for person in people[1:question["votes"] + 1]:
            conn.execute(upvotes.insert().values(question_id=question_id, participant_id=person, created_at=created))


def _restore_survey(conn, activity_id, entry, people) -> None:
    """Each person's survey answers back on a placeholder participant of their own."""
    lists = entry.get("responses", [])
    if len(lists) > len(people):
        raise DomainError("the record has more survey responses than participants")
    when = epoch(entry["closed_at"] or entry["opened_at"]) or 0.0
    item = Activity(activity_id, 0, None, 0, "survey", entry["title"], entry["settings"], OPEN)
    for person, pairs in zip(people, lists):
        for question, answer in pairs:
            try:
                q, checked = survey.check_answer(item, question, answer)
            except DomainError:
                raise DomainError("the record has a survey answer that does not fit its question") from None
            if checked == ():
                raise DomainError("the record has an empty survey answer")
            conn.execute(answers.insert().values(activity_id=activity_id, participant_id=person, item=q,
                                                 updated_at=when, **stored_answer(checked)))


def _restore_board(conn, activity_id, entry, people) -> None:
    """A board's phase, clusters, notes (on the first placeholder) and dots (a placeholder a voter)."""
    results = entry["results"]
    if "phase" in entry["settings"]:
        settings = conn.execute(sa.select(activities.c.settings).where(activities.c.id == activity_id)).scalar_one()
        conn.execute(activities.update().where(activities.c.id == activity_id).values(
            settings={**settings, "phase": entry["settings"]["phase"]}))
    if results["notes"] and not people:
        raise DomainError("the record has notes but no participants")
    named = {}
    for position, cluster in enumerate(results.get("clusters", [])):
        if cluster["name"].casefold() in {n.casefold() for n in named}:
            raise DomainError(f"the record names two clusters {cluster['name']!r} on one board")
        named[cluster["name"]] = conn.execute(clusters.insert().values(
            activity_id=activity_id, name=cluster["name"], position=position,
            created_at=epoch(entry["opened_at"]) or 0.0)).inserted_primary_key[0]
    # The notes on show and those held by moderation (pending, hidden), back in the order they came.
    held = entry.get("moderation", {}).get("items", [])
    if held and not people:
        raise DomainError("the record has notes but no participants")
    shown_ids = {}
    for n, note in sorted(enumerate(results["notes"] + held), key=lambda pair: pair[1]["created_at"]):
        if note.get("cluster") is not None and note["cluster"] not in named:
            raise DomainError(f"a note is in a cluster {note['cluster']!r} the record does not list")
        shown_ids[n] = conn.execute(notes.insert().values(
            activity_id=activity_id, participant_id=people[0], column_index=note["column"], text=note["text"],
            author=note["author"], created_at=epoch(note["created_at"]), status=note.get("status", "shown"),
            cluster_id=named.get(note.get("cluster")))).inserted_primary_key[0]
    note_ids = [shown_ids[n] for n in range(len(results["notes"]))]
    ballots = entry.get("dot_ballots", [])
    if len(ballots) > len(people):
        raise DomainError("the record has more dot ballots than participants")
    when = epoch(entry["closed_at"] or entry["opened_at"]) or 0.0
    for person, ballot in zip(people, ballots):
        if not all(0 <= i < len(note_ids) for i in ballot):
            raise DomainError("a dot ballot refers to a note the record does not have")
        for i in ballot:
            conn.execute(dots.insert().values(activity_id=activity_id, note_id=note_ids[i], participant_id=person,
                                              created_at=when))


def _restore_allocations(conn, activity_id, entry, people) -> None:
    """Each person's points back on a placeholder participant of their own."""
    allocations, settings = entry.get("allocations", []), entry["settings"]
    if len(allocations) > len(people):
        raise DomainError("the record has more allocations than participants")
    when = epoch(entry["closed_at"] or entry["opened_at"]) or 0.0
    for person, allocation in zip(people, allocations):
        if len(allocation) != len(settings["options"]) or not 0 < sum(allocation) <= settings["budget"]:
            raise DomainError("the record has an allocation that does not fit its budget")
        for option, given in enumerate(allocation):
            conn.execute(answers.insert().values(activity_id=activity_id, participant_id=person, item=option,
                                                 number=given, updated_at=when))


def _restore_orders(conn, activity_id, entry, people) -> None:
    """Each person's ranking back on a placeholder participant of their own."""
    orders, n = entry.get("orders", []), len(entry["settings"]["options"])
    if len(orders) > len(people):
        raise DomainError("the record has more rankings than participants")
    when = epoch(entry["closed_at"] or entry["opened_at"]) or 0.0
    for person, order in zip(people, orders):
        if sorted(order) != list(range(n)):
            raise DomainError("the record has a ranking that does not order every option once")
        for place, option in enumerate(order):
            conn.execute(answers.insert().values(activity_id=activity_id, participant_id=person, item=option,
                                                 number=place + 1, updated_at=when))


def _restore_ratings(conn, activity_id, entry, people) -> None:
    """Each person's ratings back on a placeholder participant of their own."""
    lists = entry.get("ratings", [])
    if len(lists) > len(people):
        raise DomainError("the record has more ratings than participants")
    settings, when = entry["settings"], epoch(entry["closed_at"] or entry["opened_at"]) or 0.0
    for person, pairs in zip(people, lists):
        for statement, value in pairs:
            if not (0 <= statement < len(settings["statements"]) and settings["min"] <= value <= settings["max"]):
                raise DomainError("the record has a rating outside its scale")
            conn.execute(answers.insert().values(activity_id=activity_id, participant_id=person, item=statement,
                                                 number=value, updated_at=when))


def _restore_answers(conn, activity_id, entry, people) -> None:
    """Each person's answers back on a placeholder participant of their own."""
    lists = entry.get("answers", [])
    if len(lists) > len(people):
        raise DomainError("the record has more answers than participants")
    when = epoch(entry["closed_at"] or entry["opened_at"]) or 0.0
    for person, texts in zip(people, lists):
        for n, text in enumerate(texts):
            conn.execute(answers.insert().values(activity_id=activity_id, participant_id=person, item=n,
                                                 text=text, updated_at=when))
