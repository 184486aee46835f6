"""Who may do what: the facilitator holds the token printed at start; participants hold nothing else."""
import hashlib
import hmac
from functools import wraps

from flask import current_app, g, jsonify, request, session

from ..domain import host
from ..domain.codes import normalise_join_code
from ..domain.errors import DomainError
from ..services import hosts, rapporteurs


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
            return jsonify(ok=False, error=FACILITATOR_REQUIRED), 401
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


# ------------------------------------------------------------------ group host links
FACILITATOR_REQUIRED = "facilitator token required (Authorization: Bearer <token>)"


class Unauthorised(DomainError):
    """Neither the facilitator's token nor a live host or rapporteur link of this session."""

    status = 401


def caller_scope(code: str, token):
    """Who presents ``token`` to session ``code``: ``FACILITATOR`` (the whole session), a live host
    link's GroupScope (its group), a live rapporteur link's RapporteurScope (the takeaways), or
    Unauthorised. The link is remembered in ``g.host_link`` or ``g.rapporteur_link``."""
    if is_facilitator_token(token):
        return host.FACILITATOR
    clean = normalise_join_code(code) if isinstance(code, str) else None
    store = current_app.extensions["baraza.store"]
    link = hosts.link_of(store, clean, token) if clean else None
    if link is not None:
        g.host_link = link
        return hosts.scope(link)
    link = rapporteurs.link_of(store, clean, token) if clean else None
    if link is None:
        raise Unauthorised(FACILITATOR_REQUIRED)
    g.rapporteur_link = link
    return host.RapporteurScope()


def authorise(code: str, token, action: str, target=None):
    """The one check for every action a host link may carry: the facilitator's token may do anything;
    a live host link of this session only ``action`` on its own group. ``target`` is the (stage
    position, group key) acted on, or a function giving it (read only once the caller is known to
    hold a host link); None means the session as a whole, which is the facilitator's alone.
    Returns the caller's scope; raises Unauthorised (401) or Forbidden (403)."""
    scope = caller_scope(code, token)
    if scope is not host.FACILITATOR:
        stage, group = (target() if callable(target) else target) or (None, None)
        host.check(scope, action, stage, group)
    return scope


def activity_target(code: str, activity_id):
    """A ``target`` for ``authorise``: the group of one activity of the session."""
    return lambda: hosts.activity_target(current_app.extensions["baraza.store"], normalise_join_code(code),
                                         activity_id)


def body_activity_target(code: str, **_route):
    """A ``target(code, **kwargs)`` for ``group_scoped`` on a route whose JSON body names the activity
    acted on (``{"activity": 12, …}``): that activity's group; without one, the session as a whole
    (the facilitator's alone). E.g. a promotion of one of a group's results:
    ``@group_scoped("promotion", body_activity_target)``."""
    body = request.get_json(silent=True)
    activity = body.get("activity") if isinstance(body, dict) else None
    if activity is None:
        return None, None
    return hosts.activity_target(current_app.extensions["baraza.store"], normalise_join_code(code), activity)


def group_scoped(action: str, target=None):
    """Decorate an API route that a host of the acted-on group may also use (``authorise`` with the
    bearer token). ``target(code, **kwargs)`` names the (stage, group) acted on; by default the
    route's ``activity_id``."""

    def decorate(view):
        @wraps(view)
        def wrapped(code, *args, **kwargs):
            if target is None:
                named = activity_target(code, kwargs.get("activity_id"))
            else:
                def named():
                    return target(code, **kwargs)
            authorise(code, bearer_token(), action, named)
            return view(code, *args, **kwargs)

        wrapped.host_action = action  # what a host of the acted-on group may use it for (OpenAPI, tests)
        return wrapped

    return decorate


def takeaways_scoped(view):
    """Decorate a takeaway route: the facilitator's token, or a live rapporteur link of the session
    (401 without either; 403 for a host link)."""

    @wraps(view)
    def wrapped(code, *args, **kwargs):
        authorise(code, bearer_token(), "takeaways")
        return view(code, *args, **kwargs)

    wrapped.rapporteur_action = "takeaways"  # what a rapporteur link may use it for (OpenAPI, tests)
    return wrapped


def group_rights(code):
    """What this request may do to working groups' items (marking them for the plenary), as
    ``may(stage_position, group_key) -> bool``: the facilitator's token every group, a live host
    link of this session its own group only; None when it carries no right at all."""
    try:
        scope = caller_scope(code, bearer_token())
    except Unauthorised:
        return None
    return lambda stage_position, group_key: host.may(scope, "promotion", stage_position, group_key)


def group_rights_required(view):
    """Refuse an API request without a right over working groups (401); pass the view its ``may``."""

    @wraps(view)
    def wrapped(code, *args, **kwargs):
        may = group_rights(code)
        if may is None:
            return jsonify(ok=False, error=FACILITATOR_REQUIRED), 401
        return view(code, *args, may=may, **kwargs)

    wrapped.host_action = "promotion"  # a host may promote its own group's items (OpenAPI, tests)
    return wrapped
