"""Every export format, opened by the library that reads it and checked against the actual results."""
import csv
import io
import json
import zipfile
from html.parser import HTMLParser

import openpyxl
from markdown_it import MarkdownIt

from facilitation import export
from facilitation.domain.participant import token_digest
from facilitation.services import record
from facilitation.store import schema

from .conftest import INJECTION, PDF, TAKEAWAYS, XSS


def rendered(played, fmt):
    rec = record.session_record(played.store, played.code)
    return export.render(fmt, rec, record.material_files(played.store, played.code))[0]


def unpack(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for spreadsheet programs"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_zip_has_an_index_and_one_file_per_activity(played):
    files = unpack(rendered(played, "csv"))
    index = read_csv(files["index.csv"])
    assert index[0] == ["File", "Where", "Kind", "Title", "Responses"]
    assert {row[0] for row in index[1:]} <= set(files)
    warmup = read_csv(files[index[1][0]])
    # the poll's table, then (the partos plan has segments) its results per segment below an empty row
    assert [int(row[1]) for row in warmup[1:warmup.index([])]] == played.poll_counts
    assert ["", "Everyone", "Northern partner", "Southern partner", "Other"] in warmup
    notes = [row[1] for name in files if name.endswith("-board.csv") for row in read_csv(files[name])[1:]]
    assert sorted(notes) == sorted("'" + n if n[0] in "=+-@" else n for n in played.notes)


def test_csv_cells_that_look_like_formulas_are_neutralised(played):
    files = unpack(rendered(played, "csv"))
    cells = [cell for name in files for row in read_csv(files[name]) for cell in row]
    assert "'" + INJECTION in cells and INJECTION not in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_xlsx_has_a_summary_first_and_a_sheet_per_activity(played):
    book = openpyxl.load_workbook(io.BytesIO(rendered(played, "xlsx")))
    assert book.sheetnames[0] == "Summary"
    polls_and_boards = sum(a["kind"] in ("poll", "board", "wordcloud", "scale", "text", "survey", "qna", "crossvote", "pat") for s in record.session_record(
        played.store, played.code)["stages"] for a in s["activities"])
    assert len(book.sheetnames) == 1 + polls_and_boards
    warmup = book[book.sheetnames[1]]
    rows = list(warmup.iter_rows(min_row=3, values_only=True))
    table = rows[:next(n for n, row in enumerate(rows) if row[0] is None)]
    assert [row[1] for row in table] == played.poll_counts
    values = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in values if c.data_type == "f"], "no cell may be a formula"
    assert "'" + INJECTION in [c.value for c in values]


def test_markdown_report_parses_and_holds_the_results_as_text(played):
    text = rendered(played, "md").decode("utf-8")
    tokens = MarkdownIt().parse(text)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not kinds & {"html_block", "html_inline"}, "user text must not become HTML"
    html = MarkdownIt().render(text)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Funding conditions set in the North" in html
    for count in played.poll_counts:
        assert f"| {count} |" in text


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.chunks = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.chunks.append(data)


def test_html_report_parses_and_holds_the_results_as_text(played):
    page = _Text()
    page.feed(rendered(played, "html").decode("utf-8"))
    text = " ".join(page.chunks)
    assert "script" not in page.tags and "img" not in page.tags
    assert XSS in text and "Funding conditions set in the North" in text
    assert "Agenda: planned and actual" in text and "Group D: the Power Awareness Tool" in text
    for option, count in zip(["The Northern partner", "The Southern partner", "We decide together"],
                             played.poll_counts):
        assert option in text and f"{count} ·" in text


def test_the_bundle_carries_report_record_spreadsheets_and_slides(played):
    files = unpack(rendered(played, "zip"))
    assert {"report.html", "report.md", "record.json", "results.xlsx", "csv/index.csv"} <= set(files)
    pdfs = [name for name in files if name.startswith("materials/")]
    assert len(pdfs) == 1 and files[pdfs[0]] == PDF
    assert json.loads(files["record.json"])["stages"][0]["materials"][1]["file"] == pdfs[0]


