"""Moderation against a real database, on SQLite and on PostgreSQL: the queue, hide and restore, the word filter."""
import pytest
import sqlalchemy as sa

from facilitation.domain.errors import Conflict, DomainError, NotFound
from facilitation.services import moderation, record, sessions
from facilitation.services import participation as p
from facilitation.store.schema import moderation as decisions

from .test_services import activities, code, phone, results  # noqa: F401 - the code fixture


def of_kind(store, code, kind):  # noqa: F811
    return activities(store, code, kind)[0]["id"]


def queue_on(store, code, activity_id, on=True):  # noqa: F811
    return sessions.set_options(store, code, activity_id, {"moderate": on})


def console(store, code, activity_id):  # noqa: F811
    return moderation.read_moderation(store, code, activity_id)


def test_a_queued_note_waits_is_approved_then_hidden_and_restored(store, code):  # noqa: F811
    board = of_kind(store, code, "board")
    assert queue_on(store, code, board)["moderate"] is True
    a, b = phone(store, code), phone(store, code)
    reply = p.post_note(store, a, "n1", board, 0, "Waiting note")
    assert reply["status"] == "pending"
    assert results(store, code, board)["count"] == 0
    assert p.participant_view(store, a)["held"] == {str(board): {"pending": 1, "hidden": 0}}
    assert p.participant_view(store, b)["held"] == {}
    view = console(store, code, board)
    assert view["queue"] == [reply["note"]] and view["pending"] == 1
    assert moderation.moderate_item(store, code, board, "approve", reply["note"])["status"] == "shown"
    assert [n["text"] for n in results(store, code, board)["notes"]] == ["Waiting note"]
    assert p.participant_view(store, a)["held"] == {}
    moderation.moderate_item(store, code, board, "hide", reply["note"])
    shown = results(store, code, board)
    assert (shown["notes"], shown["count"], shown["dots"]) == ([], 0, 0)
    assert p.participant_view(store, a)["held"] == {str(board): {"pending": 0, "hidden": 1}}
    moderation.moderate_item(store, code, board, "restore", reply["note"])
    assert results(store, code, board)["count"] == 1


def test_without_the_queue_a_note_shows_at_once_and_can_still_be_hidden(store, code):  # noqa: F811
    board = of_kind(store, code, "board")
    a = phone(store, code)
    first = p.post_note(store, a, "n1", board, 0, "kept")
    second = p.post_note(store, a, "n2", board, 1, "hidden later")
    assert first["status"] == second["status"] == "shown"
    moderation.moderate_item(store, code, board, "hide", second["note"])
    assert [n["text"] for n in results(store, code, board)["notes"]] == ["kept"]
    with pytest.raises(Conflict):
        moderation.moderate_item(store, code, board, "approve", second["note"])


def test_hiding_a_word_hides_it_for_everyone_who_gave_it_even_after_they_send_again(store, code):  # noqa: F811
    cloud = of_kind(store, code, "wordcloud")
    a, b, c = phone(store, code), phone(store, code), phone(store, code)
    p.send_answers(store, a, "w1", cloud, ["Trust", "rubbish"])
    p.send_answers(store, b, "w1", cloud, ["RUBBISH"])
    assert moderation.moderate_item(store, code, cloud, "hide", "rubbish")["status"] == "hidden"
    r = results(store, code, cloud)
    assert r["words"] == [{"text": "Trust", "count": 1}] and r["people"] == 1
    # The answers are replaced (new rows): the decision is kept by the word, not the row.
    p.send_answers(store, a, "w2", cloud, ["rubbish", "voice"])
    assert p.send_answers(store, c, "w1", cloud, ["Rubbish"])["statuses"] == ["hidden"]
    assert {w["text"] for w in results(store, code, cloud)["words"]} == {"voice"}
    assert p.participant_view(store, a)["statuses"] == {str(cloud): ["hidden", "shown"]}
    view = console(store, code, cloud)
    assert [(i["text"], i["status"], i["count"]) for i in view["items"] if i["status"] == "hidden"] == [
        ("RUBBISH", "hidden", 3)] and view["hidden"] == 3  # in its most common spelling, as the cloud shows it
    moderation.moderate_item(store, code, cloud, "restore", "RUBBISH")
    assert {w["text"]: w["count"] for w in results(store, code, cloud)["words"]} == {"RUBBISH": 3, "voice": 1}


