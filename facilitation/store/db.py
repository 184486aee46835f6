"""The database engine: SQLite in WAL mode by default, PostgreSQL by URL."""
from contextlib import contextmanager

import sqlalchemy as sa

from .schema import metadata


def engine_url(url: str) -> str:
    """Accept the usual ``postgresql://`` spelling and use the psycopg 3 driver for it."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk before the phone is told it is, even if the machine loses power.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


# What a column added to an older database starts as, where null would be wrong: a vote's or an
# answer's segment is its participant's (the older version counted every answer there).
BACKFILL = {
    ("votes", "segment"): "UPDATE votes SET segment = (SELECT segment FROM participants"
                          " WHERE participants.id = votes.participant_id)",
    ("answers", "segment"): "UPDATE answers SET segment = (SELECT segment FROM participants"
                            " WHERE participants.id = answers.participant_id)",
}


def add_missing_columns(conn) -> None:
    """Add the columns a newer version declares to tables an older one created.

    Only additive changes are made this way: a new column must be nullable or have a
    ``server_default``, so the rows already there stay valid; ``BACKFILL`` fills one from the
    rows' own data where it says so.
    """
    inspector = sa.inspect(conn)
    for table in metadata.sorted_tables:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            if not column.nullable and column.server_default is None:
                raise RuntimeError(f"cannot add {table.name}.{column.name} to an existing database: "
                                   "a new column needs to be nullable or to have a server_default")
            ddl = sa.schema.CreateColumn(column).compile(dialect=conn.dialect)
            conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {ddl}"))
            if (table.name, column.name) in BACKFILL:
                conn.execute(sa.text(BACKFILL[(table.name, column.name)]))


def add_missing_indexes(conn) -> None:
    """Create the indexes a newer version declares on tables an older one created (by name, with
    IF NOT EXISTS: SQLAlchemy cannot reflect an index on an expression to compare it)."""
    for table in metadata.sorted_tables:
        for index in table.indexes:
            conn.execute(sa.schema.CreateIndex(index, if_not_exists=True))


class Store:
    """Owns the engine; ``transaction()`` gives a connection whose work commits as one."""

    def __init__(self, url: str):
        self.url = engine_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        options = {"future": True}
        if not self.is_sqlite:
            options.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine = sa.create_engine(self.url, **options)
        if self.is_sqlite:
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)

    def create_tables(self) -> None:
        """Create any missing table and add any missing column (idempotent; safe when several
        processes start at once), so a database made by an earlier version keeps its sessions."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(7240011)"))  # one creator at a time
            metadata.create_all(conn)
            add_missing_columns(conn)
            add_missing_indexes(conn)

    @contextmanager
    def transaction(self):
        """A connection in a transaction: committed on success, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    def ping(self) -> None:
        """Raise if the database does not answer."""
        with self.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
