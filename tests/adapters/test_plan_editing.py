"""Editing a running plan over HTTP, and the console's live participant counts over Socket.IO."""
import pytest

from ..conftest import TOKEN
from .test_sockets import code, connect  # noqa: F401 - the same fixtures: a running session, socket clients

POLL = {"kind": "poll", "title": "Added poll", "options": ["Yes", "No"]}


def plan_of(client, auth, code):
    answer = client.get(f"/api/sessions/{code}/plan", headers=auth)
    assert answer.status_code == 200
    return answer.get_json()["plan"]


def later_id(client, auth, code):
    return plan_of(client, auth, code)["stages"][2]["activities"][0]["id"]


def edits(code, activity_id):
    """Every plan-editing route, with a body that the facilitator's token would get through."""
    base = f"/api/sessions/{code}/plan"
    return [
        ("post", f"{base}/stages", {"stage": {"kind": "plenary", "title": "Extra", "minutes": 5}}),
        ("post", f"{base}/stages/2/move", {"to": 1}),
        ("delete", f"{base}/stages/2", None),
        ("post", f"{base}/stages/2/activities", {"activity": POLL}),
        ("put", f"{base}/activities/{activity_id}", {"activity": POLL}),
        ("post", f"{base}/activities/{activity_id}/move", {"to": 1}),
        ("delete", f"{base}/activities/{activity_id}", None),
        ("put", f"{base}/stages/1/assignment", {"assignment": "random"}),
        ("put", f"{base}/stages/1/groups/g1/cap", {"cap": 5}),
    ]


@pytest.mark.parametrize("n", range(9))
@pytest.mark.parametrize("header", [None, "Bearer wrong", "Bearer "])
def test_every_edit_needs_the_token_and_a_refused_one_changes_nothing(client, auth, code, n, header):
    client.post(f"/api/sessions/{code}/plan/stages/2/activities", json={"activity": POLL}, headers=auth)
    before = plan_of(client, auth, code)
    method, path, body = edits(code, later_id(client, auth, code))[n]
    headers = {"Authorization": header} if header else {}
    refused = getattr(client, method)(path, json=body, headers=headers)
    assert refused.status_code == 401
    assert plan_of(client, auth, code) == before
    allowed = getattr(client, method)(path, json=body, headers=auth)
    assert allowed.status_code in (200, 201), allowed.get_json()
    assert allowed.get_json()["plan"] != before


def test_reading_the_plan_needs_the_token(client, code):
    assert client.get(f"/api/sessions/{code}/plan").status_code == 401


@pytest.mark.parametrize("method, path, body, status, words", [
    ("post", "stages/2/activities", {"activity": {"kind": "poll", "title": "x", "options": ["one"]}}, 400,
     "activity: options"),
    ("post", "stages/2/activities", {"activity": {**POLL, "title": "x" * 201}}, 400, "activity: title"),
    ("post", "stages/2/activities", {}, 400, "activity: must be an object"),
    ("post", "stages/2/activities", {"activity": POLL, "position": "first"}, 400, "position must be a whole number"),
    ("post", "stages/1/activities", {"activity": POLL, "group": "g7"}, 404, "no working group"),
    ("post", "stages/1/activities", {"activity": POLL}, 400, "say which group"),
    ("post", "stages/9/activities", {"activity": POLL}, 404, "no stage"),
    ("post", "stages", {"stage": {"kind": "groups", "title": "G", "minutes": 5}}, 400, "at least 2 groups"),
    ("post", "stages", {"stage": {"kind": "plenary", "title": "P", "minutes": 5}, "position": 9}, 400,
     "position must be from 0 to 3"),
    ("post", "stages/0/move", {"to": 2}, 409, "has been on"),
    ("post", "stages/2/move", {"to": 0}, 409, "only after it"),
    ("post", "stages", {"stage": {"kind": "plenary", "title": "P", "minutes": 5}, "position": 0}, 409, "has been on"),
    ("post", "stages/2/move", {"to": -1}, 400, "new position"),
    ("delete", "stages/0", None, 409, "has been on"),
    ("post", "stages/2/activities", "not json", 400, "JSON object"),
    ("put", "stages/1/assignment", {"assignment": "balanced"}, 400, "needs the session's segments"),
    ("put", "stages/1/assignment", {}, 400, "use one of choose, random, balanced"),
    ("put", "stages/1/assignment", {"assignment": ["random"]}, 400, "use one of choose, random, balanced"),
    ("put", "stages/0/assignment", {"assignment": "random"}, 400, "has no working groups"),
    ("put", "stages/9/assignment", {"assignment": "random"}, 404, "no stage 9"),
    ("put", "stages/1/groups/g1/cap", {}, 400, 'send "cap"'),
    ("put", "stages/1/groups/g1/cap", {"cap": 0}, 400, "from 1 to 500"),
    ("put", "stages/1/groups/g1/cap", {"cap": "12"}, 400, "from 1 to 500"),
    ("put", "stages/1/groups/g1/cap", {"cap": 12.5}, 400, "from 1 to 500"),
    ("put", "stages/1/groups/g9/cap", {"cap": 5}, 404, "no working group"),
    ("put", "stages/2/groups/g1/cap", {"cap": 5}, 400, "has no working groups"),
    ("put", "stages/1/groups/g1/cap", "not json", 400, "JSON object"),
])
def test_bad_input_gets_a_clear_error_and_changes_nothing(client, auth, code, method, path, body, status, words):
    before = plan_of(client, auth, code)
    answer = getattr(client, method)(f"/api/sessions/{code}/plan/{path}", json=body, headers=auth)
    assert answer.status_code == status and words in answer.get_json()["error"], answer.get_json()
    assert plan_of(client, auth, code) == before


