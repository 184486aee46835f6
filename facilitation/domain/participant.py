"""Participants: anonymous people holding a random token their browser keeps."""
import hashlib
import secrets
import unicodedata

from .errors import DomainError

NAME_LIMIT = 40
TOKEN_BYTES = 24


def new_token() -> str:
    """A fresh anonymous participant token (kept by the browser, never shown on any surface)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """What the store keeps of a token: its SHA-256, so a database leak reveals no live token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def clean_text(text, limit: int, what: str, allow_newlines: bool = False) -> str:
    """Strip and check user text: a string, not blank, within ``limit`` characters, no control codes."""
    if not isinstance(text, str):
        raise DomainError(f"{what} must be text")
    text = unicodedata.normalize("NFC", text).strip()
    if allow_newlines:
        text = text.replace("\r\n", "\n")
    keep = "\n" if allow_newlines else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in keep for ch in text):
        raise DomainError(f"{what} contains control characters")
    if not text:
        raise DomainError(f"{what} is empty")
    if len(text) > limit:
        raise DomainError(f"{what} is {len(text)} characters long; the limit is {limit}")
    return text


def clean_display_name(name) -> str:
    """An optional display name: empty stays empty, anything else is checked like any text."""
    if name is None or (isinstance(name, str) and not name.strip()):
        return ""
    return clean_text(name, NAME_LIMIT, "The display name")
