"""The rules of editing a running plan: what may change, and the plan each change leaves."""
import pytest

from facilitation.domain import agenda
from facilitation.domain.activity import CLOSED, OPEN, PENDING, Activity
from facilitation.domain.errors import Conflict, DomainError, NotFound
from facilitation.domain.plan import PlanError, parse_plan
from facilitation.domain.session import Stage

from ..conftest import small_plan

POLL = {"kind": "poll", "title": "New poll", "options": ["Yes", "No"]}


@pytest.fixture
def plan():
    return parse_plan(small_plan())


def titles(plan, stage, group=None):
    s = plan.stages[stage]
    return [a.title for a in (s.groups[group].activities if group is not None else s.activities)]


def test_a_new_activity_is_checked_like_one_in_a_plan_file_and_the_error_names_its_field():
    assert agenda.new_activity(POLL).options == ["Yes", "No"]
    with pytest.raises(PlanError, match=r"^activity: options: List should have at least 2 items"):
        agenda.new_activity({"kind": "poll", "title": "One option", "options": ["Only"]})
    with pytest.raises(PlanError, match="activity: max_words"):
        agenda.new_activity({"kind": "wordcloud", "title": "Words", "max_words": 4})
    with pytest.raises(PlanError, match="activity: points"):
        agenda.new_activity({"kind": "points", "title": "P", "options": ["a", "b"], "points": 5})
    with pytest.raises(PlanError, match="activity"):
        agenda.new_activity({"kind": "juggling", "title": "?"})
    with pytest.raises(PlanError, match="must be an object"):
        agenda.new_activity(["poll"])


def test_a_new_stage_is_checked_with_its_groups():
    assert agenda.new_stage({"kind": "plenary", "title": "Extra", "minutes": 5}).title == "Extra"
    with pytest.raises(PlanError, match="stage: .*at least 2 groups"):
        agenda.new_stage({"kind": "groups", "title": "G", "minutes": 5, "groups": [{"name": "Only"}]})
    with pytest.raises(PlanError, match=r"stage: groups\[0\].activities\[0\].options"):
        agenda.new_stage({"kind": "groups", "title": "G", "minutes": 5, "groups": [
            {"name": "A", "activities": [{"kind": "poll", "title": "p", "options": ["x"]}]}, {"name": "B"}]})
    with pytest.raises(PlanError, match="stage: minutes"):
        agenda.new_stage({"kind": "plenary", "title": "Too long", "minutes": 601})


def test_an_activity_goes_where_it_is_asked_to_go(plan):
    added, at = agenda.with_activity(plan, 2, None, agenda.new_activity(POLL))
    assert at == 1 and titles(added, 2) == ["Later", "New poll"]
    first, at = agenda.with_activity(plan, 2, None, agenda.new_activity(POLL), at=0)
    assert at == 0 and titles(first, 2) == ["New poll", "Later"]
    assert titles(plan, 2) == ["Later"]  # the plan given is left as it was


def test_an_activity_goes_into_one_working_group(plan):
    added, at = agenda.with_activity(plan, 1, 1, agenda.new_activity(POLL))
    assert titles(added, 1, 1) == ["Blue board", "New poll"] and titles(added, 1, 0) == ["Red board"]
    with pytest.raises(DomainError, match="say which group"):
        agenda.with_activity(plan, 1, None, agenda.new_activity(POLL))
    with pytest.raises(NotFound, match="no such working group"):
        agenda.with_activity(plan, 0, 0, agenda.new_activity(POLL))
    with pytest.raises(NotFound, match="no stage 9"):
        agenda.with_activity(plan, 8, None, agenda.new_activity(POLL))


@pytest.mark.parametrize("at", [-1, 3, True, "1", 1.0])
def test_a_position_out_of_range_or_not_a_whole_number_is_refused(plan, at):
    with pytest.raises(DomainError, match="position"):
        agenda.with_activity(plan, 2, None, agenda.new_activity(POLL), at=at)


def test_the_plan_limits_hold_for_an_edited_plan():
    full = parse_plan(small_plan(stages=[{"kind": "plenary", "title": "Full", "minutes": 5,
                                          "activities": [{"kind": "talk", "title": f"T{n}"} for n in range(30)]}]))
    with pytest.raises(PlanError, match=r"stages\[0\].activities.*at most 30"):
        agenda.with_activity(full, 0, None, agenda.new_activity(POLL))
    many = parse_plan(small_plan(stages=[{"kind": "plenary", "title": f"S{n}", "minutes": 5} for n in range(40)]))
    with pytest.raises(PlanError, match="at most 40"):
        agenda.with_stage(many, agenda.new_stage({"kind": "plenary", "title": "One more", "minutes": 5}))


def test_moving_replacing_and_removing_activities(plan):
    moved = agenda.with_activity_moved(plan, 0, None, 0, 2)
    assert titles(moved, 0)[:3] == ["Reflections", "Pick any", "Warm-up"]
    replaced = agenda.with_activity_replaced(plan, 2, None, 0, agenda.new_activity(POLL))
    assert titles(replaced, 2) == ["New poll"]
    assert titles(agenda.without_activity(plan, 2, None, 0), 2) == []
    with pytest.raises(DomainError, match="new position must be from 0 to 8"):
        agenda.with_activity_moved(plan, 0, None, 0, 9)


