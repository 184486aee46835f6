"""The Power Awareness Tool as it runs: the facilitator (or the group's host) sets the decisions
(typed, or the top notes of the board before it), moves it through its phases, records what the
group agrees for each decision × organisation; phones score each cell privately.

No individual score leaves this module: the views carry distributions per cell, per shown segment
(segments below the session's k are hidden, facilitation/domain/segment.py) and the perception gap.
"""
import time

import sqlalchemy as sa

from ..domain import pat as rules
from ..domain.activity import require_open
from ..domain.errors import Conflict, DomainError, NotFound
from ..domain.segment import DEFAULT_K
from ..store.schema import activities, answers, pat_assessments, sessions
from .loading import load_activities, load_activity, load_session
from .participation import _ANSWER_UPSERT, _check_membership, _once

_SCORES = (sa.select(answers.c.item, answers.c.segment, answers.c.number)  # the segment declared when scored
           .where(answers.c.activity_id == sa.bindparam("aid")))
_PEOPLE = sa.select(sa.func.count(sa.distinct(answers.c.participant_id))).where(
    answers.c.activity_id == sa.bindparam("aid"))
_ASSESSMENTS = (sa.select(pat_assessments.c.decision, pat_assessments.c.organisation, pat_assessments.c.actual,
                          pat_assessments.c.agree, pat_assessments.c.desired, pat_assessments.c.actions)
                .where(pat_assessments.c.activity_id == sa.bindparam("aid")))


def _plan(conn, session_id: int) -> dict:
    return conn.execute(sa.select(sessions.c.plan).where(sessions.c.id == session_id)).scalar_one()


def settings_view(settings: dict) -> dict:
    """What every surface may know of a PAT apart from its results (the phone's scoring card)."""
    return {"organisations": settings["organisations"], "decisions": settings.get("decisions", []),
            "phase": settings.get("phase", rules.PHASES[0]), "max_decisions": settings.get("max_decisions", 5),
            "ladder": list(rules.LADDER)}


def assessments(conn, item) -> dict:
    """(decision, organisation name) -> the group's Assessment."""
    names = item.settings["organisations"]
    found = {}
    for d, o, actual, agree, desired, acts in conn.execute(_ASSESSMENTS, {"aid": item.id}):
        if o < len(names):
            found[(d, names[o])] = rules.Assessment(actual, agree, desired,
                                                    tuple(rules.Action(a["text"], a["owner"], a.get("by", ""))
                                                          for a in acts))
    return found


def results(conn, item, plan: dict | None = None) -> dict:
    """The PAT's view for the board, the console and the record: the phase, the decisions, each cell's
    private-score distribution (everyone and per shown segment) with the perception gap, how many
    people scored, and the group's table of actual and desired levels with gaps and actions."""
    s = item.settings
    if plan is None:
        session_id = conn.execute(sa.select(activities.c.session_id).where(activities.c.id == item.id)).scalar_one()
        plan = _plan(conn, session_id)
    decisions, organisations = s.get("decisions", []), s["organisations"]
    segments, k = plan.get("segments", []), plan.get("hide_segments_below", DEFAULT_K)
    between = rules.gap_between(s.get("gap"), segments)
    if "scores_as_recorded" in s:  # an imported session: the distributions as the record kept them
        scores, people = s["scores_as_recorded"]["scores"], s["scores_as_recorded"]["people"]
    else:
        cells: dict[int, list] = {}
        for slot, segment, level in conn.execute(_SCORES, {"aid": item.id}):
            cells.setdefault(slot, []).append((segment, level))
        scores = [[rules.private_scores(cells.get(rules.slot(d, o, organisations), []), segments, k, between)
                   for o in range(len(organisations))] for d in range(len(decisions))]
        people = conn.execute(_PEOPLE, {"aid": item.id}).scalar_one()
    return {"phase": s.get("phase", rules.PHASES[0]), "decisions": decisions, "organisations": organisations,
            "ladder": list(rules.LADDER), "segments": list(segments), "k": k,
            "gap": {"between": list(between) if between else None, "flag": rules.FLAG_GAP},
            "people": people, "scores": scores,
            "table": rules.table(decisions, organisations, assessments(conn, item))}


def _pat(conn, code: str, activity_id):
    session = load_session(conn, code, for_update=True)
    item = load_activity(conn, session.id, activity_id)
    if item.kind != "pat":
        raise DomainError(f"{item.title!r} is not a Power Awareness Tool")
    return session, item


