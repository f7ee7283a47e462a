"""Rating columns on another scale than the contract's (1 to 7, 0 to 10): said once for the column, not line by line.

A satisfaction of 6 on a 1 to 7 scale is rejected, but its 5 would be kept as the top of a 1 to 5 scale: importing
the valid rows would shift every rating, so the column must be rescaled (or left out) before anything is imported.
"""

from __future__ import annotations

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
        rated = contacts.filter(on)[RATED.name].to_pylist()
        if problem := _other_scale(name, fields[RATED.name], rated):
            found.append(problem)
    return found


def _other_scale(name: str, column: str, rated: list[str | None]) -> Problem | None:
    """The problem of a column whose whole-number answers fall outside 1 to 5 too often to be typos, or None."""
    points = [p for p in map(_point, rated) if p is not None]
    outside = [p for p in points if not LOWEST <= p <= HIGHEST]
    if len(outside) < max(2, OTHER * len(points)):
        return None
    low, high = min(points), max(points)
    message = (
        f"Satisfaction is rated {LOWEST} to {HIGHEST}, but the column '{column}' has answers from {low} to {high}"
        f" ({len(outside):,} of {len(points):,} outside {LOWEST} to {HIGHEST}): it looks like another scale, and"
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
