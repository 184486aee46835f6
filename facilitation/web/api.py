"""The facilitator's JSON API (documented at /api/openapi.json). Every route but health needs the token."""
from pathlib import Path

from flask import Blueprint, Response, current_app, g, jsonify, request

from ..domain.codes import normalise_join_code
from ..domain.errors import DomainError, NotFound
from ..domain.plan import list_plans, load_plan_file, parse_plan, plan_path
from .. import export as exports
from ..services import (agenda, announcements, archive, clusters, dots, groups, hosts, moderation, pat, promotions,
                        questions, rapporteurs, record, sessions, takeaways, timers)
from ..services.bundles import read_record_upload
from .auth import body_activity_target, facilitator_required, group_rights_required, group_scoped, takeaways_scoped
from .links import base_url, host_url, qr_data_url, rapporteur_url, session_links
from .openapi import openapi_document
from .realtime import (announce_activity, announce_groups, announce_host_revoked, announce_moderated,
                       announce_rapporteur_revoked, announce_state, announce_takeaways, handle_secret)

bp = Blueprint("api", __name__)
UPLOAD_LIMIT = 25 * 1024 * 1024  # a PDF of slides (20 MB at most) or a report bundle


def _store():
    return current_app.extensions["baraza.store"]


@bp.errorhandler(DomainError)
def _domain_error(error):
    return jsonify(ok=False, error=str(error)), error.status


def _body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise DomainError("the request body must be a JSON object")
    return data


def _code(code: str) -> str:
    clean = normalise_join_code(code)
    if clean is None:
        raise NotFound(f"there is no session with the code {code[:12]!r}")
    return clean


@bp.get("/clock")
def clock():
    """Nothing but the server's clock in the Date header: pages count timers down on it (no database)."""
    return Response(status=204, headers={"Cache-Control": "no-store"})


@bp.get("/healthz")
def healthz():
    """Liveness and database check."""
    _store().ping()
    return jsonify(ok=True, async_mode=current_app.config["ASYNC_MODE"])


@bp.get("/api/openapi.json")
def openapi():
    """The OpenAPI document of this API."""
    return jsonify(openapi_document())


@bp.get("/api/plans")
@facilitator_required
def plans():
    """The plan files in sessions/ that a session can start from."""
    return jsonify(ok=True, plans=list_plans(Path(current_app.config["SESSIONS_DIR"])))


@bp.get("/api/sessions")
@facilitator_required
def list_sessions():
    """Every session, newest first."""
    return jsonify(ok=True, sessions=sessions.list_sessions(_store()))


@bp.post("/api/sessions")
@facilitator_required
def create_session():
    """Create a session from a plan file name or a whole plan object."""
    body = _body()
    plan = body.get("plan")
    if isinstance(plan, str):
        plan = load_plan_file(plan_path(Path(current_app.config["SESSIONS_DIR"]), plan))
    elif isinstance(plan, dict):
        plan = parse_plan(plan, source="plan")
    else:
        raise DomainError('"plan" must be a plan name (e.g. "partos-meetup") or a plan object')
    code = sessions.create_session(_store(), plan)
    return jsonify(ok=True, title=plan.title, **session_links(code)), 201


@bp.get("/api/sessions/<code>")
@facilitator_required
def get_session(code):
    """The session's current state."""
    code = _code(code)
    return jsonify(ok=True, state=sessions.read_state(_store(), code), **session_links(code))


@bp.post("/api/sessions/<code>/stage")
@facilitator_required
def move_stage(code):
    """Move to the next, previous or a given stage, or end the session."""
    body = _body()
    state = sessions.move_stage(_store(), _code(code), body.get("action"), body.get("position"))
    announce_state(state, all_activities=True)
    return jsonify(ok=True, state=state)


@bp.post("/api/sessions/<code>/activities/<int:activity_id>")
@group_scoped("activity")
def control_activity(code, activity_id):
    """Open, close, reveal or hide an activity."""
    code = _code(code)
    view = sessions.control_activity(_store(), code, activity_id, _body().get("action"))
    announce_state(sessions.read_state(_store(), code))
    announce_activity(code, activity_id)
    return jsonify(ok=True, activity=view)


@bp.post("/api/sessions/<code>/questions/<int:question_id>")
@group_scoped("question", lambda code, question_id: hosts.question_target(_store(), _code(code), question_id))
def act_on_question(code, question_id):
    """Mark a Q&A question answered or not, highlight it or not, approve, hide or restore it."""
    code = _code(code)
    done = questions.facilitate(_store(), code, question_id, _body().get("action"))
    announce_activity(code, done["activity"])
    return jsonify(ok=True, **done)


