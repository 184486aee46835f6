"""Key takeaways: written in the console, on the board in the report-back, on phones at the end, as text."""
import pytest
from playwright.sync_api import expect

from ..conftest import small_plan
from .conftest import signed_in

pytestmark = pytest.mark.browser
XSS = '<img src=x onerror="document.title=\'pwned\'">Budgets follow the agenda'


def test_the_facilitator_writes_the_takeaways_and_the_room_sees_them(browser, server, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    code = made["code"]
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    console.goto(f"{server.url}/console/{code}")
    console.wait_for_selector(".connection-ok")
    board = page_errors(browser.new_context(viewport={"width": 1920, "height": 1080}).new_page(), "board")
    board.goto(made["board_url"])
    phone = page_errors(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")

    for text in ("Southern partners set the agenda", "A typo to fix", XSS):
        console.fill("#takeaway-text", text)
        console.get_by_role("button", name="Add", exact=True).click()
        expect(console.locator("#takeaways-list .takeaway-text").last).to_have_text(text)
    console.get_by_role("button", name="Edit takeaway 2").click()
    console.locator("#takeaways-list textarea").fill("Trust is built in small steps")
    console.locator("#takeaways-list").get_by_role("button", name="Save").click()
    console.get_by_role("button", name="Delete takeaway 1").click()
    expect(console.locator("#takeaways-list .takeaway-text")).to_have_text(["Trust is built in small steps", XSS])

    # Not on the board during the plenary; there in the report-back (the last stage).
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    expect(board.locator("#board-stage-title")).to_have_text("Opening")
    expect(board.locator(".board-takeaways")).to_have_count(0)
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "goto", "position": 2})
    expect(board.locator(".board-takeaways li")).to_have_text(["Trust is built in small steps", XSS])

    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "end"})
    expect(phone.locator(".phone-takeaways li")).to_have_text(["Trust is built in small steps", XSS])
    expect(board.locator(".board-takeaways li")).to_have_count(2)
    for page in (console, board, phone):
        assert page.locator(".board-takeaways img, .phone-takeaways img, #takeaways-list img").count() == 0
        assert page.title() != "pwned"
    assert page_errors.seen == []
