"""The facilitator's moderation: statuses of new items, the queue, hide and restore, the word filter.

Notes carry their status on their row. Written answers (word clouds, open questions) are replaced
on every change, so the facilitator's decision is kept by the answer's text (``moderation`` table):
hiding or approving a word applies to everyone who gave it, now and later.
"""
import hashlib
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa

from ..domain import moderation as mod
from ..domain.errors import DomainError, NotFound
from ..store.schema import answers, moderation, notes, word_filters
from .loading import MAX_ID, load_activity, load_session

WORDLISTS = Path(__file__).resolve().parents[1] / "wordlists"


@lru_cache(maxsize=1)
def _shipped() -> tuple:
    return tuple((language, tuple(mod.check_word_list((WORDLISTS / f"{language}.txt").read_text(encoding="utf-8"))))
                 for language in mod.FILTER_LANGUAGES)


def shipped_lists() -> dict[str, list[str]]:
    """The starting lists shipped in facilitation/wordlists/, by language."""
    return {language: list(words) for language, words in _shipped()}


def digest(text: str) -> str:
    """The stored name of an answer's decision: SHA-256 of the answer as the word cloud counts it."""
    return hashlib.sha256(mod.answer_key(text).encode("utf-8")).hexdigest()


# --- the word filter ------------------------------------------------------------------------------

_FILTER = sa.select(word_filters.c.enabled, word_filters.c.lists).where(word_filters.c.session_id == sa.bindparam("sid"))


def _filter_row(conn, session_id: int):
    return conn.execute(_FILTER, {"sid": session_id}).first()


def word_filter_of(conn, session_id: int) -> mod.WordFilter:
    """The session's word filter as it applies to a new item (matches nothing while it is off)."""
    row = _filter_row(conn, session_id)
    return mod.compile_filter(row.lists) if row is not None and row.enabled else mod.NO_FILTER


def has_word_filter(conn, session_id: int) -> bool:
    """Whether the facilitator ever set this session's word filter (the record carries it then)."""
    return _filter_row(conn, session_id) is not None


def filter_view(conn, session_id: int) -> dict:
    """The word filter as the console edits it: on or off, and every language's list."""
    row = _filter_row(conn, session_id)
    if row is None:
        return {"enabled": False, "lists": shipped_lists()}
    return {"enabled": bool(row.enabled), "lists": {**shipped_lists(), **row.lists}}


def read_word_filter(store, code: str) -> dict:
    """``filter_view`` in a transaction of its own."""
    with store.transaction() as conn:
        return filter_view(conn, load_session(conn, code).id)


def set_word_filter(store, code: str, enabled=None, lists=None) -> dict:
    """Turn the word filter on or off and/or replace some of its lists; return the filter."""
    if enabled is not None and not isinstance(enabled, bool):
        raise DomainError('"enabled" must be true or false')
    checked = mod.check_word_lists(lists) if lists is not None else {}
    if enabled is None and not checked:
        raise DomainError('send "enabled" (true or false) and/or "lists" ({"en": "one word per line", …})')
    with store.transaction() as conn:
        session_id = load_session(conn, code).id
        current = filter_view(conn, session_id)
        values = {"enabled": current["enabled"] if enabled is None else enabled,
                  "lists": {**current["lists"], **checked}}
        restore_word_filter(conn, session_id, values)
        return filter_view(conn, session_id)


def restore_word_filter(conn, session_id: int, values: dict) -> None:
    """Store a session's word filter (from the console, or from an imported record)."""
    conn.execute(word_filters.delete().where(word_filters.c.session_id == session_id))
    conn.execute(word_filters.insert().values(session_id=session_id, enabled=values["enabled"],
                                              lists=mod.check_word_lists(values["lists"])))


# --- statuses of new items ------------------------------------------------------------------------

