"""The report bundle: one ZIP with the HTML report, the record, the spreadsheets and the slides."""
import io
import json
import zipfile

from . import csv_zip, html, markdown, xlsx


def bundle(record: dict, files: dict[str, bytes]) -> bytes:
    """The ZIP's bytes: report.html, report.md, record.json, results.xlsx, csv/…, materials/…"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report.html", html.export(record))
        archive.writestr("report.md", markdown.export(record))
        archive.writestr("record.json", json.dumps(record, ensure_ascii=False, indent=2))
        archive.writestr("results.xlsx", xlsx.export(record))
        with zipfile.ZipFile(io.BytesIO(csv_zip.export(record))) as tables:
            for name in tables.namelist():
                archive.writestr(f"csv/{name}", tables.read(name))
        for path, content in sorted(files.items()):
            archive.writestr(path, content)
    return out.getvalue()
