"""The facilitator's HTTP API: authorisation, plans, stage moves, activity controls, export, OpenAPI."""
import pytest
from openapi_spec_validator import validate

from ..conftest import small_plan


def create(client, auth, plan="partos-meetup"):
    response = client.post("/api/sessions", json={"plan": plan}, headers=auth)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


PROTECTED = [
    ("get", "/api/plans"), ("get", "/api/sessions"), ("post", "/api/sessions"),
    ("get", "/api/sessions/{code}"), ("post", "/api/sessions/{code}/stage"),
    ("post", "/api/sessions/{code}/activities/1"), ("get", "/api/sessions/{code}/activities/1/results"),
    ("get", "/api/sessions/{code}/export?format=json"), ("delete", "/api/sessions/{code}"),
    ("post", "/api/sessions/import"), ("post", "/api/sessions/{code}/close"), ("post", "/api/sessions/{code}/reopen"),
    ("post", "/api/sessions/{code}/duplicate"), ("post", "/api/sessions/{code}/stages/0/materials"),
    ("post", "/api/sessions/{code}/timer"), ("post", "/api/sessions/{code}/announcement"),
    ("post", "/api/sessions/{code}/activities/1/options"), ("get", "/api/sessions/{code}/activities/1/moderation"),
    ("post", "/api/sessions/{code}/activities/1/moderation"), ("get", "/api/sessions/{code}/word-filter"),
    ("put", "/api/sessions/{code}/word-filter"), ("get", "/api/sessions/{code}/groups"),
    ("post", "/api/sessions/{code}/groups/assign"), ("post", "/api/sessions/{code}/groups/move"),
]


@pytest.mark.parametrize("method, path", PROTECTED)
@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic dGVzdA==", "Bearer "])
def test_every_facilitator_route_needs_the_token(client, auth, method, path, header):
    code = create(client, auth)["code"]
    headers = {"Authorization": header} if header else {}
    response = getattr(client, method)(path.format(code=code), json={"action": "next"}, headers=headers)
    assert response.status_code == 401
    assert response.get_json() == {"ok": False, "error": "facilitator token required (Authorization: Bearer <token>)"}


def test_the_clock_answers_with_a_date_and_nothing_else(client):
    response = client.get("/clock")
    assert response.status_code == 204 and response.data == b""
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz(client):
    assert client.get("/healthz").get_json()["ok"] is True


def test_create_from_a_plan_file_answers_with_the_links(client, auth):
    made = create(client, auth)
    code = made["code"]
    assert len(code) == 6
    assert made["join_url"] == f"http://192.0.2.10:5000/j/{code}"
    assert made["board_url"] == f"http://192.0.2.10:5000/board/{code}"
    state = client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]
    assert state["title"].startswith("Rethinking ownership") and len(state["agenda"]) == 4


def test_create_from_a_plan_object(client, auth):
    code = create(client, auth, small_plan())["code"]
    listed = client.get("/api/sessions", headers=auth).get_json()["sessions"]
    assert [s["code"] for s in listed] == [code]


@pytest.mark.parametrize("body, status, words", [
    ({"plan": "no-such-plan"}, 404, "no plan called"),
    ({"plan": "../app"}, 400, "plan name"),
    ({"plan": {"title": "x", "stages": []}}, 400, "stages: List should have at least 1 item"),
    ({"plan": 5}, 400, "plan name"),
    ({}, 400, "plan name"),
])
def test_bad_plans_are_refused_with_a_reason(client, auth, body, status, words):
    response = client.post("/api/sessions", json=body, headers=auth)
    assert response.status_code == status
    assert words in response.get_json()["error"]
    assert client.get("/api/sessions", headers=auth).get_json()["sessions"] == []


def test_a_body_that_is_not_json_is_refused(client, auth):
    response = client.post("/api/sessions", data="plan=partos", headers=auth)
    assert response.status_code == 400 and "JSON object" in response.get_json()["error"]


