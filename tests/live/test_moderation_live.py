"""Moderation on the real server with several phones: with the queue on, the board shows exactly the
approved notes and words, phones are told when something of theirs was decided, and the word filter
holds an item even where the queue is off."""
import threading

import pytest

from ..conftest import small_plan
from .test_wire import Board, join

pytestmark = pytest.mark.live

PHONES = 12


def test_the_board_shows_exactly_the_approved_items(start_server, async_mode):
    server = start_server(async_mode)
    code = server.create(small_plan())
    board = Board(server, code)
    joined = [join(server, code) for _ in range(PHONES)]
    phones = [phone for phone, _ack in joined]
    items = {a["kind"]: a["id"] for a in reversed(joined[0][1]["state"]["stage"]["activities"])}
    notes, cloud, text = items["board"], items["wordcloud"], items["text"]
    for activity in (notes, cloud):
        server.api("POST", f"/api/sessions/{code}/activities/{activity}/options", json={"moderate": True})
    server.api("PUT", f"/api/sessions/{code}/word-filter", json={"enabled": True, "lists": {"en": "rubbish"}})
    told = threading.Event()
    phones[0].on("moderated", lambda data: told.set())

    posted, words = {}, {}
    for i, phone in enumerate(phones):
        ack = phone.call("note", {"id": f"n{i}", "activity": notes, "column": i % 2, "text": f"note {i}"}, timeout=10)
        assert ack["ok"] and ack["status"] == "pending", ack
        posted[f"note {i}"] = ack["note"]
        ack = phone.call("answers", {"id": f"w{i}", "activity": cloud, "answers": [f"word{i % 4}"]}, timeout=10)
        assert ack["statuses"] == ["pending"], ack
        words[f"word{i % 4}"] = words.get(f"word{i % 4}", 0) + 1
        # The open question's queue is off, but the word filter holds one answer in three.
        given = "what rubbish" if i % 3 == 0 else f"idea {i}"
        ack = phone.call("answers", {"id": f"t{i}", "activity": text, "answers": [given]}, timeout=10)
        assert ack["statuses"] == ["pending" if i % 3 == 0 else "shown"], ack

    approved_notes = [f"note {i}" for i in range(PHONES) if i % 2 == 0]
    for note in approved_notes:
        server.api("POST", f"/api/sessions/{code}/activities/{notes}/moderation",
                   json={"action": "approve", "item": posted[note]})
    server.api("POST", f"/api/sessions/{code}/activities/{notes}/moderation",
               json={"action": "hide", "item": posted["note 1"]})
    server.api("POST", f"/api/sessions/{code}/activities/{cloud}/moderation", json={"action": "approve", "item": "WORD1"})
    server.api("POST", f"/api/sessions/{code}/activities/{cloud}/moderation", json={"action": "hide", "item": "word2"})

    shown = board.wait_for(notes, lambda s: s["responses"] == len(approved_notes))
    assert sorted(n["text"] for n in shown["results"]["notes"]) == sorted(approved_notes)
    shown = board.wait_for(cloud, lambda s: s["results"]["words"] == [{"text": "word1", "count": words["word1"]}])
    assert shown["responses"] == words["word1"]
    shown = board.wait_for(text, lambda s: s["results"]["count"] == PHONES - len(range(0, PHONES, 3)))
    assert not [a for a in shown["results"]["answers"] if "rubbish" in a["text"]]
    assert told.wait(5)
    # A phone asks how its own items stand: what waits, what was hidden.
    mine = phones[1].call("me", {}, timeout=10)["me"]
    assert mine["held"] == {str(notes): {"pending": 0, "hidden": 1}}
    assert mine["statuses"] == {}  # word1: approved
    assert phones[2].call("me", {}, timeout=10)["me"]["statuses"] == {str(cloud): ["hidden"]}
    # Another phone that asks for the notes gets the approved ones only.
    fetched = phones[5].call("results.get", {"activity": notes}, timeout=10)
    assert sorted(n["text"] for n in fetched["results"]["notes"]) == sorted(approved_notes)
    for c in [board.client, *phones]:
        c.disconnect()
