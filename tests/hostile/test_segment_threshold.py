"""The k-threshold, hostile: sessions with small segments, and every view and export checked.

Nothing the console or the board is sent, and nothing in the record, the CSV files, the workbook, the
Markdown or the HTML report, may show a segment's count or result when it had fewer than k
respondents, or when the people outside the shown segments would be between 1 and k - 1 (the total
minus the shown segments would give them away). Hidden segments appear by their name only.
"""
import csv
import io
import json
import random
import zipfile
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from facilitation.export.tables import hidden_text

from ..conftest import TOKEN, small_plan
from ..store.test_survey import SURVEY
from ..adapters.test_sockets import connect, events, flush  # noqa: F401 - fixtures

NAMES = ["North", "South", "Tiny"]

# (k, people per segment and None for those who declare nothing): small segments, a small remainder,
# nobody at all in a segment, everyone in one segment, a larger k.
SCENARIOS = [
    (3, {"North": 5, "South": 4, "Tiny": 1}),           # Tiny hidden; the remainder of 1 hides South too
    (3, {"North": 3, "South": 3, "Tiny": 2, None: 2}),  # Tiny hidden, 4 outside: both others shown
    (3, {"North": 4, "South": 2, None: 1}),             # South hidden, 3 outside the shown: North shown
    (3, {"North": 2, "South": 2, "Tiny": 2}),           # everyone hidden, the total still shown
    (2, {"North": 1, "South": 6, None: 1}),             # k = 2: North and the one who said nothing
    (5, {"North": 6, "South": 5, "Tiny": 4, None: 1}),  # k = 5: Tiny hidden, 5 outside the shown
    (3, {"Tiny": 7}),                                   # one segment only, the others empty
]


def plan(k: int) -> dict:
    p = small_plan(segments=NAMES, hide_segments_below=k)
    p["stages"][0]["activities"].append(SURVEY)
    return p


def run(connect, client, auth, flush, k, sizes, seed):  # noqa: F811
    """A session where the phones of ``sizes`` declare their segments and answer at random; the
    console's and board's last snapshot of each poll, scale and survey shown by segment."""
    rng = random.Random(seed)
    code = client.post("/api/sessions", json={"plan": plan(k)}, headers=auth).get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    console, board = connect(), connect()
    assert console.emit("console.join", {"code": code, "token": TOKEN}, callback=True)["ok"]
    state = board.emit("board.join", {"code": code}, callback=True)["state"]
    items = {a["kind"]: a for a in reversed(state["stage"]["activities"])}  # the first of each kind
    poll, scale, survey = items["poll"], items["scale"], items["survey"]
    for name, n in sizes.items():
        for i in range(n):
            phone = connect()
            assert phone.emit("join", {"code": code}, callback=True)["ok"]
            if name is not None:
                assert phone.emit("segment", {"id": "s", "segment": name}, callback=True)["ok"]
            phone.emit("vote", {"id": "v", "activity": poll["id"], "choices": [rng.randrange(3)]}, callback=True)
            for statement in range(2):
                if rng.random() < 0.8:
                    phone.emit("rate", {"id": f"r{statement}", "activity": scale["id"], "statement": statement,
                                        "value": rng.randint(1, 5)}, callback=True)
            phone.emit("survey", {"id": "q0", "activity": survey["id"], "question": 0, "answer": rng.randint(1, 5)},
                       callback=True)
            if rng.random() < 0.5:
                phone.emit("survey", {"id": "q2", "activity": survey["id"], "question": 2,
                                      "answer": [rng.randrange(2)]}, callback=True)
            phone.disconnect()
    for item in (poll, scale, survey):
        url = f"/api/sessions/{code}/activities/{item['id']}"
        assert client.post(f"{url}/options", json={"by_segment": True}, headers=auth).status_code == 200
        client.post(url, json={"action": "reveal"}, headers=auth)
    flush()
    views = []
    for surface in (console, board):
        received = events(surface, "results")
        for item in (poll, scale, survey):
            got = [e for e in received if e["activity"] == item["id"] and e.get("results")]
            assert got and "by_segment" in got[-1]["results"], (surface, item["kind"])
            views.append(got[-1]["results"]["by_segment"])
    return code, views


def check_breakdown(by_segment: dict, k: int) -> set:
    """Every part keeps the rule; the names hidden anywhere."""
    assert by_segment["k"] == k
    hidden = set()
    for part in by_segment["parts"]:
        shown = [s for s in part["segments"] if not s["hidden"]]
        for s in part["segments"]:
            if s["hidden"]:
                assert s == {"name": s["name"], "hidden": True}, s  # its name, nothing else
                hidden.add((part["label"], s["name"]))
            else:
                assert s["respondents"] >= k
        rest = part["total"]["respondents"] - sum(s["respondents"] for s in shown)
        assert not shown or rest == 0 or rest >= k, part
    return hidden


