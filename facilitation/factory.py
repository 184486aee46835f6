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


def _languages(app: Flask, pages) -> None:
    """Flask-Babel: the phone and board in the catalogues of translations/ (compiled .mo committed)."""
    from flask_babel import Babel

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "translations"))
    Babel(app, default_locale="en", locale_selector=pages.locale)


def _compression(app: Flask) -> None:
    """Compress HTML, JSON, JS, CSS and SVG (Brotli, gzip or zstd, as the browser accepts).

    Socket.IO traffic never reaches Flask's after_request, so it is untouched. Pages that carry the
    facilitator token are left uncompressed: a compressed secret next to text an attacker chooses
    can leak through the response size (BREACH)."""
    from flask import g, request
    from flask_compress import Compress, DictCache

    app.config.setdefault("COMPRESS_REGISTER", False)
    # Smallest first: Brotli 5 and gzip 6 beat zstd 3 by about 10% on our JS and CSS. (Over plain
    # http:// to a LAN address, Chromium offers only gzip and deflate.)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip", "zstd", "deflate"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    compress = Compress()
    compress.init_app(app)
    # Static files: compressed once per file version and algorithm, then served from memory, so a
    # room of phones joining at once costs no compression time.
    static = Compress()
    static.init_app(app)
    static.cache = DictCache()
    static.cache_key = lambda req: f"{req.path}|{g.static_etag}"

    @app.after_request
    def _compress(response):
        if g.get("carries_token"):
            return response
        if request.endpoint == "static" and response.status_code == 200 and response.direct_passthrough:
            # Small files, read whole: compressed with a Content-Length, in any algorithm (gzip too).
            g.static_etag = response.get_etag()[0]
            response.direct_passthrough = False
            response.make_sequence()
            return static.after_request(response)
        return compress.after_request(response)


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
    _languages(app, pages)
    _compression(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    realtime.init_app(app, store)
    return app
