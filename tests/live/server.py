"""Start the real server (``python app.py``) in a subprocess and drive it over the network."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "live-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One ``python app.py`` process; ``kill()`` sends SIGKILL, ``start()`` starts it again on the same data."""

    def __init__(self, tmp_path: Path, async_mode: str, database_url: str | None = None, port: int | None = None,
                 extra=()):
        self.tmp_path, self.async_mode = tmp_path, async_mode
        self.database_url = database_url or f"sqlite:///{tmp_path / 'live.db'}"
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra = list(extra)
        self.process = None
        self.log = tmp_path / f"server-{self.port}.log"

    def start(self) -> "Server":
        env = {**os.environ, "BARAZA_INSTANCE": str(self.tmp_path / "instance"), "PYTHONUNBUFFERED": "1"}
        cmd = [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(self.port), "--async-mode",
               self.async_mode, "--database-url", self.database_url, "--token", TOKEN, "--quiet",
               "--public-url", self.url, *self.extra]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """kill -9: no chance to flush or clean up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def api(self, method: str, path: str, **kw):
        response = requests.request(method, self.url + path, headers={"Authorization": f"Bearer {TOKEN}"},
                                    timeout=10, **kw)
        return response.json()

    def create(self, plan) -> str:
        code = self.api("POST", "/api/sessions", json={"plan": plan})["code"]
        self.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
        return code

    def client(self, **headers) -> socketio.Client:
        c = socketio.Client(reconnection=False)
        c.connect(self.url, transports=["websocket"], headers=headers or None, wait_timeout=10)
        return c
