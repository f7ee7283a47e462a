"""Chart builders on small hand-made share tables: what each figure draws, marks and leaves out."""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pandas as pd
import pytest
from plotly.colors import unlabel_rgb

from caregap.bar_text import PLOT_PX, TEXT_PAD_PX, VALUE_PX, WHISKER_GAP_PX
from caregap.bases import base_note
from caregap.charts import WIDEST_BAR, line_chart, share_chart
from caregap.colours import COLOURS, PLAIN_COLOUR, REGION_COLOUR
from caregap.labels import label
from caregap.measures import ANSWERS as ANSWER_CODES
from caregap.measures import MEASURES, MINUTE_BUCKETS, distributions
from caregap.published_marks import BARGAP
from caregap.readout import alt_text
from caregap.response_gap import PAIRED, gap_data, gap_from, gap_note
from caregap.slicing import Slice
from caregap.stacked_charts import stacked_chart
from caregap.stats import add_share_stats, add_significance
from caregap.time_charts import FRAME_PX, ROW_PX, TEXT_ROOM, gap_chart, minutes_chart, time_text
from caregap.views import option_label


def shares_of(rows: list[tuple], columns: tuple[str, ...] = ("segment", "channel")) -> pd.DataFrame:
    """(segment, channel[, answer], base_n, hits) with weights of 1 -> a share table with statistics."""
    table = pd.DataFrame(rows, columns=[*columns, "base_n", "hit_w"])
    table = table.assign(base_w=table["base_n"].astype(float), base_w2=table["base_n"].astype(float))
    out = add_share_stats(table)
    if set(out["segment"]) == {"All"}:
        return out.assign(p_value=np.nan, significant=False, direction="")
    return add_significance(out, [c for c in columns if c != "segment"])


RATES = shares_of([("All", "phone", 200, 150), ("All", "social", 25, 5), ("All", "sms", 6, 3)])


def test_bars_show_each_share_with_its_interval_in_the_channel_colour():
    fig = share_chart(RATES, x="channel", title="Got a response", x_title="Channel")
    bars, notes, marks = fig.data
    assert list(bars.x) == ["Phone", "Social media", "SMS"]
    assert list(bars.y) == pytest.approx([75.0, 20.0, 0.0])  # the hidden bar sits at zero under its 'n<10'
    assert list(bars.marker.color) == [COLOURS["phone"], COLOURS["social"], COLOURS["sms"]]
    low, high = RATES["ci_low"].iat[0], RATES["ci_high"].iat[0]
    assert bars.error_y.array[0] == pytest.approx(high - 75) and bars.error_y.arrayminus[0] == pytest.approx(75 - low)
    assert list(marks.text) == ["", "*", ""] and list(marks.y) == pytest.approx([*RATES["ci_high"][:2], 0])
    assert list(notes.text) == ["", "", "n<10"] and notes.textangle == -90  # upright: never runs into its neighbour
    assert list(notes.y) == [0, 0, 0] and notes.offsetgroup == bars.offsetgroup and notes.hoverinfo == "skip"
    assert list(bars.texttemplate) == ["%{y:.0f}%", "", ""]  # the hatched bar (base 25) and the hidden one: none
    assert fig.layout.xaxis.ticktext == ("Phone<br>n=200", "Social media<br>n=25", "SMS<br>n=6")  # each bar's base
    assert list(bars.marker.pattern.shape) == ["", "/", ""]
    assert "not shown" in bars.hovertemplate[2] and "95% CI" in bars.hovertemplate[0]


def test_bars_of_contacts_pooled_over_channels_count_their_people():
    contacts = pd.DataFrame(
        [("All", 60, 40, 45), ("female", 40, 30, 29), ("male", 20, 10, 8)],
        columns=["segment", "base_n", "hit_w", "base_people"],
    )
    table = add_share_stats(contacts.assign(base_w=contacts["base_n"] * 1.0, base_w2=contacts["base_n"] * 1.0))
    table = add_significance(table, [])
    assert list(table["suppressed"]) == [False, False, True] and list(table["low_base"]) == [False, True, False]
    female, male, male_note = (
        t for t in share_chart(table, x="segment", title="Resolved", x_title="Gender").data if t.type == "bar"
    )
    assert male_note.hoverinfo == "skip" and male_note.offsetgroup == male.offsetgroup == "male"
    assert list(male_note.text) == ["<10 people"]  # 20 contacts, but of 8 people
    assert [list(bar.customdata[0][[0, 3]]) for bar in (female, male)] == [[40, 29], [20, 8]]
    assert "n = %{customdata[0]:,} contacts of %{customdata[3]:,} people" in female.hovertemplate[0]
    assert "not shown, under 10 people" in male.hovertemplate[0]
    alt = alt_text(table, "segment", "Resolved")
    assert "Male: not shown (under 10 people) (n=20 contacts of 8 people)" in alt
    assert "Female: 75% (n=40 contacts of 29 people)" in alt


