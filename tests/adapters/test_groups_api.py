"""Working groups over HTTP and Socket.IO: the facilitator deals people out and moves them by handle
(never seeing a name), phones learn their group and their handle, a full group refuses a choice."""
from facilitation.web.realtime import socketio

from ..conftest import small_plan


def groups_plan(cap=None, assignment="choose"):
    plan = small_plan()
    plan["stages"][1].update(assignment=assignment)
    for group in plan["stages"][1]["groups"]:
        group["cap"] = cap
    return plan


def start(client, auth, plan):
    code = client.post("/api/sessions", json={"plan": plan}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    return code


def phone(app, code, name):
    c = socketio.test_client(app)
    ack = c.emit("join", {"code": code, "name": name}, callback=True)
    assert ack["ok"], ack
    return c, ack


def next_stage(client, auth, code):
    return client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth).get_json()["state"]


def test_the_facilitator_assigns_and_moves_by_handle_and_phones_learn_their_group(app, client, auth):
    code = start(client, auth, groups_plan())
    phones = [phone(app, code, name) for name in ("Amina", "Bram", "Chen")]
    state = next_stage(client, auth, code)
    assert [g["board_url"] for g in state["stage"]["groups"]] == [f"/board/{code}?group=g1", f"/board/{code}?group=g2"]
    for c, _ack in phones:
        c.get_received()
    done = client.post(f"/api/sessions/{code}/groups/assign", json={"how": "balanced"}, headers=auth).get_json()
    assert done["ok"] and done["assigned"] == 3 and sorted(done["sizes"].values()) == [1, 2]
    assert all(g["board_url"] == f"http://192.0.2.10:5000/board/{code}?group={g['key']}" for g in done["groups"]["groups"])
    assert "Amina" not in repr(done) and "Bram" not in repr(done)
    amina = phones[0][0]
    assert {"name": "groups", "args": [{"stage": 1}], "namespace": "/"} in amina.get_received()
    me = amina.emit("me", {}, callback=True)["me"]
    mine, group = me["handles"]["1"], me["groups"]["1"]
    listed = client.get(f"/api/sessions/{code}/groups", headers=auth).get_json()["groups"]
    assert mine in next(g["members"] for g in listed["groups"] if g["key"] == group)
    other = "g2" if group == "g1" else "g1"
    moved = client.post(f"/api/sessions/{code}/groups/move", json={"handle": mine, "group": other}, headers=auth)
    assert moved.status_code == 200 and amina.emit("me", {}, callback=True)["me"]["groups"]["1"] == other
    for body, status in (({"handle": "ZZZZ", "group": "g1"}, 404), ({"handle": mine, "group": "g9"}, 404),
                         ({"handle": mine, "group": other}, 409), ({"handle": 12, "group": "g1"}, 404)):
        refused = client.post(f"/api/sessions/{code}/groups/move", json=body, headers=auth)
        assert refused.status_code == status and not refused.get_json()["ok"], body
    assert client.post(f"/api/sessions/{code}/groups/assign", json={"how": "seating plan"},
                       headers=auth).status_code == 400
    for c, _ack in phones:
        c.disconnect()


def test_groups_need_a_groups_stage(client, auth):
    code = start(client, auth, groups_plan())
    answer = client.get(f"/api/sessions/{code}/groups", headers=auth)
    assert answer.status_code == 400 and "no working groups" in answer.get_json()["error"]


def test_a_full_group_refuses_a_phone_and_every_surface_gets_the_sizes(app, client, auth):
    code = start(client, auth, groups_plan(cap=1))
    next_stage(client, auth, code)
    (first, _), (second, _) = phone(app, code, "A"), phone(app, code, "B")
    assert first.emit("group", {"id": "g-1", "group": "g1"}, callback=True)["ok"]
    refused = second.emit("group", {"id": "g-2", "group": "g1"}, callback=True)
    assert refused == {"ok": False, "error": "that group is full; please choose another"}
    second.get_received()
    app.extensions["baraza.broadcaster"].flush()
    sizes = [e["args"][0] for e in second.get_received() if e["name"] == "sizes"]
    assert sizes == [{"stage": 1, "groups": {"g1": {"size": 1, "cap": 1}, "g2": {"size": 0, "cap": 1}}}]
    first.disconnect()
    second.disconnect()


