"""Socket.IO: the phone, board and console surfaces. Each handler validates, calls a service, acks.

Rooms per session: ``phone:<code>``, ``board:<code>``, ``console:<code>``.
Every acknowledgement is ``{"ok": true, …}`` or ``{"ok": false, "error": "…"}``.
"""
import logging
from functools import wraps

from flask import current_app, request, session
from flask_socketio import SocketIO, join_room
from socketio import packet

from ..domain.activity import INTERACTIVE
from ..domain.codes import normalise_join_code
from ..domain.errors import DomainError, Forbidden, NotFound
from ..services import crossvote, dots, groups, hosts, participation, pat, rapporteurs, sessions
from . import inbound
from .auth import console_signed_in, is_facilitator_token
from .broadcast import Broadcaster, host_room, rapporteur_room, rooms
from .limits import Limits, client_address, trusted_proxies

log = logging.getLogger(__name__)
socketio = SocketIO()


def init_app(app, store) -> None:
    """Bind Socket.IO to the app with an explicit async mode and start the broadcaster."""
    socketio.init_app(
        app, async_mode=app.config["ASYNC_MODE"], message_queue=app.config["MESSAGE_QUEUE"],
        max_http_buffer_size=app.config["MAX_MESSAGE_BYTES"], ping_interval=20, ping_timeout=20)
    app.extensions["baraza.broadcaster"] = Broadcaster(
        socketio, store, app.config["SNAPSHOT_INTERVAL"], app.config["PHONE_RESULTS_INTERVAL"],
        autostart=app.config["BROADCAST_AUTOSTART"])
    _refuse_malformed_packets(socketio.server)
    app.extensions["baraza.limits"] = Limits.from_config(app.config)
    app.extensions["baraza.trusted_proxies"] = trusted_proxies(app.config.get("TRUSTED_PROXY"))


class _EventPacket(packet.Packet):
    """A Socket.IO packet whose event, if it is one, is a list that starts with the event's name."""

    def decode(self, encoded_packet):
        attachments = super().decode(encoded_packet)
        if self.packet_type in (packet.EVENT, packet.BINARY_EVENT) and not (
                isinstance(self.data, list) and self.data and isinstance(self.data[0], str)):
            raise ValueError("an event must be a list that starts with the event's name")
        return attachments


def _refuse_malformed_packets(server) -> None:
    """Close a connection that sends something other than Socket.IO packets.

    python-socketio raises on a message it cannot decode (not JSON, a number of more than 100
    digits, nesting deeper than the JSON decoder goes, an event that is not a list) and Engine.IO
    logs the traceback. No Socket.IO client sends such a thing, so the connection is closed with a
    one-line warning instead, like a message over MAX_MESSAGE_BYTES.
    """
    server.packet_class = _EventPacket
    dispatch = server._handle_eio_message

    def guarded(eio_sid, data):
        try:
            return dispatch(eio_sid, data)
        except Exception as exc:  # noqa: BLE001 - whatever the client sent, the answer is to hang up
            log.warning("closed a connection that sent a malformed message (%s: %.80s)", type(exc).__name__, exc)
            server._binary_packet.pop(eio_sid, None)
            server.eio.disconnect(eio_sid)

    server._handle_eio_message = guarded  # what Flask-SocketIO's test client calls
    server.eio.on("message", guarded)


def _store():
    return current_app.extensions["baraza.store"]


def _broadcaster() -> Broadcaster:
    b = current_app.extensions["baraza.broadcaster"]
    b.start()
    return b


def _limits() -> Limits:
    return current_app.extensions["baraza.limits"]


def _address() -> str:
    """The client's address, for the join limit only (kept in memory, never stored)."""
    return client_address(request.remote_addr, request.headers.get("X-Forwarded-For"),
                          current_app.extensions["baraza.trusted_proxies"])


def _code(raw) -> str:
    code = normalise_join_code(raw)
    if code is None:
        raise NotFound("there is no session with that code")
    return code


def acknowledged(schema):
    """Decorate a handler: count the event against its connection's limit, parse the payload with
    ``schema``; turn domain errors (a refused limit too) into error acks."""

    def decorate(handler):
        @wraps(handler)
        def wrapped(payload=None, *more):
            try:
                _limits().event(("connection", request.sid))
                if more:
                    raise DomainError("send one JSON object with the event, nothing more")
                return handler(inbound.parse(schema, payload))
            except DomainError as exc:
                return {"ok": False, "error": str(exc)}
            except Exception:
                log.exception("handler %s failed", handler.__name__)
                return {"ok": False, "error": "the server could not do that; nothing was changed"}

        return wrapped

    return decorate


