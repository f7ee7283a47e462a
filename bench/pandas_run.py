"""run(survey, name, **params): the named page queries in plain pandas, same columns as the SQL."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bench.pandas_queries import PandasSurvey
from caregap.contract import CHANNELS, NETWORKS

DIST_COLUMNS = ["question", "segment", "answer", "base_n", "base_w", "base_w2", "hit_n", "hit_w"]


def _bits(names: list[str], universe: tuple[str, ...]) -> int:
    """A set of names as a bit mask over universe."""
    return sum(1 << universe.index(n) for n in names)


def _respondent_mask(s: PandasSurvey, p: dict) -> np.ndarray:
    """Respondents matching the slicers; channels / networks: used any of them."""
    mask = np.ones(len(s.resp), dtype=bool)
    for column, key in (("age_group", "age_groups"), ("gender", "genders"), ("region", "regions")):
        if p[key]:
            mask &= s.resp[column].isin(p[key]).to_numpy()
    if p["channels"]:
        mask &= (s.channels_used & _bits(p["channels"], CHANNELS)) != 0
    if p["networks"]:
        mask &= (s.networks_used & _bits(p["networks"], NETWORKS)) != 0
    return mask


def _segments(column: pd.Series, split: str) -> np.ndarray:
    """Each row's segment of a split: its value ('region:' and the region, blank when not given, for regions)."""
    return ("region:" + column.astype(object).fillna("")).to_numpy() if split == "region" else column.to_numpy()


def _respondent_segments(s: PandasSurvey, mask: np.ndarray, splits: list[str]) -> list[tuple[str, np.ndarray]]:
    """'All' plus one mask per segment of each split."""
    out = [("All", mask)]
    for split in splits:
        if split in ("age_group", "gender", "region"):
            values = _segments(s.resp[split], split)
            out += [(v, mask & (values == v)) for v in pd.unique(values[mask])]
        elif split == "channel":
            out += [(c, mask & ((s.channels_used >> i) & 1 == 1)) for i, c in enumerate(CHANNELS)]
    return [(name, m) for name, m in out if m.any()]


def _rows(answer: pd.Series, minutes: pd.Series | None, weight: np.ndarray, mask: np.ndarray) -> pd.DataFrame:
    """Per answer given within the mask: the base (everyone who answered) and the hits, weighted."""
    keep = mask & answer.notna().to_numpy()
    frame = pd.DataFrame({"answer": answer[keep], "w": weight[keep]})
    frame["w2"] = frame["w"] ** 2
    frame["wx"] = frame["w"] * minutes[keep] if minutes is not None else np.nan
    frame["w2x"] = frame["w2"] * minutes[keep] if minutes is not None else np.nan
    frame["w2x2"] = frame["w2x"] * minutes[keep] if minutes is not None else np.nan
    groups = frame.groupby("answer", observed=True)
    grouped = groups.agg(hit_n=("w", "size"), hit_w=("w", "sum"), hit_w2=("w2", "sum"))
    grouped = grouped.join(groups[["wx", "w2x", "w2x2"]].sum(min_count=1).add_prefix("hit_"))
    return grouped.reset_index().assign(base_n=int(keep.sum()), base_w=frame["w"].sum(), base_w2=frame["w2"].sum())


def respondent_distribution(s: PandasSurvey, p: dict) -> pd.DataFrame:
    """As queries/respondent_distribution.sql."""
    weight = s.resp["weight"].to_numpy()
    segments = _respondent_segments(s, _respondent_mask(s, p), p["splits"])
    parts = [
        _favorites(s, weight, segments)
        if question == "favorite_networks"
        else _rows(s.answers[question], None, weight, m).assign(segment=name, question=question)
        for question in p["questions"]
        for name, m in ([("", None)] if question == "favorite_networks" else segments)
    ]
    return pd.concat(parts, ignore_index=True)[DIST_COLUMNS] if parts else pd.DataFrame(columns=DIST_COLUMNS)


def _favorites(s: PandasSurvey, weight: np.ndarray, segments: list[tuple[str, np.ndarray]]) -> pd.DataFrame:
    """The multi-select favourite networks: the base is everyone who answered, a row per network chosen."""
    rows = []
    for name, segment in segments:
        m = segment & s.answered_favorites
        w = weight[m]
        for i, network in enumerate(NETWORKS):
            hit = (s.favorites[m] >> i) & 1 == 1
            if hit.any():
                rows.append(("favorite_networks", name, network, int(m.sum()), w.sum(), (w * w).sum(),
                             int(hit.sum()), w[hit].sum()))  # fmt: skip
    return pd.DataFrame(rows, columns=DIST_COLUMNS)


