"""The participant's use cases: join with an anonymous token, choose a group, declare a segment, vote, post a note, answer a word cloud, rate a scale, answer a survey, ask and upvote questions.

Every action a phone sends carries a client-generated id. The reply is stored with
that id in the same transaction as the action itself, so a repeat (a retry after a
lost acknowledgement, a reconnect that resends) gets the same reply and changes nothing.
"""
import re
import time

import sqlalchemy as sa

from ..domain import board, opentext, points, poll, questions as qa, ranking, scale, survey, wordcloud
from ..domain.activity import require_open
from ..domain.errors import DomainError, Forbidden
from ..domain.participant import clean_display_name, new_token, token_digest
from ..store.schema import (actions, activities, answers, dots, memberships, notes, participants, questions,
                            sessions, stages, upvotes, votes)
from . import groups as working_groups, moderation
from . import segments
from . import questions as asked
from .loading import MAX_ID, load_activity, load_session
from .results import read_answer, stored_answer
from .sessions import for_phones, revealed_for_phones, state_and_activities

CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


_PARTICIPANT_BY_TOKEN = sa.select(participants.c.id, participants.c.display_name).where(
    participants.c.session_id == sa.bindparam("sid"), participants.c.token_digest == sa.bindparam("digest"))
_NEW_PARTICIPANT = participants.insert()


def join(store, code: str, token=None, name=None, now: float | None = None, admit=None) -> dict:
    """Join (or rejoin with a kept token); return the participant's id, token and name.

    ``admit(participant_id)``, if given, is called before anything is written: with ``None`` for a
    new participant, with the id of a known one. It may raise (a rate limit) to refuse the join.
    """
    now = now or time.time()
    display_name = clean_display_name(name) if name is not None else None
    if token is not None and (not isinstance(token, str) or not TOKEN.match(token)):
        raise DomainError("the participant token is malformed")
    with store.transaction() as conn:
        session = load_session(conn, code)
        found = None
        if token:
            found = conn.execute(_PARTICIPANT_BY_TOKEN, {"sid": session.id, "digest": token_digest(token)}).first()
        if found is None:
            if admit is not None:
                admit(None)
            token = token or new_token()
            pid = conn.execute(_NEW_PARTICIPANT, {"session_id": session.id, "token_digest": token_digest(token),
                                                  "display_name": display_name or "", "joined_at": now}
                               ).inserted_primary_key[0]
            working_groups.place_newcomer(conn, session.id, session.current_stage, pid)
            return {"participant_id": pid, "session_id": session.id, "token": token, "name": display_name or "",
                    "new": True}
        pid, kept_name = found
        if admit is not None:
            admit(pid)
        if display_name is not None and display_name != kept_name:
            conn.execute(participants.update().where(participants.c.id == pid).values(display_name=display_name))
            kept_name = display_name
        working_groups.place_newcomer(conn, session.id, session.current_stage, pid)
        return {"participant_id": pid, "session_id": session.id, "token": token, "name": kept_name, "new": False}


def _once(store, participant_id: int, client_id, event: str, apply) -> dict:
    """Run ``apply(conn)`` once per (participant, client id); a repeat gets the stored reply."""
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise DomainError("every action needs an id: 1 to 64 letters, digits or -_.:")
    try:
        with store.transaction() as conn:
            prior = _prior_reply(conn, participant_id, client_id, event)
            if prior is not None:
                return prior
            reply = apply(conn)
            conn.execute(_RECORD_ACTION, {"participant_id": participant_id, "client_id": client_id,
                                          "event": event, "reply": reply, "created_at": time.time()})
            return reply
    except sa.exc.IntegrityError:
        # The same id arrived twice at once and the other copy committed first.
        with store.transaction() as conn:
            prior = _prior_reply(conn, participant_id, client_id, event)
        if prior is None:
            raise
        return prior


# The hot path (every vote and note) runs these prebuilt statements with parameters: building
# a statement costs more Python time than SQLite takes to run it.
_RECORD_ACTION = actions.insert()
_PRIOR_REPLY = sa.select(actions.c.event, actions.c.reply).where(actions.c.participant_id == sa.bindparam("pid"),
                                                actions.c.client_id == sa.bindparam("cid"))