def _phone() -> dict:
    """The participant this connection joined as, charged one event against its limit."""
    who = session.get("who")
    if who is None:
        raise Forbidden("join the session first")
    _limits().event(("participant", who["participant_id"]))
    return who


def _admit(address: str):
    """For ``participation.join``: a new participant counts against the address, a known one against itself."""
    def admit(participant_id):
        if participant_id is None:
            _limits().new_participant(address)
        else:
            _limits().event(("participant", participant_id))
    return admit


def announce_state(state: dict, all_activities: bool = False) -> None:
    """Send the session's state to every surface at once (a stage change, an activity opened)."""
    phones = sessions.for_phones(state)
    for surface, room in rooms(state["code"]).items():
        socketio.emit("state", phones if surface == "phone" else state, to=room)
    for link_id in hosts.live_links(_store(), state["code"]):  # a host runs its group: no draft takeaways
        socketio.emit("state", phones, to=host_room(link_id))
    if all_activities:
        _queue_current_results(state)


def announce_activity(code: str, activity_id: int) -> None:
    """Queue a snapshot of one activity's results."""
    _broadcaster().activity_changed(code, activity_id)


def announce_moderated(code: str, activity_id: int) -> None:
    """Tell phones that the facilitator approved, hid or restored something of an activity (no
    content): a phone with an answer of its own there asks again how its answers stand (``me``)."""
    socketio.emit("moderated", {"activity": activity_id}, to=rooms(code)["phone"])


def handle_secret() -> bytes:
    """The key of the participants' anonymous handles in working groups (from the app's secret key)."""
    return groups.handle_secret(current_app.config["SECRET_KEY"])


def announce_groups(code: str, stage_position: int) -> None:
    """Tell phones that the facilitator put people into groups (no one named): each asks again which
    group it is in (``me``)."""
    socketio.emit("groups", {"stage": stage_position}, to=rooms(code)["phone"])


def _with_handles(me: dict, who: dict) -> dict:
    """A phone's own view with its anonymous handle in each groups stage (``handles``)."""
    return {**me, "handles": groups.my_handles(_store(), who, handle_secret())}


@socketio.on("join")
@acknowledged(inbound.JoinIn)
def on_join(data):
    """A phone joins (or rejoins with its kept token)."""
    code = _code(data.code)
    who = participation.join(_store(), code, data.token, data.name, admit=_admit(_address()))
    session["who"] = {"participant_id": who["participant_id"], "session_id": who["session_id"],
                      "name": who["name"], "code": code}
    join_room(rooms(code)["phone"])
    _broadcaster().presence_changed(code)
    _broadcaster().phone_connected(request.sid, code, who["participant_id"])
    welcome = participation.welcome(_store(), session["who"], new=who["new"])
    if (welcome["state"]["stage"] or {}).get("kind") == "groups":  # else the phone asks (me) when one starts
        welcome["me"] = _with_handles(welcome["me"], session["who"])
    return {"ok": True, "token": who["token"], "name": who["name"], **welcome}


@socketio.on("disconnect")
def on_disconnect(*_reason):
    """Forget the connection's rate-limit bucket; a phone no longer counts as connected."""
    _limits().events.forget(("connection", request.sid))
    current_app.extensions["baraza.broadcaster"].phone_disconnected(request.sid)


@socketio.on("board.join")
@acknowledged(inbound.BoardJoinIn)
def on_board_join(data):
    """A projected board subscribes to a session."""
    code = _code(data.code)
    state = sessions.read_state(_store(), code)
    join_room(rooms(code)["board"])
    _broadcaster().watch(code)
    _queue_current_results(state)
    return {"ok": True, "state": state}


@socketio.on("console.join")
@acknowledged(inbound.ConsoleJoinIn)
def on_console_join(data):
    """The facilitator's console subscribes to a session (token or signed-in console cookie)."""
    if not (console_signed_in() or is_facilitator_token(data.token)):
        raise Forbidden("facilitator token required")
    code = _code(data.code)
    state = sessions.read_state(_store(), code)
    join_room(rooms(code)["console"])
    _broadcaster().watch(code)
    _queue_current_results(state)
    return {"ok": True, "state": state}


def announce_host_revoked(link_id: int) -> None:
    """A host link was revoked: its open pages are told so and hear nothing more of the session."""
    room = host_room(link_id)
    socketio.emit("host.revoked", {"host": link_id}, to=room)
    socketio.close_room(room)


