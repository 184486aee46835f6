"""A group host link, used against everything it is not for: refused, nothing changed, nothing broadcast.

Every route of the API (read from the app, so a route added later is covered) is tried with the Red
group's host link: against the Blue group's activities, a plenary activity and the session as a
whole (401 or 403), and against another session (401). The same request against Red's own activity
gets past the check. A revoked link is refused at once, over HTTP and on an open Socket.IO connection.
"""
import json

import pytest

from ..conftest import TOKEN
from .test_facilitator_only import ROUTES

PLAN = {
    "title": "Hosts",
    "stages": [
        {"kind": "plenary", "title": "Opening", "minutes": 10, "activities": [
            {"kind": "poll", "title": "Plenary poll", "options": ["A", "B"]}]},
        {"kind": "groups", "title": "Working groups", "minutes": 20, "groups": [
            {"name": "Red", "activities": [
                {"kind": "board", "title": "Red board"}, {"kind": "qna", "title": "Red Q&A"},
                {"kind": "poll", "title": "Red poll", "options": ["A", "B"], "start": "manual"}]},
            {"name": "Blue", "activities": [
                {"kind": "board", "title": "Blue board"}, {"kind": "qna", "title": "Blue Q&A"},
                {"kind": "poll", "title": "Blue poll", "options": ["A", "B"], "start": "manual"}]},
        ]},
    ],
}
# What a host link may be used for: the routes about one activity (and the timer of one).
HOST_ROUTES = {
    ("/api/sessions/<code>/activities/<int:activity_id>", "POST"),
    ("/api/sessions/<code>/activities/<int:activity_id>/phase", "POST"),
    ("/api/sessions/<code>/activities/<int:activity_id>/options", "POST"),
    ("/api/sessions/<code>/activities/<int:activity_id>/clusters", "POST"),
    ("/api/sessions/<code>/activities/<int:activity_id>/clusters/<int:cluster_id>", "PUT"),
    ("/api/sessions/<code>/activities/<int:activity_id>/clusters/<int:cluster_id>", "DELETE"),
    ("/api/sessions/<code>/activities/<int:activity_id>/notes/<int:note_id>/cluster", "PUT"),
    ("/api/sessions/<code>/activities/<int:activity_id>/moderation", "GET"),
    ("/api/sessions/<code>/activities/<int:activity_id>/moderation", "POST"),
    ("/api/sessions/<code>/activities/<int:activity_id>/results", "GET"),
    ("/api/sessions/<code>/questions/<int:question_id>", "POST"),
    ("/api/sessions/<code>/timer", "POST"),
    ("/api/sessions/<code>/activities/<int:activity_id>/pat", "POST"),
    ("/api/sessions/<code>/promotions", "POST"),
    ("/api/sessions/<code>/promotions/<int:promotion_id>", "DELETE"),
    ("/api/sessions/<code>/promotions/<int:promotion_id>/move", "POST"),
}


@pytest.fixture
def made(app, client, auth, connect):
    """A session on its groups stage: a note and a cluster on each group's board, a question in each
    Q&A, a board watching; a host link for Red; a second session for the link to stray into."""
    code = client.post("/api/sessions", json={"plan": PLAN}, headers=auth).get_json()["code"]
    other = client.post("/api/sessions", json={"plan": PLAN}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    plenary = client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]["stage"]["activities"][0]["id"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    activities = client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]["stage"]["activities"]
    out = {"code": code, "other": other, "plenary": {"board": plenary, "qna": plenary, "poll": plenary}}
    for side, key in (("red", "g1"), ("blue", "g2")):
        mine = {a["kind"]: a["id"] for a in activities if a["group"] == key}
        phone = connect()
        assert phone.emit("join", {"code": code}, callback=True)["ok"]
        assert phone.emit("group", {"id": f"g-{side}", "group": key}, callback=True)["ok"]
        mine["note"] = phone.emit("note", {"id": f"n-{side}", "activity": mine["board"], "text": f"{side} note"},
                                  callback=True)["note"]
        mine["question"] = phone.emit("ask", {"id": f"q-{side}", "activity": mine["qna"], "text": f"{side}?"},
                                      callback=True)["question"]
        mine["cluster"] = client.post(f"/api/sessions/{code}/activities/{mine['board']}/clusters",
                                      json={"name": side}, headers=auth).get_json()["results"]["clusters"][0]["id"]
        promoted = client.post(f"/api/sessions/{code}/promotions", json={"kind": "note", "id": mine["note"]},
                               headers=auth).get_json()["promoted"]
        mine["promotion"] = next(p["id"] for p in promoted if p["kind"] == "note" and p["ref"] == mine["note"])
        mine["key"] = key
        out[side] = mine
    out["plenary"].update(note=out["blue"]["note"], question=out["blue"]["question"], cluster=out["blue"]["cluster"],
                          promotion=out["blue"]["promotion"], key="g2")
    made_link = client.post(f"/api/sessions/{code}/hosts", json={"stage": 1, "group": "g1"}, headers=auth).get_json()
    out["secret"], out["host"] = made_link["url"].rsplit("key=", 1)[1], made_link["host"]["id"]
    board = connect()
    assert board.emit("board.join", {"code": code}, callback=True)["ok"]
    out["board_client"] = board
    return out