def _contact_mask(s: PandasSurvey, p: dict) -> np.ndarray:
    """Contacts matching the slicers."""
    mask = np.ones(len(s.cont), dtype=bool)
    for column, key in (("age_group", "age_groups"), ("gender", "genders"), ("region", "regions"),
                        ("channel", "channels"), ("network", "networks")):  # fmt: skip
        if p[key]:
            mask &= s.cont[column].isin(p[key]).to_numpy()
    return mask


def contact_distribution(s: PandasSurvey, p: dict) -> pd.DataFrame:
    """As queries/contact_distribution.sql."""
    cont, by = s.cont, p["by"]
    mask = _contact_mask(s, p) & cont[by].notna().to_numpy()
    weight, groups = cont["weight"].to_numpy(), cont[by].to_numpy()
    segments = [("All", mask)]
    for split in p["splits"]:
        values = _segments(cont[split], split)
        segments += [(v, mask & (values == v)) for v in pd.unique(values[mask])]
    parts = [
        _rows(*s.contact_answers[question], weight, m & (groups == g)).assign(
            segment=name, channel=g, question=question
        )
        for question in p["questions"]
        for name, m in segments
        for g in pd.unique(groups[m])
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*DIST_COLUMNS, "channel"])


def contact_pair_sums(s: PandasSurvey, p: dict) -> pd.DataFrame:
    """As queries/contact_pair_sums.sql: every two different contacts of one person, by both channels and answers."""
    columns = ["question", "segment", "channel_a", "answer_a", "channel_b", "answer_b", "pair_w2"]
    mask = _contact_mask(s, {**p, "networks": []})
    parts = []
    for question in p["questions"]:
        answer = s.contact_answers[question][0]
        keep = mask & answer.notna().to_numpy()
        one = pd.DataFrame({"person": s.person[keep], "answer": answer[keep].astype(str), "w": s.cont["weight"][keep]})
        one = one.assign(channel=s.cont["channel"][keep].astype(str))
        one = one.assign(**{split: _segments(s.cont[split][keep], split) for split in p["splits"]}).reset_index()
        pairs = one.merge(one[["person", "index", "channel", "answer", "w"]], on="person", suffixes=("_a", "_b"))
        pairs = pairs[pairs["index_a"] != pairs["index_b"]].assign(pair_w2=lambda f: f["w_a"] * f["w_b"])
        for split in ("", *p["splits"]):
            keys = [*([split] if split else []), "channel_a", "answer_a", "channel_b", "answer_b"]
            sums = pairs.groupby(keys, observed=True)["pair_w2"].sum().reset_index()
            sums = sums.rename(columns={split: "segment"}) if split else sums.assign(segment="All")
            parts.append(sums.assign(question=question)[columns])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def contact_people(s: PandasSurvey, p: dict) -> pd.DataFrame:
    """As queries/contact_people.sql: people by the channels (of those kept) on which they answered a question."""
    columns = ["question", "segment", "channels", "people"]
    mask = _contact_mask(s, {**p, "networks": []})
    parts = []
    for question in p["questions"]:
        keep = mask & s.contact_answers[question][0].notna().to_numpy()
        bits = pd.Series(1 << s.cont["channel"][keep].map(CHANNELS.index).to_numpy(), index=s.person[keep])
        people = pd.DataFrame({"bits": bits.groupby(level=0).sum()})  # one contact per person and channel
        for split in ("", *p["splits"]):
            segment = _segments(s.resp[split], split)[people.index] if split else "All"
            counts = people.assign(segment=segment).groupby(["segment", "bits"]).size().rename("people").reset_index()
            used = [np.array([c for i, c in enumerate(CHANNELS) if b >> i & 1], dtype=object) for b in counts["bits"]]
            parts.append(counts.assign(question=question, channels=used)[columns])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def dataset_summary(s: PandasSurvey, p: dict) -> pd.DataFrame:
    """As queries/dataset_summary.sql."""
    w = s.resp["weight"].to_numpy()[_respondent_mask(s, p)]
    contacts = int(_contact_mask(s, p).sum())
    n_eff = w.sum() ** 2 / (w * w).sum() if len(w) else 0.0
    row = {"respondents": len(w), "base_w": w.sum(), "base_w2": (w * w).sum(), "effective_base": n_eff}
    return pd.DataFrame([{**row, "contacts": contacts}])


QUERIES = {
    f.__name__: f
    for f in (respondent_distribution, contact_distribution, contact_pair_sums, contact_people, dataset_summary)
}


def run(survey: PandasSurvey, name: str, **params: object) -> pd.DataFrame:
    """The named page query, computed with pandas."""
    return QUERIES[name](survey, params)
