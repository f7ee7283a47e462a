"""Prepared datasets: a large dataset is validated and aggregated once, and later loads read the aggregates.

python -m caregap.prepare FOLDER... validates each dataset folder fully and writes FOLDER/prepared/: one
Parquet file per aggregate and a fingerprint of what they were built from (the data files, the contract
and the SQL that builds them). A load whose fingerprint still matches reads the aggregates instead of the
rows, so a server holding ten million respondents starts in seconds and keeps only the aggregates in memory.
A survey prepared in parts is summed into one with --sum (caregap.partitions).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from caregap import contract
from caregap.db import fetch_arrow, sql
from caregap.errors import DatasetError
from caregap.measures import MINUTE_EDGES

AGGREGATES = ("respondent_answers", "contact_answers", "contact_pairs", "contact_people")
BUILT_BY = ("load_schema", "load_macros", "load_respondents", "load_contacts", *(f"load_{name}" for name in AGGREGATES))
CHECKED_BY = ("check_cells", "check_unique", "check_grain", "check_references")  # the rows were valid under these
FOLDER = "prepared"
KIND = "consumer_survey"  # the one kind with aggregates: a brand audit is small and always loads from its rows
DATA_FILES = (".csv", ".parquet")  # suffixes of a dataset's data files
FINGERPRINT = "fingerprint.json"
USAGE = """usage: python -m caregap.prepare FOLDER...         validate each dataset folder, write FOLDER/prepared/
       python -m caregap.prepare --sum TARGET PART...  sum prepared parts of one survey into TARGET/prepared/"""


def fingerprint(folder: Path) -> dict[str, object]:
    """What the aggregates depend on: each data file's size and modification time, and the code's rules (how the
    rows were checked and how the aggregates were built)."""
    files = sorted([*data_files(folder), *folder.glob("metadata.json")])
    code = [sql(name) for name in (*BUILT_BY, *CHECKED_BY)]
    rules = "\n".join([*code, repr(contract.FIELDS), repr(contract.GRAINS), repr(MINUTE_EDGES)])
    return {
        "files": {p.name: [p.stat().st_size, p.stat().st_mtime_ns] for p in files},
        "rules": hashlib.sha256(rules.encode()).hexdigest(),
    }


def data_files(folder: Path) -> list[Path]:
    """The data files (CSV or Parquet) a dataset folder holds, by name."""
    return sorted(p for p in folder.iterdir() if p.suffix in DATA_FILES)


def is_prepared(folder: Path) -> bool:
    """Whether folder/prepared/ holds aggregates built from the folder's current files and rules."""
    return stored_fingerprint(folder) == fingerprint(folder)


def stored_fingerprint(folder: Path) -> dict[str, object] | None:
    """The fingerprint folder/prepared/ was written with, if it holds every aggregate (None otherwise)."""
    path = folder / FOLDER / FINGERPRINT
    if not path.is_file() or not all((folder / FOLDER / f"{name}.parquet").is_file() for name in AGGREGATES):
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def write_prepared(con: duckdb.DuckDBPyConnection, folder: Path, dataset_id: str) -> None:
    """Write a loaded dataset's aggregates and fingerprint into folder/prepared/ (atomically)."""
    write_aggregates(folder, {name: fetch_arrow(con, f"export_{name}", dataset_id=dataset_id) for name in AGGREGATES})


def write_aggregates(folder: Path, tables: dict[str, pa.Table]) -> None:
    """Write each aggregate's table and the folder's fingerprint into folder/prepared/ (one rename into place)."""
    target = folder / FOLDER
    staging = folder / f".{FOLDER}.tmp"
    staging.mkdir(exist_ok=True)
    for name in AGGREGATES:
        pq.write_table(tables[name], staging / f"{name}.parquet")
    (staging / FINGERPRINT).write_text(json.dumps(fingerprint(folder), indent=2) + "\n", encoding="utf-8")
    old = folder / f".{FOLDER}.old"
    if target.exists():
        target.rename(old)
    os.replace(staging, target)
    if old.exists():
        for path in old.iterdir():
            path.unlink()
        old.rmdir()


def prepare_folder(folder: Path) -> tuple[str, bool]:
    """Load a dataset folder from its rows (all checks) and, for a survey, write its aggregates into prepared/:
    its id, and whether it was prepared. Raises DatasetError if it does not load."""
    from caregap.database import new_database
    from caregap.loader import load_dataset

    con = new_database()
    try:
        meta = load_dataset(con, folder, use_prepared=False)
        if meta.kind == KIND:
            write_prepared(con, folder, meta.id)
        return meta.id, meta.kind == KIND
    finally:
        con.close()


def main(argv: list[str]) -> int:
    """Prepare each dataset folder given on the command line."""
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    if argv[0] == "--sum":
        from caregap.partitions import main as sum_main

        return sum_main(argv[1:])
    for folder in map(Path, argv):
        try:
            dataset_id, prepared = prepare_folder(folder)
        except DatasetError as err:  # the contract's own message: file, line and field; no traceback
            print(f"{folder}: not prepared.\n{err}", file=sys.stderr)
            return 1
        done = f"prepared {dataset_id} in {folder / FOLDER}"
        print(done if prepared else f"{dataset_id} is valid; a brand audit loads from its rows: nothing to prepare")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
