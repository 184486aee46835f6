"""The JSON record: its schema, the round trip through import, and what import refuses."""
import json

import pytest

from facilitation.domain.errors import DomainError
from facilitation.services import archive, record
from facilitation.store import Store


@pytest.fixture
def other_store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'other.db'}")
    s.create_tables()
    yield s
    s.dispose()


def test_the_record_fits_its_documented_schema(played):
    rec = record.session_record(played.store, played.code)
    record.check_record(rec)
    assert rec["schema"] == "baraza.record/1"
    warmup = rec["stages"][0]["activities"][0]
    assert warmup["results"]["counts"] == played.poll_counts and len(warmup["ballots"]) == 12
    assert [g["participants"] for g in rec["stages"][1]["groups"]] == [3, 3, 3, 3]
    assert all(s["started_at"] and s["ended_at"] for s in rec["stages"][:2])


def test_export_import_export_gives_the_same_record(played, other_store):
    first = record.session_record(played.store, played.code)
    code = archive.import_record(other_store, json.loads(json.dumps(first)),
                                 record.material_files(played.store, played.code))
    assert code == played.code
    assert record.session_record(other_store, code) == first
    assert record.material_files(other_store, code) == record.material_files(played.store, played.code)


def test_an_imported_session_can_be_reopened(played, other_store):
    rec = record.session_record(played.store, played.code)
    code = archive.import_record(other_store, rec, record.material_files(played.store, played.code))
    archive.reopen_session(other_store, code)
    assert record.session_record(other_store, code)["session"]["status"] == "running"


def test_importing_where_the_code_is_taken_draws_a_new_code(played):
    rec = record.session_record(played.store, played.code)
    code = archive.import_record(played.store, rec, record.material_files(played.store, played.code))
    assert code != played.code
    again = record.session_record(played.store, code)
    assert again["stages"] == rec["stages"]


def test_a_json_record_without_its_files_is_refused(played, other_store):
    rec = record.session_record(played.store, played.code)
    with pytest.raises(DomainError, match="import the bundle"):
        archive.import_record(other_store, rec, {})


@pytest.mark.parametrize("damage, words", [
    (lambda r: r.update(schema="other/9"), "not a Baraza session record"),
    (lambda r: r["session"].update(participants=-1), "session/participants"),
    (lambda r: r["stages"][0]["materials"][0].update(url="javascript:alert(1)"), "stages/0/materials/0"),
    (lambda r: r["stages"][0].pop("activities"), "stages/0"),
])
def test_a_damaged_record_is_refused_with_where(played, other_store, damage, words):
    rec = record.session_record(played.store, played.code)
    damage(rec)
    with pytest.raises(DomainError, match=words):
        archive.import_record(other_store, rec, record.material_files(played.store, played.code))
    from facilitation.services import sessions
    assert sessions.list_sessions(other_store) == []
