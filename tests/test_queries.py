"""Each page query, on the tiny fixture in real DuckDB, against an independent pandas computation."""

from __future__ import annotations

import pandas as pd
import pytest

from caregap import db
from caregap.contract import CHANNELS
from caregap.database import build
from tests.conftest import TINY_AUDIT, TINY_SURVEY
from tests.reference import (
    contact_answers,
    read_survey,
    region_segments,
    respondent_answers,
    slice_contacts,
    slice_respondents,
    used,
)

RESP, CONT = read_survey(TINY_SURVEY)
SLICES = [
    {},
    {"genders": ["female"]},
    {"age_groups": ["18-29", "45-59"], "genders": ["female", "male", "nonbinary"]},
    {"channels": ["social"]},
    {"regions": ["west", "south"], "networks": ["twitter", "instagram"]},
]
NO_SLICE = {"age_groups": [], "genders": [], "regions": [], "channels": [], "networks": []}
RESPONDENT_QUESTIONS = [
    "respondent",
    "preferred_channel",
    "fastest_channel",
    "best_service_channel",
    "prefers_live_assistance",
    "channels_used_to_resolve",
    "social_answer_frequency",
    "uses_facebook_for_deals",
]
CONTACT_QUESTIONS = [
    "contact",
    "got_response",
    "resolved",
    "followed_up",
    "reason",
    "resolution_time",
    "contacts_needed",
    "satisfaction",
    "expected_response",
    "response_time",
    "expected_paired",
    "response_paired",
    "gap_paired",
]


def params(slicers: dict, split: str = "none") -> dict:
    return {"dataset": "tiny_survey", **NO_SLICE, **slicers, "splits": [] if split == "none" else [split]}


def question_unanswered(slicers: dict, question: str) -> bool:
    """Whether nobody in the slice answered the question."""
    people = slice_respondents(RESP, CONT, **slicers)
    return respondent_answers(people, question).isna().all()


def expected_distribution(frame: pd.DataFrame, answers: pd.Series, minutes: pd.Series | None = None) -> dict:
    """{answer: (base_n, base_w, hit_n, hit_w, hit_wx, hit_w2x, hit_w2x2)} over the rows that answered."""
    answered = answers.notna()
    weights = frame["weight"][answered]
    out = {}
    for answer, rows in answers[answered].groupby(answers[answered]).groups.items():
        w = frame.loc[rows, "weight"]
        x = minutes[rows] if minutes is not None else None
        sums = [float(s.sum(min_count=1)) for s in (w * x, w**2 * x, w**2 * x**2)] if x is not None else [None] * 3
        out[answer] = (
            int(answered.sum()),
            float(weights.sum()),
            len(rows),
            float(w.sum()),
            *sums,
        )
    return out


def got_distribution(result: pd.DataFrame, with_minutes: bool = False) -> dict:
    out = {}
    for row in result.itertuples():
        timed = [float(row.hit_wx), float(row.hit_w2x), float(row.hit_w2x2)] if with_minutes else [None] * 3
        out[row.answer] = (int(row.base_n), float(row.base_w), int(row.hit_n), float(row.hit_w), *timed)
    return out


def assert_same(got: dict, expected: dict) -> None:
    assert set(got) == set(expected)
    for answer, values in expected.items():
        assert got[answer] == pytest.approx(values, nan_ok=True), answer


@pytest.mark.parametrize("slicers", SLICES)
@pytest.mark.parametrize("question", RESPONDENT_QUESTIONS)
def test_respondent_distribution(tiny_run, slicers, question):
    result = tiny_run("respondent_distribution", questions=[question, "respondent"], **params(slicers))
    assert set(result["question"]) == {question, "respondent"} - (
        {question} if question_unanswered(slicers, question) else set()
    )
    result = result[result["question"] == question]
    people = slice_respondents(RESP, CONT, **slicers)
    expected = expected_distribution(people, respondent_answers(people, question))
    assert_same(got_distribution(result[result["segment"] == "All"]), expected)


@pytest.mark.parametrize("split", ["gender", "age_group", "channel", "region"])
def test_respondent_distribution_split(tiny_run, split):
    result = tiny_run("respondent_distribution", questions=["preferred_channel"], **params({}, split))
    if split == "channel":
        channels_used = used(RESP, CONT, "channel")
        groups = {c: RESP[channels_used.apply(lambda s, c=c: c in s)] for c in set(CONT["channel"])}
    elif split == "region":
        groups = dict(iter(RESP.groupby(region_segments(RESP))))
        assert "region:" in groups, "the fixture has someone with no region"
    else:
        groups = dict(iter(RESP.groupby(split)))
    assert set(result["segment"]) == {"All", *groups}
    for segment, people in groups.items():
        expected = expected_distribution(people, respondent_answers(people, "preferred_channel"))
        assert_same(got_distribution(result[result["segment"] == segment]), expected)


