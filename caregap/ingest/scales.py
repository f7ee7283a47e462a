"""Rating columns on another scale than the contract's (1 to 7, 0 to 10): said once for the column, not line by line.

A satisfaction of 6 on a 1 to 7 scale is rejected, but its 5 would be kept as the top of a 1 to 5 scale: importing
the valid rows would shift every rating, so the column must be rescaled (or left out) before anything is imported.
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc

from caregap.errors import Problem
from caregap.ingest.convert import Converted
from caregap.ingest.mapping import CONTACTS, NAMED, Mapping

RATED = CONTACTS["satisfaction"]
LOWEST, HIGHEST = 1, 5  # the contract's satisfaction scale
POINTS = range(0, 11)  # whole numbers a rating scale may use (0 to 10)
OTHER = 0.05  # this share of a column's answers off the scale (but on POINTS) means another scale, not typos


def scale_problems(name: str, converted: Converted, mapping: Mapping) -> list[Problem]:
    """One problem per column mapped to satisfaction whose answers, as converted, are on another rating scale."""
    contacts = converted.contacts
    own = pa.array([ch for ch, fields in mapping.contacts.items() if ch != NAMED and RATED.name in fields], pa.string())
    found = []
    for channel, fields in mapping.contacts.items():
        if RATED.name not in fields:
            continue
        if channel == NAMED:  # the row's column rates the contacts on channels without a column of their own
            on = pc.invert(pc.is_in(contacts["channel"], own))
        else:
            on = pc.equal(contacts["channel"], channel)
        rated = contacts.filter(on)[RATED.name].value_counts()  # each answer once, with how many gave it
        if problem := _other_scale(name, fields[RATED.name], rated):
            found.append(problem)
    return found


def _other_scale(name: str, column: str, rated: pa.StructArray) -> Problem | None:
    """The problem of a column whose whole-number answers fall outside 1 to 5 too often to be typos, or None."""
    points: Counter[int] = Counter()
    for value, times in zip(rated.field("values").to_pylist(), rated.field("counts").to_pylist(), strict=True):
        if (point := _point(value)) is not None:
            points[point] += times
    outside = sum(n for p, n in points.items() if not LOWEST <= p <= HIGHEST)
    if outside < max(2, OTHER * points.total()):
        return None
    low, high = min(points), max(points)
    message = (
        f"Satisfaction is rated {LOWEST} to {HIGHEST}, but the column '{column}' has answers from {low} to {high}"
        f" ({outside:,} of {points.total():,} outside {LOWEST} to {HIGHEST}): it looks like another scale, and"
        f" importing its valid rows would shift every rating. Rescale the column to {LOWEST} to {HIGHEST} in the"
        " file, or leave it out under Questions about contacts."
    )
    return Problem(name, message, field=f"satisfaction (column '{column}')")


def _point(value: str | None) -> int | None:
    """A converted rating ('7'; 'Very satisfied' is '5' by now) as a whole-number point of a scale, or None."""
    try:
        number = float(value or "")
    except ValueError:
        return None
    return int(number) if number.is_integer() and int(number) in POINTS else None
