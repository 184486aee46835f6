"""Rapporteur links over HTTP and Socket.IO: the facilitator makes, lists and revokes them; the
rapporteur's page signs in with one; a rapporteur writes the key takeaways and does nothing else."""
from urllib.parse import parse_qs, urlparse

import pytest

from .test_hosts import make_link, session  # noqa: F401 - the fixture
from .test_sockets import connect  # noqa: F401 - the fixture


def make_rapporteur(client, auth, code):
    response = client.post(f"/api/sessions/{code}/rapporteurs", headers=auth)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    return body, parse_qs(urlparse(body["url"]).query)["key"][0]


def test_the_facilitator_makes_lists_and_revokes_rapporteur_links(client, auth, session):
    code = session["code"]
    body, secret = make_rapporteur(client, auth, code)
    assert body["url"].startswith(f"http://192.0.2.10:5000/rapporteur/{code}?key=")
    assert body["rapporteur"]["live"] and "secret" not in body["rapporteur"]
    assert body["qr"].startswith("data:image/svg+xml;base64,")
    listed = client.get(f"/api/sessions/{code}/rapporteurs", headers=auth).get_json()["rapporteurs"]
    assert listed == [body["rapporteur"]] and secret not in str(listed)
    revoked = client.delete(f"/api/sessions/{code}/rapporteurs/{body['rapporteur']['id']}", headers=auth).get_json()
    assert revoked["rapporteur"]["live"] is False and revoked["rapporteur"]["revoked_at"]
    assert client.delete(f"/api/sessions/{code}/rapporteurs/999", headers=auth).status_code == 404
    for _ in range(5):
        make_rapporteur(client, auth, code)
    refused = client.post(f"/api/sessions/{code}/rapporteurs", headers=auth)
    assert refused.status_code == 400 and "revoke one first" in refused.get_json()["error"]


def test_a_rapporteur_writes_the_takeaways_and_the_board_and_console_follow(client, auth, session, connect):
    code = session["code"]
    _body, secret = make_rapporteur(client, auth, code)
    rapporteur = {"Authorization": f"Bearer {secret}"}
    board, console = connect(), connect()
    assert board.emit("board.join", {"code": code}, callback=True)["ok"]
    assert console.emit("console.join", {"code": code, "token": auth["Authorization"].split()[1]}, callback=True)["ok"]
    page = connect()
    joined = page.emit("rapporteur.join", {"code": code, "token": secret}, callback=True)
    assert joined["ok"] and joined["state"]["takeaways"] == []
    for client_ in (board, console, page):
        client_.get_received()

    added = client.post(f"/api/sessions/{code}/takeaways", json={"text": "Southern partners <b>set</b> the agenda"},
                        headers=rapporteur)
    assert added.status_code == 201
    listed = added.get_json()["takeaways"]
    assert [t["text"] for t in listed] == ["Southern partners <b>set</b> the agenda"]
    assert added.get_json()["state"]["takeaways"] == listed
    assert [e["args"][0]["takeaways"] for e in page.get_received() if e["name"] == "takeaways"] == [listed]
    assert any(e["name"] == "state" and e["args"][0]["takeaways"] == listed for e in board.get_received())
    assert any(e["name"] == "state" and e["args"][0]["takeaways"] == listed for e in console.get_received())

    edited = client.put(f"/api/sessions/{code}/takeaways/{listed[0]['id']}", json={"text": "Pool the reporting"},
                        headers=rapporteur)
    assert edited.status_code == 200 and edited.get_json()["takeaways"][0]["text"] == "Pool the reporting"
    # The facilitator's own change reaches the rapporteur's page too.
    client.post(f"/api/sessions/{code}/takeaways", json={"text": "Budget for trust"}, headers=auth)
    got = [e["args"][0]["takeaways"] for e in page.get_received() if e["name"] == "takeaways"]
    assert [t["text"] for t in got[-1]] == ["Pool the reporting", "Budget for trust"]
    removed = client.delete(f"/api/sessions/{code}/takeaways/{listed[0]['id']}", headers=rapporteur)
    assert removed.status_code == 200 and [t["text"] for t in removed.get_json()["takeaways"]] == ["Budget for trust"]
    # Bad input changes nothing.
    assert client.post(f"/api/sessions/{code}/takeaways", json={"text": ""}, headers=rapporteur).status_code == 400
    assert client.post(f"/api/sessions/{code}/takeaways", json={"text": "x" * 501}, headers=rapporteur).status_code == 400
    assert len(client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]["takeaways"]) == 1


