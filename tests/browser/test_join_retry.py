"""Phones refused at a busy moment (too many joins from one venue network) get in by themselves."""
import pytest
from playwright.sync_api import expect

from ..conftest import small_plan
from ..live.server import Server

pytestmark = pytest.mark.browser


def test_phones_refused_as_too_many_at_once_join_by_themselves_a_moment_later(browser, tmp_path, monkeypatch,
                                                                             page_errors):
    # One network may let one phone in at once, then one every 5 seconds: the others are refused first.
    monkeypatch.setenv("JOIN_RATE_BURST", "1")
    monkeypatch.setenv("JOIN_RATE_LIMIT", "12")
    server = Server(tmp_path, "gevent").start()
    try:
        made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
        phones = []
        for i in range(3):
            phone = page_errors(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), f"phone{i}")
            phone.goto(made["join_url"])
            phones.append(phone)
        expect(phones[2].locator("#connection")).to_contain_text("wait a moment", timeout=10_000)
        for phone in phones:
            expect(phone.locator(".connection-ok")).to_be_visible(timeout=45_000)
        assert server.api("GET", f"/api/sessions/{made['code']}")["state"]["participants"] == 3
    finally:
        server.stop()
    # The refusals are the server's answers, not page errors.
    assert page_errors.seen == []
