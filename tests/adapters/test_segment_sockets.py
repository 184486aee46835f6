"""Segments over Socket.IO and HTTP: the `segment` event, the facilitator's by-segment switch, and
what the console, the board and the phones get of results per segment."""
import pytest

from ..conftest import TOKEN
from ..store.test_segments import segment_plan
from .test_sockets import connect, events, flush, joined  # noqa: F401 - fixtures


@pytest.fixture
def code(client, auth):
    code = client.post("/api/sessions", json={"plan": segment_plan()}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    return code


def declare(phone, segment, cid="s1"):
    return phone.emit("segment", {"id": cid, "segment": segment}, callback=True)


def poll_of(ack):
    return next(a for a in ack["state"]["stage"]["activities"] if a["kind"] == "poll")


def test_the_phone_learns_the_segments_declares_one_and_is_told_it_on_rejoin(connect, code):  # noqa: F811
    phone, ack = joined(connect, code)
    assert ack["state"]["segments"] == ["Northern partner", "Southern partner", "Other"]
    assert ack["state"]["hide_segments_below"] == 3 and ack["me"]["segment"] is None
    assert declare(phone, "Southern partner") == {"ok": True, "segment": "Southern partner"}
    assert declare(phone, "Southern partner") == {"ok": True, "segment": "Southern partner", "duplicate": True}
    again = connect().emit("join", {"code": code, "token": ack["token"]}, callback=True)
    assert again["me"]["segment"] == "Southern partner"
    assert declare(phone, None, "s2") == {"ok": True, "segment": None}
    assert phone.emit("me", {}, callback=True)["me"]["segment"] is None


@pytest.mark.parametrize("payload, words", [
    ({"id": "s", "segment": "Martians"}, "not one of this session's segments"),
    ({"id": "s", "segment": ""}, "segment"),
    ({"id": "s", "segment": "x" * 41}, "segment"),
    ({"id": "s", "segment": 3}, "segment"),
    ({"id": "s"}, "segment"),
    ({"segment": "Other"}, "id"),
    ({"id": "s", "segment": "Other", "who": 1}, "who"),
])
def test_a_bad_declaration_is_refused_and_changes_nothing(connect, code, payload, words):  # noqa: F811
    phone, _ = joined(connect, code)
    declare(phone, "Other", "first")
    ack = phone.emit("segment", payload, callback=True)
    assert ack["ok"] is False and words in ack["error"], ack
    assert phone.emit("me", {}, callback=True)["me"]["segment"] == "Other"


def test_a_phone_must_join_before_declaring(connect, code):  # noqa: F811
    ack = declare(connect(), "Other")
    assert ack["ok"] is False and "join" in ack["error"]


def test_the_switch_needs_the_facilitator_and_shows_results_by_segment_to_console_and_board(
        connect, code, client, auth, flush):  # noqa: F811
    console = connect()
    console.emit("console.join", {"code": code, "token": TOKEN}, callback=True)
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    phones = []
    # 3 + 3 + 1 and 3 who say nothing: the one "Other" is hidden, and the 4 outside the shown segments
    # are enough that neither of the others must be hidden as well
    for n, name in enumerate(["Northern partner"] * 3 + ["Southern partner"] * 3 + ["Other"] + [None] * 3):
        phone, ack = joined(connect, code)
        if name:
            declare(phone, name)
        phone.emit("vote", {"id": "v", "activity": poll_of(ack)["id"], "choices": [n % 2]}, callback=True)
        phones.append(phone)
    poll = poll_of(ack)["id"]
    url = f"/api/sessions/{code}/activities/{poll}/options"
    assert client.post(url, json={"by_segment": True}).status_code == 401
    assert client.post(url, json={"by_segment": "yes"}, headers=auth).status_code == 400
    client.post(f"/api/sessions/{code}/activities/{poll}/control", json={"action": "reveal"}, headers=auth)
    for c in (console, board, *phones):
        c.get_received()
    answer = client.post(url, json={"by_segment": True}, headers=auth)
    assert answer.status_code == 200 and answer.get_json()["activity"]["by_segment"] is True
    flush()
    for surface in (console, board):
        got = [e for e in events(surface, "results") if e["activity"] == poll][-1]["results"]["by_segment"]
        assert got["k"] == 3
        assert [s["name"] for s in got["parts"][0]["segments"] if not s["hidden"]] == ["Northern partner",
                                                                                     "Southern partner"]
        assert got["parts"][0]["segments"][2] == {"name": "Other", "hidden": True}
    phone_events = [e for e in events(phones[0], "results") if e["activity"] == poll]
    assert phone_events and all("by_segment" not in (e.get("results") or {}) for e in phone_events)
    assert "by_segment" not in phones[0].emit("results.get", {"activity": poll}, callback=True)
    # a change of segment moves no earlier vote (two snapshots would show it); a vote given again
    # counts in the segment declared now
    declare(phones[6], "Southern partner", "s2")
    flush()
    got = [e for e in events(console, "results") if e["activity"] == poll][-1]["results"]["by_segment"]
    assert [s.get("respondents") for s in got["parts"][0]["segments"]] == [3, 3, None]
    phones[6].emit("vote", {"id": "v2", "activity": poll, "choices": [1]}, callback=True)
    flush()
    got = [e for e in events(console, "results") if e["activity"] == poll][-1]["results"]["by_segment"]
    assert [s.get("respondents") for s in got["parts"][0]["segments"]] == [3, 4, None]
    client.post(url, json={"by_segment": False}, headers=auth)
    flush()
    assert "by_segment" not in [e for e in events(console, "results") if e["activity"] == poll][-1]["results"]
