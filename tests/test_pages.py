"""Every page and every slicer through Streamlit's AppTest, with the URL following along."""

from __future__ import annotations

import json
import os
import re

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from caregap.labels import label
from caregap.paths import DATA_DIR, ROOT
from caregap.readout import DEFF_COLUMN
from caregap.ui.plain import plain
from tests.reference import contact_answers, read_survey, slice_contacts

SURVEY_PAGES = {
    "pages/channel_preference.py": "Channel preference",
    "pages/response_time.py": "Expected response time",
    "pages/response_resolution.py": "Response and resolution",
    "pages/social_networks.py": "Social networks",
    "pages/compare.py": "Compare",
}
ALL_PAGES = {**SURVEY_PAGES, "pages/brand_audit.py": "Brand audit", "pages/overview.py": None}
SLICERS = {
    "age": ["18-29", "60+"],
    "gender": ["female"],
    "channel": ["social"],
    "network": ["twitter"],
    "region": ["south"],
}


def open_page(page: str, **query) -> AppTest:
    """Open a link to a page with these query parameters.

    AppTest can only find a page by its url_path after a first run, so the link opens on the Overview
    and switches to the page (a browser opens the page directly; the browser tests do that).
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    at.run()
    at.opening_warnings = [w.value for w in at.warning]
    return at.switch_page(page).run()


class Shown:
    """The numbers under a page's first 'Show data', comparable (NaN equals NaN)."""

    def __init__(self, at: AppTest):
        self.frame = at.dataframe[0].value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Shown) and self.frame.equals(other.frame)

    def __repr__(self) -> str:
        return self.frame.to_string()