def test_a_mark_over_an_interval_that_reaches_100_percent_is_inside_the_chart():
    fig = share_chart(
        shares_of([("All", "phone", 200, 200), ("All", "sms", 12, 12)]), x="channel", title="T", x_title=""
    )
    _bars, marks = fig.data
    assert list(marks.text) == ["", "*"] and max(marks.y) == pytest.approx(100)
    assert fig.layout.yaxis.range[1] > 105  # room for the mark above the top of the interval
    lines = line_chart(
        shares_of([("All", "sms", 12, 12)]).assign(answer="60min"), x="answer", series="channel", title="T", x_title=""
    )
    assert lines.data[0].text == ("*",) and lines.layout.yaxis.range[1] > 105


def test_split_bars_mark_segments_that_differ_from_the_rest():
    table = shares_of([("All", "phone", 400, 200), ("female", "phone", 100, 70), ("male", "phone", 300, 130)])
    fig = share_chart(table, x="channel", title="Resolved", x_title="Channel")
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert [trace.name for trace in bars] == ["Female", "Male"]
    assert [trace.text[0] for trace in fig.data if trace.type == "scatter"] == ["▲", "▼"]
    assert fig.data[0].marker.color[0] == COLOURS["female"]


def _drawn_share(template: str, share: float) -> str:
    """What a bar's text template writes, as Plotly's d3 format does ('%{y:.0f}%')."""
    return template.replace("%{y:.0f}", f"{share:.0f}")


def test_each_bar_says_its_share_at_its_foot_where_its_interval_leaves_room():
    """A share is written inside its bar at the foot, upright when bars stand side by side; a bar whose interval
    reaches down to where the text would sit, a hatched one (base under 30) and a hidden one go without."""
    rows = [("phone", 400, 380), ("email", 400, 60), ("chat", 400, 8), ("sms", 20, 15), ("social", 5, 4)]
    table = shares_of([("All", *row) for row in rows])
    fig = share_chart(table, x="channel", title="T", x_title="")
    bars = fig.data[0]
    top = fig.layout.yaxis.range[1]
    assert (bars.textposition, bars.insidetextanchor, bars.textangle) == ("inside", "start", 0)
    assert fig.layout.uniformtext.mode == "hide" and fig.layout.uniformtext.minsize >= 10
    drawn = [_drawn_share(t, share) for t, share in zip(bars.texttemplate, table["share"].fillna(0), strict=True)]
    assert drawn == ["95%", "15%", "", "", ""]  # chat's 2% (interval from 1%): no room; sms hatched; social hidden
    for low_end, text in zip(table["ci_low"][:2], drawn[:2], strict=True):  # the text ends below the interval's foot
        assert low_end * PLOT_PX / top >= TEXT_PAD_PX + VALUE_PX + WHISKER_GAP_PX, text
    for ink, fill in zip(bars.insidetextfont.color, bars.marker.color, strict=True):
        assert contrast(ink, fill) >= 4.5, fill
    split = share_chart(
        shares_of([("All", "phone", 800, 400), ("female", "phone", 400, 300), ("male", "phone", 400, 100)]),
        x="channel",
        title="T",
        x_title="",
    )
    female, male = (trace for trace in split.data if trace.type == "bar")
    assert female.textangle == male.textangle == -90  # side by side, narrow: upright
    assert [_drawn_share(trace.texttemplate[0], trace.y[0]) for trace in (female, male)] == ["75%", "25%"]


def test_one_or_two_bars_are_no_wider_than_each_of_three():
    def widest(table: pd.DataFrame) -> float:
        """The widest a bar of the chart is, as a share of the plot's width (its category's slot less the gap)."""
        fig = share_chart(table, x="channel", title="T", x_title="")
        slots, bars = table["channel"].nunique(), len(set(table["segment"]) - {"All"}) or 1
        return (1 - fig.layout.bargap) / slots / bars

    channels = ("phone", "email", "chat", "social", "sms", "in_person")
    for count in range(1, 7):
        assert widest(shares_of([("All", c, 100, 50) for c in channels[:count]])) <= WIDEST_BAR + 1e-9, count
    assert widest(shares_of([("All", c, 100, 50) for c in channels])) == pytest.approx(0.75 / 6)  # as before
    split = shares_of([("All", "phone", 200, 100), ("female", "phone", 100, 50), ("male", "phone", 100, 50)])
    assert share_chart(split, x="channel", title="T", x_title="").layout.bargap == BARGAP  # a group: two bars


def test_a_segment_its_marks_and_notes_come_and_go_together_from_the_legend():
    table = shares_of([("All", "phone", 405, 200), ("female", "phone", 400, 196), ("male", "phone", 5, 4)])
    fig = share_chart(table, x="channel", title="T", x_title="")
    groups = [(trace.type, trace.legendgroup, bool(trace.showlegend)) for trace in fig.data]
    assert groups == [
        ("bar", "female", True),
        ("scatter", "female", False),
        ("bar", "male", True),
        ("bar", "male", False),  # the hidden bar's note
        ("scatter", "male", False),
    ]


