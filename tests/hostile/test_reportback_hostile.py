"""Hostile use of promotion and the cross-group vote: dots on items that are not (or no longer)
promoted, another session's items, over the budget; promoting another session's note."""
import sqlalchemy as sa

from facilitation.store import schema

from ..conftest import small_plan
from .conftest import facilitator_header


def session_with_promotion(client, connect):
    """A session in its report-back with one promoted note, and a phone that joined it."""
    auth = facilitator_header()
    plan = small_plan()
    plan["stages"][2]["activities"] = [{"kind": "crossvote", "title": "Vote", "dots": 1}]
    code = client.post("/api/sessions", json={"plan": plan}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "goto", "position": 1}, headers=auth)
    phone = connect()
    ack = phone.emit("join", {"code": code}, callback=True)
    assert phone.emit("group", {"id": "g", "group": "g1"}, callback=True)["ok"]
    board = ack["state"]["stage"]["activities"][0]["id"]
    notes = [phone.emit("note", {"id": f"n{n}", "activity": board, "text": text}, callback=True)["note"]
             for n, text in enumerate(("Trust", "Time"))]
    promoted = client.post(f"/api/sessions/{code}/promotions", json={"kind": "note", "id": notes[0]},
                           headers=auth).get_json()["promoted"][0]["id"]
    state = client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth).get_json()["state"]
    return {"code": code, "phone": phone, "notes": notes, "promoted": promoted, "vote": state["stage"]["activities"][0]["id"],
            "board": board}


def dots_stored(app) -> int:
    with app.extensions["baraza.store"].transaction() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.crossvote_dots)).scalar()


def test_dots_go_only_on_this_reports_promoted_items_and_within_the_budget(app, client, connect):
    one, other = session_with_promotion(client, connect), session_with_promotion(client, connect)
    phone, vote = one["phone"], one["vote"]
    for n, item in enumerate((other["promoted"], one["notes"][1], 0, -1, 2**31, 2**63)):
        refused = phone.emit("crossvote.add", {"id": f"x{n}", "activity": vote, "item": item}, callback=True)
        assert refused["ok"] is False, item
    for n, payload in enumerate(({"item": "1"}, {"item": 1.5}, {"item": None}, {"item": [1]}, {"item": 1, "extra": 1})):
        assert phone.emit("crossvote.add", {"id": f"t{n}", "activity": vote, **payload}, callback=True)["ok"] is False
    # Another session's vote, and a board that is no cross-group vote.
    assert phone.emit("crossvote.add", {"id": "o1", "activity": other["vote"], "item": other["promoted"]},
                      callback=True)["ok"] is False
    assert phone.emit("crossvote.add", {"id": "o2", "activity": one["board"], "item": one["promoted"]},
                      callback=True)["ok"] is False
    assert dots_stored(app) == 0
    assert phone.emit("crossvote.add", {"id": "ok", "activity": vote, "item": one["promoted"]}, callback=True)["ok"]
    over = phone.emit("crossvote.add", {"id": "over", "activity": vote, "item": one["promoted"]}, callback=True)
    assert over == {"ok": False, "error": "you have used all your 1 dots; take one back to move it"}
    assert dots_stored(app) == 1
    # Taken back from the plenary: the item and its dots are gone, and it takes no new ones.
    client.delete(f"/api/sessions/{one['code']}/promotions/{one['promoted']}", headers=facilitator_header())
    assert dots_stored(app) == 0
    assert phone.emit("crossvote.add", {"id": "gone", "activity": vote, "item": one["promoted"]}, callback=True)["ok"] is False


def test_the_facilitator_cannot_promote_another_sessions_items_by_their_ids(app, client, connect):
    one, other = session_with_promotion(client, connect), session_with_promotion(client, connect)
    base = f"/api/sessions/{one['code']}/promotions"
    auth = facilitator_header()
    for body in ({"kind": "note", "id": other["notes"][1]}, {"kind": "activity", "id": other["board"]},
                 {"kind": "cluster", "id": 1}, {"kind": "note", "id": "1"}, {"kind": ["note"], "id": 1}, {}):
        answer = client.post(base, json=body, headers=auth)
        assert answer.status_code in (400, 404) and answer.get_json()["ok"] is False, body
    assert client.delete(f"{base}/{other['promoted']}", headers=auth).status_code == 404
    assert client.post(f"{base}/{other['promoted']}/move", json={"position": 0}, headers=auth).status_code == 404
    with app.extensions["baraza.store"].transaction() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.promotions)).scalar() == 2
