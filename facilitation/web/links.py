"""Addresses people use: the join URL a QR code encodes and the board URL."""
import base64
import io
from urllib.parse import quote

import qrcode
import qrcode.image.svg
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


def host_url(code: str, secret: str) -> str:
    """A group host link: the host page of a session, opened with the link's secret."""
    return f"{base_url()}/host/{code}?key={quote(secret, safe='')}"


def rapporteur_url(code: str, secret: str) -> str:
    """A rapporteur link: the takeaways page of a session, opened with the link's secret."""
    return f"{base_url()}/rapporteur/{code}?key={quote(secret, safe='')}"


def qr_svg(url: str) -> bytes:
    """A QR code of ``url`` as SVG."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage,
                        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_data_url(url: str) -> str:
    """A QR code of ``url`` as a data: URL an <img> shows (nothing fetched, no markup inserted)."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(url)).decode("ascii")
