"""Rate limits: the token bucket on its own, then wired into the Socket.IO handlers with low limits."""
import pytest

from facilitation.web.limits import Limits, RateLimit, TooMany, client_address, trusted_proxies
from facilitation.web.realtime import socketio

from ..conftest import TOKEN, small_plan


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


# --------------------------------------------------------------------- the bucket


def test_a_burst_then_the_rate():
    clock = Clock()
    limit = RateLimit(60, burst=3, clock=clock)  # one a second after a burst of three
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    clock.now += 0.5
    assert not limit.allow("a")
    clock.now += 0.5
    assert limit.allow("a") and not limit.allow("a")
    clock.now += 10
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False], "refills up to the burst, no more"


def test_a_refused_event_takes_nothing_and_keys_are_separate():
    clock = Clock()
    limit = RateLimit(60, burst=1, clock=clock)
    assert limit.allow("a")
    for _ in range(50):
        assert not limit.allow("a")  # hammering does not push the wait further out
    assert limit.allow("b")
    clock.now += 1.0
    assert limit.allow("a")


def test_the_burst_defaults_to_the_rate_and_wait_says_how_long():
    clock = Clock()
    limit = RateLimit(120, clock=clock)
    assert sum(limit.allow("k") for _ in range(200)) == 120
    assert limit.wait("k") == pytest.approx(0.5)
    assert limit.wait("other") == 0


def test_full_buckets_are_forgotten_so_memory_stays_bounded():
    clock = Clock()
    limit = RateLimit(60, burst=2, clock=clock, prune_every=10)
    for i in range(9):
        limit.allow(f"phone-{i}")
    assert len(limit) == 9
    clock.now += 5  # every bucket has refilled
    limit.allow("new")  # the tenth call prunes
    assert len(limit) == 1
    limit.forget("new")
    assert len(limit) == 0


@pytest.mark.parametrize("rate, burst", [(0, None), (-5, None), (10, 0.5)])
def test_nonsense_limits_are_refused(rate, burst):
    with pytest.raises(ValueError):
        RateLimit(rate, burst)


def test_limits_raise_readable_errors_that_never_mention_the_token():
    limits = Limits(1, 1, 1, 1, clock=Clock())
    limits.new_participant("192.0.2.1")
    limits.event(("participant", 1))
    for call in (lambda: limits.new_participant("192.0.2.1"), lambda: limits.event(("participant", 1))):
        with pytest.raises(TooMany) as refused:
            call()
        message = str(refused.value)
        assert message.startswith("Too many") and message.endswith("— wait a moment and try again")
        # The phone drops its kept identity when a join error mentions a token (static/js/phone.js).
        assert "token" not in message.lower()


@pytest.mark.parametrize("remote, forwarded, proxies, expected", [
    ("192.0.2.1", None, "", "192.0.2.1"),
    ("192.0.2.1", "203.0.113.9", "", "192.0.2.1"),  # no trusted proxy: the header is ignored
    ("127.0.0.1", "203.0.113.9", "127.0.0.1", "203.0.113.9"),
    ("127.0.0.1", "6.6.6.6, 203.0.113.9", "127.0.0.1", "203.0.113.9"),  # the client wrote 6.6.6.6
    ("127.0.0.1", " , ", "127.0.0.1", "127.0.0.1"),
    ("10.0.0.5", "203.0.113.9", "127.0.0.1, ::1", "10.0.0.5"),  # not from the proxy: the header is ignored
    ("::1", "2001:db8::7", "127.0.0.1, ::1", "2001:db8::7"),
    (None, None, "", "unknown"),
])
def test_the_client_address(remote, forwarded, proxies, expected):
    assert client_address(remote, forwarded, trusted_proxies(proxies)) == expected


def test_trusted_proxies_setting():
    assert trusted_proxies(None) == frozenset()
    assert trusted_proxies("10.0.0.1, 10.0.0.2,") == {"10.0.0.1", "10.0.0.2"}
    assert trusted_proxies(["::1"]) == {"::1"}


