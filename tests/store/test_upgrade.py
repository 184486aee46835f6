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
