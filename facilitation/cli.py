"""Command line for the facilitator's archive: ``flask --app app sessions list|export|import|delete``."""
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from . import export as exports
from .domain.codes import normalise_join_code
from .domain.errors import DomainError
from .services import archive, record, sessions
from .services.bundles import read_record_upload

sessions_cli = AppGroup("sessions", help="List, export, import and delete sessions.")


def _store():
    return current_app.extensions["baraza.store"]


def _code(text: str) -> str:
    code = normalise_join_code(text)
    if code is None:
        raise click.BadParameter(f"{text!r} is not a join code")
    return code


def _fail(error: DomainError):
    raise click.ClickException(str(error))


@sessions_cli.command("list")
def list_command():
    """Every session, newest first."""
    for s in sessions.list_sessions(_store()):
        when = datetime.fromtimestamp(s["created_at"], timezone.utc).strftime("%Y-%m-%d %H:%M")
        click.echo(f"{s['code']}  {when}  {s['status']:<8} {s['participants']:>5} joined  {s['title']}")


@sessions_cli.command("export")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(list(exports.FORMATS)), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="file to write (default: baraza-<code>.<ext> here; '-' for standard output)")
def export_command(code, fmt, output):
    """Export a session's record in one format."""
    code = _code(code)
    try:
        files = record.material_files(_store(), code) if fmt == "zip" else {}
        body, _mimetype, filename = exports.render(fmt, record.session_record(_store(), code), files)
    except DomainError as exc:
        _fail(exc)
    if output == "-":
        click.get_binary_stream("stdout").write(body)
        return
    path = Path(output or filename)
    path.write_bytes(body)
    click.echo(f"wrote {path} ({len(body):,} bytes)")


@sessions_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path):
    """Import a session from a record (.json) or a report bundle (.zip)."""
    try:
        data, files = read_record_upload(path, Path(path).read_bytes())
        code = archive.import_record(_store(), data, files)
    except DomainError as exc:
        _fail(exc)
    click.echo(f"imported as {code}")


@sessions_cli.command("delete")
@click.argument("code")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def delete_command(code, yes):
    """Delete a session and everything that belongs to it."""
    code = _code(code)
    if not yes:
        click.confirm(f"Delete session {code} and all its results?", abort=True)
    try:
        archive.delete_session(_store(), code)
    except DomainError as exc:
        _fail(exc)
    click.echo(f"deleted {code}")
