"""The application factory: configuration, storage, blueprints and Socket.IO bound together."""
import os
import secrets
from pathlib import Path

from flask import Flask

from .store import Store

ROOT = Path(__file__).resolve().parent.parent


def _number(name: str, default: int) -> int:
    """A positive whole number from the environment, or the default."""
    raw = os.environ.get(name)
    if not raw:
        return default
    value = int(raw)
    if value <= 0:
        raise ValueError(f"{name} must be a positive whole number, not {raw!r}")
    return value


def _default_config(instance: Path) -> dict:
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'baraza.db'}",
        "FACILITATOR_TOKEN": os.environ.get("FACILITATOR_TOKEN") or secrets.token_urlsafe(18),
        "SESSIONS_DIR": str(ROOT / "sessions"),
        "ASYNC_MODE": os.environ.get("BARAZA_ASYNC_MODE", "threading"),
        "MESSAGE_QUEUE": os.environ.get("MESSAGE_QUEUE") or None,
        "PUBLIC_URL": os.environ.get("PUBLIC_URL") or None,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "SNAPSHOT_INTERVAL": 0.15,
        "PHONE_RESULTS_INTERVAL": 1.0,
        "BROADCAST_AUTOSTART": True,
        "MAX_MESSAGE_BYTES": 64 * 1024,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # Rate limits (per process, in memory; see docs/protocol.md "Limits"). New participants per
        # client address: a whole venue shares one address, so JOIN_RATE_BURST lets 2,000 phones in
        # at once, then JOIN_RATE_LIMIT a minute. Events per participant and per connection: 100 a minute.
        "JOIN_RATE_LIMIT": _number("JOIN_RATE_LIMIT", 600),
        "JOIN_RATE_BURST": _number("JOIN_RATE_BURST", 2000),
        "EVENT_RATE_LIMIT": _number("EVENT_RATE_LIMIT", 100),
        "EVENT_RATE_BURST": _number("EVENT_RATE_BURST", 100),
        "TRUSTED_PROXY": os.environ.get("TRUSTED_PROXY") or None,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
    }


def _secret_key(instance: Path) -> str:
    """A secret key kept in the instance folder, so console logins survive a restart."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def build_app(config: dict | None = None) -> Flask:
    """Build the application: configuration, storage, pages, API and Socket.IO."""
    app = Flask(__name__, instance_path=os.environ.get("BARAZA_INSTANCE") or str(ROOT / "instance"),
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(_default_config(instance))
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)

    store = Store(app.config["DATABASE_URL"])
    store.create_tables()
    app.extensions["baraza.store"] = store

    from .cli import sessions_cli
    from .web import api, pages, realtime
    app.cli.add_command(sessions_cli)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    realtime.init_app(app, store)
    return app
