"""One of each interactive activity (poll, board with dot voting, word cloud, scale, open question,
ranking, 100 points, Q&A, survey) on the real server, 30 phones: the board's final tallies are what was acknowledged."""
from collections import Counter

import pytest

from ..conftest import small_plan
from ..store.test_survey import SURVEY
from .test_wire import Board, join

pytestmark = pytest.mark.live

PHONES = 30
WORDS = ["Trust", "shared power", "voice", "Equity", "funding", "respect"]


def test_the_board_shows_what_was_acknowledged(start_server, async_mode):
    server = start_server(async_mode)
    plan = small_plan()
    plan["stages"][0]["activities"].append(SURVEY)  # a 1-5 scale, a choice of up to 2 of 3, a single choice of 2
    code = server.create(plan)
    board = Board(server, code)
    phones, acks = zip(*[join(server, code) for _ in range(PHONES)])
    poll, notes, _hidden, cloud, scale, text, ranked, budget, qna, survey = [
        a["id"] for a in acks[0]["state"]["stage"]["activities"]]
    votes, posted, answers, ratings, texts, orders, spent, surveyed = {}, [], {}, {}, {}, {}, {}, {}
    for i, phone in enumerate(phones):
        for n, choice in enumerate((i % 3, (i + 1) % 3) if i % 4 == 0 else (i % 3,)):  # some change their vote
            ack = phone.call("vote", {"id": f"v{i}-{n}", "activity": poll, "choices": [choice]}, timeout=10)
            assert ack["ok"], ack
            votes[i] = ack["choices"]
        ack = phone.call("note", {"id": f"n{i}", "activity": notes, "column": i % 2, "text": f"note {i}"}, timeout=10)
        assert ack["ok"], ack
        posted.append(f"note {i}")
        mine = [WORDS[i % 6], WORDS[(i * 5 + 1) % 6].upper()]
        ack = phone.call("answers", {"id": f"w{i}", "activity": cloud, "answers": mine}, timeout=10)
        assert ack["ok"], ack
        answers[i] = ack["answers"]
        if i % 5 == 0:  # a repeat after a lost acknowledgement: answered again, not applied twice
            again = phone.call("answers", {"id": f"w{i}", "activity": cloud, "answers": mine}, timeout=10)
            assert again["duplicate"] is True
        if i % 7 == 0:  # a change of mind: one answer taken back
            ack = phone.call("answers", {"id": f"w{i}-b", "activity": cloud, "answers": mine[:1]}, timeout=10)
            assert ack["ok"], ack
            answers[i] = ack["answers"]
        for statement, value in ((0, 1 + i % 5), (1, 5 - i % 3), (0, 1 + (i * 2) % 5)):  # the last replaces the first
            ack = phone.call("rate", {"id": f"r{i}-{statement}-{value}", "activity": scale, "statement": statement,
                                      "value": value}, timeout=10)
            assert ack["ok"], ack
            ratings[(i, statement)] = ack["value"]
        for n, given in enumerate(([f"idea {i}"], [f"idea {i}", f"and {i}"]) if i % 3 == 0 else ([f"idea {i}"],)):
            ack = phone.call("answers", {"id": f"t{i}-{n}", "activity": text, "answers": given}, timeout=10)
            assert ack["ok"], ack
            texts[i] = ack["answers"]
        for n, order in enumerate(([i % 3, (i + 1) % 3, (i + 2) % 3], [2, 1, 0]) if i % 4 == 1 else ([i % 3, (i + 2) % 3, (i + 1) % 3],)):
            ack = phone.call("rank", {"id": f"k{i}-{n}", "activity": ranked, "order": order}, timeout=10)
            assert ack["ok"], ack
            orders[i] = ack["order"]
        over = phone.call("points", {"id": f"p{i}-over", "activity": budget, "allocation": [50, 50, 1]}, timeout=10)
        assert over["ok"] is False and "you have 100 to give" in over["error"]
        ack = phone.call("points", {"id": f"p{i}", "activity": budget, "allocation": [i, 2 * i, 100 - 3 * i]},
                         timeout=10)
        assert ack["ok"], ack
        spent[i] = ack["allocation"]
        given = [(0, 1 + i % 5), (1, [i % 3]), (2, [i % 2])]
        if i % 3 == 0:
            given += [(0, 5 - i % 5), (1, sorted({i % 3, (i + 1) % 3}))]  # changes of mind replace the first answers
        if i % 10 == 0:
            given += [(2, [])]  # an answer taken back
        too_many = phone.call("survey", {"id": f"q{i}-over", "activity": survey, "question": 1, "answer": [0, 1, 2]},
                              timeout=10)
        assert too_many["ok"] is False and "choose at most 2 options" in too_many["error"]
        for n, (question, answer) in enumerate(given):
            ack = phone.call("survey", {"id": f"q{i}-{n}", "activity": survey, "question": question,
                                        "answer": answer}, timeout=10)
            assert ack["ok"], ack
            surveyed[(i, question)] = ack["answer"]

    # Q&A: every third phone asks; every phone upvotes others' questions, some take an upvote back.
    asked, upvoters = {}, {}
    for i, phone in enumerate(phones):
        if i % 3 == 0:
            ack = phone.call("ask", {"id": f"q{i}", "activity": qna, "text": f"question {i}?"}, timeout=10)
            assert ack["ok"] and ack["status"] == "shown", ack
            asked[ack["question"]] = i
            upvoters[ack["question"]] = set()
    for i, phone in enumerate(phones):
        for question, asker in asked.items():
            if asker == i:
                own = phone.call("upvote", {"id": f"u{i}-{question}", "activity": qna, "question": question}, timeout=10)
                assert own == {"ok": False, "error": "you cannot upvote your own question"}
            elif (i + asker) % 4 != 0:
                ack = phone.call("upvote", {"id": f"u{i}-{question}", "activity": qna, "question": question}, timeout=10)
                assert ack["ok"], ack
                upvoters[question].add(i)
                if (i + asker) % 5 == 0:  # a change of mind: the upvote taken back
                    ack = phone.call("upvote", {"id": f"u{i}-{question}-back", "activity": qna, "question": question,
                                                "up": False}, timeout=10)
                    assert ack["ok"] and ack["up"] is False, ack
                    upvoters[question].discard(i)
    # Dot voting on the board: 3 dots each, no stacking; the phones read the notes, spend, overspend (refused),
    # take one back; some authors edit their note first. What each phone was last told it has is what counts.
    started = server.api("POST", f"/api/sessions/{code}/activities/{notes}/phase",
                         json={"phase": "vote", "dots": 3, "stacking": False})
    assert started["ok"], started
    dotted = {}
    for i, phone in enumerate(phones):
        if i % 6 == 0:
            mine = phone.call("notes.get", {"activity": notes}, timeout=10)["own"]
            ack = phone.call("note.edit", {"id": f"e{i}", "activity": notes, "note": mine[0], "text": f"note {i}!"},
                             timeout=10)
            assert ack["ok"], ack
            posted[i] = f"note {i}!"
        listed = phone.call("notes.get", {"activity": notes}, timeout=10)
        assert listed["ok"] and listed["left"] == 3 and len(listed["results"]["notes"]) == PHONES, listed
        ids = [n["id"] for n in listed["results"]["notes"]]
        for k, target in enumerate((ids[i % PHONES], ids[(i * 7 + 10) % PHONES], ids[(i + 20) % PHONES])):
            ack = phone.call("dot.add", {"id": f"d{i}-{k}", "activity": notes, "note": target}, timeout=10)
            assert ack["ok"], ack
            dotted[i] = ack["mine"]
        over = phone.call("dot.add", {"id": f"d{i}-over", "activity": notes, "note": ids[(i + 5) % PHONES]}, timeout=10)
        assert over["ok"] is False and "all your 3 dots" in over["error"]
        stacked = phone.call("dot.add", {"id": f"d{i}-stack", "activity": notes, "note": ids[i % PHONES]}, timeout=10)
        assert stacked["ok"] is False
        if i % 4 == 0:
            ack = phone.call("dot.remove", {"id": f"d{i}-back", "activity": notes, "note": ids[(i + 20) % PHONES]},
                             timeout=10)
            assert ack["ok"] and ack["left"] == 1, ack
            dotted[i] = ack["mine"]
    given = Counter()
    for mine in dotted.values():
        given.update({int(note): n for note, n in mine.items()})

    counts = Counter(c for ballot in votes.values() for c in ballot)
    shown = board.wait_for(poll, lambda s: s["responses"] == PHONES and sum(s["results"]["counts"]) == PHONES)
    assert shown["results"]["counts"] == [counts[0], counts[1], counts[2]]

    shown = board.wait_for(notes, lambda s: s["responses"] == PHONES and s["results"]["dots"] == sum(given.values()))
    assert sorted(n["text"] for n in shown["results"]["notes"]) == sorted(posted)
    assert {n["id"]: n["dots"] for n in shown["results"]["notes"] if n["dots"]} == dict(given)
    assert shown["results"]["dot_voters"] == PHONES

    words = Counter(a.casefold() for given in answers.values() for a in given)
    shown = board.wait_for(cloud, lambda s: s["results"]["answers"] == sum(words.values()))
    assert {w["text"].casefold(): w["count"] for w in shown["results"]["words"]} == dict(words)
    assert shown["responses"] == PHONES

    # A count alone is reached before the last replaced rating arrives: wait for the acknowledged tallies.
    rated = [[v for (_i, s), v in ratings.items() if s == statement] for statement in (0, 1)]
    shown = board.wait_for(scale, lambda s: [r["counts"] for r in s["results"]["statements"]]
                           == [[given.count(v) for v in range(1, 6)] for given in rated])
    for given, row in zip(rated, shown["results"]["statements"]):
        assert row["mean"] == round(sum(given) / len(given), 2)

    written = sorted(t for given in texts.values() for t in given)
    shown = board.wait_for(text, lambda s: s["results"]["count"] == len(written))
    assert sorted(a["text"] for a in shown["results"]["answers"]) == written and shown["responses"] == PHONES

    places = [[order.index(option) + 1 for order in orders.values()] for option in range(3)]
    shown = board.wait_for(ranked, lambda s: s["responses"] == PHONES and s["results"]["places"]
                           == [[p.count(place) for place in (1, 2, 3)] for p in places])
    assert shown["results"]["average"] == [round(sum(p) / PHONES, 2) for p in places]

    shown = board.wait_for(budget, lambda s: s["responses"] == PHONES)
    assert shown["results"]["totals"] == [sum(a[o] for a in spent.values()) for o in range(3)]
    expected = {q: len(who) for q, who in upvoters.items()}
    shown = board.wait_for(qna, lambda s: {x["id"]: x["votes"] for x in s["results"]["questions"]} == expected)
    ranked_votes = [x["votes"] for x in shown["results"]["questions"]]
    assert ranked_votes == sorted(ranked_votes, reverse=True) and shown["responses"] == len(asked)
    assert "moderation" not in shown["results"]  # the approval queue is the console's alone

    kept = [[a for (_i, q), a in surveyed.items() if q == question and a is not None] for question in range(3)]
    expected = [[kept[0].count(v) for v in range(1, 6)], [sum(o in a for a in kept[1]) for o in range(3)],
                [sum(o in a for a in kept[2]) for o in range(2)]]
    shown = board.wait_for(survey, lambda s: [q["counts"] for q in s["results"]["questions"]] == expected)
    assert [q["respondents"] for q in shown["results"]["questions"]] == [len(k) for k in kept]
    assert shown["results"]["questions"][0]["mean"] == round(sum(kept[0]) / len(kept[0]), 2)
    assert shown["responses"] == PHONES
    for c in [board.client, *phones]:
        c.disconnect()
