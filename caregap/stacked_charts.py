"""Stacked bar charts: how each channel (or channel and segment) splits over the answers (no Streamlit, no I/O)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import make_colorscale, sample_colorscale

from caregap.charts import LOW_BASE_MARK, SUPPRESSED_TEXT, chart_layout
from caregap.colours import text_on
from caregap.labels import chart_label

VIRIDIS_SPAN = (0.35, 0.9)  # the part of viridis ordered answers use: clear of both themes' backgrounds
# A rating, worst to best: Paul Tol's colour-blind-safe "vibrant" red, orange, grey, cyan and blue, which diverge
# from a grey middle; each at least 1.9:1 on white and 3.5:1 on the dark theme.
RATING_SCALE = make_colorscale(["#CC3311", "#EE7733", "#BBBBBB", "#33BBEE", "#0077BB"])
BAND_TEXT_PX = 10  # a band's share in no smaller type than this (as on a phone, 20 px bars), or not at all
ROW_PX = 30  # a row's height: its bar holds its bands' shares in 12 px type (at 26 px, 19 px bars hid them all)
SEPARATOR = {"width": 1, "color": "rgba(255,255,255,0.85)"}  # between neighbouring answers, whose steps are close


def answer_colours(answers: list[str], *, rating: bool = False) -> dict[str, str]:
    """Ordered answers (times, counts) as steps of viridis, a rating (worst first) as steps of RATING_SCALE, which
    says which end is bad; 'none' grey.

    The viridis steps span VIRIDIS_SPAN: viridis's dark end is all but black on the dark theme (its purple at 0.2,
    the first step until now, was 2.1:1 on #0E1117), so the first step is the darkest blue with 3:1 (WCAG's floor
    for graphics) on both dark backgrounds, the one the 60+ age group uses; the last is as light as reads on white.
    """
    ordered = [a for a in answers if a != "none"]
    start, end = (0.0, 1.0) if rating else VIRIDIS_SPAN
    step = (end - start) / max(1, len(ordered) - 1)
    steps = sample_colorscale(RATING_SCALE if rating else "Viridis", [start + i * step for i in range(len(ordered))])
    return {**dict(zip(ordered, steps, strict=True)), "none": "#AAAAAA"}


def _row_name(value: str, segment: str, split: bool, flag: pd.Series) -> str:
    """A stacked bar's name: 'Phone · 18-29', with * for a low base and (n<10) when hidden."""
    name = chart_label(value) + (f" · {chart_label(segment)}" if split else "")
    if flag["suppressed"]:
        return f"{name} ({SUPPRESSED_TEXT})"
    return name + (f" {LOW_BASE_MARK}" if flag["low_base"] else "")


def _named_rows(table: pd.DataFrame, y: str) -> tuple[pd.DataFrame, list[str]]:
    """The rows to draw, each named in _row (channel, and segment when split), and the names in drawing order."""
    split = set(table["segment"]) != {"All"}
    rows = table[table["segment"] != "All"] if split else table
    flags = rows.groupby([y, "segment"], sort=False, observed=True)[["suppressed", "low_base"]].any()
    names = {key: _row_name(*key, split, flag) for key, flag in flags.iterrows()}
    rows = rows.assign(_row=[names[key] for key in zip(rows[y], rows["segment"], strict=True)])
    rank = {value: i for i, value in enumerate(dict.fromkeys(rows[y]))}
    return rows, [names[key] for key in sorted(names, key=lambda key: rank[key[0]])]


def stacked_chart(
    table: pd.DataFrame, *, y: str, stack: str, title: str, y_title: str, rating: bool = False
) -> go.Figure:
    """100% stacked horizontal bars: how each row (channel, or channel and segment) splits over the answers, in
    order; a rating's from worst to best (answer_colours)."""
    if table.empty:  # nobody in the slice answered (the table then has no answer column): said so below it
        return chart_layout(go.Figure(), title, "Share of base (%)", y_title)
    rows, order = _named_rows(table, y)
    answers = [str(a) for a in rows[stack].drop_duplicates()]
    palette = answer_colours(answers, rating=rating)
    fig = go.Figure()
    for answer, part in rows.groupby(stack, sort=False, observed=True):
        fig.add_bar(
            y=part["_row"],
            x=part["share"],
            orientation="h",
            name=chart_label(answer),
            marker={"color": palette[str(answer)], "line": SEPARATOR},
            texttemplate="%{x:.0f}%",  # each band says its share; one too narrow for it is left bare (uniformtext)
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,  # a band too narrow for its share goes without, rather than having it turned on its side
            insidetextfont={"color": text_on(palette[str(answer)])},
            customdata=np.stack([part["base_n"], part["ci_low"], part["ci_high"]], axis=-1),
            hovertemplate="%{y}: <b>%{x:.0f}%</b><br>95% CI %{customdata[1]:.0f}–%{customdata[2]:.0f}%"
            "<br>n = %{customdata[0]:,}<extra>%{fullData.name}</extra>",
        )
    fig.update_xaxes(range=[0, 100], ticksuffix="%")
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed", title=y_title, dtick=1)
    fig.update_layout(
        barmode="stack",
        bargap=0.15,
        height=max(480, 200 + ROW_PX * len(order)),
        legend={"traceorder": "normal"},
        uniformtext={"minsize": BAND_TEXT_PX, "mode": "hide"},
    )
    return chart_layout(fig, title, "Share of base (%)", y_title)  # its legend placed at the figure's own height
