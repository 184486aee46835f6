"""Markdown export: the session report, stage by stage.

User text is escaped so that it reads as written: no HTML, no links, no
emphasis or headings it did not ask for.
"""
import re

from .tables import left_out, scale_values, segment_note, segment_parts

SPECIAL = re.compile(r"([\\`*_\[\]|~])")
LEADING = re.compile(r"^(\s*)([#+=-])|^(\s*\d+)([.)])")
KIND = {"plenary": "Plenary", "groups": "Working groups", "report-back": "Report-back"}


def text(value) -> str:
    """User text made literal for Markdown (one line)."""
    value = " / ".join(str(value).splitlines())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = SPECIAL.sub(r"\\\1", value)
    return LEADING.sub(lambda m: (m.group(1) or m.group(3) or "") + "\\" + (m.group(2) or m.group(4)), value)


def _minutes(value) -> str:
    return "–" if value is None else f"{value:g}"


def export(record: dict) -> str:
    """The report as Markdown."""
    s = record["session"]
    lines = [f"# {text(s['title'])}", ""]
    if s["description"]:
        lines += [text(s["description"]), ""]
    lines += [f"- Session code: {s['code']}", f"- Created: {s['created_at']}", f"- Status: {s['status']}",
              f"- Participants: {s['participants']}", "", "## Agenda", "",
              "| # | Stage | Kind | Planned (min) | Actual (min) |", "|---|---|---|---|---|"]
    for stage in record["stages"]:
        lines.append(f"| {stage['position'] + 1} | {text(stage['title'])} | {KIND[stage['kind']]} | "
                     f"{stage['planned_minutes']} | {_minutes(stage['actual_minutes'])} |")
    if record.get("takeaways"):
        lines += ["", "## Key takeaways", ""]
        lines += [f"{n}. {text(t['text'])}" for n, t in enumerate(record["takeaways"], start=1)]
    for stage in record["stages"]:
        lines += ["", f"## {stage['position'] + 1}. {text(stage['title'])} ({KIND[stage['kind']]})", ""]
        if stage["description"]:
            lines += [text(stage["description"]), ""]
        lines += _materials(stage)
        if stage["groups"]:
            for group in stage["groups"]:
                lines += [f"### {text(group['name'])}", "", f"{group['participants']} participants", ""]
                lines += _activities([a for a in stage["activities"] if a["group"] == group["key"]], "####")
            lines += _promoted(stage)
        else:
            lines += _activities(stage["activities"], "###")
    return "\n".join(lines).rstrip() + "\n"


def _promoted(stage) -> list[str]:
    """A groups stage's items brought to the plenary, group by group."""
    if not stage.get("promoted"):
        return []
    out = ["### Promoted to the plenary", ""]
    for item in stage["promoted"]:
        extra = f" ({text(item['column'])})" if item.get("column") else ""
        if item.get("notes"):
            extra = ": " + "; ".join(text(n) for n in item["notes"])
        out.append(f"- {text(item['group_name'])}, {item['kind']}: {text(item['label'])}{extra}")
    return out + [""]


def _materials(stage) -> list[str]:
    if not stage["materials"]:
        return []
    out = ["Materials:", ""]
    for m in stage["materials"]:
        target = m["url"] if m["kind"] == "link" else m["file"]
        out.append(f"- {text(m['title'])}: <{target.replace('>', '%3E').replace(' ', '%20')}>")
    return out + [""]


