"""The Socket.IO server's own settings: same origin only, 64 KiB messages, versions past the advisories."""
from importlib.metadata import version

import pytest

from facilitation.web.realtime import socketio

# python-socketio 5.14 and python-engineio 4.13.2 fixed the advisories the issue names.
MINIMUM = {"python-socketio": (5, 14, 0), "python-engineio": (4, 13, 2)}


def _tuple(text: str) -> tuple:
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def test_cross_origin_connections_are_never_allowed_by_configuration(app):
    origins = socketio.server.eio.cors_allowed_origins
    assert origins != "*" and not (isinstance(origins, (list, tuple, set)) and "*" in origins), origins
    # None: Engine.IO accepts only the server's own origin (checked over the wire in tests/live/test_wire.py).
    assert origins is None or origins == []


def test_a_message_is_capped_at_what_the_protocol_needs(app):
    assert socketio.server.eio.max_http_buffer_size == app.config["MAX_MESSAGE_BYTES"] == 64 * 1024


def test_the_cross_origin_handshake_is_refused(client):
    """Same check as the live test, in-process: the polling handshake with a foreign Origin gets 400."""
    handshake = "/socket.io/?EIO=4&transport=polling"
    assert client.get(handshake, headers={"Origin": "http://evil.example"}).status_code == 400
    assert client.get(handshake, headers={"Origin": "null"}).status_code == 400
    assert client.get(handshake, headers={"Origin": "http://localhost"}).status_code == 200  # the test host


@pytest.mark.parametrize("package", sorted(MINIMUM))
def test_installed_versions_are_past_the_advisories(package):
    assert _tuple(version(package)) >= MINIMUM[package], version(package)


@pytest.mark.parametrize("package", sorted(MINIMUM))
def test_requirements_pin_versions_past_the_advisories(package):
    from pathlib import Path

    pins = {}
    for line in (Path(__file__).resolve().parents[2] / "requirements.txt").read_text().splitlines():
        name, sep, pinned = line.split("#")[0].strip().partition("==")
        if sep:
            pins[name.strip().lower()] = pinned.strip()
    assert package in pins, f"{package} is not pinned in requirements.txt"
    assert _tuple(pins[package]) >= MINIMUM[package]
    assert pins[package] == version(package), "the installed version is not the pinned one"
