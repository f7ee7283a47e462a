"""The dataset library on disk: imported datasets as contract folders, written atomically, kept across restarts.

Every change is made in a temporary folder or file inside the library and moved into place with one rename,
so a crash or a killed process leaves each stored dataset exactly as it was; leftovers are removed by clean().
Changes are made one at a time (caregap.locks), so sessions weighting or deleting one dataset at once, or a
rebuild's clean() while another session imports, never trip over each other.
A stored survey keeps its aggregates in prepared/ (caregap.prepare): a start or a rebuild reads them, not its rows.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

from caregap import contract
from caregap.csvread import read_csv_text
from caregap.db import fetch
from caregap.durable import TEMP_PREFIX, csv_text, fsync, write_synced
from caregap.errors import DatasetError, Problem
from caregap.loader import DATASET_ID, ID_RULE
from caregap.locks import claimed, in_use, one_change
from caregap.metadata import Metadata
from caregap.paths import BUNDLED_DATASETS, library_dir
from caregap.prepare import FOLDER as PREPARED
from caregap.prepare import KIND as PREPARED_KIND
from caregap.prepare import prepare_folder, write_prepared


def folders() -> list[Path]:
    """The stored datasets (complete folders only: staging leftovers start with a dot)."""
    root = library_dir()
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and DATASET_ID.fullmatch(p.name)]
    return sorted(p for p in found if (p / "metadata.json").is_file())


def clean() -> None:
    """Finish or undo what an interrupted import, re-weighting or delete left behind."""
    root = library_dir()
    if root.is_dir():
        with one_change(root):
            _clean(root)


def _clean(root: Path) -> None:
    """clean(), with the library to itself."""
    for old in root.glob(f"{TEMP_PREFIX}old-*"):
        current = root / old.name.removeprefix(f"{TEMP_PREFIX}old-")
        if not current.exists():  # stopped between the two renames of a swap: the old version stays
            os.rename(old, current)
    for path in root.glob(f"{TEMP_PREFIX}*"):
        if not path.is_dir():
            path.unlink()
        elif not in_use(path):
            shutil.rmtree(path)
    for path in root.glob(f"[!{TEMP_PREFIX}]*/{TEMP_PREFIX}*"):  # in leftover folders: gone with them, or in use
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def _fsync_prepared(folder: Path) -> None:
    """Flush a dataset's prepared aggregates to disk."""
    for path in [*(folder / PREPARED).iterdir(), folder / PREPARED]:
        fsync(path)


def _refuse_taken(dataset_id: str) -> None:
    """A new dataset needs an id of its own."""
    if not DATASET_ID.fullmatch(dataset_id):
        raise DatasetError([Problem("Id", f"{dataset_id!r} {ID_RULE}")])
    if dataset_id in BUNDLED_DATASETS or (library_dir() / dataset_id).exists():
        taken = "choose another id, or delete that dataset first (Your library, below)"
        raise DatasetError([Problem("Id", f"a dataset with id {dataset_id} already exists: {taken}")])


def _move_in(staging: Path, target: Path) -> None:
    """Rename a staged dataset into place; a dataset that took the id meanwhile is kept and the import refused."""
    try:
        os.rename(staging, target)
    except OSError:
        if not target.exists():
            raise
        message = f"a dataset with id {target.name} was imported meanwhile; choose another id"
        raise DatasetError([Problem("Id", message)]) from None


def _prepare(folder: Path) -> None:
    """Load a dataset folder as a restart would (it must load) and, for a survey, keep its aggregates in
    prepared/: later loads read them instead of checking and summing its rows again."""
    if prepare_folder(folder)[1]:
        _fsync_prepared(folder)


def keep_prepared(con: duckdb.DuckDBPyConnection, folder: Path, meta: Metadata) -> None:
    """A stored survey just loaded from its rows (imported by an earlier Care Gap, prepared under rules since
    changed, or with aggregates that would not read) keeps its aggregates, so that the next start reads them; a
    library that cannot be written is read from the rows each time."""
    if folder.parent != library_dir() or meta.kind != PREPARED_KIND:
        return
    if not fetch(con, "dataset_rows", dataset_id=meta.id)["n"].iat[0]:
        return  # loaded from its aggregates
    try:
        with one_change(library_dir()):
            write_prepared(con, folder, meta.id)
            _fsync_prepared(folder)
    except OSError:
        pass


def save(meta: dict, tables: dict[str, pa.Table]) -> Path:
    """Store a new dataset: write, check and prepare it in a staging folder, then rename it into place."""
    _refuse_taken(meta["id"])
    root = library_dir()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}import-", dir=root))
    try:
        with claimed(staging):
            for file in contract.FILES_BY_KIND[meta["kind"]]:
                write_synced(staging / file, csv_text(tables[file]))
            write_synced(staging / "metadata.json", json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
            _prepare(staging)
            fsync(staging)
            with one_change(root):
                _move_in(staging, root / meta["id"])
                fsync(root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return root / meta["id"]


def delete(dataset_id: str) -> None:
    """Remove a stored dataset: one rename out of sight, then the files."""
    with one_change(library_dir()):
        target = _stored(dataset_id)
        trash = target.with_name(f"{TEMP_PREFIX}delete-{dataset_id}-{os.urandom(4).hex()}")
        os.rename(target, trash)
        fsync(target.parent)
        shutil.rmtree(trash)


def _stored(dataset_id: str) -> Path:
    """The folder of a stored dataset; one deleted meanwhile (in another tab, say) is refused plainly."""
    target = library_dir() / dataset_id
    if not DATASET_ID.fullmatch(dataset_id) or not target.is_dir():
        raise DatasetError([Problem("library", f"there is no stored dataset {dataset_id} (deleted meanwhile?)")])
    return target


def _swap(folder: Path, files: dict[str, str]) -> None:
    """Replace files of a stored dataset together: a new version of the folder, then two renames.

    Stopped anywhere, the dataset is the old version or the new one: clean() puts a set-aside old version back
    when the new one never arrived. The new version must load, and is prepared, before it takes the old one's place.
    """
    new = folder.with_name(f"{TEMP_PREFIX}new-{folder.name}")
    old = folder.with_name(f"{TEMP_PREFIX}old-{folder.name}")
    shutil.rmtree(new, ignore_errors=True)
    shutil.copytree(folder, new)
    try:
        for name, text in files.items():
            write_synced(new / name, text)
        _prepare(new)
    except DatasetError:
        shutil.rmtree(new)
        raise
    fsync(new)
    os.rename(folder, old)
    os.rename(new, folder)
    fsync(folder.parent)
    shutil.rmtree(old)


def set_weights(dataset_id: str, weights: dict[str, float], note: str) -> None:
    """Store new respondent weights (by respondent_id) and say how they were made in metadata.json."""
    with one_change(library_dir()):
        _set_weights(_stored(dataset_id), weights, note)


def _set_weights(folder: Path, weights: dict[str, float], note: str) -> None:
    """set_weights, with the library to itself."""
    table = read_csv_text(folder / "respondents.csv")
    ids = table["respondent_id"].to_pylist()
    column = pa.array([repr(float(weights[i])) for i in ids], pa.string())
    names = table.column_names
    table = (
        table.set_column(names.index("weight"), "weight", column)
        if "weight" in names
        else table.append_column("weight", column)
    )
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    meta_text = json.dumps({**meta, "weighting": note}, indent=2, ensure_ascii=False) + "\n"
    _swap(folder, {"respondents.csv": csv_text(table), "metadata.json": meta_text})
