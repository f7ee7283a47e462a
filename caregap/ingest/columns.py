"""An upload's columns as a conversion reads them: each taken out of the rows once, its distinct answers apart.

A survey repeats a few answers over many rows ('Female', 'Yes', 'Phone'): an answer is translated once, then given
to every row that holds it by Arrow (no Python string per row on the way out).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pyarrow as pa

from caregap.ingest.table import Upload


class Encoded(NamedTuple):
    """A column's distinct cells in the order they first occur, and each row's position among them."""

    uniques: list[str]
    codes: np.ndarray

    def counts(self) -> list[int]:
        """How many rows hold each distinct cell."""
        return np.bincount(self.codes, minlength=len(self.uniques)).tolist()

    def spread(self, values: list[str | None]) -> pa.Array:
        """One value per distinct cell (in the order of uniques), as a column of every row."""
        return pa.array(values, pa.string()).take(pa.array(self.codes))


def encode(cells: list[str]) -> Encoded:
    """The column's distinct cells and each row's position among them (in the smallest type that holds it)."""
    uniques = list(dict.fromkeys(cells))
    position = {cell: pos for pos, cell in enumerate(uniques)}
    kind = next(t for t in (np.uint8, np.uint16, np.uint32) if len(uniques) <= np.iinfo(t).max + 1)
    return Encoded(uniques, np.fromiter(map(position.__getitem__, cells), kind, len(cells)))


class Columns:
    """An upload's columns by name, each encoded when first asked for and kept with the upload: a new mapping of
    the same upload reads them again at no cost."""

    def __init__(self, upload: Upload):
        self._upload = upload
        self._index = {name: pos for pos, name in enumerate(upload.columns)}

    def __call__(self, name: str) -> Encoded:
        """The named column, encoded."""
        if name not in self._upload.encoded:
            pos = self._index[name]
            self._upload.encoded[name] = encode([row[pos] for row in self._upload.rows])
        return self._upload.encoded[name]
