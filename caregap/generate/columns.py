"""Numpy frames (codes, -1 = blank) to typed pyarrow tables with the contract's columns, vectorised."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from caregap.contract import FIELDS, Field
from caregap.generate.sample import REGIONS

ARROW_TYPES = {
    "text": pa.string(),
    "enum": pa.string(),
    "multi": pa.string(),
    "boolean": pa.bool_(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "timestamp": pa.timestamp("s"),
}
TEXT_LABELS = {"region": REGIONS}


def schema(file: str) -> pa.Schema:
    """Arrow schema of a contract file: strings, nullable int64 and booleans, float64 weights."""
    return pa.schema([pa.field(f.name, ARROW_TYPES[f.kind]) for f in FIELDS[file]])


def id_width(n: int) -> int:
    """Digits in respondent ids: 5 (NG-00001) or more for large surveys."""
    return max(5, len(str(n)))


def ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Strings prefix + zero-padded numbers, built straight into an Arrow buffer."""
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    size = head.shape[0] + width
    buf = np.empty((numbers.shape[0], size), dtype=np.uint8)
    buf[:, : head.shape[0]] = head
    for place in range(width):
        buf[:, size - 1 - place] = 48 + (numbers // 10**place) % 10
    offsets = np.arange(numbers.shape[0] + 1, dtype=np.int64) * size
    return pa.LargeStringArray.from_buffers(numbers.shape[0], pa.py_buffer(offsets), pa.py_buffer(buf.ravel())).cast(
        pa.string()
    )


def _multi_labels(allowed: tuple[str, ...]) -> list[str | None]:
    """Label of every bit mask: the set bits' values joined by ';' in contract order; None for 0."""
    masks = range(1 << len(allowed))
    return [";".join(v for i, v in enumerate(allowed) if m >> i & 1) or None for m in masks]


def _labelled(codes: np.ndarray, labels: list | tuple) -> pa.Array:
    """Codes (negative = blank) as strings."""
    index = pa.array(codes.astype(np.int32), mask=codes < 0)
    return pc.take(pa.array(list(labels), pa.string()), index)


def column(f: Field, values: np.ndarray) -> pa.Array:
    """One contract column from its numpy codes or values."""
    if f.kind == "enum":
        return _labelled(values, f.allowed)
    if f.kind == "text":
        return _labelled(values, TEXT_LABELS[f.name])
    if f.kind == "multi":
        return _labelled(values.astype(np.int32), _multi_labels(f.allowed))
    if f.kind == "boolean":
        return pa.array(values == 1, mask=values < 0, type=pa.bool_())
    if f.kind == "integer":
        return pa.array(values.astype(np.int64), mask=values < 0, type=pa.int64())
    return pa.array(values.astype(np.float64), type=pa.float64())


def to_table(file: str, frame: dict[str, np.ndarray], prefix: str, width: int, rows: slice) -> pa.Table:
    """Rows of a consumer file as a typed table; respondent ids from the row or the contact's respondent."""
    key = "respondent" if "respondent" in frame else None
    start = rows.start or 0
    numbers = frame[key][rows].astype(np.int64) + 1 if key else np.arange(start, rows.stop) + 1
    arrays = []
    for f in FIELDS[file]:
        if f.name == "respondent_id":
            arrays.append(ids(prefix, numbers.astype(np.int64), width))
        else:
            arrays.append(column(f, frame[f.name][rows]))
    return pa.Table.from_arrays(arrays, schema=schema(file))


def frame_rows(frame: dict[str, np.ndarray]) -> int:
    """Number of rows of a frame."""
    return int(frame["respondent"].shape[0] if "respondent" in frame else frame["age_group"].shape[0])