def chart_title(at: AppTest, index: int = 0) -> str:
    """The title of the page's index-th chart as it reads (wrapped onto lines on screen: chart_frame.for_screen)."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)["layout"]["title"]["text"].replace("<br>", " ")


def shown_data(at: AppTest) -> Shown:
    return Shown(at)


def read(value: str) -> str:
    """Text as it reads on screen: without the backslashes that keep its markdown characters literal."""
    return re.sub(r"\\(.)", r"\1", value)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("page", SURVEY_PAGES)
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"split": "gender"},
        {"dataset": "accent_2014"},  # unfiltered: every published figure of the study is drawn
        {"dataset": "amex_2014", "split": "age_group"},
        {"dataset": "amex_2014", "gender": "female", "age": ["18-29", "30-44"], "split": "age_group"},
        {"dataset": "accent_2014", "channel": "social", "network": "facebook", "split": "channel"},
        {"age": "60+", "channel": "sms"},  # people with no social media contacts at all
    ],
)
def test_survey_pages_show_charts_for_a_slice(page, query):
    at = open_page(page, **query)
    assert_clean(at)
    assert at.title[0].value == SURVEY_PAGES[page]
    assert len(at.get("plotly_chart")) >= 1
    assert at.dataframe, "every chart has its data under 'Show data'"
    assert any("Synthetic data calibrated" in c.value for c in at.caption)
    assert {k: v for k, v in at.query_params.items()} == {k: v for k, v in query.items()}


@pytest.mark.parametrize("page", SURVEY_PAGES)
def test_survey_pages_explain_a_brand_audit(page):
    at = open_page(page, dataset="auros_2011")
    assert_clean(at)
    assert "shows a consumer survey" in at.info[0].value
    assert not at.get("plotly_chart")


def test_brand_audit_page():
    at = open_page("pages/brand_audit.py", dataset="auros_2011")
    assert_clean(at)
    assert len(at.get("plotly_chart")) == 3
    brands = at.dataframe[-1].value
    assert len(brands) == 25 and {"brand", "has_twitter", "followed_back"} <= set(brands.columns)
    assert all(s.disabled for s in at.multiselect), "filters do not apply to an audit"
    bases = [read(c.value) for c in at.caption if c.value.startswith("Base")]
    per_bar = pd.read_csv(DATA_DIR / "auros_2011" / "probes.csv").groupby(["network", "probe_type"]).size()
    expected = f"Base: {per_bar.min()} to {per_bar.max()} test messages per bar. Share with 95% confidence interval"
    assert bases[0].startswith(expected)
    assert not any("eighted" in text for text in bases), "an audit counts every brand and message once"
    assert any(c.value.endswith("No question or indirect mention was sent on Facebook.") for c in at.caption)


def test_filters_survive_a_visit_to_the_brand_audit():
    at = open_page("pages/channel_preference.py", region="south", gender="female")
    before = shown_data(at)
    at.selectbox(key="dataset").set_value("auros_2011").run()
    assert at.multiselect(key="region").value == ["south"] and at.multiselect(key="region").disabled
    at.selectbox(key="dataset").set_value("northridge_2015").run()
    assert_clean(at)
    assert at.multiselect(key="region").value == ["south"] and at.multiselect(key="gender").value == ["female"]
    assert at.query_params["region"] == "south" and shown_data(at) == before


@pytest.mark.parametrize("key", SLICERS)
def test_each_slicer_changes_the_numbers_and_the_url(key):
    at = open_page("pages/channel_preference.py")
    before = shown_data(at)
    at.multiselect(key=key).set_value(SLICERS[key]).run()
    assert_clean(at)
    assert at.query_params[key] == (SLICERS[key] if len(SLICERS[key]) > 1 else SLICERS[key][0])
    assert shown_data(at) != before
    at.multiselect(key=key).set_value([]).run()
    assert key not in at.query_params and shown_data(at) == before


def test_clear_filters_empties_every_filter_and_keeps_the_rest_of_the_view():
    query = {"dataset": "amex_2014", "split": "gender", "age": ["18-29", "30-44"], "channel": "social"}
    everyone = shown_data(open_page("pages/response_resolution.py", dataset="amex_2014", split="gender"))
    at = open_page("pages/response_resolution.py", **query, region="south", network="twitter", gender="female")
    assert shown_data(at) != everyone and not at.button(key="clear_filters").disabled
    at.button(key="clear_filters").click().run()
    assert_clean(at)
    assert all(at.multiselect(key=key).value == [] for key in SLICERS)
    assert {k: v for k, v in at.query_params.items()} == {"dataset": "amex_2014", "split": "gender"}
    assert at.selectbox(key="split").value == "gender" and shown_data(at) == everyone
    assert at.button(key="clear_filters").disabled, "nothing left to clear"


@pytest.mark.parametrize("query", [{}, {"dataset": "auros_2011", "gender": "female"}])
def test_clear_filters_is_off_when_no_filter_applies(query):
    at = open_page("pages/channel_preference.py", **query)
    assert_clean(at)
    assert at.button(key="clear_filters").disabled


def test_regions_read_as_names():
    at = open_page("pages/channel_preference.py")
    regions = set(pd.read_csv(DATA_DIR / "northridge_2015" / "respondents.csv")["region"])
    assert sorted(at.multiselect(key="region").options) == sorted(r.capitalize() for r in regions)


def test_split_and_dataset_slicers():
    at = open_page("pages/response_resolution.py")
    before = shown_data(at)
    at.selectbox(key="split").set_value("gender").run()
    assert at.query_params["split"] == "gender"
    assert set(shown_data(at).frame["Gender"]) >= {"Female", "Male"}
    assert chart_title(at) == "Got a response by channel (everyone, by gender)"
    at.selectbox(key="dataset").set_value("accent_2014").run()
    assert_clean(at)
    assert at.query_params["dataset"] == "accent_2014" and shown_data(at) != before


def marked_rows(at: AppTest) -> int:
    """How many rows of the first chart's data are marked significantly higher or lower."""
    return int(shown_data(at).frame["Note"].str.contains("significantly").sum())


def test_significance_tests_corrected_for_many_comparisons_live_in_the_url():
    at = open_page("pages/channel_preference.py", dataset="amex_2014", split="age_group")
    each = marked_rows(at)
    assert at.selectbox(key="tests").value == "each" and "tests" not in at.query_params
    at.selectbox(key="tests").set_value("fdr").run()
    assert_clean(at)
    assert at.query_params["tests"] == "fdr"
    assert 0 < marked_rows(at) < each  # five age groups by five channels: chance marks corrected away
    assert "p-value vs rest, adjusted (FDR)" in shown_data(at).frame.columns
    assert any("(95%, false discovery rate over the chart's tests)" in read(c.value) for c in at.caption)
    assert shown_data(open_page("pages/channel_preference.py", **dict(at.query_params))) == shown_data(at)
    at.selectbox(key="tests").set_value("each").run()
    assert "tests" not in at.query_params and marked_rows(at) == each


def test_compare_says_how_its_marks_were_read():
    at = open_page("pages/compare.py", measure="resolved", by="gender", tests="fdr")
    assert_clean(at)
    assert any("corrected for multiple comparisons: the false discovery rate" in c.value for c in at.caption)
    assert not any("one may be marked by chance" in c.value for c in at.caption)


