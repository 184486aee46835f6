"""Shared fixtures: a fresh database per test (SQLite, and PostgreSQL where a test asks), the app, clients."""
import pytest
from hypothesis import settings

from facilitation.domain.plan import parse_plan

from .services import postgres_schema

TOKEN = "test-facilitator-token"

# No wall-clock limit on a property test's examples: on a loaded 2-core machine Hypothesis' default
# 200 ms deadline fails tests whose rules hold.
settings.register_profile("baraza", deadline=None)
settings.load_profile("baraza")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """A fresh, empty database: an SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'baraza.db'}"
    else:
        with postgres_schema() as url:
            yield url


@pytest.fixture
def sqlite_url(tmp_path):
    """A fresh SQLite database for tests that do not need to run on both engines."""
    return f"sqlite:///{tmp_path / 'baraza.db'}"


@pytest.fixture
def store(database_url):
    """The store on a fresh database, tables created."""
    from facilitation.store import Store

    s = Store(database_url)
    s.create_tables()
    yield s
    s.dispose()


@pytest.fixture
def app(sqlite_url, tmp_path, monkeypatch):
    """The Flask app on a fresh SQLite database, threading mode (for the test clients)."""
    from facilitation import create_app

    monkeypatch.setenv("BARAZA_INSTANCE", str(tmp_path / "instance"))
    application = create_app({"DATABASE_URL": sqlite_url, "FACILITATOR_TOKEN": TOKEN, "TESTING": True,
                              "ASYNC_MODE": "threading", "PUBLIC_URL": "http://192.0.2.10:5000",
                              "BROADCAST_AUTOSTART": False,
                              # High rate limits: only tests/hostile/test_limits.py tests the real ones.
                              "JOIN_RATE_LIMIT": 10**6, "JOIN_RATE_BURST": 10**6,
                              "EVENT_RATE_LIMIT": 10**6, "EVENT_RATE_BURST": 10**6})
    yield application
    application.extensions["baraza.store"].dispose()


@pytest.fixture
def client(app):
    """Flask's HTTP test client."""
    return app.test_client()


@pytest.fixture
def auth():
    """The facilitator's Authorization header."""
    return {"Authorization": f"Bearer {TOKEN}"}


def small_plan(**overrides) -> dict:
    """A plan with a plenary (polls, board, word cloud, scale, open text, ranking, points, Q&A), a groups stage and a report-back."""
    plan = {
        "title": "Test meet-up",
        "stages": [
            {"kind": "plenary", "title": "Opening", "minutes": 10, "activities": [
                {"kind": "poll", "title": "Warm-up", "options": ["Yes", "No", "Maybe"]},
                {"kind": "board", "title": "Reflections", "columns": ["Challenges", "Solutions"]},
                {"kind": "poll", "title": "Pick any", "options": ["A", "B", "C"], "multiple": True,
                 "hide_results": True},
                {"kind": "wordcloud", "title": "One word", "max_answers": 3, "max_words": 2},
                {"kind": "scale", "title": "How do you rate", "statements": ["Trust", "Power sharing"],
                 "min_label": "Not at all", "max_label": "Fully"},
                {"kind": "text", "title": "Anything else?", "max_answers": 2, "text_limit": 100},
                {"kind": "ranking", "title": "Put in order", "options": ["Funding", "Decisions", "Trust"]},
                {"kind": "points", "title": "Spend 100", "options": ["Funding", "Decisions", "Trust"]},
                {"kind": "qna", "title": "Questions for the speakers", "question_limit": 120, "max_questions": 2},
            ]},
            {"kind": "groups", "title": "Working groups", "minutes": 20, "groups": [
                {"name": "Red", "activities": [{"kind": "board", "title": "Red board"}]},
                {"name": "Blue", "activities": [{"kind": "board", "title": "Blue board"}]},
            ]},
            {"kind": "report-back", "title": "Report-back", "minutes": 10, "activities": [
                {"kind": "poll", "title": "Later", "options": ["X", "Y"], "start": "manual"}]},
        ],
    }
    plan.update(overrides)
    return plan


@pytest.fixture
def plan():
    """The small test plan, checked."""
    return parse_plan(small_plan())
