"""Which differences a chart marks: each test at 5%, or corrected for the many tests a chart makes at once.

With 20 segments and no real difference anywhere, about one would be marked by chance at 5% a test. Corrected
('fdr'), the Benjamini-Hochberg procedure over one chart's tests keeps the expected share of false marks among
all its marks at 5% (the false discovery rate), as crosstab tools for survey research offer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

ALPHA = 0.05  # 95% intervals and tests
TESTS = ("each", "fdr")
TEST_LABELS = {"each": "Each test at 95%", "fdr": "Corrected for many tests"}  # short: the sidebar is narrow
CAVEATS = {  # what a page's words on its marks add, after the test and its level
    "each": "each segment tested on its own, so with many segments one may be marked by chance",
    "fdr": "corrected for multiple comparisons: the false discovery rate over the chart's tests held at 5%",
}
TEST_WORDS = {  # how a chart's note says what its marks mean, after 'significantly higher / lower than ...'
    "each": "95%",
    "fdr": "95%, false discovery rate over the chart's tests",
}


def deciding_p(p_values: pd.Series | np.ndarray, tests: str) -> np.ndarray:
    """The p-values that decide the marks: as they are ('each'), or Benjamini-Hochberg adjusted over all the
    tests given ('fdr'); NaN (nothing tested) stays NaN and does not count as a test."""
    p = np.asarray(p_values, dtype=float)
    if tests == "each":
        return p
    if tests != "fdr":
        raise ValueError(f"not a way to read tests: {tests!r}")
    out = np.full(len(p), np.nan)
    tested = ~np.isnan(p)
    if tested.any():
        out[tested] = multipletests(p[tested], alpha=ALPHA, method="fdr_bh")[1]
    return out


def with_marks(table: pd.DataFrame, p_values: list[float], higher: np.ndarray, tests: str) -> pd.DataFrame:
    """The table with p_value, higher (the share above the one it is tested against), significant and direction
    ('higher', 'lower' or '' where not significant), and, corrected, p_adjusted: the p-value that decided."""
    out = table.assign(p_value=np.asarray(p_values, dtype=float), higher=np.asarray(higher, dtype=bool))
    deciding = deciding_p(out["p_value"], tests)
    if tests != "each":
        out["p_adjusted"] = deciding
    out["significant"] = deciding < ALPHA
    out["direction"] = np.where(out["significant"], np.where(higher, "higher", "lower"), "")
    return out


def remarked(table: pd.DataFrame) -> pd.DataFrame:
    """A marked table's marks over the tests it now holds, once rows were left out or tables joined into one chart:
    corrected again over them (tests each at 5% do not change)."""
    if "p_adjusted" not in table.columns:
        return table
    return with_marks(table.drop(columns="p_adjusted"), table["p_value"], table["higher"], "fdr")


def marks_mean(table: pd.DataFrame, adjusted: str = "p_adjusted") -> str:
    """What a table's marks mean, for its chart's note: '95%', or with the correction where it carries the
    adjusted p-values (the column `adjusted`)."""
    return TEST_WORDS["fdr" if adjusted in table.columns else "each"]
