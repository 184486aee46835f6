"""The bare relay: what python-socketio alone achieves, the baseline ``bench/load.py --baseline`` measures.

No Flask, no database, no validation beyond what the load generator needs. One fake session
(a poll with 4 options and a one-column board) lives in memory. On ``vote`` and ``note`` the relay
acknowledges at once and marks the activity as changed; a background task sends one coalesced
snapshot per changed activity to the board room every ``--interval`` seconds (default: Baraza's
own snapshot interval, 150 ms), shaped like Baraza's ``results`` event. ``join`` and ``board.join``
answer in Baraza's shapes, and a few HTTP routes mimic Baraza's API (create a session, move the
stage, read results, ``/healthz``), so the load generator drives the relay and Baraza with the
same code.

    python bench/relay.py --port 5100 --async-mode gevent [--interval 0.15] [--host 127.0.0.1]

The server is the one Baraza runs on in that mode: eventlet.wsgi (``max_size`` raised) or gevent's
pywsgi with gevent-websocket's WebSocketHandler.
"""
import argparse
import json
import re
import secrets
import sys
import threading

ASYNC_MODES = ("eventlet", "gevent")
CODE = "RELAY1"
POLL, BOARD = 1, 2
OPTIONS = ["North", "East", "South", "West"]
COLUMNS = ["Notes"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python bench/relay.py", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--async-mode", choices=ASYNC_MODES, default="gevent")
    parser.add_argument("--interval", type=float, default=0.15,
                        help="seconds between coalesced board snapshots (default 0.15, as Baraza)")
    return parser.parse_args(argv)


def _patch(mode: str) -> None:
    if mode == "eventlet":
        import eventlet
        eventlet.monkey_patch()
    else:
        from gevent import monkey
        monkey.patch_all()


def _raise_open_files_limit() -> None:
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))


class Relay:
    """The fake session: votes and notes in memory, dirty activities flushed every interval."""

    def __init__(self, sio, interval: float):
        self.sio, self.interval = sio, interval
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with getattr(self, "lock", threading.Lock()):
            self.votes: dict[str, list] = {}   # phone sid -> choices (one vote per phone, like Baraza)
            self.notes: list[dict] = []
            self.dirty: set[int] = set()
            self.stage_index = None
            self.phones: set[str] = set()

    def state(self) -> dict:
        activities = [
            {"id": POLL, "kind": "poll", "title": "Relay poll", "state": "open", "group": None, "stage": 0,
             "results_visible": True, "options": OPTIONS, "multiple": False},
            {"id": BOARD, "kind": "board", "title": "Relay board", "state": "open", "group": None, "stage": 0,
             "results_visible": True, "columns": COLUMNS, "note_limit": 280},
        ]
        stage = None
        if self.stage_index is not None:
            stage = {"position": 0, "kind": "plenary", "title": "Relay", "minutes": 10, "description": "",
                     "started_at": 0.0, "groups": [], "activities": activities}
        return {"code": CODE, "title": "Bare relay", "status": "lobby" if stage is None else "running",
                "stage_index": self.stage_index, "participants": len(self.phones),
                "agenda": [{"position": 0, "kind": "plenary", "title": "Relay", "minutes": 10}], "stage": stage}

    def results(self, activity: int) -> dict:
        with self.lock:
            if activity == POLL:
                counts = [0] * len(OPTIONS)
                for choices in self.votes.values():
                    for c in choices:
                        counts[c] += 1
                return {"options": OPTIONS, "counts": counts, "voters": len(self.votes), "multiple": False}
            notes = list(self.notes)
        return {"columns": COLUMNS, "notes": notes, "count": len(notes)}

    def snapshot(self, activity: int) -> dict:
        results = self.results(activity)
        return {"activity": activity, "visible": True, "results": results,
                "responses": results.get("voters", results.get("count", 0))}

    def mark(self, activity: int) -> None:
        with self.lock:
            self.dirty.add(activity)

    def run(self) -> None:
        """The broadcaster: one snapshot per changed activity per interval, to the board room."""
        while True:
            self.sio.sleep(self.interval)
            with self.lock:
                changed, self.dirty = self.dirty, set()
            for activity in sorted(changed):
                self.sio.emit("results", self.snapshot(activity), to="board")


