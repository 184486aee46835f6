"""Announcements: the latest one is in the state for every surface until the facilitator clears it."""
import pytest

from facilitation.domain.errors import DomainError
from facilitation.services import announcements, sessions


def on_show(store, code):
    return sessions.read_state(store, code)["announcement"]


def test_an_announcement_replaces_the_last_and_can_be_cleared(store, plan):
    code = sessions.create_session(store, plan)
    assert on_show(store, code) is None
    first = announcements.announce(store, code, "  Coffee in the hall  ", now=100)
    assert first["text"] == "Coffee in the hall" and first["at"] == 100
    assert on_show(store, code) == first
    second = announcements.announce(store, code, "Back in five minutes\nplease", now=200)
    assert on_show(store, code) == second and second["id"] != first["id"]
    announcements.clear(store, code, now=300)
    assert on_show(store, code) is None


@pytest.mark.parametrize("text, words", [("", "empty"), ("x" * 281, "the limit is 280"),
                                         ("ring\x07", "control characters"), (42, "must be text")])
def test_a_bad_announcement_is_refused_and_the_last_stays(store, plan, text, words):
    code = sessions.create_session(store, plan)
    kept = announcements.announce(store, code, "Lunch at one", now=100)
    with pytest.raises(DomainError, match=words):
        announcements.announce(store, code, text)
    assert on_show(store, code) == kept
