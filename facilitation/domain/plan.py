"""Session plans: the agenda a facilitator runs, as data, checked before it is used.

A plan is a title and a list of stages. A stage is a *plenary*, a *groups*
stage (several named working groups side by side, each with its own
activities) or a *report-back*. Activities are talks, polls, sticky-note
boards, word clouds, scales, open
questions (text), rankings,
100-point budgets, short surveys, Q&As and the Power Awareness Tool. Plans live as YAML files in ``sessions/`` or arrive as JSON objects
over the API; either way they are checked here and a mistake is reported
with where it is and what is wrong.
"""
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import DomainError, NotFound

Title = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=2000)]
Label = Annotated[str, Field(min_length=1, max_length=80)]
PLAN_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


class PlanError(DomainError):
    """A plan has a mistake; the message names the source, the field and what is wrong."""


class _FieldMistake(ValueError):
    """A mistake found by a check of the whole plan that belongs to one field of it (pydantic would
    place it at the top level): ``where`` names the field, e.g. ``stages[1].assignment``."""

    def __init__(self, where: str, problem: str):
        super().__init__(problem)
        self.where = where


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _all_different(texts, what: str) -> None:
    """Refuse two texts that differ only in case."""
    if len({t.casefold() for t in texts}) != len(texts):
        raise ValueError(f"{what} must all be different")


class _Options(_Strict):
    """An activity whose ``options`` (declared by each kind, with its own limits) differ case aside."""

    @model_validator(mode="after")
    def _distinct_options(self):
        _all_different(self.options, "options")
        return self


class Talk(_Strict):
    """A presentation: nothing to answer, the phone shows what is on."""

    kind: Literal["talk"]
    title: Title
    speaker: Annotated[str, Field(max_length=200)] = ""
    description: Text = ""


class Poll(_Options):
    """A single- or multiple-choice question."""

    kind: Literal["poll"]
    title: Title
    options: Annotated[list[Label], Field(min_length=2, max_length=12)]
    multiple: bool = False
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"


class Board(_Strict):
    """A sticky-note board with named columns (e.g. Challenges / Solutions).

    ``dots`` is each participant's budget when the facilitator starts the dot voting (0: none
    planned; the facilitator can still give some then); ``stacking`` lets one person put several
    dots on the same note.
    """

    kind: Literal["board"]
    title: Title
    columns: Annotated[list[Label], Field(min_length=1, max_length=6)] = ["Notes"]
    note_limit: Annotated[int, Field(ge=20, le=1000)] = 280
    dots: Annotated[int, Field(ge=0, le=20)] = 3
    stacking: bool = True
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"
    moderate: bool = False  # new notes wait for the facilitator's approval
    blur: bool = False  # while the results are hidden the board shows blurred cards, not only a count

    @model_validator(mode="after")
    def _distinct_columns(self):
        if len({c.casefold() for c in self.columns}) != len(self.columns):
            raise ValueError("columns must all be different")
        return self


class WordCloud(_Strict):
    """Short answers (1 to ``max_words`` words each, up to ``max_answers`` a person), shown sized by frequency."""

    kind: Literal["wordcloud"]
    title: Title
    max_answers: Annotated[int, Field(ge=1, le=10)] = 3
    max_words: Annotated[int, Field(ge=1, le=3)] = 3
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"
    moderate: bool = False  # new words wait for the facilitator's approval


class _Range(_Strict):
    """The scale of a scale activity or a survey's scale question: whole numbers with labelled ends."""

    min: Annotated[int, Field(ge=-10, le=10)] = 1
    max: Annotated[int, Field(ge=-10, le=10)] = 5
    min_label: Annotated[str, Field(max_length=80)] = ""
    max_label: Annotated[str, Field(max_length=80)] = ""

    @model_validator(mode="after")
    def _a_real_scale(self):
        if not self.min < self.max:
            raise ValueError("min must be smaller than max")
        if self.max - self.min > 10:
            raise ValueError("a scale has at most 11 points (max - min at most 10)")
        return self


Statement = Annotated[str, Field(min_length=1, max_length=200)]


class Scale(_Range):
    """One or several statements, each rated on the same scale (e.g. 1 to 5 with labelled ends)."""

    kind: Literal["scale"]
    title: Title
    statements: Annotated[list[Statement], Field(min_length=1, max_length=12)]
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"

    @model_validator(mode="after")
    def _distinct_statements(self):
        _all_different(self.statements, "statements")
        return self


class ChoiceQuestion(_Strict):
    """A survey question answered by choosing one option, or up to ``max_choices`` when ``multiple``."""

    kind: Literal["choice"]
    text: Statement
    options: Annotated[list[Label], Field(min_length=2, max_length=12)]
    multiple: bool = False
    max_choices: Annotated[int | None, Field(ge=2, le=12)] = None

    @model_validator(mode="after")
    def _a_real_choice(self):
        _all_different(self.options, "options")
        if self.max_choices is not None and not self.multiple:
            raise ValueError("max_choices needs multiple: true")
        if self.max_choices is not None and self.max_choices > len(self.options):
            raise ValueError("max_choices cannot be more than the number of options")
        return self


