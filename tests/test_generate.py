"""The synthetic dataset generator: byte-stable output, every published figure, structure, the large path.

The figures are recomputed here with pandas straight from the contract's table "How each published figure
is computed" (weighted, over rows where the field is not blank), independently of the generator's code.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from caregap.contract import CHANNELS, FIELDS, field_names
from caregap.generate import build, write
from caregap.generate.__main__ import main
from caregap.paths import DATA_DIR as DATA

FIGURES = pd.read_csv(DATA / "published_figures.csv", dtype={"segment_value": str})
CONSUMER = ("northridge_2015", "amex_2014", "accent_2014")
BUNDLED = (*CONSUMER, "auros_2011")
PREFIX = {"NG": "northridge_2015", "AX": "amex_2014", "AC": "accent_2014", "AU": "auros_2011"}
META_KEYS = [
    "id",
    "title",
    "publisher",
    "year",
    "kind",
    "sample_size",
    "population",
    "fieldwork",
    "synthetic",
    "source",
    "source_notes",
    "published_fields",
    "modelled_fields",
    "modelled_patterns",
    "weighting",
    "generator",
]


# ---- reading a dataset folder, independently of the generator ----------------------------------------


def _read(folder: Path, stem: str) -> pd.DataFrame:
    """A file (Parquet if present, else CSV) as text cells, blank -> NA, then typed from the contract."""
    if (folder / f"{stem}.parquet").is_file():
        table = pq.read_table(folder / f"{stem}.parquet")
        frame = pa.table({c: table[c].cast(pa.string()) for c in table.column_names}).to_pandas()
    else:
        frame = pd.read_csv(folder / f"{stem}.csv", dtype=str, keep_default_na=False)
    frame = frame.astype(object).where(frame.ne(""), None)
    for f in FIELDS[f"{stem}.csv"]:
        if f.kind == "boolean":
            frame[f.name] = frame[f.name].map({"true": True, "false": False, None: None})
        elif f.kind in ("integer", "number"):
            frame[f.name] = pd.to_numeric(frame[f.name])
    return frame


def read_survey(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """respondents, and contacts carrying their respondent's weight, age group and gender."""
    resp, cont = _read(folder, "respondents"), _read(folder, "contacts")
    resp["weight"] = resp["weight"].fillna(1.0)
    people = resp.set_index("respondent_id")[["weight", "age_group", "gender"]]
    return resp, cont.join(people, on="respondent_id")


def pct(frame: pd.DataFrame, field: str, hit: Callable[[pd.Series], pd.Series]) -> float:
    """Weighted share (percent) of rows where hit(field) holds, over rows where field is not blank."""
    base = frame[frame[field].notna()]
    return float(base["weight"][hit(base[field]).astype(bool)].sum() / base["weight"].sum() * 100)


def share_of(frame: pd.DataFrame, hit: pd.Series) -> float:
    """Weighted share (percent) of all the frame's rows where hit holds."""
    return float(frame["weight"][hit].sum() / frame["weight"].sum() * 100)


def within(frame: pd.DataFrame, minutes: int) -> float:
    """Weighted share expecting an answer within `minutes`; a blank expectation counts as not within."""
    return share_of(frame, frame["expected_response_minutes"].fillna(np.inf) <= minutes)


def eq(value: object) -> Callable[[pd.Series], pd.Series]:
    """Predicate: the cell equals value."""
    return lambda s: s == value


def northridge_figures(resp: pd.DataFrame, cont: pd.DataFrame) -> dict[str, float]:
    """NG01-NG14, as the contract's computation table says."""
    soc = cont[cont["channel"] == "social"]
    return {
        "NG01": pct(soc, "got_response", eq(False)),
        "NG02": pct(soc, "reason", eq("could_not_reach_rep_elsewhere")),
        "NG03": pct(resp, "fastest_channel", eq("social")),
        "NG04": pct(resp, "preferred_channel", eq("social")),
        "NG05": pct(soc, "contacts_needed", lambda s: s >= 2),
        "NG06": within(soc, 60),
        "NG07": pct(soc[soc["resolved"].eq(True)], "resolution_time", eq("a_week_or_longer")),
        "NG08": pct(resp, "urgent_channel", eq("phone")),
        "NG09": pct(resp, "fastest_channel", eq("phone")),
        "NG10": pct(resp, "fastest_channel", eq("chat")),
        "NG11": pct(resp, "fastest_channel", eq("email")),
        "NG12": pct(soc, "resolved", eq(True)),
        "NG13": pct(soc, "followed_up", eq(True)),
        "NG14": pct(resp, "channels_used_to_resolve", lambda s: s >= 2),
    }