@pytest.mark.parametrize("slicers", SLICES)
def test_favorite_networks(tiny_run, slicers):
    result = tiny_run("respondent_distribution", questions=["favorite_networks"], **params(slicers))
    result = result[result["segment"] == "All"].set_index("answer")
    people = slice_respondents(RESP, CONT, **slicers)
    answered = people[people["favorite_networks"].notna()]
    chosen_by = {
        network: answered[answered["favorite_networks"].str.split(";").apply(lambda names, n=network: n in names)]
        for network in ("facebook", "twitter", "instagram", "other")
    }
    assert set(result.index) == {network for network, chosen in chosen_by.items() if len(chosen)}
    for network, chosen in chosen_by.items():
        if chosen.empty:
            continue
        row = result.loc[network]
        assert (row["base_n"], row["hit_n"]) == (len(answered), len(chosen))
        assert (row["base_w"], row["hit_w"]) == pytest.approx((answered["weight"].sum(), chosen["weight"].sum()))


@pytest.mark.parametrize("slicers", SLICES)
@pytest.mark.parametrize("question", CONTACT_QUESTIONS)
@pytest.mark.parametrize("by", ["channel", "network"])
def test_contact_distribution(tiny_run, slicers, question, by):
    result = tiny_run("contact_distribution", questions=[question], by=by, **params(slicers))
    result = result[result["segment"] == "All"]
    assert set(result["question"]) <= {question}
    contacts = slice_contacts(CONT, **slicers).dropna(subset=[by])
    for channel, group in contacts.groupby(by):
        answers, minutes = contact_answers(group, question)
        expected = expected_distribution(group, answers, minutes)
        assert_same(got_distribution(result[result["channel"] == channel], with_minutes=True), expected)
    answered_channels = {c for c, g in contacts.groupby(by) if contact_answers(g, question)[0].notna().any()}
    assert set(result["channel"]) == answered_channels


def test_a_region_called_all_stays_apart_from_the_whole_slice(survey_copy):
    people = pd.read_csv(survey_copy / "respondents.csv", dtype=str, keep_default_na=False)
    people.assign(region=people["region"].replace({"west": "All"})).to_csv(survey_copy / "respondents.csv", index=False)
    con, _ = build([survey_copy])
    result = db.run(con, "respondent_distribution", questions=["respondent"], **params({}, "region"))
    sizes = result.set_index("segment")["hit_n"].to_dict()
    assert sizes == {
        "All": len(RESP),
        "region:All": (RESP["region"] == "west").sum(),
        **{f"region:{r}": n for r, n in RESP["region"].fillna("").value_counts().items() if r != "west"},
    }


def test_a_network_named_twice_counts_once(survey_copy):
    people = pd.read_csv(survey_copy / "respondents.csv", dtype=str, keep_default_na=False)
    repeated = people["favorite_networks"].replace({"twitter": "twitter;twitter"})
    people.assign(favorite_networks=repeated).to_csv(survey_copy / "respondents.csv", index=False)
    con, _ = build([survey_copy])
    result = db.run(con, "respondent_distribution", questions=["favorite_networks"], **params({}))
    chose = RESP["favorite_networks"].dropna().str.split(";")
    assert (repeated == "twitter;twitter").any()
    assert result.set_index("answer").loc["twitter", "hit_n"] == chose.apply(lambda names: "twitter" in names).sum()


@pytest.mark.parametrize("split", ["gender", "region"])
def test_contact_distribution_split(tiny_run, split):
    result = tiny_run("contact_distribution", questions=["resolved"], by="channel", **params({}, split))
    segments = region_segments(CONT) if split == "region" else CONT[split]
    groups = CONT.groupby([segments, CONT["channel"]])
    assert set(result.loc[result["segment"] != "All", "segment"]) == set(segments)
    for (segment, channel), group in groups:
        expected = expected_distribution(group, contact_answers(group, "resolved")[0])
        got = result[(result["segment"] == segment) & (result["channel"] == channel)]
        assert_same(got_distribution(got), expected)


@pytest.mark.parametrize("slicers", [s for s in SLICES if "networks" not in s])  # people are contacts there
@pytest.mark.parametrize("split", ["none", "gender", "region", "channel"])
@pytest.mark.parametrize("question", ["resolved", "expected_response", "contact"])
def test_contact_people(tiny_run, slicers, split, question):
    result = tiny_run("contact_people", questions=[question], **params(slicers, split))
    contacts = slice_contacts(CONT, **slicers)
    contacts = contacts[contact_answers(contacts, question)[0].notna()]
    people = contacts.groupby("respondent_id").agg(
        channels=("channel", lambda c: str(sorted(c, key=CHANNELS.index))),
        **{k: (k, "first") for k in ("age_group", "gender", "region")},
    )
    expected = {("All", channels): n for channels, n in people["channels"].value_counts().items()}
    if split == "channel":
        expected |= contacts.groupby("channel").size().rename(lambda c: (c, None)).to_dict()
    elif split != "none":
        segments = region_segments(people) if split == "region" else people[split]
        expected |= people.groupby([segments, "channels"]).size().to_dict()
    got = result.assign(channels=[str(list(c)) for c in result["channels"]])
    if split == "channel":  # each channel's people: those who answered on it, whatever else they used
        per_channel = got[got["segment"] != "All"].groupby("segment")["people"].sum().rename(lambda c: (c, None))
        got = got[got["segment"] == "All"]
        assert per_channel.to_dict() == {k: v for k, v in expected.items() if k[1] is None}
        expected = {k: v for k, v in expected.items() if k[1] is not None}
    assert set(result["question"]) <= {question}
    assert got.set_index(["segment", "channels"])["people"].to_dict() == expected


