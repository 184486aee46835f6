"""Pages: the board's QR code, friendly errors for unknown codes, console sign-in, escaping."""
import xml.etree.ElementTree as ET

import pytest

from ..conftest import TOKEN, small_plan


@pytest.fixture
def code(client, auth):
    plan = small_plan(title='<script>alert("x")</script> & friends')
    return client.post("/api/sessions", json={"plan": plan}, headers=auth).get_json()["code"]


def test_the_qr_code_is_svg_and_encodes_the_join_url(client, code):
    response = client.get(f"/s/{code}/qr.svg")
    assert response.mimetype == "image/svg+xml"
    ET.fromstring(response.data)  # well-formed SVG
    board = client.get(f"/board/{code}").get_data(as_text=True)
    assert f"/s/{code}/qr.svg" in board and f"http://192.0.2.10:5000/j/{code}" in board


@pytest.mark.parametrize("path", ["/j/ZZZZZZ", "/board/ZZZZZZ", "/j/not-a-code", "/s/ZZZZZZ/qr.svg"])
def test_unknown_codes_get_a_friendly_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "could not find" in response.get_data(as_text=True).lower()


def test_join_form_redirects_to_the_phone_page(client, code):
    response = client.get(f"/join?code={code.lower()}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/j/{code}")
    assert client.get("/join?code=nope").status_code == 400


def test_user_text_is_escaped_on_every_page(client, code):
    client.get(f"/console?token={TOKEN}")
    for path in (f"/j/{code}", f"/board/{code}", f"/console/{code}"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert" in html, path


def test_console_needs_the_token_link(client, code):
    assert client.get("/console").status_code == 401
    assert client.get(f"/console/{code}").status_code == 401
    assert client.get("/console?token=wrong").status_code == 403
    response = client.get(f"/console?token={TOKEN}")
    assert response.status_code == 302 and "token" not in response.headers["Location"]
    assert client.get(f"/console/{code}").status_code == 200


def test_pages_forbid_inline_script_and_framing(client, code):
    headers = client.get(f"/board/{code}").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
