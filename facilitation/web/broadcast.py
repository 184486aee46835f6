"""Coalesced board updates: at most one snapshot per activity per interval, only when it changed.

Handlers only mark an activity as changed. A background task wakes every
``interval`` seconds, reads each changed activity's results once from the
database and sends them: in full to the console, to the board and phones only
when revealed (otherwise just the number of answers to the board). Phones get a
board's notes only when they ask (``results.get``): a snapshot of every note to
every phone every second would be megabytes a second in a full room.
"""
import logging
import threading
import time

from ..domain.activity import INTERACTIVE
from ..domain.errors import NotFound
from ..domain.moderation import placeholders
from ..services import agenda, dots, hosts, sessions
from ..services.results import phone_event, public_event, results_event

log = logging.getLogger(__name__)
FULL_RESULTS_TTL = 2.0  # seconds


def rooms(code: str) -> dict:
    """The Socket.IO rooms of a session, by surface."""
    return {"console": f"console:{code}", "board": f"board:{code}", "phone": f"phone:{code}"}


def host_room(link_id: int) -> str:
    """The room of the pages opened with one group host link (closed when the link is revoked)."""
    return f"host:{link_id}"


def rapporteur_room(link_id: int) -> str:
    """The room of the pages opened with one rapporteur link (closed when the link is revoked)."""
    return f"rapporteur:{link_id}"


def hidden_event(view: dict, full: dict) -> dict:
    """What a board gets of results it may not show: their number, and for a board that blurs its
    notes one placeholder per note in each column (never the text)."""
    event = {"activity": full["activity"], "visible": False, "responses": full["responses"]}
    if view.get("blur") and view["kind"] == "board":
        event["blurred"] = placeholders(full["results"])
    return event