def every_text(played) -> dict[str, str]:
    """Every export format as text (zips unpacked), for searching."""
    out = {}
    for fmt in export.FORMATS:
        body = rendered(played, fmt)
        if body[:2] == b"PK":
            for name, data in unpack(body).items():
                if name.endswith(".xlsx") or fmt == "xlsx" or name.endswith(".pdf"):
                    continue
                out[f"{fmt}:{name}"] = data.decode("utf-8", "replace")
            if fmt in ("xlsx", "zip"):
                xlsx = body if fmt == "xlsx" else unpack(body)["results.xlsx"]
                book = openpyxl.load_workbook(io.BytesIO(xlsx))
                out[f"{fmt}:cells"] = " ".join(str(c.value) for s in book for r in s.iter_rows() for c in r)
        else:
            out[fmt] = body.decode("utf-8")
    return out


def test_no_format_carries_a_token_an_id_or_an_unsigned_name(played):
    with played.store.transaction() as conn:
        digests = [r.token_digest for r in conn.execute(schema.participants.select())]
    for where, text in every_text(played).items():
        for token in played.tokens:
            assert token not in text, where
            assert token_digest(token) not in text, where
        assert not [d for d in digests if d in text], where
        assert "participant_id" not in text and "token" not in text.lower(), where
        assert played.hidden_name not in text, where
    assert any(played.signed_name in text for text in every_text(played).values())


def test_the_takeaways_are_in_every_report_format(played):
    summary = read_csv(unpack(rendered(played, "csv"))["summary.csv"])
    assert ["1", TAKEAWAYS[0]] in summary and ["2", "'" + TAKEAWAYS[1]] in summary  # a leading + is neutralised
    book = openpyxl.load_workbook(io.BytesIO(rendered(played, "xlsx")))
    assert (1, TAKEAWAYS[0]) in [row[:2] for row in book["Summary"].iter_rows(values_only=True)]
    markdown = rendered(played, "md").decode("utf-8")
    assert "## Key takeaways" in markdown and "1. Southern partners set the agenda" in markdown
    assert "<script>" not in MarkdownIt().render(markdown)
    page = _Text()
    page.feed(rendered(played, "html").decode("utf-8"))
    assert "Key takeaways" in page.chunks and TAKEAWAYS[1] in page.chunks and "script" not in page.tags
def test_the_word_cloud_is_in_every_format(played):
    rec = record.session_record(played.store, played.code)
    cloud = rec["stages"][0]["activities"][1]
    assert {w["text"].lower(): w["count"] for w in cloud["results"]["words"]} == played.words
    assert cloud["results"]["people"] == 12 and len(cloud["answers"]) == 12
    files = unpack(rendered(played, "csv"))
    rows = read_csv(files["02-wordcloud.csv"])
    assert rows[0] == ["Answer", "Count", "Percent of people"]
    assert {r[0]: int(r[1]) for r in rows[1:]} == {"Trust": 6, "shared power": 3, "<b>voice</b>": 3, "'=1+1": 3}
    markdown = rendered(played, "md").decode()
    assert "Word cloud: In a word or two" in markdown and "| shared power | 3 |" in markdown
    assert "&lt;b&gt;voice&lt;/b&gt;" in markdown and "<b>" not in markdown
    html = rendered(played, "html").decode()
    assert "Word cloud: In a word or two" in html and "&lt;b&gt;voice&lt;/b&gt;" in html and "<b>voice" not in html


def test_a_scale_is_in_every_format(store):
    from facilitation.domain.plan import parse_plan
    from facilitation.services import participation, sessions

    from ..conftest import small_plan

    code = sessions.create_session(store, parse_plan(small_plan()))
    sessions.move_stage(store, code, "next")
    scale = [a for a in sessions.read_state(store, code)["stage"]["activities"] if a["kind"] == "scale"][0]["id"]
    for i, (first, second) in enumerate([(5, 1), (4, 2), (4, None)]):
        who = participation.join(store, code)
        participation.rate(store, who, f"r{i}a", scale, 0, first)
        if second:
            participation.rate(store, who, f"r{i}b", scale, 1, second)
    rec = record.session_record(store, code)
    files = unpack(export.render("csv", rec)[0])
    rows = read_csv(files["05-scale.csv"])
    assert rows[0] == ["Statement", "1 (Not at all)", "2", "3", "4", "5 (Fully)", "Answers", "Mean"]
    assert rows[1:] == [["Trust", "0", "0", "0", "2", "1", "3", "4.33"], ["Power sharing", "1", "1", "0", "0", "0", "2", "1.5"]]
    markdown = export.render("md", rec)[0].decode()
    assert "| Trust | 0 | 0 | 0 | 2 | 1 | 3 | 4.33 |" in markdown
    html = export.render("html", rec)[0].decode()
    assert "Scale: How do you rate" in html and "4.33" in html
    book = openpyxl.load_workbook(io.BytesIO(export.render("xlsx", rec)[0]))
    assert [c.value for c in book[book.sheetnames[5]][3]] == ["Trust", 0, 0, 0, 2, 1, 3, 4.33]