@bp.post("/api/sessions/<code>/activities/<int:activity_id>/pat")
@group_scoped("pat")
def facilitate_pat(code, activity_id):
    """A Power Awareness Tool: set its phase or decisions, record what the group agreed, add or
    remove an action ({"action": "phase" | "decisions" | "from_board" | "assess" | "add_action" |
    "remove_action", …})."""
    code = _code(code)
    results = pat.facilitate(_store(), code, activity_id, _body())
    announce_state(sessions.read_state(_store(), code))
    announce_activity(code, activity_id)
    return jsonify(ok=True, activity=activity_id, results=results)


@bp.post("/api/sessions/<code>/activities/<int:activity_id>/phase")
@group_scoped("phase")
def board_phase(code, activity_id):
    """Move a board to writing or to dot voting ({"phase", "dots"?, "stacking"?})."""
    code, body = _code(code), _body()
    view = dots.set_phase(_store(), code, activity_id, body.get("phase"), body.get("dots"), body.get("stacking"))
    announce_state(sessions.read_state(_store(), code))
    announce_activity(code, activity_id)
    return jsonify(ok=True, activity=view)


@bp.post("/api/sessions/<code>/activities/<int:activity_id>/options")
@group_scoped("options")
def activity_options(code, activity_id):
    """Switch an activity's approval queue ("moderate") or a board's blurred notes ("blur") on or off."""
    code = _code(code)
    view = sessions.set_options(_store(), code, activity_id, _body())
    announce_state(sessions.read_state(_store(), code))
    announce_activity(code, activity_id)
    return jsonify(ok=True, activity=view)


def _board_changed(code: str, activity_id: int, results: dict, status: int = 200):
    announce_activity(code, activity_id)
    return jsonify(ok=True, results=results), status


@bp.post("/api/sessions/<code>/activities/<int:activity_id>/clusters")
@group_scoped("clusters")
def add_cluster(code, activity_id):
    """Make a named cluster on a board ({"name"})."""
    code = _code(code)
    return _board_changed(code, activity_id, clusters.add(_store(), code, activity_id, _body().get("name")), 201)


@bp.put("/api/sessions/<code>/activities/<int:activity_id>/clusters/<int:cluster_id>")
@group_scoped("clusters")
def rename_cluster(code, activity_id, cluster_id):
    """Rename a cluster ({"name"})."""
    code = _code(code)
    return _board_changed(code, activity_id, clusters.rename(_store(), code, activity_id, cluster_id,
                                                             _body().get("name")))


@bp.delete("/api/sessions/<code>/activities/<int:activity_id>/clusters/<int:cluster_id>")
@group_scoped("clusters")
def remove_cluster(code, activity_id, cluster_id):
    """Remove a cluster; its notes stay, unclustered."""
    code = _code(code)
    return _board_changed(code, activity_id, clusters.remove(_store(), code, activity_id, cluster_id))


@bp.put("/api/sessions/<code>/activities/<int:activity_id>/notes/<int:note_id>/cluster")
@group_scoped("clusters")
def place_note(code, activity_id, note_id):
    """Put a note in a cluster ({"cluster": id}) or take it out of any ({"cluster": null})."""
    code, body = _code(code), _body()
    if "cluster" not in body:
        raise DomainError('send "cluster": a cluster id, or null to take the note out of its cluster')
    return _board_changed(code, activity_id, clusters.place(_store(), code, activity_id, note_id, body["cluster"]))

@bp.get("/api/sessions/<code>/activities/<int:activity_id>/moderation")
@group_scoped("moderation")
def read_moderation(code, activity_id):
    """An activity's items with their status (pending, shown, hidden) and the queue, oldest first."""
    return jsonify(ok=True, moderation=moderation.read_moderation(_store(), _code(code), activity_id))


@bp.post("/api/sessions/<code>/activities/<int:activity_id>/moderation")
@group_scoped("moderation")
def moderate(code, activity_id):
    """Approve, hide or restore one item: {"action": "approve"|"hide"|"restore", "item": note number or answer text}."""
    code, body = _code(code), _body()
    changed = moderation.moderate_item(_store(), code, activity_id, body.get("action"), body.get("item"))
    announce_activity(code, activity_id)
    announce_moderated(code, activity_id)
    return jsonify(ok=True, **changed)


