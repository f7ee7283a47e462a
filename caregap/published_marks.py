"""The published figure on a chart: a diamond on its bar or point, or a line across a split chart's group."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from caregap.colours import NEUTRAL_COLOUR, REFERENCE_COLOUR
from caregap.labels import chart_label

BARGAP = 0.25  # between groups of bars: a group spans 1 - BARGAP of its category


def add_reference(
    fig: go.Figure, x: list[str], values: pd.Series, group: str | None = None, legend: bool = True
) -> None:
    """The published figure, as a diamond on the chart (on its segment's bar when the chart is split)."""
    fig.add_scatter(
        x=x,
        y=list(values),
        mode="markers",
        name="Published figure",
        offsetgroup=group,
        showlegend=legend,
        marker={
            "symbol": "diamond",
            "size": 13,
            "color": REFERENCE_COLOUR,
            "line": {"color": "#333333", "width": 1.5},
        },
        hovertemplate="Published: %{y:.0f}%<extra></extra>",
    )


def centred_reference(fig: go.Figure, categories: list[str], marks: pd.DataFrame, legend: bool) -> None:
    """A figure of everyone on a split chart: a line across its whole group of bars with a diamond at the centre,
    on a hidden numeric axis laid over the grouped bars (so it reads as no one segment's)."""
    at = [categories.index(chart_label(v)) for v in marks["x"]]
    half = (1 - BARGAP) / 2
    fig.add_scatter(
        x=[x for i in at for x in (i - half, i + half, None)],
        y=[y for v in marks["value"] for y in (v, v, None)],
        mode="lines",
        line={"color": NEUTRAL_COLOUR, "width": 2, "dash": "dash"},
        showlegend=False,
        hoverinfo="skip",
        xaxis="x2",
    )
    add_reference(fig, at, marks["value"], legend=legend)
    fig.data[-1].xaxis = "x2"
    fig.update_layout(xaxis2={"overlaying": "x", "range": [-0.5, len(categories) - 0.5], "visible": False})
