"""The session record in every format: json, csv (ZIP), xlsx, md, html, and a ZIP bundle of them all.

Each exporter takes the record (see services/record.py) and returns bytes; none
of them touches the database or the web framework.
"""
import json

from . import csv_zip, html, markdown, xlsx


def _json(record: dict, _files) -> bytes:
    return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")


def _bundle(record: dict, files) -> bytes:
    from .bundle import bundle
    return bundle(record, files)


# name: (function(record, files) -> bytes, MIME type, file extension)
FORMATS = {
    "json": (_json, "application/json", "json"),
    "csv": (lambda r, _f: csv_zip.export(r), "application/zip", "csv.zip"),
    "xlsx": (lambda r, _f: xlsx.export(r), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "md": (lambda r, _f: markdown.export(r).encode("utf-8"), "text/markdown; charset=utf-8", "md"),
    "html": (lambda r, _f: html.export(r).encode("utf-8"), "text/html; charset=utf-8", "html"),
    "zip": (_bundle, "application/zip", "zip"),
}


def render(fmt: str, record: dict, files: dict[str, bytes] | None = None) -> tuple[bytes, str, str]:
    """The record in ``fmt``: its bytes, MIME type and a file name."""
    function, mimetype, extension = FORMATS[fmt]
    return function(record, files or {}), mimetype, f"baraza-{record['session']['code']}.{extension}"