@bp.get("/api/sessions/<code>/word-filter")
@facilitator_required
def read_word_filter(code):
    """The session's word filter: on or off, and its list per language."""
    return jsonify(ok=True, word_filter=moderation.read_word_filter(_store(), _code(code)))


@bp.put("/api/sessions/<code>/word-filter")
@facilitator_required
def write_word_filter(code):
    """Turn the word filter on or off and/or replace lists: {"enabled": true, "lists": {"en": "one word per line"}}."""
    body = _body()
    view = moderation.set_word_filter(_store(), _code(code), body.get("enabled"), body.get("lists"))
    return jsonify(ok=True, word_filter=view)


def _connected(code: str) -> frozenset:
    return current_app.extensions["baraza.broadcaster"].connected(code)


def _plan_changed(code: str, status: int = 200, **extra):
    """After a plan edit: every surface gets the new state at once; the caller the new plan."""
    state = sessions.read_state(_store(), code)
    announce_state(state)
    return jsonify(ok=True, plan=agenda.plan_view(_store(), code, _connected(code)), state=state, **extra), status


@bp.get("/api/sessions/<code>/plan")
@facilitator_required
def get_plan(code):
    """The whole agenda as it stands, what may still change, and the participant counts."""
    code = _code(code)
    return jsonify(ok=True, plan=agenda.plan_view(_store(), code, _connected(code)))


@bp.post("/api/sessions/<code>/plan/stages")
@facilitator_required
def add_stage(code):
    """Add a stage ({"stage": {...}, "position": n}; last when no position) after the last stage that has been on."""
    code, body = _code(code), _body()
    position = agenda.add_stage(_store(), code, body.get("stage"), body.get("position"))
    return _plan_changed(code, 201, position=position)


@bp.post("/api/sessions/<code>/plan/stages/<int:position>/move")
@facilitator_required
def move_planned_stage(code, position):
    """Move a stage to another place ({"to": n}), both after the last stage that has been on."""
    code = _code(code)
    agenda.move_stage(_store(), code, position, _body().get("to"))
    return _plan_changed(code)


@bp.delete("/api/sessions/<code>/plan/stages/<int:position>")
@facilitator_required
def remove_planned_stage(code, position):
    """Remove a stage after the last one that has been on, if it holds no materials."""
    code = _code(code)
    agenda.remove_stage(_store(), code, position)
    return _plan_changed(code)


@bp.put("/api/sessions/<code>/plan/stages/<int:position>/assignment")
@facilitator_required
def set_assignment(code, position):
    """How people get into a groups stage's groups ({"assignment": "choose"|"random"|"balanced"}), on
    any groups stage, the one on now too; nobody is moved or dealt out by the change itself."""
    code = _code(code)
    agenda.set_assignment(_store(), code, position, _body().get("assignment"))
    return _plan_changed(code)


@bp.put("/api/sessions/<code>/plan/stages/<int:position>/groups/<group>/cap")
@facilitator_required
def set_cap(code, position, group):
    """A group's places ({"cap": 1 to 500, or null for no limit}), on any groups stage, the one on now
    too; a cap below the people already in the group leaves it full and takes nobody out."""
    code, body = _code(code), _body()
    if "cap" not in body:
        raise DomainError('send "cap": a whole number from 1 to 500, or null for no limit')
    agenda.set_cap(_store(), code, position, group, body["cap"])
    return _plan_changed(code)


@bp.post("/api/sessions/<code>/plan/stages/<int:position>/activities")
@facilitator_required
def add_planned_activity(code, position):
    """Add an activity to a stage ({"activity": {...}, "group": "g1" in a groups stage, "position": n})."""
    code, body = _code(code), _body()
    view = agenda.add_activity(_store(), code, position, body.get("activity"), body.get("group"), body.get("position"))
    return _plan_changed(code, 201, activity=view)


@bp.put("/api/sessions/<code>/plan/activities/<int:activity_id>")
@facilitator_required
def change_planned_activity(code, activity_id):
    """Give an activity that has not started a new title and settings ({"activity": {...}})."""
    code = _code(code)
    view = agenda.change_activity(_store(), code, activity_id, _body().get("activity"))
    return _plan_changed(code, activity=view)