def test_an_open_question_is_in_every_format(store):
    from facilitation.domain.plan import parse_plan
    from facilitation.services import participation, sessions

    from ..conftest import small_plan

    code = sessions.create_session(store, parse_plan(small_plan()))
    sessions.move_stage(store, code, "next")
    question = [a for a in sessions.read_state(store, code)["stage"]["activities"] if a["kind"] == "text"][0]["id"]
    for i, given in enumerate([["Trust takes time"], [INJECTION, XSS]]):
        participation.send_answers(store, participation.join(store, code), f"t{i}", question, given)
    rec = record.session_record(store, code)
    rows = read_csv(unpack(export.render("csv", rec)[0])["06-text.csv"])
    assert rows == [["Answer"], [XSS], ["'" + INJECTION], ["Trust takes time"]]
    markdown = export.render("md", rec)[0].decode()
    assert "Open question: Anything else?" in markdown and "- Trust takes time" in markdown and "<script>" not in markdown
    html = export.render("html", rec)[0].decode()
    assert "Open question: Anything else?" in html and "&lt;script&gt;" in html and "<script>alert" not in html


def test_a_ranking_and_100_points_are_in_every_format(store):
    from facilitation.domain.plan import parse_plan
    from facilitation.services import participation, sessions

    from ..conftest import small_plan

    code = sessions.create_session(store, parse_plan(small_plan()))
    sessions.move_stage(store, code, "next")
    items = {a["kind"]: a["id"] for a in sessions.read_state(store, code)["stage"]["activities"]}
    for i, (order, allocation) in enumerate([([2, 0, 1], [50, 0, 50]), ([2, 1, 0], [10, 20, 30])]):
        who = participation.join(store, code)
        participation.rank(store, who, f"k{i}", items["ranking"], order)
        participation.give_points(store, who, f"p{i}", items["points"], allocation)
    rec = record.session_record(store, code)
    files = unpack(export.render("csv", rec)[0])
    assert read_csv(files["07-ranking.csv"])[:2] == [["Option", "Average rank", "Ranked 1", "Ranked 2", "Ranked 3"],
                                                     ["Trust", "1.0", "2", "0", "0"]]
    assert read_csv(files["08-points.csv"])[1:] == [["Funding", "60", "30.0", "37.5"], ["Decisions", "20", "10.0", "12.5"],
                                                    ["Trust", "80", "40.0", "50.0"]]
    markdown = export.render("md", rec)[0].decode()
    assert "| Trust | 1 |" in markdown and "| Trust | 80 | 50 |" in markdown
    html = export.render("html", rec)[0].decode()
    assert "Ranking: Put in order" in html and "100 points: Spend 100" in html


