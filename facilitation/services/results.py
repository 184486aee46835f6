"""Results of an activity, always computed from the stored rows."""
import sqlalchemy as sa

from ..domain import board, poll
from ..store.schema import notes, votes


def results_of(conn, item) -> dict:
    """The activity's results: a poll's tally or a board's notes (empty for a talk)."""
    if item.kind == "poll":
        ballots = conn.execute(sa.select(votes.c.choices).where(votes.c.activity_id == item.id)).scalars()
        return poll.tally(item, ballots)
    if item.kind == "board":
        rows = conn.execute(sa.select(notes.c.id, notes.c.column_index, notes.c.text, notes.c.author,
                                      notes.c.created_at).where(notes.c.activity_id == item.id)).all()
        return board.board_view(item, [board.Note(*r) for r in rows])
    return {}


def response_count(results: dict) -> int:
    """How many answers the results hold (voters of a poll, notes of a board)."""
    return results.get("voters", results.get("count", 0))
