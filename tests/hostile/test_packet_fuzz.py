"""Fuzz below the events: raw Socket.IO packets (text frames) straight into the server's dispatcher.

No client library writes these, but anyone can send them. Whatever the frame, the server raises
nothing, logs no error (a malformed frame is a one-line warning), stores nothing, and either
answers or closes that one connection.
"""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.web.realtime import socketio

SETTINGS = settings(max_examples=400, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
EVENTS = ["join", "board.join", "console.join", "vote", "note", "answers", "rate", "score", "rank", "points", "survey", "group",
          "results.get", "connect", "disconnect", "message",
          "*", "", "stage", "__proto__"]
VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                     lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                     max_leaves=12)


def _json(value) -> str:
    return json.dumps(value)


FRAMES = st.one_of(
    # An event with any name and any number of arguments, maybe with an ack id and a namespace.
    st.builds(lambda ns, ack, name, args: f"2{ns}{ack}" + _json([name, *args]),
              st.sampled_from(["", "/", "/admin,", "/x?y=1,"]), st.sampled_from(["", "1", "99999", "0"]),
              st.sampled_from(EVENTS) | st.text(max_size=10), st.lists(VALUE, max_size=3)),
    # Events that are not a list that starts with a name.
    st.builds(lambda ack, data: f"2{ack}" + _json(data), st.sampled_from(["", "7"]),
              VALUE.filter(lambda v: not (isinstance(v, list) and v and isinstance(v[0], str)))),
    # Numbers longer than the decoder accepts, nesting deeper than it goes, broken JSON.
    st.builds(lambda digits: '21["vote",{"id":"v","activity":' + "9" * digits + ',"choices":[0]}]',
              st.integers(95, 400)),
    st.builds(lambda depth: '21["note",' + "[" * depth + "]" * depth + "]", st.integers(10, 20000)),
    st.builds(lambda cut: '21["note",{"id":"n","activity":2,"text":"abc"}]'[:cut], st.integers(1, 40)),
    # Every other packet type, with anything after it, and binary-event headers with no attachment.
    st.builds(lambda kind, rest: f"{kind}{rest}", st.sampled_from("0134567x9-/"), st.text(max_size=30)),
    st.builds(lambda n: f"5{n}-" + _json(["note", {"_placeholder": True, "num": 0}]), st.integers(0, 10**12)),
    st.text(max_size=60),
)


@pytest.fixture
def hangups(monkeypatch, app):
    """The connections the server closed (the test client has no real transport to close)."""
    closed = []
    monkeypatch.setattr(socketio.server.eio, "disconnect", lambda sid=None: closed.append(sid))
    return closed


def test_raw_frames_never_raise_never_log_errors_and_store_nothing(connect, running, rows, server_errors,
                                                                   hangups, client):
    phone = connect()
    assert phone.emit("join", {"code": running["plenary"]}, callback=True)["ok"]
    before = rows()

    @SETTINGS
    @given(frame=FRAMES)
    def run(frame):
        target = connect()
        socketio.server._handle_eio_message(target.eio_sid, frame)
        assert not server_errors, [r.getMessage() for r in server_errors]
        assert rows() == before

    run()
    assert hangups, "no malformed frame closed its connection"
    assert client.get("/healthz").get_json()["ok"] is True
    # The joined phone was never disturbed.
    ack = phone.emit("vote", {"id": "after-fuzz", "activity": running["poll"], "choices": [1]}, callback=True)
    assert ack["ok"], ack
