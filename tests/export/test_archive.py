"""The facilitator's archive: close, reopen, duplicate, delete (every row), over the API and the CLI."""
import io
import json
import zipfile

import pytest
import sqlalchemy as sa

from facilitation.domain.errors import Conflict
from facilitation.services import archive, record, sessions
from facilitation.store.schema import metadata

from ..conftest import small_plan
from .conftest import PDF, play


def row_counts(store) -> dict[str, int]:
    with store.transaction() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in metadata.sorted_tables}


def test_deleting_a_session_removes_every_row_that_belongs_to_it(store):
    kept = play(store)
    before = row_counts(store)
    doomed = play(store)
    assert all(row_counts(store)[t] > before[t] for t in before if before[t]), "the second session fills every table"
    archive.delete_session(store, doomed.code)
    assert row_counts(store) == before
    assert record.session_record(store, kept.code)["session"]["participants"] == 12


def test_close_and_reopen(store, plan):
    code = sessions.create_session(store, plan)
    sessions.move_stage(store, code, "next")
    sessions.move_stage(store, code, "next")
    archive.close_session(store, code)
    assert sessions.read_state(store, code)["status"] == "ended"
    with pytest.raises(Conflict):
        archive.close_session(store, code)
    archive.reopen_session(store, code)
    state = sessions.read_state(store, code)
    assert state["status"] == "running" and state["stage"]["title"] == "Working groups"
    with pytest.raises(Conflict):
        archive.reopen_session(store, code)


def test_a_session_that_never_started_reopens_in_the_lobby(store, plan):
    code = sessions.create_session(store, plan)
    archive.close_session(store, code)
    archive.reopen_session(store, code)
    assert sessions.read_state(store, code)["status"] == "lobby"


def test_duplicate_starts_a_fresh_session_from_the_same_plan(played):
    copy = archive.duplicate_session(played.store, played.code)
    original, duplicate = (record.session_record(played.store, c) for c in (played.code, copy))
    assert duplicate["plan"] == original["plan"] and duplicate["session"]["status"] == "lobby"
    assert duplicate["session"]["participants"] == 0


def create(client, auth):
    return client.post("/api/sessions", json={"plan": small_plan()}, headers=auth).get_json()["code"]


@pytest.mark.parametrize("fmt, mimetype", [("json", "application/json"), ("csv", "application/zip"),
                                           ("xlsx", "application/vnd.openxmlformats"), ("md", "text/markdown"),
                                           ("html", "text/html"), ("zip", "application/zip")])
def test_every_format_downloads_over_the_api(client, auth, fmt, mimetype):
    code = create(client, auth)
    response = client.get(f"/api/sessions/{code}/export?format={fmt}", headers=auth)
    assert response.status_code == 200 and response.mimetype.startswith(mimetype)
    assert f'filename="baraza-{code}.' in response.headers["Content-Disposition"]
    assert "script-src" not in response.headers["Content-Security-Policy"]


def test_archive_actions_over_the_api(client, auth):
    code = create(client, auth)
    assert client.post(f"/api/sessions/{code}/close", headers=auth).get_json()["state"]["status"] == "ended"
    assert client.post(f"/api/sessions/{code}/close", headers=auth).status_code == 409
    assert client.post(f"/api/sessions/{code}/reopen", headers=auth).get_json()["state"]["status"] == "lobby"
    copy = client.post(f"/api/sessions/{code}/duplicate", headers=auth).get_json()["code"]
    assert client.delete(f"/api/sessions/{code}", headers=auth).get_json() == {"ok": True}
    assert client.get(f"/api/sessions/{code}", headers=auth).status_code == 404
    assert [s["code"] for s in client.get("/api/sessions", headers=auth).get_json()["sessions"]] == [copy]


def test_materials_and_the_bundle_round_trip_over_the_api(client, auth):
    code = create(client, auth)
    url = f"/api/sessions/{code}/stages/0/materials"
    assert client.post(url, json={"title": "Slides", "url": "https://example.org/s"}, headers=auth).status_code == 201
    upload = {"title": "Talk", "file": (io.BytesIO(PDF), "talk.pdf")}
    assert client.post(url, data=upload, headers=auth, content_type="multipart/form-data").status_code == 201
    bundle = client.get(f"/api/sessions/{code}/export?format=zip", headers=auth).data
    client.delete(f"/api/sessions/{code}", headers=auth)
    imported = client.post("/api/sessions/import", data={"file": (io.BytesIO(bundle), "bundle.zip")},
                           headers=auth, content_type="multipart/form-data")
    assert imported.status_code == 201 and imported.get_json()["code"] == code
    again = client.get(f"/api/sessions/{code}/export?format=zip", headers=auth).data
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert z.read("materials/stage-1-2-talk.pdf") == PDF
        assert json.loads(z.read("record.json"))["stages"][0]["materials"][0]["url"] == "https://example.org/s"


@pytest.mark.parametrize("upload, words", [
    ({"title": "Fake", "file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "slides.pdf")}, "only PDF files"),
    ({"title": "Empty", "file": (io.BytesIO(b""), "slides.pdf")}, "empty"),
])
def test_a_file_that_is_not_a_pdf_is_refused(client, auth, upload, words):
    code = create(client, auth)
    response = client.post(f"/api/sessions/{code}/stages/0/materials", data=upload, headers=auth,
                           content_type="multipart/form-data")
    assert response.status_code == 400 and words in response.get_json()["error"]
    rec = client.get(f"/api/sessions/{code}/export?format=json", headers=auth).get_json()
    assert rec["stages"][0]["materials"] == []


@pytest.mark.parametrize("body, words", [({"title": "x", "url": "javascript:alert(1)"}, "http"),
                                         ({"title": "", "url": "https://example.org"}, "empty")])
def test_a_bad_link_is_refused(client, auth, body, words):
    code = create(client, auth)
    response = client.post(f"/api/sessions/{code}/stages/0/materials", json=body, headers=auth)
    assert response.status_code == 400 and words in response.get_json()["error"]


def test_the_command_line_lists_exports_imports_and_deletes(app, client, auth, tmp_path):
    code = create(client, auth)
    runner = app.test_cli_runner()
    assert code in runner.invoke(args=["sessions", "list"]).output
    out = tmp_path / "record.json"
    result = runner.invoke(args=["sessions", "export", code.lower(), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for fmt in ("csv", "xlsx", "md", "html", "zip"):
        assert runner.invoke(args=["sessions", "export", code, "--format", fmt, "-o",
                                   str(tmp_path / f"x.{fmt}")]).exit_code == 0
    assert runner.invoke(args=["sessions", "delete", code, "--yes"]).exit_code == 0
    assert code not in runner.invoke(args=["sessions", "list"]).output
    result = runner.invoke(args=["sessions", "import", str(out)])
    assert result.exit_code == 0 and f"imported as {code}" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "nope"}')
    result = runner.invoke(args=["sessions", "import", str(bad)])
    assert result.exit_code != 0 and "not a Baraza session record" in result.output
    assert runner.invoke(args=["sessions", "export", "ZZZZZZ"]).exit_code != 0
