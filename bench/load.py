"""Load and latency benchmark: N simulated phones vote (and post notes) while a board watches.

    python bench/load.py                                   # 200 phones, one server, SQLite
    python bench/load.py --participants 1000 --async-mode eventlet,gevent --baseline
    python bench/load.py --workers 2 --message-queue redis://127.0.0.1:6379/0 \\
        --database-url postgresql://postgres@127.0.0.1:5432/test --participants 500
    python bench/load.py --url http://127.0.0.1:5000 --token SECRET --server-pid 1234

It starts the server itself (``python app.py`` from the repo root, a temporary instance folder
and SQLite database, or a fresh schema in the PostgreSQL database given with ``--database-url``),
or drives a running one (``--url``). One process of python-socketio asyncio clients plays the
phones and the board, so every time is read from one clock (``time.monotonic``).

For each configuration (async mode x Baraza / bare relay) it prints a human summary as it goes,
then a table, then one JSON line per configuration; the last line of the output is the JSON of
the last configuration (Baraza's, when ``--baseline`` also ran the relay). bench/README.md says
what each figure means, how latency is defined, and holds the figures measured.
"""
import argparse
import asyncio
import bisect
import datetime as dt
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import aiohttp
import psutil
import requests
import socketio

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
ASYNC_MODES = ("eventlet", "gevent")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
OPTIONS = ["North", "East", "South", "West"]
PLAN = {
    "title": "Load benchmark",
    "stages": [{"kind": "plenary", "title": "Everyone at once", "minutes": 30, "activities": [
        {"kind": "poll", "title": "Which way?", "options": OPTIONS},
        {"kind": "board", "title": "Ideas", "columns": ["Ideas"]},
    ]}],
}
WORDS = ("venue wifi coffee agenda speaker break network partner funding climate youth data "
         "open water health market policy training story local trust").split()


def log(message: str) -> None:
    """Progress goes to stderr; the summary and the JSON lines go to stdout."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- options

def _from_source(path: Path, pattern: str, default):
    """A default read from Baraza's source, so the benchmark follows the server if it changes."""
    try:
        match = re.search(pattern, path.read_text(encoding="utf-8"))
        return type(default)(match.group(1)) if match else default
    except (OSError, ValueError):
        return default


BARAZA_SNAPSHOT_INTERVAL = _from_source(ROOT / "facilitation" / "factory.py",
                                        r'"SNAPSHOT_INTERVAL":\s*([0-9.]+)', 0.15)
