"""Languages: the participant's pick, else the browser's, else the session's; the board in the session's;
the plan's own text as written. (The catalogues themselves: test_catalogues.py.)"""
import json
import re

import pytest
from playwright.sync_api import expect

from ..conftest import TOKEN as CLIENT_TOKEN
from ..conftest import small_plan
from .conftest import PHONE, signed_in


def html_lang(html: str) -> str:
    return re.search(r'<html lang="(\w+)"', html).group(1)


# ---------------------------------------------------------------- which language a page speaks


@pytest.fixture
def dutch_session(client):
    plan = small_plan(language="nl")
    return client.post("/api/sessions", json={"plan": plan},
                       headers={"Authorization": f"Bearer {CLIENT_TOKEN}"}).get_json()["code"]


@pytest.mark.parametrize("accept, query, cookie, expected", [
    ("fr-SN,fr;q=0.9,en;q=0.5", "", None, "fr"),     # the browser's language
    ("pt-BR", "", None, "pt"),
    ("sw-KE,sw;q=0.9", "", None, "nl"),              # none of ours: the session's
    (None, "", None, "nl"),
    ("fr", "?lang=es", None, "es"),                  # the participant's pick wins
    ("fr", "", "en", "en"),                          # ... kept in the cookie
    ("fr", "?lang=xx", "zz", "fr"),                  # not a language of ours
])
def test_the_phone_speaks_the_participants_then_the_browsers_then_the_sessions_language(
        client, dutch_session, accept, query, cookie, expected):
    if cookie:
        client.set_cookie("baraza_lang", cookie)
    page = client.get(f"/j/{dutch_session}{query}", headers={"Accept-Language": accept} if accept else {})
    assert page.status_code == 200 and html_lang(page.get_data(as_text=True)) == expected


def test_a_picked_language_is_kept_in_a_cookie_and_the_plan_text_stays_as_written(client, dutch_session):
    page = client.get(f"/j/{dutch_session}?lang=es", headers={"Accept-Language": "fr"})
    assert "baraza_lang=es" in page.headers["Set-Cookie"] and "Max-Age=31536000" in page.headers["Set-Cookie"]
    again = client.get(f"/j/{dutch_session}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert html_lang(again) == "es" and "Conectando con la sesión…" in again and "Test meet-up" in again


def test_the_board_speaks_the_sessions_language_and_the_console_english(client, dutch_session):
    board = client.get(f"/board/{dutch_session}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert html_lang(board) == "nl" and "Doe mee via je telefoon" in board
    assert html_lang(client.get(f"/board/{dutch_session}?lang=pt").get_data(as_text=True)) == "pt"
    client.get(f"/console?token={CLIENT_TOKEN}")
    console = client.get(f"/console/{dutch_session}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert html_lang(console) == "en"


def test_the_session_state_carries_the_plans_language(client, dutch_session):
    state = client.get(f"/api/sessions/{dutch_session}",
                       headers={"Authorization": f"Bearer {CLIENT_TOKEN}"}).get_json()["state"]
    assert state["language"] == "nl"
    refused = client.post("/api/sessions", json={"plan": small_plan(language="de")},
                          headers={"Authorization": f"Bearer {CLIENT_TOKEN}"})
    assert refused.status_code == 400 and "language" in refused.get_json()["error"]


def test_the_js_gets_its_strings_in_the_pages_language(client, dutch_session):
    html = client.get(f"/j/{dutch_session}?lang=fr").get_data(as_text=True)
    messages = json.loads(re.search(r"data-messages='([^']*)'", html).group(1))
    assert messages["Vote"] == "Voter"
    assert messages["{n} person voted"] == ["{n} personne a voté", "{n} personnes ont voté"]
    english = client.get(f"/j/{dutch_session}?lang=en").get_data(as_text=True)
    assert "data-messages='{}'" in english


# ---------------------------------------------------------------- in the browser


@pytest.mark.browser
def test_a_participant_reads_their_language_and_picks_another(browser, server, page_errors):
    code = server.create(small_plan(language="nl"))
    context = browser.new_context(**PHONE, locale="fr-FR")
    phone = page_errors(context.new_page(), "phone")
    phone.goto(f"{server.url}/j/{code}")
    expect(phone.locator("#connection")).to_have_text("Connecté")
    expect(phone.locator(".stage-kind")).to_have_text("Plénière")
    poll = phone.locator(".activity", has_text="Warm-up")  # the plan's words, as written
    expect(poll.locator(".hint")).to_have_text("Choisissez une réponse")
    poll.locator(".choice").first.click()
    poll.locator("button[type=submit]").click()
    expect(poll.locator(".status-ok")).to_have_text("Votre vote est enregistré — vous pouvez le modifier "
                                                      "jusqu’à la clôture du sondage")
    expect(phone.locator(".bars-total").first).to_have_text("1 personne a voté")

    phone.select_option("#language-select", "es")
    phone.locator("#language-form button[type=submit]").click()
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("#connection")).to_have_text("Conectado")
    expect(phone.locator(".activity", has_text="Warm-up").locator("button[type=submit]")).to_have_text("Cambiar mi voto")
    assert phone.evaluate("localStorage.getItem('baraza:lang')") == '"es"'
    assert {c["name"]: c["value"] for c in context.cookies()}["baraza_lang"] == "es"

    # The cookie is lost: the phone remembers the pick in localStorage and asks for it again.
    context.clear_cookies()
    phone.goto(f"{server.url}/j/{code}")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("#connection")).to_have_text("Conectado")

    # Offline, changing the language would lose the page: the phone says so and stays.
    context.set_offline(True)
    phone.wait_for_selector(".connection-offline")
    phone.select_option("#language-select", "nl")
    phone.locator("#language-form button[type=submit]").click()
    expect(phone.locator("#language-status")).to_have_text(
        "Estás sin conexión: cambia el idioma cuando vuelva la conexión.")
    context.set_offline(False)
    assert [e for e in page_errors.seen if "ERR_INTERNET_DISCONNECTED" not in e] == []


@pytest.mark.browser
def test_the_facilitator_sets_the_sessions_language_in_the_builder(browser, server, page_errors):
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    console.goto(f"{server.url}/console")
    console.fill("#builder-title", "Reunião de parceiros")
    console.select_option("#builder-language", "pt")
    console.fill("#b-s0-title", "Boas-vindas")
    console.click("#builder-submit")
    console.wait_for_url(re.compile(r"/console/[A-Z0-9]{6}$"))
    code = console.url.rsplit("/", 1)[1]
    assert server.api("GET", f"/api/sessions/{code}")["state"]["language"] == "pt"
    board = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    board.goto(f"{server.url}/board/{code}")
    expect(board.locator("#board-join-label")).to_have_text("Participe pelo seu telefone")
    expect(board.locator("#board-stage-kind")).to_have_text("Começa em breve")
    phone = browser.new_context(**PHONE, locale="nl-NL").new_page()
    phone.goto(f"{server.url}/j/{code}")
    expect(phone.locator("#connection")).to_have_text("Verbonden")
    expect(board.locator(".board-joined")).to_have_text("1 pessoa conectada")
    assert page_errors.seen == []
