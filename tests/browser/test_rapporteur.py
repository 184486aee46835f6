"""A rapporteur link in real browsers: the console makes it in the takeaways card, the rapporteur's
page writes and rewrites the key takeaways, the board and the console follow, a facilitator's own
change reaches the page without losing what the rapporteur is typing, and once revoked the page
says so and offers nothing."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot_of, signed_in

pytestmark = pytest.mark.browser

PLAN = {"title": "Partners meet-up", "stages": [
    {"kind": "plenary", "title": "Closing plenary", "minutes": 20, "activities": []}]}


def test_a_rapporteur_writes_the_takeaways_and_a_revoked_link_stops(browser, server, page_errors, shots):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})  # the last stage: the board shows takeaways
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    console.on("dialog", lambda dialog: dialog.accept())
    console.goto(made["console_url"])
    console.wait_for_selector(".connection-ok")

    card = console.locator("section.console-takeaways")
    card.get_by_role("button", name="Create a rapporteur link for the session").click()
    address = card.get_by_role("textbox", name="Rapporteur link of the session")
    expect(address).to_have_value(re.compile(rf"/rapporteur/{code}\?key=.+"))
    card.get_by_role("button", name="Show QR").click()
    expect(card.locator("img.host-link-qr")).to_be_visible()
    screenshot_of(card, str(shots / "console-rapporteur-link.png"))

    board = page_errors(browser.new_page(viewport={"width": 1920, "height": 1080}), "board")
    board.goto(made["board_url"])
    rapporteur = page_errors(browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page(),
                             "rapporteur")
    rapporteur.goto(address.input_value())
    expect(rapporteur).to_have_url(f"{server.url}/rapporteur/{code}")  # the secret left the address bar
    rapporteur.wait_for_selector(".connection-ok")

    # The rapporteur writes two takeaways; the board and the console show them.
    for text in ("Southern partners <b>set</b> the agenda from the first call", "Pool the reporting"):
        rapporteur.get_by_label("A takeaway").fill(text)
        rapporteur.get_by_role("button", name="Add").click()
        expect(rapporteur.locator("#takeaways-list")).to_contain_text(text)
    expect(board.locator(".board-takeaways li")).to_have_text(
        ["Southern partners <b>set</b> the agenda from the first call", "Pool the reporting"])
    expect(console.locator("#takeaways-list .takeaway-text")).to_have_count(2)

    # The rapporteur rewrites the second; meanwhile the facilitator adds one: the page shows it and
    # keeps what is being typed.
    rapporteur.get_by_role("button", name="Edit takeaway 2").click()
    box = rapporteur.get_by_role("textbox", name="Takeaway 2")
    box.fill("Pool the reporting: one format for every funder")
    console.get_by_label("A takeaway").fill("Budget for trust")
    card.get_by_role("button", name="Add").click()
    expect(rapporteur.locator("#takeaways-list")).to_contain_text("Budget for trust")
    expect(box).to_have_value("Pool the reporting: one format for every funder")
    rapporteur.get_by_role("button", name="Save").click()
    expect(board.locator(".board-takeaways li").nth(1)).to_have_text("Pool the reporting: one format for every funder")
    expect(console.locator("#takeaways-list")).to_contain_text("one format for every funder")
    screenshot_of(rapporteur.locator("#content"), str(shots / "rapporteur.png"))
    assert axe_violations(rapporteur) == []

    # Revoked: the page says so at once and offers nothing; the takeaways stay.
    card.get_by_role("button", name="Revoke").click()
    expect(rapporteur.locator("#rapporteur-message")).to_contain_text("revoked")
    expect(rapporteur.locator("#takeaway-form")).to_be_hidden()
    expect(rapporteur.locator("#takeaways-list li")).to_have_count(0)
    expect(card.get_by_role("button", name="Create a rapporteur link for the session")).to_have_text("Create")
    expect(board.locator(".board-takeaways li")).to_have_count(3)
    assert page_errors.seen == []