def _activities(items, heading) -> list[str]:
    out = []
    for a in items:
        if a["kind"] == "talk":
            speaker = a["settings"].get("speaker")
            out += [f"{heading} Talk: {text(a['title'])}" + (f" ({text(speaker)})" if speaker else ""), ""]
        elif a["kind"] == "poll":
            r = a["results"]
            out += [f"{heading} Poll: {text(a['title'])}", "", f"{r['voters']} voted.", "",
                    "| Option | Votes | % of voters |", "|---|---|---|"]
            for option, count in zip(r["options"], r["counts"]):
                pct = round(100 * count / r["voters"], 1) if r["voters"] else 0
                out.append(f"| {text(option)} | {count} | {pct:g} |")
            out.append("")
        elif a["kind"] == "crossvote":
            r = a["results"]
            out += [f"{heading} Cross-group vote: {text(a['title'])}", "",
                    f"{r['voters']} voted, {r['dots']} dots given.", "", "| Rank | Group | Item | Dots |", "|---|---|---|---|"]
            out += [f"| {n} | {text(i['group_name'])} | {text(i['label'])} | {i['dots']} |"
                    for n, i in enumerate(r["items"], start=1)]
            out.append("")
        elif a["kind"] == "wordcloud":
            r = a["results"]
            out += [f"{heading} Word cloud: {text(a['title'])}", "",
                    f"{r['people']} people gave {r['answers']} answers ({r['distinct']} different).", "",
                    "| Answer | Count |", "|---|---|"]
            out += [f"| {text(w['text'])} | {w['count']} |" for w in r["words"]]
            out.append("")
            out += _left_out(a)
        elif a["kind"] == "points":
            r = a["results"]
            out += [f"{heading} {r['budget']} points: {text(a['title'])}", "",
                    f"{r['people']} people gave {r['spent']} points.", "",
                    "| Option | Points | % of points |", "|---|---|---|"]
            out += [f"| {text(o)} | {t} | {s:g} |" for o, t, s in zip(r["options"], r["totals"], r["share"])]
            out.append("")
        elif a["kind"] == "ranking":
            r = a["results"]
            out += [f"{heading} Ranking: {text(a['title'])}", "", f"{r['people']} people ranked the options.", "",
                    "| Option | Average rank |", "|---|---|"]
            out += [f"| {text(r['options'][o])} | {'–' if r['average'][o] is None else format(r['average'][o], 'g')} |"
                    for o in r["order"]]
            out.append("")
        elif a["kind"] == "text":
            r = a["results"]
            out += [f"{heading} Open question: {text(a['title'])}", "",
                    f"{r['people']} people gave {r['count']} answers.", ""]
            out += [f"- {text(answer['text'])}" for answer in r["answers"]]
            out.append("")
            out += _left_out(a)
        elif a["kind"] == "qna":
            r = a["results"]
            out += [f"{heading} Q&A: {text(a['title'])}", "",
                    f"{r['count']} questions, {r['answered']} answered, {r['votes']} upvotes.", ""]
            if r["questions"]:
                out += ["| Question | Upvotes | Answered | Signed by |", "|---|---|---|---|"]
                out += [f"| {text(q['text'])}{' (highlighted)' if q['highlighted'] else ''} | {q['votes']} | "
                        f"{'yes' if q['answered'] else 'no'} | {text(q['author'])} |" for q in r["questions"]]
                out.append("")
            out += _left_out(a)
        elif a["kind"] == "scale":
            r = a["results"]
            values = scale_values(r)
            out += [f"{heading} Scale: {text(a['title'])}", "", f"{r['people']} people answered.", "",
                    "| Statement | " + " | ".join(text(v) for v in values) + " | Answers | Mean |",
                    "|---" * (len(values) + 3) + "|"]
            for s in r["statements"]:
                mean = "–" if s["mean"] is None else f"{s['mean']:g}"
                out.append(f"| {text(s['text'])} | " + " | ".join(str(n) for n in s["counts"])
                           + f" | {s['answers']} | {mean} |")
            out.append("")
        elif a["kind"] == "survey":
            r = a["results"]
            out += [f"{heading} Survey: {text(a['title'])}", "", f"{r['people']} people answered.", ""]
            for n, q in enumerate(r["questions"], start=1):
                answers = q["options"] if q["kind"] == "choice" else scale_values(q)
                summary = f"{q['respondents']} answered"
                if q["kind"] == "scale":
                    summary += "; mean " + ("–" if q["mean"] is None else f"{q['mean']:g}")
                out += [f"{n}. {text(q['text'])} ({summary})", "", "| Answer | Count |", "|---|---|"]
                out += [f"| {text(answer)} | {count} |" for answer, count in zip(answers, q["counts"])]
                out.append("")
        elif a["kind"] == "pat":
            out += _pat(a, heading)
        elif a["kind"] == "board":
            r = a["results"]
            out += [f"{heading} Sticky notes: {text(a['title'])}", ""]
            if r.get("dot_voters"):
                out += [f"{r['dot_voters']} people gave {r['dots']} dots ({r['budget']} each).", ""]
            if r.get("clusters"):
                out += ["| Cluster | Notes | Dots |", "|---|---|---|"]
                out += [f"| {text(c['name'])} | {c['count']} | {c['dots']} |" for c in r["clusters"]]
                out.append("")
            for c, column in enumerate(r["columns"]):
                mine = [n for n in r["notes"] if n["column"] == c]
                out += [f"**{text(column)}** ({len(mine)})", ""]
                out += [f"- {text(n['text'])}" + (f" — {text(n['author'])}" if n["author"] else "") + _note_extras(n)
                        for n in mine]
                out.append("")
            out += _left_out(a)
        if a.get("by_segment"):
            out += _by_segment(a["by_segment"])
    return out


