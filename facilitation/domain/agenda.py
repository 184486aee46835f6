"""Changing the agenda while the session runs: what may change, and the plan each change leaves.

Only what has not started may change: an activity still pending with no answers, and the stages
after the last one that has been on. Whatever has started (its answers, notes, votes, timers, materials, group choices) is
never touched, and a removal that would lose any of it is refused. A groups stage's way into its
groups and each group's places are settings, not anybody's work: they change on any groups stage,
the one on now included (a facilitator whose group is full raises its cap on the spot). Every
changed plan is checked again by ``plan.parse_plan``, so a plan edited in the console keeps the limits of a plan file.
"""
from pydantic import TypeAdapter, ValidationError

from .activity import PENDING, Activity
from .assignment import check_cap
from .errors import Conflict, DomainError, NotFound
from .plan import Activity as PlannedActivity
from .plan import ASSIGNMENTS, Plan, PlanError, Stage as PlannedStage, _where, parse_plan
from .session import Stage

_ACTIVITY = TypeAdapter(PlannedActivity)
_STAGE = TypeAdapter(PlannedStage)


def _checked(adapter, data, what: str):
    """One new activity or stage, checked with the plan's own rules; the error names its field."""
    if not isinstance(data, dict):
        raise PlanError(f"{what}: must be an object with a kind and a title")
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        problems = [f"{what}: {_where((0, *e['loc']))[3:].lstrip('.') or '(top level)'}: {e['msg']}"
                    for e in exc.errors()[:5]]
        raise PlanError("; ".join(problems)) from None


def new_activity(data) -> PlannedActivity:
    """An activity to add (or an activity's new title and settings), checked as in a plan file."""
    return _checked(_ACTIVITY, data, "activity")


def new_stage(data) -> PlannedStage:
    """A stage to add, with its activities or groups, checked as in a plan file."""
    return _checked(_STAGE, data, "stage")


def activity_row(item: PlannedActivity) -> dict:
    """What the activities table keeps of a planned activity: kind, title and the rest as settings."""
    settings = item.model_dump(mode="json", exclude={"kind", "title"})
    return {"kind": item.kind, "title": item.title, "settings": settings,
            "results_visible": not settings.get("hide_results", False)}


def first_open_place(stages: list[Stage]) -> int:
    """The first place of the agenda that may change: the one after the last stage that has been on.

    Stages that have been on keep their places, so whatever is kept by a stage's place (the stage
    on now, its timer, the groups the phones chose) stays where it is.
    """
    started = [s.position for s in stages if s.started_at is not None]
    return max(started) + 1 if started else 0


def require_open_place(stages: list[Stage], *places: int) -> None:
    """Refuse a stage change that touches a place at or before the last stage that has been on."""
    first = first_open_place(stages)
    if min(places) < first:
        last = stages[first - 1]
        raise Conflict(f"stage {first} ({last.title!r}) has been on; stages can be added, moved or removed "
                       f"only after it")


def require_stage_empty(stage: Stage, keeps: str | None) -> None:
    """Refuse to remove a stage that holds something (``keeps`` says what: "2 materials")."""
    if keeps:
        raise Conflict(f"stage {stage.position + 1} ({stage.title!r}) holds {keeps}; removing it would "
                       "lose them, so it stays")


def require_activity_not_started(item: Activity, answers: int, timer: bool = False) -> None:
    """Refuse to change, move or remove an activity that has opened, has answers or a timer."""
    if answers:
        raise Conflict(f"{item.title!r} has {answers} answer{'s' if answers != 1 else ''}; it cannot be "
                       "changed, moved or removed without losing them")
    if item.state != PENDING:
        raise Conflict(f"{item.title!r} has {'opened' if item.state == 'open' else 'closed'}; only an "
                       "activity that has not started can be changed, moved or removed")
    if timer:
        raise Conflict(f"{item.title!r} has a timer; it cannot be changed, moved or removed")