def test_limits_come_from_the_environment(monkeypatch, tmp_path):
    from facilitation.factory import _default_config

    monkeypatch.setenv("JOIN_RATE_LIMIT", "5000")
    monkeypatch.setenv("EVENT_RATE_LIMIT", "250")
    monkeypatch.setenv("TRUSTED_PROXY", "127.0.0.1")
    config = _default_config(tmp_path)
    assert (config["JOIN_RATE_LIMIT"], config["EVENT_RATE_LIMIT"], config["TRUSTED_PROXY"]) == (5000, 250, "127.0.0.1")
    monkeypatch.delenv("JOIN_RATE_LIMIT")
    monkeypatch.delenv("EVENT_RATE_LIMIT")
    config = _default_config(tmp_path)
    assert (config["JOIN_RATE_LIMIT"], config["JOIN_RATE_BURST"]) == (600, 2000)
    assert (config["EVENT_RATE_LIMIT"], config["EVENT_RATE_BURST"]) == (100, 100)
    monkeypatch.setenv("EVENT_RATE_LIMIT", "0")
    with pytest.raises(ValueError):
        _default_config(tmp_path)


# --------------------------------------------------------------------- wired into the handlers


@pytest.fixture
def limited(app, client, auth):
    """The app with low limits on a fake clock: 3 new participants per address, 5 events per participant."""
    clock = Clock()
    app.extensions["baraza.limits"] = Limits(3, 3, 5, 5, clock=clock)
    app.extensions["baraza.trusted_proxies"] = frozenset({"127.0.0.1"})
    code = client.post("/api/sessions", json={"plan": small_plan()}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    return {"app": app, "clock": clock, "code": code}


@pytest.fixture
def phone_from(app, connect):
    """A Socket.IO test client whose connection comes from ``remote`` (and maybe via a proxy)."""

    def make(remote="192.0.2.50", forwarded=None):
        http = app.test_client()
        http.environ_base["REMOTE_ADDR"] = remote
        return connect(flask_test_client=http, headers={"X-Forwarded-For": forwarded} if forwarded else None)

    return make


def participants(client, auth, code):
    return client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]["participants"]


def test_new_participants_per_address_are_capped_but_rejoining_is_not(limited, phone_from, client, auth):
    code = limited["code"]
    tokens = []
    for _ in range(3):
        ack = phone_from().emit("join", {"code": code}, callback=True)
        assert ack["ok"], ack
        tokens.append(ack["token"])
    refused = phone_from().emit("join", {"code": code}, callback=True)
    assert refused == {"ok": False, "error": "Too many people joined from this network just now — "
                                             "wait a moment and try again"}
    # A new identity with a token the phone made up is a new participant too.
    assert phone_from().emit("join", {"code": code, "token": "m" * 32}, callback=True)["ok"] is False
    assert participants(client, auth, code) == 3
    # A phone coming back with its kept token (Wi-Fi dropped, the screen slept) always gets in.
    for token in tokens:
        back = phone_from().emit("join", {"code": code, "token": token}, callback=True)
        assert back["ok"] and back["token"] == token
    # Another address has its own allowance; a minute later this one has its allowance again.
    assert phone_from("198.51.100.20").emit("join", {"code": code}, callback=True)["ok"]
    limited["clock"].now += 20  # a third of a minute: one more
    assert phone_from().emit("join", {"code": code}, callback=True)["ok"]
    assert phone_from().emit("join", {"code": code}, callback=True)["ok"] is False
    assert participants(client, auth, code) == 5


def test_behind_a_trusted_proxy_the_forwarded_address_counts(limited, phone_from):
    code = limited["code"]
    for _ in range(3):
        assert phone_from("127.0.0.1", forwarded="203.0.113.1").emit("join", {"code": code}, callback=True)["ok"]
    assert phone_from("127.0.0.1", forwarded="203.0.113.1").emit("join", {"code": code}, callback=True)["ok"] is False
    # A client cannot pick its own address by writing the header: only the hop the proxy appended counts.
    spoofed = phone_from("127.0.0.1", forwarded="10.9.9.9, 203.0.113.1")
    assert spoofed.emit("join", {"code": code}, callback=True)["ok"] is False
    assert phone_from("127.0.0.1", forwarded="203.0.113.2").emit("join", {"code": code}, callback=True)["ok"]
    # Not from the trusted proxy: the header is ignored, the connection's own address counts.
    for _ in range(3):
        assert phone_from("192.0.2.99", forwarded="203.0.113.77").emit("join", {"code": code}, callback=True)["ok"]
    assert phone_from("192.0.2.99", forwarded="203.0.113.78").emit("join", {"code": code}, callback=True)["ok"] is False


