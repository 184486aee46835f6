"""Promotion to the plenary, the report-back board and the cross-group vote against a real database."""
import pytest

from facilitation.domain.errors import Conflict, DomainError, Forbidden, NotFound
from facilitation.domain.plan import parse_plan
from facilitation.services import archive, clusters, crossvote, promotions, record, sessions
from facilitation.services import participation as p

from ..conftest import small_plan


def reportback_plan():
    plan = small_plan()
    plan["stages"][1]["groups"][0]["activities"].append({"kind": "poll", "title": "Red pick", "options": ["A", "B"]})
    plan["stages"][2]["activities"].append({"kind": "crossvote", "title": "What matters most?", "dots": 2})
    return parse_plan(plan)


def stage_activities(store, code):
    return sessions.read_state(store, code)["stage"]["activities"]


@pytest.fixture
def groups(store):
    """A session in its groups stage, with a note in each group and a vote in Red's poll."""
    code = sessions.create_session(store, reportback_plan())
    sessions.move_stage(store, code, "goto", 1)
    red_board, red_poll, blue_board = [a["id"] for a in stage_activities(store, code)]
    amina, kofi = p.join(store, code), p.join(store, code)
    p.choose_group(store, amina, "g1", "g1")
    p.choose_group(store, kofi, "g2", "g2")
    notes = {"trust": p.post_note(store, amina, "n1", red_board, 0, "Trust takes time")["note"],
             "fund": p.post_note(store, amina, "n2", red_board, 0, "Core funding")["note"],
             "blue": p.post_note(store, kofi, "n3", blue_board, 0, "Shared agenda")["note"]}
    p.vote(store, amina, "v1", red_poll, [1])
    cluster = clusters.add(store, code, red_board, "Money")["clusters"][0]["id"]
    clusters.place(store, code, red_board, notes["fund"], cluster)
    return {"code": code, "red_board": red_board, "red_poll": red_poll, "blue_board": blue_board,
            "notes": notes, "cluster": cluster, "people": (amina, kofi)}


def test_promoted_notes_clusters_and_results_show_on_the_report_back_under_their_group(store, groups):
    code, n = groups["code"], groups["notes"]
    promotions.promote(store, code, "note", n["trust"])
    promotions.promote(store, code, "cluster", groups["cluster"])
    promotions.promote(store, code, "activity", groups["red_poll"])
    done = promotions.promote(store, code, "note", n["blue"])
    assert promotions.promote(store, code, "note", n["blue"]) == done  # again: nothing changes
    state = sessions.read_state(store, code)
    assert [(x["group"], x["kind"]) for x in state["stage"]["promoted"]] == [
        ("g1", "note"), ("g1", "cluster"), ("g1", "activity"), ("g2", "note")]
    sessions.move_stage(store, code, "next")
    report = sessions.read_state(store, code)["stage"]["report"]
    assert report["stage"] == 1 and report["showing"] is None
    red, blue = report["groups"]
    assert (red["name"], blue["name"]) == ("Red", "Blue")
    assert [i["label"] for i in red["items"]] == ["Trust takes time", "Money", "Red pick"]
    assert red["items"][0]["column"] == "Notes" and red["items"][1]["notes"] == ["Core funding"]
    assert red["items"][2]["results"]["counts"] == [0, 1]
    assert [i["label"] for i in blue["items"]] == ["Shared agenda"]


def test_only_a_groups_items_are_promoted_and_only_this_sessions(store, groups, plan):
    code = groups["code"]
    with pytest.raises(DomainError, match="cannot be promoted"):
        promotions.promote(store, code, "activity", groups["red_board"])
    other = sessions.create_session(store, plan)
    with pytest.raises(NotFound):
        promotions.promote(store, other, "note", groups["notes"]["trust"])
    sessions.move_stage(store, other, "next")
    plenary_board = [a for a in stage_activities(store, other) if a["kind"] == "board"][0]["id"]
    note = p.post_note(store, p.join(store, other), "n1", plenary_board, 0, "Plenary note")["note"]
    with pytest.raises(DomainError, match="working group"):
        promotions.promote(store, other, "note", note)
    with pytest.raises(Forbidden, match="your own group"):  # what a host of another group will meet
        promotions.promote(store, code, "note", groups["notes"]["trust"], may=lambda _s, g: g == "g2")


def test_unpromote_and_move_keep_each_groups_order(store, groups):
    code, n = groups["code"], groups["notes"]
    ids = [promotions.promote(store, code, "note", n[k])["promoted"][-1]["id"] for k in ("trust", "fund")]
    poll = promotions.promote(store, code, "activity", groups["red_poll"])["promoted"][-1]["id"]
    moved = promotions.move(store, code, poll, 0)["promoted"]
    assert [x["id"] for x in moved] == [poll, *ids]
    left = promotions.unpromote(store, code, ids[0])["promoted"]
    assert [x["id"] for x in left] == [poll, ids[1]]
    with pytest.raises(NotFound):
        promotions.unpromote(store, code, ids[0])


