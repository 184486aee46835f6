"""HTML pages: home, the phone, the projected board, the facilitator's console, and the QR code.

Languages: the phone and the board speak English, French, Spanish, Portuguese and Dutch (Flask-Babel,
catalogues in translations/); the console is in English. A phone uses the participant's choice
(``?lang=`` or the ``baraza_lang`` cookie its language picker sets), else the browser's
Accept-Language, else the session's default (the plan's ``language``). A board uses the session's
default (or ``?lang=``). The JS of the phone and board gets its strings in ``data-messages``.
"""
import re
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.extract import extract_from_file
from babel.support import Translations
from flask import (Blueprint, Response, abort, current_app, g, make_response, redirect, render_template, request,
                   session, url_for)
from flask_babel import refresh

from ..domain.codes import normalise_join_code
from ..domain.errors import NotFound
from ..domain.plan import LANGUAGES
from ..services import hosts, rapporteurs, sessions
from .auth import console_signed_in, is_facilitator_token, sign_in_console
from .links import board_url, join_url, qr_svg as qr_code_svg

bp = Blueprint("pages", __name__)

# Each language by its own name, as the picker shows it.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "pt": "Português", "nl": "Nederlands"}
assert tuple(LANGUAGE_NAMES) == LANGUAGES
LANGUAGE_COOKIE = "baraza_lang"
# The JS modules whose t('…') / tn('…', '…', n) strings the phone and the board need.
JS_SOURCES = ("common.js", "phone.js", "board.js")
JS_KEYWORDS = {"t": None, "tn": (1, 2)}


def _chosen_language() -> str | None:
    """The participant's own pick: ``?lang=`` or the cookie the language picker sets."""
    for raw in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if raw in LANGUAGE_NAMES:
            return raw
    return None


def _browser_language() -> str | None:
    """The best of our languages in the browser's Accept-Language (``fr-SN`` counts as ``fr``)."""
    return request.accept_languages.best_match(LANGUAGES)


def locale() -> str:
    """Flask-Babel's locale selector: what the view decided, else the participant's, else the browser's."""
    return g.get("language") or _chosen_language() or _browser_language() or "en"


def _use_language(language: str) -> str:
    g.language = language
    refresh()  # forget a locale Flask-Babel may have cached for this request
    return language


def _remember_choice(response):
    """A language picked with ``?lang=`` is kept in a cookie for the next pages (a year)."""
    picked = request.args.get("lang")
    if picked in LANGUAGE_NAMES:
        response.set_cookie(LANGUAGE_COOKIE, picked, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure, httponly=False)  # the phone's JS writes it too
    return response


