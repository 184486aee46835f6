"""CSV export: a ZIP with index.csv and one CSV per activity that takes answers.

UTF-8 with a byte-order mark, so Excel and LibreOffice open accents and non-Latin
text correctly; comma-separated; formula-like cells neutralised.
"""
import csv
import io
import zipfile

from .cells import neutralise
from .tables import activity_tables, responses, summary, where


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow([neutralise(v) for v in header])
    writer.writerows([[neutralise(v) for v in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export(record: dict) -> bytes:
    """The ZIP's bytes."""
    out = io.BytesIO()
    tables = activity_tables(record)
    index = [[f"{t.name}.csv", where(stage, activity), activity["kind"], activity["title"],
              responses(activity)]
             for stage, activity, t in tables]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.csv", _csv(["File", "Where", "Kind", "Title", "Responses"], index))
        s = summary(record)
        archive.writestr("summary.csv", _csv(s.header, s.rows))
        for _stage, _activity, table in tables:
            archive.writestr(f"{table.name}.csv", _csv(table.header, table.rows))
    return out.getvalue()