def test_stages_are_added_moved_and_removed_but_one_is_always_left(plan):
    added, at = agenda.with_stage(plan, agenda.new_stage({"kind": "plenary", "title": "Break", "minutes": 5}), at=1)
    assert at == 1 and [s.title for s in added.stages] == ["Opening", "Break", "Working groups", "Report-back"]
    moved = agenda.with_stage_moved(plan, 2, 0)
    assert [s.title for s in moved.stages] == ["Report-back", "Opening", "Working groups"]
    assert [s.title for s in agenda.without_stage(plan, 1).stages] == ["Opening", "Report-back"]
    single = parse_plan(small_plan(stages=[{"kind": "plenary", "title": "Only", "minutes": 5}]))
    with pytest.raises(Conflict, match="at least one stage"):
        agenda.without_stage(single, 0)


def stages(*started):
    """Four stages; those at the places given have been on."""
    return [Stage(id=n + 1, position=n, kind="plenary", title=f"Stage {n + 1}", minutes=5, description="", groups=(),
                  started_at=100.0 if n in started else None) for n in range(4)]


def test_stages_change_only_after_the_last_one_that_has_been_on():
    assert agenda.first_open_place(stages()) == 0  # in the lobby, all of it
    assert agenda.first_open_place(stages(0)) == 1
    assert agenda.first_open_place(stages(0, 2)) == 3  # stage 2 was skipped: it stays where it is
    agenda.require_open_place(stages(0), 1, 3)
    with pytest.raises(Conflict, match=r"stage 1 \('Stage 1'\) has been on; stages can be added, moved or removed only after it"):
        agenda.require_open_place(stages(0), 3, 0)
    with pytest.raises(Conflict, match="stage 3"):
        agenda.require_open_place(stages(0, 2), 1)


def test_a_stage_that_holds_something_stays():
    agenda.require_stage_empty(stages()[1], None)
    with pytest.raises(Conflict, match="stage 2 \\('Stage 2'\\) holds 1 material; removing it would lose them"):
        agenda.require_stage_empty(stages()[1], "1 material")


def activity(state=PENDING):
    return Activity(id=3, stage_position=1, group_key=None, position=0, kind="poll", title="Vote", state=state)


def test_only_an_activity_pending_without_answers_or_timer_may_change():
    agenda.require_activity_not_started(activity(), 0)
    with pytest.raises(Conflict, match="has 2 answers"):
        agenda.require_activity_not_started(activity(), 2)
    with pytest.raises(Conflict, match="has 1 answer;"):
        agenda.require_activity_not_started(activity(CLOSED), 1)
    with pytest.raises(Conflict, match="has opened"):
        agenda.require_activity_not_started(activity(OPEN), 0)
    with pytest.raises(Conflict, match="has closed"):
        agenda.require_activity_not_started(activity(CLOSED), 0)
    with pytest.raises(Conflict, match="has a timer"):
        agenda.require_activity_not_started(activity(), 0, timer=True)


def test_an_activity_row_keeps_what_the_plan_says():
    row = agenda.activity_row(agenda.new_activity({**POLL, "hide_results": True}))
    assert row["kind"] == "poll" and row["title"] == "New poll" and row["results_visible"] is False
    assert row["settings"] == {"options": ["Yes", "No"], "multiple": False, "hide_results": True, "start": "auto"}


def test_moved_order():
    assert agenda.moved_order([10, 11, 12, 13], 0, 2) == [11, 12, 10, 13]
    assert agenda.moved_order([10, 11, 12], 2, 0) == [12, 10, 11]


def test_a_groups_stage_changes_how_people_get_in_with_the_plans_own_rules(plan):
    assert agenda.with_assignment(plan, 1, "random").stages[1].assignment == "random"
    assert plan.stages[1].assignment == "choose"  # a new plan; the old one is as it was
    with pytest.raises(DomainError, match="needs the session's segments"):
        agenda.with_assignment(plan, 1, "balanced")
    with_segments = parse_plan({**small_plan(), "segments": ["North", "South"]})
    assert agenda.with_assignment(with_segments, 1, "balanced").stages[1].assignment == "balanced"
    for wrong in ("seating plan", None, ["random"], 1):
        with pytest.raises(DomainError, match="use one of choose, random, balanced"):
            agenda.with_assignment(plan, 1, wrong)
    with pytest.raises(DomainError, match="stage 1 .'Opening'. has no working groups"):
        agenda.with_assignment(plan, 0, "random")
    with pytest.raises(NotFound):
        agenda.with_assignment(plan, 7, "random")


def test_a_groups_places_change_to_a_cap_from_1_to_500_or_none(plan):
    changed = agenda.with_cap(plan, 1, 1, 12)
    assert [g.cap for g in changed.stages[1].groups] == [None, 12]
    assert [g.cap for g in agenda.with_cap(changed, 1, 1, None).stages[1].groups] == [None, None]
    assert agenda.with_cap(plan, 1, 0, 500).stages[1].groups[0].cap == 500
    for wrong in (0, 501, -3, "12", 2.5, True):
        with pytest.raises(DomainError, match="from 1 to 500"):
            agenda.with_cap(plan, 1, 0, wrong)
    with pytest.raises(NotFound, match="no such working group"):
        agenda.with_cap(plan, 1, 2, 5)
    with pytest.raises(DomainError, match="has no working groups"):
        agenda.with_cap(plan, 2, 0, 5)
