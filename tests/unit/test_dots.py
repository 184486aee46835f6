"""Sticky-note boards: authorship, clusters, phases and dot budgets (property-based where the cases are many)."""
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import activity as act
from facilitation.domain import board, dots
from facilitation.domain.errors import Conflict, DomainError, Forbidden


def wall(budget=3, stacking=True, phase="vote", state=act.OPEN) -> act.Activity:
    return act.Activity(5, 0, None, 1, "board", "Challenges", {
        "columns": ["Challenges", "Solutions"], "note_limit": 50, "dots": budget, "stacking": stacking,
        "phase": phase}, state)


NOTES = {11, 12, 13, 14}


@given(budget=st.integers(1, 20), stacking=st.booleans(),
       moves=st.lists(st.tuples(st.booleans(), st.sampled_from(sorted(NOTES | {99}))), max_size=60))
def test_no_sequence_of_adds_and_removes_breaks_the_budget_or_the_stacking_rule(budget, stacking, moves):
    item, mine = wall(budget, stacking), []
    for adding, note in moves:
        before = list(mine)
        try:
            if adding:
                mine.append(dots.check_add(item, mine, note, NOTES))
            else:
                mine.remove(dots.check_remove(item, mine, note))
        except DomainError:
            assert mine == before  # a refused move changes nothing
            fits = note in NOTES and len(before) < budget and (stacking or note not in before)
            assert not (adding and fits), "a dot that fits was refused"
            assert not (not adding and note in before), "a dot that is there could not be taken back"
        assert 0 <= len(mine) <= budget
        assert dots.left(item, mine) == budget - len(mine) >= 0
        assert set(mine) <= NOTES
        if not stacking:
            assert max(Counter(mine).values(), default=0) <= 1
        assert sum(dots.on_notes(mine).values()) == len(mine)


@given(st.lists(st.lists(st.sampled_from(sorted(NOTES)), max_size=5), max_size=30))
def test_the_totals_are_the_stored_dots(ballots):
    notes = [board.Note(n, 0, f"note {n}", "", float(n), None) for n in sorted(NOTES)]
    totals = dots.totals([n for ballot in ballots for n in ballot])
    view = board.board_view(wall(), [board.Note(n.id, 0, n.text, "", n.created_at, None, totals.get(n.id, 0))
                                     for n in notes])
    assert view["dots"] == sum(len(b) for b in ballots) == sum(n["dots"] for n in view["notes"])
    assert {n["id"]: n["dots"] for n in view["notes"] if n["dots"]} == totals


def test_refusals_say_why():
    with pytest.raises(Conflict, match="all your 2 dots"):
        dots.check_add(wall(2), [11, 12], 13, NOTES)
    with pytest.raises(Conflict, match="one dot per note"):
        dots.check_add(wall(3, stacking=False), [11], 11, NOTES)
    assert dots.check_add(wall(3, stacking=True), [11], 11, NOTES) == 11
    with pytest.raises(DomainError, match="no such note"):
        dots.check_add(wall(), [], 99, NOTES)
    with pytest.raises(DomainError, match="no such note"):
        dots.check_add(wall(), [], "11", NOTES)
    with pytest.raises(DomainError, match="no dot on this note"):
        dots.check_remove(wall(), [11], 12)
    with pytest.raises(Conflict, match="has not started"):
        dots.check_add(wall(phase="write"), [], 11, NOTES)
    with pytest.raises(Conflict, match="is closed"):
        dots.check_add(wall(state=act.CLOSED), [], 11, NOTES)
    with pytest.raises(Conflict, match="is closed"):
        dots.check_remove(wall(state=act.CLOSED), [11], 11)


def test_only_the_author_may_change_a_note():
    board.check_author(7, 7)
    with pytest.raises(Forbidden, match="your own notes"):
        board.check_author(7, 8)
    with pytest.raises(DomainError, match="no such note"):
        board.check_author(None, 8)


def test_an_edit_is_checked_like_a_new_note_and_only_while_open():
    assert board.check_text(wall(), "  Shorter grants ") == "Shorter grants"
    with pytest.raises(DomainError, match="limit is 50"):
        board.check_text(wall(), "x" * 51)
    with pytest.raises(DomainError, match="empty"):
        board.check_text(wall(), "   ")
    with pytest.raises(Conflict, match="is closed"):
        board.check_text(wall(state=act.CLOSED), "late")


def test_cluster_names_are_clean_and_different():
    assert board.check_new_cluster(wall(), " Funding ", ["Trust"]) == "Funding"
    with pytest.raises(Conflict, match="already a cluster"):
        board.check_new_cluster(wall(), "trust", ["Trust"])
    with pytest.raises(DomainError, match="empty"):
        board.check_new_cluster(wall(), "", [])
    with pytest.raises(DomainError, match="limit is 80"):
        board.check_cluster_name(wall(), "x" * 81, [])
    with pytest.raises(Conflict, match="at most 30"):
        board.check_new_cluster(wall(), "One more", [f"c{i}" for i in range(30)])
    poll = act.Activity(1, 0, None, 0, "poll", "Q", {"options": ["A", "B"]}, act.OPEN)
    with pytest.raises(DomainError, match="not a sticky-note board"):
        board.check_new_cluster(poll, "x", [])


def test_the_phase_and_the_budget():
    item = wall(phase="write")
    assert board.check_phase(item, "vote")["phase"] == "vote"
    assert board.check_phase(item, "vote", 5, False) | {} == {**item.settings, "phase": "vote", "dots": 5,
                                                               "stacking": False}
    with pytest.raises(DomainError, match="phase must be"):
        board.check_phase(item, "count")
    with pytest.raises(DomainError, match="from 0 to 20"):
        board.check_phase(item, "vote", 21)
    with pytest.raises(DomainError, match="at least one dot"):
        board.check_phase(item, "vote", 0)
    assert board.check_phase(item, "write", 0)["dots"] == 0
    with pytest.raises(Conflict, match="cannot change once dots"):
        board.check_phase(item, "vote", 4, dots_given=1)
    assert board.check_phase(item, "write", dots_given=9)["phase"] == "write"


def test_clusters_carry_their_totals_and_phones_see_dots_only_when_revealed():
    notes = [board.Note(1, 0, "a", "", 1.0, 7, 2), board.Note(2, 1, "b", "", 2.0, 7, 3),
             board.Note(3, 0, "c", "", 3.0, None, 1)]
    view = board.board_view(wall(), notes, [board.Cluster(7, "Funding", 0), board.Cluster(8, "Empty", 1)], 2)
    assert view["clusters"] == [{"id": 7, "name": "Funding", "count": 2, "dots": 5},
                                {"id": 8, "name": "Empty", "count": 0, "dots": 0}]
    assert (view["dots"], view["dot_voters"], view["phase"], view["budget"]) == (6, 2, "vote", 3)
    hidden = board.for_phones(view, visible=False)
    assert "6" not in str([n["dots"] for n in hidden["notes"]]) and hidden["clusters"][0]["dots"] is None
    assert hidden["revision"] == board.for_phones(board.board_view(
        wall(), [board.Note(n.id, n.column, n.text, "", n.created_at, n.cluster, 0) for n in notes],
        [board.Cluster(7, "Funding", 0), board.Cluster(8, "Empty", 1)], 0), visible=False)["revision"]
    shown = board.for_phones(view, visible=True)
    assert shown["notes"][1]["dots"] == 3 and shown["revision"] != hidden["revision"]
