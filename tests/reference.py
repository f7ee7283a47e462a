"""An independent pandas reading of the data contract, to check the SQL against (tests only)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

BOOLEAN = {"true": True, "false": False}


def read_survey(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """respondents and contacts as pandas frames: weights filled, booleans parsed, contacts weighted."""
    resp = pd.read_csv(folder / "respondents.csv", dtype=str, keep_default_na=False).replace("", np.nan)
    cont = pd.read_csv(folder / "contacts.csv", dtype=str, keep_default_na=False).replace("", np.nan)
    resp["weight"] = resp["weight"].astype(float).fillna(1.0) if "weight" in resp else 1.0
    for frame in (resp, cont):
        for col in frame.columns:
            if set(frame[col].dropna().unique()) <= {"true", "false"} and frame[col].notna().any():
                frame[col] = frame[col].map(BOOLEAN)
    for col in ("channels_used_to_resolve",):
        resp[col] = resp[col].astype(float)
    for col in ("expected_response_minutes", "response_minutes", "contacts_needed", "satisfaction"):
        cont[col] = cont[col].astype(float)
    people = resp.set_index("respondent_id")
    cont = cont.join(people[["age_group", "gender", "region", "weight"]], on="respondent_id")
    return resp, cont


def used(resp: pd.DataFrame, cont: pd.DataFrame, column: str) -> pd.Series:
    """Per respondent, the set of channels (or networks) they contacted on."""
    sets = cont.dropna(subset=[column]).groupby("respondent_id")[column].agg(set)
    return resp["respondent_id"].map(sets).apply(lambda s: s if isinstance(s, set) else set())


def slice_respondents(resp, cont, age_groups=(), genders=(), regions=(), channels=(), networks=()):
    """Respondents matching the slicers (empty = no filter); channels/networks: used any of them."""
    keep = pd.Series(True, index=resp.index)
    for column, wanted in (("age_group", age_groups), ("gender", genders), ("region", regions)):
        if wanted:
            keep &= resp[column].isin(wanted)
    if channels:
        keep &= used(resp, cont, "channel").apply(lambda s: bool(s & set(channels)))
    if networks:
        keep &= used(resp, cont, "network").apply(lambda s: bool(s & set(networks)))
    return resp[keep]


def slice_contacts(cont, age_groups=(), genders=(), regions=(), channels=(), networks=()):
    """Contacts matching the slicers (empty = no filter)."""
    keep = pd.Series(True, index=cont.index)
    for column, wanted in (
        ("age_group", age_groups),
        ("gender", genders),
        ("region", regions),
        ("channel", channels),
        ("network", networks),
    ):
        if wanted:
            keep &= cont[column].isin(wanted)
    return cont[keep]


def region_segments(frame: pd.DataFrame) -> pd.Series:
    """Each row's segment of the region split: 'region:' and its region, blank when it has none."""
    return "region:" + frame["region"].fillna("")


def by_region(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rows of each region, keyed as the region split's segments ('region:' and the region)."""
    return dict(iter(frame.groupby(region_segments(frame))))


def respondent_segments(
    people: pd.DataFrame, resp: pd.DataFrame, cont: pd.DataFrame, split: str
) -> dict[str, pd.DataFrame]:
    """'All' plus one frame per segment of the split (a respondent in every channel they used)."""
    out = {"All": people}
    if split == "channel":
        channels = used(resp, cont, "channel").loc[people.index]
        out |= {c: people[channels.apply(lambda s, c=c: c in s)] for c in sorted(set().union(*channels))}
    elif split == "region":
        out |= by_region(people)
    elif split != "none":
        out |= dict(iter(people.groupby(split)))
    return out


def contact_segments(contacts: pd.DataFrame, split: str) -> dict[str, pd.DataFrame]:
    """'All' plus one frame per segment of the split (a contact in its own channel's)."""
    if split == "none":
        return {"All": contacts}
    return {"All": contacts, **(by_region(contacts) if split == "region" else dict(iter(contacts.groupby(split))))}


def share(frame: pd.DataFrame, hit: pd.Series) -> tuple[int, float]:
    """(unweighted base, weighted share in percent) of hit over the rows of frame."""
    weights = frame["weight"]
    return len(frame), float(weights[hit].sum() / weights.sum() * 100) if len(frame) else float("nan")


EDGES = (5, 15, 30, 60, 240, 1440, 2880, 10080)


def bucket(minutes: pd.Series) -> pd.Series:
    """Minutes as the smallest edge at or above them, with 'min' ('more' past the last); NaN stays NaN."""

    def one(value: float) -> object:
        if pd.isna(value):
            return np.nan
        return next((f"{edge}min" for edge in EDGES if value <= edge), "more")

    return minutes.apply(one).astype(object)


def as_text(values: pd.Series) -> pd.Series:
    """Booleans as 'true' / 'false', everything else as it is; blanks stay NaN."""
    return values.map(lambda v: v if pd.isna(v) else ("true" if v is True else "false" if v is False else v))


def capped(values: pd.Series, cap: int) -> pd.Series:
    """Whole numbers as text, with `cap` and above as 'cap+'."""
    return values.map(lambda v: v if pd.isna(v) else (f"{cap}+" if v >= cap else str(int(v))))


def respondent_answers(resp: pd.DataFrame, question: str) -> pd.Series:
    """Each respondent's answer to a question, as the queries report it (NaN = blank)."""
    if question == "respondent":
        return pd.Series("all", index=resp.index)
    if question == "channels_used_to_resolve":
        return capped(resp[question], 4)
    return as_text(resp[question])


def contact_answers(cont: pd.DataFrame, question: str) -> tuple[pd.Series, pd.Series]:
    """Each contact's answer to a question and the minutes behind it (NaN where none)."""
    expected, actual = cont["expected_response_minutes"], cont["response_minutes"]
    answered = cont["got_response"].eq(True) & actual.notna()
    paired = expected.notna() & answered
    none = pd.Series(np.nan, index=cont.index)
    if question == "expected_response":
        return bucket(expected).fillna("none"), expected
    if question == "response_time":
        return bucket(actual).where(answered), actual
    if question == "expected_paired":
        return bucket(expected).where(paired), expected
    if question == "response_paired":
        return bucket(actual).where(paired), actual
    if question == "gap_paired":
        return pd.Series("all", index=cont.index).where(paired), actual - expected
    if question == "contacts_needed":
        return capped(cont[question], 5), none
    if question == "resolution_time":
        return cont[question].where(cont["resolved"].eq(True)), none
    if question == "satisfaction":
        return cont[question].map(lambda v: v if pd.isna(v) else str(int(v))), none
    if question == "contact":
        return pd.Series("all", index=cont.index), none
    return as_text(cont[question]), none