def _started(conn, item) -> bool:
    """Whether anyone has scored or the group has agreed anything: the decisions are then fixed."""
    scored = conn.execute(sa.select(answers.c.id).where(answers.c.activity_id == item.id).limit(1)).first()
    agreed = conn.execute(sa.select(pat_assessments.c.decision).where(
        pat_assessments.c.activity_id == item.id).limit(1)).first()
    return bool(scored or agreed or "scores_as_recorded" in item.settings)


def _save_settings(conn, item, **changes) -> None:
    conn.execute(activities.update().where(activities.c.id == item.id).values(settings={**item.settings, **changes}))


def _set_decisions(conn, session, item, texts) -> None:
    if item.settings.get("phase", rules.PHASES[0]) != "decisions":
        raise Conflict("the decisions can change only in the decisions phase")
    if _started(conn, item):
        raise Conflict("people have already scored these decisions: they can no longer change")
    _save_settings(conn, item, decisions=list(rules.check_decisions(texts, item.settings.get("max_decisions", 5))))


def _board_before(conn, session, item, board_id):
    """The board the decisions come from: the one named, or the nearest board before the PAT in its
    stage (and group)."""
    near = [a for a in load_activities(conn, session.id, item.stage_position)
            if a.kind == "board" and a.group_key == item.group_key and a.position < item.position]
    if board_id is None:
        if not near:
            raise NotFound("there is no board before this PAT to take the decisions from")
        return near[-1]
    found = next((a for a in near if a.id == board_id), None)
    if found is None:
        raise NotFound("that is not a board before this PAT in its stage or group")
    return found


def _cell(item, decision, organisation) -> tuple[int, int]:
    decisions, organisations = item.settings.get("decisions", []), item.settings["organisations"]
    if type(decision) is not int or not 0 <= decision < len(decisions):
        raise DomainError(f"decision must be a number from 0 to {max(len(decisions) - 1, 0)}")
    if type(organisation) is not int or not 0 <= organisation < len(organisations):
        raise DomainError(f"organisation must be a number from 0 to {len(organisations) - 1}")
    return decision, organisation


def _require_agreeing(item) -> None:
    if item.settings.get("phase", rules.PHASES[0]) not in ("agreeing", "result"):
        raise Conflict("move the PAT to the agreeing phase first")


def _write(conn, item, d: int, o: int, assessment: rules.Assessment, now: float) -> None:
    conn.execute(pat_assessments.delete().where(pat_assessments.c.activity_id == item.id,
                                                pat_assessments.c.decision == d, pat_assessments.c.organisation == o))
    conn.execute(pat_assessments.insert().values(
        activity_id=item.id, decision=d, organisation=o, actual=assessment.actual, agree=assessment.agree,
        desired=assessment.desired, updated_at=now,
        actions=[{"text": a.text, "owner": a.owner, "by": a.by} for a in assessment.actions]))


def facilitate(store, code: str, activity_id, body: dict, now: float | None = None) -> dict:
    """One facilitator action on a PAT (``body["action"]``): ``phase`` {phase}; ``decisions``
    {decisions: [text, …]}; ``from_board`` {board?: id, the nearest board before it by default};
    ``assess`` {decision, organisation, actual, agree?, desired?}; ``add_action`` {decision,
    organisation, text, owner, by?}; ``remove_action`` {decision, organisation, index}.
    Returns the PAT's results."""
    now = now or time.time()
    action = body.get("action")
    with store.transaction() as conn:
        session, item = _pat(conn, code, activity_id)
        if action == "phase":
            phase = rules.check_phase(body.get("phase"))
            if phase != "decisions" and not item.settings.get("decisions"):
                raise Conflict("set the decisions first")
            _save_settings(conn, item, phase=phase)
        elif action == "decisions":
            _set_decisions(conn, session, item, body.get("decisions"))
        elif action == "from_board":
            from .results import board_results  # the board's view, with its clusters and dots
            board = board_results(conn, _board_before(conn, session, item, body.get("board")))
            _set_decisions(conn, session, item, list(rules.top_decisions(
                board["clusters"], board["notes"], item.settings.get("max_decisions", 5))))
        elif action in ("assess", "add_action", "remove_action"):
            _require_agreeing(item)
            d, o = _cell(item, body.get("decision"), body.get("organisation"))
            current = assessments(conn, item).get((d, item.settings["organisations"][o]))
            if action == "assess":
                new = rules.check_assessment(body.get("actual"), body.get("agree"), body.get("desired"))
                kept = current.actions if current and new.agree is False else ()
                if current and current.actions and new.agree is not False:
                    raise Conflict("this cell has actions: remove them before saying the group agrees")
                new = rules.Assessment(new.actual, new.agree, new.desired, kept)
            elif current is None:
                raise Conflict("record the agreed actual level of this cell first")
            elif action == "add_action":
                new = rules.add_action(current, rules.check_action(body.get("text"), body.get("owner"), body.get("by"),
                                                                   item.settings["organisations"]))
            else:
                index = body.get("index")
                if type(index) is not int or not 0 <= index < len(current.actions):
                    raise NotFound("there is no such action in this cell")
                new = rules.Assessment(current.actual, current.agree, current.desired,
                                       current.actions[:index] + current.actions[index + 1:])
            _write(conn, item, d, o, new, now)
        else:
            raise DomainError("action must be one of phase, decisions, from_board, assess, add_action, remove_action")
        item = load_activity(conn, session.id, item.id)
        return results(conn, item)


