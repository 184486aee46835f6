"""Redis restarted under two server processes: they recover on their own, and boards catch up."""
import subprocess
import time

import pytest
import redis

from ..conftest import small_plan
from ..live.test_wire import Board, join
from ..services import missing, postgres_schema

pytestmark = [pytest.mark.live, pytest.mark.postgres]
REDIS_URL = "redis://127.0.0.1:6379/0"
START_REDIS = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
               "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"]


def redis_up(timeout=10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            time.sleep(0.2)
    return False


def test_two_processes_recover_from_a_redis_restart(start_server, async_mode):
    if not redis_up(2):
        missing("Redis", "nothing answers on 127.0.0.1:6379")
    with postgres_schema() as url:
        options = {"database_url": url, "extra": ["--message-queue", REDIS_URL]}
        first, second = start_server(async_mode, **options), start_server(async_mode, **options)
        code = first.create(small_plan())
        board = Board(second, code)
        phones = [join(first, code) for _ in range(3)]
        poll = phones[0][1]["state"]["stage"]["activities"][0]
        vote = lambda i: phones[i][0].call("vote", {"id": f"v{i}", "activity": poll["id"], "choices": [i % 3]},  # noqa: E731
                                           timeout=10)
        assert vote(0)["ok"]
        board.wait_for(poll["id"], lambda s: s["responses"] == 1)
        try:
            redis.Redis.from_url(REDIS_URL).shutdown(nosave=True)
        except redis.ConnectionError:
            pass  # the server closes the connection as it goes
        try:
            assert not redis_up(1)
            # Redis is down: a vote is still committed and acknowledged (the database holds it) ...
            assert vote(1)["ok"]
        finally:
            subprocess.run(START_REDIS, check=True, capture_output=True)
            assert redis_up(), "Redis did not come back"
        # ... and once Redis is back the processes reconnect on their own. The board missed the
        # snapshot of that vote; snapshots are whole and resent every few seconds to watched
        # sessions, so it catches up without anyone voting again.
        shown = board.wait_for(poll["id"], lambda s: s["responses"] == 2, timeout=60)
        assert shown["results"]["counts"] == [1, 1, 0]
        assert vote(2)["ok"]
        assert board.wait_for(poll["id"], lambda s: s["responses"] == 3)["results"]["counts"] == [1, 1, 1]
        assert second.api("GET", "/healthz")["ok"] and first.api("GET", "/healthz")["ok"]
        for phone, _ in phones:
            phone.disconnect()
        board.client.disconnect()
        first.stop()
        second.stop()
