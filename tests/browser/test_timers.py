"""Timers in real browsers: the console runs them, phones and the board count down, overrun is shown."""
import re

import pytest
from playwright.sync_api import expect

from ..conftest import small_plan
from .conftest import signed_in

pytestmark = pytest.mark.browser


def test_the_console_runs_timers_and_every_surface_counts_down(browser, server, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    code = made["code"]
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    # The console's clock is the test's: it can jump past the end of a countdown.
    console.clock.install()
    console.goto(f"{server.url}/console/{code}")
    console.wait_for_selector(".connection-ok")
    phone = page_errors(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    board = page_errors(browser.new_context(viewport={"width": 1920, "height": 1080}).new_page(), "board")
    board.goto(made["board_url"])

    console.click("#stage-next")
    # The stage's planned 10 minutes run from the moment it starts, on every surface.
    expect(console.locator("#stage-timer [data-timer-for=stage]")).to_have_text(re.compile(r"^(10:00|9:\d\d) left$"))
    expect(phone.locator(".stage-timer")).to_have_text(re.compile(r"^(10:00|9:\d\d) left$"))
    expect(board.locator(".board-timer")).to_have_text(re.compile(r"^(10:00|9:\d\d) left$"))

    console.click("#stage-timer-toggle")
    expect(phone.locator(".stage-timer")).to_have_text(re.compile(r"^Paused — (10:00|9:\d\d) left$"))
    console.click("#stage-timer-add")
    expect(board.locator(".board-timer")).to_have_text(re.compile(r"^Paused — (11:00|10:\d\d) left$"))

    # A two-minute timer on the warm-up poll, started from its card.
    card = console.locator("[data-activity]", has_text="Warm-up")
    card.locator(".timer-minutes").fill("2")
    card.get_by_role("button", name="Start").click()
    expect(phone.locator(".activity-poll .activity-timer").first).to_have_text(re.compile(r"^(2:00|1:\d\d) left$"))
    expect(board.locator(".activity-timer").first).to_have_text(re.compile(r"^(2:00|1:\d\d) left$"))

    # Three minutes later (on the console's clock) the poll's timer has run over, in words and in red.
    console.clock.fast_forward("03:00")
    over = card.locator(".timer")
    expect(over).to_have_text(re.compile(r"^(0:5\d|1:0\d) over time$"))
    expect(over).to_have_class(re.compile(r"\bis-over\b"))
    # The paused stage timer did not move.
    expect(console.locator("#stage-timer [data-timer-for=stage]")).to_have_text(
        re.compile(r"^Paused — (11:00|10:\d\d) left$"))
    assert page_errors.seen == []