@lru_cache(maxsize=4)
def _js_msgids(js_dir: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Every t('…') and tn('…', '…', n) string of the phone's and the board's JS (Babel's extractor)."""
    singles, plurals = set(), set()
    for name in JS_SOURCES:
        for _line, message, _comments, _context in extract_from_file("javascript", Path(js_dir) / name,
                                                                        keywords=JS_KEYWORDS):
            if isinstance(message, tuple):
                plurals.add(message[:2])
            else:
                singles.add(message)
    return tuple(sorted(singles)), tuple(sorted(plurals))


@lru_cache(maxsize=16)
def _js_messages(js_dir: str, translation_dir: str, language: str) -> dict:
    """The JS strings in one language, from the compiled catalogue: {msgid: text or [one, other]}."""
    if language == "en":
        return {}
    translations = Translations.load(translation_dir, [language])
    singles, plurals = _js_msgids(js_dir)
    out = {}
    for msgid in singles:
        text = translations.gettext(msgid)
        if text != msgid:
            out[msgid] = text
    for one, other in plurals:
        out[one] = [translations.ngettext(one, other, 1), translations.ngettext(one, other, 2)]
    return out


def js_messages(language: str) -> dict:
    directories = current_app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")
    return _js_messages(str(Path(current_app.static_folder) / "js"), directories[0], language)


@bp.app_context_processor
def _language_context():
    language = locale()
    rtl = Locale.parse(language).character_order == "right-to-left"
    return {"language": language, "language_names": LANGUAGE_NAMES, "text_direction": "rtl" if rtl else "ltr"}


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
    _use_language(locale())
    return _remember_choice(make_response(render_template("home.html")))


@bp.get("/join")
def join_by_code():
    """The home page's form: go to the phone page of a typed code."""
    code = normalise_join_code(request.args.get("code", ""))
    if code is None:
        _use_language(locale())
        return render_template("home.html", error=True), 400
    return redirect(url_for("pages.phone", code=code))


@bp.get("/j/<code>")
def phone(code):
    """The participant's phone page (what the QR code opens)."""
    state = _session_or_404(code)
    language = _use_language(_chosen_language() or _browser_language() or state["language"])
    return _remember_choice(make_response(render_template(
        "phone/session.html", code=state["code"], title=state["title"],
        session_language=state["language"], messages=js_messages(language))))


@bp.get("/board/<code>")
def board(code):
    """The projected board: title, stage, QR code and live results.

    A browser signed in to the console (its cookie, checked here) also gets the facilitator token, for
    the board's keyboard shortcuts; an anonymous board never sees it."""
    state = _session_or_404(code)
    picked = request.args.get("lang")
    language = _use_language(picked if picked in LANGUAGE_NAMES else state["language"])
    facilitator = console_signed_in()
    response = make_response(render_template(
        "board/session.html", code=state["code"], title=state["title"], join_url=join_url(state["code"]),
        messages=js_messages(language),
        api_token=current_app.config["FACILITATOR_TOKEN"] if facilitator else None))
    if facilitator:
        _carries_token(response)
    return response


def _carries_token(response):
    """A page with the facilitator token: never stored by a cache, never compressed (see factory)."""
    g.carries_token = True
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/s/<code>/qr.svg")
def qr_svg(code):
    """The session's QR code as SVG, encoding the join URL."""
    state = _session_or_404(code)
    return _qr_response(join_url(state["code"]))


def _qr_response(text: str) -> Response:
    """A QR code of ``text`` as SVG."""
    return Response(qr_code_svg(text), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})


@bp.get("/s/<code>/groups/<key>/qr.svg")
def group_board_qr_svg(code, key):
    """A QR code of a working group's own board (for the laptop or second screen at its table)."""
    state = _session_or_404(code)
    if not re.fullmatch(r"g[0-9]{1,2}", key):
        abort(404)
    return _qr_response(f"{board_url(state['code'])}?group={key}")


@bp.route("/console", methods=["GET", "POST"])
def console_home():
    """The console: sign in with the token link, then list sessions and start one."""
    _use_language("en")
    token = request.values.get("token")
    if token is not None:
        if not is_facilitator_token(token):
            return render_template("console/login.html", error="That token is not right."), 403
        sign_in_console()
        return redirect(url_for("pages.console_home"))
    if not console_signed_in():
        return render_template("console/login.html"), 401
    return _carries_token(make_response(render_template(
        "console/home.html", api_token=current_app.config["FACILITATOR_TOKEN"],
        language_names=LANGUAGE_NAMES)))


@bp.get("/console/<code>")
def console_session(code):
    """The facilitator's controls for one session."""
    _use_language("en")
    if not console_signed_in():
        return render_template("console/login.html"), 401
    state = _session_or_404(code)
    return _carries_token(make_response(render_template(
        "console/session.html", code=state["code"], title=state["title"],
        join_url=join_url(state["code"]), board_url=board_url(state["code"]),
        api_token=current_app.config["FACILITATOR_TOKEN"])))


LINKS_KEPT = 5  # host (or rapporteur) links one browser remembers (one per session)


def _link_page(code, kept_as: str, link_of, endpoint: str, template: str, link_name: str):
    """A host's or rapporteur's link page: the link (``?key=``) signs this browser in for the
    session (a signed cookie, then the address without the secret), then the page (``template``,
    given the link as ``link_name``) is served. An unknown or revoked link gets a page that says
    so (403)."""
    _use_language("en")
    state = _session_or_404(code)
    store = current_app.extensions["baraza.store"]
    key = request.args.get("key")
    if key is not None:
        if link_of(store, state["code"], key) is None:
            return render_template("host/refused.html", title=state["title"], role=kept_as), 403
        kept = {c: k for c, k in (session.get(kept_as) or {}).items() if c != state["code"]}
        session[kept_as] = dict([*list(kept.items())[-(LINKS_KEPT - 1):], (state["code"], key)])
        return redirect(url_for(endpoint, code=state["code"]))
    key = (session.get(kept_as) or {}).get(state["code"])
    link = link_of(store, state["code"], key)
    if link is None:
        return render_template("host/refused.html", title=state["title"], role=kept_as, signed_in=key is not None), 403
    return _carries_token(make_response(render_template(
        template, code=state["code"], title=state["title"], api_token=key, board_url=board_url(state["code"]),
        **{link_name: link})))


@bp.get("/host/<code>")
def host_page(code):
    """A group host's page: the page runs that group and nothing else."""
    return _link_page(code, "hosts", hosts.link_of, "pages.host_page", "host/session.html", "host")


@bp.get("/rapporteur/<code>")
def rapporteur_page(code):
    """A rapporteur's page: the session's key takeaways to write, and nothing else."""
    return _link_page(code, "rapporteurs", rapporteurs.link_of, "pages.rapporteur_page", "rapporteur/session.html",
                      "rapporteur")
