"""Read an uploaded Excel workbook (.xlsx): one worksheet's cells as text, nothing evaluated, bombs refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time

from caregap.errors import DatasetError, fail
from caregap.ingest.header import MAX_COLUMNS, Record
from caregap.ingest.table import Upload, to_upload

MAX_UNZIPPED_RATIO = 100  # an .xlsx that inflates more than this is treated as a decompression bomb
WORKBOOK_PARTS = frozenset({"[Content_Types].xml", "xl/workbook.xml"})  # a ZIP holding these is an .xlsx


def _cell(value: object) -> str:
    """A workbook cell as text: whole numbers without '.0', dates in ISO 8601, blank for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def zip_entries(data: bytes) -> list[zipfile.ZipInfo] | None:
    """The entries a ZIP's directory lists (nothing is inflated); None if the directory cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, NotImplementedError, ValueError):  # damaged directory, unknown version, bad names
        return None


def is_workbook(entries: list[zipfile.ZipInfo] | None) -> bool:
    """Whether a ZIP's entries hold the parts every Excel workbook has."""
    return entries is not None and WORKBOOK_PARTS.issubset(info.filename for info in entries)


def _check_zip(name: str, data: bytes) -> None:
    """Refuse a workbook that is not a ZIP, would inflate past the ratio (a zip bomb) or holds no workbook."""
    entries = zip_entries(data)
    if entries is None:
        raise fail(name, "is not an Excel workbook (.xlsx): it is not a valid ZIP container")
    inflated = sum(info.file_size for info in entries)
    if inflated > MAX_UNZIPPED_RATIO * len(data):
        raise fail(name, f"would inflate to {inflated / 1e6:,.0f} MB: refused as a decompression bomb")
    if not is_workbook(entries):
        raise fail(name, "is not a readable Excel workbook: it is a ZIP archive without a workbook inside")


def _sheet_records(name: str, sheet: object) -> list[Record]:
    """A worksheet's non-blank rows with their Excel row numbers, blank cells at the end of each row dropped.

    Each row is as long as its own cells, not padded to the width the sheet states (a single cell in column XFD
    would pad every row to 16,384); a row with a value past MAX_COLUMNS is refused as soon as it is read. Each
    distinct cell text is kept once, shared by the rows that hold it (as table.records() keeps a CSV's).
    """
    sheet.reset_dimensions()
    recs: list[Record] = []
    seen: dict[str, str] = {}
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        width = len(row)
        while width and _blank(row[width - 1]):
            width -= 1
        if width > MAX_COLUMNS:
            raise fail(name, f"has {width:,} columns; Care Gap reads at most {MAX_COLUMNS:,} (export fewer questions)")
        if width:
            recs.append((number, [seen.setdefault(text, text) for text in map(_cell, row[:width])]))
    return recs


def _blank(value: object) -> bool:
    """Whether a workbook cell holds nothing (no value, or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _records(name: str, sheet: object) -> list[Record]:
    """A worksheet's rows; a damaged sheet is refused by its title."""
    try:
        return _sheet_records(name, sheet)
    except DatasetError:
        raise
    except Exception:  # a damaged sheet raises XML, ZIP or value errors while it is read
        damaged = f"sheet '{sheet.title}' is damaged (save it again from Excel)"
        raise fail(name, f"is not a readable Excel workbook: {damaged}") from None


def _sheet_upload(name: str, sheet: object, titles: list[str]) -> Upload | None:
    """One worksheet as an Upload (None if it is empty), with the workbook's visible sheets to choose from."""
    recs = _records(name, sheet)
    if not recs:
        return None
    others = [t for t in titles if t != sheet.title]
    choose = f"; its other sheets ({', '.join(repr(t) for t in others)}) can be chosen under Sheet" if others else ""
    upload = to_upload(name, _pad(recs), f"an Excel workbook (sheet '{sheet.title}'{choose})")
    upload.sheets, upload.sheet = titles, sheet.title
    return upload


def _first_upload(name: str, sheets: list) -> Upload:
    """The first visible worksheet that reads as a survey (a cover sheet of one line is passed over); if none
    does, the first one's problem."""
    titles, refused = [s.title for s in sheets], []
    for sheet in sheets:
        try:
            upload = _sheet_upload(name, sheet, titles)
        except DatasetError as err:
            refused.append(err)
            continue
        if upload is not None:
            return upload
    raise refused[0] if refused else fail(name, "has no rows: every sheet of the workbook is empty")


def read_xlsx(name: str, data: bytes, sheet: str | None = None) -> Upload:
    """A worksheet's rows (saved values of formulas, never recalculated), with Excel row numbers: the sheet named,
    or the first visible one that reads as a survey."""
    from openpyxl import load_workbook

    _check_zip(name, data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged workbook
        raise fail(name, "is not a readable Excel workbook: it is damaged (save it again from Excel)") from None
    try:
        sheets = [s for s in book.worksheets if s.sheet_state == "visible"] or book.worksheets
        if sheet is None:
            return _first_upload(name, sheets)
        chosen = next((s for s in sheets if s.title == sheet), None)
        if chosen is None:
            raise fail(name, f"has no sheet '{sheet}' to read")
        upload = _sheet_upload(name, chosen, [s.title for s in sheets])
        if upload is None:
            raise fail(name, f"sheet '{sheet}' is empty")
        return upload
    finally:
        book.close()


def _pad(recs: list[Record]) -> list[Record]:
    """Workbook rows padded to the widest row (a sheet has no ragged rows, only empty trailing cells)."""
    width = max((len(cells) for _, cells in recs), default=0)
    return [(line, cells + [""] * (width - len(cells))) for line, cells in recs]