def test_stage_navigation(client, auth):
    code = create(client, auth)["code"]
    move = lambda body: client.post(f"/api/sessions/{code}/stage", json=body, headers=auth)  # noqa: E731
    assert move({"action": "next"}).get_json()["state"]["stage"]["title"] == "Welcome and expert talks"
    assert move({"action": "goto", "position": 2}).get_json()["state"]["stage"]["kind"] == "report-back"
    assert move({"action": "previous"}).get_json()["state"]["stage"]["kind"] == "groups"
    assert move({"action": "goto", "position": 9}).status_code == 400
    assert move({"action": "end"}).get_json()["state"]["status"] == "ended"
    assert move({"action": "end"}).status_code == 409


def test_activity_controls(client, auth):
    code = create(client, auth, small_plan())["code"]
    state = client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth).get_json()["state"]
    hidden = state["stage"]["activities"][2]
    assert hidden["results_visible"] is False
    url = f"/api/sessions/{code}/activities/{hidden['id']}"
    assert client.post(url, json={"action": "reveal"}, headers=auth).get_json()["activity"]["results_visible"]
    assert client.post(url, json={"action": "close"}, headers=auth).get_json()["activity"]["state"] == "closed"
    assert client.post(url, json={"action": "explode"}, headers=auth).status_code == 400
    assert client.post(f"/api/sessions/{code}/activities/99999", json={"action": "open"},
                       headers=auth).status_code == 404


def test_unknown_session_is_404_json(client, auth):
    response = client.get("/api/sessions/ZZZZZZ", headers=auth)
    assert response.status_code == 404 and response.get_json()["ok"] is False


def test_export_json_is_the_whole_record(client, auth):
    code = create(client, auth)["code"]
    response = client.get(f"/api/sessions/{code}/export?format=json", headers=auth)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rec = response.get_json()
    assert rec["schema"] == "baraza.record/1"
    assert [s["planned_minutes"] for s in rec["stages"]] == [75, 60, 30, 15]
    assert len(rec["stages"][1]["groups"]) == 4
    assert client.get(f"/api/sessions/{code}/export?format=doc", headers=auth).status_code == 400


def test_openapi_document_is_valid_and_covers_every_api_route(app, client):
    document = client.get("/api/openapi.json").get_json()
    validate(document)
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api", "/healthz", "/clock")):
            path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method.lower()) in documented, (path, method)


def test_the_facilitator_runs_the_stage_timer_and_an_activity_timer(client, auth):
    code = create(client, auth)["code"]
    url = f"/api/sessions/{code}/timer"
    assert client.post(url, json={"action": "pause"}, headers=auth).status_code == 409  # still in the lobby
    state = client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth).get_json()["state"]
    assert state["stage"]["timers"]["stage"]["running"] is True
    answer = client.post(url, json={"action": "pause"}, headers=auth).get_json()
    assert answer["ok"] and answer["timer"]["running"] is False
    assert answer["state"]["stage"]["timers"]["stage"] == answer["timer"]
    poll = next(a for a in state["stage"]["activities"] if a["kind"] == "poll")
    started = client.post(url, json={"action": "start", "activity": poll["id"], "minutes": 2}, headers=auth)
    assert started.get_json()["timer"]["duration"] == 120
    for body, status, words in (({"action": "stop"}, 400, "unknown timer action"),
                                ({"action": "add", "minutes": 0}, 400, "minutes must be"),
                                ({"action": "add", "activity": 99999}, 404, "no activity"),
                                ({"action": "start", "activity": poll["id"]}, 409, "already running")):
        response = client.post(url, json=body, headers=auth)
        assert response.status_code == status and words in response.get_json()["error"], (body, response.get_json())


def test_an_announcement_reaches_the_state_and_an_empty_text_clears_it(client, auth):
    code = create(client, auth)["code"]
    url = f"/api/sessions/{code}/announcement"
    shown = client.post(url, json={"text": "<b>Coffee</b> in the hall"}, headers=auth).get_json()
    assert shown["announcement"]["text"] == "<b>Coffee</b> in the hall" and shown["state"]["announcement"] == shown["announcement"]
    refused = client.post(url, json={"text": "x" * 300}, headers=auth)
    assert refused.status_code == 400 and "the limit is 280" in refused.get_json()["error"]
    assert client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]["announcement"] == shown["announcement"]
    assert client.post(url, json={}, headers=auth).status_code == 400  # no silent take-down
    cleared = client.post(url, json={"text": ""}, headers=auth).get_json()
    assert cleared["announcement"] is None and cleared["state"]["announcement"] is None
