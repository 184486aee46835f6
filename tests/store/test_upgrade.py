"""A database an earlier version made keeps its data when a newer version adds columns."""
import pytest
import sqlalchemy as sa

from facilitation.store import Store
from facilitation.store.schema import timers


def test_a_missing_column_is_added_and_the_rows_already_there_keep_their_data(database_url):
    older = Store(database_url)
    older.create_tables()
    with older.transaction() as conn:  # the timers table as it was before "held" existed
        conn.execute(sa.text("DROP TABLE timers"))
        conn.execute(sa.text("CREATE TABLE timers (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL, "
                             "scope VARCHAR(24) NOT NULL, duration FLOAT NOT NULL, elapsed FLOAT NOT NULL, "
                             "started_at FLOAT)"))
        conn.execute(sa.text("INSERT INTO timers (id, session_id, scope, duration, elapsed) "
                             "VALUES (1, 7, 'stage:0', 600, 12)"))
    older.dispose()

    newer = Store(database_url)
    newer.create_tables()
    newer.create_tables()  # and again: nothing left to add
    with newer.transaction() as conn:
        row = conn.execute(sa.select(timers).where(timers.c.id == 1)).one()
    newer.dispose()
    assert (row.scope, row.duration, row.elapsed, row.held) == ("stage:0", 600, 12, False)


def test_a_new_column_that_old_rows_could_not_fill_is_refused_with_a_reason(sqlite_url, monkeypatch):
    s = Store(sqlite_url)
    s.create_tables()
    monkeypatch.setattr(timers.c.held, "server_default", None)
    with s.transaction() as conn:
        conn.execute(sa.text("ALTER TABLE timers DROP COLUMN held"))
    with pytest.raises(RuntimeError, match="timers.held"):
        s.create_tables()
    s.dispose()


def test_notes_of_an_older_database_gain_their_cluster_column_and_stay_unclustered(database_url):
    from facilitation.store.schema import notes

    older = Store(database_url)
    older.create_tables()
    with older.transaction() as conn:  # the notes table as it was before clusters existed
        conn.execute(sa.text("DROP TABLE notes CASCADE" if conn.dialect.name == "postgresql" else "DROP TABLE notes"))
        conn.execute(sa.text("CREATE TABLE notes (id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL, "
                             "participant_id INTEGER NOT NULL, column_index INTEGER NOT NULL, text TEXT NOT NULL, "
                             "author VARCHAR(40) NOT NULL, created_at FLOAT NOT NULL)"))
        conn.execute(sa.text("INSERT INTO notes VALUES (1, 5, 9, 0, 'Funding cycles', '', 12.0)"))
    older.dispose()

    newer = Store(database_url)
    newer.create_tables()
    with newer.transaction() as conn:
        row = conn.execute(sa.select(notes).where(notes.c.id == 1)).one()
    newer.dispose()
    assert (row.text, row.cluster_id) == ("Funding cycles", None)


def test_votes_and_answers_of_an_older_database_take_their_participants_segment(database_url):
    """Before a vote or answer kept the segment declared when it was given, results per segment read
    the participant's: an upgrade fills the new column from it, so old results stay as they were."""
    from facilitation.domain.plan import parse_plan
    from facilitation.services import participation as p, sessions
    from facilitation.store.schema import answers, votes

    from ..conftest import small_plan

    older = Store(database_url)
    older.create_tables()
    code = sessions.create_session(older, parse_plan(small_plan(segments=["North", "South"])))
    state = sessions.move_stage(older, code, "next")
    poll, scale = (next(a["id"] for a in state["stage"]["activities"] if a["kind"] == kind) for kind in ("poll", "scale"))
    north, silent = p.join(older, code), p.join(older, code)
    p.declare_segment(older, north, "s", "North")
    for who in (north, silent):
        p.vote(older, who, "v", poll, [0])
    p.rate(older, north, "r", scale, 0, 4)
    with older.transaction() as conn:  # the tables as they were before the column
        for table in ("votes", "answers"):
            conn.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN segment"))
    older.dispose()

    newer = Store(database_url)
    newer.create_tables()
    with newer.transaction() as conn:
        voted = dict(conn.execute(sa.select(votes.c.participant_id, votes.c.segment)).all())
        answered = conn.execute(sa.select(answers.c.segment)).scalar_one()
    newer.dispose()
    assert voted == {north["participant_id"]: "North", silent["participant_id"]: None} and answered == "North"
