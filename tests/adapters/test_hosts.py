"""Group host links over HTTP and Socket.IO: the facilitator makes, lists and revokes them; the host
page signs in with one; a host runs its group's activities and follows only them."""
import base64
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

import pytest

from ..conftest import small_plan
from .test_sockets import connect  # noqa: F401 - the fixture


@pytest.fixture
def session(client, auth):
    """The small plan, on its working-groups stage (Red g1, Blue g2, a board each)."""
    plan = small_plan()
    plan["stages"][1]["groups"][0]["name"] = "Red <b>team</b>"
    code = client.post("/api/sessions", json={"plan": plan}, headers=auth).get_json()["code"]
    for _ in range(2):
        client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    boards = client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]["stage"]["activities"]
    return {"code": code, "red": boards[0]["id"], "blue": boards[1]["id"]}


def make_link(client, auth, code, group="g1"):
    response = client.post(f"/api/sessions/{code}/hosts", json={"stage": 1, "group": group}, headers=auth)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    return body, parse_qs(urlparse(body["url"]).query)["key"][0]


def test_the_facilitator_makes_lists_and_revokes_host_links(client, auth, session):
    code = session["code"]
    body, secret = make_link(client, auth, code)
    assert body["url"].startswith(f"http://192.0.2.10:5000/host/{code}?key=")
    assert body["host"]["group"] == "g1" and body["host"]["group_name"] == "Red <b>team</b>" and body["host"]["live"]
    assert "secret" not in body["host"]
    assert body["qr"].startswith("data:image/svg+xml;base64,")
    ET.fromstring(base64.b64decode(body["qr"].split(",", 1)[1]))  # a well-formed SVG
    listed = client.get(f"/api/sessions/{code}/hosts", headers=auth).get_json()["hosts"]
    assert listed == [body["host"]] and secret not in str(listed)
    revoked = client.delete(f"/api/sessions/{code}/hosts/{body['host']['id']}", headers=auth).get_json()["host"]
    assert revoked["live"] is False and revoked["revoked_at"]
    assert client.delete(f"/api/sessions/{code}/hosts/999", headers=auth).status_code == 404
    assert client.post(f"/api/sessions/{code}/hosts", json={"stage": 0, "group": "g1"}, headers=auth).status_code == 400
    assert client.post(f"/api/sessions/{code}/hosts", json={"stage": 1, "group": "g7"}, headers=auth).status_code == 404


def test_a_host_link_cannot_make_or_revoke_host_links(client, auth, session):
    body, secret = make_link(client, auth, session["code"])
    host = {"Authorization": f"Bearer {secret}"}
    assert client.post(f"/api/sessions/{session['code']}/hosts", json={"stage": 1, "group": "g1"},
                       headers=host).status_code == 401
    assert client.get(f"/api/sessions/{session['code']}/hosts", headers=host).status_code == 401
    assert client.delete(f"/api/sessions/{session['code']}/hosts/{body['host']['id']}", headers=host).status_code == 401


