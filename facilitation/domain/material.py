"""Stage materials: a link to the slides, or the slides themselves as a PDF."""
import re
from urllib.parse import urlparse

from .errors import DomainError
from .participant import clean_text

MAX_PDF_BYTES = 20 * 1024 * 1024
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def check_link(title, url) -> tuple[str, str]:
    """A titled http(s) link, or a DomainError."""
    title = clean_text(title, 200, "The title")
    if not isinstance(url, str) or len(url) > 2000:
        raise DomainError("the link must be an address of at most 2000 characters")
    try:
        parts = urlparse(url.strip())
    except ValueError:  # e.g. "http://[": an unclosed IPv6 address
        raise DomainError("the link is not a valid address") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DomainError("the link must start with http:// or https://")
    return title, url.strip()


def check_pdf(title, filename, content: bytes) -> tuple[str, str]:
    """A titled PDF within the size limit, or a DomainError; returns the title and a safe file name."""
    if not content:
        raise DomainError("the file is empty")
    if len(content) > MAX_PDF_BYTES:
        raise DomainError(f"the file is {len(content) // (1024 * 1024)} MB; the limit is {MAX_PDF_BYTES // (1024 * 1024)} MB")
    if not content.startswith(b"%PDF-"):
        raise DomainError("only PDF files can be attached (this file is not a PDF)")
    name = SAFE_NAME.sub("-", (filename or "slides.pdf").rsplit("/", 1)[-1]).strip("-.") or "slides"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    title = clean_text(title or name, 200, "The title")
    return title, name[-120:]
