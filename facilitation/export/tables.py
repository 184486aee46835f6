"""The record as tables: one per activity plus a summary, shared by the CSV and XLSX exports."""
from dataclasses import dataclass


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
    """(stage, activity, table) for every poll and board, in agenda order."""
    out, n = [], 0
    for stage in record["stages"]:
        for activity in stage["activities"]:
            if activity["kind"] not in ("poll", "board"):
                continue
            n += 1
            name = f"{n:02d}-{activity['kind']}"
            title = f"{where(stage, activity)} · {activity['title']}"
            if activity["kind"] == "poll":
                r = activity["results"]
                rows = [[option, count, _percent(count, r["voters"])] for option, count in zip(r["options"], r["counts"])]
                out.append((stage, activity, Table(name, title, ["Option", "Votes", "Percent of voters"], rows)))
            else:
                rows = [[note["column_name"], note["text"], note["author"], note["created_at"]]
                        for note in activity["results"]["notes"]]
                out.append((stage, activity, Table(name, title, ["Column", "Note", "Signed by", "Posted at"], rows)))
    return out


def _percent(count: int, voters: int) -> float:
    return round(100 * count / voters, 1) if voters else 0.0