def test_the_people_aggregate_has_a_bit_for_every_question_and_channel(tiny_db):
    """load_contact_people packs one bit per question and channel into 128 bits."""
    codes = tiny_db.execute("select contact_codes([5], null, null, null, null, null, null, null, null, null)")
    questions = [code["question"] for code in codes.fetchone()[0]]
    assert set(questions) == set(CONTACT_QUESTIONS)
    assert len(questions) * len(CHANNELS) <= 128


@pytest.mark.parametrize("slicers", SLICES)
def test_dataset_summary(tiny_run, slicers):
    row = tiny_run("dataset_summary", **params(slicers)).iloc[0]
    people = slice_respondents(RESP, CONT, **slicers)
    assert row["respondents"] == len(people)
    assert row["contacts"] == len(slice_contacts(CONT, **slicers))
    weights = people["weight"]
    assert row["effective_base"] == pytest.approx(weights.sum() ** 2 / (weights**2).sum() if len(people) else 0)


def test_regions_of_each_dataset(tiny_run):
    regions = tiny_run("datasets_list").set_index("dataset_id")["regions"]
    assert list(regions["tiny_survey"]) == sorted(RESP["region"].dropna().unique())
    assert list(regions["tiny_audit"]) == []


def test_a_dataset_lists_the_questions_anyone_answered(tiny_run, survey_copy):
    assert tiny_run("datasets_list").set_index("dataset_id").loc["tiny_audit", "questions"].tolist() == []
    for name, column in (("respondents.csv", "fastest_channel"), ("contacts.csv", "satisfaction")):
        frame = pd.read_csv(survey_copy / name, dtype=str, keep_default_na=False)
        frame.assign(**{column: ""}).to_csv(survey_copy / name, index=False)  # a survey that did not ask it
    con, _ = build([survey_copy])
    questions = set(db.run(con, "datasets_list").set_index("dataset_id").loc["tiny_survey", "questions"])
    assert {"preferred_channel", "favorite_networks", "got_response", "resolved", "expected_response"} <= questions
    assert not {"fastest_channel", "satisfaction"} & questions


def test_several_questions_and_splits_in_one_query(tiny_run):
    both = tiny_run(
        "respondent_distribution", questions=["preferred_channel", "uses_facebook_for_deals"],
        **{**params({}), "splits": ["gender", "age_group"]},
    )  # fmt: skip
    for question, split in (("preferred_channel", "gender"), ("uses_facebook_for_deals", "age_group")):
        alone = tiny_run("respondent_distribution", questions=[question], **params({}, split))
        mine = both[(both["question"] == question) & both["segment"].isin(alone["segment"])]
        assert mine.reset_index(drop=True).equals(alone.reset_index(drop=True))
    assert set(both["segment"]) == {"All", *RESP["gender"], *RESP["age_group"]}


def test_probe_rates(tiny_run):
    probes = pd.read_csv(TINY_AUDIT / "probes.csv")
    result = tiny_run("probe_rates", dataset="tiny_audit")
    for (network, probe_type), group in probes.groupby(["network", "probe_type"]):
        row = result[(result["network"] == network) & (result["probe_type"] == probe_type)].iloc[0]
        answered = group[group["responded"]]
        assert (row["base_n"], row["hit_n"]) == (len(group), len(answered))
        assert row["mean_minutes"] == pytest.approx(answered["response_minutes"].mean(), nan_ok=True)
    overall = result[result["network"] == "all"].iloc[0]
    assert overall["min_minutes"] == probes.loc[probes["responded"], "response_minutes"].min()


def test_brand_accounts(tiny_run):
    brands = pd.read_csv(TINY_AUDIT / "brands.csv")
    result = tiny_run("brand_accounts", dataset="tiny_audit").set_index("measure")
    for measure in ("has_twitter", "has_facebook", "followed_back"):
        answered = brands[measure].dropna().astype(bool)
        assert (result.loc[measure, "base_n"], result.loc[measure, "hit_n"]) == (
            len(answered),
            int(answered.sum()),
        )
