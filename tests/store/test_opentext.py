"""Open text answers against a real database, on SQLite and on PostgreSQL."""
import pytest

from facilitation.domain.errors import Conflict, DomainError
from facilitation.services import archive, record, sessions
from facilitation.services import participation as p

from .test_services import activities, code, phone, results  # noqa: F401 - the code fixture


def question_id(store, code):  # noqa: F811
    return activities(store, code, "text")[0]["id"]


def test_answers_make_a_wall_and_a_new_list_replaces_the_old(store, code):  # noqa: F811
    q = question_id(store, code)
    a, b = phone(store, code), phone(store, code)
    assert p.send_answers(store, a, "t1", q, ["More time for trust"])["answers"] == ["More time for trust"]
    p.send_answers(store, b, "t1", q, ["Shared budgets", "Fewer reports"])
    p.send_answers(store, a, "t2", q, ["More time for trust, and money"])
    wall = results(store, code, q)
    assert [x["text"] for x in wall["answers"]] == ["Shared budgets", "Fewer reports", "More time for trust, and money"]
    assert (wall["count"], wall["people"]) == (3, 2)
    with pytest.raises(DomainError, match="at most 2 answers"):
        p.send_answers(store, a, "t3", q, ["x", "y", "z"])
    sessions.control_activity(store, code, q, "close")
    with pytest.raises(Conflict):
        p.send_answers(store, b, "t2", q, [])
    assert results(store, code, q)["count"] == 3


def test_the_record_carries_the_wall_and_imports_back(store, code):  # noqa: F811
    q = question_id(store, code)
    a, b = phone(store, code), phone(store, code)
    p.send_answers(store, a, "t1", q, ["Zebra crossing", "Apples"])
    p.send_answers(store, b, "t1", q, ["<b>Bold</b>\nsecond line"])
    rec = record.session_record(store, code)
    entry = rec["stages"][0]["activities"][5]
    assert entry["results"] == {"answers": [{"text": "<b>Bold</b>\nsecond line"}, {"text": "Apples"},
                                            {"text": "Zebra crossing"}], "count": 3, "people": 2}
    assert a["token"] not in repr(rec)
    record.check_record(rec)
    archive.delete_session(store, code)
    assert record.session_record(store, archive.import_record(store, rec)) == rec