DEFAULT_ASYNC_MODE = _from_source(ROOT / "app.py", r'BARAZA_ASYNC_MODE",\s*"(\w+)"', "eventlet")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python bench/load.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--participants", "-n", type=int, default=200, help="simulated phones (default 200)")
    p.add_argument("--async-mode", action="append", default=None,
                   help="eventlet or gevent; repeat it or give a comma list to run several in one invocation "
                        f"(default: the server's default, {DEFAULT_ASYNC_MODE})")
    p.add_argument("--workers", type=int, default=1,
                   help="server processes on consecutive ports (default 1); more than 1 needs --message-queue")
    p.add_argument("--message-queue", help="Redis URL the workers share, e.g. redis://127.0.0.1:6379/0")
    p.add_argument("--database-url",
                   help="e.g. postgresql://postgres@127.0.0.1:5432/test (a fresh schema is made in it per run "
                        "and dropped afterwards); default: a temporary SQLite file")
    p.add_argument("--window", type=float, default=2.0, help="seconds over which all phones vote (default 2)")
    p.add_argument("--baseline", action="store_true",
                   help="also run the bare relay (bench/relay.py), same phones and async mode, in this invocation")
    p.add_argument("--notes", action="store_true", help="second phase: every phone posts one sticky note")
    p.add_argument("--relay-interval", type=float, default=BARAZA_SNAPSHOT_INTERVAL,
                   help=f"the relay's snapshot interval in seconds (default: Baraza's, {BARAZA_SNAPSHOT_INTERVAL:g})")
    p.add_argument("--url", action="append", default=None,
                   help="drive a running server instead of starting one (repeat for several workers)")
    p.add_argument("--token", help="facilitator token of the running server (with --url)")
    p.add_argument("--server-pid", type=int, action="append", default=None,
                   help="with --url: pid(s) of the server process(es) to measure CPU and memory")
    p.add_argument("--board-worker", type=int, default=None, help="which worker the board joins (default: the last)")
    p.add_argument("--connect-concurrency", type=int, default=50, help="phones connecting at the same time (default 50)")
    p.add_argument("--ack-timeout", type=float, default=30.0, help="seconds to wait for one acknowledgement (default 30)")
    p.add_argument("--settle", type=float, default=10.0,
                   help="seconds to wait, after the last ack, for the board to show every acked action (default 10)")
    p.add_argument("--run-timeout", type=float, default=180.0, help="hard limit for one configuration, seconds (default 180)")
    p.add_argument("--seed", type=int, default=None, help="random seed (vote moments and choices)")
    p.add_argument("--wait-idle", type=float, default=60.0,
                   help="before each configuration, wait up to this many seconds for the machine to be idle "
                        "(under 15%% of its CPU busy over one second; default 60); 0 skips the wait")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (server logs, SQLite file)")
    p.add_argument("--allow-remote", action="store_true", help="allow a --url that is not on this machine")
    args = p.parse_args(argv)

    modes = []
    for item in args.async_mode or [DEFAULT_ASYNC_MODE]:
        for mode in item.split(","):
            mode = mode.strip()
            if mode not in ASYNC_MODES:
                p.error(f"--async-mode: {mode!r} is not one of {', '.join(ASYNC_MODES)}")
            if mode not in modes:
                modes.append(mode)
    args.modes = modes
    if args.participants < 1:
        p.error("--participants must be at least 1")
    if args.window < 0:
        p.error("--window must not be negative")
    if args.url:
        args.workers = len(args.url)
        if not args.token:
            p.error("--url needs --token (the facilitator token of that server)")
        if len(modes) > 1:
            p.error("with --url give the one --async-mode the running server uses (it is only a label)")
        for url in args.url:
            if urlsplit(url).hostname not in LOOPBACK and not args.allow_remote:
                p.error(f"{url} is not on this machine; pass --allow-remote if you mean to load it")
    else:
        if args.workers < 1:
            p.error("--workers must be at least 1")
        if args.workers > 1 and not args.message_queue:
            p.error("--workers > 1 needs --message-queue (e.g. redis://127.0.0.1:6379/0)")
    if args.board_worker is not None and not 0 <= args.board_worker < args.workers:
        p.error("--board-worker must name one of the workers (0-based)")
    args.seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    return args


def source_version() -> str | None:
    """The server code measured: the commit, with "+dirty" if the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (head + ("+dirty" if dirty else "")) or None


def raise_open_files_limit() -> int:
    """Every phone is a socket: lift the soft limit on open files to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# --------------------------------------------------------------------------- server processes

def consecutive_free_ports(count: int) -> int:
    """The first of ``count`` consecutive ports free on 127.0.0.1."""
    rng = random.Random()
    for _ in range(200):
        base = rng.randrange(20000, 60000 - count)
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free ports")


