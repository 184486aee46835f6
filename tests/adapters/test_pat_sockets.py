"""The Power Awareness Tool over HTTP and Socket.IO: the facilitator's `/pat` route (token required,
bad input refused and nothing changed), the phones' `score` event, and what the board receives."""
import pytest

from ..store.test_pat import pat_plan
from .test_sockets import connect, events, flush, joined  # noqa: F401 - fixtures


@pytest.fixture
def code(client, auth):
    code = client.post("/api/sessions", json={"plan": pat_plan()}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    return code


def pat_of(ack):
    return next(a for a in ack["state"]["stage"]["activities"] if a["kind"] == "pat")


def facilitate(client, auth, code, activity, **body):
    return client.post(f"/api/sessions/{code}/activities/{activity}/pat", json=body, headers=auth)


def test_the_facilitator_route_needs_the_token(client, code, connect):  # noqa: F811
    _, ack = joined(connect, code)
    activity = pat_of(ack)["id"]
    reply = client.post(f"/api/sessions/{code}/activities/{activity}/pat",
                        json={"action": "decisions", "decisions": ["Budget"]})
    assert reply.status_code == 401
    assert pat_of(joined(connect, code)[1])["decisions"] == []


def test_phones_score_privately_and_the_board_sees_only_the_spread(client, auth, code, connect, flush):  # noqa: F811
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    a, ack = joined(connect, code)
    b, _ = joined(connect, code)
    activity = pat_of(ack)["id"]
    got = facilitate(client, auth, code, activity, action="decisions",
                     decisions=["Setting advocacy priorities", "Allocating the budget"])
    assert got.status_code == 200 and got.get_json()["results"]["decisions"][1] == "Allocating the budget"
    assert facilitate(client, auth, code, activity, action="phase", phase="scoring").status_code == 200
    state = [e for e in events(a, "state")][-1]
    assert pat_of({"state": state})["phase"] == "scoring" and pat_of({"state": state})["ladder"][4] == "decides"
    assert a.emit("score", {"id": "s1", "activity": activity, "decision": 0, "organisation": 1, "level": 1},
                  callback=True) == {"ok": True, "activity": activity, "decision": 0, "organisation": 1, "level": 1}
    assert b.emit("score", {"id": "s1", "activity": activity, "decision": 0, "organisation": 1, "level": 3},
                  callback=True)["ok"]
    assert b.emit("score", {"id": "s1", "activity": activity, "decision": 0, "organisation": 1, "level": 3},
                  callback=True)["duplicate"] is True
    flush()
    last = [e for e in events(board, "results") if e["activity"] == activity][-1]
    cell = last["results"]["scores"][0][1]
    assert cell["total"] == {"respondents": 2, "result": {"counts": [0, 1, 0, 1, 0], "mean": 2.0}}
    assert last["responses"] == 2


@pytest.mark.parametrize("payload, words", [
    ({"decision": 2, "organisation": 0, "level": 1}, "decision must be a number from 0 to 1"),
    ({"decision": 0, "organisation": 3, "level": 1}, "organisation must be a number from 0 to 2"),
    ({"decision": 0, "organisation": 0, "level": 5}, "from 0 to 4"),
    ({"decision": 0, "organisation": 0, "level": "4"}, "level: Input should be a valid integer"),
    ({"decision": 0, "organisation": 0}, "level: Field required"),
])
def test_bad_scores_are_refused_and_change_nothing(client, auth, code, connect, payload, words):  # noqa: F811
    a, ack = joined(connect, code)
    activity = pat_of(ack)["id"]
    facilitate(client, auth, code, activity, action="decisions", decisions=["Priorities", "Budget"])
    facilitate(client, auth, code, activity, action="phase", phase="scoring")
    reply = a.emit("score", {"id": "s1", "activity": activity, **payload}, callback=True)
    assert reply["ok"] is False and words in reply["error"], reply
    got = client.get(f"/api/sessions/{code}/activities/{activity}/results", headers=auth).get_json()["results"]
    assert got["people"] == 0


def test_bad_facilitator_input_gets_a_clear_error_and_changes_nothing(client, auth, code, connect):  # noqa: F811
    _, ack = joined(connect, code)
    activity = pat_of(ack)["id"]
    facilitate(client, auth, code, activity, action="decisions", decisions=["Priorities", "Budget"])
    facilitate(client, auth, code, activity, action="phase", phase="agreeing")
    before = client.get(f"/api/sessions/{code}/activities/{activity}/results", headers=auth).get_json()
    for body, status, words in [
        ({"action": "assess", "decision": 0, "organisation": 0, "actual": 7}, 400, "from 0 to 4"),
        ({"action": "assess", "decision": 0, "organisation": 0, "actual": 2, "agree": "no"}, 400, "true"),
        ({"action": "add_action", "decision": 0, "organisation": 0, "text": "x", "owner": "Donor"}, 409, "first"),
        ({"action": "decisions", "decisions": ["Other"]}, 409, "decisions phase"),
        ({"action": "phase", "phase": "later"}, 400, "must be one of"),
    ]:
        reply = facilitate(client, auth, code, activity, **body)
        assert reply.status_code == status and words in reply.get_json()["error"], (body, reply.get_json())
    assert client.get(f"/api/sessions/{code}/activities/{activity}/results", headers=auth).get_json() == before
    assert client.post(f"/api/sessions/{code}/activities/{activity}/pat", data="x", headers=auth).status_code == 400
