"""Read an uploaded survey export (CSV or XLSX bytes) into an Upload: every cell text, nothing evaluated."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from caregap.csvread import collector_paused
from caregap.errors import DatasetError, fail
from caregap.ingest.decode import PROTECTED, check_size, decode, kind_of
from caregap.ingest.table import Upload, records, sniff_delimiter, to_upload
from caregap.ingest.workbook import is_workbook, read_xlsx, zip_entries

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # in no text export: binary bytes read as text
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


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


def read_upload(name: str, data: bytes, sheet: str | None = None) -> Upload:
    """Read uploaded bytes by what they are (not by their name): XLSX (this sheet, if named), CSV text, or a clear
    refusal."""
    check_size(name, len(data))
    kind = kind_of(data)
    if kind == "a ZIP archive" and (name.lower().endswith(".xlsx") or is_workbook(zip_entries(data))):
        return read_xlsx(name, data, sheet)
    if kind == PROTECTED:
        raise fail(name, f"is {kind}: Care Gap cannot open it; save it again from Excel without a password")
    if kind:
        raise fail(name, f"is {kind}, not a CSV or XLSX survey export")
    return read_csv(name, data)


def read_saved(name: str, data: bytes, sheet: str | None = None) -> Upload:
    """Write the bytes under a random name in a private temporary folder, read them back, and remove them."""
    with tempfile.TemporaryDirectory(prefix="caregap-upload-") as folder:
        path = Path(folder) / os.urandom(16).hex()
        path.write_bytes(data)
        with collector_paused():
            return read_upload(name, path.read_bytes(), sheet)