def test_a_bad_way_to_read_tests_in_a_link_falls_back_with_a_notice():
    at = open_page("pages/channel_preference.py", tests="bonferroni")
    assert_clean(at)
    notices = " ".join(at.opening_warnings + [w.value for w in at.warning])
    assert "“bonferroni” is not a valid way to read significance tests" in notices
    assert at.selectbox(key="tests").value == "each" and "tests" not in at.query_params


@pytest.mark.parametrize(
    ("page", "key", "value"),
    [
        ("pages/channel_preference.py", "question", "urgent_channel"),
        ("pages/response_resolution.py", "rate", "resolved"),
        ("pages/compare.py", "measure", "preferred_channel=social"),
        ("pages/compare.py", "by", "age_group"),
        ("pages/compare.py", "by", "region"),
        ("pages/compare.py", "by", "dataset"),
    ],
)
def test_page_choices_live_in_the_url(page, key, value):
    at = open_page(page)
    before = shown_data(at)
    widget = at.segmented_control(key=key) if key in ("question", "rate") else at.selectbox(key=key)
    widget.set_value(value).run()
    assert_clean(at)
    assert at.query_params[key] == value and shown_data(at) != before
    reopened = open_page(page, **{key: value})
    assert shown_data(reopened) == shown_data(at)


def test_a_copied_link_reopens_the_same_view():
    at = open_page("pages/compare.py")
    at.selectbox(key="dataset").set_value("amex_2014").run()
    at.multiselect(key="gender").set_value(["female", "male"]).run()
    at.selectbox(key="by").set_value("age_group").run()
    link = dict(at.query_params)
    assert shown_data(open_page("pages/compare.py", **link)) == shown_data(at)


def test_bad_values_in_a_link_fall_back_with_a_notice():
    at = open_page("pages/channel_preference.py", dataset="nope", age=["teen", "60+"], split="shoe", question="x")
    assert_clean(at)
    notices = " ".join(at.opening_warnings + [w.value for w in at.warning])
    for bad in ("nope", "teen", "shoe", "x"):
        assert f"“{bad}”" in notices
    assert at.selectbox(key="dataset").value == "northridge_2015"
    assert at.multiselect(key="age").value == ["60+"]
    assert at.selectbox(key="split").value == "none"
    assert at.segmented_control(key="question").value == "preferred_channel"


@pytest.mark.parametrize("page", ["pages/response_resolution.py", "pages/response_time.py"])
def test_charts_by_channel_are_not_split_by_channel_used(page):
    split = open_page(page, split="channel", gender="female")
    assert_clean(split)
    assert [i.value for i in split.info] == [
        "These charts are already by channel, so the split by channel used does not apply to them."
    ]
    assert shown_data(split) == shown_data(open_page(page, gender="female"))
    assert split.selectbox(key="split").value == "channel", "the sidebar keeps the split for the other pages"


def test_a_page_choice_in_a_link_is_named_as_people_read_it():
    at = open_page("pages/response_resolution.py", rate="xyz")
    assert_clean(at)
    assert "“xyz” is not a valid measure, so the link's measure was ignored." in [w.value for w in at.warning]
    assert at.segmented_control(key="rate").value == "got_response"


def test_an_unknown_parameter_in_a_link_is_named_and_ignored():
    at = open_page("pages/channel_preference.py", age_group="60+", colour="red", embed="true", gender="female")
    assert_clean(at)
    assert at.opening_warnings == [
        "The link's “age\\_group” is not a setting of Care Gap, so it was ignored (for the age group, the link says"
        " “age=”).",
        "The link's “colour” is not a setting of Care Gap, so it was ignored.",
    ]
    assert at.multiselect(key="age").value == [] and at.multiselect(key="gender").value == ["female"]
    assert at.query_params == {"gender": "female", "embed": "true"}, "a copied link holds only what is read"
    at.run()
    assert not [w for w in at.warning if "not a setting" in w.value], "said once, when the link is opened"


def test_markup_in_a_link_is_shown_as_text_in_its_notice():
    at = open_page("pages/overview.py", gender="[Log in](http://evil.example)", **{"**x**": "1"})
    assert_clean(at)
    assert at.opening_warnings == [
        "The link's “\\*\\*x\\*\\*” is not a setting of Care Gap, so it was ignored.",
        "“\\[Log in\\]\\(http\\:\u2060//evil\\.example\\)” is not a valid gender, so it was left out.",
    ]


