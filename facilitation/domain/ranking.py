"""Rankings: each participant puts every option in order (a new order replaces the old); the tally is
each option's average rank (1 = first) and how often it came at each place."""
from .activity import Activity, require_open
from .errors import DomainError


def check_order(activity: Activity, order) -> list[int]:
    """The option indices of a valid ranking, first place first, or a DomainError saying what is wrong."""
    require_open(activity)
    if activity.kind != "ranking":
        raise DomainError(f"{activity.title!r} is not a ranking")
    n = len(activity.settings["options"])
    if not isinstance(order, list) or not all(type(o) is int for o in order):
        raise DomainError("order must be a list of option numbers")
    if sorted(order) != list(range(n)):
        raise DomainError(f"put every option in order once: the numbers 0 to {n - 1}, each once")
    return list(order)


def tally(activity: Activity, orders) -> dict:
    """Average rank and places per option, from each participant's order (a list of option indices)."""
    options = activity.settings["options"]
    n = len(options)
    places = [[0] * n for _ in options]  # places[option][rank - 1]
    people = 0
    for order in orders:
        people += 1
        for rank, option in enumerate(order):
            places[option][rank] += 1
    average = [round(sum((r + 1) * c for r, c in enumerate(row)) / people, 2) if people else None for row in places]
    ranked = sorted(range(n), key=lambda o: (average[o] if people else 0, o))
    return {"options": list(options), "average": average, "places": places, "order": ranked, "people": people}