def amex_figures(resp: pd.DataFrame, cont: pd.DataFrame) -> dict[str, float]:
    """AX01-AX07, as the contract's computation table says."""
    soc, tw = cont[cont["channel"] == "social"], cont[cont["network"] == "twitter"]
    return {
        "AX01": pct(resp, "prefers_live_assistance", eq(True)),
        "AX02": pct(resp, "preferred_channel", eq("social")),
        "AX03": within(soc, 30),
        "AX04": within(soc, 60),
        "AX05": pct(resp, "expects_same_response_time_off_hours", eq(True)),
        "AX06": pct(resp, "social_answer_frequency", lambda s: s.isin(["rarely", "never"])),
        "AX07": pct(tw, "got_response", eq(False)),
    }


def names(network: str) -> Callable[[pd.Series], pd.Series]:
    """Predicate: the multi-select cell names the network."""
    return lambda s: s.str.split(";").apply(lambda values: network in values)


def accent_figures(resp: pd.DataFrame, cont: pd.DataFrame) -> dict[str, float]:
    """AC01-AC12, as the contract's computation table says."""
    fb, tw = cont[cont["network"] == "facebook"], cont[cont["network"] == "twitter"]
    age, gender = resp["age_group"], resp["gender"]
    return {
        "AC01": pct(resp, "best_service_channel", eq("phone")),
        "AC02": pct(resp, "best_service_channel", eq("email")),
        "AC03": pct(resp, "best_service_channel", eq("social")),
        "AC04": pct(tw, "got_response", eq(False)),
        "AC05": pct(resp, "favorite_networks", names("facebook")),
        "AC06": pct(resp, "favorite_networks", names("twitter")),
        "AC07": share_of(fb, fb["expected_response_minutes"].notna()),
        "AC08": share_of(tw, tw["expected_response_minutes"].notna()),
        "AC09": pct(resp[age == "18-29"], "uses_facebook_for_deals", eq(True)),
        "AC10": pct(resp[age == "60+"], "uses_facebook_for_deals", eq(True)),
        "AC11": pct(resp[gender == "male"], "posts_experiences_on_twitter", eq(True)),
        "AC12": pct(resp[gender == "female"], "posts_experiences_on_twitter", eq(True)),
    }


def consumer_figures(resp: pd.DataFrame, cont: pd.DataFrame) -> dict[str, float]:
    """Every consumer figure of the computation table, computed on one survey."""
    return {**northridge_figures(resp, cont), **amex_figures(resp, cont), **accent_figures(resp, cont)}


def audit_figures(brands: pd.DataFrame, probes: pd.DataFrame) -> dict[str, float]:
    """Every audit figure of the contract's computation table (unweighted)."""

    def probe(network: str, kind: str) -> pd.DataFrame:
        return probes[(probes["network"] == network) & (probes["probe_type"] == kind)]

    def minutes(network: str, kind: str) -> pd.Series:
        rows = probe(network, kind)
        return rows.loc[rows["responded"].eq(True), "response_minutes"]

    def rate(network: str, kind: str) -> float:
        return float(probe(network, kind)["responded"].eq(True).mean() * 100)

    indirect = probe("twitter", "indirect_mention")
    return {
        "AU01": float(brands["has_twitter"].eq(True).mean() * 100),
        "AU02": float(brands["has_facebook"].eq(True).mean() * 100),
        "AU03": rate("twitter", "question"),
        "AU04": rate("twitter", "negative"),
        "AU05": rate("twitter", "positive"),
        "AU06": float(minutes("twitter", "negative").mean()),
        "AU07": float(minutes("twitter", "positive").mean()),
        "AU08": float(indirect.loc[indirect["responded"].eq(True), "brand"].nunique()),
        "AU09": rate("facebook", "positive"),
        "AU10": rate("facebook", "negative"),
        "AU11": float(probes.loc[probes["responded"].eq(True), "response_minutes"].min()),
        "AU12": float(minutes("facebook", "negative").max()),
        "AU13": float(minutes("twitter", "positive").max()),
        "AU14": float((brands.loc[brands["has_twitter"].eq(True), "followed_back"].eq(True)).mean() * 100),
    }


