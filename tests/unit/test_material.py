"""Stage materials: a link is an http(s) address; anything else is refused with a reason."""
import pytest

from facilitation.domain.errors import DomainError
from facilitation.domain.material import check_link


def test_a_link_keeps_its_address():
    assert check_link(" Slides ", " https://example.org/slides ") == ("Slides", "https://example.org/slides")


@pytest.mark.parametrize("url, words", [("http://[", "not a valid address"), ("ftp://example.org", "http"),
                                        ("example.org", "http"), (5, "at most 2000")])
def test_a_bad_link_is_refused(url, words):
    with pytest.raises(DomainError, match=words):
        check_link("Slides", url)
