"""The Power Awareness Tool against a real database, on SQLite and on PostgreSQL: decisions from a
board, private scores with the perception gap, the group's table, the record and the archive."""
import pytest
import sqlalchemy as sa

from facilitation.domain.errors import Conflict, DomainError, NotFound
from facilitation.domain.plan import parse_plan
from facilitation.services import archive, clusters, dots, pat, record, sessions
from facilitation.services import participation as p
from facilitation.store.schema import participants, pat_assessments

SEGMENTS = ["Northern partner", "Southern partner", "Other"]
ORGS = ["Northern NGO", "Southern partner", "Donor"]


def pat_plan(**pat_settings) -> dict:
    return {"title": "PAT", "segments": SEGMENTS, "hide_segments_below": 3, "stages": [
        {"kind": "plenary", "title": "Power", "minutes": 30, "activities": [
            {"kind": "board", "title": "Which decisions matter?", "dots": 5},
            {"kind": "pat", "title": "Who decides what?", "organisations": ORGS,
             "gap": ["Southern partner", "Northern partner"], **pat_settings}]}]}


@pytest.fixture
def code(store):
    code = sessions.create_session(store, parse_plan(pat_plan()))
    sessions.move_stage(store, code, "next")
    return code


def ids(store, code):
    listed = sessions.read_state(store, code)["stage"]["activities"]
    return next(a["id"] for a in listed if a["kind"] == "board"), next(a["id"] for a in listed if a["kind"] == "pat")


def phone(store, code, segment=None):
    who = p.join(store, code)
    with store.transaction() as conn:  # the segment a participant declared (declared on the phone elsewhere)
        conn.execute(participants.update().where(participants.c.id == who["participant_id"]).values(segment=segment))
    return who


def act(store, code, activity, **body):
    return pat.facilitate(store, code, activity, body)


def scoring(store, code, decisions=("Setting advocacy priorities", "Allocating the budget")):
    _board, activity = ids(store, code)
    act(store, code, activity, action="decisions", decisions=list(decisions))
    act(store, code, activity, action="phase", phase="scoring")
    return activity


def test_the_decisions_come_from_the_board_top_notes_by_dots(store, code):
    board, activity = ids(store, code)
    people = [phone(store, code) for _ in range(3)]
    notes = {}
    for n, text in enumerate(["Allocating the budget", "Hiring staff", "Setting advocacy priorities"]):
        notes[text] = p.post_note(store, people[n], f"n{n}", board, 0, text)["note"]
    dots.set_phase(store, code, board, "vote", None, None)
    for n, who in enumerate(people):
        dots.add_dot(store, who, f"d{n}", board, notes["Setting advocacy priorities"])
    dots.add_dot(store, people[0], "d9", board, notes["Allocating the budget"])
    got = act(store, code, activity, action="from_board")
    assert got["decisions"] == ["Setting advocacy priorities", "Allocating the budget", "Hiring staff"]


def test_a_board_with_clusters_gives_its_clusters_as_decisions(store, code):
    board, activity = ids(store, code)
    who = phone(store, code)
    note = p.post_note(store, who, "n1", board, 0, "who sets the budget lines")["note"]
    view = clusters.add(store, code, board, "Allocating the budget")
    clusters.add(store, code, board, "Choosing evidence")
    clusters.place(store, code, board, note, view["clusters"][0]["id"])
    assert act(store, code, activity, action="from_board")["decisions"] == ["Allocating the budget", "Choosing evidence"]


def test_decisions_are_checked_and_fixed_once_people_score(store, code):
    _board, activity = ids(store, code)
    for bad, words in [([], "1 to 5"), (["a"] * 6, "1 to 5"), (["Budget", "budget"], "different"), ([""], "1 to 200"),
                       ("Budget", "1 to 5")]:
        with pytest.raises(DomainError, match=words):
            act(store, code, activity, action="decisions", decisions=bad)
    with pytest.raises(Conflict, match="decisions first"):
        act(store, code, activity, action="phase", phase="scoring")
    scoring(store, code)
    with pytest.raises(Conflict, match="decisions phase"):
        act(store, code, activity, action="decisions", decisions=["Other"])
    p_ = phone(store, code)
    pat.score(store, p_, "s1", activity, 0, 0, 2)
    act(store, code, activity, action="phase", phase="decisions")
    with pytest.raises(Conflict, match="already scored"):
        act(store, code, activity, action="decisions", decisions=["Other"])