def build(mode: str, interval: float):
    import socketio

    sio = socketio.Server(async_mode=mode, max_http_buffer_size=64 * 1024, ping_interval=20, ping_timeout=20)
    relay = Relay(sio, interval)

    @sio.on("join")
    def on_join(sid, data=None):
        sio.enter_room(sid, "phone")
        with relay.lock:
            relay.phones.add(sid)
        return {"ok": True, "token": secrets.token_urlsafe(16), "name": "", "state": relay.state(),
                "me": {"name": "", "groups": {}, "votes": {}, "notes": {}}, "results": []}

    @sio.on("board.join")
    def on_board_join(sid, data=None):
        sio.enter_room(sid, "board")
        relay.mark(POLL)
        relay.mark(BOARD)
        return {"ok": True, "state": relay.state()}

    @sio.on("vote")
    def on_vote(sid, data=None):
        try:
            choices = [int(c) for c in data["choices"]]
            if data["activity"] != POLL or len(choices) != 1 or not 0 <= choices[0] < len(OPTIONS):
                raise ValueError
        except (TypeError, KeyError, ValueError):
            return {"ok": False, "error": "bad vote"}
        with relay.lock:
            relay.votes[sid] = choices
        relay.mark(POLL)
        return {"ok": True, "activity": POLL, "choices": choices}

    @sio.on("note")
    def on_note(sid, data=None):
        try:
            text = str(data["text"]).strip()[:280]
            if data["activity"] != BOARD or not text:
                raise ValueError
        except (TypeError, KeyError, ValueError):
            return {"ok": False, "error": "bad note"}
        with relay.lock:
            note = {"id": len(relay.notes) + 1, "column": 0, "text": text, "author": ""}
            relay.notes.append(note)
        relay.mark(BOARD)
        return {"ok": True, "activity": BOARD, "note": note["id"]}

    results_path = re.compile(r"^/api/sessions/[^/]+/activities/(\d+)/results$")

    def http(environ, start_response):
        """Just enough of Baraza's HTTP API for the load generator."""
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        status, body = "404 Not Found", {"ok": False, "error": "not found"}
        if path == "/healthz":
            status, body = "200 OK", {"ok": True}
        elif method == "POST" and path == "/api/sessions":
            relay.reset()
            status, body = "201 Created", {"code": CODE, "title": "Bare relay", "join_url": "", "board_url": "",
                                           "console_url": ""}
        elif method == "POST" and path == f"/api/sessions/{CODE}/stage":
            relay.stage_index = 0
            status, body = "200 OK", {"state": relay.state()}
        elif method == "GET" and (m := results_path.match(path)):
            status, body = "200 OK", {"results": relay.results(int(m.group(1)))}
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    sio.start_background_task(relay.run)
    return socketio.WSGIApp(sio, http)


def main(argv=None) -> None:
    args = parse_args(argv)
    _patch(args.async_mode)
    _raise_open_files_limit()
    app = build(args.async_mode, args.interval)
    print(f"bare relay ({args.async_mode}, snapshots every {args.interval * 1000:.0f} ms) "
          f"on {args.host}:{args.port}", flush=True)
    if args.async_mode == "eventlet":
        import eventlet
        import eventlet.wsgi
        eventlet.wsgi.server(eventlet.listen((args.host, args.port)), app, log_output=False, max_size=20000)
    else:
        from gevent import pywsgi
        from geventwebsocket.handler import WebSocketHandler
        pywsgi.WSGIServer((args.host, args.port), app, handler_class=WebSocketHandler, log=None).serve_forever()


if __name__ == "__main__":
    sys.exit(main())