def _prior_reply(conn, participant_id, client_id, event):
    prior = conn.execute(_PRIOR_REPLY, {"pid": participant_id, "cid": client_id}).first()
    if prior is None:
        return None
    if prior.event != event:
        # A repeat is the same action sent again; the same id on another kind of action is a client bug.
        raise DomainError(f"the action id {client_id!r} was already used for a {prior.event}")
    return {**prior.reply, "duplicate": True}


# SQLAlchemy cannot cache a compiled ON CONFLICT statement (it compiled the upsert on every vote),
# so it is written out once; SQLite and PostgreSQL spell it the same way. A vote (and an answer
# of a kind shown per segment) keeps the segment its participant has declared now, read in the same
# statement: results per segment count it there, whatever the participant declares later.
_SEGMENT_NOW = "(SELECT segment FROM participants WHERE id = :participant_id)"
_VOTE_UPSERT = sa.text(
    "INSERT INTO votes (activity_id, participant_id, choices, updated_at, segment)"
    f" VALUES (:activity_id, :participant_id, :choices, :updated_at, {_SEGMENT_NOW})"
    " ON CONFLICT (activity_id, participant_id)"
    " DO UPDATE SET choices = excluded.choices, updated_at = excluded.updated_at, segment = excluded.segment"
).bindparams(sa.bindparam("choices", type_=votes.c.choices.type),
             sa.bindparam("updated_at", type_=votes.c.updated_at.type))


def _check_membership(conn, participant_id, item) -> None:
    """A group's activity takes input only from that group's members."""
    if item.group_key is None:
        return
    group = conn.execute(sa.select(memberships.c.group_key).join(stages, stages.c.id == memberships.c.stage_id)
                         .where(memberships.c.participant_id == participant_id,
                                stages.c.position == item.stage_position,
                                stages.c.session_id == sa.select(participants.c.session_id)
                                .where(participants.c.id == participant_id).scalar_subquery())).scalar()
    if group != item.group_key:
        raise Forbidden("this activity belongs to another working group")


def vote(store, who: dict, client_id, activity_id, choices, now: float | None = None) -> dict:
    """Cast or replace this participant's vote in a poll."""
    now = now or time.time()

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        picked = list(poll.check_choices(item, choices))
        _check_membership(conn, who["participant_id"], item)
        conn.execute(_VOTE_UPSERT, {"activity_id": item.id, "participant_id": who["participant_id"],
                                                       "choices": picked, "updated_at": now})
        return {"ok": True, "activity": item.id, "choices": picked}

    return _once(store, who["participant_id"], client_id, "vote", apply)


def post_note(store, who: dict, client_id, activity_id, column, text, signed=False,
              now: float | None = None) -> dict:
    """Add a sticky note to a board, anonymous unless the author signs it with their display name."""
    now = now or time.time()
    if not isinstance(signed, bool):
        raise DomainError("signed must be true or false")

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        col, clean = board.check_note(item, column, text)
        _check_membership(conn, who["participant_id"], item)
        author = who.get("name", "") if signed else ""
        status = moderation.note_status(conn, item, who["session_id"], clean)
        note_id = conn.execute(notes.insert().values(
            activity_id=item.id, participant_id=who["participant_id"], column_index=col, text=clean,
            author=author, created_at=now, status=status)).inserted_primary_key[0]
        return {"ok": True, "activity": item.id, "note": note_id, "status": status, "column": col, "text": clean,
                "author": author}

    return _once(store, who["participant_id"], client_id, "note", apply)


_NOTE_AUTHOR = sa.select(notes.c.participant_id).where(notes.c.id == sa.bindparam("nid"),
                                                       notes.c.activity_id == sa.bindparam("aid"))


def _own_note(conn, who: dict, item, note_id) -> int:
    """The id of this participant's note on this board; anyone else's note is refused."""
    author = None
    if type(note_id) is int and 0 < note_id <= MAX_ID:
        author = conn.execute(_NOTE_AUTHOR, {"nid": note_id, "aid": item.id}).scalar()
    board.check_author(author, who["participant_id"])
    return note_id


