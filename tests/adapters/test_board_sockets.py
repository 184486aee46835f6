"""Sticky notes over Socket.IO: an author edits and deletes their own notes (nobody else's), phones
dot-vote within their budget, read the notes with notes.get, and get coalesced counts, not the notes."""
import pytest

from .test_sockets import code, connect, events, flush, joined  # noqa: F401 - fixtures

ERRORS = {"ok": False}


def board_of(ack):
    return next(a for a in ack["state"]["stage"]["activities"] if a["kind"] == "board")


def note(phone, board, cid, text, column=0):
    reply = phone.emit("note", {"id": cid, "activity": board, "column": column, "text": text}, callback=True)
    assert reply["ok"], reply
    return reply["note"]


def test_an_author_edits_and_deletes_their_note_and_nobody_else_can(connect, code, flush):  # noqa: F811
    screen = connect()
    screen.emit("board.join", {"code": code}, callback=True)
    amina, ack = joined(connect, code)
    kofi, _ = joined(connect, code)
    board = board_of(ack)["id"]
    mine = note(amina, board, "n1", "Funding cycles")
    assert amina.emit("note.edit", {"id": "e1", "activity": board, "note": mine, "text": "Short funding cycles"},
                      callback=True) == {"ok": True, "activity": board, "note": mine, "text": "Short funding cycles",
                                         "status": "shown"}
    for event, payload in (("note.edit", {"text": "Hijacked"}), ("note.delete", {})):
        refused = kofi.emit(event, {"id": "k1", "activity": board, "note": mine, **payload}, callback=True)
        assert refused == {"ok": False, "error": "you can only change or delete your own notes"}
    assert kofi.emit("note.edit", {"id": "k2", "activity": board, "note": mine, "text": "x", "extra": 1},
                     callback=True)["ok"] is False
    assert kofi.emit("note.delete", {"id": "k3", "activity": board, "note": "1"}, callback=True)["ok"] is False
    assert connect().emit("note.delete", {"id": "k4", "activity": board, "note": mine}, callback=True) == {
        "ok": False, "error": "join the session first"}
    flush()
    last = [e for e in events(screen, "results") if e["activity"] == board][-1]
    assert [n["text"] for n in last["results"]["notes"]] == ["Short funding cycles"]
    # A rejoin brings the participant's own notes back, to edit them again.
    _, again = joined(connect, code, token=ack["token"])
    assert again["me"]["own_notes"] == {str(board): [{"id": mine, "column": 0, "text": "Short funding cycles", "status": "shown",
                                                      "author": ""}]}
    assert amina.emit("note.delete", {"id": "d1", "activity": board, "note": mine}, callback=True)["deleted"]
    assert amina.emit("note.delete", {"id": "d1", "activity": board, "note": mine}, callback=True)["duplicate"]
    flush()
    assert [e for e in events(screen, "results") if e["activity"] == board][-1]["results"]["count"] == 0


def test_phones_vote_with_dots_within_their_budget(connect, code, flush, client, auth):  # noqa: F811
    a, ack = joined(connect, code)
    b, _ = joined(connect, code)
    board = board_of(ack)["id"]
    n1, n2 = note(a, board, "n1", "Grants"), note(b, board, "n1", "Trust", 1)
    assert a.emit("dot.add", {"id": "d0", "activity": board, "note": n1}, callback=True) == {
        "ok": False, "error": "dot voting on 'Reflections' has not started"}
    assert client.post(f"/api/sessions/{code}/activities/{board}/phase", json={"phase": "vote"}).status_code == 401
    started = client.post(f"/api/sessions/{code}/activities/{board}/phase", json={"phase": "vote", "dots": 2,
                                                                                 "stacking": False}, headers=auth)
    assert started.get_json()["activity"]["phase"] == "vote" and started.get_json()["activity"]["dots"] == 2
    assert a.emit("dot.add", {"id": "d1", "activity": board, "note": n1}, callback=True) == {
        "ok": True, "activity": board, "note": n1, "mine": {str(n1): 1}, "left": 1}
    assert a.emit("dot.add", {"id": "d2", "activity": board, "note": n1}, callback=True) == {
        "ok": False, "error": "one dot per note on this board: you already put a dot on this one"}
    assert a.emit("dot.add", {"id": "d3", "activity": board, "note": n2}, callback=True)["left"] == 0
    assert a.emit("dot.add", {"id": "d4", "activity": board, "note": n2}, callback=True)["ok"] is False
    assert a.emit("dot.remove", {"id": "r1", "activity": board, "note": n2}, callback=True)["left"] == 1
    assert b.emit("dot.remove", {"id": "r1", "activity": board, "note": n1}, callback=True) == {
        "ok": False, "error": "you have no dot on this note"}
    # The notes to vote on, with this phone's own part; no dot totals while the results are hidden.
    client.post(f"/api/sessions/{code}/activities/{board}", json={"action": "hide"}, headers=auth)
    got = b.emit("notes.get", {"activity": board}, callback=True)
    assert got["ok"] and got["own"] == [n2] and got["mine"] == {} and got["left"] == 2
    assert [(n["text"], n["dots"]) for n in got["results"]["notes"]] == [("Grants", None), ("Trust", None)]
    assert "participant" not in str(got)
    flush()
    counts = [e for e in events(b, "results") if e["activity"] == board]
    assert counts and all("results" not in e and e["phase"] == "vote" and e["revision"] for e in counts)
    client.post(f"/api/sessions/{code}/activities/{board}", json={"action": "reveal"}, headers=auth)
    assert client.post(f"/api/sessions/{code}/activities/{board}/phase", json={"phase": "write"},
                       headers=auth).status_code == 200
    refused = client.post(f"/api/sessions/{code}/activities/{board}/phase", json={"phase": "vote", "dots": 5},
                          headers=auth)
    assert refused.status_code == 409 and "cannot change once dots" in refused.get_json()["error"]


def test_dot_voting_snapshots_are_coalesced(connect, code, flush, client, auth):  # noqa: F811
    screen = connect()
    screen.emit("board.join", {"code": code}, callback=True)
    a, ack = joined(connect, code)
    board = board_of(ack)["id"]
    n1 = note(a, board, "n1", "Grants")
    client.post(f"/api/sessions/{code}/activities/{board}/phase", json={"phase": "vote", "dots": 5}, headers=auth)
    flush()
    screen.get_received()
    a.get_received()
    for i in range(5):
        assert a.emit("dot.add", {"id": f"d{i}", "activity": board, "note": n1}, callback=True)["ok"]
    flush()
    shown = [e for e in events(screen, "results") if e["activity"] == board]
    assert len(shown) == 1 and shown[0]["results"]["notes"][0]["dots"] == 5  # one snapshot for five dots
    assert len([e for e in events(a, "results") if e["activity"] == board]) == 1


@pytest.mark.parametrize("payload, words", [
    ({"activity": 1, "note": 1}, "id: Field required"),
    ({"id": "x", "activity": 1}, "note: Field required"),
    ({"id": "x", "activity": 1, "note": 1.5}, "note: Input should be a valid integer"),
    ({"id": "x", "activity": 1, "note": 10**30}, "takes no dots"),
    ({"id": "x", "activity": 99999, "note": 1}, "there is no activity 99999"),
])
def test_malformed_dots_are_refused(connect, code, payload, words):  # noqa: F811
    a, _ = joined(connect, code)
    reply = a.emit("dot.add", payload, callback=True)
    assert reply["ok"] is False and words in reply["error"], reply