def test_a_queued_word_waits_once_approved_it_shows_for_everyone(store, code):  # noqa: F811
    cloud = of_kind(store, code, "wordcloud")
    queue_on(store, code, cloud)
    a, b = phone(store, code), phone(store, code)
    assert p.send_answers(store, a, "w1", cloud, ["ubuntu"])["statuses"] == ["pending"]
    assert p.send_answers(store, b, "w1", cloud, ["Ubuntu", "care"])["statuses"] == ["pending", "pending"]
    assert results(store, code, cloud)["people"] == 0
    view = console(store, code, cloud)
    assert view["queue"] == ["Ubuntu", "care"] and view["pending"] == 3
    moderation.moderate_item(store, code, cloud, "approve", "UBUNTU")
    assert results(store, code, cloud)["words"] == [{"text": "Ubuntu", "count": 2}]
    c = phone(store, code)
    assert p.send_answers(store, c, "w1", cloud, ["ubuntu"])["statuses"] == ["shown"]


def test_open_answers_are_moderated_by_their_text(store, code):  # noqa: F811
    question = of_kind(store, code, "text")
    queue_on(store, code, question)
    a = phone(store, code)
    assert p.send_answers(store, a, "t1", question, ["A long answer", "Another"])["statuses"] == ["pending", "pending"]
    moderation.moderate_item(store, code, question, "approve", "a long answer")
    r = results(store, code, question)
    assert [x["text"] for x in r["answers"]] == ["A long answer"] and r["count"] == 1
    moderation.moderate_item(store, code, question, "hide", "Another")
    assert console(store, code, question)["queue"] == []


def test_the_word_filter_holds_matching_items_even_with_the_queue_off(store, code):  # noqa: F811
    board, cloud = of_kind(store, code, "board"), of_kind(store, code, "wordcloud")
    a = phone(store, code)
    assert p.post_note(store, a, "n0", board, 0, "This is shit")["status"] == "shown"  # the filter is off
    view = moderation.set_word_filter(store, code, enabled=True)
    assert view["enabled"] and "shit" in view["lists"]["en"] and "merde" in view["lists"]["fr"]
    assert p.post_note(store, a, "n1", board, 0, "This is SHIT!")["status"] == "pending"
    assert p.post_note(store, a, "n2", board, 0, "Quelle merde")["status"] == "pending"
    assert p.post_note(store, a, "n3", board, 0, "Shitake mushrooms")["status"] == "shown"
    assert p.send_answers(store, a, "w1", cloud, ["Pútá", "care"])["statuses"] == ["pending", "shown"]
    moderation.set_word_filter(store, code, lists={"en": "mushrooms\n", "es": ""})
    assert p.post_note(store, a, "n4", board, 0, "Shitake mushrooms")["status"] == "pending"
    assert p.post_note(store, a, "n5", board, 0, "shit")["status"] == "shown"  # no longer listed
    assert p.send_answers(store, a, "w2", cloud, ["Pútá", "care"])["statuses"] == ["pending", "shown"]  # still queued
    moderation.set_word_filter(store, code, enabled=False)
    assert p.post_note(store, a, "n6", board, 0, "mushrooms")["status"] == "shown"
    assert moderation.read_word_filter(store, code)["lists"]["en"] == ["mushrooms"]


@pytest.mark.parametrize("enabled, lists, message", [
    ("yes", None, "true or false"), (None, None, "send"), (None, {"de": "x"}, "no word filter"),
    (None, {"en": "x" * 100}, "too long"), (None, {"en": 5}, "one word or phrase")])
def test_a_bad_word_filter_changes_nothing(store, code, enabled, lists, message):  # noqa: F811
    with pytest.raises(DomainError, match=message):
        moderation.set_word_filter(store, code, enabled, lists)
    assert moderation.read_word_filter(store, code) == {"enabled": False, "lists": moderation.shipped_lists()}


