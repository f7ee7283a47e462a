"""The contract's checks of one dataset file: read it, conform its columns, and list every problem in it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from caregap import contract
from caregap.csvread import LINE_COLUMN, read_csv_text, read_parquet_text
from caregap.db import fetch
from caregap.errors import DatasetError, Problem


def read_file(folder: Path, file: str) -> pa.Table:
    """Read <stem>.parquet if present, else <stem>.csv, as a text table with line numbers."""
    parquet = folder / file.replace(".csv", ".parquet")
    if parquet.is_file():
        return read_parquet_text(parquet)
    path = folder / file
    if not path.is_file():
        raise DatasetError([Problem(file, f"is missing from {folder.name}")])
    return read_csv_text(path)


def conform(file: str, table: pa.Table) -> pa.Table:
    """Contract columns only, in contract order; optional columns absent from the file become blank."""
    names = contract.field_names(file)
    missing = [f.name for f in contract.FIELDS[file] if f.required and f.name not in table.column_names]
    if missing:
        raise DatasetError([Problem(file, "the header has no column " + name, line=1) for name in missing])
    columns = {LINE_COLUMN: table[LINE_COLUMN]}
    for name in names:
        present = name in table.column_names
        columns[name] = table[name] if present else pa.nulls(table.num_rows, pa.string())
    return pa.table(columns)


def _problems(file: str, rows: pd.DataFrame) -> list[Problem]:
    """Turn check_* query rows into problems, naming each further line and its value where that differs."""
    found = []
    for row in rows.to_dict("records"):
        lines, values = list(row["lines"]), list(row["line_values"])
        first = values[0]
        pairs = zip(lines[1:], values[1:], strict=True)
        others = ", ".join(str(n) if v == first else f"{n} ({v!r})" for n, v in pairs)
        text = (row["problem"] if first is None else f"{first!r} {row['problem']}") + (
            f" (also line {others})" if others else ""
        )
        found.append(Problem(file, text, lines[0], row["field"], int(row["cells"])))
    return found


def _narrowed(table: pa.Table, names: list[str]) -> pa.Table:
    """The line numbers and these columns of the table: all that a check of those fields reads."""
    return table.select([LINE_COLUMN, *names])


def check(
    con: duckdb.DuckDBPyConnection, file: str, table: pa.Table, parent: pa.Table | None, *, grain: bool = True
) -> list[Problem]:
    """Every contract problem of one conformed file (cells, unique ids, its grain, references to the parent file).

    grain=False leaves out the grain's check, for contacts that cannot repeat it but through a repeated id.
    """
    fields = contract.FIELDS[file]
    keys, refs = [f.name for f in fields if f.unique], [f for f in fields if f.references]
    con.register("raw_upload", table)
    try:
        found = _problems(file, fetch(con, "check_cells", file=file))
        if keys:
            con.register("raw_upload", _narrowed(table, keys))
            found += _problems(file, fetch(con, "check_unique", file=file))
        if grain and file in contract.GRAINS:
            con.register("raw_upload", table)
            found += _problems(file, fetch(con, "check_grain", fields=list(contract.GRAINS[file])))
        if parent is not None and refs:
            con.register("raw_upload", _narrowed(table, [f.name for f in refs]))
            parent_keys = [f.name for f in contract.FIELDS[refs[0].references] if f.unique]
            con.register("raw_parent", _narrowed(parent, parent_keys))
            found += _problems(file, fetch(con, "check_references", file=file))
    finally:
        con.unregister("raw_upload")
        con.unregister("raw_parent") if parent is not None else None
    return found
