"""Every facilitator action, attempted by a participant: refused, nothing changed, nothing broadcast.

The HTTP routes are read from the app itself (every ``/api/`` rule but the OpenAPI document), so a
route added later is covered without editing this file. Each attempt is made without a token, with
the participant's own token in the places a token could go, and, for the Socket.IO side, as events
from a joined phone. After each refused attempt the facilitator's view (state, export, list of
sessions) is the same and a board client received no ``state`` or ``results``; then the same
request with the facilitator's token gets past the check, which shows the attempt was a real one.
"""
import json

import pytest

from ..conftest import TOKEN, small_plan

PUBLIC = {"/healthz", "/api/openapi.json"}


def _api_routes():
    """Every (rule, method) of the API blueprint, read from a bare Flask app it is registered on."""
    from flask import Flask

    from facilitation.web import api

    app = Flask(__name__)
    app.register_blueprint(api.bp)
    return sorted((rule.rule, method) for rule in app.url_map.iter_rules()
                  if rule.rule.startswith("/api/") and rule.rule not in PUBLIC
                  for method in rule.methods - {"HEAD", "OPTIONS"})


ROUTES = _api_routes()
CREDENTIALS = ["none", "participant-bearer", "participant-query", "participant-basic", "empty-bearer"]


BOARD_ROUTES = ("/phase", "/clusters", "/cluster")


def _url(rule: str, made: dict) -> str:
    activity = made["board_id"] if any(part in rule for part in BOARD_ROUTES) else made["hidden"]
    # A groups stage's assignment and caps: stage 1, the small plan's groups stage.
    position = "1" if rule.endswith(("/assignment", "/cap")) else "0"
    return (rule.replace("<code>", made["code"]).replace("<int:activity_id>", str(activity))
            .replace("<int:position>", position).replace("<group>", "g1").replace("<int:takeaway_id>", str(made["takeaway"]))
            .replace("<int:cluster_id>", str(made["cluster"])).replace("<int:note_id>", str(made["note"]))
            .replace("<int:question_id>", str(made["question"])).replace("<int:host_id>", str(made["host"]))
            .replace("<int:rapporteur_id>", str(made["rapporteur"]))
            .replace("<int:promotion_id>", "1"))


def _body(rule: str, method: str, made: dict):
    """A body the facilitator's request would be accepted with."""
    if method in ("GET", "DELETE"):
        return None
    if rule == "/api/sessions":
        return {"plan": small_plan(title="Stuffed")}
    if rule.endswith("/stage"):
        return {"action": "next"}
    if rule.endswith("/promotions"):
        return {"kind": "note", "id": made["note"]}
    if rule.endswith("/move"):
        return {"position": 0}
    if rule.endswith("/report"):
        return {"step": "next"}
    if rule.endswith("/phase"):
        return {"phase": "vote"}
    if "/clusters" in rule:
        return {"name": "Funding" if method == "POST" else "Money"}
    if rule.endswith("/cluster"):
        return {"cluster": made["cluster"]}
    if rule.endswith("/options"):
        return {"moderate": True}
    if rule.endswith("/moderation"):
        return {"action": "hide", "item": 1}
    if rule.endswith("/word-filter"):
        return {"enabled": True}
    if "/activities/" in rule:
        return {"action": "reveal"}
    if "/questions/" in rule:
        return {"action": "highlight"}
    if "/takeaways" in rule:
        return {"text": "Southern partners set the agenda"}
    if rule.endswith("/announcement"):
        return {"text": "Coffee is served"}
    if rule.endswith("/timer"):
        return {"action": "add"}
    if rule.endswith("/hosts"):
        return {"stage": 1, "group": "g1"}
    if rule.endswith("/materials"):
        return {"title": "Slides", "url": "https://example.org/slides"}
    if rule.endswith("/assignment"):
        return {"assignment": "random"}
    if rule.endswith("/cap"):
        return {"cap": 9}
    if rule == "/api/sessions/import":
        return made["record"]
    return {}


@pytest.fixture
def made(client, auth, connect, running):
    """The plenary session with a vote and a note in it, a joined phone, and a board watching."""
    code = running["plenary"]
    phone = connect()
    ack = phone.emit("join", {"code": code, "name": "Achieng"}, callback=True)
    assert phone.emit("vote", {"id": "v1", "activity": running["poll"], "choices": [1]}, callback=True)["ok"]
    note = phone.emit("note", {"id": "n1", "activity": running["board"], "text": "hello", "signed": True},
                      callback=True)["note"]
    cluster = client.post(f"/api/sessions/{code}/activities/{running['board']}/clusters", json={"name": "Trust"},
                          headers=auth).get_json()["results"]["clusters"][0]["id"]
    question = phone.emit("ask", {"id": "q1", "activity": running["qna"], "text": "Who decides?"},
                          callback=True)["question"]
    board = connect()
    assert board.emit("board.join", {"code": code}, callback=True)["ok"]
    takeaway = client.post(f"/api/sessions/{code}/takeaways", json={"text": "Share the budget"},
                           headers=auth).get_json()["takeaways"][0]["id"]
    record = client.get(f"/api/sessions/{code}/export?format=json", headers=auth).get_json()
    host = client.post(f"/api/sessions/{code}/hosts", json={"stage": 1, "group": "g2"},
                       headers=auth).get_json()["host"]["id"]
    rapporteur = client.post(f"/api/sessions/{code}/rapporteurs", headers=auth).get_json()["rapporteur"]["id"]
    return {"host": host, "rapporteur": rapporteur, "code": code, "hidden": running["hidden"], "token": ack["token"], "phone": phone, "board": board,
            "record": record, "takeaway": takeaway, "board_id": running["board"], "note": note, "cluster": cluster,
            "question": question}