def test_a_slice_whose_every_base_is_under_10_says_so_instead_of_an_empty_chart():
    at = open_page("pages/response_resolution.py", age="60+", network="instagram")
    assert_clean(at)
    said = [i.value for i in at.info if "every base in this slice is under 10" in i.value]
    assert said and said[0].startswith("Got a response by channel")
    assert not at.get("plotly_chart")


def test_a_split_whose_every_segment_is_under_10_says_so_with_its_bases():
    """SMS contacts of 18-29s in the Amex survey: enough for the whole slice, under 10 for each gender."""
    at = open_page("pages/response_resolution.py", dataset="amex_2014", age="18-29", channel="sms", split="gender")
    assert_clean(at)
    _, cont = read_survey(DATA_DIR / "amex_2014")
    mine = slice_contacts(cont, age_groups=["18-29"], channels=["sms"])
    answered = mine[contact_answers(mine, "response_time")[0].notna()]
    per_gender = answered.groupby("gender").size()
    assert per_gender.max() < 10 <= len(answered), "the fixture: every gender under 10, the slice not"
    said = f"every segment's base is under 10 answered contacts ({per_gender.min()} to {per_gender.max()}), so no "
    notices = [read(i.value) for i in at.info if read(i.value).startswith("Time to a response by channel")]
    assert notices == [
        f"Time to a response by channel (18-29; contacted on SMS, by gender): {said}share is shown. "
        "Split by nothing to see the whole slice."
    ]
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert not [t for t in titles if t.startswith("Time to a response")], "no empty chart beside the notice"


def test_notes_of_a_chart_not_drawn_are_left_out_too():
    tiny = {"age": "60+", "gender": "nonbinary", "region": "midwest"}  # three respondents
    social = open_page("pages/social_networks.py", **tiny)
    times = open_page("pages/response_time.py", **tiny)
    assert_clean(social) and assert_clean(times)
    assert not social.get("plotly_chart") and not times.get("plotly_chart")
    notes = [read(c.value) for c in [*social.caption, *times.caption]]
    assert not [n for n in notes if "add up to more than 100%" in n or "stop short of 100%" in n]
    assert any(read(i.value).startswith("In this slice under 10 contacts per channel (") for i in times.info)


def test_expected_within_offers_the_channels_the_slice_has():
    at = open_page("pages/response_time.py", dataset="amex_2014", channel="sms", split="gender")
    assert_clean(at)
    assert at.selectbox(key="within").options == ["SMS"] and at.selectbox(key="within").value == "sms"
    assert not [i.value for i in at.info if "nothing to show" in i.value]


@pytest.mark.parametrize("page", SURVEY_PAGES)
def test_a_filter_that_leaves_nobody_says_so(page):
    at = open_page(page, gender="undisclosed", age="18-29", channel="sms", network="instagram")
    assert_clean(at)
    assert any("No respondents match these filters" in w.value for w in at.warning)
    assert not at.get("plotly_chart")


def test_compare_contacts_by_their_own_channel():
    at = open_page("pages/compare.py", measure="resolved", by="channel")
    assert_clean(at)
    assert not [box for box in at.selectbox if box.key == "on"], "every channel is on the chart: no channel to pick"
    shown = shown_data(at).frame
    assert list(shown["Channel"])[:3] == ["Everyone in the slice", "Phone", "Email"]
    p_values = list(shown["p-value vs rest"])  # as written on screen: '0.33', '<0.001'; '–' for no test
    assert p_values[0] == "–" and "–" not in p_values[1:]  # each channel against the other channels' contacts
    assert any(f"Base: {shown['Base (n)'].min():,} to 2,100 contacts" in read(c.value) for c in at.caption)
    assert any("someone who used two channels counts twice" in c.value for c in at.caption)
    assert any(
        "often of the same people: the tests, and the interval of all channels together, allow" in c.value
        for c in at.caption
    )
    assert DEFF_COLUMN in shown.columns  # all channels together: one person's contacts allowed for


@pytest.mark.parametrize(
    ("query", "pooled"),
    [
        ({"measure": "resolved", "by": "gender"}, "allow for one person's contacts being alike"),  # all channels
        ({"measure": "resolved", "by": "age_group", "channel": ["phone", "chat"]}, "allow for one person's contacts"),
        ({"measure": "resolved", "by": "age_group", "network": ["twitter"]}, "social contacts only, one per person"),
        ({"measure": "resolved", "by": "gender", "on": "phone"}, ""),  # one contact per person
        ({"measure": "preferred_channel=social", "by": "gender"}, ""),  # people, not contacts
    ],
)
def test_compare_says_how_contacts_of_one_person_are_pooled(query, pooled):
    at = open_page("pages/compare.py", **query)
    assert_clean(at)
    clustered = pooled.startswith("allow")
    assert any("counts twice" in c.value for c in at.caption) == clustered
    assert not pooled or any(pooled in c.value for c in at.caption)
    assert all((DEFF_COLUMN in frame.value.columns) == clustered for frame in at.dataframe)
    assert all(("People (n)" in frame.value.columns) == clustered for frame in at.dataframe)


