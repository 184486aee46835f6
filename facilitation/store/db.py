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
        """Create any missing table (idempotent; safe when several processes start at once)."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(7240011)"))  # one creator at a time
            metadata.create_all(conn)

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
