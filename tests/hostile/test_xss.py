"""A corpus of XSS payloads in notes, Q&A questions, display names and every text of a plan comes out inert.

Server-rendered pages escape it; the JSON export keeps it as the literal string; the HTML report
escapes it; and in headless Chromium the board and the phone show it as text: no element of it is
created, no dialog opens, the title stays what the server sent.
"""
import html
import json

import pytest
from markupsafe import escape

from ..browser.conftest import browser, page_errors, signed_in  # noqa: F401 (fixtures)
from ..conftest import TOKEN
from ..live.server import Server

# Every tag carries class=xss, so a browser that made an element of it would be caught by ".xss".
CORPUS = [
    "<script class=xss>alert('xss')</script>",
    "<img class=xss src=x onerror=\"alert('xss')\">",
    "<svg class=xss onload=alert('xss')>",
    "<svg class=xss><script>alert('xss')</script></svg>",
    "\"><script class=xss>document.title='xss'</script>",
    "'><img class=xss src=x onerror=alert(1)>",
    "javascript:alert('xss')",
    "<a class=xss href=\"javascript:alert('xss')\">click me</a>",
    "<iframe class=xss src=\"javascript:alert('xss')\"></iframe>",
    "<body class=xss onload=alert('xss')>",
    "{{7*7}} {{config.SECRET_KEY}}",
    "{% print(7*7) %} ${7*7} #{7*7}",
    "\u202egnp.exe \u202dRight-to-left override",
    "<style class=xss>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img class=xss src=x onerror=alert(1)>",
    "<details class=xss open ontoggle=alert('xss')>",
    "<input class=xss autofocus onfocus=alert('xss')>",
    "</textarea><script class=xss>alert('xss')</script>",
    "</title><script class=xss>document.title='xss'</script>",
    "<!--<img src=\"--><img class=xss src=x onerror=alert(1)//\">",
    "&lt;script&gt;alert('xss')&lt;/script&gt;",
    "<meta class=xss http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "%3Cscript%3Ealert('xss')%3C/script%3E",
    "<object class=xss data=\"data:text/html,<script>alert(1)</script>\"></object>",
]
NAMES = [p for p in CORPUS if len(p) <= 40][:4]  # display names are 40 characters at most
DANGER = ".xss, [onerror], [onload], [onfocus], [ontoggle], iframe, object, embed, meta[http-equiv], " \
         "script:not([src]), a[href^='javascript:' i]"


def hostile_plan() -> dict:
    """A plan whose every piece of text is a payload (labels are 80 characters at most)."""
    c = CORPUS
    labels = [p for p in CORPUS if len(p) <= 80]
    return {
        "title": c[4], "description": c[1],
        "stages": [
            {"kind": "plenary", "title": c[18], "minutes": 10, "description": c[0], "activities": [
                {"kind": "talk", "title": c[2], "speaker": c[5], "description": c[14]},
                {"kind": "poll", "title": c[3], "options": labels[6:10]},
                {"kind": "board", "title": c[7], "columns": labels[10:13], "note_limit": 1000},
                {"kind": "qna", "title": c[19], "question_limit": 1000, "max_questions": 20},
                {"kind": "survey", "title": c[8], "questions": [
                    {"kind": "choice", "text": c[19], "options": labels[20:23], "multiple": True},
                    {"kind": "scale", "text": c[21], "min_label": labels[17], "max_label": labels[18]}]},
            ]},
            {"kind": "groups", "title": c[10], "minutes": 10, "groups": [
                {"name": labels[13], "description": c[15],
                 "activities": [{"kind": "board", "title": c[16]}]},
                {"name": labels[14], "activities": [{"kind": "poll", "title": c[17],
                                                     "options": [labels[15], labels[16]]}]},
            ]},
        ],
    }


def strings(value):
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def plan_strings() -> set:
    return set(strings(hostile_plan())) - {"plenary", "groups", "talk", "poll", "board", "survey", "choice", "scale", "qna"}