def test_compare_counts_the_people_behind_contacts_pooled_over_channels():
    at = open_page("pages/compare.py", measure="resolved", by="gender", age=["18-29", "30-44"])
    assert_clean(at)
    _, cont = read_survey(DATA_DIR / "northridge_2015")
    answered = cont[cont["age_group"].isin(["18-29", "30-44"]) & cont["resolved"].notna()]
    people = answered.groupby("gender")["respondent_id"].nunique().rename(label)
    shown = shown_data(at).frame.set_index("Gender")
    assert shown["People (n)"].to_dict() == {"Everyone in the slice": answered["respondent_id"].nunique(), **people}
    assert shown["Base (n)"].sum() > shown["People (n)"].sum()  # contacts: a person once per channel used
    few = [g for g, n in people.items() if n < 10]
    assert few and all(shown.loc[g, "Note"] == "base under 10 people: not shown" for g in few)
    base = f"({people.min():,} to {answered['respondent_id'].nunique():,} people)"
    assert any(base in read(c.value) and "bases under 10 people not shown" in read(c.value) for c in at.caption)


def test_compare_by_region_names_the_regions():
    at = open_page("pages/compare.py", dataset="accent_2014", measure="prefers_live_assistance", by="region")
    assert_clean(at)
    shown = shown_data(at).frame
    assert list(shown["Region"]) == ["Everyone in the slice", "Midwest", "Northeast", "South", "West"]
    assert chart_title(at) == "Prefers live assistance by region (everyone)"


@pytest.fixture()
def with_regions(survey_copy, monkeypatch):
    """The app with one more survey (the tiny one) whose regions a test sets (the server's database built anew)."""

    def regions(renamed: dict[str, str] | None) -> None:
        """Rename the survey's regions (None: nobody gave one), then let the app load it."""
        people = pd.read_csv(survey_copy / "respondents.csv", dtype=str, keep_default_na=False)
        people["region"] = "" if renamed is None else people["region"].replace(renamed)
        people.to_csv(survey_copy / "respondents.csv", index=False)
        monkeypatch.setenv("CAREGAP_EXTRA_DATASETS", str(survey_copy))
        st.cache_resource.clear()

    yield regions
    st.cache_resource.clear()


def test_compare_by_region_only_where_the_survey_has_regions(with_regions):
    with_regions(None)
    at = open_page("pages/compare.py", dataset="tiny_survey", by="region")
    assert_clean(at)
    assert "“region” is not a valid" in " ".join(w.value for w in at.warning)
    assert at.selectbox(key="by").options == ["Age group", "Gender", "Channel used", "Dataset"]
    assert at.selectbox(key="by").value == "gender" and "by" not in at.query_params


@pytest.mark.parametrize("page", ["pages/compare.py", "pages/response_time.py"])
def test_markup_in_a_region_is_shown_as_text_in_notices(with_regions, page):
    region = "[North](https://example.com) **now**"
    with_regions({"midwest": region})
    if page == "pages/compare.py":  # nobody there used SMS
        at, said = open_page(page, dataset="tiny_survey", region=region, channel="sms"), "No respondents match"
    else:  # their one Instagram contact expects no answer
        at, said = open_page(page, dataset="tiny_survey", region=region, network="instagram"), "No contact in"
    assert_clean(at)
    notices = [n.value for n in (*at.warning, *at.info) if n.value.startswith(said)]
    assert len(notices) == 1 and plain(region) in notices[0], "the filters' markdown escaped, not rendered"


def test_compare_shows_its_table_once():
    at = open_page("pages/compare.py", measure="resolved", by="gender")
    assert_clean(at)
    assert any("with many segments one may be marked by chance" in c.value for c in at.caption)
    assert len(at.dataframe) == 1 and not [e for e in at.expander if e.label == "Show data"]


def test_compare_names_the_channel_its_contacts_are_on():
    at = open_page("pages/compare.py", dataset="amex_2014", measure="got_response", by="age_group", on="chat")
    assert_clean(at)
    assert chart_title(at) == "Got a response, Chat contacts by age group (everyone)"