def edit_note(store, who: dict, client_id, activity_id, note_id, text) -> dict:
    """Rewrite one of this participant's own notes, while the board is open."""

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        clean = board.check_text(item, text)
        _check_membership(conn, who["participant_id"], item)
        own = _own_note(conn, who, item, note_id)
        # A rewritten note goes through the approval queue and the word filter again, like a new one.
        status = moderation.note_status(conn, item, who["session_id"], clean)
        conn.execute(notes.update().where(notes.c.id == own).values(text=clean, status=status))
        return {"ok": True, "activity": item.id, "note": own, "text": clean, "status": status}

    return _once(store, who["participant_id"], client_id, "note.edit", apply)


def delete_note(store, who: dict, client_id, activity_id, note_id) -> dict:
    """Delete one of this participant's own notes (and the dots on it), while the board is open."""

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        require_open(item)
        if item.kind != "board":
            raise DomainError(f"{item.title!r} is not a sticky-note board")
        _check_membership(conn, who["participant_id"], item)
        own = _own_note(conn, who, item, note_id)
        conn.execute(dots.delete().where(dots.c.note_id == own))
        conn.execute(notes.delete().where(notes.c.id == own))
        return {"ok": True, "activity": item.id, "note": own, "deleted": True}

    return _once(store, who["participant_id"], client_id, "note.delete", apply)


def send_answers(store, who: dict, client_id, activity_id, texts, now: float | None = None) -> dict:
    """Replace this participant's answers to a word cloud or open question with a new list (empty takes them back)."""
    now = now or time.time()

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        clean = _check_written(item, texts)
        _check_membership(conn, who["participant_id"], item)
        conn.execute(_DELETE_ANSWERS, {"aid": item.id, "pid": who["participant_id"]})
        if clean:
            conn.execute(_INSERT_ANSWER, [{"activity_id": item.id, "participant_id": who["participant_id"],
                                           "item": n, "text": text, "number": None, "updated_at": now}
                                          for n, text in enumerate(clean)])
        statuses = moderation.answer_statuses(conn, item, who["session_id"], clean, now)
        return {"ok": True, "activity": item.id, "answers": clean, "statuses": statuses}

    return _once(store, who["participant_id"], client_id, "answers", apply)


WRITTEN = {"wordcloud": wordcloud.check_answers, "text": opentext.check_texts}


def _check_written(item, texts) -> list[str]:
    if item.kind not in WRITTEN:
        require_open(item)
        raise DomainError(f"{item.title!r} takes no written answers")
    return WRITTEN[item.kind](item, texts)


def rate(store, who: dict, client_id, activity_id, statement, value, now: float | None = None) -> dict:
    """Rate one statement of a scale; a new rating of the same statement replaces the old one."""
    now = now or time.time()

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        s, v = scale.check_rating(item, statement, value)
        _check_membership(conn, who["participant_id"], item)
        conn.execute(_ANSWER_UPSERT, {"activity_id": item.id, "participant_id": who["participant_id"],
                                                         "item": s, "text": None, "number": v, "updated_at": now})
        return {"ok": True, "activity": item.id, "statement": s, "value": v}

    return _once(store, who["participant_id"], client_id, "rate", apply)


def answer_question(store, who: dict, client_id, activity_id, question, answer, now: float | None = None) -> dict:
    """Answer one question of a survey; a new answer to the same question replaces the old one, and
    an empty choice takes it back."""
    now = now or time.time()

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        q, checked = survey.check_answer(item, question, answer)
        _check_membership(conn, who["participant_id"], item)
        if checked == ():
            conn.execute(_DELETE_ANSWER, {"aid": item.id, "pid": who["participant_id"], "item": q})
            return {"ok": True, "activity": item.id, "question": q, "answer": None}
        row = {"activity_id": item.id, "participant_id": who["participant_id"], "item": q, "updated_at": now,
               **stored_answer(checked)}
        conn.execute(_ANSWER_UPSERT, row)
        return {"ok": True, "activity": item.id, "question": q, "answer": read_answer(row["text"], row["number"])}

    return _once(store, who["participant_id"], client_id, "survey", apply)