def test_published_figures_are_drawn_only_where_there_is_a_bar():
    reference = pd.DataFrame({"x": ["phone", "chat"], "segment": ["All", "All"], "value": [70.0, 15.0]})
    fig = share_chart(RATES, x="channel", title="Got a response", x_title="Channel", reference=reference)
    (marker,) = [trace for trace in fig.data if trace.name == "Published figure"]
    assert list(marker.x) == ["Phone"] and list(marker.y) == [70.0]


def test_stacked_bars_group_segments_under_their_channel_and_grow_with_them():
    rows = [
        (segment, channel, answer, base, hits)
        for segment, base in (("All", 300), ("female", 150), ("male", 142), ("nonbinary", 8))
        for channel in ("phone", "email", "chat", "social", "sms", "in_person")
        for answer, hits in (("1", base // 2), ("2", base - base // 2))
    ]
    table = shares_of(rows, ("segment", "channel", "answer"))
    fig = stacked_chart(table, y="channel", stack="answer", title="Contacts needed", y_title="")
    order = list(fig.layout.yaxis.categoryarray)
    assert order[:3] == ["Phone · Female", "Phone · Male", "Phone · Non-binary (n<10)"]
    assert order[3] == "Email · Female" and len(order) == 18
    assert fig.layout.height >= 26 * 18 and fig.layout.yaxis.dtick == 1  # every row keeps its label
    hidden = [i for i, name in enumerate(fig.data[0].y) if name.endswith("(n<10)")]
    assert hidden and all(math.isnan(fig.data[0].x[i]) for i in hidden)  # no bar, no '0%' on hover


def test_lines_carry_the_same_marks_as_bars_and_leave_out_hidden_series():
    table = shares_of([("All", "sms", 25, 10), ("All", "phone", 400, 300), ("All", "chat", 5, 1)])
    fig = line_chart(table.assign(answer="60min"), x="answer", series="channel", title="Within", x_title="Within")
    assert [(trace.name, trace.text[0]) for trace in fig.data] == [("SMS", "*"), ("Phone", "")]  # chat: base 5


def test_times_on_a_line_chart_read_under_its_axis_title():
    times = [("All", "phone", 40, 20, "within_60min"), ("All", "phone", 40, 30, "within_240min")]
    table = pd.DataFrame(times, columns=["segment", "channel", "base_n", "hit_w", "answer"])
    table = add_share_stats(table.assign(base_w=40.0, base_w2=40.0)).assign(significant=False, direction="")
    fig = line_chart(table, x="answer", series="channel", title="T", x_title="Within")
    assert fig.layout.xaxis.ticktext == ("1 hour", "4 hours") and fig.layout.xaxis.title.text == "Within"
    assert fig.layout.xaxis.tickvals == ("Within 1 hour", "Within 4 hours") == tuple(fig.data[0].x)


def test_captions_say_shares_are_weighted_only_when_they_are():
    unweighted = shares_of([("All", "phone", 40, 20)])
    assert base_note(unweighted, "brands").startswith("Base: 40 brands. Share with 95% confidence interval")
    weighted = unweighted.assign(base_w=38.5, base_w2=41.2)
    assert "Weighted share with 95% confidence interval" in base_note(weighted, "contacts")
    assert "weighted shares;" in base_note(weighted, "contacts", stacked=True)


def test_message_types_keep_the_contract_order_whatever_answered_first():
    probes = pd.DataFrame(
        {
            "brand": ["A", "B", "C"],
            "network": ["twitter", "twitter", "facebook"],
            "probe_type": ["positive", "indirect_mention", "question"],
            "response_minutes": [30, 90, 5],
        }
    )
    fig = minutes_chart(probes, title="Minutes to respond")
    order = ["Question", "Negative comment", "Positive comment", "Indirect mention"]
    assert list(fig.layout.xaxis.categoryarray) == order
    assert sum(len(trace.y) for trace in fig.data) == len(probes)  # every message a point, spread apart
    assert all(trace.boxpoints == "all" and trace.jitter > 0 for trace in fig.data)


@pytest.mark.parametrize("minutes", [[78, 104, 300, 2160], [5, 30], [1, 43200], [0, 5, 50000]])
def test_every_audited_time_lies_between_two_labelled_ticks(minutes):
    probes = pd.DataFrame({"brand": "A", "network": "twitter", "probe_type": "question", "response_minutes": minutes})
    fig = minutes_chart(probes, title="T")
    low, high = (10**end for end in fig.layout.yaxis.range)
    drawn = list(fig.data[0].y)
    assert low <= min(drawn) and max(drawn) <= high, "every point inside the axis"
    assert min(drawn) > 0 and [row[1] for row in fig.data[0].customdata] == minutes, "zero drawn, true time on hover"
    ticks = [tick for tick in fig.layout.yaxis.tickvals if low <= tick <= high]
    labelled = [m for m in minutes if 1 <= m <= 43200]  # within the ticks there are (1 minute to 30 days)
    assert min(ticks) <= min(labelled) and max(labelled) <= max(ticks), "a labelled tick below and above each"


def test_captions_say_what_a_stacked_chart_leaves_out():
    split = shares_of([("All", "phone", 400, 200), ("female", "phone", 100, 70), ("male", "phone", 300, 130)])
    assert "95% confidence interval" in base_note(split, "contacts") and "▲▼" in base_note(split, "contacts")
    stacked = base_note(split, "contacts", stacked=True)
    assert "in the chart's data" in stacked and "▲▼" not in stacked


def test_a_split_charts_base_is_its_bars_then_the_whole_slice():
    rows = [
        ("All", "phone", 580, 300),
        ("All", "chat", 500, 200),
        ("female", "phone", 81, 40),
        ("male", "chat", 197, 90),
    ]
    split = shares_of(rows)
    assert base_note(split, "respondents").startswith("Base: 81 to 197 respondents; the whole slice: 500 to 580.")
    compared = base_note(split, "respondents", x="segment")  # Compare draws the whole slice as a bar of its own
    assert compared.startswith("Base: 81 to 580 respondents.") and "whole slice" not in compared
    assert base_note(RATES, "contacts").startswith("Base: 6 to 200 contacts.")


GAP = pd.DataFrame(
    {
        "channel": ["phone", "chat", "social"],
        "expected_minutes": [0.0, 7.8, np.nan],
        "actual_minutes": [8.6, 7.1, np.nan],
        "base_n": [40, 24, 4],
        "expected_low": [0.0, 5.23, np.nan],
        "expected_high": [0.0, 10.37, np.nan],
        "actual_low": [6.94, 0.2, np.nan],
        "actual_high": [10.26, 14.0, np.nan],
        "gap_minutes": [8.6, -0.7, np.nan],
        "gap_low": [6.9, -3.1, np.nan],
        "gap_high": [10.3, 1.7, np.nan],
        "gap_p": [1e-9, 0.55, np.nan],
        "suppressed": [False, False, True],
        "low_base": [False, True, False],
        "gap_direction": ["longer", "", ""],
    }
)


def test_gap_chart_leaves_out_tiny_bases_and_keeps_true_values_on_hover():
    fig = gap_chart(GAP, title="Expected and actual")
    expected = next(trace for trace in fig.data if trace.name == "Expected")
    assert list(expected.y) == ["Phone ▲", "Chat *"]  # phone's actual mean significantly longer than expected
    assert list(expected.x) == [0.5, 7.8]  # a log axis has no zero: drawn at half a minute...
    assert expected.customdata[0][0] == 0.0  # ...and hovers as what it is
    assert gap_data(GAP)["Note"].tolist() == [
        "actual significantly longer than expected",
        "base under 30: read with caution",
        "base under 10: not shown",
    ]
    assert "▲▼ actual significantly longer / shorter than expected" in gap_note(GAP)
    assert gap_note(GAP).startswith("Base: 4 to 40 contacts per channel") and "under 10 not shown" in gap_note(GAP)


@pytest.mark.parametrize(
    ("minutes", "said"),
    [
        (0.0, "<1 min"),
        (0.94, "<1 min"),
        (0.96, "1.0 min"),
        (4.94, "4.9 min"),
        (9.96, "10 min"),
        (47.2, "47 min"),
        (59.6, "1.0 hour"),
        (90, "1.5 hours"),
        (624, "10.4 hours"),
        (1440, "1.0 day"),
        (3312, "2.3 days"),
    ],
)
def test_a_mean_time_is_written_as_people_say_it(minutes, said):
    assert time_text(minutes) == said


def test_gap_chart_writes_each_mean_time_over_or_under_its_dot_with_room_for_it():
    """Expected times over their dots, actual ones under, none for a base under 30 (chat: 24); the rows stand far
    enough apart for both, and the time axis reaches far enough past the outermost means for half a text."""
    fig = gap_chart(GAP, title="Expected and actual")
    expected, actual = (next(trace for trace in fig.data if trace.name == name) for name in ("Expected", "Actual"))
    assert (expected.mode, expected.textposition, actual.textposition) == (
        "markers+text",
        "top center",
        "bottom center",
    )
    assert list(expected.text) == ["<1 min", ""] and list(actual.text) == ["8.6 min", ""]
    six = pd.concat([GAP.iloc[:1].assign(channel=channel) for channel in ("phone", "email", "chat", "social", "sms")])
    tall = gap_chart(pd.concat([six, GAP.iloc[1:2]]), title="T")
    assert tall.layout.height >= FRAME_PX + ROW_PX * 6  # six rows of 66 px
    means = [math.log10(x) for trace in tall.data if trace.name in ("Expected", "Actual") for x in trace.x]
    low, high = tall.layout.xaxis.range
    assert low <= min(means) - TEXT_ROOM and high >= max(means) + TEXT_ROOM


def test_every_bundled_mean_time_has_a_labelled_tick_within_a_factor_of_two(bundled_run):
    for dataset in ("northridge_2015", "amex_2014", "accent_2014"):
        dists = distributions(bundled_run, [MEASURES[q] for q in PAIRED], Slice(dataset).params())
        gap = gap_from(dists)
        ticks = np.array(gap_chart(gap, title="").layout.xaxis.tickvals)
        for mean in gap[["expected_minutes", "actual_minutes"]].to_numpy().ravel():
            assert (np.abs(np.log(ticks / max(mean, 0.5))) <= np.log(2)).any(), (dataset, mean)


def test_gap_chart_draws_each_mean_with_the_interval_in_its_data():
    fig = gap_chart(GAP, title="Expected and actual")
    data = gap_data(GAP).iloc[:2]  # social: base 4, neither drawn nor given an interval
    assert data.isna().sum().sum() == 0 and gap_data(GAP).iloc[2, 1:7].isna().all()
    assert "Mean with 95% confidence interval" in gap_note(GAP)
    for name in ("Expected", "Actual"):
        trace = next(trace for trace in fig.data if trace.name == name)
        parts = ("(mean minutes)", "95% CI low (min)", "95% CI high (min)")
        mean, low, high = (data[f"{name} {part}"].to_numpy() for part in parts)
        drawn = np.clip(mean, 0.5, None)  # the log axis draws anything under half a minute at half a minute
        assert list(trace.error_x.array) == pytest.approx(np.clip(high, 0.5, None) - drawn, abs=0.051)
        assert list(trace.error_x.arrayminus) == pytest.approx(drawn - np.clip(low, 0.5, None), abs=0.051)
        hover = np.asarray(trace.customdata)  # true values: (mean, n, low, high)
        assert list(hover[:, 2]) == pytest.approx(low, abs=0.051)
        assert list(hover[:, 3]) == pytest.approx(high, abs=0.051)
    actual = next(trace for trace in fig.data if trace.name == "Actual")  # chat's interval starts under 0.5 min
    assert (actual.error_x.arrayminus[1], actual.error_x.array[1]) == pytest.approx((7.1 - 0.5, 14.0 - 7.1))
    assert "95% CI" in actual.hovertemplate


def test_an_empty_slice_draws_an_empty_chart_rather_than_failing():
    empty = RATES.head(0)
    reference = pd.DataFrame({"x": ["twitter"], "segment": ["All"], "value": [56.0]})
    assert not [t for t in share_chart(empty, x="channel", title="T", x_title="", reference=reference).data if t.x]
    assert not stacked_chart(empty.assign(answer="1"), y="channel", stack="answer", title="T", y_title="").data
    assert not line_chart(empty.assign(answer="60min"), x="answer", series="channel", title="T", x_title="").data


def test_a_figure_of_everyone_sits_over_the_middle_of_a_split_group():
    table = shares_of(
        [("All", c, 400, 200) for c in ("phone", "email")]
        + [(s, c, 200, 100) for s in ("female", "male") for c in ("phone", "email")]
    )
    reference = pd.DataFrame({"x": ["email", "phone"], "segment": ["All", "All"], "value": [40.0, 66.0]})
    fig = share_chart(table, x="channel", title="T", x_title="", reference=reference)
    (marker,) = [trace for trace in fig.data if trace.name == "Published figure"]
    assert marker.xaxis == "x2" and list(marker.x) == [1, 0] and list(marker.y) == [40.0, 66.0]
    assert list(fig.layout.xaxis2.range) == [-0.5, 1.5] and fig.layout.xaxis2.overlaying == "x"
    # a line across the whole group: no one segment's figure
    (across,) = [trace for trace in fig.data if trace.type == "scatter" and trace.mode == "lines"]
    assert across.xaxis == "x2" and list(across.x) == [0.625, 1.375, None, -0.375, 0.375, None]
    assert list(across.y) == [40.0, 40.0, None, 66.0, 66.0, None]
    women = pd.DataFrame({"x": ["phone"], "segment": ["female"], "value": [70.0]})
    (on_bar,) = [
        t
        for t in share_chart(table, x="channel", title="T", x_title="", reference=women).data
        if t.name == "Published figure"
    ]
    assert on_bar.offsetgroup == "female" and on_bar.xaxis is None  # on the women's bar itself


# Light and dark theme. On screen, Streamlit's Plotly theme colours the charts' text, gridlines and background
# for the theme in use; only the colours the builders set themselves are checked here, against the backgrounds
# of both themes (the dark one as Streamlit 1.67 draws it, and as earlier versions did).
THEME_BACKGROUNDS = {"light": "#FFFFFF", "dark": "#171614", "dark (Streamlit < 1.67)": "#0E1117"}
READABLE = 3.0  # WCAG 2.1 non-text contrast (1.4.11): error bars, outlines, any font colour a builder sets
# A bar, line or point is also named by its axis label, its legend entry and its hover, so its own colour only
# has to stand apart from the page: no less than the light theme's weakest (viridis's light end on white, 1.53).
STANDS_OUT = 1.5
PLOTLY_DEFAULT_LINE = "#444444"  # what Plotly draws an error bar of a bar, or an outline, in when given no colour


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two colours, each '#RRGGBB' or 'rgb(r, g, b)'."""

    def luminance(colour: str) -> float:
        if colour.startswith("#"):
            channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        else:
            channels = [float(v) for v in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
        linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_the_wcag_ratio():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic lightest AA grey
    assert contrast("rgb(255, 255, 255)", "#FFFFFF") == pytest.approx(1.0)


def _listed(value) -> list[str]:
    """A colour property as a list of colours (Plotly takes one colour or one per point)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else [v for v in value if v is not None]


def _font_colours(node, path: str = ""):
    """(where, colour) for every font colour set anywhere in a figure's JSON."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "template":
                continue
            if key.endswith("font") and isinstance(value, dict):
                yield from ((f"{path}.{key}", colour) for colour in _listed(value.get("color")))
            yield from _font_colours(value, f"{path}.{key}")
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            yield from _font_colours(item, f"{path}[{i}]")


ANSWERS = [*MINUTE_BUCKETS, "none"]  # ordered, and 'none'
RATINGS = ["1", "2", "3", "4", "5"]  # satisfaction, worst to best
STACKED_COLUMNS = ("segment", "channel", "answer")


def every_chart() -> dict:
    """One figure from each builder, with everything it can draw: splits, marks, hatching, published figures."""
    split = shares_of(
        [("All", c, 400, 200) for c in ("phone", "email")]
        + [("female", "phone", 200, 140), ("female", "email", 200, 90), ("male", "phone", 180, 70)]
        + [("male", "email", 180, 100), ("nonbinary", "phone", 20, 9), ("nonbinary", "email", 20, 12)]
    )
    reference = pd.DataFrame({"x": ["phone", "email"], "segment": ["All", "female"], "value": [50.0, 45.0]})
    stacked = shares_of([("All", c, a, 100, 10) for c in ("phone", "social") for a in ANSWERS], STACKED_COLUMNS)
    ratings = shares_of([("All", c, a, 100, 20) for c in ("phone", "chat") for a in RATINGS], STACKED_COLUMNS)
    lines = shares_of([("All", "sms", 25, 10), ("All", "email", 400, 300)]).assign(answer="60min")
    probes = pd.DataFrame(
        {
            "brand": ["A", "B", "C"],
            "network": ["facebook", "twitter", "instagram"],
            "probe_type": ["question", "negative", "positive"],
            "response_minutes": [30, 90, 5],
        }
    )
    published = pd.DataFrame({"x": ["60min"], "segment": ["All"], "value": [42.0]})
    return {
        "share": share_chart(split, x="channel", title="T", x_title="", reference=reference),
        "stacked": stacked_chart(stacked, y="channel", stack="answer", title="T", y_title=""),
        "rating": stacked_chart(ratings, y="channel", stack="answer", title="T", y_title="", rating=True),
        "line": line_chart(lines, x="answer", series="channel", title="T", x_title="", reference=published),
        "minutes": minutes_chart(probes, title="T"),
        "gap": gap_chart(GAP, title="T"),
    }


CHARTS = every_chart()


@pytest.mark.parametrize("name", CHARTS)
def test_chart_text_is_left_to_the_theme_or_reads_on_both_themes(name):
    """Fonts the builders colour themselves would not follow the theme: none may be unreadable on either (a
    share inside its band is read on the band: test_each_band_says_its_share_in_black_or_white...)."""
    for where, colour in _font_colours(CHARTS[name].to_plotly_json()):
        if where.endswith(".insidetextfont"):
            continue
        for theme, background in THEME_BACKGROUNDS.items():
            assert contrast(colour, background) >= READABLE, f"{name}{where} {colour} on the {theme} theme"


@pytest.mark.parametrize("name", CHARTS)
def test_error_bars_read_on_both_themes(name):
    """A neutral error bar must read on both backgrounds; one in its series' colour must stand out like it."""
    checked = 0
    for trace in CHARTS[name].data:
        for error in (trace.error_x, trace.error_y) if trace.type != "box" else ():  # a strip of points: none
            if error.array is None:
                continue
            checked += 1
            line = _listed(trace.line.color) if trace.type == "scatter" else []
            if error.color or not line:  # a neutral colour, set here or Plotly's own
                colours, floor = [error.color or PLOTLY_DEFAULT_LINE], READABLE
            else:  # a line's intervals are drawn in the line's colour
                colours, floor = line, STANDS_OUT
            for colour in colours:
                for theme, background in THEME_BACKGROUNDS.items():
                    ratio = contrast(colour, background)
                    assert ratio >= floor, f"{name}: {trace.name}'s error bars {colour}, {ratio:.2f}:1 on {theme}"
    assert checked or name in ("stacked", "rating", "minutes"), "every chart of shares draws its intervals"


@pytest.mark.parametrize("name", CHARTS)
def test_outlined_markers_read_on_both_themes(name):
    """A filled marker with an outline (the published figure's ◆, a test message's dot) reads when its fill or
    its outline does: the yellow ◆ by its fill on the dark theme and by its outline on the light one."""
    for trace in CHARTS[name].data:
        marker = getattr(trace, "marker", None)
        if trace.type != "scatter" or "markers" not in (trace.mode or "") or not marker.line.width:
            continue
        if str(marker.symbol or "").endswith("-open"):  # drawn in its fill colour: checked with the series colours
            continue
        outline = marker.line.color or PLOTLY_DEFAULT_LINE
        for fill in _listed(marker.color):
            for theme, background in THEME_BACKGROUNDS.items():
                best = max(contrast(fill, background), contrast(outline, background))
                assert best >= READABLE, f"{name}: {trace.name} marker {fill}/{outline}, {best:.2f}:1 on {theme}"


def test_series_colours_stand_out_from_both_backgrounds():
    """Every channel, gender, age group, network and ordered-answer colour, and every fallback, stands apart
    from the light and the dark page (the dark end of viridis did not: 1.2:1 on the dark theme)."""
    from caregap.colours import FALLBACK_COLOURS
    from caregap.stacked_charts import answer_colours

    used = [
        colour
        for fig in CHARTS.values()
        for trace in fig.data
        if trace.name != "Published figure"  # yellow, outlined: checked with the outlined markers
        for colour in (*_listed(trace.marker.color), *_listed(trace.line.color if trace.type == "scatter" else None))
    ]
    ordered = [*answer_colours(ANSWERS).values(), *answer_colours(RATINGS, rating=True).values()]
    palette = [*COLOURS.values(), *FALLBACK_COLOURS, PLAIN_COLOUR, *ordered, *used]
    assert len(used) > 20
    for colour in palette:
        for theme, background in THEME_BACKGROUNDS.items():
            ratio = contrast(colour, background)
            assert ratio >= STANDS_OUT, f"{colour} is {ratio:.2f}:1 on the {theme} theme"


def test_every_series_colour_reads_as_a_graphic_on_the_dark_theme():
    """WCAG 1.4.11 (3:1 for graphics) on the dark page (#171614 in Streamlit 1.67, #0E1117 before) for every colour
    a bar, band or point takes: a hatched low-base bar is drawn by its stripes alone. The ordered palettes' dark end
    was viridis's purple, 2.1:1, the first band of a response-time chart all but lost; Instagram's was 2.97:1."""
    from caregap.colours import FALLBACK_COLOURS
    from caregap.contract import AGE_GROUPS
    from caregap.stacked_charts import answer_colours

    stacked = CHARTS["stacked"].data
    first_band = stacked[0].marker.color
    assert stacked[0].name == label(ANSWERS[0]) and first_band == answer_colours(ANSWERS)[ANSWERS[0]]
    ordered = [first_band, *answer_colours(ANSWERS).values(), *(COLOURS[group] for group in AGE_GROUPS)]
    ordered += [*answer_colours(RATINGS, rating=True).values()]
    palette = [*COLOURS.values(), *FALLBACK_COLOURS, PLAIN_COLOUR, REGION_COLOUR, *ordered]
    dark = [background for theme, background in THEME_BACKGROUNDS.items() if theme.startswith("dark")]
    for colour, background in ((c, b) for c in palette for b in dark):
        assert contrast(colour, background) >= READABLE, (
            f"{colour}: {contrast(colour, background):.2f}:1 on {background}"
        )


def test_ordered_answers_keep_their_order_in_lightness():
    """Steps of a sequential palette read in order: each band lighter than the one before, none the same."""
    from caregap.contract import AGE_GROUPS
    from caregap.stacked_charts import answer_colours

    for steps in ([*answer_colours(ANSWERS).values()][:-1], [COLOURS[group] for group in reversed(AGE_GROUPS)]):
        on_black = [contrast(colour, "#000000") for colour in steps]
        assert all(later > earlier * 1.1 for earlier, later in itertools.pairwise(on_black)), steps


def test_a_rating_runs_from_a_warm_worst_through_grey_to_a_cool_best_with_every_band_apart():
    """Satisfaction is not a time: its colours say which end is bad (red) and which good (blue), and thin light
    lines part neighbouring bands, whose steps (viridis, nine of them) could otherwise run together."""
    bands = {trace.name: unlabel_rgb(trace.marker.color) for trace in CHARTS["rating"].data}
    assert list(bands) == RATINGS
    (red, _, blue), grey = bands["1"], bands["3"]
    assert red > 150 > blue and bands["5"][2] > 150 > bands["5"][0], "1 red, 5 blue"
    assert len(set(grey)) == 1 and 100 < grey[0] < 220, "3, the middle, a grey"
    for chart in ("rating", "stacked"):
        assert all(trace.marker.line.width >= 1 for trace in CHARTS[chart].data), "bands parted by a line"


def test_each_band_says_its_share_in_black_or_white_whichever_reads_on_it():
    """A stacked bar's bands, whose nine steps are hard to tell apart by colour alone, each carry their share as
    text at WCAG AA (4.5:1) on the band; a band too narrow for it at a readable size goes without."""
    for chart in ("stacked", "rating"):
        fig = CHARTS[chart]
        assert fig.layout.uniformtext.mode == "hide" and fig.layout.uniformtext.minsize >= 10
        for trace in fig.data:
            assert (trace.texttemplate, trace.textposition, trace.textangle) == ("%{x:.0f}%", "inside", 0)
            ink = trace.insidetextfont.color
            assert ink in ("#000000", "#FFFFFF") and contrast(ink, trace.marker.color) >= 4.5, trace.name


def test_black_or_white_text_reads_on_any_colour():
    from caregap.colours import text_on

    steps = range(0, 256, 15)
    for fill in (f"#{r:02X}{g:02X}{b:02X}" for r in steps for g in steps for b in steps):
        assert contrast(text_on(fill), fill) >= 4.5, fill
    assert text_on("#FFFFFF") == "#000000" and text_on("rgb(0, 0, 0)") == "#FFFFFF"


def test_categories_keep_their_order_when_the_first_segment_lacks_one():
    rows = [("facebook", t, 20, 10) for t in ("negative", "positive")] + [
        ("twitter", t, 20, 10) for t in ("question", "negative", "positive")
    ]
    table = shares_of(rows, ("segment", "channel"))
    table["channel"] = pd.Categorical(table["channel"], categories=["question", "negative", "positive"], ordered=True)
    fig = share_chart(table, x="channel", title="T", x_title="")
    assert list(fig.layout.xaxis.categoryarray) == [label(t) for t in ("question", "negative", "positive")]


def test_bars_of_measures_never_take_a_channels_colour():
    measures = shares_of([("All", "prefers_live_assistance", 100, 60), ("All", "has_twitter", 25, 20)])
    mixed = pd.concat([measures, shares_of([("All", "email", 50, 10), ("All", "twitter", 50, 10)])])
    fig = share_chart(mixed, x="channel", title="T", x_title="")
    (bars,) = [trace for trace in fig.data if trace.type == "bar"]
    assert list(bars.marker.color) == [PLAIN_COLOUR, PLAIN_COLOUR, COLOURS["email"], COLOURS["twitter"]]
    assert PLAIN_COLOUR not in COLOURS.values()


def test_a_region_segment_reads_as_its_region_whatever_it_is_called():
    assert [label(v) for v in ("region:south", "region:Yorkshire", "region:All", "region:")] == [
        "South",
        "Yorkshire",
        "All",  # a region an import calls 'All' stays itself, apart from the whole slice
        "No region given",
    ]
    assert label("south") == "South" and label("All") == "Everyone in the slice"


def test_markup_in_a_label_or_title_is_drawn_as_typed():
    regions = shares_of([("All", "x", 40, 20), ("region:<b>N</b>", "x", 20, 5), ("region:a & b", "x", 20, 15)])
    fig = share_chart(regions.assign(x=regions["segment"]), x="x", title="Share (<i>N</i>)", x_title="")
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert [x for bar in bars for x in bar.x] == ["&lt;b&gt;N&lt;/b&gt;", "a &amp; b"]  # Plotly shows them as typed
    assert {c for bar in bars for c in bar.marker.color} == {REGION_COLOUR}  # a region is not coloured as a channel
    assert fig.layout.title.text == "Share (&lt;i&gt;N&lt;/i&gt;)"


def test_every_answer_reads_as_itself_or_its_own_label():
    for question, answers in ANSWER_CODES.items():
        labels = [label(answer) for answer in answers]
        assert len(set(labels)) == len(labels), question  # no two answers of one question read alike
        timed = question in ("expected_response", "response_time")
        for answer, text in zip(answers, labels, strict=True):
            if answer.rstrip("+").isdigit():  # a rating or a count is its number, never a time
                assert text == answer, (question, answer, text)
            elif timed and answer.endswith("min"):  # a band of times, never 'Within' (which counts every band below)
                assert re.fullmatch(r"Up to 5 min|\d+( \w+)?–\d+ \w+", text), (question, answer, text)
    assert option_label("satisfaction=5") == "Satisfaction rating: 5"
    assert option_label("response_time=5min") == "Actual response time: Up to 5 min"


def test_a_rating_chart_names_its_ratings_as_numbers():
    rows = [("All", "phone", answer, 100, 20) for answer in ANSWER_CODES["satisfaction"]]
    fig = stacked_chart(shares_of(rows, STACKED_COLUMNS), y="channel", stack="answer", title="T", y_title="")
    assert [trace.name for trace in fig.data] == ["1", "2", "3", "4", "5"]


def test_every_network_has_its_own_colour_and_none_borrows_a_channels():
    from caregap.contract import CHANNELS, NETWORKS

    networks = [COLOURS[network] for network in NETWORKS]  # a KeyError is a network left to the fallbacks
    assert len(set(networks)) == len(networks)
    assert not set(networks) & {COLOURS[channel] for channel in CHANNELS}
