"""The notes under a page: what its survey did not ask, and which of the data shown are synthetic."""

from __future__ import annotations

import streamlit as st

from caregap.slicing import Slice
from caregap.ui.data import dataset_row
from caregap.ui.plain import plain


def not_asked_note(headings: list[str]) -> None:
    """Name, under a page, the parts it leaves out because the survey did not ask their question."""
    if headings:
        st.caption(f"This survey did not ask about: {'; '.join(h[:1].lower() + h[1:] for h in headings)}.")


def synthetic_notice(slc: Slice, *others: str) -> None:
    """The label every view of a bundled dataset carries (of the slice's, or of any others shown beside it, which
    it names when some of them are not synthetic)."""
    shown = list(dict.fromkeys((slc.dataset, *others)))
    synthetic = [d for d in shown if dataset_row(d)["synthetic"]]
    if synthetic:
        which = (
            "" if len(synthetic) == len(shown) else f" ({'; '.join(plain(dataset_row(d)['title']) for d in synthetic)})"
        )
        st.caption(
            f":material/science: Synthetic data{which} calibrated to published figures: only the published figures "
            "(◆) are real; every other pattern, including differences between groups, is modelled for illustration."
        )
