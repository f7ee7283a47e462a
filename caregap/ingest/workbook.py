"""Read an uploaded Excel workbook (.xlsx): one worksheet's cells as text, nothing evaluated, bombs refused."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

from caregap.errors import DatasetError, fail
from caregap.ingest.header import MAX_COLUMNS, Record
from caregap.ingest.table import Upload, to_upload

MAX_UNZIPPED_RATIO = 100  # an .xlsx that inflates more than this is treated as a decompression bomb
WORKBOOK_PARTS = frozenset({"[Content_Types].xml", "xl/workbook.xml"})  # a ZIP holding these is an .xlsx
# A formula cell: its attributes, and its saved result if any. A result is missing when there is no <v>, or an
# empty one in a cell not typed as text (t="str", as a spreadsheet saves an empty text result): a file written by a
# program (openpyxl writes <v></v>) and never saved from a spreadsheet. Such a cell reads blank: nothing is
# ever calculated.
FORMULA_CELL = re.compile(rb"<c\b([^>]*)>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v>([^<]*)</v>|<v\s*/>)?\s*</c>")
CELL_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]+)"')
CHUNK = 1 << 20  # bytes of a sheet's XML scanned at once
OVERLAP = 1 << 15  # kept from one chunk to the next: a cell cut in two (a formula is at most 8,192 characters)
SHOWN_CELLS = 5  # cells named in the note


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


def unsaved_formulas(data: bytes, part: str) -> list[str]:
    """The cells (A1 references) of a worksheet's XML part whose formulas have no saved result, in sheet order."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part) as xml:
        tail = b""
        while chunk := xml.read(CHUNK):
            text, end = tail + chunk, 0
            for match in FORMULA_CELL.finditer(text):
                attributes, result, end = match.group(1), match.group(2), match.end()
                ref = CELL_REF.search(attributes)
                if not result and b't="str"' not in attributes and ref:
                    found.append(ref.group(1).decode("ascii"))
            tail = text[max(end, len(text) - OVERLAP) :]
    return found


def _unsaved_note(sheet: str, cells: list[str]) -> list[str]:
    """What a note says of formulas with no saved result (nothing when there are none)."""
    if not cells:
        return []
    more = f" and {len(cells) - SHOWN_CELLS:,} more" if len(cells) > SHOWN_CELLS else ""
    return [
        f"Sheet '{sheet}' has {len(cells):,} formula cells with no saved result ({', '.join(cells[:SHOWN_CELLS])}"
        f"{more}), read as blank: the file was written by a program and never saved from a spreadsheet, and Care "
        "Gap calculates nothing. Open it in Excel or LibreOffice and save it, or export the sheet as CSV."
    ]


def _records(name: str, sheet: object) -> list[Record]:
    """A worksheet's rows; a damaged sheet is refused by its title."""
    try:
        return _sheet_records(name, sheet)
    except DatasetError:
        raise
    except Exception:  # a damaged sheet raises XML, ZIP or value errors while it is read
        damaged = f"sheet '{sheet.title}' is damaged (save it again from Excel)"
        raise fail(name, f"is not a readable Excel workbook: {damaged}") from None


def _sheet_upload(name: str, data: bytes, sheet: object, titles: list[str]) -> Upload | None:
    """One worksheet as an Upload (None if it is empty), with the workbook's visible sheets to choose from, and a
    note of any formula cells that read blank for want of a saved result."""
    recs = _records(name, sheet)
    if not recs:
        return None
    others = [t for t in titles if t != sheet.title]
    choose = f"; its other sheets ({', '.join(repr(t) for t in others)}) can be chosen under Sheet" if others else ""
    upload = to_upload(name, _pad(recs), f"an Excel workbook (sheet '{sheet.title}'{choose})")
    upload.sheets, upload.sheet = titles, sheet.title
    upload.notes += _unsaved_note(sheet.title, unsaved_formulas(data, sheet._worksheet_path))
    return upload


def _first_upload(name: str, data: bytes, sheets: list) -> Upload:
    """The first visible worksheet that reads as a survey (a cover sheet of one line is passed over); if none
    does, the first one's problem."""
    titles, refused = [s.title for s in sheets], []
    for sheet in sheets:
        try:
            upload = _sheet_upload(name, data, sheet, titles)
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
            return _first_upload(name, data, sheets)
        chosen = next((s for s in sheets if s.title == sheet), None)
        if chosen is None:
            raise fail(name, f"has no sheet '{sheet}' to read")
        upload = _sheet_upload(name, data, chosen, [s.title for s in sheets])
        if upload is None:
            raise fail(name, f"sheet '{sheet}' is empty")
        return upload
    finally:
        book.close()


def _pad(recs: list[Record]) -> list[Record]:
    """Workbook rows padded to the widest row (a sheet has no ragged rows, only empty trailing cells)."""
    width = max((len(cells) for _, cells in recs), default=0)
    return [(line, cells + [""] * (width - len(cells))) for line, cells in recs]