def test_the_host_page_signs_in_with_the_link_and_drops_the_secret_from_the_address(client, auth, session):
    code = session["code"]
    _body, secret = make_link(client, auth, code)
    assert client.get(f"/host/{code}").status_code == 403  # no link yet in this browser
    opened = client.get(f"/host/{code}?key={secret}")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/host/{code}")
    page = client.get(f"/host/{code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Red &lt;b&gt;team&lt;/b&gt;" in html and "<b>team" not in html
    assert f'data-api-token="{secret}"' in html and 'data-host-group="g1"' in html
    assert "js/host.js" in html
    assert client.get(f"/host/{code}?key=wrong").status_code == 403
    assert client.get("/host/ZZZZZZ").status_code == 404


def test_a_revoked_links_page_says_so(client, auth, session):
    code = session["code"]
    body, secret = make_link(client, auth, code)
    client.get(f"/host/{code}?key={secret}")
    client.delete(f"/api/sessions/{code}/hosts/{body['host']['id']}", headers=auth)
    page = client.get(f"/host/{code}")
    assert page.status_code == 403
    assert "does not work" in page.get_data(as_text=True) and secret not in page.get_data(as_text=True)


def test_a_host_runs_its_groups_board_and_the_board_follows(client, auth, session, connect, app):
    code = session["code"]
    _body, secret = make_link(client, auth, code)
    host = {"Authorization": f"Bearer {secret}"}
    board = connect()
    assert board.emit("board.join", {"code": code}, callback=True)["ok"]
    board.get_received()
    revealed = client.post(f"/api/sessions/{code}/activities/{session['red']}", json={"action": "reveal"}, headers=host)
    assert revealed.status_code == 200 and revealed.get_json()["activity"]["results_visible"] is True
    states = [e for e in board.get_received() if e["name"] == "state"]
    red = next(a for a in states[-1]["args"][0]["stage"]["activities"] if a["id"] == session["red"])
    assert red["results_visible"] is True
    made = client.post(f"/api/sessions/{code}/activities/{session['red']}/clusters", json={"name": "Trust"}, headers=host)
    assert made.status_code == 201 and made.get_json()["results"]["clusters"][0]["name"] == "Trust"
    started = client.post(f"/api/sessions/{code}/timer", json={"action": "start", "activity": session["red"],
                                                                 "minutes": 4}, headers=host)
    assert started.status_code == 200 and started.get_json()["timer"]["duration"] == 240
    results = client.get(f"/api/sessions/{code}/activities/{session['red']}/results", headers=host)
    assert results.status_code == 200
    assert client.get(f"/api/sessions/{code}/activities/{session['blue']}/results", headers=host).status_code == 403


def test_the_host_page_follows_its_group_only(client, auth, session, connect, app):
    code = session["code"]
    _body, secret = make_link(client, auth, code)
    client.get(f"/host/{code}?key={secret}")
    page = connect(flask_test_client=client)  # the page's cookie, no token in the event
    joined = page.emit("host.join", {"code": code}, callback=True)
    assert joined["ok"] and joined["host"]["group"] == "g1" and joined["state"]["code"] == code
    phone = connect()
    phone.emit("join", {"code": code}, callback=True)
    for key, board_id in (("g1", session["red"]), ("g2", session["blue"])):
        other = connect()
        other.emit("join", {"code": code}, callback=True)
        assert other.emit("group", {"id": f"g{key}", "group": key}, callback=True)["ok"]
        assert other.emit("note", {"id": f"n{key}", "activity": board_id, "text": f"note {key}"}, callback=True)["ok"]
    app.extensions["baraza.broadcaster"].flush()
    got = [e["args"][0] for e in page.get_received() if e["name"] == "results"]
    assert {e["activity"] for e in got} == {session["red"]}
    assert any(n["text"] == "note g1" for e in got for n in e["results"]["notes"])
    assert not any(n["text"] == "note g2" for e in got for n in e["results"]["notes"])
    assert all("moderation" in e for e in got)  # the queue, as the console gets it
    # A state change reaches the host page too.
    client.post(f"/api/sessions/{code}/activities/{session['red']}", json={"action": "close"}, headers=auth)
    assert any(e["name"] == "state" for e in page.get_received())


def test_the_openapi_document_lists_exactly_the_routes_a_host_link_may_use(app, client):
    from facilitation.web.openapi import HOST_ROUTES

    scoped = {(rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}"), method.lower())
              for rule in app.url_map.iter_rules() if hasattr(app.view_functions[rule.endpoint], "host_action")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert scoped == set(HOST_ROUTES)
    document = client.get("/api/openapi.json").get_json()
    for path, method in HOST_ROUTES:
        assert {"host": []} in document["paths"][path][method]["security"]


def test_a_host_never_gets_the_facilitators_draft_takeaways(client, auth, session, connect):
    """Takeaways are the facilitator's alone; phones get them once the session ends, and so do hosts:
    not on the socket, not in the join, not in the answer to a timer or a promotion."""
    code = session["code"]
    _body, secret = make_link(client, auth, code)
    host = {"Authorization": f"Bearer {secret}"}
    page = connect()
    assert page.emit("host.join", {"code": code, "token": secret}, callback=True)["ok"]
    client.post(f"/api/sessions/{code}/takeaways", json={"text": "Draft: the North decides"}, headers=auth)
    states = [e["args"][0] for e in page.get_received() if e["name"] == "state"]
    assert states and all(s["takeaways"] == [] for s in states)
    assert page.emit("host.join", {"code": code, "token": secret}, callback=True)["state"]["takeaways"] == []
    timer = client.post(f"/api/sessions/{code}/timer", json={"action": "start", "group": "g1", "minutes": 5},
                        headers=host).get_json()
    assert timer["ok"] and timer["state"]["takeaways"] == []
    phone = connect()
    phone.emit("join", {"code": code}, callback=True)
    phone.emit("group", {"id": "g", "group": "g1"}, callback=True)
    note = phone.emit("note", {"id": "n", "activity": session["red"], "text": "Shared budget lines"}, callback=True)
    promoted = client.post(f"/api/sessions/{code}/promotions", json={"kind": "note", "id": note["note"]},
                           headers=host)
    assert promoted.status_code == 201 and promoted.get_json()["state"]["takeaways"] == []
    # The facilitator's own answer still carries them.
    assert client.post(f"/api/sessions/{code}/timer", json={"action": "pause", "group": "g1"},
                       headers=auth).get_json()["state"]["takeaways"][0]["text"] == "Draft: the North decides"
