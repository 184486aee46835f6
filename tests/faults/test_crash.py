"""Faults: the server killed mid-vote, a reconnect storm, Redis restarted under two processes."""
import asyncio
import random

import psutil
import pytest

from ..conftest import small_plan
from .phones import crowd

pytestmark = pytest.mark.live


def activities(server, code):
    return server.api("GET", f"/api/sessions/{code}")["state"]["stage"]["activities"]


def stored(server, code):
    record = server.api("GET", f"/api/sessions/{code}/export?format=json")
    poll, board = record["stages"][0]["activities"][:2]
    return poll["results"]["voters"], board["results"]["count"], record["session"]["participants"]


def test_kill_9_while_200_phones_vote_loses_nothing_and_counts_nothing_twice(start_server, async_mode):
    server = start_server(async_mode)
    code = server.create(small_plan())
    poll, board = activities(server, code)[:2]

    async def scenario():
        phones = await crowd(server.url, code, 200)
        rng = random.Random(7)

        async def act(phone, i):
            await asyncio.sleep(rng.uniform(0, 2.0))
            await phone.send("vote", {"activity": poll["id"], "choices": [i % 3]})
            await phone.send("note", {"activity": board["id"], "column": i % 2, "text": f"note {i}"})

        actions = asyncio.gather(*(act(p, i) for i, p in enumerate(phones)))
        await asyncio.sleep(1.0)
        await asyncio.get_running_loop().run_in_executor(None, server.kill)
        await asyncio.sleep(0.5)
        await asyncio.get_running_loop().run_in_executor(None, server.start)
        await actions
        await asyncio.gather(*(p.settled(60) for p in phones))
        left = sum(len(p.outbox) for p in phones)
        tokens = {p.token for p in phones}
        rejoined = sum(p.joins > 1 for p in phones)
        for p in phones:
            await p.stop()
        return left, tokens, rejoined

    left, tokens, rejoined = asyncio.run(scenario())
    assert left == 0, "every action is acknowledged in the end"
    assert len(tokens) == 200 and rejoined > 0, "phones came back on their own, each as itself"
    assert stored(server, code) == (200, 200, 200)


def test_a_reconnect_storm_brings_everyone_back_as_themselves(start_server, async_mode):
    server = start_server(async_mode)
    code = server.create(small_plan())
    poll = activities(server, code)[0]
    process = psutil.Process(server.process.pid)

    async def scenario():
        phones = await crowd(server.url, code, 500)
        await asyncio.gather(*(p.send("vote", {"activity": poll["id"], "choices": [0]}) for p in phones))
        sizes = []
        for _round in range(3):
            await asyncio.gather(*(p.client.disconnect() for p in phones))
            for p in phones:
                p._joined.clear()
            await asyncio.gather(*(p.start() for p in phones))
            sizes.append(process.memory_info().rss)
        votes = {str(poll["id"]): [0]}
        same = all(p.state["me"]["votes"] == votes for p in phones)
        for p in phones:
            await p.stop()
        return same, sizes, {p.token for p in phones}

    same, sizes, tokens = asyncio.run(scenario())
    assert same and len(tokens) == 500
    assert stored(server, code)[2] == 500, "no reconnect made a new participant"
    assert sizes[2] <= sizes[0] * 1.2, f"memory keeps growing across storms: {sizes}"
