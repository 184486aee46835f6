"""Run Baraza: ``python app.py`` starts the server on an embedded SQLite database in instance/.

It prints the facilitator's console link (with the secret token) and the LAN
address phones use. ``python app.py --help`` lists the options.
"""
import argparse
import os
import sys

from facilitation import create_app  # noqa: F401  (for "flask --app app sessions …"; loads no framework yet)

ASYNC_MODES = ("eventlet", "gevent", "threading")


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line options; each falls back to an environment variable."""
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python app.py", description="Baraza: live facilitation for meet-ups.")
    parser.add_argument("--host", default=env("HOST", "0.0.0.0"),
                        help="address to listen on (default 0.0.0.0: reachable by phones on the LAN)")
    parser.add_argument("--port", type=int, default=int(env("PORT", "5000")), help="port (default 5000)")
    parser.add_argument("--database-url", default=env("DATABASE_URL"),
                        help="SQLAlchemy URL, e.g. postgresql://user@host/db (default: SQLite in instance/)")
    parser.add_argument("--async-mode", choices=ASYNC_MODES, default=env("BARAZA_ASYNC_MODE", "gevent"),
                        help="concurrency model (default gevent; eventlet is supported and tested too)")
    parser.add_argument("--message-queue", default=env("MESSAGE_QUEUE"),
                        help="Redis URL shared by several server processes, e.g. redis://127.0.0.1:6379/0")
    parser.add_argument("--token", default=env("FACILITATOR_TOKEN"),
                        help="facilitator token (default: FACILITATOR_TOKEN, else a new random one)")
    parser.add_argument("--public-url", default=env("PUBLIC_URL"),
                        help="address phones use, e.g. https://baraza.example.org (default: http://<LAN address>:<port>)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    return parser.parse_args(argv)


def _patch(mode: str) -> None:
    """Monkey-patch the standard library for a green-thread server, before anything else is imported."""
    if mode == "eventlet":
        import eventlet
        eventlet.monkey_patch()
    elif mode == "gevent":
        from gevent import monkey
        monkey.patch_all()


def _raise_open_files_limit() -> None:
    """Every phone is an open socket: lift the soft limit on open files to the hard one."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))


def main(argv=None) -> None:
    """Start the server and print where people go."""
    args = parse_args(argv)
    _patch(args.async_mode)
    _raise_open_files_limit()
    from facilitation.network import lan_address
    from facilitation.web.realtime import socketio

    public_url = args.public_url or f"http://{lan_address()}:{args.port}"
    config = {"ASYNC_MODE": args.async_mode, "PUBLIC_URL": public_url.rstrip("/"),
              "MESSAGE_QUEUE": args.message_queue}
    if args.database_url:
        config["DATABASE_URL"] = args.database_url
    if args.token:
        config["FACILITATOR_TOKEN"] = args.token
    app = create_app(config)
    token = app.config["FACILITATOR_TOKEN"]
    print(f"Baraza is running ({args.async_mode}) on {args.host}:{args.port}", flush=True)
    print(f"  Facilitator console: {public_url}/console?token={token}", flush=True)
    print(f"  Phones join at:      {public_url}/  (each session's board shows its QR code)", flush=True)
    print("  Keep the console link to yourself: the token in it is the facilitator's key.", flush=True)
    server_options = {"log_output": not args.quiet}
    if args.async_mode == "eventlet":
        server_options["max_size"] = 20000  # eventlet's default caps a server at 1,024 connections
    elif args.async_mode == "threading":
        server_options["allow_unsafe_werkzeug"] = True
    _freeze_startup_objects()
    socketio.run(app, host=args.host, port=args.port, **server_options)


def _freeze_startup_objects() -> None:
    """Keep the modules and objects made at start-up out of every later garbage collection.

    Without this a full collection walks Flask, SQLAlchemy, Socket.IO and friends again each
    time, and with a thousand phones connected it stopped the server for 75-125 ms in the
    middle of a vote burst (measured with gc.callbacks during bench/load.py; docs/performance.md).
    """
    import gc

    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
