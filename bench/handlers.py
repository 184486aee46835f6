"""CPU a join and a vote take in Baraza's own handlers, without the network: a profile's companion.

    python bench/handlers.py                       # 500 phones join a plenary and vote
    python bench/handlers.py --groups 1000         # then 100 latecomers join a groups stage of 1,000
    python bench/handlers.py --profile join        # and the functions that took the time (cProfile)

The app runs in this process (threading mode, a temporary SQLite file, ``synchronous=FULL`` as in
production) and Flask-SocketIO's test clients send the events, so the figures are the handlers,
the services and the database, not Engine.IO, WebSocket I/O or the event loop (``bench/load.py``
measures all of it). Each figure is process CPU time (``time.process_time``) over the events,
divided by their number; the vote figure includes a board snapshot every 20 votes, as the
broadcaster sends one every 150 ms. The statements a first join runs are counted on the engine.
"""
import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import PLAN  # noqa: E402 - the same plan as the load benchmark

TOKEN = "bench-token"
GROUPS_PLAN = {"title": "Groups benchmark", "stages": [{"kind": "groups", "title": "Working groups", "minutes": 30,
               "groups": [{"name": name, "activities": [{"kind": "board", "title": "Challenges", "columns": ["Challenges"]}]}
                          for name in ("A", "B", "C", "D")]}]}


def make_app(folder: str):
    os.environ["BARAZA_INSTANCE"] = f"{folder}/instance"
    from facilitation import create_app
    return create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.db", "FACILITATOR_TOKEN": TOKEN,
                       "ASYNC_MODE": "threading", "PUBLIC_URL": "http://192.0.2.10:5000", "BROADCAST_AUTOSTART": False,
                       "JOIN_RATE_LIMIT": 10**6, "JOIN_RATE_BURST": 10**6,
                       "EVENT_RATE_LIMIT": 10**6, "EVENT_RATE_BURST": 10**6})


def started(app, plan) -> str:
    http, auth = app.test_client(), {"Authorization": f"Bearer {TOKEN}"}
    code = http.post("/api/sessions", json={"plan": plan}, headers=auth).get_json()["code"]
    assert http.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth).status_code == 200
    return code


class Meter:
    """Process CPU per event of each phase, with the profiler on for the phase asked for."""

    def __init__(self, profiled: str | None):
        self.profiled, self.profile, self.figures = profiled, cProfile.Profile(), {}

    def run(self, phase: str, count: int, work) -> None:
        on = self.profiled == phase
        started_at = time.process_time()
        if on:
            self.profile.enable()
        work()
        if on:
            self.profile.disable()
        self.figures[phase] = (time.process_time() - started_at) / count * 1000
        note = " (profiled: slower than without)" if on else ""
        print(f"{phase}: {self.figures[phase]:.2f} ms CPU each over {count}{note}")


def first_join_statements(app, socketio, code) -> int:
    engine = app.extensions["baraza.store"].engine
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert socketio.test_client(app).emit("join", {"code": code}, callback=True)["ok"]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", "-n", type=int, default=500, help="phones in the plenary (default 500)")
    parser.add_argument("--groups", type=int, default=0,
                        help="also: this many join a groups stage, then 100 latecomers (default: skip)")
    parser.add_argument("--profile", choices=("join", "vote", "latecomer"), help="profile one phase")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(folder)
        from facilitation.web.realtime import socketio
        meter = Meter(args.profile)
        code = started(app, PLAN)
        print(f"statements of a first join: {first_join_statements(app, socketio, code)}")
        phones = [socketio.test_client(app) for _ in range(args.participants)]
        acks = []
        meter.run("join", len(phones), lambda: acks.extend(
            p.emit("join", {"code": code}, callback=True) for p in phones))
        assert all(a["ok"] for a in acks), acks[0]
        poll = acks[0]["state"]["stage"]["activities"][0]["id"]
        broadcaster = app.extensions["baraza.broadcaster"]

        def votes():
            for i, phone in enumerate(phones):
                assert phone.emit("vote", {"id": f"v{i}", "activity": poll, "choices": [i % 4]}, callback=True)["ok"]
                if i % 20 == 19:
                    broadcaster.flush()

        meter.run("vote", len(phones), votes)
        if args.groups:
            code = started(app, GROUPS_PLAN)
            for _ in range(args.groups):
                assert socketio.test_client(app).emit("join", {"code": code}, callback=True)["ok"]
            late = [socketio.test_client(app) for _ in range(100)]

            def latecomers():
                for phone in late:
                    answer = phone.emit("join", {"code": code}, callback=True)
                    assert answer["ok"] and answer["me"]["handles"], answer

            meter.run("latecomer", len(late), latecomers)
        app.extensions["baraza.store"].dispose()
    if args.profile:
        pstats.Stats(meter.profile).sort_stats("cumulative").print_stats(r"facilitation", 30)


if __name__ == "__main__":
    main()
