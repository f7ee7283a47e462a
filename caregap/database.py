"""Build the in-memory DuckDB database: contract, schema, datasets, then lock it down."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from caregap import contract, library
from caregap.db import execute
from caregap.errors import DatasetError
from caregap.loader import load_dataset
from caregap.metadata import Metadata
from caregap.paths import BUNDLED_DATASETS, DATA_DIR, extra_dataset_dirs

Built = tuple[duckdb.DuckDBPyConnection, list[str]]
_BUILT_AT_START: list[Built] = []  # the database caregap.serve built before taking visitors, until it is taken


def _load_contract(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the contract tables from caregap.contract, the single source of the rules."""
    execute(con, "load_contract_tables")
    pairs = [(domain, values) for domain, values in contract.ENUMS.items()]
    execute(
        con,
        "load_contract_values",
        domains=[d for d, values in pairs for _ in values],
        ords=[i for _, values in pairs for i, _ in enumerate(values)],
        values=[v for _, values in pairs for v in values],
    )
    for file, fields in contract.FIELDS.items():
        execute(
            con,
            "load_contract_fields",
            file=file,
            fields=[f.name for f in fields],
            kinds=[f.kind for f in fields],
            required=[f.required for f in fields],
            allowed=[list(f.allowed) for f in fields],
            min_values=[f.min_value for f in fields],
            max_values=[f.max_value for f in fields],
            exclusive_min=[f.exclusive_min for f in fields],
            is_unique=[f.unique for f in fields],
            parent_files=[f.references for f in fields],
        )


def new_database() -> duckdb.DuckDBPyConnection:
    """An empty in-memory database with the contract and the typed tables."""
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
    _load_contract(con)
    execute(con, "load_schema")
    execute(con, "load_macros")
    return con


def lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """No file or network access, no extension installs, no configuration changes from here on."""
    execute(con, "lock_down")


def bundled_folders() -> list[Path]:
    """The folders of the datasets that ship with Care Gap."""
    return [DATA_DIR / name for name in BUNDLED_DATASETS]


def startup_folders() -> list[Path]:
    """The datasets a server loads at start: the bundled ones, any in $CAREGAP_EXTRA_DATASETS, then the library's."""
    library.clean()
    return [*bundled_folders(), *extra_dataset_dirs(), *library.folders()]


def build(folders: Iterable[Path]) -> tuple[duckdb.DuckDBPyConnection, list[Metadata]]:
    """Load every dataset folder into a new database and lock it down."""
    con = new_database()
    loaded = [load_dataset(con, folder) for folder in folders]
    lock_down(con)
    return con, loaded


def build_serving(folders: Iterable[Path]) -> Built:
    """As build, for a server that must start: a dataset that will not load is left out and its problem returned."""
    con = new_database()
    problems = []
    for folder in folders:
        try:
            meta = load_dataset(con, folder)  # all or nothing: a dataset that fails leaves no rows behind
        except (DatasetError, OSError, duckdb.Error) as error:
            problems.append(f"The dataset in {folder} was not loaded. {error}")
            continue
        library.keep_prepared(con, folder, meta)
    pa.default_memory_pool().release_unused()  # the files read while loading: Arrow's allocator keeps their pages
    lock_down(con)
    return con, problems


def build_at_start() -> None:
    """Build the server's database before it takes visitors (caregap.serve), so its first visitor does not wait."""
    _BUILT_AT_START.append(build_serving(startup_folders()))


def serving() -> Built:
    """The database built at start, the first time it is asked for; after that (a refresh) one built now."""
    try:
        return _BUILT_AT_START.pop()
    except IndexError:
        return build_serving(startup_folders())