def test_an_activity_with_answers_is_not_removed(client, auth, code, connect):
    poll = plan_of(client, auth, code)["stages"][0]["activities"][0]
    phone = connect()
    phone.emit("join", {"code": code}, callback=True)
    assert phone.emit("vote", {"id": "v1", "activity": poll["id"], "choices": [0]}, callback=True)["ok"]
    answer = client.delete(f"/api/sessions/{code}/plan/activities/{poll['id']}", headers=auth)
    assert answer.status_code == 409 and "has 1 answer" in answer.get_json()["error"]
    assert client.get(f"/api/sessions/{code}/activities/{poll['id']}/results",
                      headers=auth).get_json()["results"]["voters"] == 1


def test_phones_and_the_board_get_the_new_plan_at_once(client, auth, code, connect):
    phone, board = connect(), connect()
    phone.emit("join", {"code": code}, callback=True)
    board.emit("board.join", {"code": code}, callback=True)
    phone.get_received(), board.get_received()
    answer = client.post(f"/api/sessions/{code}/plan/stages/0/activities", json={"activity": POLL}, headers=auth)
    assert answer.status_code == 201
    added = answer.get_json()["activity"]
    for surface in (phone, board):
        states = [e["args"][0] for e in surface.get_received() if e["name"] == "state"]
        assert states and states[-1]["stage"]["activities"][-1]["id"] == added["id"]
    added = client.post(f"/api/sessions/{code}/plan/stages", json={"stage": {
        "kind": "plenary", "title": "Break", "minutes": 5}, "position": 1}, headers=auth).get_json()
    assert [s["title"] for s in added["state"]["agenda"]] == ["Opening", "Break", "Working groups", "Report-back"]
    states = [e["args"][0] for e in phone.get_received() if e["name"] == "state"]
    assert states[-1]["agenda"][1]["title"] == "Break"


def test_the_console_gets_coalesced_counts(app, client, auth, code, connect):
    console = connect()
    assert console.emit("console.join", {"code": code, "token": TOKEN}, callback=True)["ok"]
    poll = plan_of(client, auth, code)["stages"][0]["activities"][0]
    phones = [connect() for _ in range(3)]
    for n, phone in enumerate(phones):
        phone.emit("join", {"code": code}, callback=True)
        for v in range(3):
            assert phone.emit("vote", {"id": f"v{v}", "activity": poll["id"], "choices": [v]}, callback=True)["ok"]
    console.get_received()
    flush = app.extensions["baraza.broadcaster"].flush
    flush(phones=False)
    assert not [e for e in console.get_received() if e["name"] == "counts"]  # not on the fast cadence
    flush()
    counts = [e["args"][0] for e in console.get_received() if e["name"] == "counts"]
    assert len(counts) == 1  # nine votes, one update
    assert counts[0]["activities"][str(poll["id"])] == 3
    assert counts[0]["stages"]["0"]["connected"] == 3 and counts[0]["stages"]["0"]["took_part"] == 3
    phones[0].disconnect()
    flush()
    counts = [e["args"][0] for e in console.get_received() if e["name"] == "counts"]
    assert counts[-1]["stages"]["0"]["connected"] == 2
    for surface in phones[1:]:
        assert not [e for e in surface.get_received() if e["name"] == "counts"]  # the console's alone
