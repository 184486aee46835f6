"""Moderation rules: statuses, the facilitator's actions, and the word filter's matching."""
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain import moderation as mod
from facilitation.domain.errors import Conflict, DomainError
from facilitation.domain.plan import parse_plan
from facilitation.services.moderation import shipped_lists


class TestStatuses:
    @pytest.mark.parametrize("moderate, flagged, known, status", [
        (False, False, None, "shown"), (True, False, None, "pending"), (False, True, None, "pending"),
        (True, True, None, "pending"), (True, False, "shown", "shown"), (False, True, "shown", "shown"),
        (False, False, "hidden", "hidden"), (True, True, "hidden", "hidden"), (False, False, "pending", "pending"),
    ])
    def test_a_new_item_waits_when_queued_or_flagged_unless_the_facilitator_decided_on_it(self, moderate, flagged,
                                                                                           known, status):
        assert mod.new_status(moderate, flagged, known) == status

    @pytest.mark.parametrize("status, action, after", [
        ("pending", "approve", "shown"), ("shown", "approve", "shown"), ("pending", "hide", "hidden"),
        ("shown", "hide", "hidden"), ("hidden", "hide", "hidden"), ("hidden", "restore", "shown"),
    ])
    def test_approve_hide_restore(self, status, action, after):
        assert mod.moderate(status, action) == after

    @pytest.mark.parametrize("status, action", [("hidden", "approve"), ("shown", "restore"), ("pending", "restore")])
    def test_what_does_not_fit_the_status_is_refused(self, status, action):
        with pytest.raises(Conflict):
            mod.moderate(status, action)

    @pytest.mark.parametrize("action", ["delete", "", None, 3])
    def test_an_unknown_action_is_refused(self, action):
        with pytest.raises(DomainError, match="unknown moderation action"):
            mod.moderate("shown", action)

    def test_the_queue_is_the_pending_items_oldest_first_and_left_out_counts_them(self):
        items = [{"id": 3, "status": "pending", "since": 30.0}, {"id": 1, "status": "shown", "since": 10.0},
                 {"id": 2, "status": "pending", "since": 20.0}, {"id": 4, "status": "hidden", "since": 5.0}]
        assert [i["id"] for i in mod.queue(items)] == [2, 3]
        assert mod.left_out(i["status"] for i in items) == {"hidden": 1, "pending": 2}

    def test_a_word_is_moderated_as_the_word_cloud_counts_it(self):
        assert mod.answer_key("Trust") == mod.answer_key("TRUST") == mod.answer_key("trust")
        assert mod.answer_key("\u00e9quit\u00e9") == mod.answer_key("E\u0301QUITE\u0301")

    def test_blurred_placeholders_carry_counts_per_column_and_no_text(self):
        view = {"columns": ["Challenges", "Solutions"], "count": 3, "notes": [
            {"id": 1, "column": 0, "text": "secret", "author": "A"}, {"id": 2, "column": 1, "text": "x", "author": ""},
            {"id": 3, "column": 0, "text": "y", "author": ""}]}
        assert mod.placeholders(view) == {"columns": ["Challenges", "Solutions"], "counts": [2, 1]}


class TestWordFilter:
    LISTS = {"en": ["damn", "bloody hell"], "fr": ["merde"]}

    @pytest.mark.parametrize("text", ["Damn!", "DAMN it", "well, damn.", "oh bloody   hell", "Merde alors",
                                      "MÉRDE", "m\u00e9rde", "me\u0301rde", "«merde»", "line one\ndamn"])
    def test_whole_words_match_case_and_accents_aside(self, text):
        assert mod.matches(text, self.LISTS)

    @pytest.mark.parametrize("text", ["damnation", "Amsterdam", "bloody good", "hell bloody", "merdeux", "",
                                      "a fine note"])
    def test_parts_of_words_and_other_words_do_not_match(self, text):
        assert not mod.matches(text, self.LISTS)

    def test_an_empty_filter_matches_nothing(self):
        assert not mod.NO_FILTER.matches("damn") and not mod.matches("damn", {"en": []})

    def test_a_list_is_cleaned_one_entry_a_line(self):
        assert mod.check_word_list("  damn \n\n# a comment\nDAMN\nbloody   hell\n") == ["damn", "bloody hell"]

    @pytest.mark.parametrize("raw, message", [("x" * 61, "too long"), ("!!!", "no letter"), (3, "one word or phrase"),
                                              (["ok", 4], "one word or phrase"), ("\n".join(map(str, range(501))), "at most")])
    def test_a_bad_list_is_refused(self, raw, message):
        with pytest.raises(DomainError, match=message):
            mod.check_word_list(raw)

    def test_only_the_filter_languages_have_lists(self):
        assert mod.check_word_lists({"fr": "merde"}) == {"fr": ["merde"]}
        with pytest.raises(DomainError, match="no word filter for 'de'"):
            mod.check_word_lists({"de": "mist"})
        with pytest.raises(DomainError):
            mod.check_word_lists(["merde"])

    def test_the_shipped_lists_load_are_short_and_each_catches_its_own_words(self):
        lists = shipped_lists()
        assert set(lists) == set(mod.FILTER_LANGUAGES)
        for words in lists.values():
            assert 5 <= len(words) <= 40
            assert all(mod.matches(f"well {w.upper()}!", {"x": [w]}) for w in words)
        assert not mod.matches("Southern partners should set the agenda", lists)

    @given(st.lists(st.text(alphabet="abcdeéèçñ", min_size=1, max_size=8), min_size=1, max_size=5),
           st.lists(st.text(alphabet="abcdeéèçñ ,.!", max_size=12), max_size=4), st.data())
    def test_a_listed_word_anywhere_among_other_words_matches(self, listed, around, data):
        word = data.draw(st.sampled_from(listed))
        cased = data.draw(st.sampled_from([word, word.upper(), unicodedata.normalize("NFD", word)]))
        text = " ".join([*around[:2], cased, *around[2:]])
        assert mod.matches(text, {"en": listed})

    @given(st.text(alphabet="abcdef", min_size=2, max_size=8), st.text(alphabet="abcdef", min_size=1, max_size=4))
    def test_a_listed_word_inside_a_longer_word_does_not_match(self, word, extra):
        assert not mod.matches(word + extra, {"en": [word]})
        assert not mod.matches(extra + word, {"en": [word + "z"]})

    @given(st.text(max_size=40), st.lists(st.text(max_size=10), max_size=5))
    def test_matching_never_fails_whatever_the_text(self, text, listed):
        assert mod.matches(text, {"en": listed}) in (True, False)


def test_plans_take_moderate_and_blur_off_by_default():
    plan = parse_plan({"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5, "activities": [
        {"kind": "board", "title": "B", "moderate": True, "blur": True}, {"kind": "wordcloud", "title": "W"},
        {"kind": "text", "title": "O", "moderate": True}]}]})
    board, cloud, text = plan.stages[0].activities
    assert (board.moderate, board.blur, cloud.moderate, text.moderate) == (True, True, False, True)
    with pytest.raises(DomainError, match="blur"):
        parse_plan({"title": "T", "stages": [{"kind": "plenary", "title": "P", "minutes": 5, "activities": [
            {"kind": "wordcloud", "title": "W", "blur": True}]}]})