@bp.post("/api/sessions/<code>/plan/activities/<int:activity_id>/move")
@facilitator_required
def move_planned_activity(code, activity_id):
    """Move an activity that has not started to another place of its stage or group ({"to": n})."""
    code = _code(code)
    view = agenda.move_activity(_store(), code, activity_id, _body().get("to"))
    return _plan_changed(code, activity=view)


@bp.delete("/api/sessions/<code>/plan/activities/<int:activity_id>")
@facilitator_required
def remove_planned_activity(code, activity_id):
    """Remove an activity that has not started."""
    code = _code(code)
    agenda.remove_activity(_store(), code, activity_id)
    return _plan_changed(code)


def _timer_target(code: str, **_kwargs):
    """What a timer request acts on, for a host's check: a group's own timer ({"group": key}) belongs
    to that group of the current stage, an activity's timer to the activity's group; the stage's
    timer (neither) to no group, so only the facilitator runs it."""
    body = _body()
    if body.get("group") is not None:
        return sessions.read_state(_store(), _code(code))["stage_index"], body.get("group")
    return body_activity_target(code)


@bp.post("/api/sessions/<code>/timer")
@group_scoped("timer", _timer_target)
def control_timer(code):
    """Start, pause, add minutes to or reset the current stage's timer, or an activity's."""
    code, body = _code(code), _body()
    view = timers.control_timer(_store(), code, body.get("action"), body.get("activity"), body.get("minutes"),
                                group=body.get("group"))
    state = sessions.read_state(_store(), code)
    announce_state(state)
    return jsonify(ok=True, timer=view, state=_state_for_caller(state))


def _groups_view(code: str) -> dict:
    view = groups.members(_store(), code, handle_secret())
    for group in view["groups"]:
        group["board_url"] = f"{base_url()}/board/{code}?group={group['key']}"
    return view


@bp.get("/api/sessions/<code>/groups")
@facilitator_required
def read_groups(code):
    """The current groups stage: each group's cap, board link and members by anonymous handle."""
    return jsonify(ok=True, groups=_groups_view(_code(code)))


def _groups_changed(code: str, done: dict):
    state = sessions.read_state(_store(), code)
    announce_state(state)
    announce_groups(code, done["stage"])
    return jsonify(ok=True, **done, groups=_groups_view(code), state=state)


@bp.post("/api/sessions/<code>/groups/assign")
@facilitator_required
def assign_groups(code):
    """Deal people out over the current stage's groups: {"how": "random"|"balanced", "who": "without"|"everyone"}."""
    code, body = _code(code), _body()
    return _groups_changed(code, groups.assign(_store(), code, body.get("how"), body.get("who", "without")))


@bp.post("/api/sessions/<code>/groups/move")
@facilitator_required
def move_to_group(code):
    """Move one person, by the handle their phone shows, to another group: {"handle", "group"}."""
    code, body = _code(code), _body()
    return _groups_changed(code, groups.move(_store(), code, handle_secret(), body.get("handle"), body.get("group")))


@bp.post("/api/sessions/<code>/announcement")
@facilitator_required
def announce(code):
    """Show a short message on every phone and the board; an empty text takes it away."""
    code, body = _code(code), _body()
    if "text" not in body:
        raise DomainError('send "text": the announcement, or "" to take it down')
    text = body["text"]
    if isinstance(text, str) and not text.strip():
        announcements.clear(_store(), code)
    else:
        announcements.announce(_store(), code, text)
    state = sessions.read_state(_store(), code)
    announce_state(state)
    return jsonify(ok=True, announcement=state["announcement"], state=state)


def _takeaways_changed(code: str, listed: list, status: int = 200):
    state = sessions.read_state(_store(), code)
    announce_state(state)
    announce_takeaways(code, listed)
    return jsonify(ok=True, takeaways=listed, state=_state_for_caller(state)), status


@bp.post("/api/sessions/<code>/takeaways")
@takeaways_scoped
def add_takeaway(code):
    """Write one more key takeaway of the session (shown on the board, kept in the record)."""
    code = _code(code)
    return _takeaways_changed(code, takeaways.add(_store(), code, _body().get("text")), 201)


@bp.put("/api/sessions/<code>/takeaways/<int:takeaway_id>")
@takeaways_scoped
def edit_takeaway(code, takeaway_id):
    """Rewrite a takeaway."""
    code = _code(code)
    return _takeaways_changed(code, takeaways.edit(_store(), code, takeaway_id, _body().get("text")))


