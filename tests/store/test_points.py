"""100 points against a real database, on SQLite and on PostgreSQL."""
import pytest
import sqlalchemy as sa

from facilitation.domain.errors import Conflict, DomainError
from facilitation.services import archive, record, sessions
from facilitation.services import participation as p
from facilitation.store.schema import answers

from .test_services import activities, code, phone, results  # noqa: F401 - the code fixture


def points_id(store, code):  # noqa: F811
    return activities(store, code, "points")[0]["id"]


def test_allocations_are_totalled_and_a_new_one_replaces_the_old(store, code):  # noqa: F811
    b_id = points_id(store, code)
    a, b = phone(store, code), phone(store, code)
    assert p.give_points(store, a, "p1", b_id, [60, 40, 0]) == {"ok": True, "activity": b_id, "allocation": [60, 40, 0]}
    p.give_points(store, b, "p1", b_id, [0, 0, 100])
    p.give_points(store, a, "p2", b_id, [10, 10, 10])
    assert results(store, code, b_id)["totals"] == [10, 10, 110]
    assert p.participant_view(store, a)["points"] == {str(b_id): [10, 10, 10]}
    with pytest.raises(DomainError, match="that is 101 points"):
        p.give_points(store, a, "p3", b_id, [50, 50, 1])
    assert p.give_points(store, a, "p1", b_id, [60, 40, 0])["duplicate"] is True
    sessions.control_activity(store, code, b_id, "close")
    with pytest.raises(Conflict):
        p.give_points(store, b, "p2", b_id, [1, 0, 0])
    assert results(store, code, b_id)["totals"] == [10, 10, 110]


def test_one_row_per_participant_and_option(store, code):  # noqa: F811
    b_id = points_id(store, code)
    a = phone(store, code)
    p.give_points(store, a, "p1", b_id, [60, 40, 0])
    with pytest.raises(sa.exc.IntegrityError):
        with store.transaction() as conn:
            conn.execute(answers.insert().values(activity_id=b_id, participant_id=a["participant_id"], item=0,
                                                 number=100, updated_at=0.0))


def test_the_record_carries_the_allocations_and_imports_back(store, code):  # noqa: F811
    b_id = points_id(store, code)
    p.give_points(store, phone(store, code), "p1", b_id, [60, 40, 0])
    p.give_points(store, phone(store, code), "p1", b_id, [0, 0, 100])
    rec = record.session_record(store, code)
    entry = rec["stages"][0]["activities"][7]
    assert entry["allocations"] == [[0, 0, 100], [60, 40, 0]] and entry["results"]["share"] == [30.0, 20.0, 50.0]
    record.check_record(rec)
    archive.delete_session(store, code)
    assert record.session_record(store, archive.import_record(store, rec)) == rec
