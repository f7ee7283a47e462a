"""Deterministic generator of the bundled synthetic datasets, calibrated to the studies' published figures.

build() returns a dataset's tables; write() writes its files and metadata.json. The same dataset id and
size always give the same bytes (one fixed seed per dataset, numpy PCG64, no other randomness).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from caregap.contract import FILES_BY_KIND
from caregap.generate.audit import N_BRANDS, build_audit
from caregap.generate.columns import frame_rows, id_width, schema, to_table
from caregap.generate.consumer import Frame, generate
from caregap.generate.meta import metadata
from caregap.generate.write import write_csv, write_metadata, write_parquet

CHUNK_ROWS = 1_000_000
FORMATS = ("csv", "parquet")


@dataclass(frozen=True)
class Dataset:
    """A bundled dataset: its kind, seed, bundled size and respondent id prefix."""

    id: str
    kind: str
    seed: int
    size: int
    prefix: str = ""


DATASETS: dict[str, Dataset] = {
    "northridge_2015": Dataset("northridge_2015", "consumer_survey", 20150001, 1000, "NG-"),
    "amex_2014": Dataset("amex_2014", "consumer_survey", 20140002, 1000, "AX-"),
    "accent_2014": Dataset("accent_2014", "consumer_survey", 20140003, 1000, "AC-"),
    "auros_2011": Dataset("auros_2011", "brand_audit", 20110004, N_BRANDS),
}


def _dataset(dataset_id: str, respondents: int | None) -> Dataset:
    """The dataset's spec; a size other than the bundled one only for consumer surveys."""
    if dataset_id not in DATASETS:
        raise ValueError(f"unknown dataset {dataset_id!r}; choose one of {', '.join(DATASETS)}")
    spec = DATASETS[dataset_id]
    if respondents is not None and (spec.kind != "consumer_survey" or respondents < 1):
        raise ValueError("respondents must be a positive number, and only for consumer surveys")
    return spec


def _chunks(spec: Dataset, file: str, frame: Frame, n: int) -> Iterator[pa.Table]:
    """A consumer file's rows as typed tables of at most CHUNK_ROWS rows."""
    rows = frame_rows(frame)
    for start in range(0, rows, CHUNK_ROWS):
        yield to_table(file, frame, spec.prefix, id_width(n), slice(start, min(start + CHUNK_ROWS, rows)))


def _consumer(spec: Dataset, n: int) -> dict[str, tuple[Frame, str]]:
    """File stem -> (numpy frame, contract file) of a generated consumer survey."""
    people, contacts = generate(spec.id, spec.seed, n)
    return {"respondents": (people, "respondents.csv"), "contacts": (contacts, "contacts.csv")}


def build(dataset_id: str, respondents: int | None = None) -> dict[str, pa.Table]:
    """File stem -> typed table of a dataset (respondents=None: the bundled size)."""
    spec = _dataset(dataset_id, respondents)
    if spec.kind == "brand_audit":
        return build_audit(spec.seed)
    n = respondents or spec.size
    files = _consumer(spec, n)
    return {
        stem: pa.concat_tables(_chunks(spec, file, frame, n)) if frame_rows(frame) else schema(file).empty_table()
        for stem, (frame, file) in files.items()
    }


def write(
    dataset_id: str, out_dir: Path, respondents: int | None = None, fmt: str = "csv", as_id: str | None = None
) -> None:
    """Write a dataset's files (CSV or Parquet) and metadata.json into out_dir (under id as_id, if given)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    spec = _dataset(dataset_id, respondents)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = write_csv if fmt == "csv" else write_parquet
    n = respondents or spec.size
    if spec.kind == "brand_audit":
        parts = {stem: (iter([table]), table.schema) for stem, table in build_audit(spec.seed).items()}
    else:
        parts = {
            stem: (_chunks(spec, file, frame, n), schema(file)) for stem, (frame, file) in _consumer(spec, n).items()
        }
    for stem, (chunks, table_schema) in parts.items():
        for other in FORMATS:
            (out_dir / f"{stem}.{other}").unlink(missing_ok=True)
        writer(chunks, table_schema, out_dir / f"{stem}.{fmt}")
    meta = metadata(spec.id, spec.kind, n, spec.seed)
    if as_id:
        meta = {**meta, "id": as_id, "title": f"{meta['title']}, {n:,} respondents"}
    write_metadata(meta, out_dir / "metadata.json")


__all__ = ["DATASETS", "FILES_BY_KIND", "build", "write"]