class ServerProcess:
    """One server subprocess in its own process group, its output in a log file."""

    def __init__(self, name: str, cmd: list, url: str, log_path: Path, env: dict):
        self.name, self.cmd, self.url, self.log_path, self.env = name, cmd, url, log_path, env
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 40.0) -> "ServerProcess":
        with self.log_path.open("ab") as out:
            self.process = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer /healthz within {timeout:.0f} s:\n{self.tail()}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        """SIGTERM to the process group, then SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def problems(self) -> list[str]:
        """Lines of the log that report an error, a warning or a traceback (its last line too)."""
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return []
        found, in_traceback = [], False
        for i, line in enumerate(lines):
            if line.startswith("Traceback"):
                in_traceback = True
                found.append(f"{self.name}: {line}")
                continue
            if in_traceback:
                if not line.startswith((" ", "\t")):  # the exception line ends the traceback
                    found.append(f"{self.name}:   -> {line}")
                    in_traceback = False
                elif line.strip().startswith("File ") and ROOT.as_posix() in line:
                    found.append(f"{self.name}:   {line.strip()}")
                continue
            if re.search(r"\b(ERROR|WARNING|CRITICAL|Error|Exception|failed)\b", line):
                found.append(f"{self.name}: {line}")
        return found


def postgres_schema_url(url: str) -> tuple[str, str]:
    """Make a fresh schema in the database; return (its name, a URL whose search_path is that schema)."""
    import psycopg

    name = "baraza_bench_" + secrets.token_hex(5)
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE SCHEMA "{name}"')
    joiner = "&" if "?" in url else "?"
    return name, f"{url}{joiner}options={quote('-csearch_path=' + name, safe='')}"


def drop_postgres_schema(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


# --------------------------------------------------------------------------- measurement helpers

class Sampler(threading.Thread):
    """Server CPU seconds (user+system, delta) and RSS sampled every 100 ms, per process and summed."""

    def __init__(self, pids: list[int], interval: float = 0.1):
        super().__init__(daemon=True)
        self.procs = [psutil.Process(pid) for pid in pids]
        self.interval = interval
        self.halt = threading.Event()
        self.peak_total = 0
        self.peak_each = [0] * len(self.procs)
        self.idle_total = None
        self.cpu0 = self.cpu1 = None
        self.me = psutil.Process()
        self.me0 = self.me1 = None
        self.busy0 = self.busy1 = None
        self.services0 = self.services1 = {}
        self.t0 = self.t1 = None
        self.phases: dict[str, float] = {}
        self.last_mark = 0.0

    @staticmethod
    def _services() -> dict:
        """CPU seconds of the database and message-queue servers on this machine, by pid."""
        out = {}
        for proc in psutil.process_iter(["name", "cpu_times"]):
            name = proc.info["name"] or ""
            if name.startswith(("postgres", "redis-server")) and proc.info["cpu_times"]:
                out[proc.pid] = proc.info["cpu_times"].user + proc.info["cpu_times"].system
        return out

    @staticmethod
    def _busy() -> float:
        """CPU seconds the whole machine spent busy (every process, every core)."""
        t = psutil.cpu_times()
        return sum(t) - t.idle - getattr(t, "iowait", 0.0)

    def _cpu(self) -> list[float]:
        out = []
        for proc in self.procs:
            try:
                t = proc.cpu_times()
                out.append(t.user + t.system)
            except psutil.Error:
                out.append(float("nan"))
        return out

    def _sample(self) -> None:
        total = 0
        for i, proc in enumerate(self.procs):
            try:
                rss = proc.memory_info().rss
            except psutil.Error:
                continue
            self.peak_each[i] = max(self.peak_each[i], rss)
            total += rss
        self.peak_total = max(self.peak_total, total)
        if self.idle_total is None:
            self.idle_total = total

    def mark(self, name: str) -> None:
        """Server CPU seconds spent since the previous mark (or the start), recorded as ``<name>_cpu_s``."""
        now = sum(c for c in self._cpu() if not math.isnan(c))
        self.phases[f"{name}_cpu_s"] = round(now - self.last_mark, 2)
        self.last_mark = now

    def begin(self) -> None:
        self.t0, self.busy0, self.services0 = time.monotonic(), self._busy(), self._services()
        self.cpu0 = self._cpu()
        self.last_mark = sum(c for c in self.cpu0 if not math.isnan(c))
        t = self.me.cpu_times()
        self.me0 = t.user + t.system
        self._sample()
        self.start()

    def run(self) -> None:
        while not self.halt.wait(self.interval):
            self._sample()

    def end(self) -> None:
        self.halt.set()
        self.join(5)
        self._sample()
        self.cpu1 = self._cpu()
        t = self.me.cpu_times()
        self.me1 = t.user + t.system
        self.t1, self.busy1, self.services1 = time.monotonic(), self._busy(), self._services()

    def figures(self) -> dict:
        mb = 1024 * 1024
        cpu = sum(b - a for a, b in zip(self.cpu0, self.cpu1)) if self.cpu1 else None
        loadgen = self.me1 - self.me0 if self.me1 is not None else None
        services = sum(max(0.0, t - self.services0.get(pid, 0.0)) for pid, t in self.services1.items())
        other = None
        if self.busy1 is not None and cpu is not None and not math.isnan(cpu) and loadgen is not None:
            other = max(0.0, self.busy1 - self.busy0 - cpu - loadgen - services)
        return {"measured_s": round(self.t1 - self.t0, 2) if self.t1 else None,
                "cores": psutil.cpu_count(),
                "services_cpu_s": round(services, 2),
                "other_cpu_s": None if other is None else round(other, 2),
                "rss_mb": round(self.peak_total / mb, 1), "rss_idle_mb": round((self.idle_total or 0) / mb, 1),
                "rss_mb_each": [round(r / mb, 1) for r in self.peak_each],
                "cpu_s": None if cpu is None or math.isnan(cpu) else round(cpu, 2),
                "loadgen_cpu_s": round(loadgen, 2) if loadgen is not None else None, **self.phases}


def percentile(sorted_values: list[float], p: float):
    """Nearest-rank percentile of an already sorted list (None if empty)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def board_latencies(actions: list["Action"], snapshots: list[tuple[float, int]]) -> dict:
    """Latency of each acked action to the board snapshot that first reflects it (see bench/README.md).

    Actions are ranked by the time their ack arrived: the k-th acked action is taken to be reflected
    by the first snapshot that arrived after its ack and counts at least k responses. If no such
    snapshot exists (the snapshot overtook the ack in the load generator), the first snapshot that
    arrived after the emit and counts at least k is taken instead ("raced_ack").
    """
    acked = sorted((a for a in actions if a.ok), key=lambda a: a.ack_t)
    times = [t for t, _ in snapshots]
    latencies, raced, unseen = [], 0, 0
    for k, action in enumerate(acked, 1):
        hit = None
        for t, responses in snapshots[bisect.bisect_right(times, action.ack_t):]:
            if responses >= k:
                hit = t
                break
        if hit is None:
            for t, responses in snapshots[bisect.bisect_left(times, action.emit_t):]:
                if responses >= k:
                    hit = t
                    raced += 1
                    break
        if hit is None:
            unseen += 1
        else:
            latencies.append((hit - action.emit_t) * 1000)
    latencies.sort()
    acks = sorted((a.ack_t - a.emit_t) * 1000 for a in acked)

    def ms(v):
        return None if v is None else round(v, 1)

    return {"p50_ms": ms(percentile(latencies, 50)), "p95_ms": ms(percentile(latencies, 95)),
            "p99_ms": ms(percentile(latencies, 99)), "max_ms": ms(latencies[-1] if latencies else None),
            "ack_p50_ms": ms(percentile(acks, 50)), "ack_p99_ms": ms(percentile(acks, 99)),
            "ack_max_ms": ms(acks[-1] if acks else None), "raced_ack": raced, "unseen": unseen}


