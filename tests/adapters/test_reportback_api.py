"""Promotion, the report-back board and the cross-group vote over HTTP and Socket.IO."""
from ..conftest import small_plan
from .test_sockets import connect, events, flush, joined  # noqa: F401 - fixtures


def start(client, auth):
    plan = small_plan()
    plan["stages"][2]["activities"] = [{"kind": "crossvote", "title": "What matters most?", "dots": 2}]
    code = client.post("/api/sessions", json={"plan": plan}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "goto", "position": 1}, headers=auth)
    return code


def test_promoting_needs_the_token_and_every_surface_hears_of_it(client, auth, connect, flush):  # noqa: F811
    code = start(client, auth)
    screen = connect()
    screen.emit("board.join", {"code": code}, callback=True)
    phone, ack = joined(connect, code)
    assert phone.emit("group", {"id": "g1", "group": "g1"}, callback=True)["ok"]
    red = ack["state"]["stage"]["activities"][0]["id"]
    note = phone.emit("note", {"id": "n1", "activity": red, "text": "Trust takes time"}, callback=True)["note"]
    base = f"/api/sessions/{code}/promotions"
    for method, path, body in (("post", base, {"kind": "note", "id": note}), ("delete", f"{base}/1", None),
                               ("post", f"{base}/1/move", {"position": 0}),
                               ("post", f"/api/sessions/{code}/stages/2/report", {"group": None})):
        refused = getattr(client, method)(path, json=body, headers={"Authorization": "Bearer wrong"})
        assert refused.status_code == 401 and refused.get_json()["ok"] is False
    assert client.post(base, json={"kind": "note", "id": note}, headers=auth).status_code == 201
    assert client.post(base, json={"kind": "slide", "id": note}, headers=auth).status_code == 400
    assert client.post(base, json={"kind": "note", "id": 2**40}, headers=auth).status_code == 404
    reply = client.post(base, json={"kind": "note", "id": note}, headers=auth).get_json()
    promoted = reply["promoted"][0]["id"]
    assert reply["state"]["stage"]["promoted"] == [{"id": promoted, "group": "g1", "kind": "note", "ref": note}]
    assert [e["stage"]["promoted"] for e in events(screen, "state")][-1][0]["ref"] == note

    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    shown = client.post(f"/api/sessions/{code}/stages/2/report", json={"step": "next"}, headers=auth).get_json()
    assert shown["showing"] == "g1" and shown["state"]["stage"]["report"]["showing"] == "g1"
    assert events(screen, "state")[-1]["stage"]["report"]["groups"][0]["items"][0]["label"] == "Trust takes time"
    assert client.post(f"/api/sessions/{code}/stages/0/report", json={"group": None}, headers=auth).status_code == 404

    vote = shown["state"]["stage"]["activities"][0]["id"]
    added = phone.emit("crossvote.add", {"id": "c1", "activity": vote, "item": promoted}, callback=True)
    assert added == {"ok": True, "activity": vote, "item": promoted, "mine": {str(promoted): 1}, "left": 1}
    assert phone.emit("crossvote.add", {"id": "c2", "activity": vote, "item": promoted}, callback=True)["ok"] is False
    assert phone.emit("crossvote.get", {"activity": vote}, callback=True)["mine"] == {str(promoted): 1}
    assert connect().emit("crossvote.add", {"id": "c3", "activity": vote, "item": promoted}, callback=True) == {
        "ok": False, "error": "join the session first"}
    flush()
    last = [e for e in events(screen, "results") if e["activity"] == vote][-1]
    assert last["results"]["items"][0]["dots"] == 1 and last["responses"] == 1
    removed = phone.emit("crossvote.remove", {"id": "c4", "activity": vote, "item": promoted}, callback=True)
    assert removed["left"] == 2


def test_phones_get_a_promoted_poll_on_the_report_back_without_its_results_per_segment(
        client, auth, connect, flush):  # noqa: F811
    """The board shows a promoted poll per segment; phones are never sent results per segment."""
    plan = small_plan(segments=["North", "South"])
    plan["stages"][1]["groups"][0]["activities"].append({"kind": "poll", "title": "Who decides?", "options": ["We", "They"]})
    code = client.post("/api/sessions", json={"plan": plan}, headers=auth).get_json()["code"]
    state = client.post(f"/api/sessions/{code}/stage", json={"action": "goto", "position": 1},
                        headers=auth).get_json()["state"]
    poll = next(a["id"] for a in state["stage"]["activities"] if a["kind"] == "poll")
    client.post(f"/api/sessions/{code}/activities/{poll}", json={"action": "open"}, headers=auth)
    assert client.post(f"/api/sessions/{code}/activities/{poll}/options", json={"by_segment": True},
                       headers=auth).status_code == 200
    phones = []
    for n in range(3):
        phone, _ack = joined(connect, code)
        assert phone.emit("segment", {"id": "s", "segment": "North"}, callback=True)["ok"]
        assert phone.emit("group", {"id": "g", "group": "g1"}, callback=True)["ok"]
        assert phone.emit("vote", {"id": "v", "activity": poll, "choices": [n % 2]}, callback=True)["ok"]
        phones.append(phone)
    assert client.post(f"/api/sessions/{code}/promotions", json={"kind": "activity", "id": poll},
                       headers=auth).status_code == 201
    screen = connect()
    screen.emit("board.join", {"code": code}, callback=True)
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)

    def promoted(state):
        return state["stage"]["report"]["groups"][0]["items"][0]["results"]

    shown = promoted(events(screen, "state")[-1])["by_segment"]["parts"][0]["segments"]
    assert shown == [{"name": "North", "hidden": False, "respondents": 3, "result": {"counts": [2, 1]}},
                     {"name": "South", "hidden": True}]
    on_phone = promoted(events(phones[0], "state")[-1])
    assert "by_segment" not in on_phone and on_phone["counts"] == [2, 1]
    assert "by_segment" not in promoted(joined(connect, code)[1]["state"])
