"""Where the test services are, and what to do when one is missing (skip on a laptop, fail on CI)."""
import os
import secrets
from contextlib import contextmanager

import pytest

CI = os.environ.get("CI") == "true"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def missing(what: str, why) -> None:
    """Skip a test that needs a service this machine lacks; on CI a missing service is a failure."""
    message = f"{what} is not available: {why}"
    if CI:
        pytest.fail(message + " (CI=true: every service must be there)")
    pytest.skip(message)


@contextmanager
def postgres_schema():
    """A fresh PostgreSQL schema for one test; yields a database URL whose search_path is that schema."""
    import psycopg

    schema = "baraza_test_" + secrets.token_hex(6)
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        missing("PostgreSQL", exc)
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