def note_status(conn, item, session_id: int, text: str) -> str:
    """The status a new note takes: pending if the board is moderated or the word filter flags it."""
    return mod.new_status(bool(item.settings.get("moderate")), word_filter_of(conn, session_id).matches(text))


_DECISIONS = sa.select(moderation.c.digest, moderation.c.status).where(moderation.c.activity_id == sa.bindparam("aid"))
_NOT_SHOWN = _DECISIONS.where(moderation.c.status != mod.SHOWN)


def answer_statuses(conn, item, session_id: int, texts: list[str], now: float) -> list[str]:
    """The status of each of these answers, recording the facilitator's queue for new ones.

    An answer someone already gave keeps the facilitator's decision on it; a new one waits when the
    activity is moderated or the word filter flags it.
    """
    if not texts:
        return []
    known = dict(conn.execute(_DECISIONS, {"aid": item.id}).all())
    moderated, flags = bool(item.settings.get("moderate")), word_filter_of(conn, session_id)
    out = []
    for text in texts:
        d = digest(text)
        status = mod.new_status(moderated, flags.matches(text), known.get(d))
        if d not in known and status == mod.PENDING:
            conn.execute(moderation.insert().values(activity_id=item.id, digest=d, text=text, status=status,
                                                    created_at=now))
            known[d] = status
        out.append(status)
    return out


def not_shown(conn, activity_id: int) -> dict[str, str]:
    """The digests of a word cloud's or open question's answers that are pending or hidden, with their status."""
    return dict(conn.execute(_NOT_SHOWN, {"aid": activity_id}).all())


def shown_only(texts: list, held: dict) -> list:
    """These answers without the pending and hidden ones."""
    return texts if not held else [t for t in texts if digest(t) not in held]


# --- the facilitator's decisions ------------------------------------------------------------------

def moderate_item(store, code: str, activity_id, action, target, now: float | None = None) -> dict:
    """Approve, hide or restore one item: a note (by its number) or an answer (by its text)."""
    now = now or time.time()
    with store.transaction() as conn:
        session = load_session(conn, code, for_update=True)
        item = load_activity(conn, session.id, activity_id)
        mod.check_action(action)  # before the item is looked for: a bad action is a 400 whatever the item
        if item.kind not in mod.MODERATED_KINDS:
            raise DomainError(f"{item.title!r} is a {item.kind}: it has nothing to moderate")
        if item.kind == "board":
            return _moderate_note(conn, item, action, target)
        return _moderate_answer(conn, item, action, target, now)


def _moderate_note(conn, item, action, note_id) -> dict:
    if type(note_id) is not int or not 0 < note_id <= MAX_ID:
        raise DomainError('"item" must be the number of one of the board\'s notes')
    status = conn.execute(sa.select(notes.c.status).where(notes.c.id == note_id, notes.c.activity_id == item.id)).scalar()
    if status is None:
        raise NotFound(f"there is no note {note_id} on {item.title!r}")
    status = mod.moderate(status, action)
    conn.execute(notes.update().where(notes.c.id == note_id).values(status=status))
    return {"activity": item.id, "item": note_id, "status": status}


def _moderate_answer(conn, item, action, text, now) -> dict:
    if not isinstance(text, str) or not text.strip() or len(text) > 1000:
        raise DomainError('"item" must be the text of an answer (as the console shows it)')
    d = digest(text)
    row = conn.execute(sa.select(moderation.c.status).where(moderation.c.activity_id == item.id,
                                                            moderation.c.digest == d)).first()
    if row is None and d not in {digest(t) for t in _texts(conn, item.id)}:
        raise NotFound(f"no one gave the answer {text[:40]!r} here")
    status = mod.moderate(row.status if row else mod.SHOWN, action)
    if row is None:
        conn.execute(moderation.insert().values(activity_id=item.id, digest=d, text=text, status=status, created_at=now))
    else:
        conn.execute(moderation.update().where(moderation.c.activity_id == item.id, moderation.c.digest == d)
                     .values(status=status))
    return {"activity": item.id, "item": text, "status": status}