def test_events_per_participant_are_capped_and_a_refusal_changes_nothing(limited, phone_from, client, auth, rows):
    code = limited["code"]
    phone = phone_from()
    ack = phone.emit("join", {"code": code}, callback=True)
    poll = ack["state"]["stage"]["activities"][0]["id"]
    board = ack["state"]["stage"]["activities"][1]["id"]
    for i in range(4):  # with the join, this connection's five
        assert phone.emit("vote", {"id": f"v{i}", "activity": poll, "choices": [i % 3]}, callback=True)["ok"]
    before = rows()
    for event, payload in (("vote", {"id": "v9", "activity": poll, "choices": [2]}),
                           ("note", {"id": "n9", "activity": board, "text": "one too many"}),
                           ("group", {"id": "g9", "group": "g1"})):
        refused = phone.emit(event, payload, callback=True)
        assert refused == {"ok": False, "error": "Too many messages from this phone — wait a moment and try again"}
    assert rows() == before
    results = client.get(f"/api/sessions/{code}/activities/{poll}/results", headers=auth).get_json()["results"]
    assert results["counts"] == [1, 0, 0]  # the last accepted vote (choice 0), not the refused one
    # A new connection with the same token has a fresh connection allowance but shares the
    # participant's: the rejoin is its fifth event, then it is refused.
    twin = phone_from()
    assert twin.emit("join", {"code": code, "token": ack["token"]}, callback=True)["ok"]
    refused = twin.emit("note", {"id": "n10", "activity": board, "text": "from the twin"}, callback=True)
    assert refused["error"].startswith("Too many messages")
    assert rows() == before
    # Another participant has its own allowance; a few seconds later this one may go on.
    other = phone_from("198.51.100.30")
    assert other.emit("join", {"code": code}, callback=True)["ok"]
    assert other.emit("vote", {"id": "o1", "activity": poll, "choices": [1]}, callback=True)["ok"]
    limited["clock"].now += 12  # 5 a minute: one every 12 s
    assert twin.emit("note", {"id": "n10", "activity": board, "text": "from the twin"}, callback=True)["ok"]
    assert twin.emit("note", {"id": "n11", "activity": board, "text": "and again"}, callback=True)["ok"] is False


def test_every_event_of_a_connection_counts_before_it_joins(limited, phone_from, app):
    board = phone_from()
    for _ in range(5):
        assert board.emit("board.join", {"code": limited["code"]}, callback=True)["ok"]
    assert board.emit("board.join", {"code": limited["code"]}, callback=True)["ok"] is False
    assert board.emit("console.join", {"code": limited["code"], "token": TOKEN}, callback=True)["ok"] is False
    assert board.emit("join", "garbage", callback=True)["error"].startswith("Too many")
    sid = socketio.server.manager.sid_from_eio_sid(board.eio_sid, "/")
    assert ("connection", sid) in app.extensions["baraza.limits"].events._buckets
    board.disconnect()
    assert ("connection", sid) not in app.extensions["baraza.limits"].events._buckets
    assert phone_from().emit("board.join", {"code": limited["code"]}, callback=True)["ok"]


def test_the_address_is_never_stored(limited, phone_from, app, client, auth, tmp_path):
    code = limited["code"]
    phone = phone_from("203.0.113.123")
    assert phone.emit("join", {"code": code, "name": "Wanjiru"}, callback=True)["ok"]
    client.get(f"/api/sessions/{code}/export?format=json", headers=auth)
    app.extensions["baraza.store"].dispose()
    kept = b"".join(path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())
    assert b"Wanjiru" in kept  # the database and its journal are among the files read
    assert b"203.0.113.123" not in kept