def _by_segment(by_segment: dict) -> list[str]:
    """The results per segment: a table per poll, statement or question (hidden segments by name only)."""
    out = [f"_{segment_note(by_segment['k'])}_", ""]
    for label, header, rows in segment_parts(by_segment):
        out += [f"**{text(label)}** (per segment)", "",
                "| " + " | ".join(text(h) for h in header) + " |", "|---" * len(header) + "|"]
        out += ["| " + " | ".join(text(v) for v in row) + " |" for row in rows]
        out.append("")
    return out


def _level(value) -> str:
    return "–" if value is None else f"{value:g}"


def _pat(a: dict, heading: str) -> list[str]:
    """The PAT's result table (actual → desired per decision × organisation), the private scores with
    the perception gap (segments below k hidden), and the actions."""
    r = a["results"]
    orgs = r["organisations"]
    out = [f"{heading} Power Awareness Tool: {text(a['title'])}", "",
           "Levels: " + ", ".join(f"{n} {text(label)}" for n, label in enumerate(r["ladder"])) + ".", ""]
    if not r["decisions"]:
        return out + ["No decisions were set.", ""]
    out += ["Agreed actual level → desired level (where the group did not agree):", "",
            "| Decision | " + " | ".join(text(o) for o in orgs) + " |", "|---" * (len(orgs) + 1) + "|"]
    for row in r["table"]["rows"]:
        cells = [_level(c["actual"]) + (f" → {c['desired']}" if c["agree"] is False and c["desired"] is not None
                                        else " (agreed)" if c["agree"] else "") for c in row["cells"]]
        out.append(f"| {text(row['decision'])} | " + " | ".join(cells) + " |")
    between = r["gap"]["between"]
    out += ["", f"Private scores: {r['people']} people scored. Mean (and how many scored)"
            + (f"; perception gap = {text(between[0])} minus {text(between[1])}, flagged (!) at {r['gap']['flag']:g} or more"
               if between else "") + f"; segments with fewer than {r['k']} respondents are hidden.", "",
            "| Decision | Organisation | Mean | Gap |", "|---|---|---|---|"]
    for d, decision in enumerate(r["decisions"]):
        for o, org in enumerate(orgs):
            cell = r["scores"][d][o]
            gap = cell["gap"]
            mean = cell["total"]["result"]["mean"]
            out.append(f"| {text(decision)} | {text(org)} | {_level(mean)} ({cell['total']['respondents']}) | "
                       f"{_level(gap['value'])}{' (!)' if gap['flagged'] else ''} |")
    actions = [(row["decision"], c["organisation"], x) for row in r["table"]["rows"] for c in row["cells"]
               for x in c["actions"]]
    if actions:
        out += ["", "Actions:", ""]
        out += [f"- {text(x['text'])} — {text(x['owner'])}" + (f", by {x['by']}" if x["by"] else "")
                + f" ({text(decision)}: {text(org)})" for decision, org, x in actions]
    return out + [""]


def _note_extras(note: dict) -> str:
    """" (cluster: Trust; 3 dots)" after a note, when it has either."""
    extras = []
    if note.get("cluster"):
        extras.append(f"cluster: {text(note['cluster'])}")
    if note.get("dots"):
        extras.append(f"{note['dots']} dot" + ("s" if note["dots"] != 1 else ""))
    return f" ({'; '.join(extras)})" if extras else ""


def _left_out(activity) -> list[str]:
    line = left_out(activity)
    return [f"_{line}_", ""] if line else []