# --------------------------------------------------------------------------- the clients

@dataclass
class Action:
    phone: int
    emit_t: float = 0.0
    ack_t: float = 0.0
    ok: bool = False
    error: str | None = None


@dataclass
class Phone:
    index: int
    url: str
    client: socketio.AsyncClient | None = None
    joined: bool = False
    connect_s: float | None = None
    error: str | None = None


@dataclass
class Target:
    """What one configuration drives: Baraza or the relay, on one or more URLs."""
    kind: str
    async_mode: str
    urls: list[str]
    token: str
    snapshot_interval: float
    pids: list[int] = field(default_factory=list)
    database: str | None = None
    message_queue: bool = False


def _client(http: aiohttp.ClientSession) -> socketio.AsyncClient:
    return socketio.AsyncClient(reconnection=False, http_session=http, handle_sigint=False, request_timeout=10)


async def _api(method: str, url: str, token: str, **kw) -> dict:
    def call():
        r = requests.request(method, url, headers={"Authorization": f"Bearer {token}"}, timeout=15, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {url} answered {r.status_code}: {r.text[:300]}")
        return r.json()
    return await asyncio.to_thread(call)


async def _settle(snapshots: list, target_count: int, seconds: float) -> None:
    """Wait until the board's last snapshot shows ``target_count`` responses, at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if snapshots and snapshots[-1][1] >= target_count:
            return
        await asyncio.sleep(0.05)


async def _phase(name: str, phones: list[Phone], window: float, ack_timeout: float, rng: random.Random,
                 payload) -> list[Action]:
    """Every joined phone emits one action at a uniformly random moment of the window."""
    start = time.monotonic() + 0.2
    actions = []

    async def one(phone: Phone, at: float) -> None:
        action = Action(phone.index)
        actions.append(action)
        await asyncio.sleep(max(0.0, start + at - time.monotonic()))
        action.emit_t = time.monotonic()
        try:
            ack = await phone.client.call(name, payload(phone), timeout=ack_timeout)
        except Exception as exc:  # a timeout or a dropped connection
            action.error = type(exc).__name__
            return
        action.ack_t = time.monotonic()
        action.ok = isinstance(ack, dict) and ack.get("ok") is True
        if not action.ok:
            action.error = str(ack.get("error") if isinstance(ack, dict) else ack)[:120]

    moments = [rng.uniform(0, window) for _ in phones]
    await asyncio.wait_for(asyncio.gather(*(one(p, at) for p, at in zip(phones, moments))),
                           window + ack_timeout + 10)
    return actions


def _phase_figures(prefix: str, actions: list[Action], snapshots: list[tuple[float, int]], stored: int | None) -> dict:
    acked = sum(a.ok for a in actions)
    on_board = snapshots[-1][1] if snapshots else 0
    on_board_max = max((r for _, r in snapshots), default=0)
    lost = acked - min(stored if stored is not None else on_board, on_board)
    errors: dict[str, int] = {}
    for a in actions:
        if not a.ok:
            errors[a.error or "?"] = errors.get(a.error or "?", 0) + 1
    figures = {"acked": acked, "stored": stored, "on_board": on_board, "on_board_max": on_board_max,
               "lost": max(0, lost), "refused": errors, "snapshots": len(snapshots),
               **board_latencies(actions, snapshots)}
    return {(prefix + k if prefix else k): v for k, v in figures.items()}


async def drive(target: Target, args, rng: random.Random) -> dict:
    """One configuration: create the session, connect and join, vote (and note), measure, disconnect."""
    base = target.urls[0]
    created = await _api("POST", f"{base}/api/sessions", target.token, json={"plan": PLAN})
    code = created["code"]
    state = (await _api("POST", f"{base}/api/sessions/{code}/stage", target.token, json={"action": "next"}))["state"]
    activities = {a["kind"]: a["id"] for a in state["stage"]["activities"]}
    poll_id, board_id = activities["poll"], activities["board"]

    connector = aiohttp.TCPConnector(limit=0)
    http = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
    snapshots: dict[int, list[tuple[float, int]]] = {poll_id: [], board_id: []}
    board = _client(http)
    phones = [Phone(i, target.urls[i % len(target.urls)]) for i in range(args.participants)]
    board_worker = args.board_worker if args.board_worker is not None else len(target.urls) - 1
    sampler = Sampler(target.pids) if target.pids else None
    figures: dict = {}
    try:
        @board.on("results")
        def on_results(data):
            now = time.monotonic()
            if isinstance(data, dict) and data.get("activity") in snapshots:
                snapshots[data["activity"]].append((now, int(data.get("responses") or 0)))

        await asyncio.wait_for(board.connect(target.urls[board_worker], transports=["websocket"], wait_timeout=15), 20)
        ack = await board.call("board.join", {"code": code}, timeout=15)
        if not (isinstance(ack, dict) and ack.get("ok")):
            raise RuntimeError(f"board.join refused: {ack}")

        if sampler:
            sampler.begin()
        log(f"{target.kind}/{target.async_mode}: connecting {len(phones)} phones "
            f"({args.connect_concurrency} at a time) to {len(target.urls)} worker(s); board on worker {board_worker}")
        gate = asyncio.Semaphore(args.connect_concurrency)

        async def connect(phone: Phone) -> None:
            async with gate:
                began = time.monotonic()
                phone.client = _client(http)
                try:
                    await asyncio.wait_for(phone.client.connect(phone.url, transports=["websocket"], wait_timeout=15),
                                           20)
                    ack = await phone.client.call("join", {"code": code}, timeout=args.ack_timeout)
                except Exception as exc:
                    phone.error = f"{type(exc).__name__}: {exc}"[:120]
                    return
                if isinstance(ack, dict) and ack.get("ok"):
                    phone.joined, phone.connect_s = True, time.monotonic() - began
                else:
                    phone.error = str(ack.get("error") if isinstance(ack, dict) else ack)[:120]

        began = time.monotonic()
        await asyncio.gather(*(connect(p) for p in phones))
        connect_s = time.monotonic() - began
        if sampler:
            sampler.mark("connect")
        joined = [p for p in phones if p.joined]
        failures: dict[str, int] = {}
        for p in phones:
            if not p.joined:
                failures[p.error or "?"] = failures.get(p.error or "?", 0) + 1
        each = sorted(p.connect_s for p in joined)
        log(f"  {len(joined)}/{len(phones)} joined in {connect_s:.2f} s" + (f"; failures {failures}" if failures else ""))
        figures.update({"connected": len(joined), "connect_s": round(connect_s, 2),
                        "connect_p99_s": round(percentile(each, 99), 3) if each else None,
                        "connect_failures": failures})

        await asyncio.sleep(0.5)  # let the join presence snapshots pass
        log(f"  voting: {len(joined)} phones within {args.window:g} s")
        votes = await _phase("vote", joined, args.window, args.ack_timeout, rng, lambda p: {
            "id": uuid.uuid4().hex, "activity": poll_id, "choices": [rng.randrange(len(OPTIONS))]})
        vote_acked = sum(a.ok for a in votes)
        await _settle(snapshots[poll_id], vote_acked, args.settle)
        await asyncio.sleep(2 * target.snapshot_interval)  # a late snapshot may still be in flight
        if sampler:
            sampler.mark("vote")

        if args.notes:
            log(f"  notes: {len(joined)} phones within {args.window:g} s")
            notes = await _phase("note", joined, args.window, args.ack_timeout, rng, lambda p: {
                "id": uuid.uuid4().hex, "activity": board_id, "column": 0,
                "text": f"Idea {p.index}: " + " ".join(rng.choice(WORDS) for _ in range(6))})
            await _settle(snapshots[board_id], sum(a.ok for a in notes), args.settle)
            await asyncio.sleep(2 * target.snapshot_interval)
            if sampler:
                sampler.mark("notes")
        if sampler:
            sampler.end()
            figures.update(sampler.figures())

        read = await _api("GET", f"{base}/api/sessions/{code}/activities/{poll_id}/results", target.token)
        figures.update(_phase_figures("", votes, snapshots[poll_id], read["results"].get("voters")))
        if args.notes:
            read = await _api("GET", f"{base}/api/sessions/{code}/activities/{board_id}/results", target.token)
            figures.update(_phase_figures("notes_", notes, snapshots[board_id], read["results"].get("count")))
        for phase, count in (("connect", figures.get("connected")), ("vote", figures.get("acked")),
                             ("notes", figures.get("notes_acked"))):
            if figures.get(f"{phase}_cpu_s") is not None and count:  # server CPU per join / vote / note
                figures[f"{phase}_cpu_ms_each"] = round(figures[f"{phase}_cpu_s"] * 1000 / count, 2)
        figures["phones_per_worker"] = [sum(1 for p in phones if p.url == u) for u in target.urls]
        figures["board_worker"] = board_worker
        return figures
    finally:
        if sampler and sampler.cpu1 is None:
            sampler.halt.set()
        clients = [p.client for p in phones if p.client is not None] + [board]

        async def leave(c):
            try:
                await asyncio.wait_for(c.disconnect(), 10)
            except Exception:
                pass

        try:
            await asyncio.wait_for(asyncio.gather(*(leave(c) for c in clients)), 30)
        except Exception:
            pass
        await http.close()


# --------------------------------------------------------------------------- one configuration

def wait_for_idle_machine(limit: float) -> dict:
    """Wait (at most ``limit`` seconds) until the machine is idle, so other work does not skew the figures."""
    began = time.monotonic()
    busy = None
    while True:
        busy = psutil.cpu_percent(interval=1.0)
        if busy < 15.0 or time.monotonic() - began >= limit:
            break
    return {"idle_wait_s": round(time.monotonic() - began, 1), "busy_before_pct": busy}


def run_configuration(kind: str, mode: str, args, workdir: Path) -> dict:
    """Start the server(s) (unless --url), drive them, stop them; always return a result dict."""
    rng = random.Random(f"{args.seed}-{kind}-{mode}")
    servers: list[ServerProcess] = []
    schema = None
    result = {"kind": kind, "async_mode": mode, "participants": args.participants, "window_s": args.window,
              "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "seed": args.seed,
              "source": source_version()}
    try:
        if args.wait_idle > 0:
            result.update(wait_for_idle_machine(args.wait_idle))
            if result["busy_before_pct"] >= 15.0:
                log(f"the machine is still {result['busy_before_pct']:.0f}% busy after {args.wait_idle:g} s; going on")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if kind == "relay":
            port = consecutive_free_ports(1)
            url = f"http://127.0.0.1:{port}"
            servers.append(ServerProcess(
                f"relay-{mode}", [sys.executable, str(BENCH / "relay.py"), "--host", "127.0.0.1", "--port", str(port),
                                  "--async-mode", mode, "--interval", str(args.relay_interval)],
                url, workdir / f"relay-{mode}-{port}.log", env).start())
            target = Target(kind, mode, [url], "relay", args.relay_interval, [servers[0].pid])
        elif args.url:
            target = Target(kind, mode, [u.rstrip("/") for u in args.url], args.token, BARAZA_SNAPSHOT_INTERVAL,
                            list(args.server_pid or []), database=None, message_queue=bool(args.message_queue))
        else:
            token = "bench-" + secrets.token_urlsafe(12)
            database = args.database_url
            if database and database.startswith(("postgresql://", "postgres://")):
                schema, database_for_run = postgres_schema_url(database)
            elif database:
                database_for_run = database
            else:
                database_for_run = f"sqlite:///{workdir / f'baraza-{mode}.db'}"
            env["BARAZA_INSTANCE"] = str(workdir / f"instance-{mode}")
            per_worker = math.ceil(args.participants / args.workers)
            if per_worker > 1900:  # the per-address join limit lets 2,000 phones in at once; all ours share 127.0.0.1
                env["JOIN_RATE_BURST"] = str(per_worker + 100)
            base = consecutive_free_ports(args.workers)
            for i in range(args.workers):  # one after the other: each creates the tables if they are missing
                port = base + i
                url = f"http://127.0.0.1:{port}"
                cmd = [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port), "--async-mode", mode,
                       "--database-url", database_for_run, "--token", token, "--public-url", url, "--quiet"]
                if args.message_queue:
                    cmd += ["--message-queue", args.message_queue]
                servers.append(ServerProcess(f"baraza-{mode}-{port}", cmd, url,
                                             workdir / f"baraza-{mode}-{port}.log", env).start())
            target = Target(kind, mode, [s.url for s in servers], token, BARAZA_SNAPSHOT_INTERVAL,
                            [s.pid for s in servers], database=database_for_run.split(":")[0].split("+")[0],
                            message_queue=bool(args.message_queue))
        result.update({"workers": len(target.urls), "snapshot_interval_ms": round(target.snapshot_interval * 1000),
                       "database": target.database if kind == "baraza" else None,
                       "message_queue": target.message_queue})
        log(f"{kind}/{mode}: {', '.join(target.urls)}")
        result.update(asyncio.run(asyncio.wait_for(drive(target, args, rng), args.run_timeout)))
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"[:2000]
        log(f"{kind}/{mode} FAILED: {result['error']}")
    finally:
        for server in servers:
            server.stop()
        problems = [line for s in servers for line in s.problems()]
        result["server_errors"] = len(problems)
        result["server_error_lines"] = problems[:40]
        if schema:
            try:
                drop_postgres_schema(args.database_url, schema)
            except Exception as exc:
                log(f"could not drop schema {schema}: {exc}")
    return result


# --------------------------------------------------------------------------- output

REQUIRED = ("participants", "connected", "acked", "stored", "on_board", "lost", "p50_ms", "p95_ms", "p99_ms",
            "max_ms", "connect_s", "rss_mb", "cpu_s", "async_mode", "workers", "snapshot_interval_ms", "kind")


def summary(r: dict) -> str:
    def f(key, unit=""):
        v = r.get(key)
        return "-" if v is None else f"{v}{unit}"

    lines = [f"== {r['kind']} · {r['async_mode']} · {r.get('workers', '?')} worker(s) · "
             f"{r['participants']} phones · snapshots every {f('snapshot_interval_ms', ' ms')}"
             + (f" · {r['database']}" if r.get("database") else "") + (" · Redis" if r.get("message_queue") else "")]
    if r.get("error"):
        lines.append(f"   ERROR: {r['error']}")
    lines.append(f"   connected {f('connected')}/{r['participants']} in {f('connect_s', ' s')}"
                 + (f"  failures {r['connect_failures']}" if r.get("connect_failures") else ""))
    lines.append(f"   votes: acked {f('acked')}  stored {f('stored')}  on board {f('on_board')} (max seen "
                 f"{f('on_board_max')})  LOST {f('lost')}" + (f"  refused {r['refused']}" if r.get("refused") else ""))
    lines.append(f"   emit->board: p50 {f('p50_ms')}  p95 {f('p95_ms')}  p99 {f('p99_ms')}  max {f('max_ms')} ms;"
                 f"  emit->ack p50 {f('ack_p50_ms')} p99 {f('ack_p99_ms')} ms;  {f('snapshots')} snapshots")
    if "notes_acked" in r:
        lines.append(f"   notes: acked {f('notes_acked')}  stored {f('notes_stored')}  on board {f('notes_on_board')}"
                     f"  LOST {f('notes_lost')};  p50 {f('notes_p50_ms')}  p99 {f('notes_p99_ms')}  "
                     f"max {f('notes_max_ms')} ms")
    lines.append(f"   server: CPU {f('cpu_s', ' s')} (connect {f('connect_cpu_s', ' s')} = {f('connect_cpu_ms_each')} ms a join,"
                 f" votes {f('vote_cpu_s', ' s')} = {f('vote_cpu_ms_each')} ms a vote"
                 + (f", notes {f('notes_cpu_s', ' s')} = {f('notes_cpu_ms_each')} ms a note" if "notes_cpu_s" in r else "")
                 + ")"
                 + f"  peak RSS {f('rss_mb', ' MB')} (idle {f('rss_idle_mb', ' MB')})"
                 f";  load generator CPU {f('loadgen_cpu_s', ' s')};  PostgreSQL+Redis {f('services_cpu_s', ' s')};"
                 f"  other processes {f('other_cpu_s', ' s')} CPU"
                 f" in {f('measured_s', ' s')} on {f('cores')} cores")
    if r.get("other_cpu_s") and r.get("measured_s") and r["other_cpu_s"] > 0.1 * r["measured_s"] * (r.get("cores") or 1):
        lines.append("   WARNING: other processes used over 10% of the machine during this run: figures are disturbed")
    if r.get("p99_vs_relay") is not None:
        lines.append(f"   p99 vs bare relay: {r['p99_ms']} / {r['relay_p99_ms']} = {r['p99_vs_relay']}x")
    if r.get("server_errors"):
        lines.append(f"   server log: {r['server_errors']} problem line(s):")
        lines += [f"     {line[:220]}" for line in r["server_error_lines"][:12]]
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    head = "| kind | mode | workers | phones | connected | connect s | acked | stored | on board | lost | " \
           "p50 ms | p95 ms | p99 ms | max ms | RSS MB | CPU s |"
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        cells = [r["kind"], r["async_mode"], r.get("workers"), r["participants"], r.get("connected"),
                 r.get("connect_s"), r.get("acked"), r.get("stored"), r.get("on_board"), r.get("lost"),
                 r.get("p50_ms"), r.get("p95_ms"), r.get("p99_ms"), r.get("max_ms"), r.get("rss_mb"), r.get("cpu_s")]
        rows.append("| " + " | ".join("-" if c is None else str(c) for c in cells) + " |")
    return "\n".join(rows)


def main(argv=None) -> int:
    args = parse_args(argv)
    nofile = raise_open_files_limit()
    if args.participants + 50 > nofile:
        log(f"warning: the open files limit is {nofile}; {args.participants} phones may not all connect")
    workdir = Path(tempfile.mkdtemp(prefix="baraza-bench-"))
    log(f"seed {args.seed}; logs in {workdir}" + ("" if args.keep else " (removed at the end; --keep keeps them)"))
    results = []
    try:
        for mode in args.modes:
            relay = None
            if args.baseline:
                relay = run_configuration("relay", mode, args, workdir)
                print(summary(relay), flush=True)
                results.append(relay)
            baraza = run_configuration("baraza", mode, args, workdir)
            if relay and relay.get("p99_ms") and baraza.get("p99_ms") is not None:
                baraza["relay_p99_ms"] = relay["p99_ms"]
                baraza["p99_vs_relay"] = round(baraza["p99_ms"] / relay["p99_ms"], 2)
            print(summary(baraza), flush=True)
            results.append(baraza)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(table(results))
    print()
    for r in results:
        line = {key: r.get(key) for key in REQUIRED}
        line.update({k: v for k, v in r.items() if k not in line and k != "server_error_lines"})
        print(json.dumps(line, separators=(",", ":")), flush=True)
    failed = any(r.get("error") or r.get("lost") or r.get("notes_lost") or r.get("connected") != r["participants"]
                 for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
