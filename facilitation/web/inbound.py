"""One schema per inbound Socket.IO event, with type and length limits.

Anything that does not fit is refused here, at the boundary, with a message
that names the field; the services never see it.
"""
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError

from ..domain.errors import DomainError

ClientId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Code = Annotated[str, Field(min_length=1, max_length=12)]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JoinIn(_Event):
    code: Code
    token: Annotated[str | None, Field(max_length=64)] = None
    name: Annotated[str | None, Field(max_length=200)] = None


class BoardJoinIn(_Event):
    code: Code


class ConsoleJoinIn(_Event):
    code: Code
    token: Annotated[str | None, Field(max_length=200)] = None


class HostJoinIn(_Event):
    """A group host's page follows its group (the host link's secret, or the host page's cookie)."""
    code: Code
    token: Annotated[str | None, Field(max_length=200)] = None


class RapporteurJoinIn(HostJoinIn):
    """A rapporteur's page follows the takeaways (the link's secret, or the page's cookie)."""


class VoteIn(_Event):
    id: ClientId
    activity: StrictInt
    choices: Annotated[list[StrictInt], Field(max_length=12)]


class NoteIn(_Event):
    id: ClientId
    activity: StrictInt
    column: StrictInt = 0
    text: Annotated[str, Field(max_length=5000)]
    signed: StrictBool = False


class MeIn(_Event):
    pass


class ResultsIn(_Event):
    activity: StrictInt


class NoteEditIn(_Event):
    id: ClientId
    activity: StrictInt
    note: StrictInt
    text: Annotated[str, Field(max_length=5000)]


class NoteRefIn(_Event):
    """A note.delete, dot.add or dot.remove: which note of which board."""

    id: ClientId
    activity: StrictInt
    note: StrictInt
class AnswersIn(_Event):
    id: ClientId
    activity: StrictInt
    answers: Annotated[list[Annotated[str, Field(max_length=1000)]], Field(max_length=10)]


class RateIn(_Event):
    id: ClientId
    activity: StrictInt
    statement: StrictInt
    value: StrictInt


class ScoreIn(_Event):
    id: ClientId
    activity: StrictInt
    decision: StrictInt
    organisation: StrictInt
    level: StrictInt


class RankIn(_Event):
    id: ClientId
    activity: StrictInt
    order: Annotated[list[StrictInt], Field(max_length=10)]


class PointsIn(_Event):
    id: ClientId
    activity: StrictInt
    allocation: Annotated[list[StrictInt], Field(max_length=10)]


class AskIn(_Event):
    id: ClientId
    activity: StrictInt
    text: Annotated[str, Field(max_length=5000)]
    signed: StrictBool = False


class UpvoteIn(_Event):
    id: ClientId
    activity: StrictInt
    question: StrictInt
    up: StrictBool = True


class SurveyIn(_Event):
    id: ClientId
    activity: StrictInt
    question: StrictInt
    answer: StrictInt | Annotated[list[StrictInt], Field(max_length=12)]


class GroupIn(_Event):
    id: ClientId
    group: Annotated[str, Field(min_length=1, max_length=12)]


class CrossVoteIn(_Event):
    """A crossvote.add or crossvote.remove: which promoted item of which cross-group vote."""

    id: ClientId
    activity: StrictInt
    item: StrictInt


class SegmentIn(_Event):
    """The segment a participant declares (one of the session's names), or null: prefer not to say."""

    id: ClientId
    segment: Annotated[str | None, Field(min_length=1, max_length=40)]


def parse(schema: type[_Event], payload) -> _Event:
    """The payload checked against its schema, or a DomainError naming the field."""
    if not isinstance(payload, dict):
        raise DomainError("the message must be a JSON object")
    try:
        return schema.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "message"
        raise DomainError(f"{where}: {first['msg']}") from None
