"""Q&A in real browsers: one phone asks, another upvotes (the asker has no Upvote on its own), the board's order follows;
the console highlights, marks answered and runs the approval queue."""
import pytest
from playwright.sync_api import expect

from .conftest import PHONE, signed_in

pytestmark = pytest.mark.browser

PLAN = {"title": "Rethinking ownership and control within advocacy partnerships", "stages": [
    {"kind": "plenary", "title": "Welcome and expert talks", "minutes": 75, "activities": [
        {"kind": "talk", "title": "Southern ownership and transformative relationships", "speaker": "Margit van Wessel"},
        {"kind": "qna", "title": "Questions for the speakers", "question_limit": 140, "max_questions": 3}]}]}
XSS = '<img src=x onerror="document.title=\'pwned\'">'


def board_order(board):
    return board.locator(".board-panel-qna .question .question-text").all_text_contents()


def test_ask_upvote_and_the_board_order_changes(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
    board.goto(made["board_url"])

    asker = page_errors(browser.new_context(**PHONE).new_page(), "asker")
    asker.goto(made["join_url"])
    asker.wait_for_selector(".connection-ok")
    for asked, text in enumerate(("Who sets the advocacy agenda in your partnerships?", XSS), 1):
        asker.locator(".ask-form textarea").fill(text)
        asker.locator(".ask-form button[type=submit]").click()
        # The question in the asker's own list, not the status line: after the first question
        # the status already says "Your question is in", and the screen reader's #announce says
        # it too a moment later.
        expect(asker.locator(".question", has_text="(your question)")).to_have_count(asked)
    board.locator(".board-panel-qna .question-text", has_text="onerror").wait_for()
    assert board.locator(".board-panel-qna img").count() == 0 and board.title() != "pwned"

    voter = page_errors(browser.new_context(**PHONE).new_page(), "voter")
    voter.goto(made["join_url"])
    voter.wait_for_selector(".connection-ok")
    first = voter.locator(".question", has_text="Who sets the advocacy agenda")
    first.wait_for()
    # Newest first while both have no upvotes; one upvote puts the older question on top.
    board.locator(".board-panel-qna .question").nth(1).wait_for()
    assert "onerror" in board_order(board)[0]
    first.get_by_role("button", name="Upvote").click()
    voter.locator(".question", has_text="Who sets").get_by_role("button", name="Upvoted").wait_for()
    board.locator(".board-panel-qna .question", has_text="Who sets").get_by_text("1 upvote").wait_for()
    assert board_order(board)[0].startswith("Who sets")

    # The asker sees its own questions, with their upvotes, but no Upvote button on them: it could
    # only be refused (the server still refuses it: tests/adapters/test_qna_sockets.py).
    own = asker.locator(".question", has_text="Who sets")
    expect(own.locator(".question-votes")).to_have_text("1 upvote")
    expect(asker.locator(".question", has_text="(your question)")).to_have_count(2)
    expect(asker.locator(".question .btn-upvote")).to_have_count(0)

    # Taking the upvote back puts the order back.
    voter.locator(".question", has_text="Who sets").get_by_role("button", name="Upvoted").click()
    board.locator(".board-panel-qna .question", has_text="Who sets").get_by_text("0 upvotes").wait_for()
    board.locator(".board-panel-qna .question").first.filter(has_text="onerror").wait_for()

    # 30 more phones: one asks two more questions, all upvote the first question, some the new ones.
    qna = next(a for a in server.api("GET", f"/api/sessions/{code}")["state"]["stage"]["activities"]
               if a["kind"] == "qna")["id"]
    question = int(voter.locator(".question", has_text="Who sets").get_attribute("data-question"))
    more = ["How can Southern partners shape the budget, not only spend it?",
            "What changed after you used the Power Awareness Tool?"]
    clients = []
    try:
        for i in range(30):
            c = server.client()
            clients.append(c)
            c.call("join", {"code": code}, timeout=10)
            if i == 0:
                asked = [c.call("ask", {"id": f"q{n}", "activity": qna, "text": text}, timeout=10)["question"]
                         for n, text in enumerate(more)]
                continue
            assert c.call("upvote", {"id": f"u{i}", "activity": qna, "question": question}, timeout=10)["ok"]
            for n, share in ((0, 18), (1, 7)):
                if i <= share:
                    assert c.call("upvote", {"id": f"m{n}", "activity": qna, "question": asked[n]}, timeout=10)["ok"]
    finally:
        for c in clients:
            c.disconnect()
    board.locator(".board-panel-qna .question", has_text="Who sets").get_by_text("29 upvotes").wait_for()
    board.locator(".board-panel-qna .question", has_text="shape the budget").get_by_text("18 upvotes").wait_for()
    assert board_order(board)[:2] == ["Who sets the advocacy agenda in your partnerships?", more[0]]
    # Another's question has its Upvote on the asker's phone; its own still have none.
    expect(asker.locator(".question", has_text="shape the budget").get_by_role("button", name="Upvote")).to_be_visible()
    expect(asker.locator(".question .btn-upvote")).to_have_count(2)

    # The facilitator puts one question on the board and marks another answered: the highlighted one stands
    # large at the top, the answered one goes last, dimmed.
    server.api("POST", f"/api/sessions/{code}/questions/{asked[0]}", json={"action": "highlight"})
    server.api("POST", f"/api/sessions/{code}/questions/{question}", json={"action": "answer"})
    board.locator("div.question.is-highlighted", has_text="shape the budget").wait_for()
    board.locator(".question.is-answered", has_text="Who sets").wait_for()
    assert board_order(board)[-1].startswith("Who sets")
    board.screenshot(path=str(shots / "board-qna.png"))
    assert page_errors.seen == []


def test_the_console_highlights_answers_and_approves(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1000}).new_page(), "console")
    console.goto(made["console_url"])
    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
    board.goto(made["board_url"])
    phone = page_errors(browser.new_context(**PHONE).new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    phone.locator(".ask-form textarea").fill("How do we share the budget?")
    phone.locator(".ask-form button[type=submit]").click()
    card = console.locator(".console-activity-qna")
    card.locator(".question", has_text="share the budget").wait_for()

    card.get_by_role("button", name="Highlight: How do we share the budget?").click()
    board.locator("div.question.is-highlighted", has_text="share the budget").wait_for()
    phone.locator(".question.is-highlighted").get_by_text("On the board now").wait_for()
    card.get_by_role("button", name="Answered: How do we share the budget?").click()
    board.locator(".question.is-answered", has_text="share the budget").wait_for()

    # The approval queue: a held question reaches neither the board nor other phones until approved.
    card.get_by_label("Approval queue: new questions wait for me").check()
    card.get_by_label("Approval queue: new questions wait for me").wait_for()
    console.wait_for_timeout(300)
    phone.locator(".ask-form textarea").fill("Is this held back?")
    phone.locator(".ask-form button[type=submit]").click()
    phone.get_by_text("Your question is waiting for the facilitator").first.wait_for()
    phone.locator(".question.is-waiting", has_text="held back").wait_for()
    card.locator(".question-queue .question", has_text="held back").wait_for()
    console.screenshot(path=str(shots / "console-qna.png"), full_page=True)
    board.wait_for_timeout(1500)
    assert board.locator(".question", has_text="held back").count() == 0
    card.get_by_role("button", name="Approve: Is this held back?").click()
    board.locator(".question", has_text="held back").wait_for()
    phone.locator(".question:not(.is-waiting)", has_text="held back").wait_for()
    card.get_by_role("button", name="Hide: Is this held back?").click()
    board.locator(".question", has_text="held back").wait_for(state="detached")
    card.locator(".question-hidden summary").click()
    card.get_by_role("button", name="Restore: Is this held back?").wait_for()
    phone.screenshot(path=str(shots / "phone-qna.png"), full_page=True)
    assert page_errors.seen == []
