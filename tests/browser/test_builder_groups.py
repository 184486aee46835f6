"""The console's builder and its Plan panel for working groups: how people get into a groups stage's
groups, each group's places, and the report-back's cross-group dot vote, offered only there."""
import re

import pytest
from playwright.sync_api import expect

from ..conftest import small_plan
from .conftest import axe_violations, signed_in

pytestmark = pytest.mark.browser
VOTE = "Which of the groups' points should the plenary take forward?"


def stage_box(console, n):
    return console.get_by_role("group", name=f"Stage {n}", exact=True)


def groups_stage(console, n, title, how, group, places):
    """Stage ``n`` of the builder made a groups stage: its title, how people get in, one group's places."""
    console.select_option(f"#b-s{n - 1}-kind", "groups")
    console.fill(f"#b-s{n - 1}-title", title)
    stage = stage_box(console, n)
    stage.get_by_label("How people get into groups").select_option(label=how)
    stage.get_by_role("group", name=group, exact=True).get_by_label("Places").fill(places)


def refused(console, field_id, *words):
    """The plan is refused: the error says why, and the field it names is marked and focused."""
    console.click("#builder-submit")
    for text in words:
        expect(console.locator("#builder-error")).to_contain_text(text)
    expect(console.locator(f"#{field_id}")).to_have_attribute("aria-invalid", "true")
    expect(console.locator(f"#{field_id}")).to_be_focused()


def test_the_builder_plans_assignment_places_and_a_cross_group_vote(browser, server, page_errors):
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1400},
                                    bypass_csp=True).new_page(), "console")
    console.goto(f"{server.url}/console")
    console.fill("#builder-title", "Partners' meet-up")

    # Stage 1: working groups dealt out at random, the first with 8 places; stage 2: dealt out
    # balanced across segments, the second with 12 places.
    groups_stage(console, 1, "Working groups", "Dealt out at random", "Group 1", "8")
    console.click("#builder-add-stage")
    groups_stage(console, 2, "Mixed groups", "Dealt out, balanced across segments", "Group 2", "12")
    # Stage 3: a report-back, the one stage that offers a cross-group dot vote.
    console.click("#builder-add-stage")
    console.select_option("#b-s2-kind", "report-back")
    console.fill("#b-s2-title", "Report-back")
    expect(console.get_by_role("button", name="Cross-group dot vote")).to_have_count(1)
    report = stage_box(console, 3)
    report.get_by_role("button", name="Cross-group dot vote").click()
    expect(console.locator("#b-s2-a0-title")).to_be_focused()
    report.get_by_label("Question").fill(VOTE)
    report.get_by_label("Dots each").fill("2")
    report.get_by_label("Several dots on one item allowed").check()
    assert axe_violations(console) == []

    # A cross-group vote left in a stage that is no longer a report-back: refused at the stage's kind.
    console.select_option("#b-s2-kind", "plenary")
    expect(console.locator("#b-s2-a0-kind")).to_have_value("crossvote")  # still shown as what it is
    refused(console, "b-s2-kind", "stages[2]", "belongs in a report-back stage")
    console.select_option("#b-s2-kind", "report-back")
    # Balanced across segments with no segments: refused at that stage's field, nothing created.
    refused(console, "b-s1-assignment", "stages[1].assignment", "needs the session's segments")
    assert server.api("GET", "/api/sessions")["sessions"] == []
    # A place count the plan cannot have: refused at that group's places.
    console.fill("#builder-segments", "Northern partner\nSouthern partner")
    console.fill("#b-s0-g0-cap", "501")
    refused(console, "b-s0-g0-cap", "stages[0].groups[0].cap", "less than or equal to 500")
    assert server.api("GET", "/api/sessions")["sessions"] == []

    console.fill("#b-s0-g0-cap", "8")
    console.click("#builder-submit")
    console.wait_for_url(re.compile(r"/console/[A-Z0-9]{6}$"))
    code = console.url.rsplit("/", 1)[1]
    plan = server.api("GET", f"/api/sessions/{code}/export?format=json")["plan"]
    assert [(s["kind"], s["assignment"]) for s in plan["stages"]] == [
        ("groups", "random"), ("groups", "balanced"), ("report-back", "choose")]
    assert [g["cap"] for g in plan["stages"][0]["groups"]] == [8, None]
    assert [g["cap"] for g in plan["stages"][1]["groups"]] == [None, 12]
    assert plan["stages"][2]["activities"] == [{"kind": "crossvote", "title": VOTE, "dots": 2, "stacking": True,
                                                "hide_results": False, "start": "auto"}]
    # The server runs what the builder planned: the first stage deals out, with its caps.
    groups = server.api("POST", f"/api/sessions/{code}/stage", json={"action": "next"})["state"]["stage"]
    assert groups["assignment"] == "random" and [g["cap"] for g in groups["groups"]] == [8, None]
    assert [e for e in page_errors.seen if "status of 400" not in e] == []  # the refused plans' answers


def test_the_plan_panel_offers_a_cross_group_vote_in_a_report_back_and_assignment_for_a_new_stage(
        browser, server, page_errors):
    made = server.api("POST", "/api/sessions", json={"plan": small_plan()})
    code = made["code"]
    console = page_errors(signed_in(browser, server, viewport={"width": 1440, "height": 1400}).new_page(), "console")
    console.goto(f"{server.url}/console/{code}")
    expect(console.locator(".plan-stage")).to_have_count(3)

    # Not in a plenary ...
    console.get_by_role("button", name="Add an activity to stage 1").click()
    expect(console.locator("#plan-form-kind option[value=crossvote]")).to_have_count(0)
    console.get_by_role("button", name="Cancel").click()
    # ... but in the report-back.
    console.get_by_role("button", name="Add an activity to stage 3").click()
    form = console.get_by_role("form", name="Add an activity to stage 3")
    form.get_by_label("Activity").select_option(label="Cross-group dot vote")
    form.get_by_label("Question").fill(VOTE)
    form.get_by_label("Dots each").fill("4")
    form.get_by_role("button", name="Add to the plan").click()
    expect(console.locator('[data-plan-stage="2"] .plan-activity-title')).to_have_text(["Later", VOTE])
    added = server.api("GET", f"/api/sessions/{code}/plan")["plan"]["stages"][2]["activities"][1]
    assert (added["kind"], added["settings"]["dots"], added["settings"]["stacking"]) == ("crossvote", 4, False)

    # A new groups stage, dealt out at random (the existing stages' assignment stays as it was).
    console.locator("#plan-stage-kind").select_option("groups")
    console.locator("#plan-stage-assignment").select_option(label="Dealt out at random")
    console.get_by_label("Places per group").fill("8")
    console.fill("#plan-stage-title", "Second round")
    console.get_by_role("button", name="Add the stage").click()
    expect(console.locator(".plan-stage-title").last).to_have_text("4. Working groups: Second round")
    plan = server.api("GET", f"/api/sessions/{code}/export?format=json")["plan"]
    assert [s["assignment"] for s in plan["stages"]] == ["choose", "choose", "choose", "random"]
    assert [g.get("cap") for g in plan["stages"][3]["groups"]] == [8, 8]
    assert page_errors.seen == []
