"""The real server (eventlet and gevent) against oversized and malformed frames and requests.

A WebSocket is driven by hand (websocket-client), so nothing between the test and the server
checks sizes or encodings on the server's behalf.
"""
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import websocket

from ..conftest import small_plan
from ..live.server import TOKEN, Server

pytestmark = pytest.mark.live
MAX_MESSAGE_BYTES = 64 * 1024
MAX_CONTENT_LENGTH = 1024 * 1024


@pytest.fixture(scope="module", params=["eventlet", "gevent"])
def server(request, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp(f"hostile-{request.param}"), request.param).start()
    yield s
    s.stop()


@pytest.fixture
def code(server):
    return server.create(small_plan())


class RawSocket:
    """A Socket.IO v5 connection over a bare WebSocket: every frame is written by the test."""

    def __init__(self, server):
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket", timeout=10)
        assert self.ws.recv().startswith("0{")  # Engine.IO open
        self.ws.send("40")
        assert self.ws.recv().startswith("40{")  # Socket.IO connect
        self.acks = 0

    def call(self, event, payload, *extra):
        """Send an event with an ack id (and any ``extra`` arguments); its acknowledgement."""
        self.acks += 1
        self.ws.send(f"42{self.acks}" + json.dumps([event, payload, *extra]))
        while True:  # events the server broadcasts meanwhile (results, presence) are skipped
            frame = self.ws.recv()
            if frame == "2":  # Engine.IO ping
                self.ws.send("3")
            elif frame.startswith(f"43{self.acks}"):
                return json.loads(frame[len(f"43{self.acks}"):])[0]

    def closed_after(self, frame, wait=5.0) -> bool:
        """Send one frame; True when the server then closes the connection (a close packet or frame)
        within ``wait`` seconds. Events that happen to arrive meanwhile are skipped."""
        deadline = time.monotonic() + wait
        try:
            self.ws.send(frame)
            while time.monotonic() < deadline:
                self.ws.settimeout(max(0.1, deadline - time.monotonic()))
                answer = self.ws.recv()
                if answer in ("", "1"):  # WebSocket closed / Engine.IO close packet
                    return True
                if answer == "2":
                    self.ws.send("3")
        except websocket.WebSocketTimeoutException:
            return False
        except (websocket.WebSocketException, ConnectionError, OSError):
            return True
        return False

    def close(self):
        self.ws.close()


def stored(server, code) -> dict:
    """How many participants, votes and notes the session holds, from the facilitator's side."""
    state = server.api("GET", f"/api/sessions/{code}")["state"]
    record = server.api("GET", f"/api/sessions/{code}/export?format=json")
    poll, board = record["stages"][0]["activities"][0], record["stages"][0]["activities"][1]
    return {"participants": state["participants"], "voters": poll["results"]["voters"],
            "notes": len(board["results"]["notes"])}


def joined(server, code):
    phone = RawSocket(server)
    ack = phone.call("join", {"code": code})
    assert ack["ok"], ack
    activities = ack["state"]["stage"]["activities"]
    return phone, activities[0]["id"], activities[1]["id"]


def test_a_message_over_64_kib_closes_the_connection_and_stores_nothing(server, code):
    phone, _, board = joined(server, code)
    # Just under the limit: the transport carries it, the note rule refuses it, the connection stays.
    near = phone.call("note", {"id": "n-near", "activity": board, "text": "x" * (MAX_MESSAGE_BYTES - 200)})
    assert near == {"ok": False, "error": "text: String should have at most 5000 characters"}
    before = stored(server, code)
    frame = "421" + json.dumps(["note", {"id": "n-big", "activity": board, "text": "x" * (MAX_MESSAGE_BYTES + 10)}])
    assert phone.closed_after(frame), "a message over MAX_MESSAGE_BYTES must close the connection"
    assert stored(server, code) == before
    assert requests.get(f"{server.url}/healthz", timeout=5).json()["ok"] is True
    again, _, _ = joined(server, code)  # the server is fine; a new connection joins
    again.close()


def test_a_polling_request_over_64_kib_is_refused(server, code):
    base = f"{server.url}/socket.io/?EIO=4&transport=polling"
    opened = requests.get(base, timeout=5).text
    sid = json.loads(opened[opened.index("{"):])["sid"]
    url = f"{base}&sid={sid}"
    assert requests.post(url, data="40", timeout=5).ok
    assert requests.get(url, timeout=5).text.startswith("40{")
    before = stored(server, code)
    # Like a real client, keep a long poll waiting: the server's close packet goes out on it.
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(requests.get, url, timeout=10)
        time.sleep(0.5)  # the long poll is waiting on the server
        big = "42" + json.dumps(["join", {"code": code, "name": "x" * (MAX_MESSAGE_BYTES + 10)}])
        response = requests.post(url, data=big, timeout=10)
        assert response.status_code == 400, response.status_code
        assert waiting.result().text == "1"  # Engine.IO close
    assert requests.get(url, timeout=5).status_code == 400  # that session is gone
    assert stored(server, code) == before


@pytest.mark.parametrize("frame", [
    '42["vote",{"id":"v1","activity":1' + "0" * 150 + ',"choices":[0]}]',  # a number of 151 digits
    '42["vote",' + "[" * 20000 + "]" * 20000 + "]",  # nesting deeper than the JSON decoder goes
    '42{"vote":{"id":"v1"}}',  # an event that is not a list
    '42[["vote"],{"id":"v1"}]',  # an event name that is not a string
    '42["vote",{]',  # not JSON
    "42[]",  # no event name at all
    "4x",  # no such packet type
], ids=["huge-number", "deep-nesting", "object-event", "list-name", "not-json", "empty", "bad-type"])
def test_a_malformed_frame_closes_the_connection_without_a_traceback(server, code, frame):
    phone, _, _ = joined(server, code)
    before, logged = stored(server, code), len(server.log.read_text())
    assert phone.closed_after(frame)
    assert stored(server, code) == before
    assert requests.get(f"{server.url}/healthz", timeout=5).json()["ok"] is True
    log = server.log.read_text()[logged:]
    assert "closed a connection that sent a malformed message" in log
    assert "Traceback" not in log and "handler error" not in log, log[-2000:]


def test_extra_arguments_get_an_error_ack(server, code):
    phone, poll, _ = joined(server, code)
    answer = phone.call("vote", {"id": "v1", "activity": poll, "choices": [0]}, "more")
    assert answer == {"ok": False, "error": "send one JSON object with the event, nothing more"}
    assert stored(server, code)["voters"] == 0
    phone.close()


def test_a_request_body_over_max_content_length_gets_413_in_json(server):
    before = server.api("GET", "/api/sessions")["sessions"]
    body = json.dumps({"plan": {**small_plan(), "description": "x" * (MAX_CONTENT_LENGTH + 10)}})
    response = requests.post(f"{server.url}/api/sessions", data=body, timeout=10,
                             headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.headers["Content-Type"].startswith("application/json")
    answer = response.json()
    assert answer["ok"] is False and "too large" in answer["error"]
    assert server.api("GET", "/api/sessions")["sessions"] == before
