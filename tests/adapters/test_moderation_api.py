"""Moderation over HTTP and Socket.IO: the routes, their errors, and what the console, board and phones get."""
import pytest

from ..conftest import small_plan


@pytest.fixture
def session(client, auth):
    code = client.post("/api/sessions", json={"plan": small_plan()}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    activities = client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]["stage"]["activities"]
    return {"code": code, **{a["kind"]: a["id"] for a in reversed(activities)}}


def joined(app, code):
    from facilitation.web.realtime import socketio

    phone = socketio.test_client(app)
    assert phone.emit("join", {"code": code}, callback=True)["ok"]
    return phone


def test_the_queue_over_http_and_the_phones_told_without_content(app, client, auth, session):
    code, board = session["code"], session["board"]
    base = f"/api/sessions/{code}/activities/{board}"
    switched = client.post(f"{base}/options", json={"moderate": True}, headers=auth).get_json()
    assert switched["activity"]["moderate"] is True and switched["activity"]["blur"] is False
    author = joined(app, code)
    note = author.emit("note", {"id": "n1", "activity": board, "text": "Wait for me"}, callback=True)
    assert note["status"] == "pending"
    listed = client.get(f"{base}/moderation", headers=auth).get_json()["moderation"]
    assert listed["queue"] == [note["note"]] and listed["items"][0]["text"] == "Wait for me"
    author.get_received()
    done = client.post(f"{base}/moderation", json={"action": "approve", "item": note["note"]}, headers=auth)
    assert done.get_json() == {"ok": True, "activity": board, "item": note["note"], "status": "shown"}
    assert [e["args"][0] for e in author.get_received() if e["name"] == "moderated"] == [{"activity": board}]
    assert author.emit("me", {}, callback=True)["me"]["held"] == {}


def test_the_console_gets_the_moderation_with_the_results_and_the_board_does_not(app, client, auth, session):
    from facilitation.web.realtime import socketio

    code, cloud = session["code"], session["wordcloud"]
    console = socketio.test_client(app)
    assert console.emit("console.join", {"code": code, "token": "test-facilitator-token"}, callback=True)["ok"]
    board = socketio.test_client(app)
    board.emit("board.join", {"code": code}, callback=True)
    phone = joined(app, code)
    phone.emit("answers", {"id": "a1", "activity": cloud, "answers": ["trust"]}, callback=True)
    app.extensions["baraza.broadcaster"].flush()
    to_console = [e["args"][0] for e in console.get_received() if e["name"] == "results" and e["args"][0]["activity"] == cloud]
    to_board = [e["args"][0] for e in board.get_received() if e["name"] == "results" and e["args"][0]["activity"] == cloud]
    assert to_console[-1]["moderation"]["items"][0]["text"] == "trust"
    assert "moderation" not in to_board[-1]


@pytest.mark.parametrize("path, method, body, status, message", [
    ("activities/{board}/moderation", "post", {"action": "delete", "item": 1}, 400, "unknown moderation action"),
    ("activities/{board}/moderation", "post", {"action": "hide", "item": 99999}, 404, "no note"),
    ("activities/{wordcloud}/moderation", "post", {"action": "hide", "item": "never"}, 404, "no one gave"),
    ("activities/{poll}/moderation", "get", None, 400, "nothing to moderate"),
    ("activities/{poll}/options", "post", {"moderate": True}, 400, "no option"),
    ("activities/{board}/options", "post", {}, 400, "send the options"),
    ("activities/{board}/options", "post", {"blur": 1}, 400, "true or false"),
    ("word-filter", "put", {"lists": {"xx": "a"}}, 400, "no word filter"),
    ("word-filter", "put", {"enabled": "on"}, 400, "true or false"),
])
def test_bad_moderation_requests_get_a_clear_error(client, auth, session, path, method, body, status, message):
    url = f"/api/sessions/{session['code']}/" + path.format(**session)
    response = getattr(client, method)(url, json=body, headers=auth)
    assert response.status_code == status and message in response.get_json()["error"]


def test_the_word_filter_over_http(client, auth, session):
    url = f"/api/sessions/{session['code']}/word-filter"
    first = client.get(url, headers=auth).get_json()["word_filter"]
    assert first["enabled"] is False and set(first["lists"]) == {"en", "fr", "es", "pt", "nl"}
    saved = client.put(url, json={"enabled": True, "lists": {"nl": "kut\nverdorie\n"}}, headers=auth).get_json()
    assert saved["word_filter"]["enabled"] is True and saved["word_filter"]["lists"]["nl"] == ["kut", "verdorie"]
    assert saved["word_filter"]["lists"]["en"] == first["lists"]["en"]
