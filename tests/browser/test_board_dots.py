"""A retrospective board in real browsers: a phone writes, edits and deletes its own notes; the
facilitator clusters them in the console by drag and drop (and with the keyboard); the phones
dot-vote within their budget; the board shows the clusters with their totals."""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import PHONE, AnswerHold, axe_violations, screenshot_of, signed_in

pytestmark = pytest.mark.browser

PLAN = {"title": "Rethinking ownership and control within advocacy partnerships", "stages": [
    {"kind": "plenary", "title": "Challenges to Southern ownership", "minutes": 30, "activities": [
        {"kind": "board", "title": "What stands in the way of Southern ownership?",
         "columns": ["Challenges", "Solutions"], "dots": 2, "stacking": False}]}]}
GRIP = {"x": 12, "y": 12}  # the note's text, where a pointer picks it up (not its cluster list)
OTHERS = [("Funding decided in the North", 0), ("Reporting in donor templates", 0), ("Pooled funds run by partners", 1),
          ("Short project cycles", 0), ("Southern co-chairs on the steering group", 1)]


def cluster(page, name):
    return page.locator(".cluster[data-cluster]").filter(has=page.locator(".cluster-title bdi", has_text=name))


def drag_into(page, note, name, tries=3):
    """Drag a note by its text into a cluster with the mouse: press on the note, move onto the
    cluster, release. Raw mouse steps, not ``drag_to``: that one checks the element under the pointer
    at the press, and a snapshot that redrew the board just before (a new node, the same note) made
    it cancel the press while Chromium went on to start the drag, which then never ended (seen with
    an event log: pointerdown and dragstart, no mousedown, no drop). If the board moved between
    reading where the note is and the press, the gesture picks up nothing: drag again."""
    for attempt in range(tries):
        source = page.locator(".console-note", has_text=note)
        # Where the note and the cluster are, read in one go (a snapshot may redraw the board at any time).
        at, to = page.evaluate("""([note, zone]) => {
          note.scrollIntoView({ block: 'center' });
          const box = (n) => { const r = n.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
          return [box(note), box(zone)];
        }""", [source.element_handle(), cluster(page, name).element_handle()])
        page.mouse.move(at["x"] + GRIP["x"], at["y"] + GRIP["y"])
        page.mouse.down()
        page.mouse.move(to["x"] + to["width"] / 2, to["y"] + to["height"] / 2, steps=5)
        page.mouse.up()
        try:
            cluster(page, name).locator(".console-note", has_text=note).wait_for(timeout=5000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def test_write_edit_delete_cluster_and_dot_vote(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})

    phone = page_errors(browser.new_context(**PHONE, bypass_csp=True).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    for text in ("Agenda set by funders", "Typo note"):
        phone.get_by_label("Your note", exact=True).fill(text)
        phone.get_by_role("button", name="Post", exact=True).click()
        phone.get_by_text(f"You have posted").wait_for()
    phone.locator(".own-note").nth(1).wait_for()
    phone.get_by_role("button", name="Edit: Agenda set by funders").click()
    phone.get_by_label("Edit your note").fill("Agendas set by funders, not by partners")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_text("Your note is changed").first.wait_for()
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Delete: Typo note").click()
    phone.get_by_text("Your note is deleted").first.wait_for()
    assert phone.locator(".own-note-text").all_text_contents() == ["Agendas set by funders, not by partners"]

    clients = []
    try:
        for n, (text, column) in enumerate(OTHERS):
            c = server.client()
            activity = c.call("join", {"code": code}, timeout=10)["state"]["stage"]["activities"][0]["id"]
            assert c.call("note", {"id": f"n{n}", "activity": activity, "column": column, "text": text}, timeout=10)["ok"]
            clients.append(c)

        console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1100}).new_page(), "console")
        console.goto(made["console_url"])
        console.locator(".console-note", has_text="Pooled funds run by partners").wait_for()
        for name in ("Funding", "Power", "Later"):
            console.get_by_label("Name of a new cluster on What stands in the way of Southern ownership?").fill(name)
            console.get_by_role("button", name="Add cluster").click()
            console.locator(".cluster-title", has_text=name).wait_for()
        console.once("dialog", lambda dialog: dialog.accept())  # "Remove the cluster …? Its notes stay"
        console.get_by_role("button", name="Remove the cluster Later").click()
        console.locator(".cluster-title", has_text="Later").wait_for(state="detached")
        console.once("dialog", lambda dialog: dialog.accept("Power dynamics"))
        console.get_by_role("button", name="Rename the cluster Power").click()
        console.locator(".cluster-title", has_text="Power dynamics").wait_for()
        # Drag and drop with the mouse...
        drag_into(console, "Funding decided in the North", "Funding")
        drag_into(console, "Pooled funds run by partners", "Funding")
        # ... and the keyboard's way: each note's cluster list.
        console.get_by_label("Cluster of the note “Agendas set by funders, not by partners”").select_option(label="Power dynamics")
        console.get_by_label("Cluster of the note “Southern co-chairs on the steering group”").select_option(label="Power dynamics")
        cluster(console, "Power").get_by_text("2 notes").wait_for()
        cluster(console, "Funding").get_by_text("2 notes").wait_for()
        console.get_by_role("button", name="Start dot voting").click()
        console.get_by_text("Dot voting has started").wait_for()

        phone.get_by_text("2 of 2 dots left").wait_for()
        phone.get_by_role("button", name="Put a dot on: Agendas set by funders, not by partners").click()
        phone.get_by_text("1 of 2 dots left").wait_for()
        # One dot per note on this board: the same note cannot take a second.
        assert phone.get_by_role("button", name="Put a dot on: Agendas set by funders, not by partners").is_disabled()
        phone.get_by_role("button", name="Put a dot on: Funding decided in the North").click()
        phone.get_by_text("0 of 2 dots left").wait_for()
        assert phone.get_by_role("button", name="Put a dot on: Short project cycles").is_disabled()
        phone.get_by_role("button", name="Take a dot back from: Funding decided in the North").click()
        phone.get_by_text("1 of 2 dots left").wait_for()
        phone.get_by_role("button", name="Put a dot on: Pooled funds run by partners").click()
        phone.get_by_text("0 of 2 dots left").wait_for()
        assert axe_violations(phone) == []
        small = phone.evaluate("""() => Array.from(document.querySelectorAll('.dot-voting button, .own-notes button'))
            .map((e) => e.getBoundingClientRect()).filter((r) => r.height < 44 || r.width < 44).length""")
        assert small == 0
        phone.evaluate("document.querySelector('.dot-voting').scrollIntoView()")
        phone.screenshot(path=str(shots / "phone-dots.png"))

        notes = {n["text"]: n["id"] for n in server.api(
            "GET", f"/api/sessions/{code}/activities/{activity}/results")["results"]["notes"]}
        for n, c in enumerate(clients):
            for k, text in enumerate(["Funding decided in the North", "Southern co-chairs on the steering group",
                                      "Short project cycles"][: 1 + n % 2]):
                assert c.call("dot.add", {"id": f"d{k}", "activity": activity, "note": notes[text]}, timeout=10)["ok"]
    finally:
        for c in clients:
            c.disconnect()

    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
    board.goto(made["board_url"])
    board.get_by_text("9 dots").first.wait_for()
    funding = board.locator(".cluster").filter(has=board.locator(".cluster-title bdi", has_text="Funding"))
    funding.get_by_text("2 notes · 6 dots").wait_for()  # 5 on one note, 1 on the other
    board.locator(".cluster").filter(has=board.locator(".cluster-title bdi", has_text="Power")).get_by_text("2 notes · 3 dots").wait_for()
    assert funding.locator(".note-text").first.text_content() == "Funding decided in the North"
    board.screenshot(path=str(shots / "board-dots.png"))
    console.get_by_text("9 dots from 6 people").wait_for()
    console.locator(".console-activity-board").scroll_into_view_if_needed()
    screenshot_of(console.locator(".console-activity-board"), str(shots / "console-clusters.png"))
    assert page_errors.seen == []


