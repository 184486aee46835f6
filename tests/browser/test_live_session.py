"""The partos meet-up in real browsers: a facilitator's console, the board and three phones."""
import io

import pytest

pytestmark = pytest.mark.browser
XSS = '<img src=x onerror="document.title=\'pwned\'">Shared budgets'


def decode_qr(png: bytes) -> str:
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert found, "no QR code could be read from the board"
    return found[0].text


def open_pages(browser, server, page_errors, made):
    console = page_errors(browser.new_context(viewport={"width": 1440, "height": 1000}).new_page(), "console")
    console.goto(f"{server.url}/console?token=live-test-token")
    console.goto(f"{server.url}/console/{made['code']}")
    console.wait_for_selector(".connection-ok")
    board = page_errors(browser.new_context(viewport={"width": 1920, "height": 1080}).new_page(), "board")
    board.goto(made["board_url"])
    return console, board


def test_the_meetup_runs_in_browsers(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": "partos-meetup"})
    console, board = open_pages(browser, server, page_errors, made)

    # The QR code on the board is a real one: a decoder reads the join URL from its pixels.
    qr = board.locator("img[src$='qr.svg']")
    qr.wait_for()
    join_url = decode_qr(qr.screenshot())
    assert join_url == made["join_url"]

    phones = []
    for i in range(3):
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        phone = page_errors(context.new_page(), f"phone{i}")
        phone.goto(join_url)
        phone.wait_for_selector(".connection-ok")
        phones.append(phone)
    board.locator("#board-joined-count", has_text="3").wait_for()

    # Plenary: the warm-up poll opens with the stage; votes stream to the board.
    console.click("#stage-next")
    for i, phone in enumerate(phones):
        form = phone.locator(".poll-form").first
        form.wait_for()
        form.locator(".choice").nth([2, 2, 0][i]).click()
        form.locator("button[type=submit]").click()
        phone.get_by_text("Your vote is in").first.wait_for()
    board.get_by_text("3 people voted").first.wait_for()
    assert board.locator(".bar-value strong").all_text_contents() == ["1", "0", "2", "0"]
    if shots.name == "screenshots":
        board.screenshot(path=str(shots / "board.png"))
        phones[0].get_by_text("3 people voted").first.wait_for()  # phones get results once a second
        phones[0].evaluate("window.scrollTo(0, 0)")
        phones[0].screenshot(path=str(shots / "phone.png"), full_page=True)

    # Working groups: every phone and the board follow; a note with markup stays text.
    console.click("#stage-next")
    for i, phone in enumerate(phones):
        phone.locator(".group-choice").first.wait_for()
        assert "Working groups" in phone.locator("#stage-title").text_content()
        phone.locator(".group-choice").nth(i % 2).click()
        phone.locator(".note-form").first.wait_for()
    note_form = phones[0].locator(".note-form").first
    note_form.locator("textarea").fill(XSS)
    note_form.locator("button[type=submit]").click()
    phones[0].get_by_text("Posted", exact=True).wait_for()
    board.locator(".note-text", has_text="Shared budgets").wait_for()
    assert board.locator(".note-text").first.text_content() == XSS
    assert board.locator(".note img").count() == 0 and board.title() != "pwned"
    too_long = phones[1].locator(".note-form").first
    too_long.locator("textarea").fill("x" * 300)
    too_long.locator("button[type=submit]").click()
    phones[1].get_by_text("the limit is 280").first.wait_for()
    # A phone of the same group unfolds everyone's notes (fetched when unfolded, not pushed to every
    # phone) and sees a new one arrive while they stay open.
    phones[2].locator(".phone-notes summary").first.click()
    phones[2].locator(".phone-notes .note-text", has_text="Shared budgets").wait_for()
    assert phones[2].locator(".phone-notes img").count() == 0
    own = phones[2].locator(".note-form").first
    own.locator("textarea").fill("Agendas set in the South")
    own.locator("button[type=submit]").click()
    phones[2].locator(".phone-notes .note-text", has_text="Agendas set in the South").wait_for()
    if shots.name == "screenshots":
        board.wait_for_timeout(900)  # a new note fades in
        board.screenshot(path=str(shots / "board-groups.png"))

    # Report-back: the facilitator opens a hidden poll, phones vote, the board waits for the reveal.
    console.click("#stage-next")
    console.locator("[data-key^='open:']").last.click()
    for phone in phones:
        form = phone.locator(".poll-form").first
        form.wait_for()
        form.locator(".choice").first.click()
        form.locator("button[type=submit]").click()
        phone.get_by_text("Your vote is in").first.wait_for()
    board.get_by_text("3 responses — results hidden until the facilitator reveals them").wait_for()
    console.locator("[data-key^='reveal:']").last.click()
    board.get_by_text("3 people voted").first.wait_for()
    phones[2].get_by_text("3 people voted").first.wait_for()
    if shots.name == "screenshots":
        console.screenshot(path=str(shots / "console.png"), full_page=True)
    assert page_errors.seen == []


def test_an_unknown_code_gets_a_friendly_page(browser, server):
    page = browser.new_page()
    page.goto(f"{server.url}/j/ZZZZZZ")
    assert "could not find that session" in page.text_content("body").lower()