def link_secret(code: str, token, kept_as: str = "hosts") -> str | None:
    """The link's secret a host's or rapporteur's page presents: in the event, else in the page's
    cookie (``kept_as``: "hosts" or "rapporteurs", by session code)."""
    if token:
        return token
    kept = session.get(kept_as)
    return kept.get(code) if isinstance(kept, dict) else None


@socketio.on("host.join")
@acknowledged(inbound.HostJoinIn)
def on_host_join(data):
    """A group host's page follows its group: the state, and the group's activities' full results
    (moderation queues too) in a room of its own link, closed when the link is revoked."""
    code = _code(data.code)
    link = hosts.link_of(_store(), code, link_secret(code, data.token))
    if link is None:
        raise Forbidden("this host link is not valid (it may have been revoked)")
    state = sessions.read_state(_store(), code)
    join_room(host_room(link["id"]))
    _broadcaster().watch(code)
    _queue_current_results(state)
    return {"ok": True, "state": sessions.for_phones(state), "host": link}


def announce_takeaways(code: str, listed: list) -> None:
    """The takeaways changed: the rapporteurs' pages get them (the board and the console have the state)."""
    for link_id in rapporteurs.live_links(_store(), code):
        socketio.emit("takeaways", {"takeaways": listed}, to=rapporteur_room(link_id))


def announce_rapporteur_revoked(link_id: int) -> None:
    """A rapporteur link was revoked: its open pages are told so and hear nothing more."""
    room = rapporteur_room(link_id)
    socketio.emit("rapporteur.revoked", {"rapporteur": link_id}, to=room)
    socketio.close_room(room)


@socketio.on("rapporteur.join")
@acknowledged(inbound.RapporteurJoinIn)
def on_rapporteur_join(data):
    """A rapporteur's page follows the session's takeaways, in a room of its own link."""
    code = _code(data.code)
    link = rapporteurs.link_of(_store(), code, link_secret(code, data.token, "rapporteurs"))
    if link is None:
        raise Forbidden("this rapporteur link is not valid (it may have been revoked)")
    state = sessions.read_state(_store(), code)
    join_room(rapporteur_room(link["id"]))
    return {"ok": True, "state": sessions.for_rapporteurs(state), "rapporteur": link}


def _queue_current_results(state: dict) -> None:
    if state["stage"]:
        for item in state["stage"]["activities"]:
            if item["kind"] in INTERACTIVE:
                announce_activity(state["code"], item["id"])


@socketio.on("vote")
@acknowledged(inbound.VoteIn)
def on_vote(data):
    """A phone votes in a poll; a new vote replaces the old one."""
    who = _phone()
    reply = participation.vote(_store(), who, data.id, data.activity, data.choices)
    announce_activity(who["code"], data.activity)
    return reply


@socketio.on("note")
@acknowledged(inbound.NoteIn)
def on_note(data):
    """A phone posts a sticky note."""
    who = _phone()
    reply = participation.post_note(_store(), who, data.id, data.activity, data.column, data.text, data.signed)
    announce_activity(who["code"], data.activity)
    return reply


def _board_action(event: str, schema, apply, doc: str) -> None:
    """Register a phone's action on a board's note (edit, delete, a dot added or taken back):
    ``apply(store, who, data)`` runs it; the board's snapshot is queued."""

    @acknowledged(schema)
    def handler(data):
        who = _phone()
        reply = apply(_store(), who, data)
        announce_activity(who["code"], data.activity)
        return reply

    handler.__doc__ = doc
    socketio.on(event)(handler)


_board_action("note.edit", inbound.NoteEditIn, lambda store, who, d: participation.edit_note(
    store, who, d.id, d.activity, d.note, d.text), "A phone rewrites one of its own notes.")
_board_action("note.delete", inbound.NoteRefIn, lambda store, who, d: participation.delete_note(
    store, who, d.id, d.activity, d.note), "A phone deletes one of its own notes.")
_board_action("dot.add", inbound.NoteRefIn, lambda store, who, d: dots.add_dot(
    store, who, d.id, d.activity, d.note), "A phone puts one of its dots on a note.")
_board_action("dot.remove", inbound.NoteRefIn, lambda store, who, d: dots.remove_dot(
    store, who, d.id, d.activity, d.note), "A phone takes one of its dots back.")


@socketio.on("notes.get")
@acknowledged(inbound.ResultsIn)
def on_notes_get(data):
    """A phone reads a board's notes to vote on them (or to read them once revealed), with its own part."""
    who = _phone()
    shared = _broadcaster().board_notes(who["code"], data.activity)
    return {"ok": True, **shared, **dots.my_part(_store(), who, data.activity)}


