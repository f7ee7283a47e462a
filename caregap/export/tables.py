"""A chart's data as CSV and XLSX, safe to open in a spreadsheet (OWASP CSV injection) with numbers kept as numbers."""

from __future__ import annotations

import io
import math
import numbers
import re

import numpy as np
import pandas as pd
import xlsxwriter

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def escape_cell(value: object) -> object:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell and heading escaped; numeric columns untouched."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].astype(object).map(escape_cell)
    out.columns = [escape_cell(str(column)) for column in out.columns]
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark (so spreadsheets read the labels right), escaped."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def sheet_names(titles: list[str]) -> list[str]:
    """Excel sheet names for these titles: allowed characters, at most 31 long (cut between words), unique ignoring
    case."""
    names: list[str] = []
    for title in titles:
        base = " ".join(SHEET_FORBIDDEN.sub(" ", title).split()).strip("'") or "Chart"
        name, number = _fit(base, SHEET_NAME_MAX), 1
        while name.lower() in {n.lower() for n in names} or name.lower() == "history":
            number += 1
            suffix = f" ({number})"
            name = _fit(base, SHEET_NAME_MAX - len(suffix)) + suffix
        names.append(name)
    return names


def _fit(text: str, width: int) -> str:
    """The text cut to width characters after its last whole word that fits (mid-word only if no word fits)."""
    if len(text) <= width:
        return text
    words = text[: width + 1].rsplit(" ", 1)[0] if " " in text[: width + 1] else ""
    return words.rstrip(" ,;'–-") or text[:width].rstrip(" '")


def _is_blank(value: object) -> bool:
    """Missing values, and numbers a spreadsheet cannot hold (NaN, infinity)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)) and not math.isfinite(value)


def _write_cell(sheet, row: int, col: int, value: object) -> None:
    """One cell: real numbers as numbers, blanks blank, everything else as escaped text (never a formula)."""
    if _is_blank(value):
        sheet.write_blank(row, col, None)
    elif isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, numbers.Real):
        sheet.write_number(row, col, float(value))
    else:
        sheet.write_string(row, col, str(escape_cell(str(value))))


def _write_table(book: xlsxwriter.Workbook, name: str, frame: pd.DataFrame) -> None:
    """A sheet holding the table from A1: a bold heading row, then one row per row."""
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True})
    for col, column in enumerate(frame.columns):
        sheet.write_string(0, col, str(escape_cell(str(column))), bold)
        cells = frame[column].astype(object).tolist()
        for row, value in enumerate(cells, start=1):
            _write_cell(sheet, row, col, value)
        width = max([len(str(column)), *(len(str(v)) for v in cells)]) if cells else len(str(column))
        sheet.set_column(col, col, min(60, max(8, width + 2)))
    sheet.freeze_panes(1, 0)


def to_xlsx(sheets: dict[str, pd.DataFrame], about: list[str] | None = None) -> bytes:
    """A workbook with one sheet per table (names made valid and unique) and an 'About' sheet of text lines."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        names = sheet_names([*sheets, *(["About"] if about else [])])
        for name, frame in zip(names, sheets.values(), strict=False):
            _write_table(book, name, frame)
        if about:
            sheet = book.add_worksheet(names[-1])
            sheet.set_column(0, 0, 120)
            for row, line in enumerate(about):
                sheet.write_string(row, 0, str(escape_cell(line)))
    return buffer.getvalue()
