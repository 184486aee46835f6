"""Fuzz the facilitator's HTTP API from its own OpenAPI document with schemathesis.

Every operation of /api/openapi.json gets generated requests against the Flask app (WSGI, in
process): schema-valid ones (positive; half of them aimed at a real session and its activities so
they get past "no such session") and schema-invalid ones (negative). Every answer must be no server
error and must match the document: a documented status code, its content type, its schema. Invalid
input must be refused. A third of the requests go without the token and must get 401.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, checks

from facilitation.web.openapi import openapi_document

from ..conftest import small_plan

EXAMPLES = 25  # per operation and mode
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))
CONFORMS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
            checks.response_schema_conformance, checks.response_headers_conformance]
OPERATIONS = [(method.upper(), path) for path, item in openapi_document()["paths"].items() for method in item]
# Negative cases need something to get wrong: a parameter or a body.
NEGATABLE = {(method.upper(), path) for path, item in openapi_document()["paths"].items()
             for method, op in item.items() if op.get("parameters") or op.get("requestBody")}
CASES = [(method, path, mode) for method, path in OPERATIONS for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if mode is GenerationMode.POSITIVE or (method, path) in NEGATABLE]


@pytest.fixture
def api(app, client, auth):
    """The API's schema loaded from the app, and a session to aim at (made again if a test deletes it)."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    target = {}

    def fresh():
        code = client.post("/api/sessions", json={"plan": small_plan()}, headers=auth).get_json()["code"]
        client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
        state = client.get(f"/api/sessions/{code}", headers=auth).get_json()["state"]
        target.update(code=code, activities=[a["id"] for a in state["stage"]["activities"]])

    fresh()
    return {"schema": schema, "target": target, "fresh": fresh}


def test_every_route_is_in_the_document(app):
    """The document is the contract: every /api route and /healthz of the app is in it, with its methods."""
    documented = {(m, p) for m, p in OPERATIONS}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or rule.rule == "/healthz":
            path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (method, path) in documented, f"{method} {path} is not in the OpenAPI document"


@pytest.mark.parametrize("method, path, mode", CASES, ids=[f"{m} {p} {g.value}" for m, p, g in CASES])
def test_the_api_answers_every_generated_request_as_documented(method, path, mode, api, auth, client):
    operation = api["schema"][path][method]
    target = api["target"]
    seen = []

    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode), aim=st.booleans(), pick=st.integers(0, 5),
           token=st.sampled_from(["facilitator", "facilitator", "none"]))
    def run(case, aim, pick, token):
        if mode is GenerationMode.POSITIVE and aim and case.path_parameters:
            if "code" in case.path_parameters:
                case.path_parameters["code"] = target["code"]
            if "activity_id" in case.path_parameters:
                case.path_parameters["activity_id"] = target["activities"][pick % len(target["activities"])]
            if "position" in case.path_parameters:
                case.path_parameters["position"] = pick % 3
            if "group" in case.path_parameters:
                case.path_parameters["group"] = f"g{pick % 3}"  # g1 and g2 are the groups stage's
        secured = openapi_document()["paths"][path][method.lower()].get("security") != []
        headers = auth if token == "facilitator" or not secured else {}
        response = case.call(headers={**headers, "Accept-Encoding": "identity"})  # plain bodies to validate
        seen.append(response.status_code)
        if not headers and secured:
            # 401, or 404 from the router when a generated path matches no route at all.
            unrouted = response.status_code == 404 and response.json()["error"].startswith("not found: ")
            assert response.status_code == 401 or (mode is GenerationMode.NEGATIVE and unrouted), response.text[:300]
        additional = [checks.negative_data_rejection] if mode is GenerationMode.NEGATIVE and headers else []
        case.validate_response(response, checks=CONFORMS + additional, headers=headers)
        if client.get(f"/api/sessions/{target['code']}", headers=auth).status_code == 404:
            api["fresh"]()  # the DELETE route did its job; aim at a new session

    run()
    assert seen, "no request was made"
    assert client.get("/healthz").get_json()["ok"] is True


@pytest.mark.parametrize("number", [2**31, 2**63, 10**25])
def test_path_numbers_too_big_for_the_database_name_nothing(number, app, api, auth, client):
    """Flask's int converter takes any digits; the database driver cannot take them all (SQLite: 64 bits)."""
    target = api["target"]
    routes = [(rule.rule, method) for rule in app.url_map.iter_rules() if "<int:" in rule.rule
              for method in rule.methods - {"HEAD", "OPTIONS"}]
    assert routes
    for rule, method in routes:
        url = rule.replace("<code>", target["code"]).replace("<group>", "g1")
        for converter in ("<int:activity_id>", "<int:position>"):
            url = url.replace(converter, str(number))
        body = {"action": "open", "title": "Slides", "url": "https://example.org/slides", "cap": 5,
                "assignment": "random"}
        response = client.open(url, method=method, headers=auth, json=None if method == "GET" else body)
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.get_json()["ok"] is False
