"""The partos-meetup plan end to end on the real server (eventlet and gevent): 40 phones declare
segments, vote in the plenary, choose or are dealt into four working groups (one moved by handle),
write on their group's board; group A's host runs its poll and promotes to the plenary; group D runs
the Power Awareness Tool; the report-back shows the promoted items and the room dot-votes across
groups; the session record is checked against what the phones and the API were told."""
from collections import Counter
from pathlib import Path

import pytest
import requests
import yaml

from .test_wire import Board, join

pytestmark = pytest.mark.live

PHONES = 40
PLAN = Path(__file__).resolve().parents[2] / "sessions" / "partos-meetup.yaml"
SEGMENTS = ["Northern partner", "Southern partner", "Other"]
DECISIONS = ["Setting advocacy priorities", "Allocating the budget", "Choosing which evidence counts"]


def _stage(server, code, action="next"):
    moved = server.api("POST", f"/api/sessions/{code}/stage", json={"action": action})
    assert moved["ok"], moved
    return moved["state"]


def _control(server, code, activity, action):
    done = server.api("POST", f"/api/sessions/{code}/activities/{activity}", json={"action": action})
    assert done["ok"], done


def _as_host(server, secret, method, path, **kw):
    """A request with a group host link's secret instead of the facilitator's token."""
    response = requests.request(method, server.url + path, headers={"Authorization": f"Bearer {secret}"},
                                timeout=10, **kw)
    return response.status_code, response.json()


