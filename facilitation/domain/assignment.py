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
                  rng: random.Random | None = None, present: dict[str, Sequence] | None = None) -> dict:
    """Deal everyone out at random into groups of sizes that differ by at most one (caps allowing).

    ``present``: who is already in each group (group -> their segments), when only the people
    without a group are dealt out (a later joiner, "only those without a group").
    """
    if len(groups) < 1:
        raise DomainError("there is no group to assign people to")
    rng = rng or random.SystemRandom()
    shuffled = list(people)
    rng.shuffle(shuffled)
    return _deal(shuffled, groups, caps or {}, _sizes(groups, present), rng)


def _sizes(groups: Sequence[str], present: dict[str, Sequence] | None) -> dict[str, int]:
    return {g: len((present or {}).get(g, ())) for g in groups}


# How many deals ``assign_balanced`` tries before it settles for the most even one it found.
BALANCED_TRIES = 40


def assign_balanced(people: dict, groups: Sequence[str], caps: dict[str, int | None] | None = None,
                    rng: random.Random | None = None, present: dict[str, Sequence] | None = None) -> dict:
    """Deal everyone out so that each segment is spread evenly over the groups and the groups are
    of even size (caps allowing). ``people``: person -> declared segment (or None); ``present``:
    the segments of those already in each group, who count towards both.

    One deal is a greedy pass, segment by segment; with people already in groups, a pass may leave
    the sizes less even than they could be (two groups of 4 and 6 where 5 and 5 spread the segments
    as well). So up to ``BALANCED_TRIES`` passes are made, and the one kept has the segments most
    evenly spread, then the sizes.
    """
    if len(groups) < 1:
        raise DomainError("there is no group to assign people to")
    rng = rng or random.SystemRandom()
    present = present or {}
    best, best_score = {}, None
    for _ in range(BALANCED_TRIES):
        dealt = _balanced_pass(people, groups, caps or {}, rng, present)
        score = _unevenness(people, dealt, groups, present)
        if best_score is None or score < best_score:
            best, best_score = dealt, score
        if score == (0, min(score[1], 1)):
            break  # every segment within one, and the sizes too: nothing better to find
    return best


def _balanced_pass(people: dict, groups: Sequence[str], caps: dict[str, int | None], rng: random.Random,
                   present: dict[str, Sequence]) -> dict:
    sizes = _sizes(groups, present)
    by_segment: dict = {}
    for person, segment in people.items():
        by_segment.setdefault(segment, []).append(person)
    out = {}
    # Largest segments first: their spread matters most, and the small ones then fill the gaps.
    for segment in sorted(by_segment, key=lambda s: (-len(by_segment[s]), str(s))):
        members = list(by_segment[segment])
        rng.shuffle(members)
        spread = {g: sum(1 for s in present.get(g, ()) if s == segment) for g in groups}
        out.update(_deal(members, groups, caps, sizes, rng, spread=spread))
    return out


def _unevenness(people: dict, dealt: dict, groups: Sequence[str], present: dict[str, Sequence]) -> tuple[int, int]:
    """How uneven a deal leaves the groups: each segment's spread beyond one, summed; then the
    difference between the largest and the smallest group."""
    counts: dict = {}
    sizes = _sizes(groups, present)
    for g in groups:
        for segment in present.get(g, ()):
            counts.setdefault(segment, dict.fromkeys(groups, 0))[g] += 1
    for person, g in dealt.items():
        counts.setdefault(people[person], dict.fromkeys(groups, 0))[g] += 1
        sizes[g] += 1
    return (sum(max(0, max(per.values()) - min(per.values()) - 1) for per in counts.values()),
            max(sizes.values()) - min(sizes.values()))


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


def extend_handles(secret: bytes, stage_position: int, known: dict[int, str],
                   newcomers: Sequence[int]) -> dict[int, str]:
    """``handles`` of the known participants and the newcomers, without recomputing the known ones:
    the newcomers get the known length if no two handles then collide, else everyone is computed
    afresh. The same as ``handles`` of them all: the known ones needed that length and no more."""
    if not known:
        return handles(secret, stage_position, list(newcomers))
    length = len(next(iter(known.values())))
    out = {**known, **{pid: handle(secret, stage_position, pid, length) for pid in newcomers}}
    if len(set(out.values())) == len(out):
        return out
    return handles(secret, stage_position, list(out))


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
