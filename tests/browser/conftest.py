"""Headless Chromium (Debian's package) driven by Playwright, against the real server."""
import os
import shutil
from pathlib import Path

import pytest

from ..live.server import Server
from ..services import missing

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        missing("Chromium", f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        missing("Playwright", exc)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path, "eventlet").start()
    yield s
    s.stop()


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: docs/screenshots/ when BARAZA_SCREENSHOTS=1 (to refresh the docs), else tmp."""
    return SCREENSHOTS if os.environ.get("BARAZA_SCREENSHOTS") == "1" else tmp_path


@pytest.fixture
def page_errors():
    """Every uncaught page error and console error of the pages a test watches."""
    seen = []

    def watch(page, name):
        page.on("pageerror", lambda exc: seen.append(f"{name}: {exc}"))
        page.on("console", lambda m: m.type == "error" and seen.append(f"{name}: {m.text}"))
        return page

    watch.seen = seen
    return watch
