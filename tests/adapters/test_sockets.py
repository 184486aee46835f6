"""Socket.IO handlers through Flask-SocketIO's test client: acks, errors, rooms and coalescing."""
import pytest

from facilitation.web.realtime import socketio

from ..conftest import TOKEN, small_plan


@pytest.fixture
def code(client, auth):
    code = client.post("/api/sessions", json={"plan": small_plan()}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    return code


@pytest.fixture
def connect(app):
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
def flush(app):
    return app.extensions["baraza.broadcaster"].flush


def joined(connect, code, **payload):
    phone = connect()
    ack = phone.emit("join", {"code": code, **payload}, callback=True)
    assert ack["ok"], ack
    return phone, ack


def events(c, name):
    return [e["args"][0] for e in c.get_received() if e["name"] == name]


def test_join_gives_a_token_and_the_current_stage(connect, code):
    _, ack = joined(connect, code.lower(), name="Amina")
    assert len(ack["token"]) > 20 and ack["name"] == "Amina"
    assert ack["state"]["stage"]["title"] == "Opening"
    assert ack["me"] == {"name": "Amina", "groups": {}, "votes": {}, "notes": {}, "answers": {}, "ratings": {}, "points": {}, "orders": {},
                         "surveys": {}, "held": {}, "statuses": {}, "own_notes": {}, "dots": {}, "questions": {},
                         "upvotes": {}, "segment": None}


def test_rejoin_with_token_keeps_identity_and_votes(connect, code):
    phone, ack = joined(connect, code)
    poll = ack["state"]["stage"]["activities"][0]
    assert phone.emit("vote", {"id": "v1", "activity": poll["id"], "choices": [1]}, callback=True)["ok"]
    phone.disconnect()
    _, again = joined(connect, code, token=ack["token"])
    assert again["token"] == ack["token"] and again["me"]["votes"] == {str(poll["id"]): [1]}
    assert again["state"]["participants"] == 1


@pytest.mark.parametrize("event, payload, words", [
    ("join", {"code": "ZZZZZZ"}, "no session"),
    ("join", "not an object", "JSON object"),
    ("join", {"code": "ACDEFG", "extra": 1}, "extra: Extra inputs are not permitted"),
    ("join", {"code": "x" * 13}, "code: String should have at most 12 characters"),
    ("vote", {"id": "v1", "activity": 1, "choices": [0]}, "join the session first"),
    ("note", None, "JSON object"),
    ("console.join", {"code": "ACDEFG"}, "facilitator token required"),
    ("board.join", {"code": 5}, "code: Input should be a valid string"),
])
def test_bad_messages_get_an_error_ack(connect, code, event, payload, words):
    ack = connect().emit(event, payload, callback=True)
    assert ack["ok"] is False and words in ack["error"], ack


@pytest.mark.parametrize("payload, words", [
    ({"choices": [0]}, "id: Field required"),
    ({"id": "v 1", "choices": [0]}, "id: String should match pattern"),
    ({"id": "v1", "choices": "0"}, "choices: Input should be a valid list"),
    ({"id": "v1", "choices": [0.5]}, "choices.0: Input should be a valid integer"),
    ({"id": "v1", "choices": [0, 1]}, "single choice"),
    ({"id": "v1", "choices": list(range(13))}, "at most 12"),
])
def test_bad_votes_are_refused_and_change_nothing(connect, code, client, auth, payload, words):
    phone, ack = joined(connect, code)
    poll = ack["state"]["stage"]["activities"][0]
    reply = phone.emit("vote", {"activity": poll["id"], **payload}, callback=True)
    assert reply["ok"] is False and words in reply["error"], reply
    results = client.get(f"/api/sessions/{code}/activities/{poll['id']}/results", headers=auth).get_json()
    assert results["results"]["voters"] == 0


def test_a_long_note_is_refused_with_the_limit(connect, code):
    phone, ack = joined(connect, code)
    board = ack["state"]["stage"]["activities"][1]
    reply = phone.emit("note", {"id": "n1", "activity": board["id"], "column": 1, "text": "x" * 281}, callback=True)
    assert reply == {"ok": False, "error": "The note is 281 characters long; the limit is 280"}


def test_a_participant_cannot_reach_facilitator_actions(connect, code):
    phone, _ = joined(connect, code)
    assert phone.emit("console.join", {"code": code, "token": "guess"}, callback=True)["ok"] is False
    for event in ("stage", "next", "reveal", "activity"):
        assert phone.emit(event, {"code": code, "action": "next"}, callback=True) is None  # no such handler


def test_the_console_joins_with_the_token(connect, code):
    console = connect()
    assert console.emit("console.join", {"code": code, "token": TOKEN}, callback=True)["ok"]


def test_votes_reach_the_board_coalesced(connect, code, flush):
    board = connect()
    assert board.emit("board.join", {"code": code}, callback=True)["ok"]
    flush()
    board.get_received()
    poll = None
    for i in range(10):
        phone, ack = joined(connect, code)
        poll = ack["state"]["stage"]["activities"][0]
        assert phone.emit("vote", {"id": f"v{i}", "activity": poll["id"], "choices": [i % 3]}, callback=True)["ok"]
    flush()
    snapshots = [e for e in events(board, "results") if e["activity"] == poll["id"]]
    assert len(snapshots) == 1
    assert snapshots[0]["results"]["counts"] == [4, 3, 3]
    flush()
    assert not [e for e in events(board, "results") if e["activity"] == poll["id"]]


def test_hidden_results_reach_only_the_console(connect, code, flush, client, auth):
    board, console = connect(), connect()
    board.emit("board.join", {"code": code}, callback=True)
    console.emit("console.join", {"code": code, "token": TOKEN}, callback=True)
    phone, ack = joined(connect, code)
    hidden = ack["state"]["stage"]["activities"][2]
    flush()
    for c in (board, console, phone):
        c.get_received()
    phone.emit("vote", {"id": "v1", "activity": hidden["id"], "choices": [0, 2]}, callback=True)
    flush()
    assert events(board, "results") == [{"activity": hidden["id"], "visible": False, "responses": 1}]
    assert events(console, "results")[0]["results"]["counts"] == [1, 0, 1]
    assert events(phone, "results") == []
    client.post(f"/api/sessions/{code}/activities/{hidden['id']}", json={"action": "reveal"}, headers=auth)
    flush()
    assert events(board, "results")[0]["results"]["counts"] == [1, 0, 1]
    assert events(phone, "results")[0]["visible"] is True


def test_stage_changes_reach_every_phone_and_the_board(connect, code, client, auth):
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    phones = [joined(connect, code)[0] for _ in range(3)]
    for c in [board, *phones]:
        c.get_received()
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    for c in [board, *phones]:
        states = events(c, "state")
        assert states and states[-1]["stage"]["title"] == "Working groups"


def test_notes_keep_markup_as_text(connect, code, flush):
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    phone, ack = joined(connect, code)
    activity = ack["state"]["stage"]["activities"][1]
    text = '<img src=x onerror="alert(1)">'
    assert phone.emit("note", {"id": "n1", "activity": activity["id"], "text": text}, callback=True)["ok"]
    flush()
    notes = [e for e in events(board, "results") if e["activity"] == activity["id"]][-1]["results"]["notes"]
    assert notes[0]["text"] == text


def test_a_late_phone_gets_revealed_results_in_its_join_ack(connect, code):
    early, ack = joined(connect, code)
    poll, hidden = ack["state"]["stage"]["activities"][0], ack["state"]["stage"]["activities"][2]
    early.emit("vote", {"id": "v1", "activity": poll["id"], "choices": [2]}, callback=True)
    early.emit("vote", {"id": "v2", "activity": hidden["id"], "choices": [0]}, callback=True)
    _, late = joined(connect, code)
    shown = {r["activity"]: r for r in late["results"]}
    assert shown[poll["id"]]["results"]["counts"] == [0, 0, 1]
    assert hidden["id"] not in shown


def test_phones_get_a_boards_note_count_and_fetch_the_notes(connect, code, flush, client, auth):
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    phone, ack = joined(connect, code)
    wall = ack["state"]["stage"]["activities"][1]
    assert phone.emit("note", {"id": "n1", "activity": wall["id"], "text": "Funding cycles"}, callback=True)["ok"]
    flush()
    assert [{k: e[k] for k in ("activity", "visible", "responses", "phase")} for e in events(phone, "results")
            if e["activity"] == wall["id"]] == [{"activity": wall["id"], "visible": True, "responses": 1, "phase": "write"}]
    assert [e for e in events(board, "results") if e["activity"] == wall["id"]][-1]["results"]["count"] == 1
    _, late = joined(connect, code)
    assert {"activity": wall["id"], "visible": True, "responses": 1} in late["results"]

    got = phone.emit("results.get", {"activity": wall["id"]}, callback=True)
    assert got["ok"] and got["responses"] == 1
    assert [n["text"] for n in got["results"]["notes"]] == ["Funding cycles"]
    assert "participant" not in str(got)
    assert phone.emit("results.get", {"activity": wall["id"]}, callback=True) == got  # the same read, shared
    assert phone.emit("note", {"id": "n2", "activity": wall["id"], "text": "Short grants"}, callback=True)["ok"]
    again = phone.emit("results.get", {"activity": wall["id"]}, callback=True)
    assert again["responses"] == 2 and [n["text"] for n in again["results"]["notes"]] == ["Funding cycles", "Short grants"]

    client.post(f"/api/sessions/{code}/activities/{wall['id']}", json={"action": "hide"}, headers=auth)
    assert phone.emit("results.get", {"activity": wall["id"]}, callback=True) == {
        "ok": False, "error": "the facilitator has not revealed these results"}
    assert connect().emit("results.get", {"activity": wall["id"]}, callback=True) == {
        "ok": False, "error": "join the session first"}


def test_watched_sessions_get_their_snapshots_again(app, connect, code, flush):
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    flush()
    first = events(board, "results")
    assert first
    flush()
    assert events(board, "results") == []
    app.extensions["baraza.broadcaster"].resync()
    flush()
    assert sorted(e["activity"] for e in events(board, "results")) == sorted(e["activity"] for e in first)


def test_phones_get_the_takeaways_only_once_the_session_has_ended(connect, code, client, auth):
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    phone, ack = joined(connect, code)
    client.post(f"/api/sessions/{code}/takeaways", json={"text": "Share the budget"}, headers=auth)
    assert events(board, "state")[-1]["takeaways"][0]["text"] == "Share the budget"
    assert events(phone, "state")[-1]["takeaways"] == []
    assert joined(connect, code)[1]["state"]["takeaways"] == []
    client.post(f"/api/sessions/{code}/stage", json={"action": "end"}, headers=auth)
    assert [t["text"] for t in events(phone, "state")[-1]["takeaways"]] == ["Share the budget"]
