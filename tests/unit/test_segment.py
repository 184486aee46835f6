"""Segments and the k-threshold: no view shows a segment below k, and no subtraction from the total
isolates fewer than k people."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.domain.errors import DomainError
from facilitation.domain.segment import breakdown, check_declared, check_k, check_segments, shown_segments

NAMES = ("Northern partner", "Southern partner", "other")


def count(answers):
    return {"n": len(answers)}


@given(st.dictionaries(st.sampled_from("ABCDEF"), st.integers(0, 12)), st.integers(0, 12), st.integers(2, 6))
def test_nothing_shown_isolates_fewer_than_k_people(respondents, undeclared, k):
    total = sum(respondents.values()) + undeclared
    shown = shown_segments(respondents, total, k)
    assert all(respondents[name] >= k for name in shown)
    rest = total - sum(respondents[name] for name in shown)
    assert not shown or rest == 0 or rest >= k
    # and nothing is hidden that need not be: when the segments of k or more leave no small remainder
    big = {name for name, n in respondents.items() if n >= k}
    if total - sum(respondents[name] for name in big) not in range(1, k):
        assert shown == big

def test_a_segment_below_k_is_hidden_its_name_kept_and_the_total_still_counts_it():
    answers = [("Northern partner", 1)] * 4 + [("Southern partner", 3)] * 2 + [("other", 2)] * 3 + [(None, 4)] * 3
    got = breakdown(answers, NAMES, 3, count)
    assert got["total"] == {"respondents": 12, "result": {"n": 12}}
    assert got["segments"] == [
        {"name": "Northern partner", "hidden": False, "respondents": 4, "result": {"n": 4}},
        {"name": "Southern partner", "hidden": True},
        {"name": "other", "hidden": False, "respondents": 3, "result": {"n": 3}},
    ]


def test_a_small_remainder_hides_the_smallest_shown_segment_too():
    # Northern 5 and Southern 3 shown would leave 2 "other" people to be read off the total.
    answers = [("Northern partner", 0)] * 5 + [("Southern partner", 1)] * 3 + [("other", 4)] * 2
    got = breakdown(answers, NAMES, 3, count)
    assert [row["hidden"] for row in got["segments"]] == [False, True, True]
    assert got["total"]["respondents"] == 10


@pytest.mark.parametrize("names, words", [
    (["only one"], "2 to 8"), ("North,South", "2 to 8"), (["North", "north"], "must differ"),
    (["North", ""], "1 to 40"), (["North", "x" * 41], "1 to 40"), (["North", 3], "1 to 40"),
])
def test_bad_segment_lists_are_refused(names, words):
    with pytest.raises(DomainError, match=words):
        check_segments(names)


def test_segment_names_are_tidied_and_a_declaration_must_name_one():
    assert check_segments([" Northern   partner ", "Southern partner"]) == ("Northern partner", "Southern partner")
    assert check_declared(NAMES, "other") == "other" and check_declared(NAMES, None) is None
    with pytest.raises(DomainError, match="not one of"):
        check_declared(NAMES, "Funder")


@pytest.mark.parametrize("k", [1, 0, 51, 2.5, "3", True])
def test_k_is_a_whole_number_from_2_to_50(k):
    with pytest.raises(DomainError, match="from 2 to 50"):
        check_k(k)