def test_the_corpus_fits_the_rules():
    assert len(CORPUS) >= 20 and len(NAMES) == 4
    assert len(plan_strings()) >= 18  # titles, descriptions, options, columns, group names


@pytest.fixture
def hostile_session(client, auth, connect):
    """A session of the hostile plan in its plenary, every payload posted as a note and asked as a question,
    signed by hostile names."""
    made = client.post("/api/sessions", json={"plan": hostile_plan()}, headers=auth)
    assert made.status_code == 201, made.get_json()
    code = made.get_json()["code"]
    client.post(f"/api/sessions/{code}/stage", json={"action": "next"}, headers=auth)
    phones = []
    for name in NAMES:
        phone = connect()
        ack = phone.emit("join", {"code": code, "name": name}, callback=True)
        assert ack["ok"] and ack["name"] == name, ack
        phones.append(phone)
    board, qna = ack["state"]["stage"]["activities"][2]["id"], ack["state"]["stage"]["activities"][3]["id"]
    for i, text in enumerate(CORPUS):
        reply = phones[i % 4].emit("note", {"id": f"n{i}", "activity": board, "column": i % 3, "text": text,
                                           "signed": True}, callback=True)
        assert reply["ok"], (text, reply)
        reply = phones[i % 4].emit("ask", {"id": f"q{i}", "activity": qna, "text": text, "signed": True}, callback=True)
        assert reply["ok"], (text, reply)
    cluster_notes(code, board, lambda method, path, body: client.open(
        path, method=method, json=body, headers=auth).get_json())
    return code


CLUSTERS = [p for p in CORPUS if len(p) <= 80][:6]  # cluster names are 80 characters at most


def cluster_notes(code, board, call):
    """Clusters named with payloads, a note in each, and the board in its voting phase."""
    base = f"/api/sessions/{code}/activities/{board}"
    for name in CLUSTERS:
        call("POST", f"{base}/clusters", {"name": name})
    view = call("GET", f"{base}/results", None)["results"]
    for cluster, note in zip(view["clusters"], view["notes"]):
        assert call("PUT", f"{base}/notes/{note['id']}/cluster", {"cluster": cluster["id"]})["ok"]
    assert call("POST", f"{base}/phase", {"phase": "vote"})["ok"]
    return view["notes"]


def test_the_json_export_keeps_every_payload_as_the_literal_string(hostile_session, client, auth):
    record = client.get(f"/api/sessions/{hostile_session}/export?format=json", headers=auth).get_json()
    assert record["session"]["title"] == hostile_plan()["title"]
    found = set(strings(record))
    assert plan_strings() <= found
    assert set(CORPUS) <= found and set(NAMES) <= found  # the notes and their signatures
    assert set(CLUSTERS) <= found
    for payload in CORPUS:
        if "<" in payload:  # kept as it was written: not escaped on the way in or out
            assert html.escape(payload) not in found and html.escape(payload, quote=False) not in found


def _assert_escaped(body: str, payload: str, where: str):
    assert str(escape(payload)) in body, (where, payload)  # Jinja's escaping, as text
    if any(ch in payload for ch in "<>"):
        assert payload not in body, (where, payload)


def test_server_rendered_pages_escape_every_payload(app, client, auth):
    """Each payload as a session title: the phone, board and console pages show it escaped."""
    client.get(f"/console?token={TOKEN}")  # sign this browser into the console
    plan = hostile_plan()
    codes = {}
    for payload in CORPUS:
        made = client.post("/api/sessions", json={"plan": {**plan, "title": payload}}, headers=auth).get_json()
        codes[payload] = made["code"]
    home = client.get("/console").get_data(as_text=True)
    for payload, code in codes.items():
        for path in (f"/j/{code}", f"/board/{code}", f"/console/{code}"):
            page = client.get(path)
            assert page.status_code == 200, path
            body = page.get_data(as_text=True)
            _assert_escaped(body, payload, path)
            assert "49" not in body.split("<body", 1)[0] or "{{7*7}}" not in payload  # not evaluated in the head
            csp = page.headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
        assert "<script class=xss" not in home
    # A payload in the address is escaped on the not-found page too.
    for payload in CORPUS[:6]:
        page = client.get("/j/" + payload.replace("/", "%2F").replace("?", "%3F").replace("#", "%23"))
        assert page.status_code in (404, 308), page.status_code
        assert payload not in page.get_data(as_text=True)