def figures_of(dataset_id: str, folder: Path) -> dict[str, float]:
    """All figures computable on a dataset folder."""
    if dataset_id == "auros_2011":
        return audit_figures(_read(folder, "brands"), _read(folder, "probes"))
    return consumer_figures(*read_survey(folder))


@pytest.fixture(scope="module")
def committed() -> dict[str, dict[str, float]]:
    """Figures of the committed bundled datasets, per dataset."""
    return {d: figures_of(d, DATA / d) for d in BUNDLED}


@pytest.fixture(scope="module")
def northridge() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The committed Northridge survey."""
    return read_survey(DATA / "northridge_2015")


# ---- byte-stable output ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset_id", BUNDLED)
def test_generation_is_byte_stable_and_matches_the_committed_files(tmp_path, dataset_id):
    first, second = tmp_path / "a", tmp_path / "b"
    write(dataset_id, first)
    write(dataset_id, second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in (DATA / dataset_id).iterdir())
    for name in names:
        fresh = (first / name).read_bytes()
        assert fresh == (second / name).read_bytes(), f"{name} differs between two runs"
        assert fresh == (DATA / dataset_id / name).read_bytes(), f"committed {dataset_id}/{name} is stale"


@pytest.mark.parametrize("dataset_id", BUNDLED)
def test_csv_format(dataset_id):
    folder = DATA / dataset_id
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    for stem in {"consumer_survey": ("respondents", "contacts"), "brand_audit": ("brands", "probes")}[meta["kind"]]:
        raw = (folder / f"{stem}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n")
        assert raw.decode("utf-8").split("\n", 1)[0] == ",".join(field_names(f"{stem}.csv"))
        cells = pd.read_csv(folder / f"{stem}.csv", dtype=str, keep_default_na=False)
        for f in FIELDS[f"{stem}.csv"]:
            filled = cells[f.name][cells[f.name] != ""]
            if f.kind == "boolean":
                assert filled.isin(["true", "false"]).all(), f.name
            if f.kind == "integer":
                assert filled.str.fullmatch(r"\d+").all(), f.name
            if f.kind == "number":
                assert filled.str.fullmatch(r"\d+\.\d{4}").all(), f.name
            if f.kind == "enum":
                assert filled.isin(f.allowed).all(), f.name


@pytest.mark.parametrize("dataset_id", BUNDLED)
def test_metadata(dataset_id):
    text = (DATA / dataset_id / "metadata.json").read_text(encoding="utf-8")
    meta = json.loads(text)
    assert list(meta) == META_KEYS and text.endswith("}\n")
    assert meta["id"] == dataset_id and meta["synthetic"] is True
    assert meta["generator"]["module"] == "caregap.generate" and meta["generator"]["version"] == 1
    assert all(isinstance(p, str) and "modelled" in p for p in meta["modelled_patterns"])
    for file, published in meta["published_fields"].items():
        assert not set(published) & set(meta["modelled_fields"][file])
        assert set(published) | set(meta["modelled_fields"][file]) <= set(field_names(file))


def test_amex_metadata_says_the_source_gives_no_sample_size():
    meta = json.loads((DATA / "amex_2014" / "metadata.json").read_text(encoding="utf-8"))
    assert "does not give a sample size" in meta["source_notes"]


# ---- every published figure ----------------------------------------------------------------------------


@pytest.mark.parametrize("figure_id", [f for f in FIGURES["figure_id"] if f != "NG15"])
def test_published_figure(committed, figure_id):
    figure = FIGURES.set_index("figure_id").loc[figure_id]
    value = committed[PREFIX[figure_id[:2]]][figure_id]
    exact = figure["value_unit"] in ("minutes", "retailers")
    assert abs(value - figure["value"]) <= (1e-9 if exact else 1.0), f"{figure_id}: {value:.2f}"


def test_auros_counts_are_exact():
    brands, probes = _read(DATA / "auros_2011", "brands"), _read(DATA / "auros_2011", "probes")
    assert (len(brands), int(brands["has_twitter"].sum()), int(brands["has_facebook"].sum())) == (25, 20, 18)
    counts = probes.groupby(["network", "probe_type"])["responded"].agg(["size", "sum"])
    expected = {
        ("twitter", "question"): (20, 5),
        ("twitter", "negative"): (20, 4),
        ("twitter", "positive"): (20, 2),
        ("twitter", "indirect_mention"): (20, 2),
        ("facebook", "positive"): (18, 3),
        ("facebook", "negative"): (18, 2),
    }
    assert {k: tuple(int(x) for x in v) for k, v in counts.iterrows()} == expected
    assert (probes.groupby(["brand", "network", "probe_type"]).size() == 1).all()
    assert set(brands.loc[brands["has_twitter"].eq(False), "followed_back"]) == {None}
    assert brands["brand"].str.contains("synthetic").all() and (brands["country"] == "UK").all()
    assert brands["sector"].notna().all()
    sent = pd.to_datetime(probes["sent_at"])
    assert sent.dt.year.eq(2011).all() and sent.dt.month.between(9, 11).all()


def test_ng02_reason_is_the_most_common_social_reason(northridge):
    _, cont = northridge
    soc = cont[(cont["channel"] == "social") & cont["reason"].notna()]
    by_reason = soc.groupby("reason")["weight"].sum().sort_values(ascending=False)
    assert by_reason.index[0] == "could_not_reach_rep_elsewhere" and by_reason.iloc[0] > by_reason.iloc[1]


@pytest.mark.parametrize("field", ["resolved", "followed_up"])
def test_ng12_ng13_social_is_lowest_of_all_channels(northridge, field):
    _, cont = northridge
    rates = {ch: pct(cont[cont["channel"] == ch], field, eq(True)) for ch in CHANNELS}
    assert min(rates, key=rates.get) == "social"
    assert all(rates[ch] > rates["social"] for ch in CHANNELS if ch != "social")


def test_ac09_ac10_facebook_deals_rise_with_every_age_group():
    resp, _ = read_survey(DATA / "accent_2014")
    shares = [
        pct(resp[resp["age_group"] == a], "uses_facebook_for_deals", eq(True))
        for a in ("18-29", "30-44", "45-59", "60+")
    ]
    assert all(lo < hi for lo, hi in itertools.pairwise(shares))


# ---- structure -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset_id", CONSUMER)
def test_structural_invariants(dataset_id):
    resp, cont = read_survey(DATA / dataset_id)
    assert len(resp) == 1000 and resp["respondent_id"].is_unique
    assert resp["respondent_id"].is_monotonic_increasing and (resp["weight"] > 0).all()
    assert cont["respondent_id"].isin(resp["respondent_id"]).all()
    order = cont["channel"].map(CHANNELS.index)
    assert not cont.assign(o=order).duplicated(["respondent_id", "o"]).any()
    assert (cont.assign(o=order).sort_values(["respondent_id", "o"]).index == cont.index).all()
    per_person = cont.groupby("respondent_id").size().reindex(resp["respondent_id"], fill_value=0)
    assert per_person.between(1, 4).all()
    social = cont["channel"] == "social"
    assert cont.loc[social, "network"].notna().all() and cont.loc[~social, "network"].isna().all()
    answered = cont["got_response"].eq(True)
    assert cont["got_response"].notna().all()
    assert (cont["response_minutes"].notna() == answered).all()
    assert not (cont["resolved"].eq(True) & ~answered).any()
    assert not (cont["followed_up"].eq(True) & ~answered).any()
    assert (cont["resolution_time"].notna() == cont["resolved"].eq(True)).all()
    assert cont["satisfaction"].between(1, 5).all() and (cont["contacts_needed"] >= 1).all()
    resolved_people = set(cont.loc[cont["resolved"].eq(True), "respondent_id"])
    has_count = resp["channels_used_to_resolve"].notna()
    assert set(resp.loc[has_count, "respondent_id"]) == resolved_people
    assert (resp.loc[has_count, "channels_used_to_resolve"] >= 1).all()
    social_people = set(cont.loc[social, "respondent_id"])
    assert set(resp.loc[resp["social_answer_frequency"].notna(), "respondent_id"]) == social_people
    assert 0.35 <= len(social_people) / len(resp) <= 0.45


@pytest.mark.parametrize("dataset_id", CONSUMER)
def test_every_column_is_filled_somewhere(dataset_id):
    resp, cont = read_survey(DATA / dataset_id)
    for frame, file in ((resp, "respondents.csv"), (cont, "contacts.csv")):
        for name in field_names(file):
            assert frame[name].notna().any(), f"{file}: {name} is empty"


@pytest.mark.parametrize("dataset_id", CONSUMER)
def test_weights_correct_an_older_more_female_sample(dataset_id):
    resp, _ = read_survey(DATA / dataset_id)
    w = resp["weight"]
    assert abs(w.mean() - 1) < 0.001 and w.min() >= 0.5 and w.max() <= 2.2
    older = resp["age_group"].isin(["45-59", "60+"])
    female = resp["gender"] == "female"
    assert older.mean() > w[older].sum() / w.sum() and female.mean() > w[female].sum() / w.sum()
    other = resp["gender"].isin(["nonbinary", "undisclosed"]).mean()
    assert 0.02 <= other <= 0.04
    kish = w.sum() ** 2 / (w**2).sum()
    assert kish > 0.8 * len(w), "the weights should cost less than 20% of the sample"


def test_modelled_patterns_hold(northridge):
    resp, cont = northridge
    young, old = resp["age_group"] == "18-29", resp["age_group"] == "60+"
    social_people = set(cont.loc[cont["channel"] == "social", "respondent_id"])
    uses_social = resp["respondent_id"].isin(social_people)
    assert uses_social[young].mean() > uses_social[old].mean()
    phone_pref = pct(resp[old], "preferred_channel", eq("phone"))
    assert phone_pref > pct(resp[young], "preferred_channel", eq("phone"))
    sat = cont.groupby(cont["resolved"].eq(True))["satisfaction"].mean()
    assert sat[True] > sat[False] + 1


# ---- the large path ------------------------------------------------------------------------------------


def test_large_parquet_path_keeps_the_headline_shares(tmp_path):
    write("northridge_2015", tmp_path, respondents=20_000, fmt="parquet")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.parquet", "metadata.json", "respondents.parquet"]
    types = pq.read_schema(tmp_path / "contacts.parquet")
    assert types.field("got_response").type == pa.bool_()
    assert types.field("expected_response_minutes").type == pa.int64()
    assert pq.read_schema(tmp_path / "respondents.parquet").field("weight").type == pa.float64()
    assert json.loads((tmp_path / "metadata.json").read_text())["sample_size"] == 20_000
    resp, cont = read_survey(tmp_path)
    assert len(resp) == 20_000 and resp["respondent_id"].iloc[-1] == "NG-20000"
    values = consumer_figures(resp, cont)
    published = FIGURES.set_index("figure_id")["value"]
    for fid in [f for f in published.index if f.startswith("NG") and f != "NG15"]:
        assert abs(values[fid] - published[fid]) <= 1.0, f"{fid}: {values[fid]:.2f}"


def test_build_returns_typed_tables_and_respects_the_size():
    tables = build("accent_2014", respondents=300)
    assert set(tables) == {"respondents", "contacts"} and tables["respondents"].num_rows == 300
    assert tables["respondents"].column_names == list(field_names("respondents.csv"))
    assert tables["contacts"].schema.field("satisfaction").type == pa.int64()
    with pytest.raises(ValueError):
        build("auros_2011", respondents=10)


def test_cli_writes_one_dataset(tmp_path, capsys):
    assert main(["--dataset", "auros_2011", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "probes.csv").read_bytes() == (DATA / "auros_2011" / "probes.csv").read_bytes()
    assert "auros_2011" in capsys.readouterr().out