def test_the_partos_meetup_from_plenary_to_report_back(start_server, async_mode):
    server = start_server(async_mode)
    code = server.create(yaml.safe_load(PLAN.read_text(encoding="utf-8")))  # created and on its first stage
    board = Board(server, code)
    phones, acks = zip(*[join(server, code) for _ in range(PHONES)])

    # Segments: most phones say which partner they are, two say "Other", the rest prefer not to say.
    names = acks[0]["state"]["segments"]
    declared = {i: names[i % 2] if i < 30 else (names[2] if i < 32 else None) for i in range(PHONES)}
    for i, phone in enumerate(phones):
        ack = phone.call("segment", {"id": f"s{i}", "segment": declared[i]}, timeout=10)
        assert ack["ok"] and ack["segment"] == declared[i], ack

    # Plenary: the warm-up poll.
    warmup = acks[0]["state"]["stage"]["activities"][0]["id"]
    votes = Counter()
    for i, phone in enumerate(phones):
        ack = phone.call("vote", {"id": f"w{i}", "activity": warmup, "choices": [i % 4]}, timeout=10)
        assert ack["ok"], ack
        votes[i % 4] += 1
    board.wait_for(warmup, lambda s: s["responses"] == PHONES)

    # Working groups: 36 phones choose (nine to a group); the facilitator deals out the other four,
    # balanced across segments, and moves one person by their anonymous handle and back again.
    state = _stage(server, code)
    stage = state["stage"]
    keys = [g["key"] for g in stage["groups"]]
    assert len(keys) == 4
    boards = {a["group"]: a["id"] for a in stage["activities"] if a["kind"] == "board"}
    member = {}
    for i, phone in enumerate(phones[:36]):
        ack = phone.call("group", {"id": f"g{i}", "group": keys[i % 4]}, timeout=10)
        assert ack["ok"], ack
        member[i] = keys[i % 4]
    dealt = server.api("POST", f"/api/sessions/{code}/groups/assign", json={"how": "balanced"})
    assert dealt["ok"] and dealt["assigned"] == 4 and set(dealt["sizes"].values()) == {PHONES // 4}, dealt
    for i, phone in enumerate(phones[36:], start=36):
        me = phone.call("me", {}, timeout=10)["me"]
        member[i] = me["groups"][str(stage["position"])]
        assert me["handles"][str(stage["position"])]
    assert Counter(member.values()) == {key: PHONES // 4 for key in keys}
    listed = server.api("GET", f"/api/sessions/{code}/groups")["groups"]
    handle = listed["groups"][0]["members"][0]
    assert not any(name in str(listed) for name in ("display_name", "token"))
    moved = server.api("POST", f"/api/sessions/{code}/groups/move", json={"handle": handle, "group": keys[1]})
    assert moved["ok"] and moved["sizes"][keys[0]] == PHONES // 4 - 1, moved
    back = server.api("POST", f"/api/sessions/{code}/groups/move", json={"handle": handle, "group": keys[0]})
    assert back["ok"] and back["sizes"][keys[0]] == PHONES // 4, back

    # Everyone writes on their own group's board (a board refuses others' notes).
    notes, note_ids = Counter(), {}
    for i, phone in enumerate(phones):
        group = member[i]
        if group != keys[3]:
            ack = phone.call("note", {"id": f"n{i}", "activity": boards[group], "column": i % 2,
                                      "text": f"challenge {i}"}, timeout=10)
            assert ack["ok"], ack
            notes[group] += 1
            note_ids[i] = ack["note"]
            other = keys[(keys.index(group) + 1) % 3]
            refused = phone.call("note", {"id": f"x{i}", "activity": boards[other], "column": 0, "text": "not mine"},
                                 timeout=10)
            assert refused["ok"] is False, "a group's board takes notes from its members only"
        else:  # the PAT group lists its decisions on its board
            ack = phone.call("note", {"id": f"n{i}", "activity": boards[group], "column": 0,
                                      "text": DECISIONS[i % len(DECISIONS)]}, timeout=10)
            assert ack["ok"], ack
    for group in keys[:3]:
        board.wait_for(boards[group], lambda s, g=group: s["responses"] == notes[g])

    # The Power Awareness Tool in group D: decisions from its board, private scores, the group's table.
    tool = next(a for a in stage["activities"] if a["group"] == keys[3] and a["kind"] == "pat")
    pat_url = f"/api/sessions/{code}/activities/{tool['id']}/pat"
    decisions = server.api("POST", pat_url, json={"action": "from_board"})["results"]["decisions"]
    assert sorted(decisions) == sorted(DECISIONS)
    assert server.api("POST", pat_url, json={"action": "phase", "phase": "scoring"})["ok"]
    scored = Counter()
    for i, phone in enumerate(phones):
        level = i % 5
        ack = phone.call("score", {"id": f"p{i}", "activity": tool["id"], "decision": 0, "organisation": 1,
                                   "level": level}, timeout=10)
        assert ack["ok"] is (member[i] == keys[3]), ack  # only the PAT group's members score
        if ack["ok"]:
            scored[level] += 1
    board.wait_for(tool["id"], lambda s: s["responses"] == PHONES // 4)
    assert server.api("POST", pat_url, json={"action": "phase", "phase": "agreeing"})["ok"]
    assert server.api("POST", pat_url, json={"action": "assess", "decision": 0, "organisation": 1, "actual": 1,
                                             "agree": False, "desired": 3})["ok"]
    assert server.api("POST", pat_url, json={"action": "add_action", "decision": 0, "organisation": 1,
                                             "text": "Co-write the advocacy plan", "owner": "Southern partner",
                                             "by": "2027-03"})["ok"]
    assert server.api("POST", pat_url, json={"action": "phase", "phase": "result"})["ok"]

    # Group A's host link: the host runs its group's poll and promotes what goes to the plenary, and
    # can do neither for another group.
    made = server.api("POST", f"/api/sessions/{code}/hosts", json={"stage": stage["position"], "group": keys[0]})
    secret = made["url"].rsplit("key=", 1)[1]
    polls = {a["group"]: a["id"] for a in stage["activities"] if a["kind"] == "poll"}
    status, opened = _as_host(server, secret, "POST", f"/api/sessions/{code}/activities/{polls[keys[0]]}",
                              json={"action": "open"})
    assert status == 200 and opened["ok"], opened
    status, _ = _as_host(server, secret, "POST", f"/api/sessions/{code}/activities/{polls[keys[1]]}",
                         json={"action": "open"})
    assert status == 403
    chosen = Counter()
    for i, phone in enumerate(phones):
        ack = phone.call("vote", {"id": f"gp{i}", "activity": polls[keys[0]], "choices": [i % 3]}, timeout=10)
        assert ack["ok"] is (member[i] == keys[0]), ack
        if ack["ok"]:
            chosen[i % 3] += 1
    board.wait_for(polls[keys[0]], lambda s: s["responses"] == PHONES // 4)
    a_notes = [note_ids[i] for i in sorted(note_ids) if member[i] == keys[0]][:2]
    for kind, ref in [("note", a_notes[0]), ("note", a_notes[1]), ("activity", polls[keys[0]])]:
        status, done = _as_host(server, secret, "POST", f"/api/sessions/{code}/promotions", json={"kind": kind, "id": ref})
        assert status == 201, done
    b_note = next(note_ids[i] for i in sorted(note_ids) if member[i] == keys[1])
    status, _ = _as_host(server, secret, "POST", f"/api/sessions/{code}/promotions", json={"kind": "note", "id": b_note})
    assert status == 403
    for group in keys[1:3]:  # the facilitator promotes one note of each other group
        ref = next(note_ids[i] for i in sorted(note_ids) if member[i] == group)
        assert server.api("POST", f"/api/sessions/{code}/promotions", json={"kind": "note", "id": ref})["ok"]

    # Report-back: what the groups promoted, one group at a time, then a cross-group vote on all of it.
    state = _stage(server, code)
    assert state["stage"]["kind"] == "report-back"
    report = state["stage"]["report"]
    items = [item for group in report["groups"] for item in group["items"]]
    assert [len(g["items"]) for g in report["groups"]] == [3, 1, 1, 0]
    shown = server.api("POST", f"/api/sessions/{code}/stages/{state['stage']['position']}/report", json={"group": keys[0]})
    assert shown["ok"] and shown["showing"] == keys[0]
    vote = next(a["id"] for a in state["stage"]["activities"] if a["kind"] == "crossvote")
    dotted = Counter()
    for i, phone in enumerate(phones):
        for k in range(3):
            item = items[(i + k) % len(items)]["id"]
            ack = phone.call("crossvote.add", {"id": f"c{i}-{k}", "activity": vote, "item": item}, timeout=10)
            assert ack["ok"], ack
            dotted[item] += 1
        over = phone.call("crossvote.add", {"id": f"c{i}-over", "activity": vote, "item": items[(i + 3) % len(items)]["id"]},
                          timeout=10)
        assert over["ok"] is False
    board.wait_for(vote, lambda s: s["results"]["dots"] == 3 * PHONES)
    assert server.api("POST", f"/api/sessions/{code}/takeaways", json={"text": "Awareness of power imbalances is a first step"})["ok"]

    record = server.api("GET", f"/api/sessions/{code}/export?format=json")
    assert record["session"]["participants"] == PHONES
    plenary, groups_stage, report_back = record["stages"][:3]
    assert plenary["activities"][0]["results"]["counts"] == [votes[c] for c in range(4)]
    # per segment, with k: the two partners shown with their own votes, "Other" (2 people) by name only
    assert record["segments"] == {"names": names, "k": 3}
    part, = plenary["activities"][0]["by_segment"]["parts"]
    assert part["total"]["respondents"] == PHONES
    for s, name in zip(part["segments"][:2], names):
        assert s["respondents"] == 15 and s["result"]["counts"] == [
            sum(1 for i, d in declared.items() if d == name and i % 4 == c) for c in range(4)]
    assert part["segments"][2] == {"name": names[2], "hidden": True}
    assert [g["participants"] for g in groups_stage["groups"]] == [PHONES // 4] * 4
    for group in keys[:3]:
        written = next(a for a in groups_stage["activities"] if a["group"] == group and a["kind"] == "board")
        assert sorted(n["text"] for n in written["results"]["notes"]) == sorted(
            f"challenge {i}" for i, g in member.items() if g == group)
    group_poll = next(a for a in groups_stage["activities"] if a["group"] == keys[0] and a["kind"] == "poll")
    assert group_poll["results"]["counts"][:3] == [chosen[c] for c in range(3)]
    promoted = groups_stage["promoted"]
    assert [(p["group"], p["kind"]) for p in promoted] == [(keys[0], "note"), (keys[0], "note"), (keys[0], "activity"),
                                                           (keys[1], "note"), (keys[2], "note")]
    crossvote = next(a for a in report_back["activities"] if a["kind"] == "crossvote")
    by_label = {(items[n]["group"], items[n]["label"]): dotted[items[n]["id"]] for n in range(len(items))}
    assert {(r["group"], r["label"]): r["dots"] for r in crossvote["results"]["items"]} == by_label
    assert crossvote["results"]["voters"] == PHONES and crossvote["results"]["dots"] == 3 * PHONES
    assert [t["text"] for t in record["takeaways"]] == ["Awareness of power imbalances is a first step"]
    pat = next(a for a in groups_stage["activities"] if a["kind"] == "pat")
    assert pat["group"] == keys[3] and pat["results"]["phase"] == "result"
    assert pat["results"]["scores"][0][1]["total"]["result"]["counts"] == [scored[level] for level in range(5)]
    cell = pat["results"]["table"]["rows"][0]["cells"][1]
    assert (cell["actual"], cell["desired"], cell["gap"], cell["actions"][0]["owner"]) == (1, 3, 2, "Southern partner")
    for c in [board.client, *phones]:
        c.disconnect()