def test_the_builder_sets_a_boards_dots(browser, server, page_errors):
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    console.goto(f"{server.url}/console")
    console.fill("#builder-title", "Retrospective")
    console.fill("#b-s0-title", "Write, cluster, vote")
    console.get_by_role("button", name="Sticky-note board").first.click()
    console.get_by_label("Prompt").fill("What held us back?")
    console.get_by_label("Dots each for the voting").fill("5")
    console.get_by_label("Several dots on one note allowed").uncheck()
    console.click("#builder-submit")
    console.wait_for_url(lambda url: "/console/" in url and len(url.rsplit("/", 1)[1]) == 6)
    code = console.url.rsplit("/", 1)[1]
    console.get_by_role("button", name="Next stage").click()
    console.get_by_role("button", name="Start dot voting").wait_for()
    assert console.get_by_label("Dots per participant on What held us back?").input_value() == "5"
    board = server.api("GET", f"/api/sessions/{code}")["state"]["stage"]["activities"][0]
    assert (board["dots"], board["stacking"], board["phase"]) == (5, False, "write")
    assert page_errors.seen == []


VOTE = {"title": "Dots", "stages": [{"kind": "plenary", "title": "Vote", "minutes": 10, "activities": [
    {"kind": "board", "title": "What matters most?", "columns": ["Ideas"], "dots": 3}]}]}


def test_a_dot_stays_on_the_phone_when_an_older_read_of_the_notes_answers_after_it(browser, server, page_errors):
    """A new note makes every voting phone read the notes again (`notes.get`, with its own dots). A
    dot tapped while that read is out may be acknowledged first; the read, answered after it, was
    taken before the dot: applied, it took the dot off the phone (dot voting is silent, so nothing
    read it again) and the phone offered a dot it no longer had. The read's answer is held back on
    the phone's socket, so the test does not depend on timing."""
    made = server.api("POST", "/api/sessions", json={"plan": VOTE})
    code = made["code"]
    board = server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})["state"]["stage"]["activities"][0]["id"]
    writer = server.client()
    try:
        assert writer.call("join", {"code": code}, timeout=10)["ok"]
        assert writer.call("note", {"id": "n1", "activity": board, "text": "Shared funding"}, timeout=10)["ok"]
        assert server.api("POST", f"/api/sessions/{code}/activities/{board}/phase", json={"phase": "vote", "dots": 3})["ok"]
        context = browser.new_context(**PHONE)
        hold = AnswerHold(context, "notes.get", armed=False)
        phone = page_errors(context.new_page(), "phone")
        phone.goto(made["join_url"])
        add = phone.get_by_role("button", name="Put a dot on: Shared funding")
        add.wait_for()
        hold.arm()
        assert writer.call("note", {"id": "n2", "activity": board, "text": "Longer cycles"}, timeout=10)["ok"]
        hold.wait_held(phone)  # the phone reads the notes again; its answer waits
        add.click()
        phone.get_by_text("2 of 3 dots left").wait_for()
        hold.release(phone)  # the read sent before the dot answers after it
        phone.get_by_role("button", name="Put a dot on: Longer cycles").wait_for()
        assert phone.get_by_text("2 of 3 dots left").is_visible(), "an older read took the phone's dot away"
        assert phone.get_by_role("button", name="Take a dot back from: Shared funding").is_enabled()
    finally:
        writer.disconnect()
    assert page_errors.seen == []
