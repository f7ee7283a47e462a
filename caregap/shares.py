"""A distribution's answers summed into share tables: per segment (and channel), the base and the weighted hits."""

from __future__ import annotations

import pandas as pd

BASE_COLUMNS = ["base_n", "base_w", "base_w2"]
HIT_COLUMNS = ["hit_n", "hit_w", "hit_w2"]


def _keys(dist: pd.DataFrame) -> list[str]:
    """The columns that name a row of a distribution besides its answer."""
    return [column for column in ("segment", "channel") if column in dist.columns]


def hit_columns(dist: pd.DataFrame) -> list[str]:
    """The hit sums a distribution carries (hit_w2 only where contacts may be pooled over channels)."""
    return [c for c in HIT_COLUMNS if c in dist.columns]


def shares(dist: pd.DataFrame, hits: tuple[str, ...]) -> pd.DataFrame:
    """One row per segment[, channel]: the base and the weighted hits over the answers in `hits`."""
    keys = _keys(dist)
    bases = dist.groupby(keys, sort=False)[BASE_COLUMNS].first()
    summed = hit_columns(dist)
    chosen = dist[dist["answer"].isin(hits)].groupby(keys, sort=False)[summed].sum()
    out = bases.join(chosen).fillna({c: 0 for c in summed})
    return out.reset_index()


def answer_shares(dist: pd.DataFrame, answers: tuple[str, ...]) -> pd.DataFrame:
    """Every answer of the question for every segment[, channel], zero where nobody gave it, in order."""
    keys = _keys(dist)
    parts = [shares(dist, (answer,)).assign(answer=answer) for answer in answers]
    out = pd.concat(parts, ignore_index=True) if parts else dist.head(0)
    out["answer"] = pd.Categorical(out["answer"], categories=list(answers), ordered=True)
    return out.sort_values([*keys, "answer"], kind="stable").reset_index(drop=True)
