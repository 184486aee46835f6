"""Word cloud answers against a real database, on SQLite and on PostgreSQL."""
import pytest
import sqlalchemy as sa

from facilitation.domain.errors import Conflict, DomainError, Forbidden
from facilitation.services import archive, record, sessions
from facilitation.services import participation as p
from facilitation.store.schema import answers

from .test_services import activities, code, phone, results  # noqa: F401 - the code fixture


def cloud_id(store, code):  # noqa: F811
    return activities(store, code, "wordcloud")[0]["id"]


def stored(store):
    with store.transaction() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(answers)).scalar()


def test_answers_are_counted_and_a_new_list_replaces_the_old(store, code):  # noqa: F811
    cloud = cloud_id(store, code)
    a, b = phone(store, code), phone(store, code)
    assert p.send_answers(store, a, "w1", cloud, [" Trust ", "power"]) == {
        "ok": True, "activity": cloud, "answers": ["Trust", "power"], "statuses": ["shown", "shown"]}
    p.send_answers(store, b, "w1", cloud, ["trust"])
    assert results(store, code, cloud)["words"] == [{"text": "Trust", "count": 2}, {"text": "power", "count": 1}]
    p.send_answers(store, a, "w2", cloud, ["voice"])
    r = results(store, code, cloud)
    assert r["words"] == [{"text": "trust", "count": 1}, {"text": "voice", "count": 1}] and r["people"] == 2
    p.send_answers(store, a, "w3", cloud, [])
    assert results(store, code, cloud)["people"] == 1 and stored(store) == 1
    assert p.participant_view(store, b)["answers"] == {str(cloud): ["trust"]}


def test_a_repeated_action_is_answered_again_not_applied_twice(store, code):  # noqa: F811
    cloud = cloud_id(store, code)
    a = phone(store, code)
    first = p.send_answers(store, a, "same", cloud, ["trust"])
    p.send_answers(store, a, "later", cloud, ["voice"])
    again = p.send_answers(store, a, "same", cloud, ["trust"])
    assert again == {**first, "duplicate": True}
    assert results(store, code, cloud)["words"] == [{"text": "voice", "count": 1}]


@pytest.mark.parametrize("answers_sent, error", [(["a", "b", "c", "d"], DomainError), (["three words here"], DomainError),
                                                 (["x", "X"], DomainError)])
def test_bad_answers_change_nothing(store, code, answers_sent, error):  # noqa: F811
    cloud = cloud_id(store, code)
    a = phone(store, code)
    p.send_answers(store, a, "w1", cloud, ["kept"])
    with pytest.raises(error):
        p.send_answers(store, a, "w2", cloud, answers_sent)
    assert p.participant_view(store, a)["answers"] == {str(cloud): ["kept"]} and stored(store) == 1


def test_a_closed_cloud_refuses_answers_and_keeps_the_old_ones(store, code):  # noqa: F811
    cloud = cloud_id(store, code)
    a = phone(store, code)
    p.send_answers(store, a, "w1", cloud, ["kept"])
    sessions.control_activity(store, code, cloud, "close")
    with pytest.raises(Conflict, match="is closed"):
        p.send_answers(store, a, "w2", cloud, [])
    assert stored(store) == 1


def test_the_database_holds_one_answer_per_participant_and_slot(store, code):  # noqa: F811
    cloud = cloud_id(store, code)
    a = phone(store, code)
    p.send_answers(store, a, "w1", cloud, ["trust"])
    with pytest.raises(sa.exc.IntegrityError):
        with store.transaction() as conn:
            conn.execute(answers.insert().values(activity_id=cloud, participant_id=a["participant_id"], item=0,
                                                 text="sneaked in", updated_at=0.0))


def test_a_group_cloud_takes_answers_from_its_group_only(store, plan):
    plan = plan.model_copy(update={"stages": [plan.stages[1].model_copy(update={"groups": [
        g.model_copy(update={"activities": [*g.activities, _cloud_of(plan)]}) for g in plan.stages[1].groups]})]})
    code = sessions.create_session(store, plan)  # noqa: F811
    sessions.move_stage(store, code, "next")
    red_cloud = [a for a in activities(store, code, "wordcloud") if a["group"] == "g1"][0]["id"]
    blue = phone(store, code)
    p.choose_group(store, blue, "g", "g2")
    with pytest.raises(Forbidden):
        p.send_answers(store, blue, "w1", red_cloud, ["trust"])
    assert stored(store) == 0


def _cloud_of(plan):
    return plan.stages[0].activities[3]


def test_the_record_carries_the_answers_without_identity_and_imports_back(store, code):  # noqa: F811
    cloud = cloud_id(store, code)
    a, b = phone(store, code, name="Amina"), phone(store, code)
    p.send_answers(store, a, "w1", cloud, ["Trust", "power"])
    p.send_answers(store, b, "w1", cloud, ["trust"])
    rec = record.session_record(store, code)
    entry = rec["stages"][0]["activities"][3]
    assert entry["kind"] == "wordcloud" and entry["answers"] == [["Trust", "power"], ["trust"]]
    assert entry["results"]["words"][0] == {"text": "Trust", "count": 2}
    assert a["token"] not in repr(rec) and "participant_id" not in repr(rec)
    record.check_record(rec)
    archive.delete_session(store, code)
    again = archive.import_record(store, rec)
    assert record.session_record(store, again) == rec