def test_the_html_report_escapes_every_payload(hostile_session, client, auth):
    report = client.get(f"/api/sessions/{hostile_session}/export?format=html", headers=auth)
    assert report.status_code == 200
    body = report.get_data(as_text=True)
    for payload in plan_strings() | set(CORPUS) | set(NAMES):
        if any(ch in payload for ch in "<>"):
            assert payload not in body, payload
    for name in CLUSTERS:
        assert str(escape(name)) in body, name
    assert "<script" not in body.replace("&lt;script", "")
    assert "default-src 'none'" in report.headers["Content-Security-Policy"]


@pytest.fixture
def live(tmp_path):
    s = Server(tmp_path, "eventlet").start()
    yield s
    s.stop()


@pytest.mark.browser
def test_the_board_and_the_phone_show_the_corpus_as_text(browser, live, page_errors):  # noqa: F811
    server = live
    """One session, every payload in the plan, in notes and in names; the board and a phone, loaded once."""
    import socketio

    made = server.api("POST", "/api/sessions", json={"plan": hostile_plan()})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    phones = []
    for name in NAMES:
        phone = socketio.Client(reconnection=False)
        phone.connect(server.url, transports=["websocket"], wait_timeout=10)
        ack = phone.call("join", {"code": code, "name": name}, timeout=10)
        assert ack["ok"], ack
        phones.append(phone)
        ack_token = ack_token if phones[1:] else ack["token"]
    activities = ack["state"]["stage"]["activities"]
    poll, board_id, qna = activities[1]["id"], activities[2]["id"], activities[3]["id"]
    for i, text in enumerate(CORPUS):
        reply = phones[i % 4].call("note", {"id": f"n{i}", "activity": board_id, "column": i % 3, "text": text,
                                            "signed": True}, timeout=10)
        assert reply["ok"], reply
        asked = phones[i % 4].call("ask", {"id": f"q{i}", "activity": qna, "text": text, "signed": True}, timeout=10)
        assert asked["ok"], asked
        if i % 4:  # the questions get upvotes from the phone that did not ask them, so the order changes
            assert phones[0].call("upvote", {"id": f"u{i}", "activity": qna, "question": asked["question"]},
                                  timeout=10)["ok"]
    assert phones[0].call("vote", {"id": "v1", "activity": poll, "choices": [1]}, timeout=10)["ok"]
    notes = cluster_notes(code, board_id, lambda method, path, body: server.api(method, path, json=body))
    assert phones[1].call("dot.add", {"id": "d1", "activity": board_id, "note": notes[1]["id"]}, timeout=10)["ok"]

    survey = activities[4]["id"]
    assert phones[1].call("survey", {"id": "s1", "activity": survey, "question": 0, "answer": [0, 2]}, timeout=10)["ok"]
    assert phones[1].call("survey", {"id": "s2", "activity": survey, "question": 1, "answer": 4}, timeout=10)["ok"]

    dialogs = []
    pages = {}
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    board = page_errors(context.new_page(), "board")
    board.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    board.goto(made["board_url"])
    served_title = board.title()
    board.locator(".note-text").nth(len(CORPUS) - 1).wait_for(timeout=15000)
    board.locator(".board-panel-qna .question-text").nth(11).wait_for(timeout=15000)
    pages["board"] = board

    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    # The phone of the first author: its own notes (edit, delete) and the dot-voting list carry payloads too.
    phone_context.add_init_script(f"localStorage.setItem({json.dumps('baraza:token:' + code)}, {json.dumps(ack_token)})")
    phone_page = page_errors(phone_context.new_page(), "phone")
    phone_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    phone_page.goto(made["join_url"])
    phone_title = phone_page.title()
    phone_page.wait_for_selector(".connection-ok")
    phone_page.locator(".poll-form").first.wait_for()
    phone_page.locator(".activity-qna .question-text").nth(len(CORPUS) - 1).wait_for(timeout=15000)
    phone_page.locator(".own-note-text").nth(len(CORPUS) // 4 - 1).wait_for()
    phone_page.locator(".dot-note").nth(len(CORPUS) - 1).wait_for()
    pages["phone"] = phone_page
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    console.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    console.goto(made["console_url"])
    console.locator(".cluster-title").nth(len(CLUSTERS) - 1).wait_for()
    pages["console"] = console
    phone_page.wait_for_timeout(500)  # let anything that would run, run

    for name, page in pages.items():
        created = page.eval_on_selector_all(DANGER, "els => els.map(e => e.outerHTML.slice(0, 120))")
        assert created == [], (name, created)
        text = page.evaluate("document.body.innerText")
        assert hostile_plan()["stages"][0]["title"] in text, name  # the stage title, as text
    board_text = board.evaluate("document.body.innerText")
    for payload in CORPUS:
        assert payload.strip() in board_text or payload in board.eval_on_selector_all(
            ".note-text", "els => els.map(e => e.textContent)"), payload
    for name in NAMES:
        assert name in board_text, name
    questions = phone_page.eval_on_selector_all(".activity-qna .question-text", "els => els.map(e => e.textContent)")
    assert sorted(questions) == sorted(CORPUS)  # every question, on the phone, as its literal text
    for page in (board, console):
        assert sorted(page.eval_on_selector_all(".cluster-title bdi", "els => els.map(e => e.textContent)")) == sorted(CLUSTERS)
    own = phone_page.eval_on_selector_all(".own-note-text", "els => els.map(e => e.textContent)")
    assert own == [CORPUS[i].strip() for i in range(0, len(CORPUS), 4)]

    phone_page.locator(".phone-results .survey-question").first.wait_for()  # the survey's results, on the phone too
    phone_text = phone_page.evaluate("document.body.innerText")
    survey = hostile_plan()["stages"][0]["activities"][4]
    for option in hostile_plan()["stages"][0]["activities"][1]["options"] + survey["questions"][0]["options"]:
        assert option in phone_text, option
    for question in survey["questions"]:
        assert question["text"].strip() in phone_text and question["text"].strip() in board_text, question["text"]
    assert survey["questions"][1]["max_label"] in board_text
    assert dialogs == []
    assert board.title() == served_title and "xss" != served_title
    assert phone_page.title() == phone_title
    assert hostile_plan()["title"] in served_title
    assert page_errors.seen == []
    for phone in phones:
        phone.disconnect()
    context.close()
    phone_context.close()


@pytest.mark.browser
def test_the_console_queue_and_a_blurred_board_show_the_corpus_as_text(browser, live, page_errors):  # noqa: F811
    """Every payload as a queued note and a queued word: the console's queue shows each as text; a blurred
    board shows cards without any of them."""
    import socketio

    from ..browser.conftest import signed_in

    plan = {"title": "Queue", "stages": [{"kind": "plenary", "title": "Q", "minutes": 10, "activities": [
        {"kind": "board", "title": "Notes", "note_limit": 1000, "moderate": True, "blur": True, "hide_results": True},
        {"kind": "wordcloud", "title": "Words", "max_answers": 10, "max_words": 3, "moderate": True}]}]}
    made = live.api("POST", "/api/sessions", json={"plan": plan})
    code = made["code"]
    live.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    phone = socketio.Client(reconnection=False)
    phone.connect(live.url, transports=["websocket"], wait_timeout=10)
    ack = phone.call("join", {"code": code}, timeout=10)
    board_id, cloud_id = (a["id"] for a in ack["state"]["stage"]["activities"])
    for i, text in enumerate(CORPUS):
        assert phone.call("note", {"id": f"n{i}", "activity": board_id, "text": text}, timeout=10)["status"] == "pending"
    words = [p for p in CORPUS if len(p) <= 40 and len(p.split()) <= 3][:10]
    assert phone.call("answers", {"id": "w1", "activity": cloud_id, "answers": words}, timeout=10)["ok"]
    for text in CORPUS[:5]:  # approved, so the blurred board has cards
        live.api("POST", f"/api/sessions/{code}/activities/{board_id}/moderation",
                 json={"action": "approve", "item": next(i["id"] for i in live.api(
                     "GET", f"/api/sessions/{code}/activities/{board_id}/moderation")["moderation"]["items"]
                     if i["text"] == text)})
    dialogs = []
    console = page_errors(signed_in(browser, live, viewport={"width": 1400, "height": 1000}).new_page(), "console")
    console.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    console.goto(made["console_url"])
    console.locator(".moderation-queue .moderation-item").nth(len(CORPUS) - 5 + len(words) - 1).wait_for()
    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
    board.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    board.goto(made["board_url"])
    board.locator(".note-blurred").nth(4).wait_for()
    board.wait_for_timeout(300)
    for page in (console, board):
        assert page.eval_on_selector_all(DANGER, "els => els.map(e => e.outerHTML.slice(0, 120))") == []
    shown = console.eval_on_selector_all(".moderation-text", "els => els.map(e => e.textContent)")
    assert set(CORPUS[5:]) <= set(shown) and set(words) - set(CORPUS[:5]) <= set(shown)
    assert not [p for p in CORPUS if len(p) > 12 and p in board.evaluate("document.body.innerText")]
    assert dialogs == [] and page_errors.seen == []
    phone.disconnect()


def test_the_console_plan_shows_the_corpus_as_text(browser, live, page_errors):  # noqa: F811
    """The console's plan panel: the hostile plan, and payloads added to it while it runs, as text."""
    from ..browser.conftest import signed_in

    server = live
    code = server.api("POST", "/api/sessions", json={"plan": hostile_plan()})["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    labels = [p for p in CORPUS if len(p) <= 80]
    added = []
    for i, payload in enumerate(CORPUS[:8]):
        answer = server.api("POST", f"/api/sessions/{code}/plan/stages/1/activities", json={
            "group": "g1", "activity": {"kind": "poll", "title": payload, "options": labels[i:i + 2]}})
        assert answer["ok"], answer
        added.append(payload)
    answer = server.api("POST", f"/api/sessions/{code}/plan/stages", json={
        "stage": {"kind": "groups", "title": CORPUS[19], "minutes": 5,
                  "groups": [{"name": labels[20]}, {"name": labels[21]}]}})
    assert answer["ok"], answer

    dialogs = []
    page = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server.url}/console/{code}")
    page.locator('[data-plan-stage="2"]').wait_for(timeout=15000)
    page.wait_for_timeout(500)  # let anything that would run, run
    assert page.eval_on_selector_all(DANGER, "els => els.map(e => e.outerHTML.slice(0, 120))") == []
    titles = page.eval_on_selector_all(".plan-stage-title, .plan-activity-title, .plan-group h4",
                                       "els => els.map(e => e.textContent)")
    for payload in added + [hostile_plan()["stages"][1]["groups"][0]["name"], labels[20]]:
        assert any(payload in t for t in titles), payload
    assert any(CORPUS[19] in t for t in titles)
    assert dialogs == [] and page_errors.seen == []