class ScaleQuestion(_Range):
    """A survey question answered with one whole number from ``min`` to ``max``."""

    kind: Literal["scale"]
    text: Statement


Question = Annotated[Union[ChoiceQuestion, ScaleQuestion], Field(discriminator="kind")]


class Survey(_Strict):
    """A short survey: 1 to 10 choice and scale questions answered on one card."""

    kind: Literal["survey"]
    title: Title
    questions: Annotated[list[Question], Field(min_length=1, max_length=10)]
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"

    @model_validator(mode="after")
    def _distinct_questions(self):
        _all_different([q.text for q in self.questions], "questions")
        return self


class OpenText(_Strict):
    """Longer written answers, shown as a wall (``max_answers`` a person, ``text_limit`` characters each)."""

    kind: Literal["text"]
    title: Title
    max_answers: Annotated[int, Field(ge=1, le=5)] = 1
    text_limit: Annotated[int, Field(ge=20, le=1000)] = 280
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"
    moderate: bool = False  # new answers wait for the facilitator's approval


class Ranking(_Options):
    """Put a list of options in order; the board shows each option's average rank."""

    kind: Literal["ranking"]
    title: Title
    options: Annotated[list[Label], Field(min_length=2, max_length=10)]
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"


class Points(_Options):
    """Distribute a budget of points (100 by default) over the options."""

    kind: Literal["points"]
    title: Title
    options: Annotated[list[Label], Field(min_length=2, max_length=10)]
    budget: Annotated[int, Field(ge=10, le=1000)] = 100
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"


class QnA(_Strict):
    """Questions from the room, upvoted by the room; the facilitator marks them answered or highlights one."""

    kind: Literal["qna"]
    title: Title
    question_limit: Annotated[int, Field(ge=20, le=1000)] = 280
    max_questions: Annotated[int, Field(ge=1, le=20)] = 5
    moderate: bool = False  # each new question waits for the facilitator's approval
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"


class CrossVote(_Strict):
    """A report-back's cross-group vote: dots (``dots`` each) on the items the working groups promoted;
    ``stacking`` lets one person put several dots on one item."""

    kind: Literal["crossvote"]
    title: Title
    dots: Annotated[int, Field(ge=1, le=20)] = 3
    stacking: bool = False
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"


SegmentName = Annotated[str, Field(min_length=1, max_length=40)]


class Pat(_Strict):
    """The Power Awareness Tool (PAT 2.0): each decision × partner organisation scored on the 0-4
    ladder, privately by every phone first, then agreed by the group with the desired levels and
    actions (facilitation/domain/pat.py). ``gap``: the two segments whose perception gap is shown
    (first minus second; default the session's first two). ``decisions`` may be planned ahead or
    set during the session, e.g. from the top notes of a board before it."""

    kind: Literal["pat"]
    title: Title
    organisations: Annotated[list[Label], Field(min_length=2, max_length=6)]
    gap: Annotated[list[SegmentName], Field(min_length=2, max_length=2)] | None = None
    max_decisions: Annotated[int, Field(ge=1, le=10)] = 5
    decisions: Annotated[list[Statement], Field(max_length=10)] = []
    hide_results: bool = False
    start: Literal["auto", "manual"] = "auto"

    @model_validator(mode="after")
    def _a_real_pat(self):
        _all_different(self.organisations, "organisations")
        _all_different(self.decisions, "decisions")
        if self.gap is not None:
            _all_different(self.gap, "the gap's two segments")
        if len(self.decisions) > self.max_decisions:
            raise ValueError("there are more decisions than max_decisions")
        return self


Activity = Annotated[Union[Talk, Poll, Board, WordCloud, Scale, OpenText, Ranking, Points, Survey, QnA, CrossVote, Pat],
                     Field(discriminator="kind")]
ACTIVITY_KINDS = ("talk", "poll", "board", "wordcloud", "scale", "text", "ranking", "points", "survey", "qna",
                  "crossvote", "pat")
QUESTION_KINDS = ("choice", "scale")
Activities = Annotated[list[Activity], Field(max_length=30)]


class Group(_Strict):
    """One working group of a groups stage."""

    name: Label
    description: Text = ""
    activities: Activities = []
    # How many people may choose this group (facilitation/domain/assignment.py check_cap), or no limit.
    cap: Annotated[int | None, Field(ge=1, le=500)] = None


ASSIGNMENTS = ("choose", "random", "balanced")


