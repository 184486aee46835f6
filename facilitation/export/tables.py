"""The record as tables: one per activity plus a summary, shared by the CSV and XLSX exports."""
from dataclasses import dataclass

ANSWERED = ("poll", "board", "wordcloud", "scale", "text", "ranking", "points", "survey", "qna", "crossvote", "pat")


@dataclass
class Table:
    """One sheet or CSV file."""

    name: str
    title: str
    header: list
    rows: list


def where(stage: dict, activity: dict) -> str:
    """'Stage 2 · Working groups · Group A' for an activity."""
    label = f"Stage {stage['position'] + 1} · {stage['title']}"
    names = {g["key"]: g["name"] for g in stage["groups"]}
    return f"{label} · {names[activity['group']]}" if activity["group"] else label


def summary(record: dict) -> Table:
    """The session and its agenda, planned against actual."""
    s = record["session"]
    rows = [["Session", s["title"]], ["Code", s["code"]], ["Status", s["status"]],
            ["Created", s["created_at"]], ["Participants", s["participants"]], [],
            ["Stage", "Kind", "Title", "Planned minutes", "Actual minutes", "Started", "Ended"]]
    for stage in record["stages"]:
        rows.append([stage["position"] + 1, stage["kind"], stage["title"], stage["planned_minutes"],
                     stage["actual_minutes"], stage["started_at"], stage["ended_at"]])
    if record.get("takeaways"):
        rows += [[], ["Key takeaways"]]
        rows += [[n, t["text"]] for n, t in enumerate(record["takeaways"], start=1)]
    promoted = promoted_rows(record)
    if promoted:
        rows += [[], ["Promoted to the plenary"], ["Stage", "Group", "Kind", "Item", "Details"], *promoted]
    return Table("Summary", s["title"], [], rows)


def promoted_rows(record: dict) -> list[list]:
    """Each working group's items brought to the plenary: stage, group, kind, label, and the column
    of a note or the notes of a cluster."""
    rows = []
    for stage in record["stages"]:
        for item in stage.get("promoted", []):
            details = item.get("column") or " / ".join(item.get("notes", []))
            rows.append([stage["position"] + 1, item["group_name"], item["kind"], item["label"], details])
    return rows


def activity_tables(record: dict) -> list[tuple[dict, dict, Table]]:
    """(stage, activity, table) for every activity that takes answers, in agenda order."""
    out, n = [], 0
    for stage in record["stages"]:
        for activity in stage["activities"]:
            if activity["kind"] not in ANSWERED:
                continue
            n += 1
            name = f"{n:02d}-{activity['kind']}"
            title = f"{where(stage, activity)} · {activity['title']}"
            if activity["kind"] == "poll":
                r = activity["results"]
                rows = [[option, count, _percent(count, r["voters"])] for option, count in zip(r["options"], r["counts"])]
                out.append((stage, activity, Table(name, title, ["Option", "Votes", "Percent of voters"], rows)))
            elif activity["kind"] == "wordcloud":
                r = activity["results"]
                rows = [[w["text"], w["count"], _percent(w["count"], r["people"])] for w in r["words"]]
                out.append((stage, activity, Table(name, title, ["Answer", "Count", "Percent of people"], rows)))
            elif activity["kind"] == "points":
                r = activity["results"]
                rows = [[o, total, avg, share] for o, total, avg, share in zip(r["options"], r["totals"], r["average"], r["share"])]
                header = ["Option", "Points", "Average per person", "Percent of points"]
                out.append((stage, activity, Table(name, title, header, rows)))
            elif activity["kind"] == "ranking":
                r = activity["results"]
                places = len(r["options"])
                rows = [[r["options"][o], r["average"][o], *r["places"][o]] for o in r["order"]]
                header = ["Option", "Average rank", *[f"Ranked {p + 1}" for p in range(places)]]
                out.append((stage, activity, Table(name, title, header, rows)))
            elif activity["kind"] == "text":
                rows = [[a["text"]] for a in activity["results"]["answers"]]
                out.append((stage, activity, Table(name, title, ["Answer"], rows)))
            elif activity["kind"] == "qna":
                r = activity["results"]
                rows = [[q["text"], q["votes"], "yes" if q["answered"] else "no", "yes" if q["highlighted"] else "",
                         q["author"]] for q in r["questions"]]
                header = ["Question", "Upvotes", "Answered", "Highlighted", "Signed by"]
                out.append((stage, activity, Table(name, title, header, rows)))
            elif activity["kind"] == "scale":
                r = activity["results"]
                rows = [[s["text"], *s["counts"], s["answers"], s["mean"]] for s in r["statements"]]
                header = ["Statement", *scale_values(r), "Answers", "Mean"]
                out.append((stage, activity, Table(name, title, header, rows)))
            elif activity["kind"] == "crossvote":
                rows = [[n, i["group_name"], i["kind"], i["label"], i["dots"]]
                        for n, i in enumerate(activity["results"]["items"], start=1)]
                out.append((stage, activity, Table(name, title, ["Rank", "Group", "Kind", "Item", "Dots"], rows)))
            elif activity["kind"] == "pat":
                out.append((stage, activity, Table(name, title, *pat_rows(activity["results"]))))
            elif activity["kind"] == "survey":
                header = ["Question", "Answer", "Count", "Percent of respondents", "Respondents", "Mean"]
                out.append((stage, activity, Table(name, title, header, survey_rows(activity["results"]))))
            else:
                out.append((stage, activity, Table(name, title, *board_rows(activity["results"]))))
            if left_out(activity):
                out[-1][2].rows += [[], [left_out(activity)]]
            if activity.get("by_segment"):
                out[-1][2].rows += segment_rows(activity["by_segment"])
    return out


