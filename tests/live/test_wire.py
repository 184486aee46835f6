"""The real server over WebSocket, under eventlet and under gevent."""
import threading
import time

import pytest
import requests
import socketio

from ..conftest import small_plan
from ..services import postgres_schema

pytestmark = pytest.mark.live


def join(server, code, **payload):
    phone = server.client()
    ack = phone.call("join", {"code": code, **payload}, timeout=10)
    assert ack["ok"], ack
    return phone, ack


class Board:
    """A board client that remembers every snapshot it gets."""

    def __init__(self, server, code):
        self.snapshots, self.arrived = [], threading.Event()
        self.client = server.client()
        self.client.on("results", self._on_results)
        assert self.client.call("board.join", {"code": code}, timeout=10)["ok"]

    def _on_results(self, data):
        self.snapshots.append(data)
        self.arrived.set()

    def latest(self, activity_id):
        return [s for s in self.snapshots if s["activity"] == activity_id][-1]

    def wait_for(self, activity_id, predicate, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            mine = [s for s in self.snapshots if s["activity"] == activity_id]
            if mine and predicate(mine[-1]):
                return mine[-1]
            self.arrived.wait(0.2)
            self.arrived.clear()
        raise AssertionError(f"board never showed it; last: {self.snapshots[-1:]}")


def test_votes_and_notes_stream_to_the_board(start_server, async_mode):
    server = start_server(async_mode)
    code = server.create(small_plan())
    board = Board(server, code)
    phones = [join(server, code)[0] for _ in range(12)]
    state = phones[0].call("join", {"code": code}, timeout=10)["state"]
    poll, notes = state["stage"]["activities"][0], state["stage"]["activities"][1]
    for i, phone in enumerate(phones):
        assert phone.call("vote", {"id": f"v{i}", "activity": poll["id"], "choices": [i % 3]}, timeout=10)["ok"]
    assert phones[0].call("note", {"id": "n1", "activity": notes["id"], "column": 1,
                                   "text": "<b>Shared budgets</b>"}, timeout=10)["ok"]
    shown = board.wait_for(poll["id"], lambda s: s["responses"] == 12)
    assert shown["results"]["counts"] == [4, 4, 4]
    note = board.wait_for(notes["id"], lambda s: s["responses"] == 1)["results"]["notes"][0]
    assert (note["text"], note["column"]) == ("<b>Shared budgets</b>", 1)
    per_poll = [s for s in board.snapshots if s["activity"] == poll["id"]]
    assert len(per_poll) < 12, "board updates must be coalesced, not one per vote"
    for c in [board.client, *phones]:
        c.disconnect()


def test_phones_and_board_follow_the_stage(start_server, async_mode):
    server = start_server(async_mode)
    code = server.create(small_plan())
    seen = []
    phone, _ = join(server, code)
    phone.on("state", seen.append)
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen and seen[-1]["stage"]["title"] == "Working groups"
    phone.disconnect()


def test_a_connection_from_another_origin_is_refused(start_server, async_mode):
    server = start_server(async_mode)
    handshake = f"{server.url}/socket.io/?EIO=4&transport=polling"
    assert requests.get(handshake, headers={"Origin": "http://evil.example"}, timeout=5).status_code == 400
    assert requests.get(handshake, headers={"Origin": server.url}, timeout=5).status_code == 200
    with pytest.raises((socketio.exceptions.ConnectionError, ValueError)):
        server.client(Origin="http://evil.example")
    server.client().disconnect()  # the browser-like default: same origin


def test_votes_acknowledged_before_kill_9_survive_the_restart(start_server, tmp_path, async_mode):
    server = start_server(async_mode)
    code = server.create(small_plan())
    acked, tokens = [], []
    for i in range(20):
        phone, ack = join(server, code)
        tokens.append(ack["token"])
        poll = ack["state"]["stage"]["activities"][0]
        reply = phone.call("vote", {"id": f"vote-{i}", "activity": poll["id"], "choices": [i % 3]}, timeout=10)
        assert reply["ok"]
        acked.append(i % 3)
        phone.disconnect()
    server.kill()
    server.start()
    record = server.api("GET", f"/api/sessions/{code}/export?format=json")
    counts = record["stages"][0]["activities"][0]["results"]["counts"]
    assert counts == [acked.count(0), acked.count(1), acked.count(2)]
    # The same phone comes back with its kept token and resends its last action: nothing is counted twice.
    phone, ack = join(server, code, token=tokens[0])
    assert ack["me"]["votes"] == {str(poll["id"]): [0]}
    again = phone.call("vote", {"id": "vote-0", "activity": poll["id"], "choices": [0]}, timeout=10)
    assert again["duplicate"] is True
    assert server.api("GET", f"/api/sessions/{code}")["state"]["participants"] == 20
    phone.disconnect()


@pytest.mark.postgres
def test_the_server_runs_the_same_on_postgresql(start_server):
    with postgres_schema() as url:
        server = start_server("eventlet", database_url=url)
        code = server.create(small_plan())
        board = Board(server, code)
        phone, ack = join(server, code)
        poll = ack["state"]["stage"]["activities"][0]
        assert phone.call("vote", {"id": "v1", "activity": poll["id"], "choices": [2]}, timeout=10)["ok"]
        assert board.wait_for(poll["id"], lambda s: s["responses"] == 1)["results"]["counts"] == [0, 0, 1]
        phone.disconnect()
        board.client.disconnect()
        server.stop()