class Stage(_Strict):
    """One step of the agenda."""

    kind: Literal["plenary", "groups", "report-back"]
    title: Title
    minutes: Annotated[int, Field(ge=1, le=600)]
    description: Text = ""
    activities: Activities = []
    groups: Annotated[list[Group], Field(max_length=20)] = []
    # How people get into a groups stage's groups: they choose, or the server deals them out at
    # random or balanced across segments (everyone there when the stage starts, and later joiners).
    # Balanced needs the plan's segments (Plan._segments): without them it would quietly be random.
    assignment: Literal[ASSIGNMENTS] = "choose"

    @model_validator(mode="after")
    def _groups_only_in_groups_stage(self):
        if self.kind != "groups" and self.assignment != "choose":
            raise ValueError(f"only a groups stage has an assignment, not a {self.kind} stage")
        if self.kind == "groups":
            if len(self.groups) < 2:
                raise ValueError("a groups stage needs at least 2 groups")
            if self.activities:
                raise ValueError("a groups stage keeps its activities inside its groups")
            if len({g.name.casefold() for g in self.groups}) != len(self.groups):
                raise ValueError("group names must all be different")
        elif self.groups:
            raise ValueError(f"only a groups stage has groups, not a {self.kind} stage")
        if self.kind != "report-back" and any(a.kind == "crossvote" for a in self._every_activity()):
            raise ValueError("a cross-group vote (crossvote) belongs in a report-back stage")
        return self

    def _every_activity(self):
        return [*self.activities, *(a for g in self.groups for a in g.activities)]


LANGUAGES = ("en", "fr", "es", "pt", "nl")


class Plan(_Strict):
    """A whole session plan."""

    title: Title
    description: Text = ""
    # The session's default language for the phones and the board (a participant may pick another).
    # The plan's own text stays as the facilitator wrote it.
    language: Literal[LANGUAGES] = "en"
    stages: Annotated[list[Stage], Field(min_length=1, max_length=40)]
    # Roles a participant may declare (e.g. Northern partner, Southern partner, Other), or none.
    # Results can then be shown per segment; a segment with fewer respondents than
    # ``hide_segments_below`` is hidden in every view and export (facilitation/domain/segment.py).
    segments: Annotated[list[Annotated[str, Field(min_length=1, max_length=40)]], Field(max_length=8)] = []
    hide_segments_below: Annotated[int, Field(ge=2, le=50)] = 3

    @model_validator(mode="after")
    def _segments(self):
        if len(self.segments) == 1:
            raise ValueError("segments: give none, or 2 to 8 names")
        _all_different(self.segments, "segment names")
        for i, stage in enumerate(self.stages):
            if stage.assignment == "balanced" and not self.segments:
                raise _FieldMistake(f"stages[{i}].assignment", "dealing people out balanced across segments needs "
                                    "the session's segments (2 to 8); without them, deal them out at random")
            for activity in [*stage.activities, *(a for g in stage.groups for a in g.activities)]:
                if activity.kind == "pat" and activity.gap and not set(activity.gap) <= set(self.segments):
                    raise ValueError(f"{activity.title!r}: the gap must name two of the session's segments")
        return self


def _where(loc) -> str:
    """Turn pydantic's error location into ``stages[2].activities[0].options``."""
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        elif i > 0 and isinstance(loc[i - 1], int) and part in ACTIVITY_KINDS + QUESTION_KINDS:
            continue  # the discriminator tag pydantic adds for a tagged union
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def parse_plan(data, source: str = "plan") -> Plan:
    """Check a plan given as plain data; raise PlanError naming source, field and problem."""
    if not isinstance(data, dict):
        raise PlanError(f"{source}: a plan must be a mapping with a title and stages")
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(source, e) for e in exc.errors()[:5]]
        raise PlanError("; ".join(problems)) from None


def _problem(source: str, error: dict) -> str:
    mistake = error.get("ctx", {}).get("error")
    if isinstance(mistake, _FieldMistake):
        return f"{source}: {mistake.where}: {mistake}"
    return f"{source}: {_where(error['loc'])}: {error['msg']}"


def load_plan_file(path: Path) -> Plan:
    """Read and check a YAML plan file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise PlanError(f"{path.name}: not valid YAML{at}: {getattr(exc, 'problem', exc)}") from None
    return parse_plan(data, source=path.name)


def plan_path(directory: Path, name: str) -> Path:
    """The file in ``directory`` for a plan name such as ``partos-meetup``."""
    if not isinstance(name, str) or not name or not set(name) <= PLAN_NAME_CHARS:
        raise PlanError("a plan name uses only lower-case letters, digits, '-' and '_'")
    path = directory / f"{name}.yaml"
    if not path.is_file():
        raise NotFound(f"no plan called {name!r} in {directory.name}/")
    return path


def list_plans(directory: Path) -> list[dict]:
    """Name and title of every plan file in ``directory`` that loads; broken ones carry their error."""
    plans = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            plans.append({"name": path.stem, "title": load_plan_file(path).title})
        except PlanError as exc:
            plans.append({"name": path.stem, "title": None, "error": str(exc)})
    return plans
