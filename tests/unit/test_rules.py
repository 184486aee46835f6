"""Domain rules: join codes, stage moves, activity controls, votes, notes and text limits."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import activity as act
from facilitation.domain.board import Note, board_view, check_note
from facilitation.domain.codes import ALPHABET, LENGTH, new_join_code, normalise_join_code
from facilitation.domain.errors import Conflict, DomainError
from facilitation.domain.participant import clean_display_name, new_token, token_digest
from facilitation.domain.poll import check_choices, tally
from facilitation.domain.session import ENDED, LOBBY, RUNNING, Session, target_stage


def poll(**settings) -> act.Activity:
    base = {"options": ["A", "B", "C"], "multiple": False}
    return act.Activity(1, 0, None, 0, "poll", "Q", {**base, **settings}, act.OPEN)


def board(state=act.OPEN) -> act.Activity:
    return act.Activity(2, 0, None, 1, "board", "B", {"columns": ["Challenges", "Solutions"], "note_limit": 280},
                        state)


class TestJoinCodes:
    def test_codes_have_six_unambiguous_characters(self):
        for _ in range(200):
            code = new_join_code()
            assert len(code) == LENGTH and set(code) <= set(ALPHABET)
        assert not set("01OIL25SZ8B") & set(ALPHABET)

    @given(st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH))
    def test_typed_codes_are_forgiving(self, code):
        assert normalise_join_code(f" {code[:3].lower()}-{code[3:]} ") == code

    @pytest.mark.parametrize("typed", ["", "ABC", "ACDEFGH", "ACDEF0", "ACDEFI", None, 123456])
    def test_non_codes_are_refused(self, typed):
        assert normalise_join_code(typed) is None


class TestStages:
    def session(self, current, status=RUNNING):
        return Session(1, "ACDEFG", "T", status, current, 3)

    def test_next_starts_moves_and_ends(self):
        assert target_stage(self.session(None, LOBBY), "next") == 0
        assert target_stage(self.session(1), "next") == 2
        assert target_stage(self.session(2), "next") is None

    def test_previous_and_goto(self):
        assert target_stage(self.session(2), "previous") == 1
        assert target_stage(self.session(0), "goto", 2) == 2
        with pytest.raises(Conflict):
            target_stage(self.session(0), "previous")

    @pytest.mark.parametrize("action, position", [("goto", 3), ("goto", -1), ("goto", "1"), ("goto", True),
                                                  ("jump", None)])
    def test_bad_moves_are_refused(self, action, position):
        with pytest.raises(DomainError):
            target_stage(self.session(0), action, position)

    def test_an_ended_session_cannot_end_again(self):
        with pytest.raises(Conflict):
            target_stage(self.session(None, ENDED), "end")


class TestActivityControls:
    def test_open_only_in_the_current_stage(self):
        pending = act.Activity(1, 1, None, 0, "poll", "Q", {"options": ["a", "b"]})
        assert act.control(pending, "open", 1) == {"state": act.OPEN}
        with pytest.raises(Conflict):
            act.control(pending, "open", 0)

    def test_close_reveal_hide(self):
        assert act.control(poll(), "close", 0) == {"state": act.CLOSED}
        assert act.control(poll(), "reveal", 0) == {"results_visible": True}
        assert act.control(poll(), "hide", 0) == {"results_visible": False}

    def test_talks_cannot_be_controlled(self):
        talk = act.Activity(3, 0, None, 2, "talk", "Keynote")
        with pytest.raises(DomainError):
            act.control(talk, "open", 0)

    def test_manual_start_is_respected(self):
        assert act.opens_with_stage(poll())
        assert not act.opens_with_stage(poll(start="manual"))


class TestVotes:
    def test_single_choice(self):
        assert check_choices(poll(), [1]) == (1,)
        with pytest.raises(DomainError, match="single choice"):
            check_choices(poll(), [0, 1])

    def test_multiple_choice_is_sorted(self):
        assert check_choices(poll(multiple=True), [2, 0]) == (0, 2)

    @pytest.mark.parametrize("choices", [[], [3], [-1], [1, 1], ["1"], [1.0], [True], "1", None])
    def test_bad_choices(self, choices):
        with pytest.raises(DomainError):
            check_choices(poll(multiple=True), choices)

    @pytest.mark.parametrize("state, words", [(act.PENDING, "has not opened"), (act.CLOSED, "is closed")])
    def test_only_open_polls_take_votes(self, state, words):
        closed = act.Activity(1, 0, None, 0, "poll", "Q", {"options": ["A", "B"]}, state)
        with pytest.raises(Conflict, match=words):
            check_choices(closed, [0])

    @given(st.lists(st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True), max_size=50))
    def test_tally_counts_every_choice_of_every_ballot(self, ballots):
        result = tally(poll(multiple=True), ballots)
        assert result["voters"] == len(ballots)
        assert sum(result["counts"]) == sum(len(b) for b in ballots)
        for option in range(3):
            assert result["counts"][option] == sum(option in b for b in ballots)


class TestNotes:
    def test_a_note_is_trimmed(self):
        assert check_note(board(), 1, "  Funding rules  ") == (1, "Funding rules")

    def test_the_limit_is_named(self):
        with pytest.raises(DomainError, match="281 characters long; the limit is 280"):
            check_note(board(), 0, "x" * 281)
        assert check_note(board(), 0, "x" * 280)[1] == "x" * 280

    @pytest.mark.parametrize("column, text", [(2, "ok"), (-1, "ok"), ("0", "ok"), (0, "   "), (0, 5),
                                              (0, "bell\x07"), (0, None)])
    def test_bad_notes(self, column, text):
        with pytest.raises(DomainError):
            check_note(board(), column, text)

    def test_markup_is_kept_as_text(self):
        assert check_note(board(), 0, "<script>alert(1)</script>")[1] == "<script>alert(1)</script>"

    def test_closed_board_refuses(self):
        with pytest.raises(Conflict):
            check_note(board(act.CLOSED), 0, "late")

    def test_board_view_orders_by_arrival_and_hides_authors_tokens(self):
        view = board_view(board(), [Note(2, 0, "second", "", 2.0), Note(1, 1, "first", "Amina", 1.0)])
        assert [n["text"] for n in view["notes"]] == ["first", "second"]
        assert set(view["notes"][0]) == {"id", "column", "text", "author", "cluster", "dots"}


class TestParticipants:
    def test_tokens_are_random_and_stored_as_digests(self):
        a, b = new_token(), new_token()
        assert a != b and len(a) >= 30
        assert token_digest(a) != a and len(token_digest(a)) == 64

    def test_display_name_is_optional_and_limited(self):
        assert clean_display_name(None) == ""
        assert clean_display_name("  ") == ""
        assert clean_display_name(" Amina ") == "Amina"
        with pytest.raises(DomainError, match="limit is 40"):
            clean_display_name("x" * 41)
