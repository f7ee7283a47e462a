"""Validate a dataset folder against the contract and load it into DuckDB, all or nothing."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa

from caregap import contract
from caregap.csvread import LINE_COLUMN, read_csv_text, read_parquet_text
from caregap.db import execute, fetch
from caregap.errors import DatasetError, Problem
from caregap.measures import MINUTE_EDGES
from caregap.metadata import Metadata, read_metadata

DATASET_ID = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")
# What loading a dataset runs, in order: the typed staging tables, then the aggregates pages read.
LOAD_STEPS = {
    "consumer_survey": (
        "load_respondents",
        "load_contacts",
        "load_respondent_answers",
        "load_respondent_favorites",
        "load_contact_answers",
    ),
    "brand_audit": ("load_brands", "load_probes"),
}


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


def _problems(file: str, rows: list[dict]) -> list[Problem]:
    """Turn check_* query rows into problems."""
    found = []
    for row in rows:
        value = row["example"]
        shown = "blank" if value is None else repr(value)
        others = [str(n) for n in list(row["lines"])[1:]]
        also = f" (also line {', '.join(others)})" if others else ""
        text = f"{shown} {row['problem']}{also}"
        found.append(Problem(file, text, row["lines"][0], row["field"], int(row["cells"])))
    return found


def check(con: duckdb.DuckDBPyConnection, file: str, table: pa.Table, parent: pa.Table | None) -> list[Problem]:
    """Every contract problem of one conformed file (cells, unique ids, references to the parent file)."""
    con.register("raw_upload", table)
    try:
        rows = fetch(con, "check_cells", file=file).to_dict("records")
        rows += fetch(con, "check_unique", file=file).to_dict("records")
        if parent is not None:
            con.register("raw_parent", parent)
            rows += fetch(con, "check_references", file=file).to_dict("records")
    finally:
        con.unregister("raw_upload")
        con.unregister("raw_parent") if parent is not None else None
    return _problems(file, rows)


def validate(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[Metadata, dict[str, pa.Table]]:
    """Read and check a dataset folder; raise DatasetError listing every problem found."""
    meta = read_metadata(folder)
    if not DATASET_ID.fullmatch(meta.id):
        raise DatasetError([Problem("metadata.json", "id must be lower-case letters, digits and _", field="id")])
    tables: dict[str, pa.Table] = {}
    problems: list[Problem] = []
    for file in contract.FILES_BY_KIND[meta.kind]:
        tables[file] = conform(file, read_file(folder, file))
        parent = next((f.references for f in contract.FIELDS[file] if f.references), None)
        problems += check(con, file, tables[file], tables.get(parent) if parent else None)
    if problems:
        raise DatasetError(problems)
    return meta, tables


def load_dataset(con: duckdb.DuckDBPyConnection, folder: Path) -> Metadata:
    """Validate a dataset folder and load it in one transaction: all of it, or nothing."""
    meta, tables = validate(con, folder)
    if fetch(con, "dataset_exists", dataset_id=meta.id)["n"].iat[0]:
        raise DatasetError([Problem("metadata.json", f"a dataset with id {meta.id} is already loaded", field="id")])
    views = {file: "raw_" + file.split(".")[0] for file in tables}
    for file, view in views.items():
        con.register(view, tables[file])
    con.begin()
    try:
        execute(con, "load_dataset_row", **meta.row())
        for step in LOAD_STEPS[meta.kind]:
            execute(con, step, dataset_id=meta.id, edges=list(MINUTE_EDGES))
        con.commit()
    except Exception:
        con.rollback()
        raise
    finally:
        for view in views.values():
            con.unregister(view)
    return meta