def _url(rule, made, side, code=None):
    things = made[side]
    activity = things["board"] if any(p in rule for p in ("/phase", "/clusters", "/cluster", "/moderation")) else (
        things["poll"])
    return (rule.replace("<code>", code or made["code"]).replace("<int:activity_id>", str(activity))
            .replace("<int:cluster_id>", str(things["cluster"])).replace("<int:note_id>", str(things["note"]))
            .replace("<int:question_id>", str(things["question"])).replace("<int:position>", "1")
            .replace("<int:takeaway_id>", "1").replace("<int:host_id>", str(made["host"])).replace("<int:rapporteur_id>", "1")
            .replace("<int:promotion_id>", str(things["promotion"])).replace("<group>", things["key"]))


def _body(rule, method, made, side):
    if method in ("GET", "DELETE"):
        return None
    things = made[side]
    if rule.endswith("/timer"):
        return {"action": "start", "minutes": 3, "activity": things["poll"]}
    if rule.endswith("/phase"):
        return {"phase": "vote"}
    if rule.endswith("/pat"):
        return {"action": "phase", "phase": "scoring"}
    if rule.endswith("/promotions"):
        return {"kind": "note", "id": things["note"]}
    if rule.endswith("/move"):
        return {"position": 0}
    if "/clusters" in rule:
        return {"name": "Renamed"}
    if rule.endswith("/cluster"):
        return {"cluster": None}
    if rule.endswith("/options"):
        return {"moderate": True}
    if rule.endswith("/moderation"):
        return {"action": "hide", "item": things["note"]}
    if "/questions/" in rule:
        return {"action": "highlight"}
    if rule.endswith("/activities/<int:activity_id>"):
        return {"action": "open"}
    if rule.endswith("/stage"):
        return {"action": "next"}
    if rule.endswith("/hosts"):
        return {"stage": 1, "group": "g1"}
    if rule.endswith("/announcement") or "/takeaways" in rule:
        return {"text": "From a host"}
    if rule.endswith("/word-filter"):
        return {"enabled": True}
    if rule == "/api/sessions":
        return {"plan": PLAN}
    if rule.endswith("/assignment"):
        return {"assignment": "random"}
    if rule.endswith("/cap"):
        return {"cap": 9}
    return {"title": "x", "url": "https://example.org"}


def _send(client, method, url, body, token):
    return client.open(url, method=method, headers={"Authorization": f"Bearer {token}"},
                       data=None if body is None else json.dumps(body), content_type="application/json")


def _view(app, client, auth, made):
    """Everything the facilitator sees of both sessions, and what the board was sent since last time."""
    app.extensions["baraza.broadcaster"].flush()
    sent = [e for e in made["board_client"].get_received() if e["name"] in ("state", "results")]
    out = {"sent": bool(sent), "sessions": client.get("/api/sessions", headers=auth).get_json()}
    for code in (made["code"], made["other"]):
        out[code] = (client.get(f"/api/sessions/{code}", headers=auth).get_json(),
                     client.get(f"/api/sessions/{code}/export?format=json", headers=auth).get_data(as_text=True),
                     client.get(f"/api/sessions/{code}/hosts", headers=auth).get_json())
    return out


def _unchanged(app, client, auth, made, before):
    after = _view(app, client, auth, made)
    assert after["sent"] is False, "something was broadcast"
    assert {k: v for k, v in after.items() if k != "sent"} == {k: v for k, v in before.items() if k != "sent"}


@pytest.mark.parametrize("rule, method", ROUTES, ids=[f"{m} {r}" for r, m in ROUTES])
def test_a_host_link_can_do_nothing_outside_its_group(rule, method, made, app, client, auth):
    before = _view(app, client, auth, made)
    for side in ("blue", "plenary"):
        refused = _send(client, method, _url(rule, made, side), _body(rule, method, made, side), made["secret"])
        assert refused.status_code in (401, 403), (side, refused.status_code, refused.get_data(as_text=True)[:200])
        assert refused.get_json()["ok"] is False
        if (rule, method) in HOST_ROUTES:
            assert refused.status_code == 403 and "own group" in refused.get_json()["error"]
        _unchanged(app, client, auth, made, before)
    # In another session the link is no credential at all.
    stray = _send(client, method, _url(rule, made, "red", code=made["other"]), _body(rule, method, made, "red"),
                  made["secret"])
    assert stray.status_code == 401, stray.get_data(as_text=True)[:200]
    _unchanged(app, client, auth, made, before)