def _texts(conn, activity_id: int) -> list[str]:
    return conn.execute(sa.select(answers.c.text).where(answers.c.activity_id == activity_id,
                                                        answers.c.text.is_not(None))).scalars().all()


# --- what the console shows -----------------------------------------------------------------------

def items_of(conn, item) -> list[dict]:
    """Every item of a moderated kind with its status, oldest first: notes one by one, answers by their text."""
    if item.kind == "board":
        rows = conn.execute(sa.select(notes.c.id, notes.c.column_index, notes.c.text, notes.c.status, notes.c.created_at)
                            .where(notes.c.activity_id == item.id).order_by(notes.c.created_at, notes.c.id)).all()
        return [{"id": i, "column": c, "text": t, "status": s, "since": at, "count": 1} for i, c, t, s, at in rows]
    if item.kind not in ("wordcloud", "text"):
        return []
    decided = {d: (s, at) for d, s, at in conn.execute(sa.select(
        moderation.c.digest, moderation.c.status, moderation.c.created_at).where(moderation.c.activity_id == item.id))}
    rows = conn.execute(sa.select(answers.c.text, answers.c.updated_at).where(
        answers.c.activity_id == item.id, answers.c.text.is_not(None)).order_by(answers.c.updated_at, answers.c.id)).all()
    grouped, spellings = {}, {}
    for text, at in rows:
        d = digest(text)
        entry = grouped.setdefault(d, {"status": decided.get(d, (mod.SHOWN,))[0],
                                       "since": decided[d][1] if d in decided else at, "count": 0})
        entry["count"] += 1
        spellings.setdefault(d, Counter())[text] += 1
    for d, entry in grouped.items():  # shown in its most common spelling, as the word cloud does
        entry["id"] = entry["text"] = min(spellings[d].items(), key=lambda sc: (-sc[1], sc[0]))[0]
    return sorted(grouped.values(), key=lambda e: (e["since"], e["text"]))


def console_view(conn, item) -> dict | None:
    """What the console's moderation panel needs: the queue (oldest first) and every item's status."""
    if item.kind not in mod.MODERATED_KINDS:
        return None
    listed = items_of(conn, item)
    return {"queue": [e["id"] for e in mod.queue(listed)], "items": listed,
            **mod.left_out(s for e in listed for s in [e["status"]] * e["count"])}


def read_moderation(store, code: str, activity_id) -> dict:
    """``console_view`` of one activity in a transaction of its own."""
    with store.transaction() as conn:
        session = load_session(conn, code)
        item = load_activity(conn, session.id, activity_id)
        view = console_view(conn, item)
        if view is None:
            raise DomainError(f"{item.title!r} is a {item.kind}: it has nothing to moderate")
        return view


# --- the record -----------------------------------------------------------------------------------

def record_of(conn, item, answered: list[list[str]]) -> dict:
    """What the record keeps of a word cloud's or open question's moderation: how many of the
    answers were left out of the results (hidden, pending), and the facilitator's decisions by text."""
    rows = conn.execute(sa.select(moderation.c.text, moderation.c.status).where(moderation.c.activity_id == item.id)
                        .order_by(moderation.c.text)).all()
    held = not_shown(conn, item.id)
    statuses = [held.get(digest(t), mod.SHOWN) for texts in answered for t in texts]
    return {**mod.left_out(statuses), "items": [{"text": t, "status": st} for t, st in rows]}


def restore_decisions(conn, activity_id: int, items: list[dict], when: float) -> None:
    """An imported word cloud's or open question's decisions back (by their text)."""
    for entry in items:
        if entry["status"] not in mod.STATUSES:
            raise DomainError("the record has an answer with an unknown status")
        conn.execute(moderation.insert().values(activity_id=activity_id, digest=digest(entry["text"]),
                                                text=entry["text"], status=entry["status"], created_at=when))