def hidden_text(k: int) -> str:
    """What stands in a hidden segment's place: never its count or its result."""
    return f"fewer than {k} — hidden"


def segment_note(k: int) -> str:
    """The line under every result per segment saying what is hidden and why."""
    return (f"Per segment. A segment with fewer than {k} respondents is hidden (its name only), and so is a further "
            f"segment where the people left outside the shown ones would be fewer than {k}; the totals count everyone.")


def segment_parts(by_segment: dict) -> list[tuple[str, list, list]]:
    """Each part of a result per segment (a poll, a scale's statement, a survey's question) as
    (label, header, rows): the answers down, everyone and each segment across; a hidden segment's
    column says it is hidden and holds nothing else."""
    k, out = by_segment["k"], []
    for part in by_segment["parts"]:
        segments = part["segments"]
        header = ["", "Everyone", *[s["name"] for s in segments]]
        rows = [["Respondents", part["total"]["respondents"],
                 *[hidden_text(k) if s["hidden"] else s["respondents"] for s in segments]]]
        labels = part["options"] if part["kind"] == "choice" else scale_values(
            {"min": part["min"], "max": part["max"], "min_label": "", "max_label": ""})
        for i, label in enumerate(labels):
            rows.append([label, part["total"]["result"]["counts"][i],
                         *["" if s["hidden"] else s["result"]["counts"][i] for s in segments]])
        if part["kind"] == "scale":
            rows.append(["Mean", _mean(part["total"]["result"]),
                         *["" if s["hidden"] else _mean(s["result"]) for s in segments]])
        out.append((part["label"], header, rows))
    return out


def segment_rows(by_segment: dict) -> list[list]:
    """A result per segment as rows below an activity's table (CSV and XLSX)."""
    rows = [[], [segment_note(by_segment["k"])]]
    for label, header, body in segment_parts(by_segment):
        rows += [[], [label], header, *body]
    return rows


def _mean(result: dict):
    return "–" if result.get("mean") is None else result["mean"]


def board_rows(results: dict) -> tuple[list, list]:
    """A board's notes with their cluster and dots; below them, its clusters with their totals."""
    header = ["Column", "Note", "Signed by", "Posted at", "Cluster", "Dots"]
    rows = [[n["column_name"], n["text"], n["author"], n["created_at"], n.get("cluster") or "", n.get("dots", 0)]
            for n in results["notes"]]
    if results.get("clusters"):
        rows += [[], ["Cluster", "Notes", "Dots"]]
        rows += [[c["name"], c["count"], c["dots"]] for c in results["clusters"]]
    return header, rows


