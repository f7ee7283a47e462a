"""What an exported chart says about itself, from the metadata of the datasets it shows."""

from __future__ import annotations

import pandas as pd

from caregap.export.caption import Caption, short_weighting
from caregap.slicing import SPLIT_LABELS, Slice
from caregap.ui.data import dataset_row


def chart_caption(title: str, slc: Slice, base: str, *, split: str = "none", datasets: tuple[str, ...] = ()) -> Caption:
    """What an exported chart says about itself: dataset, source, slicers, base, weighting (dated on export).

    datasets: those a chart of several datasets shows (the slice's own when empty), each named with its source.
    """
    metas = [dataset_row(dataset) for dataset in datasets or (slc.dataset,)]
    several = len(metas) > 1  # each weighting in short, so that the caption's one line holds them all
    stated = {
        name: " / ".join(dict.fromkeys(_stated(m[name], short=several and name == "weighting") for m in metas))
        for name in ("title", "source", "weighting")
    }
    split_words = SPLIT_LABELS[split].lower() if split != "none" else ""
    return Caption(
        title,
        stated["title"],
        stated["source"],
        slc.describe(),
        base,
        stated["weighting"],
        any(bool(m["synthetic"]) for m in metas),
        split=split_words,
    )


def _stated(value: object, *, short: bool = False) -> str:
    """A metadata field as a caption states it: 'not stated' where it is missing; a weighting in short if asked."""
    text = str(value) if pd.notna(value) else "not stated"
    return short_weighting(text) if short else text
