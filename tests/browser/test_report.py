"""The session report of a partos meet-up run with simulated phones, rendered and printed in Chromium."""
import shutil
import subprocess

import pytest

from ..services import missing

pytestmark = pytest.mark.browser
A4 = {"width": 794, "height": 1123}  # CSS pixels of an A4 page at 96 dpi

NOTES = {
    "g1": ["Funding conditions are set in the North", "Budgets decided before partners join"],
    "g2": ["Reporting formats serve the donor, not the community", "Local staff rarely in steering committees"],
    "g3": ["Language: meetings only in English", "Short grant cycles leave no time for trust"],
    "g4": ["Who decides the advocacy agenda?", "Who chooses which evidence counts?"],
}
SOLUTIONS = ["Shared budget lines from the start", "Co-chairs from the South", "Reporting in local languages"]


def run_meetup(server, phones=16):
    """Drive the partos plan through every stage with simulated phones; return the session code."""
    code = server.create("partos-meetup")
    clients = []
    for i in range(phones):
        c = server.client()
        ack = c.call("join", {"code": code}, timeout=10)
        clients.append((c, ack))
    warmup = clients[0][1]["state"]["stage"]["activities"][0]["id"]
    for i, (c, _) in enumerate(clients):
        assert c.call("vote", {"id": f"w{i}", "activity": warmup, "choices": [[2, 3, 0, 2, 1][i % 5]]}, timeout=10)["ok"]
    state = server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})["state"]
    boards = {a["group"]: a for a in state["stage"]["activities"] if a["kind"] == "board"}
    first_notes = {}
    for i, (c, _) in enumerate(clients):
        group = f"g{i % 4 + 1}"
        assert c.call("group", {"id": f"g{i}", "group": group}, timeout=10)["ok"]
        texts = NOTES[group] + SOLUTIONS
        column = min(0 if i < 8 else 1, len(boards[group]["columns"]) - 1)
        ack = c.call("note", {"id": f"n{i}", "activity": boards[group]["id"], "column": column,
                              "text": texts[i % len(texts)]}, timeout=10)
        assert ack["ok"], ack
        first_notes.setdefault(group, ack["note"])
    for group in ("g1", "g2", "g3"):  # each challenge group brings one note to the plenary
        assert server.api("POST", f"/api/sessions/{code}/promotions", json={"kind": "note", "id": first_notes[group]})["ok"]
    state = server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})["state"]
    crossvote, takeaways, vote = state["stage"]["activities"]
    items = [item["id"] for group in state["stage"]["report"]["groups"] for item in group["items"]]
    for i, (c, _) in enumerate(clients):
        for k in range(2):
            ack = c.call("crossvote.add", {"id": f"x{i}-{k}", "activity": crossvote["id"], "item": items[(i + k) % len(items)]},
                         timeout=10)
            assert ack["ok"], ack
    for i, text in enumerate(["A culture of discussion must be fostered",
                              "Awareness of power imbalances is a step in the right direction",
                              "Governance may change while power dynamics stay"]):
        clients[i][0].call("note", {"id": f"t{i}", "activity": takeaways["id"], "text": text}, timeout=10)
    server.api("POST", f"/api/sessions/{code}/activities/{vote['id']}", json={"action": "open"})
    for i, (c, _) in enumerate(clients):
        c.call("vote", {"id": f"r{i}", "activity": vote["id"], "choices": sorted({i % 4, (i * 3) % 4})}, timeout=10)
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})
    for c, _ in clients:
        c.disconnect()
    return code


def test_the_report_renders_and_prints_to_a4(browser, server, shots, tmp_path):
    code = run_meetup(server)
    import requests
    response = requests.get(f"{server.url}/api/sessions/{code}/export?format=html",
                            headers={"Authorization": "Bearer live-test-token"}, timeout=10)
    assert response.ok and "script-src" not in response.headers["Content-Security-Policy"]
    page = browser.new_page(viewport=A4)
    page.set_content(response.text)
    page.emulate_media(media="print")
    text = page.text_content("body")
    for expected in ("Agenda: planned and actual", "Group D: the Power Awareness Tool",
                     "A culture of discussion must be fostered", "16 voted", "Promoted to the plenary",
                     "Cross-group vote: Which of the groups' points should the plenary take forward?"):
        assert expected in text
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    if not shutil.which("pdftoppm"):
        missing("pdftoppm", "apt-get install poppler-utils")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 4, "title and agenda, then one page or more per stage"
    for n, path in enumerate(pages[:2], start=1):
        shutil.copy(path, shots / f"report-page-{n}.png")
    # The README's third picture is the page with the working groups' harvest.
    harvest = next(n for n in range(1, len(pages) + 1) if "Promoted to the plenary" in subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], check=True, capture_output=True, text=True).stdout)
    shutil.copy(pages[harvest - 1], shots / "report-page-3.png")
