"""HTML pages: home, the phone, the projected board, the facilitator's console, and the QR code."""
import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for

from ..domain.codes import normalise_join_code
from ..domain.errors import NotFound
from ..services import sessions
from .auth import console_signed_in, is_facilitator_token, sign_in_console
from .links import board_url, join_url

bp = Blueprint("pages", __name__)


def _store():
    return current_app.extensions["baraza.store"]


def _session_or_404(raw: str) -> dict:
    code = normalise_join_code(raw)
    try:
        if code is None:
            raise NotFound("no such session")
        return sessions.read_state(_store(), code)
    except NotFound:
        abort(404)


@bp.app_errorhandler(404)
def not_found(_error):
    """A friendly page for an unknown join code or address."""
    return render_template("not_found.html"), 404


@bp.after_app_request
def _security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
    return response


@bp.get("/")
def home():
    """Where a participant types a join code (and a facilitator is told where the console is)."""
    return render_template("home.html")


@bp.get("/join")
def join_by_code():
    """The home page's form: go to the phone page of a typed code."""
    code = normalise_join_code(request.args.get("code", ""))
    if code is None:
        return render_template("home.html", error="That is not a join code: it has 6 letters and digits."), 400
    return redirect(url_for("pages.phone", code=code))


@bp.get("/j/<code>")
def phone(code):
    """The participant's phone page (what the QR code opens)."""
    state = _session_or_404(code)
    return render_template("phone/session.html", code=state["code"], title=state["title"])


@bp.get("/board/<code>")
def board(code):
    """The projected board: title, stage, QR code and live results."""
    state = _session_or_404(code)
    return render_template("board/session.html", code=state["code"], title=state["title"],
                           join_url=join_url(state["code"]))


@bp.get("/s/<code>/qr.svg")
def qr_svg(code):
    """The session's QR code as SVG, encoding the join URL."""
    state = _session_or_404(code)
    image = qrcode.make(join_url(state["code"]), image_factory=qrcode.image.svg.SvgPathImage,
                        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})


@bp.route("/console", methods=["GET", "POST"])
def console_home():
    """The console: sign in with the token link, then list sessions and start one."""
    token = request.values.get("token")
    if token is not None:
        if not is_facilitator_token(token):
            return render_template("console/login.html", error="That token is not right."), 403
        sign_in_console()
        return redirect(url_for("pages.console_home"))
    if not console_signed_in():
        return render_template("console/login.html"), 401
    return render_template("console/home.html", api_token=current_app.config["FACILITATOR_TOKEN"])


@bp.get("/console/<code>")
def console_session(code):
    """The facilitator's controls for one session."""
    if not console_signed_in():
        return render_template("console/login.html"), 401
    state = _session_or_404(code)
    return render_template("console/session.html", code=state["code"], title=state["title"],
                           join_url=join_url(state["code"]), board_url=board_url(state["code"]),
                           api_token=current_app.config["FACILITATOR_TOKEN"])
