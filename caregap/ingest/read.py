"""Read an uploaded survey export (CSV or XLSX bytes) into an Upload: every cell text, nothing evaluated."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from caregap.errors import DatasetError, fail
from caregap.ingest.decode import PROTECTED, check_size, decode, kind_of
from caregap.ingest.header import MAX_COLUMNS, Record
from caregap.ingest.table import Upload, records, sniff_delimiter, to_upload

MAX_UNZIPPED_RATIO = 100  # an .xlsx that inflates more than this is treated as a decompression bomb
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # in no text export: binary bytes read as text
WORKBOOK_PARTS = frozenset({"[Content_Types].xml", "xl/workbook.xml"})  # a ZIP holding these is an .xlsx
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


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


def _zip_entries(data: bytes) -> list[zipfile.ZipInfo] | None:
    """The entries a ZIP's directory lists (nothing is inflated); None if the directory cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, NotImplementedError, ValueError):  # damaged directory, unknown version, bad names
        return None


def _is_workbook(entries: list[zipfile.ZipInfo] | None) -> bool:
    """Whether a ZIP's entries hold the parts every Excel workbook has."""
    return entries is not None and WORKBOOK_PARTS.issubset(info.filename for info in entries)


def _check_zip(name: str, data: bytes) -> None:
    """Refuse a workbook that is not a ZIP, would inflate past the ratio (a zip bomb) or holds no workbook."""
    entries = _zip_entries(data)
    if entries is None:
        raise fail(name, "is not an Excel workbook (.xlsx): it is not a valid ZIP container")
    inflated = sum(info.file_size for info in entries)
    if inflated > MAX_UNZIPPED_RATIO * len(data):
        raise fail(name, f"would inflate to {inflated / 1e6:,.0f} MB: refused as a decompression bomb")
    if not _is_workbook(entries):
        raise fail(name, "is not a readable Excel workbook: it is a ZIP archive without a workbook inside")


def _sheet_records(name: str, sheet: object) -> list[Record]:
    """A worksheet's non-blank rows with their Excel row numbers, blank cells at the end of each row dropped.

    Each row is as long as its own cells, not padded to the width the sheet states (a single cell in column XFD
    would pad every row to 16,384); a row with a value past MAX_COLUMNS is refused as soon as it is read.
    """
    sheet.reset_dimensions()
    recs: list[Record] = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        width = len(row)
        while width and _blank(row[width - 1]):
            width -= 1
        if width > MAX_COLUMNS:
            raise fail(name, f"has {width:,} columns; Care Gap reads at most {MAX_COLUMNS:,} (export fewer questions)")
        if width:
            recs.append((number, [_cell(v) for v in row[:width]]))
    return recs


def _blank(value: object) -> bool:
    """Whether a workbook cell holds nothing (no value, or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _first_sheet(name: str, book: object) -> tuple[str, list[Record], list[str]]:
    """The first visible worksheet with any cell filled in, its rows, and the titles of the sheets after it (never
    read); an unreadable sheet is refused."""
    sheets = [s for s in book.worksheets if getattr(s, "sheet_state", "visible") == "visible"] or book.worksheets
    for position, sheet in enumerate(sheets):
        try:
            recs = _sheet_records(name, sheet)
        except DatasetError:
            raise
        except Exception:  # a damaged sheet raises XML, ZIP or value errors while it is read
            raise fail(
                name,
                f"is not a readable Excel workbook: sheet '{sheet.title}' is damaged (save it again from Excel)",
            ) from None
        if recs:
            return sheet.title, recs, [s.title for s in sheets[position + 1 :]]
    raise fail(name, "has no rows: every sheet of the workbook is empty")


def read_xlsx(name: str, data: bytes) -> Upload:
    """The first non-empty worksheet's rows (saved values of formulas, never recalculated), with Excel row numbers."""
    from openpyxl import load_workbook

    _check_zip(name, data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged workbook
        raise fail(name, "is not a readable Excel workbook: it is damaged (save it again from Excel)") from None
    try:
        title, recs, others = _first_sheet(name, book)
    finally:
        book.close()
    unread = f"; the sheets after it are not read: {', '.join(repr(o) for o in others)}" if others else ""
    return to_upload(name, _pad(recs), f"an Excel workbook (sheet '{title}'{unread})")


def _pad(recs: list[Record]) -> list[Record]:
    """Workbook rows padded to the widest row (a sheet has no ragged rows, only empty trailing cells)."""
    width = max((len(cells) for _, cells in recs), default=0)
    return [(line, cells + [""] * (width - len(cells))) for line, cells in recs]


def read_csv(name: str, data: bytes) -> Upload:
    """Decode, sniff the delimiter, parse strictly and recognise the header rows.

    Bytes named .xlsx that are not a ZIP are read as the CSV they may be (saved under the wrong name), unless
    they are neither a workbook nor text: then they are refused as a damaged workbook, not as bad text.
    """
    workbook = name.lower().endswith(".xlsx")
    try:
        text, encoding, notes = decode(name, data)
    except DatasetError:
        if workbook:
            raise _damaged(name) from None
        raise
    if workbook and CONTROL.search(text[:4096]):
        raise _damaged(name)
    delimiter = sniff_delimiter(text)
    via = f"{encoding} text separated by {DELIMITER_NAMES[delimiter]}"
    upload = to_upload(name, records(name, text, delimiter), via)
    upload.notes[1:1] = notes
    upload.delimiter = delimiter
    return upload


def _damaged(name: str) -> DatasetError:
    """The refusal of bytes named .xlsx that are neither a workbook nor text."""
    return fail(name, "is not a valid Excel workbook (.xlsx): the file is damaged, or is not a workbook")


def read_upload(name: str, data: bytes) -> Upload:
    """Read uploaded bytes by what they are (not by their name): XLSX, CSV text, or a clear refusal."""
    check_size(name, len(data))
    kind = kind_of(data)
    if kind == "a ZIP archive" and (name.lower().endswith(".xlsx") or _is_workbook(_zip_entries(data))):
        return read_xlsx(name, data)
    if kind == PROTECTED:
        raise fail(name, f"is {kind}: Care Gap cannot open it; save it again from Excel without a password")
    if kind:
        raise fail(name, f"is {kind}, not a CSV or XLSX survey export")
    return read_csv(name, data)


def read_saved(name: str, data: bytes) -> Upload:
    """Write the bytes under a random name in a private temporary folder, read them back, and remove them."""
    with tempfile.TemporaryDirectory(prefix="caregap-upload-") as folder:
        path = Path(folder) / os.urandom(16).hex()
        path.write_bytes(data)
        return read_upload(name, path.read_bytes())