def test_a_stage_that_assigns_gives_a_later_joiner_a_group_in_the_join_ack(app, client, auth):
    code = start(client, auth, groups_plan(assignment="random"))
    next_stage(client, auth, code)
    c, ack = phone(app, code, "Late")
    assert ack["me"]["groups"]["1"] in ("g1", "g2") and len(ack["me"]["handles"]["1"]) >= 4
    refused = c.emit("group", {"id": "g-1", "group": "g1"}, callback=True)
    assert not refused["ok"] and "facilitator assigns" in refused["error"]
    c.disconnect()


def test_each_group_has_its_own_timer(client, auth):
    code = start(client, auth, groups_plan())
    next_stage(client, auth, code)
    url = f"/api/sessions/{code}/timer"
    started = client.post(url, json={"action": "start", "group": "g2", "minutes": 10}, headers=auth).get_json()
    assert started["timer"]["duration"] == 600 and started["state"]["stage"]["timers"]["groups"]["g2"]["running"]
    assert client.post(url, json={"action": "start", "group": "nope"}, headers=auth).status_code == 404


def test_a_raised_cap_reaches_every_surface_and_lets_a_refused_phone_in(app, client, auth):
    code = start(client, auth, groups_plan(cap=1))
    next_stage(client, auth, code)
    (first, _), (second, _) = phone(app, code, "A"), phone(app, code, "B")
    board = socketio.test_client(app)
    assert board.emit("board.join", {"code": code}, callback=True)["ok"]
    assert first.emit("group", {"id": "g-1", "group": "g1"}, callback=True)["ok"]
    assert not second.emit("group", {"id": "g-2", "group": "g1"}, callback=True)["ok"]
    second.get_received(), board.get_received()
    raised = client.put(f"/api/sessions/{code}/plan/stages/1/groups/g1/cap", json={"cap": 2}, headers=auth)
    assert raised.status_code == 200, raised.get_json()
    done = raised.get_json()
    assert [(g["key"], g["cap"]) for g in done["plan"]["stages"][1]["groups"]] == [("g1", 2), ("g2", 1)]
    assert [(g["size"], g["cap"]) for g in done["state"]["stage"]["groups"]] == [(1, 2), (0, 1)]
    for surface in (second, board):  # the phones' chooser and the boards show the new places at once
        states = [e["args"][0] for e in surface.get_received() if e["name"] == "state"]
        assert [(g["size"], g["cap"]) for g in states[-1]["stage"]["groups"]] == [(1, 2), (0, 1)]
    assert second.emit("group", {"id": "g-3", "group": "g1"}, callback=True)["ok"]
    listed = client.get(f"/api/sessions/{code}/groups", headers=auth).get_json()["groups"]
    assert [(g["cap"], len(g["members"])) for g in listed["groups"]] == [(2, 2), (1, 0)]
    for c in (first, second, board):
        c.disconnect()


def test_switching_the_current_stage_to_dealing_out_tells_the_phones_and_deals_nobody_out(app, client, auth):
    code = start(client, auth, groups_plan())
    next_stage(client, auth, code)
    waiting, _ = phone(app, code, "A")
    waiting.get_received()
    switched = client.put(f"/api/sessions/{code}/plan/stages/1/assignment", json={"assignment": "random"},
                          headers=auth).get_json()
    assert switched["ok"] and switched["state"]["stage"]["assignment"] == "random"
    assert switched["plan"]["stages"][1]["assignment"] == "random"
    states = [e["args"][0] for e in waiting.get_received() if e["name"] == "state"]
    assert states[-1]["stage"]["assignment"] == "random"  # the phone stops offering the groups
    assert waiting.emit("me", {}, callback=True)["me"]["groups"].get("1") is None  # nobody dealt out silently
    assert client.get(f"/api/sessions/{code}/groups", headers=auth).get_json()["groups"]["without_group"] == 1
    assert client.post(f"/api/sessions/{code}/groups/assign", json={"how": "random"}, headers=auth).get_json()["assigned"] == 1
    waiting.disconnect()
