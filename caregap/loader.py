"""Validate a dataset folder against the contract and load it into DuckDB, all or nothing."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from caregap import contract
from caregap.checks import check, conform, read_file
from caregap.db import execute, fetch
from caregap.errors import DatasetError, Problem
from caregap.measures import MINUTE_EDGES
from caregap.metadata import Metadata, read_metadata
from caregap.prepare import AGGREGATES, data_files, is_prepared, stored_fingerprint
from caregap.prepare import FOLDER as PREPARED
from caregap.prepare import KIND as PREPARED_KIND

DATASET_ID = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")
ID_RULE = "must start with a lower-case letter or digit, then hold only lower-case letters, digits and _ (64 at most)"
# What is built from the aggregates once they are loaded, from the rows or from prepared files alike.
DERIVED = ("load_respondent_totals", "load_dataset_regions")
STALE = (
    "is out of date (metadata.json or Care Gap's rules changed since it was written) and the folder holds no rows"
    " to load instead: run python -m caregap.prepare --sum again (or prepare the folder from its rows)"
)
# What loading a dataset runs, in order: the typed staging tables, then the aggregates pages read.
LOAD_STEPS = {
    "consumer_survey": (
        "load_respondents",
        "load_contacts",
        "load_respondent_answers",
        "load_contact_answers",
        "load_contact_pairs",
        "load_contact_people",
        *DERIVED,
    ),
    "brand_audit": ("load_brands", "load_probes"),
}


def validate(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[Metadata, dict[str, pa.Table]]:
    """Read and check a dataset folder; raise DatasetError listing every problem found."""
    meta = read_metadata(folder)
    if not DATASET_ID.fullmatch(meta.id):
        raise DatasetError([Problem("metadata.json", f"{meta.id!r} {ID_RULE}", field="id")])
    tables: dict[str, pa.Table] = {}
    problems: list[Problem] = []
    for file in contract.FILES_BY_KIND[meta.kind]:
        tables[file] = conform(file, read_file(folder, file))
        parent = next((f.references for f in contract.FIELDS[file] if f.references), None)
        problems += check(con, file, tables[file], tables.get(parent) if parent else None)
    if problems:
        raise DatasetError(problems)
    return meta, tables


def _refuse_duplicate(con: duckdb.DuckDBPyConnection, meta: Metadata) -> None:
    """A dataset id can be loaded once."""
    if fetch(con, "dataset_exists", dataset_id=meta.id)["n"].iat[0]:
        raise DatasetError([Problem("metadata.json", f"a dataset with id {meta.id} is already loaded", field="id")])


def _in_transaction(con: duckdb.DuckDBPyConnection, views: dict[str, pa.Table], steps: list[tuple[str, dict]]) -> None:
    """Register the views and run the steps in one transaction: all of them, or nothing."""
    for view, table in views.items():
        con.register(view, table)
    con.begin()
    try:
        for step, params in steps:
            execute(con, step, **params)
        con.commit()
    except Exception:
        con.rollback()
        raise
    finally:
        for view in views:
            con.unregister(view)


def load_dataset(con: duckdb.DuckDBPyConnection, folder: Path, *, use_prepared: bool = True) -> Metadata:
    """Validate a dataset folder and load it in one transaction: all of it, or nothing.

    A prepared dataset (caregap.prepare) whose aggregates are up to date loads its aggregates instead.
    """
    if use_prepared and is_prepared(folder):
        try:
            return _load_prepared(con, folder)
        except DatasetError:
            if not data_files(folder):
                raise  # else its rows are there to load instead
    if use_prepared and stored_fingerprint(folder) and not data_files(folder):
        raise DatasetError([Problem(f"{folder.name}/{PREPARED}", STALE)])  # a summed survey's aggregates are all it has
    meta, tables = validate(con, folder)
    _refuse_duplicate(con, meta)
    views = {"raw_" + file.split(".")[0]: table for file, table in tables.items()}
    steps = [(step, {"dataset_id": meta.id, "edges": list(MINUTE_EDGES)}) for step in LOAD_STEPS[meta.kind]]
    try:
        _in_transaction(con, views, [("load_dataset_row", meta.row()), *steps])
    except duckdb.Error as err:  # a gap in the checks: still a message, never a traceback
        text = f"passed the checks but could not be loaded ({str(err).splitlines()[0]})"
        raise DatasetError([Problem(folder.name, text)]) from err
    return meta


def _aggregate(folder: Path, name: str) -> pa.Table:
    """One aggregate of a prepared dataset; an unreadable file is refused by its name."""
    path = folder / PREPARED / f"{name}.parquet"
    try:
        return _plain_lists(pq.read_table(path))
    except (pa.ArrowException, OSError) as err:
        raise DatasetError([Problem(f"{folder.name}/{PREPARED}/{path.name}", f"is not readable: {err}")]) from None


def _plain_lists(table: pa.Table) -> pa.Table:
    """A list of dictionary-encoded values (channels_used, from an ENUM list) read as a list of text where a batch
    of it holds only empty lists (a survey whose contacts never name a network, say): DuckDB cannot read such a
    batch. Only then: the text lists cost memory that the dictionaries save."""
    for pos, field in enumerate(table.schema):
        encoded = pa.types.is_list(field.type) and pa.types.is_dictionary(field.type.value_type)
        if encoded and any(len(chunk.values) == 0 or len(chunk.flatten()) == 0 for chunk in table.column(pos).chunks):
            plain = pa.list_(field.type.value_type.value_type)
            table = table.set_column(pos, field.name, table.column(pos).cast(plain))
    return table


def _load_prepared(con: duckdb.DuckDBPyConnection, folder: Path) -> Metadata:
    """Load a prepared dataset: its metadata and its aggregates (its rows were validated when prepared)."""
    meta = read_metadata(folder)
    if meta.kind != PREPARED_KIND:  # aggregates hold no brands or probes: an audit is read from its rows
        raise DatasetError([Problem(f"{folder.name}/{PREPARED}", f"holds aggregates, which a {meta.kind} has none of")])
    _refuse_duplicate(con, meta)
    views = {f"prepared_{name}": _aggregate(folder, name) for name in AGGREGATES}
    steps = [(f"load_prepared_{name}", {"dataset_id": meta.id}) for name in AGGREGATES]
    steps += [(name, {"dataset_id": meta.id}) for name in DERIVED]
    _in_transaction(con, views, [("load_dataset_row", meta.row()), *steps])
    return meta