def test_response_time_gap_shows_each_mean_with_its_interval():
    at = open_page("pages/response_time.py", dataset="northridge_2015")
    assert_clean(at)
    gap = at.dataframe[-1].value.set_index("Channel")
    for name in ("Expected", "Actual"):
        mean = gap[f"{name} (mean minutes)"]
        assert (gap[f"{name} 95% CI low (min)"] < mean).all() and (mean < gap[f"{name} 95% CI high (min)"]).all()
    assert list(gap.columns[-2:]) == ["Base (n)", "Note"] and len(gap) == 6
    difference = gap["Actual minus expected (mean minutes)"]
    assert (gap["Difference 95% CI low (min)"] < difference).all() and (
        difference < gap["Difference 95% CI high (min)"]
    ).all()
    marked = gap["Note"].str.contains("significantly")
    assert (
        marked.any()
        and gap.loc[marked, "p-value of the difference"].map(lambda p: p == "<0.001" or float(p) < 0.05).all()
    )
    assert any(
        "response time. Mean with 95% confidence interval; ▲▼ actual significantly" in read(c.value) for c in at.caption
    )


def test_brand_audit_minutes_read_as_people_read_them():
    at = open_page("pages/brand_audit.py", dataset="auros_2011")
    assert_clean(at)
    minutes = at.dataframe[2].value
    assert list(minutes.columns) == ["Brand", "Network", "Message type", "Minutes to respond"]
    probes = pd.read_csv(DATA_DIR / "auros_2011" / "probes.csv")
    answered = probes[probes["responded"].eq(True)]
    assert sorted(minutes["Minutes to respond"]) == sorted(answered["response_minutes"])
    assert set(minutes["Network"]) == {"Facebook", "Twitter"} and "Negative comment" in set(minutes["Message type"])


def test_each_network_chart_follows_its_measure_and_the_url():
    at = open_page("pages/social_networks.py", dataset="amex_2014")
    before = at.dataframe[-1].value
    at.segmented_control(key="on_network").set_value("no_response").run()
    assert_clean(at)
    after = at.dataframe[-1].value
    assert at.query_params["on_network"] == "no_response" and not after.equals(before)
    assert after.set_index("Network").loc["Twitter", "Published (%)"] == "56.0"  # AX07: tweets ignored
    assert (
        open_page("pages/social_networks.py", dataset="amex_2014", on_network="no_response")
        .dataframe[-1]
        .value.equals(after)
    )


def test_social_sections_are_headed_by_what_they_hold_and_their_charts_titled_by_what_they_draw():
    at = open_page("pages/social_networks.py", dataset="accent_2014")
    assert_clean(at)
    headings = [s.value for s in at.subheader]
    assert headings[:3] == ["Facebook for deals", "Posting on Twitter", "How often social media contacts get an answer"]
    titles = [chart_title(at, i) for i in range(len(at.get("plotly_chart")))]
    assert titles[1:3] == [
        "Uses Facebook for deals, by age group (everyone)",
        "Posts experiences with brands on Twitter, by gender (everyone)",
    ]
    assert not {h.casefold() for h in headings} & {t.split(" (")[0].casefold() for t in titles}  # no title repeated


def test_compare_marks_the_published_figure_on_its_bar():
    at = open_page("pages/compare.py", measure="resolved", by="channel")
    assert_clean(at)
    published = at.dataframe[0].value.set_index("Channel")["Published (%)"]
    assert published[published != "–"].to_dict() == {"Social media": "13.0"}  # NG12: 13% of social issues resolved
    assert "Published figure" in at.get("plotly_chart")[0].proto.spec


def test_chart_data_holds_the_published_figures_beside_their_bars():
    at = open_page("pages/social_networks.py", dataset="accent_2014")
    assert_clean(at)
    deals = at.dataframe[1].value.set_index("Age group")["Published (%)"]  # 59% of 18-29s, 80% of 60+
    assert deals.to_dict() == {"18-29": "59.0", "30-44": "–", "45-59": "–", "60+": "80.0"}  # dash: none published


TITLES = {
    "northridge_2015": "State of Customer Service Experience 2015 (synthetic)",
    "accent_2014": "Accent Marketing Services social customer service survey 2014 (synthetic)",
    "amex_2014": "American Express customer service survey 2014 (synthetic)",
}


