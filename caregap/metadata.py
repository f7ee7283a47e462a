"""A dataset's metadata file (metadata.json): what it is, where it comes from, what is modelled."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from caregap.contract import KINDS
from caregap.errors import DatasetError, Problem

FILE = "metadata.json"
REQUIRED = ("id", "title", "kind", "synthetic")


@dataclass(frozen=True)
class Metadata:
    """What a dataset is and where it comes from."""

    id: str
    title: str
    kind: str
    synthetic: bool
    publisher: str | None = None
    year: int | None = None
    sample_size: int | None = None
    population: str | None = None
    fieldwork: str | None = None
    source: str | None = None
    source_notes: str | None = None
    weighting: str | None = None
    published_fields: dict[str, list[str]] = field(default_factory=dict)
    modelled_fields: dict[str, list[str]] = field(default_factory=dict)
    modelled_patterns: list[str] = field(default_factory=list)

    def row(self) -> dict[str, object]:
        """Parameters for the load_dataset_row query."""
        flat = {k: v for k, v in self.__dict__.items() if k != "id"}
        flat["published_fields"] = _flatten(self.published_fields)
        flat["modelled_fields"] = _flatten(self.modelled_fields)
        return {"dataset_id": self.id, **flat}


def _flatten(by_file: dict[str, list[str]]) -> list[str]:
    """{'respondents.csv': ['age_group']} -> ['respondents.age_group']."""
    return [f"{file.split('.')[0]}.{name}" for file, names in by_file.items() for name in names]


def read_metadata(folder: Path) -> Metadata:
    """Read and check folder/metadata.json."""
    path = folder / FILE
    if not path.is_file():
        raise DatasetError([Problem(FILE, f"is missing from {folder.name}")])
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = getattr(err, "lineno", None)
        raise DatasetError([Problem(FILE, f"is not valid JSON: {err}", line=line)]) from None
    if not isinstance(raw, dict):
        raise DatasetError([Problem(FILE, "must hold a JSON object")])
    missing = [key for key in REQUIRED if key not in raw]
    if missing:
        raise DatasetError([Problem(FILE, "is missing " + ", ".join(missing))])
    if raw["kind"] not in KINDS:
        raise DatasetError([Problem(FILE, f"kind must be one of {', '.join(KINDS)}", field="kind")])
    known = {k: v for k, v in raw.items() if k in Metadata.__dataclass_fields__}
    _check_types(known)
    return Metadata(**known)


def _check_types(raw: dict[str, object]) -> None:
    """Numbers must be whole numbers, synthetic a boolean, text fields text."""
    for key, value in raw.items():
        expected = {"year": int, "sample_size": int, "synthetic": bool}.get(key)
        if key in ("published_fields", "modelled_fields", "modelled_patterns") or value is None:
            continue
        ok = isinstance(value, expected) if expected else isinstance(value, str)
        if expected is int and isinstance(value, bool):
            ok = False
        if not ok:
            kind = {int: "a whole number", bool: "true or false"}.get(expected, "text")
            raise DatasetError([Problem(FILE, f"{key} must be {kind}", field=key)])
