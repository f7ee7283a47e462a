"""Files that survive a crash: written and flushed to disk, replaced in one rename; contract tables as CSV text."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pyarrow as pa

from caregap.csvread import LINE_COLUMN

TEMP_PREFIX = "."  # files being replaced, and the library's staging folders and folders being deleted


def fsync(path: Path) -> None:
    """Flush a file or a folder entry to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_synced(path: Path, text: str) -> None:
    """Write text and flush it to disk."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def replace_file(folder: Path, name: str, text: str) -> None:
    """Replace one file atomically (a temporary file, fsync, os.replace)."""
    temp = folder / f"{TEMP_PREFIX}{name}.{os.urandom(4).hex()}.tmp"
    try:
        write_synced(temp, text)
        os.replace(temp, folder / name)
        fsync(folder)
    finally:
        temp.unlink(missing_ok=True)


def csv_text(table: pa.Table) -> str:
    """A contract table as CSV text (blank for missing), without its line numbers."""
    names = [n for n in table.column_names if n != LINE_COLUMN]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(zip(*(["" if v is None else v for v in table[n].to_pylist()] for n in names), strict=True))
    return out.getvalue()
