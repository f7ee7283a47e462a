"""Raw answers of one field to contract values: each distinct answer translated once, unknown ones counted."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from caregap import contract
from caregap.ingest.columns import Encoded
from caregap.ingest.values import items, normalize

NO_CONTACT = "(no contact on this channel)"  # an answer mapped to this ('Did not use') says there was no contact
Translated = tuple[str | None, tuple[str, ...]]  # the contract value (the raw answer where a part is unknown), unknowns


class Cells:
    """Raw answers to contract values for one field, counting the ones that matched nothing (by occurrence).

    A survey repeats a few answers over many rows: each distinct answer is translated once.
    """

    def __init__(self, spec: contract.Field, overrides: dict[str, str], unknown: Counter, decimal: str | None = None):
        self.spec, self.overrides, self.unknown, self.decimal = spec, overrides, unknown, decimal

    def column(self, cells: Encoded) -> pa.Array:
        """Every cell of a column as its contract value, unknown answers counted in the order they first occur."""
        if self.spec.kind == "text" and not self.overrides:  # free text (an id) stays as typed; blank is None
            return cells.spread([raw or None for raw in cells.uniques])
        table = self.table(cells.uniques)
        for (_, unknown), times in zip(table.values(), cells.counts(), strict=True):
            for part in unknown:
                self.unknown[part] += times
        return cells.spread([value for value, _ in table.values()])

    def table(self, answers: list[str]) -> dict[str, Translated]:
        """These distinct answers (a column's Encoded.uniques), each translated (nothing counted)."""
        return {raw: self.translate(raw) for raw in answers}

    def translate(self, raw: str) -> Translated:
        """The contract value of an answer (itself where a part is unknown, None if blank), and its unknown parts."""
        if not raw:
            return None, ()
        parts = items(raw) if self.spec.kind == "multi" else [raw]
        found = [self._one(part) for part in parts]
        unknown = tuple(part for part, value in zip(parts, found, strict=True) if value is None)
        if unknown:
            return raw, unknown
        return ";".join(dict.fromkeys(value for value in found if value)) or None, ()

    def _one(self, raw: str) -> str | None:
        """One answer (each item of a multi-select): mapped by hand ('' = blank) or recognised; None if neither."""
        if raw in self.overrides:
            return "" if self.overrides[raw] == NO_CONTACT else self.overrides[raw]
        return normalize(self.spec, raw, self.decimal)