def test_the_qna_is_in_every_format_without_the_hidden_question(played):
    from .conftest import QUESTIONS

    rec = record.session_record(played.store, played.code)
    entry = next(a for s in rec["stages"] for a in s["activities"] if a["kind"] == "qna")
    assert [(q["text"], q["votes"], q["status"]) for q in entry["questions"]] == [
        (QUESTIONS[0], 5, "shown"), (QUESTIONS[1], 4, "shown"), (QUESTIONS[2], 0, "hidden")]
    files = unpack(export.render("csv", rec)[0])
    name = next(n for n in files if n.endswith("-qna.csv"))
    assert read_csv(files[name]) == [
        ["Question", "Upvotes", "Answered", "Highlighted", "Signed by"],
        [XSS, "4", "no", "yes", ""], [QUESTIONS[0], "5", "yes", "", played.signed_name],
        [], ["Left out (questions): 1 hidden by the facilitator."]]
    markdown = export.render("md", rec)[0].decode()
    assert "Q&A: Questions for the speakers" in markdown and "2 questions, 1 answered, 9 upvotes." in markdown
    assert "| How do Southern partners set the budget? | 5 | yes | Amina Signed |" in markdown
    assert "<script>" not in markdown and QUESTIONS[2] not in markdown and "Left out (questions): 1 hidden" in markdown
    html = export.render("html", rec)[0].decode()
    assert "Q&amp;A: Questions for the speakers" in html and "&lt;script&gt;" in html and "<script>alert" not in html
    assert QUESTIONS[2] not in html and "Left out (questions): 1 hidden by the facilitator." in html
    book = openpyxl.load_workbook(io.BytesIO(export.render("xlsx", rec)[0]))
    sheet = next(book[n] for n in book.sheetnames if "Questions for the speakers" in n)
    assert [c.value for c in sheet[2]] == ["Question", "Upvotes", "Answered", "Highlighted", "Signed by"]
    assert [c.value for c in sheet[3]][:3] == [XSS, 4, "no"]


def test_a_survey_is_in_every_format(store):
    from facilitation.domain.plan import parse_plan
    from facilitation.services import participation, sessions

    from ..store.test_survey import survey_plan

    plan = survey_plan()
    plan["stages"][0]["activities"][-1]["questions"][2]["options"] = ["Yes", XSS]
    code = sessions.create_session(store, parse_plan(plan))
    sessions.move_stage(store, code, "next")
    survey = [a for a in sessions.read_state(store, code)["stage"]["activities"] if a["kind"] == "survey"][0]["id"]
    for i, (useful, parts, again) in enumerate([(5, [0, 1], [1]), (4, [1], None), (None, None, [0])]):
        who = participation.join(store, code)
        for q, given in enumerate((useful, parts, again)):
            if given is not None:
                participation.answer_question(store, who, f"s{i}{q}", survey, q, given)
    rec = record.session_record(store, code)
    files = unpack(export.render("csv", rec)[0])
    rows = read_csv(files[next(name for name in files if name.endswith("-survey.csv"))])
    assert rows[0] == ["Question", "Answer", "Count", "Percent of respondents", "Respondents", "Mean"]
    assert rows[1] == ["1. How useful was it?", "1 (Not useful)", "0", "0.0", "2", "4.5"]
    assert rows[5] == ["1. How useful was it?", "5 (Very useful)", "1", "50.0", "2", "4.5"]
    assert rows[6:9] == [["2. Which parts helped?", "Talks", "1", "50.0", "2", ""],
                         ["2. Which parts helped?", "Groups", "2", "100.0", "2", ""],
                         ["2. Which parts helped?", "Votes", "0", "0.0", "2", ""]]
    assert rows[9:] == [["3. Again?", "Yes", "1", "50.0", "2", ""], ["3. Again?", XSS, "1", "50.0", "2", ""]]
    index = read_csv(files["index.csv"])
    assert ["10-survey.csv", "Stage 1 · Opening", "survey", "Before you go", "3"] in index
    markdown = export.render("md", rec)[0].decode()
    assert "Survey: Before you go" in markdown and "1. How useful was it? (2 answered; mean 4.5)" in markdown
    assert "| Groups | 2 |" in markdown and "<script>" not in markdown
    html = export.render("html", rec)[0].decode()
    assert "Survey: Before you go" in html and "How useful was it?" in html and "mean 4.5" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    book = openpyxl.load_workbook(io.BytesIO(export.render("xlsx", rec)[0]))
    sheet = book[book.sheetnames[10]]  # after the summary and the nine activities before it (the Q&A the last)
    assert [c.value for c in sheet[3]] == ["1. How useful was it?", "1 (Not useful)", 0, 0.0, 2, 4.5]