def hidden_columns(header, rows, k) -> int:
    """Check that a segment column marked hidden holds nothing but the mark; count such columns."""
    marked = 0
    for column, name in enumerate(header):
        if name not in NAMES:
            continue
        cells = [row[column] if column < len(row) else "" for row in rows]
        if hidden_text(k) in cells:
            marked += 1
            assert all(c in ("", None, hidden_text(k)) for c in cells), (name, cells)
    return marked


def tables_in_rows(rows: list[list]) -> list[tuple[list, list]]:
    """The per-segment tables in a CSV or sheet's rows: a header row starting '', 'Everyone'."""
    out = []
    for i, row in enumerate(rows):
        if len(row) > 1 and row[0] in ("", None) and row[1] == "Everyone":
            body = []
            for following in rows[i + 1:]:
                if not following or all(c in ("", None) for c in following):
                    break
                body.append(following)
            out.append((list(row), body))
    return out


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


@pytest.mark.parametrize("k, sizes", SCENARIOS)
def test_no_view_and_no_export_shows_a_segment_below_k(connect, client, auth, flush, k, sizes):  # noqa: F811
    code, views = run(connect, client, auth, flush, k, sizes, seed=k * 100 + len(sizes))
    hidden = set()
    for view in views:
        hidden |= check_breakdown(view, k)
    small = {name for name, n in sizes.items() if name and n < k} | {n for n in NAMES if n not in sizes}
    assert {name for _label, name in hidden} >= small  # every small segment hidden in some part (all, in fact)
    for view in views:
        for part in view["parts"]:
            assert {s["name"] for s in part["segments"] if s["hidden"]} >= small

    export = lambda fmt: client.get(f"/api/sessions/{code}/export?format={fmt}", headers=auth)  # noqa: E731
    record = export("json").get_json()
    assert record["segments"] == {"names": NAMES, "k": k}
    in_record = [a["by_segment"] for s in record["stages"] for a in s["activities"] if "by_segment" in a]
    assert len(in_record) == 5  # three polls (one never opened), a scale and a survey
    for got in in_record:
        check_breakdown(got, k)
    # the record's text holds no respondents or result next to a hidden segment's name
    for got in in_record:
        for part in got["parts"]:
            for s in part["segments"]:
                if s["hidden"]:
                    assert json.dumps(s) == json.dumps({"name": s["name"], "hidden": True})

    marked = 0
    with zipfile.ZipFile(io.BytesIO(export("csv").data)) as z:
        for name in z.namelist():
            rows = list(csv.reader(io.StringIO(z.read(name).decode("utf-8-sig"))))
            for header, body in tables_in_rows(rows):
                marked += hidden_columns(header, body, k)
    assert marked >= len(small) * 3  # each small segment hidden in the poll, the scale and the survey at least

    marked = 0
    book = load_workbook(io.BytesIO(export("xlsx").data))
    for sheet in book.worksheets:
        rows = [["" if c is None else c for c in row] for row in sheet.iter_rows(values_only=True)]
        for header, body in tables_in_rows(rows):
            marked += hidden_columns(header, body, k)
    assert marked >= len(small) * 3

    marked = 0
    lines = export("md").get_data(as_text=True).splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|  | Everyone |"):
            header = [c.strip() for c in line.strip("|").split("|")]
            body = []
            for following in lines[i + 2:]:
                if not following.startswith("|"):
                    break
                body.append([c.strip() for c in following.strip("|").split("|")])
            marked += hidden_columns(header, body, k)
    assert marked >= len(small) * 3

    parser = _Tables()
    parser.feed(export("html").get_data(as_text=True))
    marked = 0
    for table in parser.tables:
        if table and len(table[0]) > 1 and table[0][1] == "Everyone":
            marked += hidden_columns(table[0], table[1:], k)
    assert marked >= len(small) * 3


def test_a_segment_never_declared_by_anyone_is_hidden_and_the_total_counts_everyone(connect, client, auth, flush):  # noqa: F811
    code, views = run(connect, client, auth, flush, 3, {None: 4}, seed=1)
    for view in views:
        for part in view["parts"]:
            assert all(s == {"name": s["name"], "hidden": True} for s in part["segments"])
    poll = views[0]["parts"][0]
    assert poll["total"]["respondents"] == 4