def score(store, who: dict, client_id, activity_id, decision, organisation, level, now: float | None = None) -> dict:
    """A participant's private score of one decision for one organisation; a new one replaces the old."""
    now = now or time.time()

    def apply(conn):
        item = load_activity(conn, who["session_id"], activity_id)
        require_open(item)
        if item.kind != "pat":
            raise DomainError(f"{item.title!r} is not a Power Awareness Tool")
        if item.settings.get("phase", rules.PHASES[0]) != "scoring":
            raise Conflict("scoring is not open: the facilitator opens it after the decisions are set")
        s = item.settings
        cell = rules.check_score(s.get("decisions", []), s["organisations"], decision, organisation, level)
        _check_membership(conn, who["participant_id"], item)
        conn.execute(_ANSWER_UPSERT, {"activity_id": item.id, "participant_id": who["participant_id"],
                                                         "item": cell, "text": None, "number": level,
                                                         "updated_at": now})
        return {"ok": True, "activity": item.id, "decision": decision, "organisation": organisation, "level": level}

    return _once(store, who["participant_id"], client_id, "score", apply)


def restore(conn, activity_id: int, settings: dict, entry: dict) -> None:
    """An imported record's PAT back: its phase and decisions, the distributions as recorded (the
    record has no individual scores to put back) and the group's table."""
    r = entry.get("results") or {}
    organisations = settings["organisations"]
    decisions = list(rules.check_decisions(r["decisions"], settings.get("max_decisions", 5))) if r.get("decisions") else []
    changes = {"decisions": decisions}
    if "phase" in entry["settings"]:  # a PAT whose phase was never moved has none, like a board's
        changes["phase"] = rules.check_phase(entry["settings"]["phase"])
    if r.get("scores"):
        if len(r["scores"]) != len(decisions) or any(len(row) != len(organisations) for row in r["scores"]):
            raise DomainError("the record's PAT scores do not fit its decisions and organisations")
        changes["scores_as_recorded"] = {"scores": r["scores"], "people": r.get("people", 0)}
    conn.execute(activities.update().where(activities.c.id == activity_id).values(settings={**settings, **changes}))
    when = epoch_or_zero(entry)
    for d, row in enumerate((r.get("table") or {}).get("rows", [])):
        for o, cell in enumerate(row["cells"]):
            if cell.get("actual") is None:
                continue
            if d >= len(decisions) or o >= len(organisations) or cell.get("organisation") != organisations[o]:
                raise DomainError("the record's PAT table does not fit its decisions and organisations")
            try:
                a = rules.check_assessment(cell["actual"], cell.get("agree"),
                                           cell.get("desired") if cell.get("agree") is False else None)
                acts = tuple(rules.check_action(x["text"], x["owner"], x.get("by", ""), organisations)
                             for x in cell.get("actions", []))
            except DomainError as exc:
                raise DomainError(f"the record's PAT table has a cell that does not fit: {exc}") from None
            if acts and a.agree is not False:
                raise DomainError("the record's PAT table has actions on a cell the group agreed with")
            _write(conn, _Restored(activity_id), d, o, rules.Assessment(a.actual, a.agree, a.desired, acts), when)


class _Restored:
    """Just the id of an activity being restored (what ``_write`` needs)."""

    def __init__(self, activity_id: int):
        self.id = activity_id


def epoch_or_zero(entry: dict) -> float:
    from .record import epoch
    return epoch(entry.get("closed_at") or entry.get("opened_at")) or 0.0
