"""Chart builders: share tables in, Plotly figures out (no Streamlit, no I/O)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from caregap.bar_text import VALUE_MIN_PX, hidden_notes, value_text
from caregap.chart_frame import BREAK, place_legend, tick_chars, wrap_label
from caregap.colours import NEUTRAL_COLOUR, bar_colour, colour
from caregap.labels import chart_label, plot_text
from caregap.published_marks import BARGAP, add_reference, centred_reference
from caregap.stats import counted_base

SIGNIFICANCE_MARK = {"higher": "▲", "lower": "▼"}
LOW_BASE_MARK = "*"
SUPPRESSED_TEXT = "n<10"
FEW_PEOPLE_TEXT = "<10 people"  # a hidden bar of contacts pooled over channels: its flags count people
WIDEST_BAR = 0.25  # of the plot's width: a chart of one bar drew it across three quarters of the page
LINE_HEIGHT = 520  # px: a line chart, whose legend of channels takes several rows on a phone
BASE = "n = %{customdata[0]:,}"
PEOPLE = "n = %{customdata[0]:,} contacts of %{customdata[3]:,} people"
HOVER = (
    "%{x}: <b>%{y:.0f}%</b><br>95% CI %{customdata[1]:.0f}–%{customdata[2]:.0f}%"
    f"<br>{BASE}<extra>%{{fullData.name}}</extra>"
)
HIDDEN_HOVER = f"%{{x}}: not shown, base under 10<br>{BASE}<extra>%{{fullData.name}}</extra>"
BAR_TEXTS = {  # (a bar's hover, a hidden bar's hover, its label), by whether the flags count people (pooled contacts)
    False: (HOVER, HIDDEN_HOVER, SUPPRESSED_TEXT),
    True: (
        HOVER.replace(BASE, PEOPLE),
        f"%{{x}}: not shown, under 10 people<br>{PEOPLE}<extra>%{{fullData.name}}</extra>",
        FEW_PEOPLE_TEXT,
    ),
}


def _marks(row: pd.Series) -> str:
    """Text above a bar: ▲/▼ when the segment differs significantly, * for a low base, n<10 if hidden."""
    if row["suppressed"]:
        return SUPPRESSED_TEXT
    return SIGNIFICANCE_MARK.get(row.get("direction", ""), "") + (LOW_BASE_MARK if row["low_base"] else "")


def chart_layout(fig: go.Figure, title: str, x_title: str, y_title: str) -> go.Figure:
    """Shared look: title and legend at the top (place_legend), axis titles, room for the marks above bars."""
    fig.update_layout(
        title={"text": plot_text(title), "x": 0, "xanchor": "left"},
        xaxis_title=x_title,
        yaxis_title=y_title,
        margin={"l": 60, "r": 20, "b": 60},
        bargap=BARGAP,
    )
    return place_legend(fig)


def _bars(part: pd.DataFrame, x: str, segment: str, colours: list[str], split: bool, top: float) -> go.Bar:
    """One segment's bars: share (written at the bar's foot, bar_text), 95% interval, hatching for a low base, and
    what hovering says. A hidden bar (base under 10) is a bar of height 0, its note on a trace of its own."""
    hover, hidden_hover, _ = BAR_TEXTS["base_people" in part.columns]
    return go.Bar(
        x=[chart_label(v) for v in part[x]],
        y=part["share"].fillna(0),
        name=chart_label(segment),
        **value_text(part, colours, top, upright=split),
        cliponaxis=False,
        marker={"color": colours, "pattern": {"shape": ["/" if low else "" for low in part["low_base"]]}},
        error_y={
            "type": "data",
            "array": part["ci_high"] - part["share"],
            "arrayminus": part["share"] - part["ci_low"],
            "color": NEUTRAL_COLOUR,  # Plotly's default (#444) all but vanishes on the dark theme
        },
        offsetgroup=str(segment),
        legendgroup=str(segment),  # its marks and notes come and go with it when the legend is clicked
        customdata=np.stack([part["base_n"], part["ci_low"], part["ci_high"], counted_base(part)], axis=-1),
        hovertemplate=[hidden_hover if hidden else hover for hidden in part["suppressed"]],
        showlegend=split,
    )


def _bar_marks(part: pd.DataFrame, x: str, segment: str) -> go.Scatter:
    """One segment's marks (▲▼, *) just above the top of each bar's interval, clear of the error bar."""
    return go.Scatter(
        x=[chart_label(v) for v in part[x]],
        y=part["ci_high"].fillna(0),
        mode="text",
        text=["" if row["suppressed"] else _marks(row) for _, row in part.iterrows()],
        textposition="top center",
        textfont={"size": 15},
        cliponaxis=False,
        offsetgroup=str(segment),
        legendgroup=str(segment),
        showlegend=False,
        hoverinfo="skip",
    )


def _categories(rows: pd.DataFrame, x: str) -> list[str]:
    """The x labels in the table's order: its categories' order when x is categorical (one segment may lack the
    first category: by first appearance across segments it would come last)."""
    values = rows[x].cat.categories if isinstance(rows[x].dtype, pd.CategoricalDtype) else dict.fromkeys(rows[x])
    present = set(rows[x])
    return [chart_label(v) for v in values if v in present]


def _category_axis(fig: go.Figure, categories: list[str], bases: dict[str, int] | None = None) -> None:
    """The x axis's categories in order, a long label in lines rather than turned on its side (wrap_label), and under
    each its bar's base when bases are given (a chart that is not split: one bar per category) and differ (the same
    base for every bar is the base note's)."""
    fig.update_xaxes(categoryorder="array", categoryarray=categories)
    width = tick_chars(len(categories))
    shown = bases if bases and len(set(bases.values())) > 1 else None
    texts = [wrap_label(c, width) + ("" if shown is None else f"{BREAK}n={shown[c]:,}") for c in categories]
    if texts != categories:
        fig.update_xaxes(tickmode="array", tickvals=categories, ticktext=texts)


