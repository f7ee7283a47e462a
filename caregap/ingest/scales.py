"""Rating columns on another scale than the contract's (1 to 7, 0 to 10): said once for the column, not line by line.

A satisfaction of 6 on a 1 to 7 scale is rejected, but its 5 would be kept as the top of a 1 to 5 scale: importing
the valid rows would shift every rating, so the column must be rescaled (or left out) before anything is imported.
"""

from __future__ import annotations

from caregap.errors import Problem
from caregap.ingest.mapping import CONTACTS, Mapping
from caregap.ingest.table import Upload
from caregap.ingest.values import rating

RATED = CONTACTS["satisfaction"]
LOWEST, HIGHEST = 1, 5  # the contract's satisfaction scale
POINTS = range(0, 11)  # whole numbers a rating scale may use (0 to 10)
OTHER = 0.05  # this share of a column's answers off the scale (but on POINTS) means another scale, not typos


def scale_problems(upload: Upload, mapping: Mapping) -> list[Problem]:
    """One problem per column mapped to satisfaction whose answers are on another rating scale."""
    columns = dict.fromkeys(fields[RATED.name] for fields in mapping.contacts.values() if RATED.name in fields)
    return [problem for column in columns if (problem := _other_scale(upload, column))]


def _other_scale(upload: Upload, column: str) -> Problem | None:
    """The problem of a column whose whole-number answers fall outside 1 to 5 too often to be typos, or None."""
    index = upload.columns.index(column)
    answers = [_point(row[index]) for row in upload.rows if index < len(row) and row[index].strip()]
    points = [p for p in answers if p is not None]
    outside = [p for p in points if not LOWEST <= p <= HIGHEST]
    if len(outside) < max(2, OTHER * len(points)):
        return None
    low, high = min(points), max(points)
    message = (
        f"Satisfaction is rated {LOWEST} to {HIGHEST}, but the column '{column}' has answers from {low} to {high}"
        f" ({len(outside):,} of {len(points):,} outside {LOWEST} to {HIGHEST}): it looks like another scale, and"
        f" importing its valid rows would shift every rating. Rescale the column to {LOWEST} to {HIGHEST} in the"
        " file, or leave it out under Questions asked once per channel."
    )
    return Problem(upload.name, message, field=f"satisfaction (column '{column}')")


def _point(raw: str) -> int | None:
    """An answer as a whole-number point of a rating scale ('7', 'Very satisfied' is 5), or None."""
    try:
        value = float(rating(raw) or "")
    except ValueError:
        return None
    return int(value) if value.is_integer() and int(value) in POINTS else None