def test_hidden_and_pending_items_are_left_out_of_the_readable_exports_with_a_count(store):
    """The JSON record keeps them (tests/store/test_moderation.py); md, html, csv and xlsx say how many."""
    from types import SimpleNamespace

    from facilitation.domain.plan import parse_plan
    from facilitation.services import moderation, participation, sessions
    from tests.conftest import small_plan

    code = sessions.create_session(store, parse_plan(small_plan()))
    sessions.move_stage(store, code, "next")
    items = {a["kind"]: a["id"] for a in sessions.read_state(store, code)["stage"]["activities"]}
    sessions.set_options(store, code, items["board"], {"moderate": True})
    who = participation.join(store, code)
    kept = participation.post_note(store, who, "n1", items["board"], 0, "Approved note")["note"]
    participation.post_note(store, who, "n2", items["board"], 0, "Pending secret note")
    hidden = participation.post_note(store, who, "n3", items["board"], 1, "Hidden secret note")["note"]
    moderation.moderate_item(store, code, items["board"], "approve", kept)
    moderation.moderate_item(store, code, items["board"], "hide", hidden)
    participation.send_answers(store, who, "w1", items["wordcloud"], ["secretword", "fine"])
    moderation.moderate_item(store, code, items["wordcloud"], "hide", "secretword")
    session = SimpleNamespace(store=store, code=code)
    md, html = rendered(session, "md").decode(), rendered(session, "html").decode()
    csvs = unpack(rendered(session, "csv"))
    book = openpyxl.load_workbook(io.BytesIO(rendered(session, "xlsx")))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    csv_cells = [cell for name in csvs for row in read_csv(csvs[name]) for cell in row]
    for text in (md, html, " ".join(csv_cells), " ".join(cells)):
        assert "Approved note" in text
        assert "secret" not in text.lower()
        assert "Left out (notes): 1 hidden by the facilitator, 1 waiting for approval." in text
        assert "Left out (answers): 1 hidden by the facilitator." in text


def test_a_plan_edited_while_it_ran_is_in_every_format_as_it_was_run(store):
    from facilitation.domain.plan import parse_plan
    from facilitation.services import agenda, participation, sessions

    from ..conftest import small_plan

    code = sessions.create_session(store, parse_plan(small_plan()))
    sessions.move_stage(store, code, "next")
    added = agenda.add_activity(store, code, 0, {"kind": "poll", "title": "Added while running",
                                                 "options": ["Keep", "Drop"]})
    agenda.add_stage(store, code, {"kind": "plenary", "title": "Stage added while running", "minutes": 5}, at=1)
    agenda.remove_activity(store, code, agenda.plan_view(store, code)["stages"][3]["activities"][0]["id"])
    sessions.control_activity(store, code, added["id"], "open")
    participation.vote(store, participation.join(store, code), "v1", added["id"], [1])
    rec = record.session_record(store, code)
    assert [s["title"] for s in rec["plan"]["stages"]] == [s["title"] for s in rec["stages"]] == [
        "Opening", "Stage added while running", "Working groups", "Report-back"]
    assert rec["stages"][3]["activities"] == [] and rec["plan"]["stages"][3]["activities"] == []
    assert rec["stages"][0]["activities"][-1]["results"]["counts"] == [0, 1]
    record.check_record(rec)
    markdown = export.render("md", rec)[0].decode()
    html = export.render("html", rec)[0].decode()
    sheets = openpyxl.load_workbook(io.BytesIO(export.render("xlsx", rec)[0])).worksheets
    cells = " ".join(str(c.value) for sheet in sheets for row in sheet.iter_rows() for c in row if c.value)
    tables = b" ".join(unpack(export.render("csv", rec)[0]).values()).decode("utf-8", "replace")
    for text in (markdown, html, cells, tables):
        assert "Added while running" in text and "Later" not in text
    for text in (markdown, html):
        assert "Stage added while running" in text