@bp.delete("/api/sessions/<code>/takeaways/<int:takeaway_id>")
@takeaways_scoped
def remove_takeaway(code, takeaway_id):
    """Delete a takeaway."""
    code = _code(code)
    return _takeaways_changed(code, takeaways.remove(_store(), code, takeaway_id))


def _promotions_changed(code: str, changed: dict, status: int = 200):
    """Every surface gets the new state (the console's toggles, a report-back board); so does each
    open cross-group vote's snapshot, whose items may have changed."""
    state = sessions.read_state(_store(), code)
    announce_state(state, all_activities=True)
    return jsonify(ok=True, **changed, state=_state_for_caller(state)), status


def _state_for_caller(state: dict) -> dict:
    """The state a route answers with: to a group host's page as its socket gets it (no draft
    takeaways); to a rapporteur's, that with the takeaways they write."""
    if g.get("rapporteur_link"):
        return sessions.for_rapporteurs(state)
    return sessions.for_phones(state) if g.get("host_link") else state


@bp.post("/api/sessions/<code>/promotions")
@group_rights_required
def promote(code, may):
    """Mark a working group's note, cluster or activity for the plenary ({"kind", "id"})."""
    code, body = _code(code), _body()
    return _promotions_changed(code, promotions.promote(_store(), code, body.get("kind"), body.get("id"), may=may), 201)


@bp.delete("/api/sessions/<code>/promotions/<int:promotion_id>")
@group_rights_required
def unpromote(code, promotion_id, may):
    """Take an item back from the plenary (its cross-group dots go with it)."""
    code = _code(code)
    return _promotions_changed(code, promotions.unpromote(_store(), code, promotion_id, may=may))


@bp.post("/api/sessions/<code>/promotions/<int:promotion_id>/move")
@group_rights_required
def move_promotion(code, promotion_id, may):
    """Put a promoted item at another place among its group's ({"position": 0} is first)."""
    code = _code(code)
    return _promotions_changed(code, promotions.move(_store(), code, promotion_id, _body().get("position"), may=may))


@bp.post("/api/sessions/<code>/stages/<int:position>/report")
@facilitator_required
def show_report(code, position):
    """Switch a report-back board: {"group": null} all groups, {"group": "g2"} one, {"step": "next"|"previous"}."""
    code, body = _code(code), _body()
    shown = promotions.show(_store(), code, position, body.get("group"), body.get("step"))
    state = sessions.read_state(_store(), code)
    announce_state(state)
    return jsonify(ok=True, **shown, state=state)


@bp.get("/api/sessions/<code>/activities/<int:activity_id>/results")
@group_scoped("results")
def activity_results(code, activity_id):
    """An activity's current results, whether revealed or not."""
    return jsonify(ok=True, results=sessions.read_results(_store(), _code(code), activity_id))


@bp.get("/api/sessions/<code>/export")
@facilitator_required
def export(code):
    """The session record in one format: json, csv (ZIP), xlsx, md, html, or zip (the report bundle)."""
    code, fmt = _code(code), request.args.get("format", "json")
    if fmt not in exports.FORMATS:
        raise DomainError(f"unknown export format {fmt[:20]!r}; available: {', '.join(exports.FORMATS)}")
    files = record.material_files(_store(), code) if fmt == "zip" else {}
    body, mimetype, filename = exports.render(fmt, record.session_record(_store(), code), files)
    response = Response(body, mimetype=mimetype)
    disposition = "inline" if fmt == "html" and request.args.get("inline") else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # The report is self-contained: inline styles, no script, nothing fetched.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response


def _change_status(code: str, change) -> tuple:
    code = _code(code)
    change(_store(), code)
    state = sessions.read_state(_store(), code)
    announce_state(state)
    return jsonify(ok=True, state=state)


@bp.post("/api/sessions/<code>/close")
@facilitator_required
def close_session(code):
    """End the session: its stage ends, its activities close."""
    return _change_status(code, archive.close_session)


@bp.post("/api/sessions/<code>/reopen")
@facilitator_required
def reopen_session(code):
    """Reopen a closed session at the last stage it reached."""
    return _change_status(code, archive.reopen_session)


@bp.post("/api/sessions/<code>/duplicate")
@facilitator_required
def duplicate_session(code):
    """A new session from this session's plan, without its results."""
    new = archive.duplicate_session(_store(), _code(code))
    return jsonify(ok=True, **session_links(new)), 201


@bp.delete("/api/sessions/<code>")
@facilitator_required
def delete_session(code):
    """Delete the session and everything that belongs to it."""
    archive.delete_session(_store(), _code(code))
    return jsonify(ok=True)


