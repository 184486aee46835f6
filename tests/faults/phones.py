"""Simulated phones (python-socketio's asyncio client) that behave like the real phone page.

A phone keeps its anonymous token and an outbox of unacknowledged actions; after any
reconnect it joins again with its token and resends the outbox with the same ids,
as static/js/phone.js does.
"""
import asyncio
import itertools

import socketio

_ids = itertools.count()


class Phone:
    def __init__(self, url: str, code: str):
        self.url, self.code = url, code
        self.token = None
        self.outbox: dict[str, tuple[str, dict]] = {}
        self.acks: dict[str, dict] = {}
        self.joins = 0
        self.state = None
        self.client = socketio.AsyncClient(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1.0,
                                           randomization_factor=0.5)
        self.client.on("connect", self._on_connect)
        self._joined = asyncio.Event()

    async def start(self) -> "Phone":
        await self.client.connect(self.url, transports=["websocket"], wait_timeout=20)
        await asyncio.wait_for(self._joined.wait(), 30)
        return self

    async def _on_connect(self):
        asyncio.get_running_loop().create_task(self._resync())

    async def _resync(self):
        payload = {"code": self.code}
        if self.token:
            payload["token"] = self.token
        try:
            ack = await self.client.call("join", payload, timeout=15)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                socketio.exceptions.DisconnectedError):
            return  # the next reconnect tries again
        if not ack.get("ok"):
            return
        assert self.token is None or ack["token"] == self.token, "a phone must keep its identity"
        self.token, self.state = ack["token"], ack
        self.joins += 1
        self._joined.set()
        for action_id, (event, data) in list(self.outbox.items()):
            await self._send(event, data)

    async def send(self, event: str, data: dict) -> None:
        """Queue an action with a fresh client id and try to send it."""
        action_id = f"a{next(_ids)}"
        data = {"id": action_id, **data}
        self.outbox[action_id] = (event, data)
        await self._send(event, data)

    async def _send(self, event, data):
        try:
            ack = await self.client.call(event, data, timeout=5)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                socketio.exceptions.DisconnectedError):
            return  # stays in the outbox; resent after the reconnect
        if ack and ack.get("ok"):
            self.acks[data["id"]] = ack
            self.outbox.pop(data["id"], None)
        elif ack and "join the session first" in ack.get("error", ""):
            return  # the server restarted and forgot this connection: resent after the next join
        else:
            self.outbox.pop(data["id"], None)
            self.acks[data["id"]] = ack

    async def settled(self, timeout: float) -> None:
        """Wait until nothing is left in the outbox."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.outbox and loop.time() < deadline:
            if self.client.connected and self.joins:
                for action_id, (event, data) in list(self.outbox.items()):
                    await self._send(event, data)
            await asyncio.sleep(0.3)

    async def stop(self):
        self.client.reconnection = False
        await self.client.disconnect()


async def crowd(url: str, code: str, n: int, batch: int = 50) -> list[Phone]:
    """n phones joined, started in batches."""
    phones = []
    for start in range(0, n, batch):
        phones += await asyncio.gather(*(Phone(url, code).start() for _ in range(min(batch, n - start))))
    return phones
