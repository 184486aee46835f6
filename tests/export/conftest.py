"""A played session: votes, signed and anonymous notes, questions, groups, materials, hostile text."""
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitation.domain.plan import load_plan_file
from facilitation.services import archive, participation, questions, sessions, takeaways

PARTOS = Path(__file__).resolve().parents[2] / "sessions" / "partos-meetup.yaml"
INJECTION = '=HYPERLINK("http://evil.example","click")'
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
PDF = b"%PDF-1.4\n% a tiny test document\n"
TAKEAWAYS = ["Southern partners set the agenda of the joint advocacy", "+ budgets follow: " + XSS]
QUESTIONS = ["How do Southern partners set the budget?", XSS, "A question the facilitator hid"]  # phones 0-2
CLOUD = [["trust", "shared power"], ["Trust"], ["<b>voice</b>"], ["=1+1"]]  # word cloud answers, by phone


@dataclass
class Played:
    store: object
    code: str
    tokens: list
    poll_counts: list
    notes: list
    words: dict
    signed_name: str = "Amina Signed"
    hidden_name: str = "Never Shown Name"


def play(store) -> Played:
    """Run the partos plan with 12 phones through plenary and groups, then end it."""
    code = sessions.create_session(store, load_plan_file(PARTOS))
    archive.add_link(store, code, 0, "Slides of the talks", "https://example.org/slides")
    archive.add_pdf(store, code, 0, "Talk one", "talk one.pdf", PDF)
    sessions.move_stage(store, code, "next")
    plenary = sessions.read_state(store, code)["stage"]["activities"]
    poll, cloud = [a["id"] for a in plenary[:2]]
    qna = next(a["id"] for a in plenary if a["kind"] == "qna")
    tokens, counts, notes = [], [0, 0, 0, 0], []
    phones = []
    for i in range(12):
        name = "Amina Signed" if i == 0 else ("Never Shown Name" if i == 1 else None)
        who = participation.join(store, code, name=name)
        tokens.append(who["token"])
        phones.append(who)
        participation.vote(store, who, f"v{i}", poll, [i % 3])
        counts[i % 3] += 1
        participation.send_answers(store, who, f"w{i}", cloud, CLOUD[i % len(CLOUD)])
    asked = [participation.ask(store, phones[i], f"q{i}", qna, text, signed=(i == 0))["question"]
             for i, text in enumerate(QUESTIONS)]
    for i, who in enumerate(phones[3:]):
        participation.upvote(store, who, f"u{i}", qna, asked[i % 2])
    questions.facilitate(store, code, asked[0], "answer")
    questions.facilitate(store, code, asked[1], "highlight")
    questions.facilitate(store, code, asked[2], "hide")
    sessions.move_stage(store, code, "next")
    boards = {a["group"]: a["id"] for a in sessions.read_state(store, code)["stage"]["activities"]
              if a["kind"] == "board"}
    columns = {a["group"]: len(a["columns"]) for a in sessions.read_state(store, code)["stage"]["activities"]
               if a["kind"] == "board"}  # the PAT group's board has one column: its decisions
    texts = [INJECTION, XSS, "Funding conditions set in the North", "Trust takes time\nand patience",
             "-1 budget lines", "@mention the partner"]
    for i, who in enumerate(phones):
        group = f"g{i % 4 + 1}"
        participation.choose_group(store, who, f"g{i}", group)
        text = texts[i % len(texts)]
        participation.post_note(store, who, f"n{i}", boards[group], i % 2 % columns[group], text, signed=(i == 0))
        notes.append(text)
    for text in TAKEAWAYS:
        takeaways.add(store, code, text)
    sessions.move_stage(store, code, "end")
    words = {}
    for i in range(12):
        for text in CLOUD[i % len(CLOUD)]:
            words[text.lower()] = words.get(text.lower(), 0) + 1
    return Played(store, code, tokens, counts, notes, words)


@pytest.fixture
def played(store):
    return play(store)
