"""Locations of the project's files, resolved from the package, never the current directory."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
PUBLISHED_FIGURES = DATA_DIR / "published_figures.csv"
READABLE_CSS = ROOT / "caregap" / "ui" / "readable.css"  # chart axis text and captions at 4.5:1 on both themes
BUNDLED_DATASETS = ("northridge_2015", "amex_2014", "accent_2014", "auros_2011")


def library_dir() -> Path:
    """Where imported datasets are kept: $CAREGAP_LIBRARY, or data/library inside the project."""
    return Path(os.environ.get("CAREGAP_LIBRARY") or DATA_DIR / "library").resolve()


def extra_dataset_dirs() -> list[Path]:
    """Dataset folders to load besides the bundled ones: $CAREGAP_EXTRA_DATASETS, separated by os.pathsep."""
    value = os.environ.get("CAREGAP_EXTRA_DATASETS", "")
    return [Path(part).resolve() for part in value.split(os.pathsep) if part.strip()]
