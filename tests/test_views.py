"""Every page's numbers on the bundled data, for several slicer combinations, against pandas from the CSVs."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from caregap import contract
from caregap.audit_views import account_table, probe_table, unsent
from caregap.bases import base_range
from caregap.charts import share_chart
from caregap.labels import label
from caregap.measures import MEASURES, distributions
from caregap.paths import DATA_DIR
from caregap.readout import DEFF_COLUMN, chart_data, on_screen, p_rounded, p_text, screen_formats
from caregap.references import (
    account_references,
    compare_references,
    flag_references,
    references,
    within_references,
)
from caregap.response_gap import gap_from
from caregap.slicing import Slice
from caregap.views import (
    by_contact_channel,
    cumulative_from,
    flags_from,
    measure_table,
    measure_tables,
    table_from,
)
from tests.reference import (
    contact_answers,
    contact_segments,
    read_survey,
    respondent_answers,
    respondent_segments,
    slice_contacts,
    slice_respondents,
)

SURVEYS = {name: read_survey(DATA_DIR / name) for name in ("northridge_2015", "amex_2014", "accent_2014")}
FILTERS = [
    {},
    {"genders": ("female",)},
    {"age_groups": ("18-29", "30-44"), "channels": ("social",)},
    {"regions": ("south", "west"), "networks": ("twitter",)},
    {"genders": ("male", "nonbinary"), "age_groups": ("60+",), "channels": ("phone", "chat")},
]
CASES = [(name, filters) for name in SURVEYS for filters in FILTERS[:3]] + [("northridge_2015", f) for f in FILTERS[3:]]


def weighted_share(frame: pd.DataFrame, answers: pd.Series, hits: tuple[str, ...]) -> tuple[int, float]:
    answered = answers.notna()
    weights = frame["weight"][answered]
    return int(answered.sum()), float(weights[answers[answered].isin(hits)].sum() / weights.sum() * 100)


def mean_interval(frame: pd.DataFrame, column: str) -> tuple[float, float]:
    """95% t interval of the weighted mean of a column from the rows: linearised variance, n - 1 degrees of freedom."""
    w, x = frame["weight"].to_numpy(), frame[column].to_numpy()
    n, mean = len(x), np.average(x, weights=w)
    variance = n / (n - 1) * np.sum((w * (x - mean)) ** 2) / w.sum() ** 2
    half = stats.t.ppf(0.975, n - 1) * math.sqrt(variance)
    return max(mean - half, 0.0), mean + half


def check(table: pd.DataFrame, where: dict, base_n: int, share: float, people: int | None = None) -> None:
    """The row's base and share; shown only when its people (the base itself when each is one person's) are 10+."""
    row = table
    for column, value in where.items():
        row = row[row[column].astype(str) == value]
    assert len(row) == 1, where
    assert int(row["base_n"].iat[0]) == base_n, where
    if people is not None:
        assert int(row["base_people"].iat[0]) == people, where
    if (base_n if people is None else people) >= 10:
        assert row["share"].iat[0] == pytest.approx(share, abs=1e-9), where
    else:
        assert np.isnan(row["share"].iat[0]), "bases under 10 are suppressed"


@pytest.mark.parametrize(("dataset", "filters"), CASES)
@pytest.mark.parametrize("split", ["none", "age_group", "channel"])
def test_channel_preference_page(bundled_run, dataset, filters, split):
    resp, cont = SURVEYS[dataset]
    slc = Slice(dataset, **filters, split=split)
    table = measure_table(bundled_run, MEASURES["fastest_channel"], slc)
    people = slice_respondents(resp, cont, **filters)
    for segment, group in respondent_segments(people, resp, cont, split).items():
        answers = respondent_answers(group, "fastest_channel")
        for channel in ("phone", "social", "in_person"):
            base_n, share = weighted_share(group, answers, (channel,))
            check(table, {"segment": segment, "answer": channel}, base_n, share)


@pytest.mark.parametrize(("dataset", "filters"), CASES)
@pytest.mark.parametrize("key", ["got_response", "resolved", "followed_up", "needed_2_plus", "satisfied"])
def test_response_and_resolution_page(bundled_run, dataset, filters, key):
    _resp, cont = SURVEYS[dataset]
    measure = MEASURES[key]
    table = measure_table(bundled_run, measure, Slice(dataset, **filters, split="gender"))
    contacts = slice_contacts(cont, **filters)
    for (gender, channel), group in [
        *contacts.groupby(["gender", "channel"]),
        *((("All", c), g) for c, g in contacts.groupby("channel")),
    ]:
        answers = contact_answers(group, measure.question)[0]
        if answers.notna().any():
            base_n, share = weighted_share(group, answers, measure.hits)
            check(table, {"segment": gender, "channel": channel}, base_n, share)


@pytest.mark.parametrize(("dataset", "filters"), CASES)
def test_time_to_resolution_distribution(bundled_run, dataset, filters):
    _resp, cont = SURVEYS[dataset]
    table = measure_table(bundled_run, MEASURES["resolution_time"], Slice(dataset, **filters))
    for channel, group in slice_contacts(cont, **filters).groupby("channel"):
        answers = contact_answers(group, "resolution_time")[0]
        for answer in ("within_1_hour", "a_week_or_longer"):
            base_n, share = weighted_share(group, answers, (answer,))
            check(table, {"segment": "All", "channel": channel, "answer": answer}, base_n, share)


@pytest.mark.parametrize(("dataset", "filters"), CASES)
def test_expected_response_page(bundled_run, dataset, filters):
    _resp, cont = SURVEYS[dataset]
    slc = Slice(dataset, **filters)
    contacts = slice_contacts(cont, **filters)
    asked = [MEASURES[key] for key in ("expected_response", "expected_paired", "response_paired", "gap_paired")]
    dists = distributions(bundled_run, asked, slc.params())  # as the page asks: one query
    within = cumulative_from(dists["expected_response"], slc.split)
    gap = gap_from(dists).set_index("channel")
    for channel, group in contacts.groupby("channel"):
        minutes = group["expected_response_minutes"]
        for edge in (30, 60, 1440):
            hit = (minutes <= edge).map({True: "y", False: "n"})
            base_n, share = weighted_share(group, hit, ("y",))
            check(within, {"channel": channel, "answer": f"within_{edge}min"}, base_n, share)
        both = group[minutes.notna() & group["got_response"].eq(True) & group["response_minutes"].notna()]
        if len(both):
            w = both["weight"]
            expected = (w * both["expected_response_minutes"]).sum() / w.sum()
            actual = (w * both["response_minutes"]).sum() / w.sum()
            means = gap.loc[channel, ["expected_minutes", "actual_minutes"]].tolist()
            assert means == (
                pytest.approx([expected, actual]) if len(both) >= 10 else pytest.approx([np.nan] * 2, nan_ok=True)
            )
            intervals = [*mean_interval(both, "expected_response_minutes"), *mean_interval(both, "response_minutes")]
            got = gap.loc[channel, ["expected_low", "expected_high", "actual_low", "actual_high"]].tolist()
            assert got == pytest.approx(intervals if len(both) >= 10 else [np.nan] * 4, nan_ok=True), channel
            assert gap.loc[channel, "low_base"] == (10 <= len(both) < 30)
            assert gap.loc[channel, "base_n"] == len(both)


@pytest.mark.parametrize(("dataset", "filters"), CASES)
def test_social_networks_page(bundled_run, dataset, filters):
    resp, cont = SURVEYS[dataset]
    people = slice_respondents(resp, cont, **filters)
    wanted = [  # as the page asks them: one query per kind of question, at once, each table split its own way
        # (the queries split by channel as well, as when the sidebar splits so)
        (MEASURES["favorite_networks"], "none"),
        (MEASURES["uses_facebook_for_deals"], "age_group"),
        (replace(MEASURES["expects_response"], by="network"), "none"),
    ]
    favorites, deals, expects = measure_tables(bundled_run, Slice(dataset, **filters, split="channel"), wanted)
    answered = people[people["favorite_networks"].notna()]
    for network in ("facebook", "twitter", "instagram"):
        chosen = answered["favorite_networks"].str.split(";").apply(lambda names, n=network: n in names)
        share = answered["weight"][chosen].sum() / answered["weight"].sum() * 100
        check(favorites, {"segment": "All", "answer": network}, len(answered), share)
    for age, group in people.groupby("age_group"):
        base_n, share = weighted_share(group, respondent_answers(group, "uses_facebook_for_deals"), ("true",))
        check(deals, {"segment": age}, base_n, share)
    for network, group in slice_contacts(cont, **filters).dropna(subset=["network"]).groupby("network"):
        hit = group["expected_response_minutes"].notna().map({True: "y", False: "n"})
        base_n, share = weighted_share(group, hit, ("y",))
        check(expects, {"segment": "All", "channel": network}, base_n, share)


def test_compare_by_channel_sets_each_channel_against_the_others(bundled_run):
    _resp, cont = SURVEYS["northridge_2015"]
    contacts = slice_contacts(cont, genders=("female",))
    table = by_contact_channel(bundled_run, MEASURES["resolved"], Slice("northridge_2015", genders=("female",)))
    answered = contacts[contact_answers(contacts, "resolved")[0].notna()]
    answered = answered.assign(hit=contact_answers(answered, "resolved")[0].eq("true"))
    check(table, {"segment": "All"}, *weighted_share(answered, answered["hit"].map({True: "y", False: "n"}), ("y",)))
    for channel, group in answered.groupby("channel"):  # the tests against the rest: tests/test_clustering.py
        check(table, {"segment": channel}, *weighted_share(group, group["hit"].map({True: "y", False: "n"}), ("y",)))


@pytest.mark.parametrize("dimension", ["age_group", "gender", "channel", "region"])
def test_compare_page_pools_channels(bundled_run, dimension):
    _resp, cont = SURVEYS["northridge_2015"]
    table = measure_table(bundled_run, MEASURES["resolved"], Slice("northridge_2015", split=dimension), pooled=True)
    groups = contact_segments(cont, dimension)
    for segment, group in groups.items():
        answers = contact_answers(group, "resolved")[0]
        people = group.loc[answers.notna(), "respondent_id"].nunique()
        check(table, {"segment": segment}, *weighted_share(group, answers, ("true",)), people)
    assert table.loc[table["segment"] != "All", "p_value"].notna().any()
    assert set(table["segment"]) == set(groups)


@pytest.mark.parametrize(("dataset", "filters"), CASES)
def test_compare_people_by_region(bundled_run, dataset, filters):
    resp, cont = SURVEYS[dataset]
    people = slice_respondents(resp, cont, **filters)
    table = measure_table(bundled_run, MEASURES["prefers_live_assistance"], Slice(dataset, split="region", **filters))
    groups = respondent_segments(people, resp, cont, "region")
    assert set(table["segment"]) == set(groups) and len(groups) >= 3
    for segment, group in groups.items():
        check(table, {"segment": segment}, *weighted_share(group, group["prefers_live_assistance"], (True,)))
    rows = chart_data(table, "segment", "Region")
    assert list(rows["Region"]) == ["Everyone in the slice", *sorted(label(s) for s in groups if s != "All")]


def test_brand_audit_page(bundled_run):
    probes = pd.read_csv(DATA_DIR / "auros_2011" / "probes.csv")
    table = probe_table(bundled_run, "auros_2011")
    for (network, probe_type), group in probes.groupby(["network", "probe_type"]):
        share = group["responded"].mean() * 100
        check(table, {"segment": network, "answer": probe_type}, len(group), share)


def test_references_mark_the_published_figures():
    northridge, accent = Slice("northridge_2015"), Slice("accent_2014")
    fastest = references(northridge, "fastest_channel", x="answer").set_index("x")["value"]
    assert fastest.to_dict() == {"social": 3, "phone": 66, "chat": 15, "email": 10}
    deals = references(accent, "uses_facebook_for_deals", x="segment").set_index("x")["value"]
    assert deals.to_dict() == {"18-29": 59, "60+": 80}
    assert references(northridge, "expects_response", by="network").empty
    twitter = references(accent, "expects_response", by="network").set_index("x")["value"]
    assert twitter.to_dict() == {"facebook": 72, "twitter": 50}


@pytest.mark.parametrize(
    ("filters", "drawn"),
    [
        ({"genders": ("female",)}, set()),  # a figure of all consumers says nothing of women alone
        ({"regions": ("west",)}, set()),
        ({"channels": ("social",)}, set()),
        ({"networks": ("twitter",)}, set()),
        ({"age_groups": ("18-29", "30-44")}, {"18-29"}),  # the 18-29 bar is still all 18-29s
        ({"age_groups": ("30-44",), "genders": ("male",)}, set()),
    ],
)
def test_published_figures_only_on_slices_they_describe(filters, drawn):
    slc = Slice("accent_2014", **filters)
    assert set(references(slc, "uses_facebook_for_deals", x="segment")["x"]) == drawn
    assert references(Slice("northridge_2015", **filters), "fastest_channel", x="answer").empty
    assert flag_references(Slice("amex_2014", **filters), ("prefers_live_assistance",)).empty
    # social media contacts are all kept by a filter to social media: their figures stay (see below)
    assert within_references(Slice("amex_2014", **filters)).empty == (filters != {"channels": ("social",)})


def published(prefix: str, metric: str) -> dict[str, float]:
    """Published values of a metric, read straight from data/published_figures.csv: segment or channel -> value."""
    rows = pd.read_csv(DATA_DIR / "published_figures.csv", keep_default_na=False, dtype=str)
    rows = rows[rows["figure_id"].str.startswith(prefix) & (rows["metric"] == metric)]
    return {r["segment_value"] or r["channel"]: float(r["value"]) for _, r in rows.iterrows()}


@pytest.mark.parametrize(
    ("slc", "option", "dimension", "channel", "expected"),
    [  # each bar of the Compare chart that a published figure describes: segment -> value
        (Slice("northridge_2015"), "resolved", "channel", "all", published("NG", "issue_resolved")),
        (Slice("northridge_2015"), "resolved", "gender", "social", {"All": 13.0}),  # social contacts of everyone
        (Slice("northridge_2015"), "resolved", "gender", "all", {}),  # no figure pools every channel
        (Slice("northridge_2015", genders=("female",)), "resolved", "channel", "all", {}),
        (
            Slice("accent_2014"),
            "uses_facebook_for_deals",
            "age_group",
            "all",
            published("AC", "uses_facebook_for_deals"),
        ),
        (Slice("accent_2014", age_groups=("18-29",)), "uses_facebook_for_deals", "age_group", "all", {"18-29": 59.0}),
        (Slice("accent_2014"), "posts_experiences_on_twitter", "age_group", "all", {}),  # published by gender only
        (Slice("amex_2014"), "preferred_channel=social", "gender", "all", {"All": 3.0}),
        (Slice("amex_2014"), "preferred_channel=phone", "gender", "all", {}),
    ],
)
def test_compare_draws_the_published_figures_of_its_bars(slc, option, dimension, channel, expected):
    marks = compare_references(slc, option, dimension, channel)
    assert (marks["x"] == marks["segment"]).all()
    assert dict(zip(marks["x"], marks["value"].astype(float), strict=True)) == expected


@pytest.mark.parametrize(("dataset", "key"), [("northridge_2015", "no_response"), ("amex_2014", "expected_within_30")])
def test_a_figure_on_a_channel_stays_on_a_slice_of_that_channel(bundled_run, dataset, key):
    def social_row(slc: Slice) -> pd.Series:
        table = measure_table(bundled_run, MEASURES[key], slc)
        return table[table["channel"] == "social"].iloc[0][["base_n", "base_w", "share"]].rename("social")

    pd.testing.assert_series_equal(social_row(Slice(dataset, channels=("social", "email"))), social_row(Slice(dataset)))
    assert set(references(Slice(dataset, channels=("social", "email")), key)["x"]) >= {"social"}
    assert "social" not in set(references(Slice(dataset, channels=("phone",)), key)["x"])
    assert references(Slice(dataset, channels=("social",), genders=("female",)), key).empty


def kish(weights: pd.Series) -> float:
    return float(weights.sum() ** 2 / (weights**2).sum())


def p_against_rest(segment: pd.DataFrame, rest: pd.DataFrame, hit: str) -> float:
    """Pooled two-proportion z-test of weighted shares on Kish bases, by hand."""
    (p1, n1), (p2, n2) = ((f["weight"][f[hit]].sum() / f["weight"].sum(), kish(f["weight"])) for f in (segment, rest))
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return float(math.erfc(abs(z) / math.sqrt(2)))


@pytest.mark.parametrize(("dataset", "filters"), CASES[:3])
def test_significance_is_each_segment_against_the_rest_of_the_slice(bundled_run, dataset, filters):
    resp, cont = SURVEYS[dataset]
    table = measure_table(bundled_run, MEASURES["preferred_channel"], Slice(dataset, **filters, split="age_group"))
    people = slice_respondents(resp, cont, **filters)
    people = people.assign(hit=respondent_answers(people, "preferred_channel").eq("phone"))
    people = people[respondent_answers(people, "preferred_channel").notna()]
    for age, group in people.groupby("age_group"):
        rest = people[people["age_group"] != age]
        row = table[(table["segment"] == age) & (table["answer"].astype(str) == "phone")].iloc[0]
        assert row["p_value"] == pytest.approx(p_against_rest(group, rest, "hit"), rel=1e-6), age
        assert row["significant"] == (row["p_value"] < 0.05)


def test_expected_within_marks_segments_on_one_channel(bundled_run):
    _resp, cont = SURVEYS["northridge_2015"]
    dist = distributions(
        bundled_run, [MEASURES["expected_response"]], Slice("northridge_2015", split="age_group").params()
    )
    table = cumulative_from(dist["expected_response"], "age_group", channel="social")
    social = cont[cont["channel"] == "social"]
    social = social.assign(hit=social["expected_response_minutes"] <= 60)
    for age, group in social.groupby("age_group"):
        row = table[(table["segment"] == age) & (table["answer"].astype(str) == "within_60min")].iloc[0]
        assert row["p_value"] == pytest.approx(p_against_rest(group, social[social["age_group"] != age], "hit"))


@pytest.mark.parametrize(("dataset", "filters"), CASES[:6])
def test_expectations_chart(bundled_run, dataset, filters):
    resp, cont = SURVEYS[dataset]
    keys = ("prefers_live_assistance", "expects_same_response_time_off_hours", "used_more_than_one_channel")
    slc = Slice(dataset, **filters)
    table = flags_from(measure_tables(bundled_run, slc, [(MEASURES[key], slc.split) for key in keys]), keys)
    people = slice_respondents(resp, cont, **filters)
    for key, question, hits in (
        ("prefers_live_assistance", "prefers_live_assistance", ("true",)),
        ("expects_same_response_time_off_hours", "expects_same_response_time_off_hours", ("true",)),
        ("used_more_than_one_channel", "channels_used_to_resolve", ("2", "3", "4+")),
    ):
        base_n, share = weighted_share(people, respondent_answers(people, question), hits)
        check(table, {"segment": "All", "answer": key}, base_n, share)


def test_expectation_and_within_references():
    keys = ("prefers_live_assistance", "expects_same_response_time_off_hours", "used_more_than_one_channel")
    assert flag_references(Slice("amex_2014"), keys).set_index("x")["value"].to_dict() == {
        "prefers_live_assistance": 48,
        "expects_same_response_time_off_hours": 57,
    }
    assert flag_references(Slice("northridge_2015"), keys).set_index("x")["value"].to_dict() == {
        "used_more_than_one_channel": 61
    }
    assert within_references(Slice("amex_2014")).set_index("x")["value"].to_dict() == {
        "within_30min": 32,
        "within_60min": 42,
    }
    assert within_references(Slice("northridge_2015")).set_index("x")["value"].to_dict() == {"within_60min": 42}


def test_chart_data_holds_the_published_figures_drawn_on_the_chart(bundled_run):
    slc = Slice("northridge_2015")
    table = measure_table(bundled_run, MEASURES["fastest_channel"], slc)
    data = chart_data(table, "answer", "Channel", references(slc, "fastest_channel", x="answer"))
    published = dict(zip(data["Channel"], data["Published (%)"], strict=True))
    assert {k: v for k, v in published.items() if not np.isnan(v)} == {
        "Phone": 66,
        "Email": 10,
        "Chat": 15,
        "Social media": 3,
    }
    amex = Slice("amex_2014")
    dist = distributions(bundled_run, [MEASURES["expected_response"]], amex.params())["expected_response"]
    within = chart_data(cumulative_from(dist, "none"), "answer", "Within", within_references(amex))
    marked = within.dropna(subset=["Published (%)"])
    assert marked[["Channel", "Within", "Published (%)"]].values.tolist() == [
        ["Social media", "Within 30 min", 32],
        ["Social media", "Within 1 hour", 42],
    ], "only on the social media line"


def test_more_published_figures_have_a_chart_to_sit_on():
    assert references(Slice("amex_2014"), "no_response", by="network").set_index("x")["value"].to_dict() == {
        "twitter": 56
    }
    assert references(Slice("accent_2014"), "no_response", by="network").set_index("x")["value"].to_dict() == {
        "twitter": 70
    }
    northridge = Slice("northridge_2015")
    assert references(northridge, "resolved_week_or_longer").set_index("x")["value"].to_dict() == {"social": 39}
    assert references(northridge, "could_not_reach_rep_elsewhere").set_index("x")["value"].to_dict() == {"social": 26}
    marks = account_references("auros_2011").set_index("x")["value"].to_dict()
    assert marks == {"has_twitter": 80, "has_facebook": 72, "followed_back": 0}


def test_brand_accounts_chart(bundled_run):
    brands = pd.read_csv(DATA_DIR / "auros_2011" / "brands.csv")
    table = account_table(bundled_run, "auros_2011")
    for column in ("has_twitter", "has_facebook", "followed_back"):
        answered = brands[column].dropna().astype(str).str.lower().eq("true")
        check(table, {"measure": column}, len(answered), answered.mean() * 100)


def test_questions_a_survey_did_not_ask_give_empty_tables_a_chart_can_take(bundled_run):
    slc = Slice("northridge_2015", split="gender")
    asked = measure_tables(bundled_run, slc, [(MEASURES["favorite_networks"], "gender")])[0]
    keys = ("prefers_live_assistance", "used_more_than_one_channel")
    never = distributions(bundled_run, [MEASURES["favorite_networks"], *(MEASURES[k] for k in keys)], slc.params())
    favourites = table_from(never["favorite_networks"].head(0), MEASURES["favorite_networks"], "gender")
    assert favourites.empty and list(favourites.columns) == list(asked.columns)
    flags = flags_from([table_from(never[k].head(0), MEASURES[k], "gender") for k in keys], keys)
    assert flags.empty and "answer" in flags.columns
    for table in (favourites, flags):
        marks = pd.DataFrame({"segment": ["All"], "x": ["facebook"], "value": [50.0]})
        assert not share_chart(table, x="answer", title="Asked nobody", x_title="", reference=marks).data


def test_the_audit_says_which_message_types_were_not_sent_on_a_network(bundled_run):
    probes = pd.read_csv(DATA_DIR / "auros_2011" / "probes.csv")
    sent = set(probes.loc[probes["network"] == "facebook", "probe_type"])
    assert sent == {"positive", "negative"}  # the audit sent Facebook no question and no indirect mention
    assert unsent(probe_table(bundled_run, "auros_2011")) == "No question or indirect mention was sent on Facebook."
    everything = pd.DataFrame({"segment": ["twitter"] * 4, "answer": list(contract.PROBE_TYPES)})
    assert unsent(everything) == ""
    one = pd.DataFrame({"segment": ["facebook", "twitter"], "answer": ["question", "negative"]})
    assert unsent(one) == (
        "No negative comment, positive comment or indirect mention was sent on Facebook; "
        "no question, positive comment or indirect mention was sent on Twitter."
    )


def test_a_base_of_one_reads_in_the_singular():
    one = pd.Series([1, 1])
    assert base_range(one, "resolved contacts") == "1 resolved contact"
    assert base_range(one, "respondents who used social media") == "1 respondent who used social media"
    assert base_range(one, "people") == "1 person"
    assert base_range(pd.Series([1, 12]), "contacts") == "1 to 12 contacts"
    assert base_range(pd.Series([1_000]), "contacts") == "1,000 contacts"


def test_p_values_read_as_researchers_write_them_on_screen_and_stay_numbers_in_exports():
    assert [p_text(p) for p in (0.33, 0.6, 0.041, 0.05, 0.0012, 0.00099, 4e-12, 0.999, np.nan)] == [
        "0.33", "0.60", "0.041", "0.050", "0.0012", "<0.001", "<0.001", "1.0", "–"
    ]  # fmt: skip
    near = [0.0496, 0.04996, 0.0504, 0.0451]  # marked significant or not by p < 0.05: the text never says otherwise
    assert [p_text(p) for p in near] == ["0.0496", "0.04996", "0.050", "0.045"]
    assert p_rounded(pd.Series(near)) == [0.0496, 0.04996, 0.05, 0.045]
    data = pd.DataFrame({"Segment": ["Everyone in the slice", "Female"], "p-value vs rest": [np.nan, 4e-12]})
    assert list(on_screen(data)["p-value vs rest"]) == ["–", "<0.001"]
    assert data["p-value vs rest"].iloc[1] == 4e-12  # the exported data is left as it was
    assert on_screen(data.drop(columns="p-value vs rest")).equals(data.drop(columns="p-value vs rest"))
    gap = pd.DataFrame({"Channel": ["Phone"], "p-value of the difference": [0.6]})  # the expected-versus-actual test
    assert list(on_screen(gap)["p-value of the difference"]) == ["0.60"]


def formats(data: pd.DataFrame) -> dict[str, str]:
    """How show_table formats the columns of this table."""
    return screen_formats(data, on_screen(data))


def test_missing_numbers_show_as_a_dash_and_numbers_read_alike():
    data = pd.DataFrame({"Share (%)": [38.8, 12.0], "Published (%)": [39.0, np.nan], "Base (n)": [1000, 20]})
    shown = on_screen(data)
    assert list(shown["Published (%)"]) == ["39.0", "–"]  # not 'None', as a table shows a missing number
    assert shown[["Share (%)", "Base (n)"]].equals(data[["Share (%)", "Base (n)"]])  # complete columns stay numbers
    assert data["Published (%)"].isna().iloc[1]  # the exported data is left as it was
    assert formats(data) == {"Share (%)": "%,.1f", "Published (%)": "text", "Base (n)": "localized"}
    with_p = data.assign(**{"p-value vs rest": [0.5, 0.01], "Effective base": [918.9, 20.0], "Flag": [True, False]})
    assert formats(with_p) == {**formats(data), "p-value vs rest": "text", "Effective base": "%,.1f"}  # 113.0, 98.1
    assert formats(data.dropna())["Published (%)"] == "%,.1f"
    assert formats(pd.DataFrame({DEFF_COLUMN: [1.0, 1.23]})) == {DEFF_COLUMN: "%,.2f"}


def test_a_column_with_a_missing_number_keeps_its_decimals_as_text():
    """A suppressed row turns a column to text: its other cells read as the complete column would (57.0 beside
    56.8, not 57), with thousands separators, whatever kind of number the column holds."""
    data = pd.DataFrame(
        {
            "Share (%)": [56.8, 57.0, np.nan],
            "Effective base": [1940.7, 791.0, np.nan],
            DEFF_COLUMN: [1.0, 1.4234, np.nan],
            "Actual (mean minutes)": [742.0, 5.25, np.nan],
            "Base (n)": [2107, 838, 9],
            "Answered": [1250.0, 3.0, np.nan],
        }
    )
    shown = on_screen(data)
    assert list(shown["Share (%)"]) == ["56.8", "57.0", "–"]
    assert list(shown["Effective base"]) == ["1,940.7", "791.0", "–"]
    assert list(shown[DEFF_COLUMN]) == ["1.00", "1.42", "–"]
    assert list(shown["Actual (mean minutes)"]) == ["742.0", "5.2", "–"]
    assert list(shown["Answered"]) == ["1,250", "3", "–"]  # a count with a gap stays whole
    assert shown["Base (n)"].equals(data["Base (n)"])


def test_a_slice_says_its_filters_in_words():
    assert Slice("d").heading() == "everyone"
    assert Slice("d", genders=("female",), age_groups=("18-29", "30-44"), split="channel").heading() == (
        "Female; 18-29, 30-44, by channel used"
    )
    assert Slice("d", networks=("twitter",)).describe() == "contacted on Twitter"
    assert Slice("d", channels=("social", "phone"), networks=("twitter", "facebook")).describe() == (
        "contacted on Social media or Phone; on Twitter or Facebook"
    )
