"""Plans: the shipped files load, and a mistake is reported with the file, the field and the problem."""
from pathlib import Path

import pytest
import yaml

from facilitation.domain.errors import NotFound
from facilitation.domain.plan import PlanError, list_plans, load_plan_file, parse_plan, plan_path

from ..conftest import small_plan

SESSIONS = Path(__file__).resolve().parents[2] / "sessions"


def test_every_shipped_plan_loads():
    plans = list_plans(SESSIONS)
    assert {p["name"] for p in plans} >= {"partos-meetup", "blank"}
    assert all("error" not in p for p in plans), plans


def test_partos_meetup_follows_the_meetup():
    plan = load_plan_file(SESSIONS / "partos-meetup.yaml")
    kinds = [s.kind for s in plan.stages]
    assert kinds == ["plenary", "groups", "report-back", "plenary"]
    plenary = plan.stages[0]
    assert [a.kind for a in plenary.activities].count("talk") == 3
    assert any(a.kind == "poll" for a in plenary.activities)
    assert [a.kind for a in plenary.activities][:2] == ["poll", "wordcloud"]  # the warm-ups
    groups = plan.stages[1].groups
    assert len(groups) == 4
    challenge_boards = [g for g in groups if any(a.kind == "board" and a.columns == ["Challenges", "Solutions"]
                                                  for a in g.activities)]
    assert len(challenge_boards) == 3
    pat = next(g for g in groups if "Power Awareness" in g.name)
    # The PAT flow: the decisions on a board (with dots for a top 5), then the Power Awareness Tool.
    assert [a.kind for a in pat.activities] == ["board", "pat"]
    tool = pat.activities[1]
    assert tool.gap == ["Southern partner", "Northern partner"] and len(tool.organisations) >= 2
    assert pat.activities[0].dots == tool.max_decisions == 5


def _broken(tmp_path, mutate) -> str:
    data = small_plan()
    mutate(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(PlanError) as info:
        load_plan_file(path)
    return str(info.value)


@pytest.mark.parametrize("mutate, field, words", [
    (lambda d: d["stages"][0].update(minutes="lots"), "stages[0].minutes", "integer"),
    (lambda d: d["stages"][0]["activities"][0].update(options=["only one"]), "stages[0].activities[0].options",
     "at least 2"),
    (lambda d: d["stages"][0]["activities"][1].update(colums=["typo"]), "stages[0].activities[1].colums",
     "not permitted"),
    (lambda d: d["stages"][1].update(groups=d["stages"][1]["groups"][:1]), "stages[1]", "at least 2 groups"),
    (lambda d: d["stages"][0].update(kind="lecture"), "stages[0].kind", "plenary"),
    (lambda d: d.pop("title"), "title", "required"),
    (lambda d: d["stages"][0]["activities"][0].update(options=["Yes", "yes"]), "stages[0].activities[0]",
     "different"),
    (lambda d: d["stages"][0]["activities"][1].update(dots=21), "stages[0].activities[1].dots", "less than or equal to 20"),
    (lambda d: d["stages"][0]["activities"][1].update(dots=-1), "stages[0].activities[1].dots", "greater than or equal to 0"),
    (lambda d: d["stages"][0]["activities"][1].update(stacking="sometimes"), "stages[0].activities[1].stacking",
     "boolean"),
    # A check of the whole plan still names the field it is about.
    (lambda d: d["stages"][1].update(assignment="balanced"), "stages[1].assignment",
     "balanced across segments needs the session's segments"),
])
def test_a_mistake_names_file_field_and_problem(tmp_path, mutate, field, words):
    message = _broken(tmp_path, mutate)
    assert message.startswith("broken.yaml: ")
    assert f" {field}: " in message or f" {field}." in message, message
    assert words in message


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("title: x\nstages: [\n")
    with pytest.raises(PlanError, match=r"bad.yaml: not valid YAML \(line \d+"):
        load_plan_file(path)


def test_a_plan_must_be_a_mapping():
    with pytest.raises(PlanError, match="must be a mapping"):
        parse_plan(["not", "a", "plan"])


def test_plan_names_cannot_leave_the_sessions_folder():
    with pytest.raises(PlanError):
        plan_path(SESSIONS, "../etc/passwd")
    with pytest.raises(NotFound):
        plan_path(SESSIONS, "no-such-plan")


def test_a_board_plans_its_dot_budget():
    plan = parse_plan(small_plan())
    board = plan.stages[0].activities[1]
    assert (board.dots, board.stacking) == (3, True)  # 3 dots each, stacking allowed, unless the plan says
    data = small_plan()
    data["stages"][0]["activities"][1].update(dots=0, stacking=False)
    board = parse_plan(data).stages[0].activities[1]
    assert (board.dots, board.stacking) == (0, False)


def test_a_groups_stage_deals_people_out_balanced_across_the_plans_segments():
    data = small_plan(segments=["Northern partner", "Southern partner"])
    data["stages"][1].update(assignment="balanced")
    assert parse_plan(data).stages[1].assignment == "balanced"
