"""A survey prepared in parts (one folder per wave, month or machine): the parts' aggregates summed into one.

python -m caregap.prepare --sum TARGET PART... reads each part's prepared aggregates (each part validated and
prepared on its own, by the same rules) and writes their sums into TARGET/prepared/, TARGET holding only the
survey's metadata.json. Counts and sums of weights add up over parts, provided each respondent's contacts are in
the respondent's part: pairs of contacts and people are counted per respondent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from caregap.db import fetch_arrow
from caregap.errors import DatasetError, Problem
from caregap.metadata import Metadata, read_metadata
from caregap.prepare import AGGREGATES, FOLDER, data_files, fingerprint, stored_fingerprint, write_aggregates


def _problems(target: Path, parts: list[Path], meta: Metadata) -> list[Problem]:
    """What keeps the parts from being summed into the target: each said with the folder it is about."""
    found = []
    if meta.kind != "consumer_survey":
        found.append(Problem(f"{target}/metadata.json", "kind must be consumer_survey: only surveys are summed"))
    for path in data_files(target):
        found.append(
            Problem(str(path), "is a data file: the summed folder holds only metadata.json (its rows are the parts')")
        )
    if not parts:
        found.append(Problem(str(target), "no part to sum: name the prepared folders of the survey's parts"))
    for part in parts:
        if part.resolve() == target.resolve():
            found.append(Problem(str(part), "is the target itself, not a part"))
        elif problem := _unprepared(part):
            found.append(Problem(str(part), f"{problem}: run python -m caregap.prepare on it"))
    return found


def _unprepared(part: Path) -> str | None:
    """Why a part's aggregates cannot be summed, or None. A part may hold only its prepared/ folder (copied from
    where it was prepared); data files it still holds must be the ones it was prepared from."""
    stored = stored_fingerprint(part) if part.is_dir() else None
    if stored is None:
        return "is not prepared"
    current = fingerprint(part)
    if stored["rules"] != current["rules"]:
        return "was prepared by other rules (another version of Care Gap)"
    return "changed since it was prepared" if data_files(part) and stored != current else None


def sum_parts(target: Path, parts: list[Path]) -> Metadata:
    """Write target/prepared/ as the sums of the parts' prepared aggregates; nothing is written if a part is not
    prepared (by the current rules) or the target holds data of its own."""
    meta = read_metadata(target)
    if problems := _problems(target, parts, meta):
        raise DatasetError(problems)
    con = duckdb.connect(":memory:", config={"enable_external_access": False})
    try:
        tables = {}
        for name in AGGREGATES:
            con.register(
                f"parts_{name}", pa.concat_tables(pq.read_table(p / FOLDER / f"{name}.parquet") for p in parts)
            )
            tables[name] = fetch_arrow(con, f"sum_prepared_{name}", dataset_id=meta.id)
    finally:
        con.close()
    write_aggregates(target, tables)
    return meta


def main(argv: list[str]) -> int:
    """Sum the prepared parts named on the command line (TARGET PART...) into TARGET/prepared/."""
    if not argv:
        print("usage: python -m caregap.prepare --sum TARGET PART...", file=sys.stderr)
        return 2
    target, parts = Path(argv[0]), [Path(p) for p in argv[1:]]
    try:
        meta = sum_parts(target, parts)
    except DatasetError as err:  # which folder, and what to do about it; no traceback
        print(f"{target}: not summed.\n{err}", file=sys.stderr)
        return 1
    print(f"summed {len(parts)} parts into {meta.id} in {target / FOLDER}")
    return 0