def rank(store, who: dict, client_id, activity_id, order, now: float | None = None) -> dict:
    """Put a ranking's options in order; the new order replaces this participant's earlier one."""
    now = now or time.time()

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        checked = ranking.check_order(item, order)
        _check_membership(conn, who["participant_id"], item)
        conn.execute(_DELETE_ANSWERS, {"aid": item.id, "pid": who["participant_id"]})
        conn.execute(_INSERT_ANSWER, [{"activity_id": item.id, "participant_id": who["participant_id"], "item": option,
                                       "text": None, "number": place + 1, "updated_at": now}
                                      for place, option in enumerate(checked)])
        return {"ok": True, "activity": item.id, "order": checked}

    return _once(store, who["participant_id"], client_id, "rank", apply)


def give_points(store, who: dict, client_id, activity_id, allocation, now: float | None = None) -> dict:
    """Spread this participant's budget over the options; the new allocation replaces the old one."""
    now = now or time.time()

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        checked = points.check_allocation(item, allocation)
        _check_membership(conn, who["participant_id"], item)
        conn.execute(_DELETE_ANSWERS, {"aid": item.id, "pid": who["participant_id"]})
        conn.execute(_INSERT_ANSWER, [{"activity_id": item.id, "participant_id": who["participant_id"], "item": option,
                                       "text": None, "number": given, "updated_at": now}
                                      for option, given in enumerate(checked)])
        return {"ok": True, "activity": item.id, "allocation": checked}

    return _once(store, who["participant_id"], client_id, "points", apply)


_ASKED = sa.select(sa.func.count()).select_from(questions).where(
    questions.c.activity_id == sa.bindparam("aid"), questions.c.participant_id == sa.bindparam("pid"))
_LOCK_PARTICIPANT = sa.select(participants.c.id).where(participants.c.id == sa.bindparam("pid")).with_for_update()


def ask(store, who: dict, client_id, activity_id, text, signed=False, now: float | None = None) -> dict:
    """Ask a question in a Q&A, anonymous unless the asker signs it; it waits for approval when moderated."""
    now = now or time.time()
    if not isinstance(signed, bool):
        raise DomainError("signed must be true or false")

    def apply(conn):
        if conn.dialect.name == "postgresql":  # one ask at a time per participant, so the cap holds
            conn.execute(_LOCK_PARTICIPANT, {"pid": who["participant_id"]})
        item = load_activity(conn, who["session_id"], activity_id)
        before = conn.execute(_ASKED, {"aid": item.id, "pid": who["participant_id"]}).scalar_one() \
            if item.kind == "qna" else 0
        clean = qa.check_question(item, text, before)
        _check_membership(conn, who["participant_id"], item)
        status = moderation.note_status(conn, item, who["session_id"], clean)
        question_id = conn.execute(questions.insert().values(
            activity_id=item.id, participant_id=who["participant_id"], text=clean,
            author=who.get("name", "") if signed else "", status=status, answered=False, highlighted=False,
            created_at=now)).inserted_primary_key[0]
        return {"ok": True, "activity": item.id, "question": question_id, "status": status}

    return _once(store, who["participant_id"], client_id, "ask", apply)


def upvote(store, who: dict, client_id, activity_id, question_id, up=True, now: float | None = None) -> dict:
    """Upvote a shown question of someone else's (``up``), or take the upvote back; at most one each."""
    now = now or time.time()
    if not isinstance(up, bool):
        raise DomainError("up must be true (upvote) or false (take the upvote back)")

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        question = asked.one(conn, item.id, question_id) if item.kind == "qna" else None
        qa.check_upvote(item, question, who["participant_id"])
        _check_membership(conn, who["participant_id"], item)
        row = {"qid": question.id, "pid": who["participant_id"], "at": now}
        conn.execute(_UPVOTE if up else _TAKE_BACK, row)
        return {"ok": True, "activity": item.id, "question": question.id, "up": up}

    return _once(store, who["participant_id"], client_id, "upvote", apply)


# The database keeps one upvote per participant and question; a second one is nothing new.
_UPVOTE = sa.text("INSERT INTO upvotes (question_id, participant_id, created_at) VALUES (:qid, :pid, :at)"
                  " ON CONFLICT (question_id, participant_id) DO NOTHING").bindparams(
    sa.bindparam("at", type_=upvotes.c.created_at.type))
_TAKE_BACK = upvotes.delete().where(upvotes.c.question_id == sa.bindparam("qid"),
                                    upvotes.c.participant_id == sa.bindparam("pid"))


