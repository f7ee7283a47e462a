"""What a chart's bases say in words: how many, counting what, weighted or not, and what its marks mean."""

from __future__ import annotations

import numpy as np
import pandas as pd

from caregap.significance import marks_mean

SINGULAR = {
    "respondents": "respondent",
    "contacts": "contact",
    "people": "person",
    "brands": "brand",
    "messages": "message",
}


def base_range(bases: pd.Series, noun: str = "") -> str:
    """The smallest and largest base in words, with what they count: '1,000 contacts', '64 to 410', '1 person'."""
    low, high = int(bases.min()), int(bases.max())
    if high == 1:
        noun = " ".join(SINGULAR.get(word, word) for word in noun.split())
    return " ".join([f"{low:,}" if low == high else f"{low:,} to {high:,}", *([noun] if noun else [])])


def weighted(table: pd.DataFrame) -> bool:
    """Whether any base's weights differ from 1 (Σw = Σw² = n only when every weight is 1)."""
    n = table["base_n"]
    return not (np.allclose(table["base_w"], n) and np.allclose(table["base_w2"], n))


def versus(against: object) -> str:
    """What a segment is tested against: the baseline named (datasets side by side), else the rest of the slice."""
    return str(against) if against else "the rest of the slice"


def tested_against(table: pd.DataFrame) -> str:
    """What a table's segments are tested against (versus its 'against' column, where it has one)."""
    return versus(table["against"].iloc[0] if "against" in table.columns and len(table) else "")


def bars(table: pd.DataFrame, x: str = "") -> pd.DataFrame:
    """The rows a chart draws as bars: a chart split by segment draws no bar of the whole slice ('All'), unless its
    segments are its x (Compare)."""
    split = x != "segment" and set(table["segment"]) != {"All"}
    return table[table["segment"] != "All"] if split else table


def base_note(table: pd.DataFrame, noun: str, *, stacked: bool = False, x: str = "") -> str:
    """What the bases are and what the marks mean, for the caption under a chart.

    The bases are the bars' (bars()); the whole slice's follows where it is not a bar. A stacked chart draws no
    intervals and no ▲▼ (they are under 'Show data'); other charts draw both.
    """
    if table.empty:
        return f"No {noun} in this slice."
    drawn = bars(table, x)
    base = base_range(drawn["base_n"], noun)
    if "base_people" in table.columns:  # contacts pooled over channels: the people they come from
        base += f" ({base_range(drawn['base_people'], 'people')})"
    if len(drawn) < len(table):  # the whole slice, not a bar, that the bars are tested against ('Show data')
        base += f"; the whole slice: {base_range(table.loc[table['segment'] == 'All', 'base_n'])}"
    share = "weighted share" if weighted(table) else "share"
    marks = [
        f"Bars: {share}s; 95% confidence intervals in the chart's data (Show data, CSV, XLSX)"
        if stacked
        else f"{share.capitalize()} with 95% confidence interval"
    ]
    unit = " people" if "base_people" in table.columns else ""  # what the flags count
    if table["low_base"].any():
        marks.append(f"* base under 30{unit}, read with caution")
    if table["suppressed"].any():
        marks.append(f"bases under 10{unit} not shown")
    level = marks_mean(table)
    if table["significant"].any() and stacked:
        marks.append(f"significant differences from the rest of the slice ({level}) are noted in the chart's data")
    elif table["significant"].any():
        marks.append(f"▲▼ significantly higher / lower than {tested_against(table)} ({level})")
    return f"Base: {base}. " + "; ".join(marks) + "."