@bp.post("/api/sessions/import")
@facilitator_required
def import_session():
    """Store a session from its record: a JSON body, or an uploaded .json record or .zip bundle."""
    request.max_content_length = UPLOAD_LIMIT
    upload = request.files.get("file")
    if upload is not None:
        record_data, files = read_record_upload(upload.filename or "", upload.read())
    else:
        record_data, files = _body(), {}
    code = archive.import_record(_store(), record_data, files)
    return jsonify(ok=True, **session_links(code)), 201


@bp.post("/api/sessions/<code>/stages/<int:position>/materials")
@facilitator_required
def add_material(code, position):
    """Attach a link ({"title", "url"}) or an uploaded PDF (form fields "title" and "file") to a stage."""
    request.max_content_length = UPLOAD_LIMIT
    code = _code(code)
    upload = request.files.get("file")
    if upload is not None:
        archive.add_pdf(_store(), code, position, request.form.get("title", ""), upload.filename, upload.read())
    else:
        body = _body()
        archive.add_link(_store(), code, position, body.get("title"), body.get("url"))
    return jsonify(ok=True), 201


# ------------------------------------------------------------------ group host links (facilitator only)

@bp.get("/api/sessions/<code>/hosts")
@facilitator_required
def list_hosts(code):
    """Every host link of the session, live and revoked (never a secret)."""
    return jsonify(ok=True, hosts=hosts.listed(_store(), _code(code)))


@bp.post("/api/sessions/<code>/hosts")
@facilitator_required
def create_host(code):
    """A host link for one group ({"stage": position, "group": "g1"}): its address and QR code are
    given this once; the server keeps only a digest of its secret."""
    code, body = _code(code), _body()
    made = hosts.create(_store(), code, body.get("stage"), body.get("group"))
    secret = made.pop("secret")
    url = host_url(code, secret)
    return jsonify(ok=True, host=made, url=url, qr=qr_data_url(url)), 201


@bp.delete("/api/sessions/<code>/hosts/<int:host_id>")
@facilitator_required
def revoke_host(code, host_id):
    """Revoke a host link: its requests are refused from now on and its open pages are told so."""
    code = _code(code)
    view = hosts.revoke(_store(), code, host_id)
    announce_host_revoked(host_id)
    return jsonify(ok=True, host=view)


# ------------------------------------------------------------------ rapporteur links (facilitator only)

@bp.get("/api/sessions/<code>/rapporteurs")
@facilitator_required
def list_rapporteurs(code):
    """Every rapporteur link of the session, live and revoked (never a secret)."""
    return jsonify(ok=True, rapporteurs=rapporteurs.listed(_store(), _code(code)))


@bp.post("/api/sessions/<code>/rapporteurs")
@facilitator_required
def create_rapporteur(code):
    """A rapporteur link: whoever opens it writes the key takeaways and nothing else. Its address
    and QR code are given this once; the server keeps only a digest of its secret."""
    code = _code(code)
    made = rapporteurs.create(_store(), code)
    url = rapporteur_url(code, made.pop("secret"))
    return jsonify(ok=True, rapporteur=made, url=url, qr=qr_data_url(url)), 201


@bp.delete("/api/sessions/<code>/rapporteurs/<int:rapporteur_id>")
@facilitator_required
def revoke_rapporteur(code, rapporteur_id):
    """Revoke a rapporteur link: its requests are refused from now on and its open pages are told so."""
    view = rapporteurs.revoke(_store(), _code(code), rapporteur_id)
    announce_rapporteur_revoked(rapporteur_id)
    return jsonify(ok=True, rapporteur=view)


@bp.errorhandler(413)
def _too_large(_error):
    """A request body over MAX_CONTENT_LENGTH (or a route's own upload limit): refused, in JSON."""
    limit = request.max_content_length
    size = f" ({limit // 1024} KiB at most)" if limit else ""
    return jsonify(ok=False, error=f"the request body is too large{size}; nothing was changed"), 413


@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
def _no_such_route(error):
    """Under /api/ an unknown address or method is answered in JSON like every other API error;
    elsewhere a person gets the friendly page (404) or the plain one (405)."""
    if request.path.startswith("/api/"):
        return jsonify(ok=False, error=f"{error.name.lower()}: {request.method} {request.path[:100]}"), error.code
    if error.code == 404:
        from .pages import not_found
        return not_found(error)
    return error