def _index(value, size: int, what: str, extra: int = 0) -> int:
    """A whole-number position from 0 to ``size - 1 + extra``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(f"{what} must be a whole number")
    if not 0 <= value < size + extra:
        raise DomainError(f"{what} must be from 0 to {size - 1 + extra}")
    return value


def _list_of(data: dict, stage: int, group: int | None) -> list:
    """The activities list of a stage (or of one of its groups) inside plan data."""
    stages = data["stages"]
    if not 0 <= stage < len(stages):
        raise NotFound(f"there is no stage {stage + 1}")
    target = stages[stage]
    if group is None:
        if target["kind"] == "groups":
            raise DomainError("a working-groups stage keeps its activities in its groups: say which group")
        return target["activities"]
    if target["kind"] != "groups" or not 0 <= group < len(target["groups"]):
        raise NotFound(f"stage {stage + 1} has no such working group")
    return target["groups"][group]["activities"]


def _replanned(plan: Plan, change) -> Plan:
    data = plan.model_dump(mode="json")
    change(data)
    return parse_plan(data, source="plan")


def with_activity(plan: Plan, stage: int, group: int | None, item: PlannedActivity, at=None) -> tuple[Plan, int]:
    """The plan with ``item`` added to a stage (or group), at position ``at`` (default: last)."""
    where = {}

    def change(data):
        activities = _list_of(data, stage, group)
        where["at"] = len(activities) if at is None else _index(at, len(activities), "position", extra=1)
        activities.insert(where["at"], item.model_dump(mode="json"))

    return _replanned(plan, change), where["at"]


def with_activity_replaced(plan: Plan, stage: int, group: int | None, index: int, item: PlannedActivity) -> Plan:
    """The plan with the activity at ``index`` replaced by ``item`` (new title and settings)."""
    def change(data):
        activities = _list_of(data, stage, group)
        activities[_index(index, len(activities), "activity position")] = item.model_dump(mode="json")

    return _replanned(plan, change)


def without_activity(plan: Plan, stage: int, group: int | None, index: int) -> Plan:
    """The plan without the activity at ``index``."""
    def change(data):
        activities = _list_of(data, stage, group)
        del activities[_index(index, len(activities), "activity position")]

    return _replanned(plan, change)


def with_activity_moved(plan: Plan, stage: int, group: int | None, index: int, to) -> Plan:
    """The plan with the activity at ``index`` moved to position ``to`` of the same list."""
    def change(data):
        activities = _list_of(data, stage, group)
        moved = activities.pop(_index(index, len(activities), "activity position"))
        activities.insert(_index(to, len(activities) + 1, "new position"), moved)

    return _replanned(plan, change)


def with_stage(plan: Plan, item: PlannedStage, at=None) -> tuple[Plan, int]:
    """The plan with a new stage at position ``at`` (default: last)."""
    where = {}

    def change(data):
        where["at"] = len(data["stages"]) if at is None else _index(at, len(data["stages"]), "position", extra=1)
        data["stages"].insert(where["at"], item.model_dump(mode="json"))

    return _replanned(plan, change), where["at"]


def without_stage(plan: Plan, index: int) -> Plan:
    """The plan without the stage at ``index`` (a plan keeps at least one stage)."""
    def change(data):
        del data["stages"][_index(index, len(data["stages"]), "stage position")]
        if not data["stages"]:
            raise Conflict("a session keeps at least one stage")

    return _replanned(plan, change)


def with_stage_moved(plan: Plan, index: int, to) -> Plan:
    """The plan with the stage at ``index`` moved to position ``to``."""
    def change(data):
        moved = data["stages"].pop(_index(index, len(data["stages"]), "stage position"))
        data["stages"].insert(_index(to, len(data["stages"]) + 1, "new position"), moved)

    return _replanned(plan, change)


def _groups_of(data: dict, stage: int) -> dict:
    """A groups stage inside plan data."""
    stages = data["stages"]
    if not 0 <= stage < len(stages):
        raise NotFound(f"there is no stage {stage + 1}")
    if stages[stage]["kind"] != "groups":
        raise DomainError(f"stage {stage + 1} ({stages[stage]['title']!r}) has no working groups")
    return stages[stage]


def with_assignment(plan: Plan, stage: int, assignment) -> Plan:
    """The plan with a groups stage's way into its groups changed: they choose, or they are dealt
    out at random or balanced across segments (which needs the session's segments, as in a plan file).

    Only the setting changes: nobody already in a group is moved, and nobody is dealt out by it
    (the facilitator's Assign does that; a latecomer is dealt out as they join)."""
    if not isinstance(assignment, str) or assignment not in ASSIGNMENTS:
        raise DomainError(f"how do people get into the groups? use one of {', '.join(ASSIGNMENTS)}")
    if assignment == "balanced" and not plan.segments:
        raise DomainError("dealing people out balanced across segments needs the session's segments; "
                          "without them, deal them out at random")

    def change(data):
        _groups_of(data, stage)["assignment"] = assignment

    return _replanned(plan, change)


def with_cap(plan: Plan, stage: int, group: int, cap) -> Plan:
    """The plan with one group's places changed: a whole number from 1 to 500, or None for no limit.

    A cap below the people already in the group is allowed: the group is full, nobody is taken out
    of it, and nobody else may choose it (the facilitator may still move someone in)."""
    cap = check_cap(cap)

    def change(data):
        groups = _groups_of(data, stage)["groups"]
        if not 0 <= group < len(groups):
            raise NotFound(f"stage {stage + 1} has no such working group")
        groups[group]["cap"] = cap

    return _replanned(plan, change)


def moved_order(ids: list, index: int, to: int) -> list:
    """``ids`` with the one at ``index`` moved to ``to`` (positions are list indices)."""
    order = list(ids)
    order.insert(to, order.pop(index))
    return order