@pytest.mark.parametrize(
    ("query", "answered"),
    [
        ({"measure": "prefers_live_assistance", "gender": "female"}, "prefers_live_assistance"),
        ({"measure": "resolved", "on": "social", "age": ["18-29", "30-44"]}, "resolved"),
    ],
)
def test_compare_by_dataset_shows_the_same_slice_of_each_survey(query, answered):
    at = open_page("pages/compare.py", by="dataset", **query)
    assert_clean(at)
    assert at.multiselect(key="against").value == ["accent_2014", "amex_2014"], "at first, every survey that asked"
    shown = shown_data(at).frame.set_index("Dataset")
    assert list(shown.index) == [TITLES["northridge_2015"] + " (baseline)", TITLES["accent_2014"], TITLES["amex_2014"]]
    for dataset, title in TITLES.items():
        title += " (baseline)" if dataset == "northridge_2015" else ""
        resp, cont = read_survey(DATA_DIR / dataset)
        rows = resp if answered != "resolved" else cont[cont["channel"] == query["on"]]
        rows = rows[rows[answered].notna()]
        rows = rows[rows["gender"] == query["gender"]] if "gender" in query else rows
        rows = rows[rows["age_group"].isin(query["age"])] if "age" in query else rows
        w = rows["weight"]
        assert shown.loc[title, "Base (n)"] == len(rows)
        share = w[rows[answered].astype(bool)].sum() / w.sum() * 100
        assert float(shown.loc[title, "Share (%)"]) == pytest.approx(share, abs=0.05)
    assert shown["p-value vs baseline"].iloc[0] == "–" and "–" not in list(shown["p-value vs baseline"].iloc[1:])
    assert shown["Note"].iloc[0] == "baseline: the others are tested against it"
    assert chart_title(at).startswith(at.selectbox(key="measure").format_func(query["measure"]))
    assert any("differs from State of Customer Service" in c.value for c in at.caption)
    assert at.query_params["against"] == ["accent_2014", "amex_2014"], "the link holds them: defaults change"


def test_datasets_to_compare_with_live_in_the_url():
    at = open_page("pages/compare.py", measure="resolved", by="dataset")
    at.multiselect(key="against").set_value(["amex_2014"]).run()
    assert_clean(at)
    assert at.query_params["against"] == "amex_2014" and len(shown_data(at).frame) == 2
    assert shown_data(open_page("pages/compare.py", **dict(at.query_params))) == shown_data(at)
    at.multiselect(key="against").set_value([]).run()
    assert at.query_params["against"] == "none", "an emptied choice is kept in the link, not read as the default"
    alone = open_page("pages/compare.py", **dict(at.query_params))
    assert alone.multiselect(key="against").value == [] and len(shown_data(alone).frame) == 1


def test_a_bad_dataset_to_compare_with_falls_back_with_a_notice():
    at = open_page("pages/compare.py", by="dataset", against=["nope", "amex_2014", "northridge_2015"])
    assert_clean(at)
    assert [w.value for w in at.warning] == [
        "“nope” is not a valid dataset to compare with, so it was left out.",
        "“State of Customer Service Experience 2015 \\(synthetic\\)” is the baseline (the sidebar's dataset), "
        "so it is not also compared with.",
    ]
    assert at.multiselect(key="against").value == ["amex_2014"], "the sidebar's own dataset is the baseline"


@pytest.fixture()
def extra_datasets(monkeypatch):
    """Load these dataset folders besides the bundled ones (the server's database built anew), until the test ends."""

    def load(*folders: object) -> None:
        monkeypatch.setenv("CAREGAP_EXTRA_DATASETS", os.pathsep.join(str(folder) for folder in folders))
        st.cache_resource.clear()

    yield load
    st.cache_resource.clear()


def test_compare_by_dataset_says_which_survey_did_not_ask(survey_copy, extra_datasets):
    people = pd.read_csv(survey_copy / "respondents.csv", dtype=str, keep_default_na=False)
    people.assign(prefers_live_assistance="").to_csv(survey_copy / "respondents.csv", index=False)  # never asked
    extra_datasets(survey_copy)
    at = open_page(
        "pages/compare.py",
        dataset="northridge_2015",
        by="dataset",
        measure="prefers_live_assistance",
        against=["tiny_survey", "amex_2014"],
    )
    assert_clean(at)
    assert list(shown_data(at).frame["Dataset"]) == [TITLES["northridge_2015"] + " (baseline)", TITLES["amex_2014"]]
    assert any(read(c.value).endswith("No bar for Tiny test survey: its survey did not ask this.") for c in at.caption)
    assert at.multiselect(key="against").value == ["tiny_survey", "amex_2014"]