def test_private_scores_show_the_spread_and_the_gap_hiding_small_segments(store, code):
    activity = scoring(store, code)
    south = [phone(store, code, "Southern partner") for _ in range(3)]
    north = [phone(store, code, "Northern partner") for _ in range(3)]
    other = phone(store, code, "Other")  # alone in the segment: hidden
    for n, who in enumerate(south):
        pat.score(store, who, "a", activity, 0, 1, 1)  # the Southern partner's say in the priorities: informed
    for n, who in enumerate(north):
        pat.score(store, who, "a", activity, 0, 1, 3)
    pat.score(store, other, "a", activity, 0, 1, 4)
    pat.score(store, south[0], "b", activity, 0, 1, 2)  # changes her mind: replaces the old score
    got = sessions.read_results(store, code, activity)
    cell = got["scores"][0][1]
    assert cell["total"]["result"]["counts"] == [0, 2, 1, 3, 1] and got["people"] == 7
    shown = {row["name"]: row for row in cell["segments"]}
    assert shown["Other"] == {"name": "Other", "hidden": True}
    # Other's one score would be total minus the shown segments: so a second segment is hidden too.
    assert sum(not row["hidden"] for row in cell["segments"]) <= 1 and cell["gap"]["value"] is None
    pat.score(store, phone(store, code, "Other"), "a", activity, 0, 1, 4)
    pat.score(store, phone(store, code, "Other"), "a", activity, 0, 1, 4)
    cell = sessions.read_results(store, code, activity)["scores"][0][1]
    assert cell["gap"] == {"between": ["Southern partner", "Northern partner"], "value": -1.67, "flagged": True}


def test_a_score_counts_in_the_segment_declared_when_it_was_given(store, code):
    """Declaring a segment after scoring moves no score: the spread per segment stays as it was."""
    activity = scoring(store, code)
    people = [phone(store, code, segment) for segment in ["Southern partner"] * 3 + ["Northern partner"] * 3 + [None] * 3]
    for n, who in enumerate(people):
        pat.score(store, who, "a", activity, 0, 1, n % 5)
    before = sessions.read_results(store, code, activity)["scores"][0][1]
    p.declare_segment(store, people[-1], "s", "Southern partner")
    assert sessions.read_results(store, code, activity)["scores"][0][1] == before
    pat.score(store, people[-1], "b", activity, 0, 1, 0)  # scored again: now in the segment declared
    south = next(r for r in sessions.read_results(store, code, activity)["scores"][0][1]["segments"]
                 if r["name"] == "Southern partner")
    assert south["respondents"] == 4


@pytest.mark.parametrize("decision, organisation, level", [(2, 0, 1), (0, 3, 1), (0, 0, 5), (0, 0, -1), (-1, 0, 0)])
def test_bad_scores_change_nothing(store, code, decision, organisation, level):
    activity = scoring(store, code)
    who = phone(store, code)
    pat.score(store, who, "s1", activity, 0, 0, 2)
    with pytest.raises(DomainError):
        pat.score(store, who, "s2", activity, decision, organisation, level)
    assert sessions.read_results(store, code, activity)["scores"][0][0]["total"]["result"]["counts"] == [0, 0, 1, 0, 0]


def test_phones_score_only_in_the_scoring_phase(store, code):
    _board, activity = ids(store, code)
    who = phone(store, code)
    act(store, code, activity, action="decisions", decisions=["Budget"])
    with pytest.raises(Conflict, match="scoring is not open"):
        pat.score(store, who, "s1", activity, 0, 0, 2)
    act(store, code, activity, action="phase", phase="scoring")
    pat.score(store, who, "s2", activity, 0, 0, 2)
    assert p.participant_view(store, who)["ratings"] == {str(activity): {"0": 2}}  # the phone's own, for itself
    act(store, code, activity, action="phase", phase="agreeing")
    with pytest.raises(Conflict, match="scoring is not open"):
        pat.score(store, who, "s3", activity, 0, 0, 3)


def test_the_group_agrees_the_table_with_desired_levels_and_actions(store, code):
    activity = scoring(store, code)
    with pytest.raises(Conflict, match="agreeing phase"):
        act(store, code, activity, action="assess", decision=0, organisation=1, actual=1)
    act(store, code, activity, action="phase", phase="agreeing")
    act(store, code, activity, action="assess", decision=0, organisation=0, actual=4, agree=False, desired=3)
    act(store, code, activity, action="assess", decision=0, organisation=1, actual=1, agree=False, desired=3)
    act(store, code, activity, action="assess", decision=1, organisation=1, actual=3, agree=True)
    got = act(store, code, activity, action="add_action", decision=0, organisation=1,
              text="  Co-write the advocacy plan ", owner="Southern partner", by="2027-03")
    act(store, code, activity, action="add_action", decision=0, organisation=1, text="Share the budget", owner="Donor")
    got = act(store, code, activity, action="remove_action", decision=0, organisation=1, index=1)
    cell = got["table"]["rows"][0]["cells"][1]
    assert (cell["actual"], cell["agree"], cell["desired"], cell["gap"]) == (1, False, 3, 2)
    assert cell["actions"] == [{"text": "Co-write the advocacy plan", "owner": "Southern partner", "by": "2027-03"}]
    agreed = got["table"]["rows"][1]["cells"][1]
    assert (agreed["actual"], agreed["desired"], agreed["gap"]) == (3, 3, None)
    # Re-recording the cell keeps its actions while the group still disagrees.
    again = act(store, code, activity, action="assess", decision=0, organisation=1, actual=2, agree=False, desired=3)
    assert again["table"]["rows"][0]["cells"][1]["actions"][0]["owner"] == "Southern partner"


