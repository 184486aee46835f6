"""Working-group assignment: people choose a group (up to its cap), or the facilitator deals them
out at random, or balanced across segments so that every group mixes roles; the facilitator moves a
person by an anonymous handle, never by name.
"""
import hashlib
import hmac
import random
from collections.abc import Sequence

from .errors import Conflict, DomainError, NotFound

HANDLE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def check_cap(cap) -> int | None:
    """A group's cap: none, or a whole number of people from 1 to 500."""
    if cap is None:
        return None
    if type(cap) is not int or not 1 <= cap <= 500:
        raise DomainError("a group's cap must be a whole number from 1 to 500")
    return cap


def check_choice(sizes: dict[str, int], caps: dict[str, int | None], group: str, current: str | None) -> str:
    """A participant's choice of group, refused when the group is unknown or full.

    ``sizes``: people in each group now (the participant included in ``current``'s count).
    """
    if group not in sizes:
        raise NotFound("there is no such working group")
    cap = caps.get(group)
    if group != current and cap is not None and sizes[group] >= cap:
        raise Conflict("that group is full; please choose another")
    return group


def _room(sizes: dict[str, int], caps: dict[str, int | None], group: str) -> bool:
    cap = caps.get(group)
    return cap is None or sizes[group] < cap


def _deal(people: Sequence, groups: Sequence[str], caps: dict[str, int | None], sizes: dict[str, int],
          rng: random.Random, spread: dict[str, int] | None = None) -> dict:
    """Give each person the group with the fewest of their kind (``spread``), then the fewest people."""
    out = {}
    for person in people:
        open_groups = [g for g in groups if _room(sizes, caps, g)]
        if not open_groups:
            raise Conflict("every group is full: raise a cap or add a group")
        rng.shuffle(open_groups)
        group = min(open_groups, key=lambda g: ((spread or {}).get(g, 0), sizes[g]))
        out[person] = group
        sizes[group] += 1
        if spread is not None:
            spread[group] += 1
    return out


def assign_random(people: Sequence, groups: Sequence[str], caps: dict[str, int | None] | None = None,
                  rng: random.Random | None = None) -> dict:
    """Deal everyone out at random into groups of sizes that differ by at most one (caps allowing)."""
    if len(groups) < 1:
        raise DomainError("there is no group to assign people to")
    rng = rng or random.SystemRandom()
    shuffled = list(people)
    rng.shuffle(shuffled)
    return _deal(shuffled, groups, caps or {}, {g: 0 for g in groups}, rng)


def assign_balanced(people: dict, groups: Sequence[str], caps: dict[str, int | None] | None = None,
                    rng: random.Random | None = None) -> dict:
    """Deal everyone out so that each segment is spread evenly over the groups and the groups are
    of even size (caps allowing). ``people``: person -> declared segment (or None)."""
    if len(groups) < 1:
        raise DomainError("there is no group to assign people to")
    rng = rng or random.SystemRandom()
    sizes = {g: 0 for g in groups}
    by_segment: dict = {}
    for person, segment in people.items():
        by_segment.setdefault(segment, []).append(person)
    out = {}
    # Largest segments first: their spread matters most, and the small ones then fill the gaps.
    for segment in sorted(by_segment, key=lambda s: (-len(by_segment[s]), str(s))):
        members = by_segment[segment]
        rng.shuffle(members)
        out.update(_deal(members, groups, caps or {}, sizes, rng, spread={g: 0 for g in groups}))
    return out


def handle(secret: bytes, stage_position: int, participant_id: int, length: int = 4) -> str:
    """A participant's anonymous handle in one stage (e.g. ``K7Q2``): stable, unguessable without
    the secret, and different from stage to stage so handles cannot be linked across stages."""
    digest = hmac.new(secret, f"{stage_position}:{participant_id}".encode(), hashlib.sha256).digest()
    return "".join(HANDLE_ALPHABET[b % len(HANDLE_ALPHABET)] for b in digest[:length])


def handles(secret: bytes, stage_position: int, participant_ids: Sequence[int]) -> dict[int, str]:
    """Every participant's handle in a stage, one character longer for all while any two collide."""
    for length in range(4, 17):
        out = {pid: handle(secret, stage_position, pid, length) for pid in participant_ids}
        if len(set(out.values())) == len(out):
            return out
    raise RuntimeError("handles collide at every length")  # pragma: no cover - 2**80 to one


def check_move(memberships: dict[str, str], handle_: str, to_group: str, groups: Sequence[str]) -> tuple[str, str]:
    """The (handle, group) of a valid move of one person, by their handle, to another group.

    ``memberships``: handle -> group. A cap binds participants' own choices, not the facilitator,
    so a move into a full group is allowed.
    """
    if handle_ not in memberships:
        raise NotFound("nobody in this stage has that handle")
    if to_group not in groups:
        raise NotFound("there is no such working group")
    if memberships[handle_] == to_group:
        raise Conflict("that person is already in that group")
    return handle_, to_group
