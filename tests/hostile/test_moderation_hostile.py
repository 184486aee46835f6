"""Moderation against a participant: no phone can approve, hide or set its own item's status, and what waits
or is hidden never reaches another phone or the board (not even blurred: only counts)."""
import json

from ..conftest import TOKEN


def joined(connect, code):
    phone = connect()
    ack = phone.emit("join", {"code": code}, callback=True)
    assert ack["ok"], ack
    return phone, ack


def everything(client) -> list:
    return [e for e in client.get_received()]


def test_a_phone_cannot_give_its_own_item_a_status(running, connect, client, auth):
    code = running["plenary"]
    client.post(f"/api/sessions/{code}/activities/{running['board']}/options", json={"moderate": True}, headers=auth)
    client.post(f"/api/sessions/{code}/activities/{running['cloud']}/options", json={"moderate": True}, headers=auth)
    phone, _ack = joined(connect, code)
    for event, payload in (("note", {"id": "n1", "activity": running["board"], "text": "x", "status": "shown"}),
                           ("answers", {"id": "a1", "activity": running["cloud"], "answers": ["x"],
                                        "statuses": ["shown"]})):
        ack = phone.emit(event, payload, callback=True)
        assert ack["ok"] is False and "Extra inputs are not permitted" in ack["error"], ack
    assert phone.emit("note", {"id": "n2", "activity": running["board"], "text": "x"}, callback=True)["status"] == "pending"
    assert phone.emit("answers", {"id": "a2", "activity": running["cloud"], "answers": ["x"]},
                      callback=True)["statuses"] == ["pending"]
    # Resending the same action id does not change the status either.
    again = phone.emit("note", {"id": "n2", "activity": running["board"], "text": "x"}, callback=True)
    assert again["status"] == "pending" and again["duplicate"] is True
    assert client.get(f"/api/sessions/{code}/activities/{running['board']}/results",
                      headers=auth).get_json()["results"]["count"] == 0


def test_the_facilitator_routes_refuse_a_participant_token(running, connect, client, auth):
    code = running["plenary"]
    phone, ack = joined(connect, code)
    note = phone.emit("note", {"id": "n1", "activity": running["board"], "text": "kept"}, callback=True)["note"]
    base = f"/api/sessions/{code}"
    attempts = [("POST", f"{base}/activities/{running['board']}/moderation", {"action": "hide", "item": note}),
                ("GET", f"{base}/activities/{running['board']}/moderation", None),
                ("POST", f"{base}/activities/{running['board']}/options", {"moderate": True}),
                ("GET", f"{base}/word-filter", None), ("PUT", f"{base}/word-filter", {"enabled": True})]
    for method, url, body in attempts:
        for headers in ({}, {"Authorization": f"Bearer {ack['token']}"}, {"Authorization": f"Bearer {TOKEN}x"}):
            refused = client.open(url, method=method, headers=headers, data=json.dumps(body) if body else None,
                                  content_type="application/json")
            assert refused.status_code == 401, (url, refused.status_code)
    results = client.get(f"{base}/activities/{running['board']}/results", headers=auth).get_json()["results"]
    assert [n["text"] for n in results["notes"]] == ["kept"]
    assert client.get(f"{base}/word-filter", headers=auth).get_json()["word_filter"]["enabled"] is False
    state = client.get(base, headers=auth).get_json()["state"]
    assert next(a for a in state["stage"]["activities"] if a["id"] == running["board"])["moderate"] is False


def test_what_waits_or_is_hidden_reaches_no_other_phone_and_no_board(app, running, connect, client, auth):
    code = running["plenary"]
    base = f"/api/sessions/{code}"
    client.post(f"{base}/activities/{running['board']}/options", json={"moderate": True, "blur": True}, headers=auth)
    client.post(f"{base}/activities/{running['cloud']}/options", json={"moderate": True}, headers=auth)
    board = connect()
    board.emit("board.join", {"code": code}, callback=True)
    author, _ = joined(connect, code)
    other, _ = joined(connect, code)
    author.emit("note", {"id": "n1", "activity": running["board"], "text": "SECRET-NOTE"}, callback=True)
    shown = author.emit("note", {"id": "n2", "activity": running["board"], "text": "SECRET-HIDDEN"}, callback=True)
    author.emit("answers", {"id": "a1", "activity": running["cloud"], "answers": ["SECRET-WORD"]}, callback=True)
    client.post(f"{base}/activities/{running['board']}/moderation", json={"action": "approve", "item": shown["note"]},
                headers=auth)
    client.post(f"{base}/activities/{running['board']}/moderation", json={"action": "hide", "item": shown["note"]},
                headers=auth)
    # The board is revealed: the other phone may ask for the notes, and gets none of them.
    app.extensions["baraza.broadcaster"].flush()
    fetched = other.emit("results.get", {"activity": running["board"]}, callback=True)
    assert fetched["ok"] and fetched["results"]["notes"] == []
    cloud = other.emit("results.get", {"activity": running["cloud"]}, callback=True)
    assert cloud["results"]["words"] == []
    seen = json.dumps(everything(other)) + json.dumps(everything(board)) + json.dumps(fetched) + json.dumps(cloud)
    assert "SECRET" not in seen
    moderated = [e for e in everything(author) if e["name"] == "moderated"]
    assert "SECRET" not in json.dumps(moderated)
    # Hidden from the room (blurred): the board gets per-column counts only, never a text.
    client.post(f"{base}/activities/{running['board']}/moderation", json={"action": "restore", "item": shown["note"]},
                headers=auth)
    client.post(f"{base}/activities/{running['board']}", json={"action": "hide"}, headers=auth)
    app.extensions["baraza.broadcaster"].flush()
    events = [e["args"][0] for e in everything(board) if e["name"] == "results" and e["args"][0]["activity"] == running["board"]]
    assert events[-1] == {"activity": running["board"], "visible": False, "responses": 1,
                          "blurred": {"columns": ["Challenges", "Solutions"], "counts": [1, 0]}}
    assert "SECRET" not in json.dumps(events)
