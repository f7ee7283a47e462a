"""What an exported chart says about itself, from the metadata of the datasets it shows."""

from __future__ import annotations

import pandas as pd

from caregap.export.caption import Caption, short_weighting
from caregap.slicing import SPLIT_LABELS, Slice
from caregap.ui.data import dataset_row


def chart_caption(
    title: str, slc: Slice, base: str, *, split: str = "none", datasets: dict[str, str] | None = None
) -> Caption:
    """What an exported chart says about itself: dataset, source, slicers, base, weighting (dated on export).

    datasets: those a chart of several datasets shows, by id, with their labels on it (the slice's own dataset
    when none): the caption states each one's label, source and weighting in turn (once if they are all alike).
    """
    metas = [dataset_row(dataset) for dataset in datasets or (slc.dataset,)]
    several = len(metas) > 1  # each weighting in short, so that the caption's one line holds them all
    titles = list(datasets.values()) if datasets else [str(metas[0]["title"])]
    sources = [_stated(m["source"]) for m in metas]
    weightings = [_stated(m["weighting"], short=several) for m in metas]
    split_words = SPLIT_LABELS[split].lower() if split != "none" else ""
    synthetic = [t for t, m in zip(titles, metas, strict=True) if m["synthetic"]]
    return Caption(
        title,
        " / ".join(titles),
        _joined(sources),
        slc.describe(),
        base,
        _joined(weightings),
        bool(synthetic),
        split=split_words,
        synthetic_of=" / ".join(synthetic) if 0 < len(synthetic) < len(metas) else "",
    )


def _joined(values: list[str]) -> str:
    """One value for every dataset when they all state the same, else each dataset's in turn (as the titles are)."""
    return values[0] if len(set(values)) == 1 else " / ".join(values)


def _stated(value: object, *, short: bool = False) -> str:
    """A metadata field as a caption states it: 'not stated' where it is missing; a weighting in short if asked."""
    text = str(value) if pd.notna(value) else "not stated"
    return short_weighting(text) if short else text
