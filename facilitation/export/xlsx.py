"""XLSX export: one workbook, the summary sheet first, then a sheet per activity that takes answers."""
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .cells import neutralise
from .tables import activity_tables, summary

BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(n: int, title: str, taken: set) -> str:
    base = f"{n:02d} {title}".translate(BAD_SHEET_CHARS)[:31].strip()
    name, k = base, 2
    while name.lower() in taken:
        name = f"{base[:27]} ({k})"
        k += 1
    taken.add(name.lower())
    return name


def _fill(sheet, title, header, rows) -> None:
    sheet.append([neutralise(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    if header:
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 60


def export(record: dict) -> bytes:
    """The workbook's bytes."""
    book = Workbook()
    first = book.active
    first.title = "Summary"
    s = summary(record)
    _fill(first, s.title, s.header, s.rows)
    taken = {"summary"}
    for n, (_stage, activity, table) in enumerate(activity_tables(record), start=1):
        _fill(book.create_sheet(_sheet_name(n, activity["title"], taken)), table.title, table.header, table.rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