@socketio.on("me")
@acknowledged(inbound.MeIn)
def on_me(_data):
    """A phone asks again what it has given and how it stands (after the facilitator moderated)."""
    who = _phone()
    return {"ok": True, "me": _with_handles(participation.participant_view(_store(), who), who)}


@socketio.on("results.get")
@acknowledged(inbound.ResultsIn)
def on_results_get(data):
    """A phone shows a revealed activity's results in full (a board's notes, when unfolded)."""
    who = _phone()
    return {"ok": True, **_broadcaster().full_results(who["code"], data.activity)}
@socketio.on("answers")
@acknowledged(inbound.AnswersIn)
def on_answers(data):
    """A phone sends its answers to a word cloud or open question; they replace its earlier ones."""
    who = _phone()
    reply = participation.send_answers(_store(), who, data.id, data.activity, data.answers)
    announce_activity(who["code"], data.activity)
    return reply


@socketio.on("rate")
@acknowledged(inbound.RateIn)
def on_rate(data):
    """A phone rates one statement of a scale; a new rating replaces the old one."""
    who = _phone()
    reply = participation.rate(_store(), who, data.id, data.activity, data.statement, data.value)
    announce_activity(who["code"], data.activity)
    return reply


@socketio.on("score")
@acknowledged(inbound.ScoreIn)
def on_score(data):
    """A phone scores one decision for one organisation of a PAT, privately; a new score replaces the old."""
    who = _phone()
    reply = pat.score(_store(), who, data.id, data.activity, data.decision, data.organisation, data.level)
    announce_activity(who["code"], data.activity)
    return reply


@socketio.on("rank")
@acknowledged(inbound.RankIn)
def on_rank(data):
    """A phone sends its ranking of an activity's options; it replaces the earlier one."""
    who = _phone()
    reply = participation.rank(_store(), who, data.id, data.activity, data.order)
    announce_activity(who["code"], data.activity)
    return reply


@socketio.on("points")
@acknowledged(inbound.PointsIn)
def on_points(data):
    """A phone spreads its points over a 100-points activity's options; it replaces its earlier allocation."""
    who = _phone()
    reply = participation.give_points(_store(), who, data.id, data.activity, data.allocation)
    announce_activity(who["code"], data.activity)
    return reply


@socketio.on("ask")
@acknowledged(inbound.AskIn)
def on_ask(data):
    """A phone asks a question in a Q&A (it waits for the facilitator when the Q&A is moderated)."""
    who = _phone()
    reply = participation.ask(_store(), who, data.id, data.activity, data.text, data.signed)
    announce_activity(who["code"], data.activity)
    return reply


@socketio.on("upvote")
@acknowledged(inbound.UpvoteIn)
def on_upvote(data):
    """A phone upvotes someone else's question, or takes its upvote back (``up: false``)."""
    who = _phone()
    reply = participation.upvote(_store(), who, data.id, data.activity, data.question, data.up)
    announce_activity(who["code"], data.activity)
    return reply


@socketio.on("survey")
@acknowledged(inbound.SurveyIn)
def on_survey(data):
    """A phone answers one question of a survey; a new answer to the question replaces the old one."""
    who = _phone()
    reply = participation.answer_question(_store(), who, data.id, data.activity, data.question, data.answer)
    announce_activity(who["code"], data.activity)
    return reply


@socketio.on("group")
@acknowledged(inbound.GroupIn)
def on_group(data):
    """A phone chooses its working group."""
    who = _phone()
    reply = participation.choose_group(_store(), who, data.id, data.group)
    _broadcaster().presence_changed(who["code"])
    _broadcaster().groups_changed(who["code"])
    return reply


@socketio.on("segment")
@acknowledged(inbound.SegmentIn)
def on_segment(data):
    """A phone declares its segment, or none; results shown by segment are counted again."""
    who = _phone()
    reply = participation.declare_segment(_store(), who, data.id, data.segment)
    if not reply.get("duplicate"):
        _queue_current_results(sessions.read_state(_store(), who["code"]))
    return reply


_board_action("crossvote.add", inbound.CrossVoteIn, lambda store, who, d: crossvote.add_dot(
    store, who, d.id, d.activity, d.item), "A phone puts one of its dots on an item the groups promoted.")
_board_action("crossvote.remove", inbound.CrossVoteIn, lambda store, who, d: crossvote.remove_dot(
    store, who, d.id, d.activity, d.item), "A phone takes one of its cross-group dots back.")


@socketio.on("crossvote.get")
@acknowledged(inbound.ResultsIn)
def on_crossvote_get(data):
    """A phone asks where its dots are in a cross-group vote and how many it has left."""
    who = _phone()
    return {"ok": True, **crossvote.my_part(_store(), who, data.activity)}
