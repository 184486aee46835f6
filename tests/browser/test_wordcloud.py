"""The word cloud in real browsers: a phone adds and takes back answers, 30 simulated phones answer, and
the board lays the words out on a canvas (wordcloud2.js) and lists the same counts as text."""
import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

PLAN = {"title": "Rethinking ownership and control within advocacy partnerships", "stages": [
    {"kind": "plenary", "title": "Warm-up", "minutes": 10, "activities": [
        {"kind": "wordcloud", "title": "In a word or two: what does Southern ownership mean to you?",
         "max_answers": 3, "max_words": 2}]}]}
# What 30 phones answer (case and spacing vary on purpose; the cloud counts them together).
ANSWERS = [["Trust", "shared power"], ["trust", "voice"], ["Decision making"], ["Funding", "trust"],
           ["Equity", "Shared power "], ["Listening"], ["Accountability", "trust"], ["Voice", "respect"],
           ["Local leadership"], ["Respect", "equity"]]


def answered(i):
    return ANSWERS[i % len(ANSWERS)]


def test_phones_answer_and_the_board_draws_the_cloud(browser, server, shots, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": PLAN})
    code = made["code"]
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    board = page_errors(browser.new_page(viewport={"width": 1600, "height": 900}), "board")
    board.goto(made["board_url"])

    context = browser.new_context(**PHONE)
    phone = page_errors(context.new_page(), "phone")
    phone.goto(made["join_url"])
    phone.wait_for_selector(".connection-ok")
    form = phone.locator(".cloud-form")
    form.locator("input").fill("  Trust ")
    form.locator("button[type=submit]").click()
    phone.get_by_text("Your answers are in").first.wait_for()
    assert phone.locator(".my-answer-text").all_text_contents() == ["Trust"]
    form.locator("input").fill("trust")  # the same answer again: the phone says so and sends nothing
    form.locator("button[type=submit]").click()
    phone.get_by_text("You have already given that answer.").wait_for()
    form.locator("input").fill("far too many words")
    form.locator("button[type=submit]").click()
    phone.get_by_text("Use at most 2 words.").wait_for()
    form.locator("input").fill("Listening")
    form.locator("button[type=submit]").click()
    phone.locator(".my-answer-text", has_text="Listening").wait_for()
    phone.get_by_role("button", name="Remove Trust").click()
    phone.wait_for_function("document.querySelectorAll('.my-answer-text').length === 1")
    phone.get_by_text("Your answers are in").first.wait_for()

    clients, expected = [], {"listening": 1}
    try:
        for i in range(30):
            c = server.client()
            reply = c.call("join", {"code": code}, timeout=10)
            assert reply["ok"], reply
            ack = c.call("answers", {"id": f"w{i}", "activity": reply["state"]["stage"]["activities"][0]["id"],
                                     "answers": answered(i)}, timeout=10)
            assert ack["ok"], ack
            for text in ack["answers"]:
                expected[text.lower()] = expected.get(text.lower(), 0) + 1
            clients.append(c)
    finally:
        for c in clients:
            c.disconnect()

    board.get_by_text("31 people answered").first.wait_for()
    board.wait_for_function("""() => {
        const canvas = document.querySelector('canvas.word-cloud');
        if (!canvas || !canvas.width) return false;
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 0; i < pixels.length; i += 4 * 97) if (pixels[i] < 128) ink += 1;
        return ink > 200;
    }""", timeout=15000)
    listed = board.locator(".word-list .word-row").all_text_contents()
    shown = {row.split(" — ")[0].lower(): int(row.split(" — ")[1]) for row in listed}
    assert shown == expected
    assert board.locator(".word-list .word-row").first.text_content().startswith("trust")
    board.wait_for_timeout(600)  # the layout draws word by word
    board.screenshot(path=str(shots / "board-wordcloud.png"))
    phone.get_by_text("31 people answered").first.wait_for()  # revealed results reach phones once a second
    assert phone.locator(".word-mine .word-text").all_text_contents() == ["Listening"]
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot(path=str(shots / "phone-wordcloud.png"), full_page=True)
    assert page_errors.seen == []