@pytest.mark.parametrize("method, path, body", [
    ("post", "/api/sessions/{code}/stage", {"action": "next"}),
    ("post", "/api/sessions/{code}/announcement", {"text": "Lunch"}),
    ("post", "/api/sessions/{code}/activities/{red}", {"action": "reveal"}),
    ("post", "/api/sessions/{code}/timer", {"action": "start", "group": "g1", "minutes": 5}),
    ("post", "/api/sessions/{code}/promotions", {"kind": "activity", "id": 1}),
    ("get", "/api/sessions/{code}", None),
    ("get", "/api/sessions/{code}/export?format=json", None),
    ("get", "/api/sessions/{code}/activities/{red}/results", None),
    ("post", "/api/sessions/{code}/hosts", {"stage": 1, "group": "g1"}),
    ("post", "/api/sessions/{code}/rapporteurs", None),
    ("get", "/api/sessions/{code}/rapporteurs", None),
])
def test_a_rapporteur_link_does_nothing_but_the_takeaways(client, auth, session, method, path, body):
    code = session["code"]
    _body, secret = make_rapporteur(client, auth, code)
    before = client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]
    kwargs = {"headers": {"Authorization": f"Bearer {secret}"}}
    if body is not None:
        kwargs["json"] = body
    answer = getattr(client, method)(path.format(code=code, red=session["red"]), **kwargs)
    assert answer.status_code in (401, 403), (path, answer.status_code, answer.get_json())
    after = client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]
    assert after == before


def test_a_host_link_cannot_write_takeaways_and_a_rapporteur_link_is_bound_to_its_session(client, auth, session):
    code = session["code"]
    _body, host_secret = make_link(client, auth, code)
    refused = client.post(f"/api/sessions/{code}/takeaways", json={"text": "From a host"},
                          headers={"Authorization": f"Bearer {host_secret}"})
    assert refused.status_code == 403
    other = client.post("/api/sessions", json={"plan": {"title": "Other", "stages": [
        {"kind": "plenary", "title": "Only", "minutes": 5, "activities": []}]}}, headers=auth).get_json()["code"]
    _body, secret = make_rapporteur(client, auth, other)
    assert client.post(f"/api/sessions/{code}/takeaways", json={"text": "Elsewhere"},
                       headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]["takeaways"] == []


def test_a_revoked_rapporteur_link_stops_at_once_and_its_page_is_told(client, auth, session, connect):
    code = session["code"]
    body, secret = make_rapporteur(client, auth, code)
    page = connect()
    assert page.emit("rapporteur.join", {"code": code, "token": secret}, callback=True)["ok"]
    page.get_received()
    client.delete(f"/api/sessions/{code}/rapporteurs/{body['rapporteur']['id']}", headers=auth)
    assert any(e["name"] == "rapporteur.revoked" for e in page.get_received())
    assert client.post(f"/api/sessions/{code}/takeaways", json={"text": "Too late"},
                       headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert page.emit("rapporteur.join", {"code": code, "token": secret}, callback=True)["ok"] is False
    # The page no longer hears the takeaways.
    client.post(f"/api/sessions/{code}/takeaways", json={"text": "After"}, headers=auth)
    assert not any(e["name"] == "takeaways" for e in page.get_received())


def test_the_rapporteur_page_signs_in_with_the_link_and_drops_the_secret(client, auth, session):
    code = session["code"]
    body, secret = make_rapporteur(client, auth, code)
    assert client.get(f"/rapporteur/{code}").status_code == 403
    opened = client.get(f"/rapporteur/{code}?key={secret}")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/rapporteur/{code}")
    page = client.get(f"/rapporteur/{code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert f'data-api-token="{secret}"' in html and "js/rapporteur.js" in html
    # A host link's secret does not open the rapporteur page, nor the other way round.
    _host, host_secret = make_link(client, auth, code)
    assert client.get(f"/rapporteur/{code}?key={host_secret}").status_code == 403
    assert client.get(f"/host/{code}?key={secret}").status_code == 403
    client.delete(f"/api/sessions/{code}/rapporteurs/{body['rapporteur']['id']}", headers=auth)
    refused = client.get(f"/rapporteur/{code}")
    assert refused.status_code == 403 and "This rapporteur link does not work" in refused.get_data(as_text=True)


def test_the_openapi_document_lists_exactly_the_routes_a_rapporteur_link_may_use(app, client):
    from facilitation.web.openapi import RAPPORTEUR_ROUTES

    scoped = {(rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}"), method.lower())
              for rule in app.url_map.iter_rules() if hasattr(app.view_functions[rule.endpoint], "rapporteur_action")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert scoped == set(RAPPORTEUR_ROUTES)
    document = client.get("/api/openapi.json").get_json()
    for path, method in RAPPORTEUR_ROUTES:
        assert {"rapporteur": []} in document["paths"][path][method]["security"]
