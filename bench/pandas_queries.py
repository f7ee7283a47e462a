"""The page queries written in plain pandas over the survey's rows, to compare with DuckDB on the same data.

Columns every query needs (answers as text, minutes bucketed, channels used as a bit mask) are derived once
when the data are loaded, as a pandas user would; each call does the filtering and grouping.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from caregap.contract import CHANNELS, NETWORKS
from caregap.measures import MINUTE_BUCKETS, MINUTE_EDGES

BUCKETS = np.array(MINUTE_BUCKETS, dtype=object)
RESPONDENT_TEXT = (
    "preferred_channel", "fastest_channel", "urgent_channel", "best_service_channel", "social_answer_frequency",
    "prefers_live_assistance", "expects_same_response_time_off_hours", "uses_facebook_for_deals",
    "posts_experiences_on_twitter",
)  # fmt: skip


def _text(values: pd.Series) -> pd.Series:
    """Booleans as 'true'/'false', everything else as text; missing stays missing."""
    if values.dtype == bool or str(values.dtype) == "boolean":
        return values.map({True: "true", False: "false"}).astype("category")
    return values.astype("category")


def _bucket(minutes: pd.Series) -> pd.Series:
    """Minutes as the bucket of the smallest edge at or above them ('more' past the last)."""
    codes = np.searchsorted(np.array(MINUTE_EDGES), minutes.to_numpy(dtype=float, na_value=np.nan), side="left")
    out = pd.Series(BUCKETS[np.minimum(codes, len(BUCKETS) - 1)], index=minutes.index)
    return out.where(minutes.notna()).astype("category")


def _capped(values: pd.Series, cap: int) -> pd.Series:
    """Whole numbers as text, cap and above as 'cap+'."""
    text = values.astype("Int64").astype(str).where(values.notna())
    return text.where(~(values >= cap), f"{cap}+").astype("category")


def _bits(values: pd.Series, names: tuple[str, ...]) -> np.ndarray:
    """A bit per name present in the value."""
    return values.map({name: 1 << i for i, name in enumerate(names)}).fillna(0).astype(np.int64).to_numpy()


class PandasSurvey:
    """One survey in pandas: respondents and contacts, plus the derived columns the queries use."""

    def __init__(self, folder: Path):
        resp = pd.read_parquet(folder / "respondents.parquet")
        cont = pd.read_parquet(folder / "contacts.parquet")
        resp["weight"] = resp["weight"].fillna(1.0)
        person = pd.Index(resp["respondent_id"]).get_indexer(cont["respondent_id"])
        for column in ("age_group", "gender", "region", "weight"):
            cont[column] = resp[column].to_numpy()[person]
        self.channels_used = self._used(len(resp), person, _bits(cont["channel"], CHANNELS))
        self.networks_used = self._used(len(resp), person, _bits(cont["network"], NETWORKS))
        self.favorites = (
            resp["favorite_networks"]
            .fillna("")
            .str.split(";")
            .apply(lambda names: sum(1 << NETWORKS.index(n) for n in names if n))
            .to_numpy()
        )
        self.answered_favorites = resp["favorite_networks"].notna().to_numpy()
        self.resp, self.cont, self.person = resp, cont, person
        self.answers = {q: _text(resp[q]) for q in RESPONDENT_TEXT}
        self.answers["channels_used_to_resolve"] = _capped(resp["channels_used_to_resolve"], 4)
        self.answers["respondent"] = pd.Series("all", index=resp.index, dtype="category")
        self.contact_answers = self._contact_answers(cont)

    @staticmethod
    def _used(n: int, person: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """Per respondent, the OR of the bits of their contacts."""
        used = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(used, person, bits)
        return used

    @staticmethod
    def _contact_answers(cont: pd.DataFrame) -> dict[str, tuple[pd.Series, pd.Series | None]]:
        """question -> (answer text, minutes) for every contact question."""
        expected, actual = cont["expected_response_minutes"], cont["response_minutes"]
        answered = cont["got_response"].fillna(False).astype(bool) & actual.notna()
        paired = expected.notna() & answered
        out = {q: (_text(cont[q]), None) for q in ("got_response", "resolved", "followed_up", "reason")}
        out["resolution_time"] = (_text(cont["resolution_time"]).where(cont["resolved"].fillna(False)), None)
        out["contacts_needed"] = (_capped(cont["contacts_needed"], 5), None)
        out["satisfaction"] = (_capped(cont["satisfaction"], 99), None)
        out["expected_response"] = (_bucket(expected).cat.add_categories("none").fillna("none"), expected)
        out["response_time"] = (_bucket(actual).where(answered), actual)
        out["expected_paired"] = (_bucket(expected).where(paired), expected)
        out["response_paired"] = (_bucket(actual).where(paired), actual)
        out["gap_paired"] = (pd.Series("all", index=cont.index, dtype="category").where(paired), actual - expected)
        out["contact"] = (pd.Series("all", index=cont.index, dtype="category"), None)
        return out
