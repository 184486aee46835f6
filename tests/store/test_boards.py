"""Sticky-note editing, clusters and dot voting against a real database, on SQLite and on PostgreSQL."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from facilitation.domain.errors import Conflict, DomainError, Forbidden, NotFound
from facilitation.services import archive, clusters, dots, record, sessions
from facilitation.services import participation as p

from .test_services import activities, code, phone, results  # noqa: F401 - the code fixture


def board_id(store, code):  # noqa: F811
    return activities(store, code, "board")[0]["id"]


def test_only_the_author_edits_or_deletes_a_note_and_only_while_open(store, code):  # noqa: F811
    b = board_id(store, code)
    amina, kofi = phone(store, code), phone(store, code)
    note = p.post_note(store, amina, "n1", b, 0, "Funding cycles")["note"]
    assert p.edit_note(store, amina, "e1", b, note, " Short funding cycles ")["text"] == "Short funding cycles"
    assert p.participant_view(store, amina)["own_notes"] == {
        str(b): [{"id": note, "column": 0, "text": "Short funding cycles", "author": "", "status": "shown"}]}
    with pytest.raises(Forbidden, match="your own notes"):
        p.edit_note(store, kofi, "e1", b, note, "Hijacked")
    with pytest.raises(Forbidden, match="your own notes"):
        p.delete_note(store, kofi, "d1", b, note)
    with pytest.raises(DomainError, match="no such note"):
        p.delete_note(store, amina, "d2", b, 2**40)
    with pytest.raises(DomainError, match="limit is 280"):
        p.edit_note(store, amina, "e2", b, note, "x" * 281)
    assert [n["text"] for n in results(store, code, b)["notes"]] == ["Short funding cycles"]
    assert p.edit_note(store, amina, "e1", b, note, "ignored: a repeat")["duplicate"] is True
    sessions.control_activity(store, code, b, "close")
    with pytest.raises(Conflict, match="is closed"):
        p.edit_note(store, amina, "e3", b, note, "Too late")
    with pytest.raises(Conflict, match="is closed"):
        p.delete_note(store, amina, "d3", b, note)
    sessions.control_activity(store, code, b, "open")
    assert p.delete_note(store, amina, "d4", b, note)["deleted"] is True
    assert results(store, code, b)["count"] == 0 and p.participant_view(store, amina)["notes"] == {}


def test_clusters_group_notes_and_removing_one_keeps_its_notes(store, code):  # noqa: F811
    b = board_id(store, code)
    who = phone(store, code)
    n1, n2 = (p.post_note(store, who, f"n{i}", b, 0, text)["note"] for i, text in enumerate(["Grants", "Trust"]))
    view = clusters.add(store, code, b, "Funding")
    funding = view["clusters"][0]["id"]
    clusters.place(store, code, b, n1, funding)
    view = clusters.rename(store, code, b, funding, "Money")
    assert view["clusters"] == [{"id": funding, "name": "Money", "count": 1, "dots": 0}]
    assert [n["cluster"] for n in view["notes"]] == [funding, None]
    with pytest.raises(Conflict, match="already a cluster"):
        clusters.add(store, code, b, "money")
    with pytest.raises(NotFound):
        clusters.place(store, code, b, n2, funding + 1000)
    with pytest.raises(NotFound):
        clusters.place(store, code, b, 2**40, funding)
    other = activities(store, code, "poll")[0]["id"]
    with pytest.raises(DomainError, match="not a sticky-note board"):
        clusters.add(store, code, other, "x")
    view = clusters.remove(store, code, b, funding)
    assert view["clusters"] == [] and [n["cluster"] for n in view["notes"]] == [None, None] and view["count"] == 2


def test_dots_stay_within_the_budget_and_the_stacking_rule(store, code):  # noqa: F811
    b = board_id(store, code)
    a, c = phone(store, code), phone(store, code)
    n1, n2 = (p.post_note(store, a, f"n{i}", b, 0, text)["note"] for i, text in enumerate(["Grants", "Trust"]))
    with pytest.raises(Conflict, match="has not started"):
        dots.add_dot(store, a, "d1", b, n1)
    dots.set_phase(store, code, b, "vote", 2, False)
    assert dots.add_dot(store, a, "d1", b, n1) == {"ok": True, "activity": b, "note": n1, "mine": {n1: 1}, "left": 1}
    with pytest.raises(Conflict, match="one dot per note"):
        dots.add_dot(store, a, "d2", b, n1)
    dots.add_dot(store, a, "d3", b, n2)
    with pytest.raises(Conflict, match="all your 2 dots"):
        dots.add_dot(store, a, "d4", b, n2)
    assert dots.add_dot(store, a, "d1", b, n1)["duplicate"] is True  # a repeat is not a second dot
    dots.add_dot(store, c, "d1", b, n2)
    view = results(store, code, b)
    assert [n["dots"] for n in view["notes"]] == [1, 2] and (view["dots"], view["dot_voters"]) == (3, 2)
    with pytest.raises(Conflict, match="cannot change once dots"):
        dots.set_phase(store, code, b, "vote", 5)
    assert dots.remove_dot(store, a, "r1", b, n2)["mine"] == {n1: 1}
    with pytest.raises(DomainError, match="no dot on this note"):
        dots.remove_dot(store, a, "r2", b, n2)
    assert p.participant_view(store, a)["dots"] == {str(b): {str(n1): 1}}
    assert dots.my_part(store, a, b) == {"own": sorted([n1, n2]), "mine": {n1: 1}, "left": 1}
    p.delete_note(store, a, "x1", b, n1)  # its dots go with it, and come back to whoever gave them
    assert dots.my_part(store, a, b)["left"] == 2 and results(store, code, b)["dots"] == 1
    sessions.control_activity(store, code, b, "close")
    with pytest.raises(Conflict, match="is closed"):
        dots.add_dot(store, c, "d9", b, n2)


def test_dots_sent_at_once_never_overspend(store, code):  # noqa: F811
    b = board_id(store, code)
    a = phone(store, code)
    notes = [p.post_note(store, a, f"n{i}", b, 0, f"Note {i}")["note"] for i in range(4)]
    dots.set_phase(store, code, b, "vote", 3, True)

    def add(i):
        try:
            return dots.add_dot(store, a, f"c{i}", b, notes[i % 4])["ok"]
        except DomainError:
            return False

    with ThreadPoolExecutor(8) as pool:
        taken = list(pool.map(add, range(12)))
    assert sum(taken) == 3 == results(store, code, b)["dots"]


def test_phones_read_the_notes_while_voting_even_when_hidden_without_the_totals(store, code):  # noqa: F811
    b = board_id(store, code)
    a = phone(store, code)
    n1 = p.post_note(store, a, "n1", b, 1, "Trust")["note"]
    sessions.control_activity(store, code, b, "hide")
    with pytest.raises(Forbidden):
        dots.shared_notes(store, code, b)
    dots.set_phase(store, code, b, "vote")
    dots.add_dot(store, a, "d1", b, n1)
    shared = dots.shared_notes(store, code, b)
    assert shared["visible"] is False and shared["results"]["notes"][0]["dots"] is None
    sessions.control_activity(store, code, b, "reveal")
    assert dots.shared_notes(store, code, b)["results"]["notes"][0]["dots"] == 1


def test_clusters_and_dots_survive_the_record_round_trip(store, code):  # noqa: F811
    b = board_id(store, code)
    a, c = phone(store, code), phone(store, code)
    n1, n2, _n3 = (p.post_note(store, a, f"n{i}", b, i % 2, t)["note"] for i, t in enumerate(["Grants", "Trust", "Time"]))
    funding = clusters.add(store, code, b, "Funding")["clusters"][0]["id"]
    clusters.place(store, code, b, n1, funding)
    clusters.place(store, code, b, n2, funding)
    dots.set_phase(store, code, b, "vote", 3, True)
    for who, note, cid in ((a, n1, "1"), (a, n1, "2"), (c, n2, "1")):
        dots.add_dot(store, who, cid, b, note)
    rec = record.session_record(store, code)
    entry = next(x for x in rec["stages"][0]["activities"] if x["kind"] == "board")
    assert entry["results"]["clusters"] == [{"name": "Funding", "count": 2, "dots": 3}]
    assert [(n["cluster"], n["dots"]) for n in entry["results"]["notes"]] == [("Funding", 2), ("Funding", 1), (None, 0)]
    assert entry["dot_ballots"] == [[0, 0], [1]] and entry["settings"]["phase"] == "vote"
    archive.delete_session(store, code)
    again = archive.import_record(store, rec)
    assert record.session_record(store, again) == rec


def test_with_the_queue_on_a_rewritten_note_waits_again_and_only_notes_on_show_take_dots(store, code):  # noqa: F811
    from facilitation.services import moderation

    b = board_id(store, code)
    a = phone(store, code)
    n1 = p.post_note(store, a, "n1", b, 0, "Grants")["note"]
    n2 = p.post_note(store, a, "n2", b, 0, "Trust")["note"]
    sessions.set_options(store, code, b, {"moderate": True})
    assert p.edit_note(store, a, "e1", b, n1, "Grants, rewritten")["status"] == "pending"
    assert [n["text"] for n in results(store, code, b)["notes"]] == ["Trust"]
    dots.set_phase(store, code, b, "vote")
    with pytest.raises(DomainError, match="no such note"):
        dots.add_dot(store, a, "d1", b, n1)
    dots.add_dot(store, a, "d2", b, n2)
    moderation.moderate_item(store, code, b, "hide", n2)  # a hidden note's dots leave the totals with it
    assert results(store, code, b)["dots"] == 0 and results(store, code, b)["dot_voters"] == 0
