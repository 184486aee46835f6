"""Shared fixtures for the hostile-input tests: a running session, socket clients, row counts, error logs."""
import logging

import pytest
import sqlalchemy as sa

from facilitation.store import schema
from facilitation.web.realtime import socketio

from ..conftest import TOKEN, small_plan
from ..store.test_survey import SURVEY

# What a participant's traffic may add to; everything else only the facilitator changes.
PARTICIPANT_TABLES = ("participants", "votes", "notes", "answers", "questions", "upvotes", "actions", "memberships")
FACILITATOR_TABLES = ("sessions", "stages", "groups", "activities")


@pytest.fixture
def connect(app):
    """Make Socket.IO test clients; disconnect them afterwards."""
    clients = []

    def make(**kw):
        c = socketio.test_client(app, **kw)
        clients.append(c)
        return c

    yield make
    for c in clients:
        if c.is_connected():
            c.disconnect()


@pytest.fixture
def running(app, client, auth):
    """Two sessions of the small plan and a survey: one in its plenary (polls, board, … Q&A, survey), one in its groups stage."""
    made = {}
    plan = small_plan()
    plan["stages"][0]["activities"].append(SURVEY)
    for key, moves in (("plenary", 1), ("groups", 2)):
        code = client.post("/api/sessions", json={"plan": plan}, headers=auth).get_json()["code"]
        for _ in range(moves):
            client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
        made[key] = code
    state = client.get(f"/api/sessions/{made['plenary']}", headers=auth).get_json()["state"]
    poll, board, hidden, cloud, scale, text, ranking, points, qna, survey = state["stage"]["activities"]
    made.update(poll=poll["id"], board=board["id"], hidden=hidden["id"], cloud=cloud["id"], scale=scale["id"],
                text=text["id"], ranking=ranking["id"], points=points["id"], qna=qna["id"], survey=survey["id"])
    groups_state = client.get(f"/api/sessions/{made['groups']}", headers=auth).get_json()["state"]
    made["group_boards"] = [a["id"] for a in groups_state["stage"]["activities"]]
    store = app.extensions["baraza.store"]
    with store.transaction() as conn:  # the groups session's report-back poll: not open yet
        made["later"] = conn.execute(
            sa.select(sa.func.max(schema.activities.c.id)).join(schema.sessions)
            .where(schema.sessions.c.code == made["groups"])).scalar()
    return made


@pytest.fixture
def rows(app):
    """``rows()``: the number of rows in each table a participant or facilitator could change."""
    store = app.extensions["baraza.store"]

    def count() -> dict:
        with store.transaction() as conn:
            return {name: conn.execute(sa.select(sa.func.count()).select_from(schema.metadata.tables[name])).scalar()
                    for name in PARTICIPANT_TABLES + FACILITATOR_TABLES}

    return count


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def server_errors():
    """Every record at ERROR or above from the Socket.IO handlers (``handler %s failed``) and the app."""
    handler = _Collect()
    loggers = [logging.getLogger(name) for name in ("facilitation", "facilitation.web.realtime", "socketio",
                                                     "engineio", "flask_socketio")]
    for log in loggers:
        log.addHandler(handler)
    yield handler.records
    for log in loggers:
        log.removeHandler(handler)


def facilitator_header():
    return {"Authorization": f"Bearer {TOKEN}"}