# One answer to one statement, question or PAT cell; a new one replaces it (and takes the segment
# declared now, as a vote does).
_ANSWER_UPSERT = sa.text(
    "INSERT INTO answers (activity_id, participant_id, item, text, number, updated_at, segment)"
    f" VALUES (:activity_id, :participant_id, :item, :text, :number, :updated_at, {_SEGMENT_NOW})"
    " ON CONFLICT (activity_id, participant_id, item)"
    " DO UPDATE SET number = excluded.number, text = excluded.text, updated_at = excluded.updated_at,"
    " segment = excluded.segment"
).bindparams(sa.bindparam("updated_at", type_=answers.c.updated_at.type))
_DELETE_ANSWERS = answers.delete().where(answers.c.activity_id == sa.bindparam("aid"),
                                         answers.c.participant_id == sa.bindparam("pid"))
_INSERT_ANSWER = answers.insert()
_DELETE_ANSWER = answers.delete().where(answers.c.activity_id == sa.bindparam("aid"),
                                        answers.c.participant_id == sa.bindparam("pid"),
                                        answers.c.item == sa.bindparam("item"))


def choose_group(store, who: dict, client_id, group_key, now: float | None = None) -> dict:
    """Join one working group of the current groups stage (a new choice replaces the old); refused
    when the group is full (services/groups.py: one transaction, the groups locked, counted again)."""

    def apply(conn):
        session = load_session(conn, _code_of(conn, who["session_id"]))
        return working_groups.choose(conn, session, who["participant_id"], group_key)

    return _once(store, who["participant_id"], client_id, "group", apply)


def declare_segment(store, who: dict, client_id, segment) -> dict:
    """Declare the segment this participant belongs to (one of the session's), or none (``None``:
    prefer not to say); a new declaration replaces the old one. Only aggregates are ever shown."""

    def apply(conn):
        declared = segments.declare(conn, who["participant_id"], who["session_id"], segment)
        return {"ok": True, "segment": declared}

    return _once(store, who["participant_id"], client_id, "segment", apply)


def _code_of(conn, session_id) -> str:
    return conn.execute(sa.select(sessions.c.code).where(sessions.c.id == session_id)).scalar_one()


def welcome(store, who: dict, new: bool = False) -> dict:
    """What a phone gets when it (re)joins, read in one transaction (one snapshot on PostgreSQL;
    SQLite reads each statement on its own): the session's state, the participant's own answers
    (``me``) and the current stage's revealed results. ``new``: the participant has just joined
    for the first time, so nothing of theirs is read but the group a stage may have dealt them."""
    with store.transaction() as conn:
        state, items = state_and_activities(conn, who["code"])
        return {"state": for_phones(state), "me": _participant_view(conn, who, new),
                "results": revealed_for_phones(conn, items)}


def _by_activity(rows) -> dict:
    out = {}
    for activity_id, text in rows:
        out.setdefault(str(activity_id), []).append(text)
    return out


def _ratings(rows) -> dict:
    """{activity: {statement or question: value or answer}}."""
    out = {}
    for activity_id, statement, value in rows:
        out.setdefault(str(activity_id), {})[str(statement)] = value
    return out


def participant_view(store, who: dict) -> dict:
    """What this phone needs beyond the shared state: its groups, votes, answers, ratings and survey answers, how many notes it posted,
    its questions (with their status) and the questions it upvotes."""
    with store.transaction() as conn:
        return _participant_view(conn, who)


_MY_GROUPS = (sa.select(memberships.c.group_key, stages.c.position).join(stages, stages.c.id == memberships.c.stage_id)
              .where(memberships.c.participant_id == sa.bindparam("pid")))
_MY_VOTES = sa.select(votes.c.activity_id, votes.c.choices).where(votes.c.participant_id == sa.bindparam("pid"))
_MY_NOTES = (sa.select(notes.c.activity_id, notes.c.id, notes.c.column_index, notes.c.text, notes.c.author, notes.c.status)
             .where(notes.c.participant_id == sa.bindparam("pid")).order_by(notes.c.created_at, notes.c.id))
_MY_DOTS = sa.select(dots.c.activity_id, dots.c.note_id).where(dots.c.participant_id == sa.bindparam("pid"))
_MY_HELD_NOTES = (sa.select(notes.c.activity_id, notes.c.status, sa.func.count())
                  .where(notes.c.participant_id == sa.bindparam("pid"), notes.c.status != "shown")
                  .group_by(notes.c.activity_id, notes.c.status))