@pytest.mark.parametrize("rule, method", sorted(HOST_ROUTES), ids=[f"{m} {r}" for r, m in sorted(HOST_ROUTES)])
def test_the_same_request_on_its_own_group_gets_past_the_check(rule, method, made, client):
    allowed = _send(client, method, _url(rule, made, "red"), _body(rule, method, made, "red"), made["secret"])
    assert allowed.status_code not in (401, 403), allowed.get_data(as_text=True)[:300]


def test_the_host_routes_exist():
    assert HOST_ROUTES <= set(ROUTES)


def test_a_host_cannot_change_its_own_groups_places_or_how_people_get_in(made, app, client, auth):
    """A full group at a meet-up is the facilitator's to open up: the host of Red cannot raise Red's
    cap or switch the stage to dealing out (401, as every plan edit), nor can anyone without a token."""
    base = f"/api/sessions/{made['code']}/plan/stages/1"
    before = _view(app, client, auth, made)
    for url, body in ((f"{base}/groups/g1/cap", {"cap": 50}), (f"{base}/groups/g1/cap", {"cap": None}),
                      (f"{base}/assignment", {"assignment": "random"})):
        for headers in ({"Authorization": f"Bearer {made['secret']}"}, {}):
            refused = client.put(url, json=body, headers=headers)
            assert refused.status_code == 401 and refused.get_json()["ok"] is False, (url, headers)
            _unchanged(app, client, auth, made, before)
    assert client.put(f"{base}/groups/g1/cap", json={"cap": 50}, headers=auth).status_code == 200


def test_a_timer_without_an_activity_is_the_stages_and_not_a_hosts(made, app, client, auth):
    before = _view(app, client, auth, made)
    for body in ({"action": "pause"}, {"action": "add", "activity": None}, {"action": "start", "minutes": 5, "group": "g2"}):
        refused = _send(client, "POST", f"/api/sessions/{made['code']}/timer", body, made["secret"])
        assert refused.status_code == 403, body
        _unchanged(app, client, auth, made, before)


def test_a_host_runs_its_own_groups_timer_and_no_other(made, client, auth):
    url = f"/api/sessions/{made['code']}/timer"
    mine = _send(client, "POST", url, {"action": "start", "minutes": 20, "group": "g1"}, made["secret"])
    assert mine.status_code == 200, mine.get_data(as_text=True)[:300]
    assert mine.get_json()["state"]["stage"]["timers"]["groups"]["g1"]["duration"] == 20 * 60
    other = _send(client, "POST", url, {"action": "start", "minutes": 20, "group": "g2"}, made["secret"])
    assert other.status_code == 403
    assert "g2" not in client.get(f"/api/sessions/{made['code']}", headers=auth).get_json()["state"]["stage"]["timers"].get(
        "groups", {})


def test_a_revoked_link_stops_at_once_over_http_and_on_an_open_connection(made, app, client, auth, connect):
    url = f"/api/sessions/{made['code']}/activities/{made['red']['poll']}"
    page = connect()
    joined = page.emit("host.join", {"code": made["code"], "token": made["secret"]}, callback=True)
    assert joined["ok"] and joined["host"]["group"] == "g1"
    app.extensions["baraza.broadcaster"].flush()
    page.get_received()
    assert client.delete(f"/api/sessions/{made['code']}/hosts/{made['host']}", headers=auth).status_code == 200
    told = [e for e in page.get_received() if e["name"] == "host.revoked"]
    assert told == [{"name": "host.revoked", "args": [{"host": made["host"]}], "namespace": "/"}]
    before = _view(app, client, auth, made)
    refused = _send(client, "POST", url, {"action": "open"}, made["secret"])
    assert refused.status_code == 401
    _unchanged(app, client, auth, made, before)
    # The open page hears nothing more of the group: the facilitator opens Red's poll, a phone votes.
    assert client.post(url, json={"action": "open"}, headers=auth).status_code == 200
    app.extensions["baraza.broadcaster"].flush()
    assert page.get_received() == []
    # And it cannot follow the session again.
    again = page.emit("host.join", {"code": made["code"], "token": made["secret"]}, callback=True)
    assert again["ok"] is False
    assert client.get(f"/host/{made['code']}?key={made['secret']}").status_code == 403


@pytest.mark.parametrize("token", ["", "x", TOKEN[:-1], "a" * 201, None])
def test_a_wrong_secret_follows_nothing(made, connect, token):
    page = connect()
    ack = page.emit("host.join", {"code": made["code"], "token": token}, callback=True)
    assert ack["ok"] is False
    page.get_received()