def pat_rows(results: dict) -> tuple[list, list]:
    """A Power Awareness Tool: a row per decision × organisation with the private scores' distribution
    (levels 0-4), their mean, each segment's mean ("hidden" below k), the perception gap, and what
    the group agreed: the actual level, agree or not, the desired level, the gap and the actions."""
    segments = results["segments"]
    between = results["gap"]["between"]
    header = ["Decision", "Organisation", *[f"Scored {n} ({label})" for n, label in enumerate(results["ladder"])],
              "Scored by", "Mean", *[f"Mean: {s}" for s in segments],
              f"Perception gap ({between[0]} minus {between[1]})" if between else "Perception gap", "Gap flagged",
              "Agreed actual", "Group agrees", "Desired", "Change wanted", "Actions"]
    rows = []
    for d, row in enumerate(results["table"]["rows"]):
        for o, cell in enumerate(row["cells"]):
            scores = results["scores"][d][o] if d < len(results["scores"]) else None
            total = scores["total"] if scores else {"respondents": 0, "result": {"counts": [0] * 5, "mean": None}}
            by_name = {s["name"]: s for s in scores["segments"]} if scores else {}
            means = ["hidden" if by_name.get(s, {"hidden": True})["hidden"] else _blank(by_name[s]["result"]["mean"])
                     for s in segments]
            gap = scores["gap"] if scores else {"value": None, "flagged": False}
            agree = {True: "yes", False: "no", None: ""}[cell["agree"]]
            actions = "; ".join(f"{a['text']} ({a['owner']}{', by ' + a['by'] if a['by'] else ''})"
                                for a in cell["actions"])
            rows.append([row["decision"], cell["organisation"], *total["result"]["counts"], total["respondents"],
                         _blank(total["result"]["mean"]), *means, _blank(gap["value"]), "yes" if gap["flagged"] else "",
                         _blank(cell["actual"]), agree, _blank(cell["desired"]), _blank(cell["gap"]), actions])
    return header, rows


def _blank(value):
    return "" if value is None else value


def survey_rows(results: dict) -> list[list]:
    """A row per option of each choice question and per value of each scale question, with the count,
    its share of the question's respondents, the respondents and (scale questions) the mean."""
    rows = []
    for n, q in enumerate(results["questions"], start=1):
        answers = q["options"] if q["kind"] == "choice" else scale_values(q)
        mean = q.get("mean")
        rows += [[f"{n}. {q['text']}", answer, count, _percent(count, q["respondents"]), q["respondents"],
                  "" if mean is None else mean] for answer, count in zip(answers, q["counts"])]
    return rows


def left_out(activity: dict) -> str:
    """'Left out: 2 hidden by the facilitator, 1 waiting for approval.' for an activity that had
    moderated items (the human-readable exports show shown items only); '' when none were."""
    m = activity.get("moderation") or {}
    parts = [f"{m['hidden']} hidden by the facilitator" if m.get("hidden") else "",
             f"{m['pending']} waiting for approval" if m.get("pending") else ""]
    parts = [p for p in parts if p]
    unit = {"board": "notes", "qna": "questions"}.get(activity["kind"], "answers")
    return f"Left out ({unit}): {', '.join(parts)}." if parts else ""


def scale_values(results: dict) -> list[str]:
    """The column names of a scale's values: '1 (Not at all)', '2', … '5 (Fully)'."""
    names = [str(v) for v in range(results["min"], results["max"] + 1)]
    if results["min_label"]:
        names[0] += f" ({results['min_label']})"
    if results["max_label"]:
        names[-1] += f" ({results['max_label']})"
    return names


def responses(activity: dict) -> int:
    """How many people or notes answered an activity (voters, notes, people, questions)."""
    r = activity["results"]
    return {"poll": r.get("voters"), "board": r.get("count"), "qna": r.get("count"), "crossvote": r.get("voters")}.get(
        activity["kind"], r.get("people", 0))



def _percent(count: int, voters: int) -> float:
    return round(100 * count / voters, 1) if voters else 0.0
