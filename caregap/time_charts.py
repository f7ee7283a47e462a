"""Chart builders for times: mean expected against actual response time, and audited response times."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from caregap.charts import LOW_BASE_MARK, chart_layout
from caregap.colours import NEUTRAL_COLOUR, colour
from caregap.contract import PROBE_TYPES
from caregap.labels import label
from caregap.response_gap import GAP_MARK

# Log-scale time axes read in the units people use, not as bare powers of ten ('2' for 2,000 minutes).
MINUTE_TICKS = {  # 12 hours: email and social media means (about 10 hours) have a mark beside them
    "tickvals": [1, 5, 15, 30, 60, 240, 720, 1440, 2880, 10080, 43200],
    "ticktext": [
        "1 min", "5 min", "15 min", "30 min", "1 hour", "4 hours", "12 hours", "1 day", "2 days", "1 week", "30 days"
    ],
}  # fmt: skip


FLOOR = 0.5  # minutes: where a log axis draws a time under half a minute (zero, say)
CONNECTOR = {"line": {"color": "#999999", "width": 3}, "showlegend": False, "hoverinfo": "skip"}


def gap_chart(table: pd.DataFrame, *, title: str) -> go.Figure:
    """Expected against actual response time per channel (mean minutes, log scale), as a dumbbell.

    Each mean carries its 95% interval as an error bar, expected just above the line and actual just below.
    Channels with a base under 10 are left out, those under 30 marked *, and ▲▼ mark an actual mean significantly
    longer / shorter than the expected one (gap_direction); a mean or interval end under half
    a minute is drawn at half a minute (a log scale has no zero) and hovers with its true value.
    """
    table = table[~table["suppressed"]]
    marks = [
        GAP_MARK.get(d, "") + (LOW_BASE_MARK if low else "")
        for d, low in zip(table["gap_direction"], table["low_base"], strict=True)
    ]
    names = [label(v) + (f" {m}" if m else "") for v, m in zip(table["channel"], marks, strict=True)]
    ends = ("expected_minutes", "actual_minutes", "expected_low", "expected_high", "actual_low", "actual_high")
    drawn = {column: table[column].clip(lower=FLOOR) for column in ends}
    fig = go.Figure()
    for low, high, name in zip(drawn["expected_minutes"], drawn["actual_minutes"], names, strict=True):
        fig.add_scatter(x=[low, high], y=[name, name], mode="lines", **CONNECTOR)
    for column, text, symbol in (
        ("expected_minutes", "Expected", "circle-open"),
        ("actual_minutes", "Actual", "circle"),
    ):
        fig.add_trace(_means(table, drawn, names, column, text, symbol))
    fig.update_xaxes(type="log", title="Mean time (log scale)", **MINUTE_TICKS)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(scattermode="group", scattergap=0.5)
    return chart_layout(fig, title, "Mean time (log scale)", "")


def _means(
    table: pd.DataFrame, drawn: dict[str, pd.Series], names: list[str], column: str, text: str, symbol: str
) -> go.Scatter:
    """One kind of mean (expected or actual) per channel, as dots with their 95% intervals."""
    low, high = column.replace("minutes", "low"), column.replace("minutes", "high")
    return go.Scatter(
        x=drawn[column],
        y=names,
        mode="markers",
        name=text,
        orientation="h",  # grouped along y: the two means of a channel sit just apart, each with its interval
        offsetgroup=text,
        marker={"symbol": symbol, "size": 13, "color": [colour(v) for v in table["channel"]], "line": {"width": 2}},
        error_x={
            "type": "data",
            "array": drawn[high] - drawn[column],
            "arrayminus": drawn[column] - drawn[low],
            "color": NEUTRAL_COLOUR,
            "thickness": 1.5,
        },
        customdata=np.stack([table[column], table["base_n"], table[low], table[high]], axis=-1),
        hovertemplate=f"%{{y}}: {text.lower()} %{{customdata[0]:,.1f}} min on average"
        "<br>95% CI %{customdata[2]:,.1f}–%{customdata[3]:,.1f} min"
        "<br>n = %{customdata[1]:,}<extra></extra>",
    )


def minutes_chart(probes: pd.DataFrame, *, title: str) -> go.Figure:
    """Each answered test message's response time (log scale), by network and message type: a strip of points,
    jittered sideways so two messages answered in the same time both show (a box with no box drawn). A time under
    half a minute is drawn at half a minute (a log scale has no zero) and hovers with its true value."""
    fig = go.Figure()
    for position, (network, part) in enumerate(probes.groupby("network", sort=False)):
        fig.add_box(
            x=[label(v) for v in part["probe_type"]],
            y=part["response_minutes"].clip(lower=FLOOR),
            name=label(network),
            boxpoints="all",
            jitter=0.6,
            pointpos=0,
            fillcolor="rgba(0,0,0,0)",
            line={"color": "rgba(0,0,0,0)"},
            hoveron="points",
            marker={"size": 11, "color": colour(network, position), "line": {"color": NEUTRAL_COLOUR, "width": 1}},
            customdata=part[["brand", "response_minutes"]],
            hovertemplate="%{customdata[0]}: %{customdata[1]:,.0f} min<extra>%{fullData.name}</extra>",
        )
    fig.update_xaxes(categoryorder="array", categoryarray=[label(v) for v in PROBE_TYPES])
    fig.update_layout(boxmode="group")
    fig.update_yaxes(type="log", title="Time to respond (log scale)", range=tick_range(probes["response_minutes"]))
    fig.update_yaxes(**MINUTE_TICKS)
    return chart_layout(fig, title, "Message type", "Time to respond (log scale)")


def tick_range(minutes: pd.Series) -> list[float]:
    """A log axis's range (log10 minutes) from the last tick at or under the least time to the first at or over
    the most, so that every point lies between two labelled ticks."""
    ticks, least, most = np.array(MINUTE_TICKS["tickvals"]), max(minutes.min(), FLOOR), minutes.max()
    under, over = ticks[ticks <= least], ticks[ticks >= most]
    low = under.max() if under.size else least  # past the last tick: the point itself
    high = over.min() if over.size else most
    return [np.log10(low) - 0.05, np.log10(high) + 0.05]
