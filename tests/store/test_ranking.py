"""Rankings against a real database, on SQLite and on PostgreSQL."""
import pytest
import sqlalchemy as sa

from facilitation.domain.errors import Conflict, DomainError
from facilitation.services import archive, record, sessions
from facilitation.services import participation as p
from facilitation.store.schema import answers

from .test_services import activities, code, phone, results  # noqa: F401 - the code fixture


def ranking_id(store, code):  # noqa: F811
    return activities(store, code, "ranking")[0]["id"]


def test_orders_are_tallied_and_a_new_order_replaces_the_old(store, code):  # noqa: F811
    r = ranking_id(store, code)
    a, b = phone(store, code), phone(store, code)
    assert p.rank(store, a, "k1", r, [2, 0, 1]) == {"ok": True, "activity": r, "order": [2, 0, 1]}
    p.rank(store, b, "k1", r, [0, 2, 1])
    p.rank(store, a, "k2", r, [0, 1, 2])
    got = results(store, code, r)
    assert got["average"] == [1.0, 2.5, 2.5] and got["order"] == [0, 1, 2] and got["people"] == 2
    assert p.participant_view(store, b)["orders"] == {str(r): [0, 2, 1]}
    assert p.participant_view(store, b)["ratings"] == {}
    assert p.rank(store, a, "k1", r, [2, 0, 1])["duplicate"] is True
    with pytest.raises(DomainError):
        p.rank(store, a, "k3", r, [0, 0, 1])
    sessions.control_activity(store, code, r, "close")
    with pytest.raises(Conflict):
        p.rank(store, b, "k2", r, [1, 0, 2])
    assert results(store, code, r)["average"] == [1.0, 2.5, 2.5]


def test_one_place_per_participant_and_option(store, code):  # noqa: F811
    r = ranking_id(store, code)
    a = phone(store, code)
    p.rank(store, a, "k1", r, [2, 0, 1])
    with pytest.raises(sa.exc.IntegrityError):
        with store.transaction() as conn:
            conn.execute(answers.insert().values(activity_id=r, participant_id=a["participant_id"], item=2, number=3,
                                                 updated_at=0.0))


def test_the_record_carries_the_orders_and_imports_back(store, code):  # noqa: F811
    r = ranking_id(store, code)
    p.rank(store, phone(store, code), "k1", r, [2, 0, 1])
    p.rank(store, phone(store, code), "k1", r, [0, 2, 1])
    rec = record.session_record(store, code)
    entry = rec["stages"][0]["activities"][6]
    assert entry["orders"] == [[0, 2, 1], [2, 0, 1]] and entry["results"]["average"] == [1.5, 3.0, 1.5]
    record.check_record(rec)
    archive.delete_session(store, code)
    assert record.session_record(store, archive.import_record(store, rec)) == rec
