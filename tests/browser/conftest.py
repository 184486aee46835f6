"""Headless Chromium (Debian's package) driven by Playwright, against the real server."""
import json
import os
import shutil
from collections import Counter
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


def screenshot_of(locator, path):
    """An element's screenshot, for the docs. A live page may redraw it while it is taken (a result
    the server broadcasts after the answer the test waited for); its twin then stands in its place."""
    from playwright.sync_api import Error

    for attempt in range(5):
        try:
            return locator.screenshot(path=path)
        except Error as error:
            if "not attached" not in str(error) or attempt == 4:
                raise


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


class AnswerHold:
    """Sits on a browser context's Socket.IO websocket (Playwright's ``route_web_socket``) and holds
    back the server's answer to the first ``event`` the page sends once armed, until the test lets
    it go: a late answer without waiting on the clock. ``release()`` returns once the page has
    handled it (a ping sent after it has been answered). ``heard`` counts the events the server
    sent the page, by name; ``flush()`` returns once the page has handled every one of them."""

    def __init__(self, context, event: str | None, armed: bool = True):
        """``event`` None: nothing is held back, the page's socket is only watched."""
        self.event, self.armed = json.dumps(event), armed and event is not None
        self.asked, self.held, self.pongs = [], [], []
        self.heard = Counter()
        self._page_side = None
        context.route_web_socket("**/socket.io/**", self._route)

    def arm(self):
        self.armed = True

    def _route(self, ws):
        upstream = ws.connect_to_server()
        self._page_side = ws

        def from_page(message):
            if isinstance(message, str):
                ack_id, _, args = message[2:].partition("[")
                if message == "3":
                    self.pongs.append(message)
                elif self.armed and message.startswith("42") and args.startswith(self.event):
                    self.asked.append(ack_id)
            upstream.send(message)

        def from_server(message):
            if isinstance(message, str) and message.startswith('42["'):
                self.heard[message[4:].partition('"')[0]] += 1
            if isinstance(message, str) and message.startswith("43") and self.asked and not self.held \
                    and message[2:].partition("[")[0] == self.asked[0]:
                self.held.append(message)
                return
            ws.send(message)

        ws.on_message(from_page)
        upstream.on_message(from_server)

    def wait_held(self, page):
        self.wait_until(page, self.held, "the answer was not held back: the test would not test anything")

    def release(self, page):
        self._page_side.send(self.held[0])
        self.flush(page)

    def answer_instead(self, page, answer: dict):
        """Give the page ``answer`` for the held one (a refusal the server could have sent)."""
        self._page_side.send(f"43{self.asked[0]}{json.dumps([answer])}")
        self.flush(page)

    def flush(self, page):
        pongs = len(self.pongs)
        self._page_side.send("2")  # an Engine.IO ping: the page answers it after what came before
        self.wait_until(page, lambda: len(self.pongs) > pongs, "the page did not answer the ping")

    @staticmethod
    def wait_until(page, done, why):
        for _ in range(200):
            if done() if callable(done) else done:
                return
            page.wait_for_timeout(50)
        raise AssertionError(why)


class ReplyHold:
    """Holds back the server's reply to the first read (GET) a page makes of ``url`` (a glob) once
    armed, until the test lets it go. The request reaches the server at once, so the reply is what
    the server answered then: an old answer arriving late, as HTTP replies may (``page.route``)."""

    def __init__(self, page, url: str, armed: bool = True):
        self.armed, self.held = armed, []
        page.route(url, self._route)

    def arm(self):
        self.armed = True

    def _route(self, route):
        if self.armed and not self.held and route.request.method == "GET":
            self.held.append((route, route.fetch()))
        else:
            route.continue_()

    def wait_held(self, page):
        AnswerHold.wait_until(page, self.held, "the reply was not held back: the test would not test anything")

    def release(self, page):
        """Let the reply go; returns once the page has it and its handlers have run."""
        route, reply = self.held[0]
        with page.expect_event("requestfinished", lambda request: request.url == route.request.url):
            route.fulfill(response=reply)
        page.evaluate("() => new Promise((done) => { window.setTimeout(done, 100); })")
