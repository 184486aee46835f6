"""Two processes behind one address (docs/deploy/haproxy.cfg), sharing Redis and PostgreSQL."""
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
import socketio

from ..conftest import small_plan
from ..services import missing, postgres_schema
from .server import TOKEN, free_port
from .test_scale_out import message_queue  # noqa: F401  (fixture)

pytestmark = [pytest.mark.live, pytest.mark.postgres]
CONFIG = Path(__file__).resolve().parents[2] / "docs" / "deploy" / "haproxy.cfg"


def _listening(process, port: int, seconds: float = 10) -> bool:
    """Whether HAProxy accepts connections on ``port`` (it binds its front at once, backends or not)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False  # it exited: its log says why (a port taken meanwhile, for one)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


@pytest.fixture
def proxy(tmp_path):
    """Start HAProxy with the documented configuration, its ports moved to free ones. A free port
    may be taken before HAProxy binds it (an outgoing connection's own port): then it starts again
    on others, and says why if it cannot."""
    if not shutil.which("haproxy"):
        missing("HAProxy", "apt-get install haproxy")
    log = tmp_path / "haproxy.log"
    for _attempt in range(3):
        ports = {"front": free_port(), "w1": free_port(), "w2": free_port()}
        text = (CONFIG.read_text().replace("127.0.0.1:8080", f"127.0.0.1:{ports['front']}")
                .replace("127.0.0.1:5001", f"127.0.0.1:{ports['w1']}").replace("127.0.0.1:5002", f"127.0.0.1:{ports['w2']}"))
        config = tmp_path / "haproxy.cfg"
        config.write_text(text)
        with log.open("ab") as out:
            process = subprocess.Popen(["haproxy", "-db", "-f", str(config)], stdout=out, stderr=out)
        if _listening(process, ports["front"]):
            break
        process.kill()
        process.wait(10)
    else:
        pytest.fail(f"HAProxy did not start: {log.read_text(errors='replace')[-800:]}")
    yield ports
    process.terminate()
    process.wait(10)


def test_phones_and_boards_behind_one_address_reach_each_other(start_server, proxy, message_queue):  # noqa: F811
    with postgres_schema() as url:
        options = {"database_url": url, "extra": ["--message-queue", message_queue]}
        for worker in ("w1", "w2"):
            start_server("eventlet", port=proxy[worker], **options)
        front = f"http://127.0.0.1:{proxy['front']}"
        headers = {"Authorization": f"Bearer {TOKEN}"}
        # HAProxy takes a process into rotation after its health checks pass: wait for both.
        answered, deadline = set(), time.monotonic() + 30
        while not {"w1", "w2"} <= answered and time.monotonic() < deadline:
            try:
                answered.add(requests.get(f"{front}/healthz", timeout=1).cookies.get("BARAZA_WORKER"))
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        assert {"w1", "w2"} <= answered, f"HAProxy took {sorted(filter(None, answered))} into rotation in 30 s"
        code = requests.post(f"{front}/api/sessions", json={"plan": small_plan()}, headers=headers,
                             timeout=10).json()["code"]
        requests.post(f"{front}/api/sessions/{code}/stage", json={"action": "next"}, headers=headers, timeout=10)

        seen = []
        board = socketio.Client(reconnection=False)
        board.on("results", seen.append)
        board.connect(front, transports=["websocket"])
        assert board.call("board.join", {"code": code}, timeout=10)["ok"]
        phones, workers = [], set()
        for i in range(8):
            # Half on WebSocket, half on long-polling (a phone whose network blocks WebSocket).
            phone = socketio.Client(reconnection=False, http_session=requests.Session())  # a phone's own cookies
            phone.connect(front, transports=["websocket"] if i >= 4 else ["polling"])
            ack = phone.call("join", {"code": code}, timeout=10)
            poll = ack["state"]["stage"]["activities"][0]
            assert phone.call("vote", {"id": f"v{i}", "activity": poll["id"], "choices": [i % 3]}, timeout=10)["ok"]
            workers |= {c.value for c in phone.eio.http.cookies if c.name == "BARAZA_WORKER"} if phone.eio.http else set()
            phones.append(phone)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(s["activity"] == poll["id"] and s["responses"] == 8 for s in seen):
            time.sleep(0.1)
        assert [s for s in seen if s["activity"] == poll["id"]][-1]["results"]["counts"] == [3, 3, 2]
        assert workers == {"w1", "w2"}, "the proxy spread the phones over both processes"
        for c in [board, *phones]:
            c.disconnect()
