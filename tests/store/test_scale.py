"""Scale ratings against a real database, on SQLite and on PostgreSQL."""
import pytest
import sqlalchemy as sa

from facilitation.domain.errors import Conflict, DomainError
from facilitation.services import archive, record, sessions
from facilitation.services import participation as p
from facilitation.store.schema import answers

from .test_services import activities, code, phone, results  # noqa: F401 - the code fixture


def scale_id(store, code):  # noqa: F811
    return activities(store, code, "scale")[0]["id"]


def test_one_rating_per_participant_and_statement_a_new_one_replaces_the_old(store, code):  # noqa: F811
    scale = scale_id(store, code)
    a, b = phone(store, code), phone(store, code)
    assert p.rate(store, a, "r1", scale, 0, 4) == {"ok": True, "activity": scale, "statement": 0, "value": 4}
    p.rate(store, a, "r2", scale, 1, 2)
    p.rate(store, b, "r1", scale, 0, 5)
    p.rate(store, a, "r3", scale, 0, 1)  # changes her mind
    trust, power = results(store, code, scale)["statements"]
    assert (trust["counts"], trust["mean"], power["counts"], power["mean"]) == ([1, 0, 0, 0, 1], 3.0, [0, 1, 0, 0, 0], 2.0)
    assert results(store, code, scale)["people"] == 2
    assert p.participant_view(store, a)["ratings"] == {str(scale): {"0": 1, "1": 2}}


def test_a_repeat_is_answered_again_not_applied_twice(store, code):  # noqa: F811
    scale = scale_id(store, code)
    a = phone(store, code)
    first = p.rate(store, a, "same", scale, 0, 4)
    p.rate(store, a, "later", scale, 0, 2)
    assert p.rate(store, a, "same", scale, 0, 4) == {**first, "duplicate": True}
    assert results(store, code, scale)["statements"][0]["mean"] == 2.0


@pytest.mark.parametrize("statement, value", [(2, 3), (0, 6), (0, 0), (-1, 1)])
def test_bad_ratings_change_nothing(store, code, statement, value):  # noqa: F811
    scale = scale_id(store, code)
    a = phone(store, code)
    p.rate(store, a, "r1", scale, 0, 3)
    with pytest.raises(DomainError):
        p.rate(store, a, "r2", scale, statement, value)
    assert results(store, code, scale)["statements"][0]["counts"] == [0, 0, 1, 0, 0]


def test_a_closed_scale_refuses_ratings(store, code):  # noqa: F811
    scale = scale_id(store, code)
    sessions.control_activity(store, code, scale, "close")
    with pytest.raises(Conflict, match="is closed"):
        p.rate(store, phone(store, code), "r1", scale, 0, 3)


def test_the_database_holds_one_rating_per_participant_and_statement(store, code):  # noqa: F811
    scale = scale_id(store, code)
    a = phone(store, code)
    p.rate(store, a, "r1", scale, 0, 3)
    with pytest.raises(sa.exc.IntegrityError):
        with store.transaction() as conn:
            conn.execute(answers.insert().values(activity_id=scale, participant_id=a["participant_id"], item=0,
                                                 number=5, updated_at=0.0))


def test_the_record_carries_the_ratings_and_imports_back(store, code):  # noqa: F811
    scale = scale_id(store, code)
    a, b = phone(store, code), phone(store, code)
    p.rate(store, a, "r1", scale, 0, 5)
    p.rate(store, a, "r2", scale, 1, 1)
    p.rate(store, b, "r1", scale, 1, 4)
    rec = record.session_record(store, code)
    entry = rec["stages"][0]["activities"][4]
    assert entry["kind"] == "scale" and entry["ratings"] == [[[0, 5], [1, 1]], [[1, 4]]]
    assert entry["results"]["statements"][1]["mean"] == 2.5
    assert a["token"] not in repr(rec)
    record.check_record(rec)
    archive.delete_session(store, code)
    assert record.session_record(store, archive.import_record(store, rec)) == rec


def test_an_imported_rating_outside_the_scale_is_refused(store, code):  # noqa: F811
    rec = record.session_record(store, code)
    rec["session"]["participants"] = 1
    rec["stages"][0]["activities"][4]["ratings"] = [[[0, 9]]]
    archive.delete_session(store, code)
    with pytest.raises(DomainError, match="outside its scale"):
        archive.import_record(store, rec)