def test_a_survey_of_ones_own_beside_bundled_ones_is_not_called_synthetic(survey_copy, extra_datasets):
    meta = json.loads((survey_copy / "metadata.json").read_text(encoding="utf-8"))
    (survey_copy / "metadata.json").write_text(json.dumps({**meta, "synthetic": False}), encoding="utf-8")
    extra_datasets(survey_copy)
    at = open_page("pages/compare.py", measure="resolved", by="dataset", against=["tiny_survey", "amex_2014"])
    assert_clean(at)
    [notice] = [read(c.value) for c in at.caption if "Synthetic data" in c.value]
    named = f"({TITLES['northridge_2015']}; {TITLES['amex_2014']})"
    assert notice.startswith(f":material/science: Synthetic data {named} calibrated to published figures")
    alone = open_page("pages/compare.py", dataset="tiny_survey", measure="resolved", by="gender")
    assert not [c for c in alone.caption if "Synthetic data" in c.value], "nothing synthetic on the page"


def test_compare_says_the_sidebars_split_does_not_apply_to_it():
    split = open_page("pages/compare.py", split="age_group", by="gender")
    assert_clean(split)
    assert [i.value for i in split.info] == [
        "Compare splits by its own choice (Compare by), so the sidebar's split does not apply here."
    ]
    assert shown_data(split) == shown_data(open_page("pages/compare.py", by="gender"))
    assert not open_page("pages/compare.py", by="gender").info


@pytest.mark.parametrize(
    ("query", "by"),
    [
        ({}, "gender"),
        ({"split": "age_group"}, "age_group"),  # the sidebar's split, so it does apply
        ({"gender": "female"}, "age_group"),  # one gender left: nothing to compare by gender
        ({"gender": "female", "age": "18-29"}, "channel"),
        ({"gender": ["female", "male"]}, "gender"),
        ({"gender": "female", "split": "gender"}, "gender"),  # asked for, however few
        ({"gender": "female", "by": "gender"}, "gender"),  # a link's own choice stands
    ],
)
def test_compare_by_starts_from_the_sidebars_split_or_what_the_filters_leave_open(query, by):
    at = open_page("pages/compare.py", **query)
    assert_clean(at)
    assert at.selectbox(key="by").value == by
    assert not at.info, "nothing said about a split that does apply"
    assert dict(at.query_params).get("by") == query.get("by"), "a default stays out of the link"


def test_choosing_a_compared_dataset_in_the_sidebar_swaps_it_with_the_baseline():
    at = open_page("pages/compare.py", measure="resolved", by="dataset", against="amex_2014")
    at.selectbox(key="dataset").set_value("amex_2014").run()
    assert_clean(at)
    assert at.multiselect(key="against").value == ["northridge_2015"]
    assert list(shown_data(at).frame["Dataset"]) == [TITLES["amex_2014"] + " (baseline)", TITLES["northridge_2015"]]


def test_a_compared_dataset_gone_since_the_last_run_is_left_out_and_said(survey_copy, extra_datasets):
    extra_datasets(survey_copy)
    link = {"dataset": "northridge_2015", "by": "dataset", "against": ["amex_2014", "tiny_survey"]}
    at = open_page("pages/compare.py", **link)
    assert at.multiselect(key="against").value == ["amex_2014", "tiny_survey"]
    extra_datasets()  # deleted in another tab
    at.run()
    assert_clean(at)
    assert "“tiny\\_survey” is no longer offered as a dataset to compare with, so it was left out." in [
        w.value for w in at.warning
    ]
    assert at.multiselect(key="against").value == ["amex_2014"] and at.query_params["against"] == "amex_2014"


def test_own_surveys_come_first_and_two_of_the_same_title_are_told_apart(survey_copy, tmp_path, extra_datasets):
    copies = []
    for dataset in ("wave_1", "wave_2"):
        folder = tmp_path / dataset
        folder.mkdir()
        for name in ("respondents.csv", "contacts.csv"):
            (folder / name).write_bytes((survey_copy / name).read_bytes())
        meta = json.loads((survey_copy / "metadata.json").read_text())
        meta |= {"id": dataset, "title": "Care tracker", "synthetic": False}
        (folder / "metadata.json").write_text(json.dumps(meta))
        copies.append(folder)
    extra_datasets(*copies)
    at = open_page("pages/compare.py", dataset="northridge_2015", measure="resolved", by="dataset")
    assert_clean(at)
    assert at.multiselect(key="against").value == ["wave_1", "wave_2", "accent_2014"]
    labels = at.selectbox(key="dataset").options
    assert "Care tracker (wave_1)" in labels and "Care tracker (wave_2)" in labels
    assert len(set(labels)) == len(labels)
