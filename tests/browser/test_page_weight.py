"""Low bandwidth: what a phone downloads to open a session, measured on the wire (docs/performance.md)."""
from urllib.parse import urlsplit

import pytest
import requests

from ..conftest import small_plan
from .conftest import PHONE

pytestmark = pytest.mark.browser
BUDGET = 150 * 1024  # bytes, compressed, everything the phone page needs to be usable


def load_phone(browser, server, code, **options):
    """Open the phone page in a fresh browser (empty cache); every response and WebSocket frame."""
    context = browser.new_context(**PHONE, **options)
    page = context.new_page()
    finished, frames, sockets = [], [], []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: finished.append(request))

    def watch(ws):
        sockets.append(ws.url)
        ws.on("framereceived", lambda payload: frames.append(len(payload.encode() if isinstance(payload, str) else payload)))
        ws.on("framesent", lambda payload: frames.append(len(payload.encode() if isinstance(payload, str) else payload)))

    page.on("websocket", watch)
    page.goto(f"{server.url}/j/{code}")
    page.wait_for_selector(".connection-ok")
    page.locator(".poll-form").first.wait_for()
    page.wait_for_timeout(1500)  # results snapshots, the clock check: whatever comes in the first seconds
    return context, page, finished, frames, sockets


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])  # French also carries its strings for the JS
def test_the_phone_page_loads_in_under_150_kb_from_this_server_only(browser, server, locale):
    code = server.create(small_plan())
    context, page, finished, frames, sockets = load_phone(browser, server, code, locale=locale)
    assert page.locator("html").get_attribute("lang") == locale[:2]
    origin = urlsplit(server.url).netloc
    urls = [r.url for r in finished] + sockets
    assert [u for u in urls if urlsplit(u).netloc != origin] == [], "a request left the server"
    assert all(r.failure is None for r in finished), [(r.url, r.failure) for r in finished if r.failure]

    wire, decoded = 0, 0
    rows = []
    for request in finished:
        sizes = request.sizes()
        wire += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        response = request.response()
        body = len(response.body()) if response.status == 200 else 0
        decoded += body
        rows.append((urlsplit(request.url).path, sizes["responseBodySize"], body,
                     response.header_value("content-encoding")))
    total = wire + sum(frames)
    report = "\n".join(f"  {path:50} {sent:>7} B sent {body:>7} B decoded {enc or ''}" for path, sent, body, enc in rows)
    print(f"\nphone page ({locale}): {total} B on the wire ({wire} B HTTP in {len(rows)} responses, "
          f"{sum(frames)} B in {len(frames)} WebSocket frames); {decoded} B of HTTP bodies decoded\n{report}")
    assert total < BUDGET, report
    # The text the phone downloads is compressed (zstd, Brotli or gzip, as the browser asks).
    for path, sent, body, encoding in rows:
        if path.endswith((".js", ".css")) or path.startswith("/j/"):
            assert encoding in ("zstd", "br", "gzip"), (path, encoding)
            assert sent < body, path


def test_a_browser_on_plain_http_gets_gzip(browser, server):
    """Over plain http:// on a venue's network, Chromium offers only gzip and deflate. Compression follows
    Accept-Encoding; Socket.IO (a WebSocket) is untouched and still connects."""
    code = server.create(small_plan())
    context, page, finished, _frames, sockets = load_phone(
        browser, server, code, extra_http_headers={"Accept-Encoding": "gzip, deflate"})
    encodings = {urlsplit(r.url).path: r.response().header_value("content-encoding") for r in finished}
    assert encodings["/static/js/phone.js"] == "gzip" and encodings[f"/j/{code}"] == "gzip"
    assert sockets and page.locator(".connection-ok").count() == 1
    wire = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished) + sum(_frames)
    print(f"\nphone page (gzip only): {wire} B on the wire")
    assert wire < BUDGET


def test_a_compressed_static_file_is_revalidated_not_downloaded_again(server):
    url = f"{server.url}/static/js/phone.js"
    first = requests.get(url, headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert first.headers["Content-Encoding"] == "gzip" and first.headers["ETag"].endswith(':gzip"')
    again = requests.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}, timeout=10)
    assert again.status_code == 304 and again.content == b""
    plain = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=10)
    assert "Content-Encoding" not in plain.headers and plain.content == first.content  # requests decodes gzip