_MY_QUESTIONS = (sa.select(questions.c.activity_id, questions.c.id, questions.c.text, questions.c.author,
                         questions.c.status).where(questions.c.participant_id == sa.bindparam("pid"))
                 .order_by(questions.c.created_at, questions.c.id))
_MY_UPVOTES = (sa.select(questions.c.activity_id, upvotes.c.question_id)
               .join(questions, questions.c.id == upvotes.c.question_id)
               .where(upvotes.c.participant_id == sa.bindparam("pid")).order_by(upvotes.c.question_id))
_MY_ANSWERS = (sa.select(answers.c.activity_id, answers.c.item, answers.c.text, answers.c.number, activities.c.kind)
               .join(activities, activities.c.id == answers.c.activity_id)
               .where(answers.c.participant_id == sa.bindparam("pid")).order_by(answers.c.activity_id, answers.c.item))


def _participant_view(conn, who: dict, new: bool = False) -> dict:
    mine = {"pid": who["participant_id"]}

    def read(statement):  # a participant who has just joined has nothing yet: nothing to read
        return [] if new else conn.execute(statement, mine).all()

    answered = read(_MY_ANSWERS)
    surveys = [(a, i, read_answer(t, n)) for a, i, t, n, kind in answered if kind == "survey"]
    answered = [row for row in answered if row[4] != "survey"]
    ranked = {a for a, _i, _t, _n, kind in answered if kind == "ranking"}
    spent = {a for a, _i, _t, _n, kind in answered if kind == "points"}
    own_notes = _by_activity([(a, {"id": i, "column": c, "text": t, "author": au, "status": st})
                              for a, i, c, t, au, st in read(_MY_NOTES)])
    my_dots = {}
    for a, note in read(_MY_DOTS):
        on = my_dots.setdefault(str(a), {})
        on[str(note)] = on.get(str(note), 0) + 1
    return {"groups": {str(pos): key for key, pos in conn.execute(_MY_GROUPS, mine)},
            "votes": {str(a): c for a, c in read(_MY_VOTES)},
            "notes": {a: len(listed) for a, listed in own_notes.items()},
            "own_notes": own_notes,
            "dots": my_dots,
            "answers": _by_activity([(a, t) for a, _i, t, _n, _k in answered if t is not None]),
            "ratings": _ratings([(a, i, n) for a, i, t, n, _k in answered if t is None and a not in ranked | spent]),
            "points": {str(a): [n for _i, n in sorted(pairs)] for a, pairs in _by_activity(
                [(a, (i, n)) for a, i, t, n, _k in answered if a in spent]).items()},
            "orders": {str(a): [i for _p, i in sorted(pairs)] for a, pairs in _by_activity(
                [(a, (n, i)) for a, i, t, n, _k in answered if a in ranked]).items()},
            "surveys": _ratings(surveys),
            "questions": _by_activity([(a, {"id": q, "text": t, "author": au, "status": st})
                                       for a, q, t, au, st in read(_MY_QUESTIONS)]),
            "upvotes": _by_activity(read(_MY_UPVOTES)),
            "held": _held_notes(read(_MY_HELD_NOTES)), "statuses": _answer_statuses(conn, answered),
            "segment": None if new else segments.declared(conn, who["participant_id"]),
            "name": who.get("name", "")}


def _held_notes(rows) -> dict:
    """Per board, how many of this participant's notes wait for the facilitator or were hidden."""
    held = {}
    for activity_id, status, n in rows:
        held.setdefault(str(activity_id), {"pending": 0, "hidden": 0})[status] = n
    return held


def _answer_statuses(conn, answered) -> dict:
    """Per word cloud or open question, the status of each of this participant's answers (where one is not shown)."""
    out = {}
    for activity_id in sorted({a for a, _i, t, _n, kind in answered if kind in ("wordcloud", "text") and t is not None}):
        held = moderation.not_shown(conn, activity_id)
        if held:
            statuses = [held.get(moderation.digest(t), "shown") for a, _i, t, _n, _k in answered if a == activity_id]
            if any(s != "shown" for s in statuses):
                out[str(activity_id)] = statuses
    return out
