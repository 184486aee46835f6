"""100 points: each participant spreads a budget over the options (a new allocation replaces the old);
the server refuses to overspend. The tally is each option's total and average."""
from .activity import Activity, require_open
from .errors import DomainError


def check_allocation(activity: Activity, allocation) -> list[int]:
    """The points per option of a valid allocation, or a DomainError saying what is wrong."""
    require_open(activity)
    if activity.kind != "points":
        raise DomainError(f"{activity.title!r} does not take points")
    n, budget = len(activity.settings["options"]), activity.settings["budget"]
    if not isinstance(allocation, list) or not all(type(p) is int for p in allocation):
        raise DomainError("allocation must be a list of whole numbers of points")
    if len(allocation) != n:
        raise DomainError(f"give a number of points for each of the {n} options")
    if any(p < 0 for p in allocation):
        raise DomainError("points cannot be negative")
    spent = sum(allocation)
    if spent > budget:
        raise DomainError(f"that is {spent} points; you have {budget} to give")
    if spent == 0:
        raise DomainError("give at least one point")
    return list(allocation)


def tally(activity: Activity, allocations) -> dict:
    """Totals, averages per participant and shares per option, from each participant's allocation."""
    options, budget = activity.settings["options"], activity.settings["budget"]
    totals = [0] * len(options)
    people = 0
    for allocation in allocations:
        people += 1
        for option, given in enumerate(allocation):
            totals[option] += given
    spent = sum(totals)
    return {"options": list(options), "budget": budget, "totals": totals, "people": people, "spent": spent,
            "average": [round(t / people, 1) if people else None for t in totals],
            "share": [round(100 * t / spent, 1) if spent else 0.0 for t in totals]}
