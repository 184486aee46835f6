"""The Power Awareness Tool in every export: the colour-coded table, the private scores' distribution
and perception gap, the actions, and never the numbers of a segment hidden below k."""
import io
import json
import re

import openpyxl

from facilitation import export
from facilitation.domain.plan import parse_plan
from facilitation.services import record, sessions

from ..store.test_pat import pat_plan, run_a_pat
from .test_formats import read_csv, unpack

# The mean of the two "Other" partners (below k = 3) as any format would write it: it must show nowhere.
HIDDEN_MEAN = re.compile(r"(?<![\d.])4\.0(?!\d)")


def played(store) -> tuple[str, dict]:
    code = sessions.create_session(store, parse_plan(pat_plan()))
    sessions.move_stage(store, code, "next")
    run_a_pat(store, code, [("Southern partner", 1)] * 3 + [("Northern partner", 3)] * 3 + [("Other", 4)] * 2
              + [(None, 0)])
    return code, record.session_record(store, code)


def test_the_pat_is_in_every_format_and_a_hidden_segment_nowhere(store):
    code, rec = played(store)
    entry = next(a for s in rec["stages"] for a in s["activities"] if a["kind"] == "pat")
    cell = entry["results"]["scores"][0][1]
    assert {"name": "Other", "hidden": True} in cell["segments"]
    assert cell["gap"] == {"between": ["Southern partner", "Northern partner"], "value": -2.0, "flagged": True}

    files = unpack(export.render("csv", rec)[0])
    rows = read_csv(files["02-pat.csv"])
    header = rows[0]
    assert header[:2] == ["Decision", "Organisation"] and "Mean: Other" in header
    row = dict(zip(header, rows[2]))  # decision 0, organisation 1
    assert (row["Organisation"], row["Scored 1 (informed, no say)"], row["Scored by"], row["Mean"]) == \
        ("Southern partner", "3", "9", "2.22")
    assert (row["Mean: Southern partner"], row["Mean: Northern partner"], row["Mean: Other"]) == ("1.0", "3.0", "hidden")
    assert (row["Gap flagged"], row["Agreed actual"], row["Group agrees"], row["Desired"], row["Change wanted"]) == \
        ("yes", "1", "no", "3", "2")
    assert row["Actions"] == "Co-write the plan (Southern partner, by 2027-03-31)"

    markdown = export.render("md", rec)[0].decode()
    assert "Power Awareness Tool: Who decides what?" in markdown
    assert "| Setting advocacy priorities | – | 1 → 3 | – |" in markdown
    assert "| Allocating the budget | 3 (agreed) | – | – |" in markdown
    assert "| Setting advocacy priorities | Southern partner | 2.22 (9) | -2 (!) |" in markdown
    assert "- Co-write the plan — Southern partner, by 2027-03-31" in markdown

    html = export.render("html", rec)[0].decode()
    assert '<span class="pat-level pat-1">1</span> → <span class="pat-level pat-3">3</span>' in html
    assert "Co-write the plan" in html

    book = openpyxl.load_workbook(io.BytesIO(export.render("xlsx", rec)[0]))
    sheet = book[book.sheetnames[2]]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[1][:2] == ["Decision", "Organisation"] and values[3][values[1].index("Mean: Other")] == "hidden"

    everything = [json.dumps(rec), markdown, html, *(f.decode("utf-8-sig") for f in files.values()),
                  json.dumps(values, default=str)]
    assert not any(HIDDEN_MEAN.search(text) for text in everything)


def test_an_imported_pat_exports_as_it_was(store):
    from facilitation.services import archive

    code, rec = played(store)
    copy = archive.import_record(store, rec)
    again = record.session_record(store, copy)
    assert export.render("md", again)[0] == export.render("md", rec)[0].replace(code.encode(), copy.encode())
