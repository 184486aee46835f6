"""A phone on venue Wi-Fi: it loses the connection, keeps what was typed, and sends each answer once."""
import json
import time

import pytest

from ..conftest import small_plan
from .conftest import PHONE

pytestmark = pytest.mark.browser


def activities(server, code) -> dict:
    state = server.api("GET", f"/api/sessions/{code}")["state"]
    return {a["title"]: a["id"] for a in state["stage"]["activities"]}


def stored(server, code, activity) -> dict:
    """What the server has stored for an activity (the facilitator's API: always the full results)."""
    return server.api("GET", f"/api/sessions/{code}/activities/{activity}/results")["results"]


def open_phone(browser, server, page_errors, code, name="phone"):
    context = browser.new_context(**PHONE)
    page = page_errors(context.new_page(), name)
    page.goto(f"{server.url}/j/{code}")
    page.wait_for_selector(".connection-ok")
    page.locator(".poll-form").first.wait_for()
    return context, page


def test_a_phone_that_goes_offline_keeps_what_was_typed_and_sends_it_once(browser, server, page_errors):
    code = server.create(small_plan())
    ids = activities(server, code)
    context, phone = open_phone(browser, server, page_errors, code)

    context.set_offline(True)
    phone.wait_for_selector(".connection-offline")
    poll = phone.locator(".activity", has_text="Warm-up")
    poll.locator(".choice", has_text="Maybe").click()
    poll.locator("button[type=submit]").click()
    poll.get_by_text("Your vote will be sent when the connection is back.").wait_for()
    board = phone.locator(".activity", has_text="Reflections")
    board.locator("select").select_option(label="Solutions")
    board.locator("textarea").fill("Budgets are decided in the North")
    board.locator("button[type=submit]").click()
    board.get_by_text("1 note will be sent when the connection is back.").wait_for()
    board.locator("textarea").fill("Half-typed: partners should")  # typed, not posted yet

    # Nothing has reached the server while the phone is offline.
    time.sleep(1)
    assert stored(server, code, ids["Warm-up"])["counts"] == [0, 0, 0]
    assert stored(server, code, ids["Reflections"])["notes"] == []
    outbox = json.loads(phone.evaluate(f"localStorage.getItem('baraza:outbox:{code}')"))
    assert [item["event"] for item in outbox] == ["vote", "note"]

    context.set_offline(False)
    phone.wait_for_selector(".connection-ok", timeout=20000)
    poll.get_by_text("Your vote is in").first.wait_for()
    board.get_by_text("Posted", exact=True).wait_for()
    assert board.locator("textarea").input_value() == "Half-typed: partners should"

    results = stored(server, code, ids["Warm-up"])
    assert results["counts"] == [0, 0, 1] and results["voters"] == 1
    notes = stored(server, code, ids["Reflections"])["notes"]
    assert [(n["column"], n["text"]) for n in notes] == [(1, "Budgets are decided in the North")]

    # Reloading the page keeps the half-typed note and sends nothing again.
    phone.reload()
    phone.wait_for_selector(".connection-ok")
    board = phone.locator(".activity", has_text="Reflections")
    assert board.locator("textarea").input_value() == "Half-typed: partners should"
    assert phone.evaluate(f"localStorage.getItem('baraza:outbox:{code}')") is None
    time.sleep(1.5)
    assert stored(server, code, ids["Warm-up"])["voters"] == 1
    assert len(stored(server, code, ids["Reflections"])["notes"]) == 1
    # Chromium logs its failed reconnection attempts while offline; nothing else may fail.
    assert [e for e in page_errors.seen if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_a_lost_acknowledgement_is_answered_not_applied_twice(browser, server, page_errors):
    """The server stores a note but its acknowledgement never reaches the phone (the connection drops
    at that moment): the phone sends the note again with the same id, and it is stored once."""
    code = server.create(small_plan())
    ids = activities(server, code)
    context = browser.new_context(**PHONE)
    sent = []  # the payloads of every "note" event the phone sent
    dropped = []

    def route(ws):
        upstream = ws.connect_to_server()
        pending = {}  # ack id -> event name

        def from_page(message):
            if isinstance(message, str) and message.startswith("42") and '"note"' in message:
                ack_id, _, body = message[2:].partition("[")
                pending[ack_id] = "note"
                sent.append(json.loads("[" + body)[1])
            upstream.send(message)

        def from_server(message):
            if isinstance(message, str) and message.startswith("43") and not dropped:
                ack_id = message[2:message.index("[")]
                if pending.get(ack_id) == "note":
                    dropped.append(message)
                    ws.close()  # the acknowledgement is lost with the connection
                    return
            ws.send(message)

        ws.on_message(from_page)
        upstream.on_message(from_server)

    context.route_web_socket("**/socket.io/**", route)
    phone = page_errors(context.new_page(), "phone")
    phone.goto(f"{server.url}/j/{code}")
    phone.wait_for_selector(".connection-ok")
    board = phone.locator(".activity", has_text="Reflections")
    board.locator("textarea").fill("Shared budgets, shared decisions")
    board.locator("button[type=submit]").click()
    board.get_by_text("Posted", exact=True).wait_for(timeout=20000)

    assert len(dropped) == 1, "the first acknowledgement was not dropped: the test did not test anything"
    assert len(sent) == 2 and sent[0]["id"] == sent[1]["id"], sent
    notes = stored(server, code, ids["Reflections"])["notes"]
    assert [n["text"] for n in notes] == ["Shared budgets, shared decisions"]
    # Console errors from the dropped connection are expected; uncaught page errors are not.
    assert [e for e in page_errors.seen if "WebSocket" not in e] == []
