"""Several server processes behind one address share Redis (messages) and PostgreSQL (data)."""
import time

import pytest
import redis

from ..conftest import small_plan
from ..services import missing, postgres_schema
from .test_wire import Board, join

pytestmark = [pytest.mark.live, pytest.mark.postgres]
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def message_queue():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        missing("Redis", exc)
    return REDIS_URL


def test_a_vote_sent_to_one_process_reaches_a_board_on_the_other(start_server, async_mode, message_queue):
    with postgres_schema() as url:
        options = {"database_url": url, "extra": ["--message-queue", message_queue]}
        first, second = start_server(async_mode, **options), start_server(async_mode, **options)
        code = first.create(small_plan())
        board = Board(second, code)
        phone, ack = join(first, code)
        poll, notes = ack["state"]["stage"]["activities"][:2]
        assert phone.call("vote", {"id": "v1", "activity": poll["id"], "choices": [1]}, timeout=10)["ok"]
        assert phone.call("note", {"id": "n1", "activity": notes["id"], "text": "from process one"},
                          timeout=10)["ok"]
        assert board.wait_for(poll["id"], lambda s: s["responses"] == 1)["results"]["counts"] == [0, 1, 0]
        assert board.wait_for(notes["id"], lambda s: s["responses"] == 1)["results"]["notes"][0]["text"] == \
            "from process one"
        # A stage change made through the second process reaches the phone on the first.
        seen = []
        phone.on("state", seen.append)
        second.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
        deadline = time.monotonic() + 10
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert seen and seen[-1]["stage"]["kind"] == "groups"
        phone.disconnect()
        board.client.disconnect()
        first.stop()
        second.stop()
