"""The record as tables: one per activity plus a summary, shared by the CSV and XLSX exports."""
from dataclasses import dataclass

ANSWERED = ("poll", "board", "wordcloud", "scale", "text", "ranking", "points", "survey", "qna")


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
    return Table("Summary", s["title"], [], rows)


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
            elif activity["kind"] == "survey":
                header = ["Question", "Answer", "Count", "Percent of respondents", "Respondents", "Mean"]
                out.append((stage, activity, Table(name, title, header, survey_rows(activity["results"]))))
            else:
                out.append((stage, activity, Table(name, title, *board_rows(activity["results"]))))
            if left_out(activity):
                out[-1][2].rows += [[], [left_out(activity)]]
    return out


def board_rows(results: dict) -> tuple[list, list]:
    """A board's notes with their cluster and dots; below them, its clusters with their totals."""
    header = ["Column", "Note", "Signed by", "Posted at", "Cluster", "Dots"]
    rows = [[n["column_name"], n["text"], n["author"], n["created_at"], n.get("cluster") or "", n.get("dots", 0)]
            for n in results["notes"]]
    if results.get("clusters"):
        rows += [[], ["Cluster", "Notes", "Dots"]]
        rows += [[c["name"], c["count"], c["dots"]] for c in results["clusters"]]
    return header, rows


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
    return {"poll": r.get("voters"), "board": r.get("count"), "qna": r.get("count")}.get(
        activity["kind"], r.get("people", 0))



def _percent(count: int, voters: int) -> float:
    return round(100 * count / voters, 1) if voters else 0.0
