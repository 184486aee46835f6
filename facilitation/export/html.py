"""The printable HTML report: title page, agenda, every stage's results with charts, the groups' harvest.

Self-contained (styles inline, charts as inline SVG, no script), so the file can be
mailed, opened offline, or printed to an A4 PDF from any browser.
"""
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .tables import left_out, segment_note, segment_parts

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "report"
KIND = {"plenary": "Plenary", "groups": "Working groups", "report-back": "Report-back"}

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["when"] = lambda iso: "–" if not iso else datetime.fromisoformat(iso).strftime("%d %b %Y, %H:%M UTC")
_env.filters["clock"] = lambda iso: "–" if not iso else datetime.fromisoformat(iso).strftime("%H:%M")
_env.filters["minutes"] = lambda m: "–" if m is None else f"{m:g}"
_env.filters["percent"] = lambda count, total: round(100 * count / total) if total else 0
_env.filters["size"] = lambda n: f"{n} bytes" if n < 1024 else (f"{n / 1024:.0f} KB" if n < 1024 ** 2 else f"{n / 1024 ** 2:.1f} MB")
_env.globals["KIND"] = KIND
_env.globals["left_out"] = left_out
_env.globals["segment_note"] = segment_note
_env.globals["segment_parts"] = segment_parts


def export(record: dict) -> str:
    """The report's HTML."""
    return _env.get_template("report.html").render(record=record, session=record["session"])
