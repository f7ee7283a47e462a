"""Saved column mappings: one JSON file each in the library's _mappings folder, for the next wave of a survey."""

from __future__ import annotations

import json
from pathlib import Path

from caregap.durable import replace_file
from caregap.errors import DatasetError, Problem
from caregap.ingest.mapping import Mapping
from caregap.labels import dataset_labels
from caregap.locks import one_change
from caregap.paths import library_dir

MAPPINGS = "_mappings"  # saved column mappings, one JSON file each (not a dataset: ids cannot start with _)


def _mapping_files() -> list[Path]:
    """The saved mappings' files, by name."""
    folder = library_dir() / MAPPINGS
    return sorted(folder.glob("*.json"), key=lambda p: p.stem) if folder.is_dir() else []


def mapping_names() -> list[str]:
    """The names of the saved mappings."""
    return [p.stem for p in _mapping_files()]


def mapping_titles() -> dict[str, str]:
    """Each saved mapping's name as typed when it was saved (its file's name for one saved before names were kept,
    or damaged), told apart by its file's name where two read alike: one listing of the folder, one read a file."""
    titles = {}
    for path in _mapping_files():
        try:
            typed = json.loads(path.read_text(encoding="utf-8")).get("name")
        except (ValueError, AttributeError, OSError):
            typed = None
        titles[path.stem] = typed.strip() if isinstance(typed, str) and typed.strip() else path.stem
    return dataset_labels(titles)


def save_mapping(name: str, mapping: Mapping, replace: bool = False) -> str:
    """Keep a mapping under a name made safe for a file name, the name as typed inside it; returns the file's name.
    An existing one needs replace."""
    slug = "".join(c if c.isalnum() else "_" for c in name.strip().lower()).strip("_")[:60] or "mapping"
    folder = library_dir() / MAPPINGS
    with one_change(library_dir()):  # a rebuild's clean-up would take its temporary file for a crash's
        if (folder / f"{slug}.json").exists() and not replace:
            message = f"a mapping is already saved as {slug}: choose another name, or tick Replace to overwrite it"
            raise DatasetError([Problem("Saved mappings", message)])
        folder.mkdir(parents=True, exist_ok=True)
        replace_file(folder, f"{slug}.json", mapping.to_json(name.strip()))
    return slug


def read_mapping(name: str) -> str:
    """The JSON text of a saved mapping."""
    if name not in mapping_names():
        raise DatasetError([Problem("Saved mappings", f"there is no saved mapping {name}")])
    return (library_dir() / MAPPINGS / f"{name}.json").read_text(encoding="utf-8")


def completed(saved: Mapping, suggested: Mapping) -> tuple[Mapping, list[str]]:
    """A saved mapping with the fields it leaves unmapped taken from the suggestion for this file, where the
    suggested column is not used already (a weight column new in this wave, say); and those fields."""
    used = set(saved.columns.values()) | {c for fields in saved.contacts.values() for c in fields.values()}
    added = {f: c for f, c in suggested.columns.items() if f not in saved.columns and c not in used}
    return Mapping({**saved.columns, **added}, saved.contacts, saved.values), list(added)
