"""A note being written when its board closes is kept on the phone, shown, and comes back on reopening."""
import pytest
from playwright.sync_api import expect

from ..conftest import small_plan

pytestmark = pytest.mark.browser


def test_closing_a_board_keeps_the_note_being_written(browser, server, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    wall = next(a for a in server.api("GET", f"/api/sessions/{code}")["state"]["stage"]["activities"]
                if a["kind"] == "board")
    phone = page_errors(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.locator(".note-form textarea").fill("Donors decide the indicators")

    server.api("POST", f"/api/sessions/{code}/activities/{wall['id']}", json={"action": "close"})
    kept = phone.locator(".kept-draft")
    expect(kept.locator(".kept-draft-text")).to_have_text("Donors decide the indicators")
    expect(phone.locator(".note-form")).to_have_count(0)

    phone.reload()  # kept on the phone, not only in the page
    expect(phone.locator(".kept-draft-text")).to_have_text("Donors decide the indicators")

    server.api("POST", f"/api/sessions/{code}/activities/{wall['id']}", json={"action": "open"})
    expect(phone.locator(".note-form textarea")).to_have_value("Donors decide the indicators")
    phone.locator(".note-form button[type=submit]").click()
    phone.get_by_text("Posted", exact=True).wait_for()
    notes = server.api("GET", f"/api/sessions/{code}/activities/{wall['id']}/results")["results"]["notes"]
    assert [n["text"] for n in notes] == ["Donors decide the indicators"]
    assert page_errors.seen == []