def test_the_report_back_board_switches_between_all_groups_and_one(store, groups):
    code = groups["code"]
    with pytest.raises(NotFound, match="not a report-back"):
        promotions.show(store, code, 1, "g1")
    assert promotions.show(store, code, 2, step="next")["showing"] == "g1"
    assert promotions.show(store, code, 2, step="next")["showing"] == "g2"
    with pytest.raises(DomainError, match="one of g1, g2"):
        promotions.show(store, code, 2, "g7")
    sessions.move_stage(store, code, "next")
    assert sessions.read_state(store, code)["stage"]["report"]["showing"] == "g2"
    promotions.show(store, code, 2, None)
    assert sessions.read_state(store, code)["stage"]["report"]["showing"] is None


def test_cross_group_dots_stay_within_the_budget_on_promoted_items_and_are_counted(store, groups):
    code, n = groups["code"], groups["notes"]
    trust = promotions.promote(store, code, "note", n["trust"])["promoted"][-1]["id"]
    blue = promotions.promote(store, code, "note", n["blue"])["promoted"][-1]["id"]
    sessions.move_stage(store, code, "next")
    vote = [a for a in stage_activities(store, code) if a["kind"] == "crossvote"][0]
    assert (vote["state"], vote["dots"], vote["stacking"]) == ("open", 2, False)
    amina, kofi = groups["people"]
    assert crossvote.add_dot(store, amina, "c1", vote["id"], blue) == {
        "ok": True, "activity": vote["id"], "item": blue, "mine": {blue: 1}, "left": 1}
    with pytest.raises(Conflict, match="one dot per item"):
        crossvote.add_dot(store, amina, "c2", vote["id"], blue)
    with pytest.raises(DomainError, match="no such promoted item"):
        crossvote.add_dot(store, amina, "c3", vote["id"], 2**40)
    crossvote.add_dot(store, amina, "c4", vote["id"], trust)
    with pytest.raises(Conflict, match="all your 2 dots"):
        crossvote.add_dot(store, amina, "c5", vote["id"], trust)
    assert crossvote.add_dot(store, amina, "c4", vote["id"], trust)["duplicate"] is True
    crossvote.add_dot(store, kofi, "c1", vote["id"], blue)
    assert crossvote.remove_dot(store, amina, "c6", vote["id"], trust)["left"] == 1
    with pytest.raises(DomainError, match="no dot on this item"):
        crossvote.remove_dot(store, kofi, "c2", vote["id"], trust)
    result = sessions.read_results(store, code, vote["id"])
    assert result["ranked"] == [blue, trust] and [i["dots"] for i in result["items"]] == [0, 2]
    assert result["voters"] == 2 and result["items"][1]["group_name"] == "Blue"
    assert crossvote.my_part(store, kofi, vote["id"]) == {"activity": vote["id"], "mine": {blue: 1}, "left": 1}


def test_the_record_keeps_promotions_and_the_cross_group_vote_through_export_and_import(store, groups):
    code, n = groups["code"], groups["notes"]
    promotions.promote(store, code, "cluster", groups["cluster"])
    blue = promotions.promote(store, code, "note", n["blue"])["promoted"][-1]["id"]
    promotions.promote(store, code, "activity", groups["red_poll"])
    sessions.move_stage(store, code, "next")
    vote = [a for a in stage_activities(store, code) if a["kind"] == "crossvote"][0]["id"]
    amina, kofi = groups["people"]
    crossvote.add_dot(store, amina, "c1", vote, blue)
    crossvote.add_dot(store, kofi, "c1", vote, blue)
    first = record.session_record(store, code)
    promoted = first["stages"][1]["promoted"]
    assert [(x["group"], x["kind"], x["label"]) for x in promoted] == [
        ("g1", "cluster", "Money"), ("g1", "activity", "Red pick"), ("g2", "note", "Shared agenda")]
    entry = [a for a in first["stages"][2]["activities"] if a["kind"] == "crossvote"][0]
    assert entry["results"]["items"][0] == {"item": 2, "group": "g2", "group_name": "Blue", "kind": "note",
                                            "label": "Shared agenda", "dots": 2}
    assert entry["ballots"] == [[2], [2]]
    record.check_record(first)
    archive.delete_session(store, code)
    again = archive.import_record(store, first)
    assert record.session_record(store, again) == first
