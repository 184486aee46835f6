"""Addresses people use: the join URL a QR code encodes and the board URL."""
from flask import current_app, request


def base_url() -> str:
    """The address phones reach this server at: PUBLIC_URL (set from the LAN address at start) or the request's."""
    configured = current_app.config.get("PUBLIC_URL")
    return (configured or request.host_url).rstrip("/")


def join_url(code: str) -> str:
    """What the QR code on the board encodes."""
    return f"{base_url()}/j/{code}"


def board_url(code: str) -> str:
    """The projected board of a session."""
    return f"{base_url()}/board/{code}"


def session_links(code: str) -> dict:
    """The links the API answers with for a session."""
    return {"code": code, "join_url": join_url(code), "board_url": board_url(code),
            "console_url": f"{base_url()}/console/{code}"}
