"""Who may do what: the facilitator holds the token printed at start; participants hold nothing else."""
import hashlib
import hmac
from functools import wraps

from flask import current_app, jsonify, request, session


def is_facilitator_token(token) -> bool:
    """Constant-time comparison with the configured facilitator token."""
    expected = current_app.config["FACILITATOR_TOKEN"]
    return isinstance(token, str) and hmac.compare_digest(token.encode(), expected.encode())


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer …`` header."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def facilitator_required(view):
    """Refuse an API request without the facilitator's bearer token (401, JSON body)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not is_facilitator_token(bearer_token()):
            return jsonify(ok=False, error="facilitator token required (Authorization: Bearer <token>)"), 401
        return view(*args, **kwargs)

    return wrapped


def _token_mark() -> str:
    """What the console cookie keeps: a digest of the current token, so a new token signs everyone out."""
    return hashlib.sha256(current_app.config["FACILITATOR_TOKEN"].encode()).hexdigest()[:32]


def sign_in_console() -> None:
    """Remember in this browser's signed cookie that it opened the console with the token."""
    session.clear()
    session["facilitator"] = _token_mark()


def console_signed_in() -> bool:
    """Whether this browser has opened the console link with the current token."""
    mark = session.get("facilitator")
    return isinstance(mark, str) and hmac.compare_digest(mark, _token_mark())
