"""Chart builders for times: mean expected against actual response time, and audited response times."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from caregap.chart_frame import DEFAULT_HEIGHT
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
ROW_PX = 66  # px per channel: an expected mean's time above its dot and the actual one's below keep rows apart
FRAME_PX = 200  # px of a chart that are not rows: title and legend (in more lines on a phone), axis
TIME_TEXT_PX = 11
TEXT_ROOM = 0.3  # decades of time either side of the outermost means: room for half a time's text on a phone
POSITIONS = {"Expected": "top center", "Actual": "bottom center"}  # the expected dot sits above the actual one


def time_text(minutes: float) -> str:
    """A mean time as people say it: '<1 min', '4.9 min', '47 min', '1.5 hours', '2.3 days'."""
    if minutes < 0.95:
        return "<1 min"
    if minutes < 59.5:
        return f"{minutes:.1f} min" if minutes < 9.95 else f"{minutes:.0f} min"
    amount, unit = (minutes / 60, "hour") if minutes < 1437 else (minutes / 1440, "day")
    return f"{amount:.1f} {unit}" + ("" if f"{amount:.1f}" == "1.0" else "s")


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
    fig.update_xaxes(type="log", title="Mean time (log scale)", range=_time_range(drawn), **MINUTE_TICKS)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(scattermode="group", scattergap=0.5, height=max(DEFAULT_HEIGHT, FRAME_PX + ROW_PX * len(names)))
    return chart_layout(fig, title, "Mean time (log scale)", "")


def _time_range(drawn: dict[str, pd.Series]) -> list[float]:
    """The time axis's range (log10 minutes): every interval, and TEXT_ROOM either side of the outermost means, whose
    times are written over or under them."""
    means = pd.concat([drawn["expected_minutes"], drawn["actual_minutes"]])
    ends = pd.concat([drawn[c] for c in ("expected_low", "expected_high", "actual_low", "actual_high")])
    if means.dropna().empty:
        return [0, 1]
    low = min(np.log10(ends.min()), np.log10(means.min()) - TEXT_ROOM)
    return [low, max(np.log10(ends.max()), np.log10(means.max()) + TEXT_ROOM)]


def _means(
    table: pd.DataFrame, drawn: dict[str, pd.Series], names: list[str], column: str, text: str, symbol: str
) -> go.Scatter:
    """One kind of mean (expected or actual) per channel, as dots with their 95% intervals and their times written
    over (expected) or under (actual) them; a channel with a base under 30 (marked *) has none written."""
    low, high = column.replace("minutes", "low"), column.replace("minutes", "high")
    times = [time_text(m) if not flagged else "" for m, flagged in zip(table[column], table["low_base"], strict=True)]
    return go.Scatter(
        x=drawn[column],
        y=names,
        mode="markers+text",
        text=times,
        textposition=POSITIONS[text],
        textfont={"size": TIME_TEXT_PX},
        cliponaxis=False,
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