def _axis_top(rows: pd.DataFrame, reference: pd.DataFrame | None) -> float:
    """The y axis's top: room above the highest interval (or published figure) for its marks, up to a little past
    100% so marks there still show."""
    values = [0.0, *rows["ci_high"].fillna(0), *(reference["value"] if reference is not None else [])]
    return min(112, max(10, float(np.nanmax(values)) * 1.18))


def share_chart(
    table: pd.DataFrame, *, x: str, title: str, x_title: str, reference: pd.DataFrame | None = None
) -> go.Figure:
    """Bars of weighted shares with 95% intervals; one bar colour per segment (or per x when not split)."""
    split = set(table["segment"]) != {"All"}
    rows = table[table["segment"] != "All"] if split else table
    if reference is not None:
        reference = reference[reference["x"].astype(str).isin(set(rows[x].astype(str)))]
    top = _axis_top(rows, reference)
    fig = go.Figure()
    for position, (segment, part) in enumerate(rows.groupby("segment", sort=False)):
        colours = [colour(segment, position)] * len(part) if split else [bar_colour(v) for v in part[x]]
        fig.add_trace(_bars(part, x, segment, colours, split, top))
        if part["suppressed"].any():
            hidden_text = BAR_TEXTS["base_people" in part.columns][2]
            fig.add_trace(hidden_notes([chart_label(v) for v in part[x]], part, segment, hidden_text))
        fig.add_trace(_bar_marks(part, x, segment))
    if reference is not None and not reference.empty:
        segments = set(rows["segment"]) if split else set()
        for position, (segment, marks) in enumerate(reference.groupby("segment", sort=False)):
            group, first = (str(segment) if segment in segments else None), position == 0
            if split and group is None:  # a figure of everyone on a split chart: centred over its group of bars
                centred_reference(fig, _categories(rows, x), marks, legend=first)
            else:
                add_reference(fig, [chart_label(v) for v in marks["x"]], marks["value"], group=group, legend=first)
    fig.update_yaxes(range=[0, top], ticksuffix="%")
    bases = None if split else {chart_label(v): int(n) for v, n in zip(rows[x], rows["base_n"], strict=True)}
    _category_axis(fig, _categories(rows, x), bases)
    fig.update_layout(barmode="group", scattermode="group", uniformtext={"minsize": VALUE_MIN_PX, "mode": "hide"})
    chart_layout(fig, title, x_title, "Share of base (%)")
    if not split:  # one or two bars take no more of the width than each of three would
        fig.update_layout(bargap=max(BARGAP, 1 - WIDEST_BAR * rows[x].nunique()))
    return fig


def line_chart(
    table: pd.DataFrame, *, x: str, series: str, title: str, x_title: str, reference: pd.DataFrame | None = None
) -> go.Figure:
    """Cumulative shares as lines with 95% intervals, one line per channel (or segment); the times read under the
    axis's title ('Within'), as '30 min', '4 hours'."""
    fig = go.Figure()
    for position, (name, part) in enumerate(table.groupby(series, sort=False)):
        if part["suppressed"].all():  # nothing to draw: the caption and the chart's data say why
            continue
        fig.add_scatter(
            x=[chart_label(v) for v in part[x]],
            y=part["share"],
            mode="lines+markers+text",
            name=chart_label(name),
            line={"color": colour(name, position), "width": 2.5},
            text=[_marks(row) for _, row in part.iterrows()],
            textposition="top center",
            cliponaxis=False,
            error_y={
                "type": "data",
                "array": part["ci_high"] - part["share"],
                "arrayminus": part["share"] - part["ci_low"],
            },
            customdata=np.stack([part["base_n"], part["ci_low"], part["ci_high"]], axis=-1),
            hovertemplate=HOVER,
        )
    if reference is not None and not reference.empty:
        add_reference(fig, [chart_label(v) for v in reference["x"]], reference["value"])
    fig.update_yaxes(range=[0, 112], ticksuffix="%")  # past 100%: a mark over a point at 100% still shows
    times = list(dict.fromkeys(chart_label(v) for v in table[x]))
    fig.update_xaxes(tickmode="array", tickvals=times, ticktext=[t.removeprefix("Within ") for t in times])
    fig.update_layout(height=LINE_HEIGHT)  # a legend of six channels in rows on a phone leaves the lines room
    return chart_layout(fig, title, x_title, "Share of base (%)")