@pytest.fixture
def quiet(app, made):
    """``quiet()``: flush the broadcaster and return the state/results the board got since the last call."""
    flush = app.extensions["baraza.broadcaster"].flush

    def received():
        flush()
        return [e for e in made["board"].get_received() if e["name"] in ("state", "results")]

    received()
    return received


def facilitator_view(client, auth, code) -> dict:
    sessions = client.get("/api/sessions", headers=auth).get_json()["sessions"]
    state = client.get(f"/api/sessions/{code}", headers=auth).get_json()
    record = client.get(f"/api/sessions/{code}/export?format=json", headers=auth).get_data(as_text=True)
    hosts = client.get(f"/api/sessions/{code}/hosts", headers=auth).get_json()
    return {"sessions": sessions, "state": state, "record": record, "hosts": hosts}


def _attempt(client, method, url, body, credentials, participant_token):
    headers, query = {}, ""
    if credentials == "participant-bearer":
        headers["Authorization"] = f"Bearer {participant_token}"
    elif credentials == "participant-query":
        query = ("&" if "?" in url else "?") + f"token={participant_token}"
    elif credentials == "participant-basic":
        headers["Authorization"] = f"Basic {participant_token}"
    elif credentials == "empty-bearer":
        headers["Authorization"] = "Bearer "
    return client.open(url + query, method=method, headers=headers,
                       data=None if body is None else json.dumps(body), content_type="application/json")


def test_the_routes_were_found():
    assert ("/api/sessions/<code>/stage", "POST") in ROUTES and ("/api/sessions", "GET") in ROUTES


@pytest.mark.parametrize("rule, method", ROUTES, ids=[f"{m} {r}" for r, m in ROUTES])
def test_a_participant_cannot_use_the_facilitator_api(rule, method, made, client, auth, quiet):
    url, body = _url(rule, made), _body(rule, method, made)
    before = facilitator_view(client, auth, made["code"])
    for credentials in CREDENTIALS:
        refused = _attempt(client, method, url, body, credentials, made["token"])
        assert refused.status_code == 401, (credentials, refused.status_code, refused.get_data(as_text=True)[:200])
        assert refused.get_json() == {"ok": False,
                                      "error": "facilitator token required (Authorization: Bearer <token>)"}
        assert facilitator_view(client, auth, made["code"]) == before, credentials
        assert quiet() == [], credentials
    # The same request from the facilitator gets past the check.
    allowed = client.open(url, method=method, headers=auth, data=None if body is None else json.dumps(body),
                          content_type="application/json")
    assert allowed.status_code not in (401, 403), allowed.get_data(as_text=True)[:300]


def test_the_facilitator_control_does_reach_the_board(made, client, auth, quiet):
    """The no-broadcast check can see a broadcast: a stage move by the facilitator reaches the board."""
    assert client.post(f"/api/sessions/{made['code']}/stage", json={"action": "next"}, headers=auth).status_code == 200
    assert any(e["name"] == "state" for e in quiet())


@pytest.mark.parametrize("event, payload", [
    ("console.join", {"code": "<code>"}),
    ("console.join", {"code": "<code>", "token": "<participant>"}),
    ("console.join", {"code": "<code>", "token": TOKEN[:-1]}),
    ("console.join", {"code": "<code>", "token": TOKEN + " "}),
    ("console.join", {"code": "<code>", "token": ""}),
    ("stage", {"code": "<code>", "action": "next"}),
    ("activity", {"code": "<code>", "activity": "<hidden>", "action": "reveal"}),
    ("reveal", {"code": "<code>", "activity": "<hidden>"}),
    ("close", {"code": "<code>"}),
    ("question", {"code": "<code>", "question": 1, "action": "hide"}),
    ("moderate", {"code": "<code>", "activity": "<hidden>"}),
    ("delete", {"code": "<code>"}),
    ("import", {"record": {}}),
    ("export", {"code": "<code>"}),
    ("moderate", {"code": "<code>", "activity": "<hidden>", "action": "hide", "item": 1}),
    ("moderation", {"code": "<code>", "activity": "<hidden>", "action": "approve", "item": 1}),
    ("options", {"code": "<code>", "activity": "<hidden>", "moderate": True}),
    ("word-filter", {"code": "<code>", "enabled": True}),
])
def test_a_joined_phone_cannot_act_as_the_facilitator(event, payload, made, client, auth, quiet, connect):
    filled = {k: {"<code>": made["code"], "<participant>": made["token"], "<hidden>": made["hidden"]}.get(v, v)
              if isinstance(v, str) else v for k, v in payload.items()}
    before = facilitator_view(client, auth, made["code"])
    ack = made["phone"].emit(event, filled, callback=True)
    if event == "console.join":
        assert ack == {"ok": False, "error": "facilitator token required"}
    else:
        assert ack is None  # no such event: nothing answers, nothing runs
    assert facilitator_view(client, auth, made["code"]) == before
    assert quiet() == []
    # The phone did not end up in the console's room: hidden results never reach it.
    other = connect()
    assert other.emit("join", {"code": made["code"]}, callback=True)["ok"]
    assert other.emit("vote", {"id": "h1", "activity": made["hidden"], "choices": [0]}, callback=True)["ok"]
    shown = quiet()
    assert [e["args"][0] for e in shown if e["name"] == "results"] == [
        {"activity": made["hidden"], "visible": False, "responses": 1}]
    assert not [e for e in made["phone"].get_received() if e["name"] == "results"
                and e["args"][0]["activity"] == made["hidden"]]
