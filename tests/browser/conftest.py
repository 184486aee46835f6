"""Headless Chromium (Debian's package) driven by Playwright, against the real server."""
import os
import shutil
from pathlib import Path

import pytest

from ..live.server import Server
from ..services import missing

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TOKEN = "live-test-token"  # what tests/live/server.py starts the server with
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


def signed_in(browser, server, **options):
    """A browser context that has opened the console link (its cookie signs it in)."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(f"{server.url}/console?token={TOKEN}")
    page.close()
    return context


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (vendored, tests only) on the page; the violations of the given impacts.

    The page's context needs bypass_csp=True: the pages allow only their own scripts."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    # A note that arrived a moment ago is still fading in; axe would measure its contrast mid-way
    # (on a loaded machine). Entrance animations are finished first; endless ones are left running.
    page.evaluate("""() => document.getAnimations().forEach((a) => {
        if (Number.isFinite(a.effect.getComputedTiming().endTime)) a.finish(); })""")
    found = page.evaluate("""async () => (await window.axe.run(document, {resultTypes: ['violations']}))
        .violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.map((n) => n.target.join(' '))}))""")
    return [v for v in found if v["impact"] in impacts]
