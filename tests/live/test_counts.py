"""The console's participant counts on the real server, with several phones: connected now, took
part, answered, per group; coalesced into a few updates however many answers arrive."""
import threading
import time

import pytest

from ..conftest import small_plan
from .server import TOKEN
from .test_wire import join

pytestmark = pytest.mark.live

PHONES = 12


class Console:
    """A console client that keeps every ``counts`` event it gets."""

    def __init__(self, server, code):
        self.counts, self.arrived = [], threading.Event()
        self.client = server.client()
        self.client.on("counts", self._on_counts)
        assert self.client.call("console.join", {"code": code, "token": TOKEN}, timeout=10)["ok"]

    def _on_counts(self, data):
        self.counts.append(data)
        self.arrived.set()

    def wait_for(self, predicate, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.counts and predicate(self.counts[-1]):
                return self.counts[-1]
            self.arrived.clear()
            self.arrived.wait(0.2)
        raise AssertionError(f"the counts never got there; the last: {self.counts[-1:]}")


def test_the_console_counts_the_phones(start_server, async_mode):
    server = start_server(async_mode)
    code = server.create(small_plan())
    console = Console(server, code)
    phones, acks = zip(*[join(server, code) for _ in range(PHONES)])
    poll, board = [a["id"] for a in acks[0]["state"]["stage"]["activities"][:2]]
    for i, phone in enumerate(phones):
        for n in range(3):  # every phone changes its vote twice: three votes, one person
            assert phone.call("vote", {"id": f"v{i}-{n}", "activity": poll, "choices": [n]}, timeout=10)["ok"]
        if i % 3 == 0:
            assert phone.call("note", {"id": f"n{i}", "activity": board, "column": 0, "text": "x"}, timeout=10)["ok"]
    counts = console.wait_for(lambda c: c["activities"].get(str(poll)) == PHONES)
    assert counts["activities"][str(board)] == PHONES // 3
    assert counts["stages"]["0"]["connected"] == PHONES and counts["stages"]["0"]["took_part"] == PHONES
    # 36 votes and 4 notes: a handful of coalesced updates (about one a second), not one per answer.
    assert len(console.counts) < 12, len(console.counts)

    for phone in phones[:3]:
        phone.disconnect()
    console.wait_for(lambda c: c["stages"]["0"]["connected"] == PHONES - 3)

    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})  # the working groups
    for i, phone in enumerate(phones[3:]):
        assert phone.call("group", {"id": f"g{i}", "group": "g1" if i < 6 else "g2"}, timeout=10)["ok"]
    counts = console.wait_for(lambda c: c["stages"]["1"]["groups"]["g2"]["members"] == 3)
    assert counts["stages"]["1"]["groups"] == {
        "g1": {"members": 6, "connected": 6, "took_part": 6},
        "g2": {"members": 3, "connected": 3, "took_part": 3}}
    assert counts["stages"]["1"]["connected"] == PHONES - 3 and counts["stages"]["0"]["connected"] is None
    assert counts["stages"]["0"]["took_part"] == PHONES  # what happened stays counted
    for phone in phones[3:]:
        phone.disconnect()
    console.client.disconnect()
