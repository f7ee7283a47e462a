"""Byte-stable files: CSV through the csv module, Parquet through pyarrow, metadata.json."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def _cell_text(value: object) -> str:
    """One CSV cell: blank for missing, true/false, whole numbers, weights to 4 decimals, ISO times."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _rows(table: pa.Table) -> Iterable[list[str]]:
    """The table's rows as lists of cell texts."""
    columns = [[_cell_text(v) for v in table.column(i).to_pylist()] for i in range(table.num_columns)]
    return (list(row) for row in zip(*columns, strict=True))


def write_csv(chunks: Iterable[pa.Table], schema: pa.Schema, path: Path) -> None:
    """Header row, then every chunk's rows: UTF-8, comma, minimal quoting, \\n line endings."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(schema.names)
        for chunk in chunks:
            writer.writerows(_rows(chunk))


def write_parquet(chunks: Iterable[pa.Table], schema: pa.Schema, path: Path) -> None:
    """Every chunk into one Parquet file (one row group per chunk)."""
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in chunks:
            writer.write_table(chunk)


def write_metadata(meta: dict[str, object], path: Path) -> None:
    """metadata.json: 2-space indent, keys in the given order, UTF-8, trailing newline."""
    text = json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
