"""Short versions of the benchmark runs (bench/load.py): the harness works and nothing acknowledged is lost.

The heavy runs (1,000 and 2,000 phones) stay in bench/ and docs/performance.md. These run the same
command with 30 phones and check what does not depend on the machine's speed: every phone got in,
every acknowledged vote and note was stored and shown on the board, the JSON line carries its keys,
and no server logged an error. No time is asserted.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..services import POSTGRES_URL, missing
from .test_scale_out import message_queue  # noqa: F401  (fixture)

pytestmark = pytest.mark.live
ROOT = Path(__file__).resolve().parents[2]
KEYS = {"participants", "connected", "acked", "stored", "on_board", "lost", "p50_ms", "p95_ms", "p99_ms",
        "rss_mb", "async_mode", "workers"}
PHONES = 30


def bench(*options) -> list[dict]:
    """Run bench/load.py; return its JSON lines (one per configuration)."""
    run = subprocess.run([sys.executable, "bench/load.py", "--participants", str(PHONES), "--wait-idle", "0",
                          *options], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert lines, run.stdout[-3000:]
    return lines


def nothing_lost(line: dict, workers: int = 1) -> None:
    assert KEYS <= set(line), KEYS - set(line)
    assert line["workers"] == workers
    assert (line["connected"], line["acked"], line["stored"], line["on_board"], line["lost"]) == \
        (PHONES, PHONES, PHONES, PHONES, 0), line
    assert line["server_errors"] == 0, line
    assert 0 < line["p50_ms"] <= line["p95_ms"] <= line["p99_ms"] <= line["max_ms"]
    assert line["rss_mb"] > 0


def test_one_process_in_both_modes_with_the_relay_and_notes():
    lines = bench("--async-mode", "gevent,eventlet", "--baseline", "--notes")
    assert [(line["kind"], line["async_mode"]) for line in lines] == [
        ("relay", "gevent"), ("baraza", "gevent"), ("relay", "eventlet"), ("baraza", "eventlet")]
    for line in lines:
        nothing_lost(line)
        assert line["notes_acked"] == line["notes_stored"] == line["notes_on_board"] == PHONES
        assert line["notes_lost"] == 0
    for relay, baraza in (lines[0:2], lines[2:4]):
        assert baraza["relay_p99_ms"] == relay["p99_ms"]
        assert baraza["p99_vs_relay"] == pytest.approx(baraza["p99_ms"] / relay["p99_ms"], rel=0.01)


@pytest.mark.postgres
def test_two_processes_on_redis_and_postgresql(message_queue):  # noqa: F811
    import psycopg

    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        missing("PostgreSQL", exc)
    # load.py makes a schema of its own in that database for the run and drops it afterwards.
    (line,) = bench("--async-mode", "gevent", "--workers", "2", "--message-queue", message_queue,
                    "--database-url", POSTGRES_URL)
    nothing_lost(line, workers=2)
    assert line["database"] == "postgresql" and line["message_queue"] is True


def test_the_handler_benchmark_runs_every_phase_and_counts_a_first_joins_statements():
    """bench/handlers.py (CPU of the join and vote handlers in process) runs end to end; its figures
    are the machine's, only their presence is checked."""
    run = subprocess.run([sys.executable, "bench/handlers.py", "--participants", "20", "--groups", "30",
                          "--profile", "join"], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    lines = run.stdout.splitlines()
    for phase in ("join", "vote", "latecomer"):
        assert any(line.startswith(f"{phase}: ") and " ms CPU each over " in line for line in lines), run.stdout
    statements = next(int(line.split(": ")[1]) for line in lines if line.startswith("statements of a first join"))
    assert 0 < statements <= 15, f"a first join runs {statements} statements (15 when written): did one creep back?"
    assert "facilitation/web/realtime.py" in run.stdout  # the profile of the join names its handler
