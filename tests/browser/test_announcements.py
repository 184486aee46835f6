"""An announcement from the console reaches every phone and the board as text, and comes down again."""
import pytest
from playwright.sync_api import expect

from ..conftest import small_plan
from .conftest import axe_violations, signed_in

pytestmark = pytest.mark.browser
TEXT = 'Coffee in the hall <img src=x onerror="document.title=\'pwned\'">'


def test_the_facilitator_announces_and_takes_it_down(browser, server, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}, bypass_csp=True).new_page(), "console")
    console.goto(f"{server.url}/console/{made['code']}")
    console.wait_for_selector(".connection-ok")
    phone = page_errors(browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True).new_page(),
                        "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    board = page_errors(browser.new_context(viewport={"width": 1920, "height": 1080}, bypass_csp=True).new_page(),
                        "board")
    board.goto(made["board_url"])
    expect(board.locator("#board-announcement")).to_be_hidden()

    console.fill("#announce-text", TEXT)
    console.get_by_role("button", name="Announce").click()
    expect(console.locator("#announce-current")).to_have_text(f"On show: “{TEXT}”")
    expect(board.locator("#board-announcement-text")).to_have_text(TEXT)
    expect(phone.locator("#announcement-text")).to_have_text(TEXT)
    # Read out to screen readers once, through the phone's live region.
    expect(phone.locator("#announce")).to_have_text(f"From the facilitator: {TEXT}")
    assert phone.locator("#announcement img").count() == 0 and board.locator("#board-announcement img").count() == 0
    assert phone.title() != "pwned" and board.title() != "pwned"
    # The banners and the console's form pass axe too (bypass_csp: only to add axe-core to the pages).
    for page in (console, phone, board):
        assert [v["id"] for v in axe_violations(page)] == []

    # A late phone sees it too; a participant may put it away on their own phone.
    late = page_errors(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), "late phone")
    late.goto(made["join_url"])
    expect(late.locator("#announcement-text")).to_have_text(TEXT)
    late.get_by_role("button", name="Hide").click()
    expect(late.locator("#announcement")).to_be_hidden()
    expect(phone.locator("#announcement")).to_be_visible()

    console.get_by_role("button", name="Take it down").click()
    expect(board.locator("#board-announcement")).to_be_hidden()
    expect(phone.locator("#announcement")).to_be_hidden()
    expect(console.locator("#announce-current")).to_have_text("No announcement on show.")
    assert page_errors.seen == []
