"""Chart builders on small hand-made share tables: what each figure draws, marks and leaves out."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from caregap.charts import gap_chart, line_chart, share_chart, stacked_chart
from caregap.labels import COLOURS
from caregap.readout import base_note
from caregap.response_gap import gap_data, gap_note
from caregap.stats import add_share_stats, add_significance


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
    bars, marks = fig.data
    assert list(bars.x) == ["Phone", "Social media", "SMS"]
    assert list(bars.y) == pytest.approx([75.0, 20.0, 0.0])  # the hidden bar sits at zero under its 'n<10'
    assert list(bars.marker.color) == [COLOURS["phone"], COLOURS["social"], COLOURS["sms"]]
    low, high = RATES["ci_low"].iat[0], RATES["ci_high"].iat[0]
    assert bars.error_y.array[0] == pytest.approx(high - 75) and bars.error_y.arrayminus[0] == pytest.approx(75 - low)
    assert list(marks.text) == ["", "*", "n<10"] and list(marks.y) == pytest.approx([*RATES["ci_high"][:2], 0])
    assert list(bars.marker.pattern.shape) == ["", "/", ""]
    assert "not shown" in bars.hovertemplate[2] and "95% CI" in bars.hovertemplate[0]


def test_split_bars_mark_segments_that_differ_from_the_rest():
    table = shares_of([("All", "phone", 400, 200), ("female", "phone", 100, 70), ("male", "phone", 300, 130)])
    fig = share_chart(table, x="channel", title="Resolved", x_title="Channel")
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert [trace.name for trace in bars] == ["Female", "Male"]
    assert [trace.text[0] for trace in fig.data if trace.type == "scatter"] == ["▲", "▼"]
    assert fig.data[0].marker.color[0] == COLOURS["female"]


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


def test_lines_carry_the_same_marks_as_bars():
    table = shares_of([("All", "sms", 25, 10), ("All", "chat", 5, 1)])
    fig = line_chart(table.assign(answer="60"), x="answer", series="channel", title="Within", x_title="Within")
    assert [trace.text[0] for trace in fig.data] == ["*", "n<10"]


def test_captions_say_what_a_stacked_chart_leaves_out():
    split = shares_of([("All", "phone", 400, 200), ("female", "phone", 100, 70), ("male", "phone", 300, 130)])
    assert "95% confidence interval" in base_note(split, "contacts") and "▲▼" in base_note(split, "contacts")
    stacked = base_note(split, "contacts", stacked=True)
    assert "in the chart's data" in stacked and "▲▼" not in stacked


GAP = pd.DataFrame(
    {
        "channel": ["phone", "chat", "social"],
        "expected_minutes": [0.0, 7.8, np.nan],
        "actual_minutes": [8.6, 7.1, np.nan],
        "base_n": [40, 24, 4],
        "suppressed": [False, False, True],
        "low_base": [False, True, False],
    }
)


def test_gap_chart_leaves_out_tiny_bases_and_keeps_true_values_on_hover():
    fig = gap_chart(GAP, title="Expected and actual")
    expected = next(trace for trace in fig.data if trace.name == "Expected")
    assert list(expected.y) == ["Phone", "Chat *"]
    assert list(expected.x) == [0.5, 7.8]  # a log axis has no zero: drawn at half a minute...
    assert expected.customdata[0][0] == 0.0  # ...and hovers as what it is
    assert gap_data(GAP)["Note"].tolist() == ["", "base under 30", "base under 10: not shown"]
    assert gap_note(GAP).startswith("Base: 4 to 40 contacts per channel") and "under 10 not shown" in gap_note(GAP)


def test_an_empty_slice_draws_an_empty_chart_rather_than_failing():
    empty = RATES.head(0)
    reference = pd.DataFrame({"x": ["twitter"], "segment": ["All"], "value": [56.0]})
    assert not [t for t in share_chart(empty, x="channel", title="T", x_title="", reference=reference).data if t.x]
    assert not stacked_chart(empty.assign(answer="1"), y="channel", stack="answer", title="T", y_title="").data
    assert not line_chart(empty.assign(answer="60"), x="answer", series="channel", title="T", x_title="").data


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
    women = pd.DataFrame({"x": ["phone"], "segment": ["female"], "value": [70.0]})
    (on_bar,) = [
        t
        for t in share_chart(table, x="channel", title="T", x_title="", reference=women).data
        if t.name == "Published figure"
    ]
    assert on_bar.offsetgroup == "female" and on_bar.xaxis is None  # on the women's bar itself