def test_bad_moderation_is_refused_and_changes_nothing(store, code):  # noqa: F811
    board, cloud, poll = of_kind(store, code, "board"), of_kind(store, code, "wordcloud"), of_kind(store, code, "poll")
    a = phone(store, code)
    note = p.post_note(store, a, "n1", board, 0, "hello")["note"]
    with pytest.raises(DomainError, match="nothing to moderate"):
        moderation.moderate_item(store, code, poll, "hide", 1)
    with pytest.raises(DomainError, match="unknown moderation action"):
        moderation.moderate_item(store, code, board, "delete", note)
    with pytest.raises(DomainError, match="number"):
        moderation.moderate_item(store, code, board, "hide", "hello")
    with pytest.raises(NotFound):
        moderation.moderate_item(store, code, board, "hide", note + 1000)
    with pytest.raises(NotFound):
        moderation.moderate_item(store, code, cloud, "hide", "never given")
    with pytest.raises(DomainError, match="option"):
        sessions.set_options(store, code, cloud, {"blur": True})
    with pytest.raises(DomainError, match="true or false"):
        sessions.set_options(store, code, board, {"moderate": "yes"})
    assert results(store, code, board)["count"] == 1
    with store.transaction() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(decisions)).scalar() == 0


def test_a_note_on_another_board_cannot_be_moderated_through_this_one(store, code):  # noqa: F811
    board = of_kind(store, code, "board")
    other = sessions.create_session(store, __import__("facilitation.domain.plan", fromlist=["x"]).parse_plan(
        {"title": "Other", "stages": [{"kind": "plenary", "title": "P", "minutes": 5, "activities": [
            {"kind": "board", "title": "B"}]}]}))
    sessions.move_stage(store, other, "next")
    other_board = of_kind(store, other, "board")
    note = p.post_note(store, phone(store, other), "n1", other_board, 0, "theirs")["note"]
    with pytest.raises(NotFound):
        moderation.moderate_item(store, code, board, "hide", note)
    assert results(store, other, other_board)["count"] == 1


def test_the_record_keeps_every_item_with_its_status_and_the_archive_round_trip_keeps_them(store, code):  # noqa: F811
    board, cloud = of_kind(store, code, "board"), of_kind(store, code, "wordcloud")
    queue_on(store, code, board)
    sessions.set_options(store, code, board, {"blur": True})
    moderation.set_word_filter(store, code, enabled=True, lists={"en": "rubbish"})
    a = phone(store, code)
    shown = p.post_note(store, a, "n1", board, 0, "approved")["note"]
    p.post_note(store, a, "n2", board, 1, "still waiting")
    hidden = p.post_note(store, a, "n3", board, 0, "hidden one")["note"]
    moderation.moderate_item(store, code, board, "approve", shown)
    moderation.moderate_item(store, code, board, "hide", hidden)
    p.send_answers(store, a, "w1", cloud, ["rubbish", "trust"])
    rec = record.session_record(store, code)
    entry = next(x for s in rec["stages"] for x in s["activities"] if x["kind"] == "board")
    assert [n["text"] for n in entry["results"]["notes"]] == ["approved"]
    assert entry["moderation"]["hidden"] == 1 and entry["moderation"]["pending"] == 1
    assert {(n["text"], n["status"]) for n in entry["moderation"]["items"]} == {
        ("still waiting", "pending"), ("hidden one", "hidden")}
    assert entry["settings"]["moderate"] is True and entry["settings"]["blur"] is True
    words = next(x for s in rec["stages"] for x in s["activities"] if x["kind"] == "wordcloud")
    assert words["results"]["words"] == [{"text": "trust", "count": 1}]
    assert words["answers"] == [["rubbish", "trust"]]
    assert words["moderation"] == {"hidden": 0, "pending": 1, "items": [{"text": "rubbish", "status": "pending"}]}
    assert rec["word_filter"] == {"enabled": True, "lists": {**moderation.shipped_lists(), "en": ["rubbish"]}}
    from facilitation.services import archive
    rec["session"]["code"] = "ZZZZZZ"
    again = archive.import_record(store, rec)
    copy = record.session_record(store, again)
    copy["session"]["code"] = "ZZZZZZ"
    assert copy == rec
