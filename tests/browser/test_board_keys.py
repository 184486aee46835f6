"""The facilitator's keys on the board (N next stage, R reveal, T timer, F full screen), and only for them."""
import requests
from playwright.sync_api import expect
import pytest

from ..conftest import small_plan
from .conftest import TOKEN, signed_in

BIG = {"viewport": {"width": 1920, "height": 1080}}


def state(server, code) -> dict:
    return server.api("GET", f"/api/sessions/{code}")["state"]


def visible(server, code, title) -> bool:
    return next(a["results_visible"] for a in state(server, code)["stage"]["activities"] if a["title"] == title)


@pytest.mark.browser
def test_a_signed_in_facilitator_runs_the_session_from_the_board_keyboard(browser, server, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    code = made["code"]
    board = page_errors(signed_in(browser, server, **BIG).new_page(), "board")
    board.goto(made["board_url"])
    board.locator(".board-message").wait_for()
    assert board.locator("#app").get_attribute("data-api-token") == TOKEN
    expect(board.locator("#board-keys")).to_be_visible()
    assert board.locator("#board-keys kbd").all_text_contents() == ["N", "R", "T", "F", "D"]

    board.keyboard.press("n")
    expect(board.locator("#board-keys-status")).to_have_text("Now: Opening")
    expect(board.locator("#board-stage-title")).to_have_text("Opening")
    board.keyboard.press("d")  # a board's notes in the order they came, then most dots first again
    expect(board.locator("#board-keys-status")).to_have_text("Notes in the order they came.")
    board.keyboard.press("d")
    expect(board.locator("#board-keys-status")).to_have_text("Notes with the most dots first.")
    assert state(server, code)["stage_index"] == 0

    # The stage's countdown starts with the stage; T pauses it and starts it again.
    timer = board.locator(".board-timer")
    expect(timer).to_contain_text(" left")
    assert state(server, code)["stage"]["timers"]["stage"]["running"] is True
    board.keyboard.press("t")
    expect(board.locator("#board-keys-status")).to_have_text("Timer paused.")
    expect(timer).to_contain_text("Paused — ")
    assert state(server, code)["stage"]["timers"]["stage"]["running"] is False
    board.keyboard.press("t")
    expect(board.locator("#board-keys-status")).to_have_text("Timer running.")
    assert state(server, code)["stage"]["timers"]["stage"]["running"] is True

    # R reveals the latest activity whose results are hidden ("Pick any"), then says there is none.
    assert not visible(server, code, "Pick any")
    board.keyboard.press("r")
    expect(board.locator("#board-keys-status")).to_have_text("Results revealed: Pick any")
    assert visible(server, code, "Pick any")
    board.keyboard.press("r")
    expect(board.locator("#board-keys-status")).to_have_text("No hidden results to reveal.")

    # A key with Ctrl (the browser's own shortcuts) is not the board's.
    board.keyboard.press("Control+n")
    board.keyboard.press("n")
    expect(board.locator("#board-keys-status")).to_have_text("Now: Working groups")
    expect(board.locator("#board-stage-title")).to_have_text("Working groups")
    assert state(server, code)["stage_index"] == 1
    board.keyboard.press("n")
    expect(board.locator("#board-keys-status")).to_have_text("Now: Report-back")

    # On the last stage "next" ends the session: the first N only warns.
    board.keyboard.press("n")
    expect(board.locator("#board-keys-status")).to_contain_text("press N again")
    assert state(server, code)["status"] == "running"
    board.keyboard.press("n")
    expect(board.locator("#board-stage-kind")).to_have_text("Ended")
    assert state(server, code)["status"] == "ended"

    board.keyboard.press("f")
    board.wait_for_function("() => document.fullscreenElement !== null")
    board.keyboard.press("f")
    board.wait_for_function("() => document.fullscreenElement === null")
    assert page_errors.seen == []


@pytest.mark.browser
def test_an_anonymous_board_has_no_token_and_its_keys_change_nothing(browser, server, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    code = made["code"]
    board = page_errors(browser.new_context(**BIG).new_page(), "board")
    board.goto(made["board_url"])
    board.locator(".board-message").wait_for()
    assert board.locator("#app").get_attribute("data-api-token") is None
    assert board.locator("#board-keys").count() == 0
    for key in ("n", "r", "t", "n"):
        board.keyboard.press(key)
    board.wait_for_timeout(1000)
    assert state(server, code)["status"] == "lobby" and state(server, code)["stage_index"] is None
    assert page_errors.seen == []


def test_only_a_browser_signed_in_to_the_console_gets_the_token_on_the_board(server):
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    anonymous = requests.get(made["board_url"], timeout=10)
    assert anonymous.ok and TOKEN not in anonymous.text and "data-api-token" not in anonymous.text
    wrong = requests.Session()
    assert wrong.get(f"{server.url}/console?token=not-the-token", timeout=10).status_code == 403
    assert TOKEN not in wrong.get(made["board_url"], timeout=10).text

    facilitator = requests.Session()
    facilitator.get(f"{server.url}/console?token={TOKEN}", timeout=10)
    page = facilitator.get(made["board_url"], headers={"Accept-Encoding": "gzip, br"}, timeout=10)
    assert f'data-api-token="{TOKEN}"' in page.text
    # A page with the token is never kept by a cache, and never compressed (BREACH).
    assert page.headers["Cache-Control"] == "no-store" and "Content-Encoding" not in page.headers
    assert "Cookie" in page.headers["Vary"]