def test_clusters_and_dots_are_in_every_format(store):
    from facilitation.domain.plan import parse_plan
    from facilitation.services import clusters, dots, participation, sessions

    from ..conftest import small_plan

    code = sessions.create_session(store, parse_plan(small_plan()))
    sessions.move_stage(store, code, "next")
    board = [a for a in sessions.read_state(store, code)["stage"]["activities"] if a["kind"] == "board"][0]["id"]
    a, b = participation.join(store, code), participation.join(store, code)
    n1 = participation.post_note(store, a, "n1", board, 0, "Short grant cycles")["note"]
    participation.post_note(store, b, "n1", board, 1, "Pooled funds")
    funding = clusters.add(store, code, board, "Funding")["clusters"][0]["id"]
    clusters.place(store, code, board, n1, funding)
    dots.set_phase(store, code, board, "vote", 3, True)
    for who, cid in ((a, "d1"), (a, "d2"), (b, "d1")):
        dots.add_dot(store, who, cid, board, n1)
    rec = record.session_record(store, code)
    rows = read_csv(unpack(export.render("csv", rec)[0])["02-board.csv"])
    assert rows[0] == ["Column", "Note", "Signed by", "Posted at", "Cluster", "Dots"]
    assert [r[:2] + r[4:] for r in rows[1:3]] == [["Challenges", "Short grant cycles", "Funding", "3"],
                                                 ["Solutions", "Pooled funds", "", "0"]]
    assert rows[3:] == [[], ["Cluster", "Notes", "Dots"], ["Funding", "1", "3"]]
    sheet = openpyxl.load_workbook(io.BytesIO(export.render("xlsx", rec)[0]))["02 Reflections"]
    assert [c.value for c in sheet[3]][4:] == ["Funding", 3]
    markdown = export.render("md", rec)[0].decode()
    assert "| Funding | 1 | 3 |" in markdown and "- Short grant cycles (cluster: Funding; 3 dots)" in markdown
    assert "2 people gave 3 dots (3 each)." in markdown
    html = export.render("html", rec)[0].decode()
    assert "<td>Funding</td><td class=\"num\">1</td><td class=\"num\">3</td>" in html and "3 dots" in html


def test_promoted_items_and_the_cross_group_vote_are_in_every_format(store):
    from facilitation.domain.plan import parse_plan
    from facilitation.services import crossvote, participation, promotions, sessions

    from ..conftest import small_plan

    plan = small_plan()
    plan["stages"][2]["activities"] = [{"kind": "crossvote", "title": "What matters most?"}]
    code = sessions.create_session(store, parse_plan(plan))
    sessions.move_stage(store, code, "goto", 1)
    red, blue = [a["id"] for a in sessions.read_state(store, code)["stage"]["activities"]]
    a, b = participation.join(store, code), participation.join(store, code)
    participation.choose_group(store, a, "g1", "g1")
    participation.choose_group(store, b, "g2", "g2")
    n1 = participation.post_note(store, a, "n1", red, 0, "Trust takes time")["note"]
    n2 = participation.post_note(store, b, "n1", blue, 0, XSS)["note"]
    first = promotions.promote(store, code, "note", n1)["promoted"][0]["id"]
    second = promotions.promote(store, code, "note", n2)["promoted"][1]["id"]
    sessions.move_stage(store, code, "next")
    vote = sessions.read_state(store, code)["stage"]["activities"][0]["id"]
    for who, cid, item in ((a, "c1", second), (b, "c1", second), (b, "c2", first)):
        crossvote.add_dot(store, who, cid, vote, item)
    rec = record.session_record(store, code)
    files = unpack(export.render("csv", rec)[0])
    name = next(n for n in files if n.endswith("-crossvote.csv"))
    assert read_csv(files[name]) == [["Rank", "Group", "Kind", "Item", "Dots"], ["1", "Blue", "note", XSS, "2"],
                                     ["2", "Red", "note", "Trust takes time", "1"]]
    summary = read_csv(files["summary.csv"])
    assert ["2", "Red", "note", "Trust takes time", "Notes"] in summary and ["2", "Blue", "note", XSS, "Notes"] in summary
    book = openpyxl.load_workbook(io.BytesIO(export.render("xlsx", rec)[0]))
    assert any(row == ("1", "Blue", "note", XSS, 2) or list(row)[:5] == [1, "Blue", "note", XSS, 2]
               for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    markdown = export.render("md", rec)[0].decode()
    assert "| 2 | Red | Trust takes time | 1 |" in markdown and "- Red, note: Trust takes time (Notes)" in markdown
    assert "<script>" not in markdown
    html = export.render("html", rec)[0].decode()
    assert "<td>Red</td><td dir=\"auto\">Trust takes time</td><td>1</td>" in html
    assert "Promoted to the plenary" in html and "<script>" not in html
    assert json.loads(export.render("json", rec)[0])["stages"][1]["promoted"][0]["label"] == "Trust takes time"