@pytest.mark.parametrize("body, error", [
    ({"action": "assess", "decision": 0, "organisation": 0, "actual": 5}, DomainError),
    ({"action": "assess", "decision": 0, "organisation": 0, "actual": 2, "agree": True, "desired": 3}, DomainError),
    ({"action": "assess", "decision": 0, "organisation": 9, "actual": 2}, DomainError),
    ({"action": "assess", "decision": 5, "organisation": 0, "actual": 2}, DomainError),
    ({"action": "add_action", "decision": 0, "organisation": 0, "text": "x", "owner": "Somebody"}, DomainError),
    ({"action": "add_action", "decision": 0, "organisation": 0, "text": "x", "owner": "Donor", "by": "soon"}, DomainError),
    ({"action": "add_action", "decision": 1, "organisation": 0, "text": "x", "owner": "Donor"}, Conflict),
    ({"action": "add_action", "decision": 0, "organisation": 1, "text": "x", "owner": "Donor"}, Conflict),
    ({"action": "remove_action", "decision": 0, "organisation": 0, "index": 3}, NotFound),
    ({"action": "assess", "decision": 0, "organisation": 0, "actual": 2, "agree": True}, Conflict),
    ({"action": "explode"}, DomainError),
    ({"action": "phase", "phase": "later"}, DomainError),
])
def test_bad_facilitator_input_changes_nothing(store, code, body, error):
    activity = scoring(store, code)
    act(store, code, activity, action="phase", phase="agreeing")
    act(store, code, activity, action="assess", decision=0, organisation=0, actual=4, agree=False, desired=2)
    act(store, code, activity, action="add_action", decision=0, organisation=0, text="Ask first", owner="Northern NGO")
    act(store, code, activity, action="assess", decision=1, organisation=0, actual=2, agree=True)
    before = sessions.read_results(store, code, activity)
    with pytest.raises(error):
        pat.facilitate(store, code, activity, body)
    assert sessions.read_results(store, code, activity) == before


def test_a_pat_refuses_what_is_not_a_pat(store, code):
    board, _activity = ids(store, code)
    with pytest.raises(DomainError, match="not a Power Awareness Tool"):
        act(store, code, board, action="phase", phase="scoring")


def run_a_pat(store, code, scores=(("Southern partner", 1),) * 3 + (("Northern partner", 3),) * 3 + (("Other", 2),)):
    """A PAT through its phases: ``scores`` (segment, level) of the Southern partner's say in the first
    decision, one phone each; the group's table; the result."""
    activity = scoring(store, code)
    for segment, level in scores:
        pat.score(store, phone(store, code, segment), "s", activity, 0, 1, level)
    act(store, code, activity, action="phase", phase="agreeing")
    act(store, code, activity, action="assess", decision=0, organisation=1, actual=1, agree=False, desired=3)
    act(store, code, activity, action="add_action", decision=0, organisation=1, text="Co-write the plan",
        owner="Southern partner", by="2027-03-31")
    act(store, code, activity, action="assess", decision=1, organisation=0, actual=3, agree=True)
    act(store, code, activity, action="phase", phase="result")
    return activity


def test_the_record_keeps_distributions_and_the_table_but_no_ones_scores(store, code):
    activity = run_a_pat(store, code)
    rec = record.session_record(store, code)
    record.check_record(rec)
    entry = next(a for a in rec["stages"][0]["activities"] if a["kind"] == "pat")
    assert set(entry) >= {"results", "settings"} and not {"ratings", "answers", "responses"} & set(entry)
    r = entry["results"]
    assert r["phase"] == "result" and r["table"]["rows"][0]["cells"][1]["desired"] == 3
    cell = r["scores"][0][1]
    assert cell["total"]["result"]["counts"] == [0, 3, 1, 3, 0]
    assert {"name": "Other", "hidden": True} in cell["segments"]  # one person: hidden, no numbers


def test_the_archive_brings_a_pat_back_as_recorded(store, code):
    run_a_pat(store, code)
    rec = record.session_record(store, code)
    copy = archive.import_record(store, rec)
    back = next(a for a in record.session_record(store, copy)["stages"][0]["activities"] if a["kind"] == "pat")
    original = next(a for a in rec["stages"][0]["activities"] if a["kind"] == "pat")
    assert back["results"] == original["results"] and back["settings"] == original["settings"]


def test_an_import_with_a_table_that_does_not_fit_is_refused_whole(store, code):
    run_a_pat(store, code)
    rec = record.session_record(store, code)
    entry = next(a for a in rec["stages"][0]["activities"] if a["kind"] == "pat")
    entry["results"]["table"]["rows"][0]["cells"][1]["actions"][0]["owner"] = "Nobody"
    before = len(sessions.list_sessions(store))
    with pytest.raises(DomainError, match="PAT table"):
        archive.import_record(store, rec)
    assert len(sessions.list_sessions(store)) == before


def test_the_database_holds_one_assessment_per_cell(store, code):
    activity = run_a_pat(store, code)
    with pytest.raises(sa.exc.IntegrityError), store.transaction() as conn:
        conn.execute(pat_assessments.insert().values(activity_id=activity, decision=0, organisation=1, actual=2,
                                                     actions=[], updated_at=0.0))