class Broadcaster:
    """Collects what changed and sends one snapshot per changed activity per interval."""

    def __init__(self, socketio, store, interval: float, phone_interval: float, autostart: bool = True,
                 resync_interval: float = 5.0):
        self.socketio, self.store, self.autostart = socketio, store, autostart
        self.interval, self.phone_interval, self.resync_interval = interval, phone_interval, resync_interval
        self._watched: set = set()
        self._lock = threading.Lock()
        self._activities: set = set()
        self._phones: set = set()
        self._states: set = set()
        self._full: dict = {}  # (code, activity) -> (when, full results event) for phones that ask
        self._counts: set = set()  # sessions whose participant counts the console should get again
        self._group_sizes: set = set()  # sessions whose working groups' sizes every surface should get again
        self._connected: dict = {}  # connection id -> (code, participant id) of the phones on this process
        self._started = False

    def activity_changed(self, code: str, activity_id: int) -> None:
        """Mark an activity's results as changed."""
        with self._lock:
            self._activities.add((code, activity_id))
            self._phones.add((code, activity_id))
            self._counts.add(code)

    def watch(self, code: str) -> None:
        """A board or console on this process shows this session: resend its snapshots now and then.

        Snapshots are whole, not deltas, so a board that missed some (a message queue that was
        down, a dropped packet) is right again at the next resend, without anyone voting.
        """
        with self._lock:
            self._watched.add(code)

    def resync(self) -> None:
        """Queue a snapshot of the current stage's activities of every watched session."""
        for code in list(self._watched):
            try:
                state = sessions.read_state(self.store, code)
            except NotFound:
                self._watched.discard(code)
                continue
            for item in (state["stage"] or {}).get("activities", []):
                if item["kind"] in INTERACTIVE:
                    with self._lock:
                        self._activities.add((code, item["id"]))

    def full_results(self, code: str, activity_id: int) -> dict:
        """A revealed activity's full results for a phone that asks (``results.get``).

        A room that unfolds a board's notes at once asks a thousand times for the same thing: while
        the number of answers has not changed, for up to FULL_RESULTS_TTL, every phone gets the one
        read (an edit that keeps the count shows within that time).
        """
        key, now = (code, activity_id), time.monotonic()
        with self._lock:
            cached = self._full.get(key)
        known = (cached[1]["responses"], cached[1]) if cached and now - cached[0] < FULL_RESULTS_TTL else None
        event = sessions.phone_results(self.store, code, activity_id, known)
        if known is None or event is not known[1]:
            with self._lock:
                if len(self._full) >= 512:
                    self._full.pop(next(iter(self._full)))
                self._full[key] = (now, event)
        return event

    def board_notes(self, code: str, activity_id: int) -> dict:
        """A board's notes for a phone that votes on them or reads them (``notes.get``): the same for
        every phone, so one read serves all of them for up to FULL_RESULTS_TTL (the ``revision`` in
        the phones' ``results`` events tells them when to ask again)."""
        key, now = ("notes", code, activity_id), time.monotonic()
        with self._lock:
            cached = self._full.get(key)
        if cached and now - cached[0] < FULL_RESULTS_TTL:
            return cached[1]
        shared = dots.shared_notes(self.store, code, activity_id)
        with self._lock:
            if len(self._full) >= 512:
                self._full.pop(next(iter(self._full)))
            self._full[key] = (now, shared)
        return shared

    def presence_changed(self, code: str) -> None:
        """Mark the session's participant count as changed (console and board only)."""
        with self._lock:
            self._states.add(code)
            self._counts.add(code)

    def groups_changed(self, code: str) -> None:
        """Mark the current working groups' sizes as changed (a phone chose a group): every surface
        gets them at most once an interval (``sizes``), however many choose at once."""
        with self._lock:
            self._group_sizes.add(code)
            self._counts.add(code)

    def phone_connected(self, sid: str, code: str, participant_id: int) -> None:
        """A phone's connection joined a session (a rejoin on the same connection replaces it)."""
        with self._lock:
            self._connected[sid] = (code, participant_id)
            self._counts.add(code)

    def phone_disconnected(self, sid: str) -> None:
        """A phone's connection closed: it no longer counts as connected."""
        with self._lock:
            gone = self._connected.pop(sid, None)
            if gone is not None:
                self._counts.add(gone[0])

    def connected(self, code: str) -> frozenset:
        """The participants of a session with a connection open to this process.

        Several processes behind a message queue each count the phones connected to them.
        """
        with self._lock:
            return frozenset(pid for c, pid in self._connected.values() if c == code)

    def start(self) -> None:
        """Start the background task once per process (unless tests flush by hand)."""
        if self.autostart and not self._started:
            self._started = True
            self.socketio.start_background_task(self._run)

    def stop(self) -> None:
        """Let the background task end after its current sleep."""
        self._started = False

    def _run(self) -> None:
        last_phone = last_resync = time.monotonic()
        while self._started:
            self.socketio.sleep(self.interval)
            try:
                now = time.monotonic()
                if now - last_resync >= self.resync_interval:
                    last_resync = now
                    self.resync()
                phones_due = now - last_phone >= self.phone_interval
                if phones_due:
                    last_phone = now
                self.flush(phones=phones_due)
            except Exception:  # keep broadcasting whatever one snapshot did
                log.exception("snapshot broadcast failed")

    def flush(self, phones: bool = True) -> None:
        """Send what changed since the last flush."""
        with self._lock:
            changed, self._activities = self._activities, set()
            states, self._states = self._states, set()
            resized, self._group_sizes = self._group_sizes, set()
            phone_changed, counted = set(), set()
            if phones:
                phone_changed, self._phones = self._phones, set()
                counted, self._counts = self._counts, set()
        for code in states:
            self._send_presence(code)
        for code in resized:
            self._send_sizes(code)
        for code in counted:
            self._send_counts(code)
        for code, activity_id in changed | phone_changed:
            self._send_results(code, activity_id, surfaces=(code, activity_id) in changed,
                               phones=(code, activity_id) in phone_changed)

    def _send_presence(self, code: str) -> None:
        try:
            count = sessions.participant_count(self.store, code)
        except NotFound:
            return
        for surface in ("console", "board"):
            self.socketio.emit("presence", {"participants": count}, to=rooms(code)[surface])

    def _send_sizes(self, code: str) -> None:
        """How many people are in each group of the current groups stage (and each group's cap)."""
        try:
            state = sessions.read_state(self.store, code)
        except NotFound:
            return
        stage = state["stage"]
        if not stage or stage["kind"] != "groups":
            return
        event = {"stage": stage["position"],
                 "groups": {g["key"]: {"size": g.get("size", 0), "cap": g.get("cap")} for g in stage["groups"]}}
        for room in rooms(code).values():
            self.socketio.emit("sizes", event, to=room)

    def _send_counts(self, code: str) -> None:
        """The participant counts per stage, group and activity, to the console (at most once a
        phone interval, however many answers came in)."""
        try:
            counts = agenda.session_counts(self.store, code, self.connected(code))
        except NotFound:
            return
        self.socketio.emit("counts", counts, to=rooms(code)["console"])

    def _send_results(self, code: str, activity_id: int, surfaces: bool, phones: bool) -> None:
        try:
            view, results, moderated = sessions.read_activity(self.store, code, activity_id)
        except NotFound:
            return
        full = results_event(activity_id, view["results_visible"], results)
        room = rooms(code)
        if surfaces:
            self.socketio.emit("results", full if moderated is None else {**full, "moderation": moderated},
                               to=room["console"])
            self.socketio.emit("results", public_event(full) if view["results_visible"] else hidden_event(view, full),
                               to=room["board"])
            if view.get("group") is not None:  # the group's host pages get what the console gets
                for link_id in hosts.live_links(self.store, code, view["stage"], view["group"]):
                    self.socketio.emit("results", full if moderated is None else {**full, "moderation": moderated},
                                       to=host_room(link_id))
        # A board in its voting phase goes to the phones even while hidden: they need to know when
        # its notes change (a count and a revision, never the notes themselves).
        if phones and (view["results_visible"] or view.get("phase") == "vote"):
            self.socketio.emit("results", phone_event(view["kind"], full), to=room["phone"])
