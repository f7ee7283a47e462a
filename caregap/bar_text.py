"""What a share chart writes on its bars (no Streamlit, no I/O): each bar's share at its foot, where it reads clear
of the bar's interval, and a hidden bar's note ('n<10') upright above its place.

A share sits inside its bar at the foot, not at the top, where the interval's whisker runs down through the bar's
middle: at the foot it meets the whisker only when the interval reaches down near 0, and such a bar goes without.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from caregap.colours import text_on

VALUE_TEMPLATE = "%{y:.0f}%"  # as the hover says it
VALUE_PX = 12  # px: the type of a share on its bar
VALUE_MIN_PX = 10  # px: a share that does not fit its bar even this small is left out (uniformtext)
PLOT_PX = 240  # px: the least height a share chart's plot takes (a phone, under a title and legend of some lines)
TEXT_PAD_PX = 3  # px Plotly keeps between a bar's foot and the text inside it
WHISKER_GAP_PX = 3  # px at least between a share's text and the foot of its bar's interval
DIGIT_EM = 0.62  # width of a digit or '%' in em, in Plotly's default font
HIDDEN = "rgba(0,0,0,0)"


def value_room(share: float, upright: bool) -> float:
    """Pixels of bar a share's text takes from the foot of its bar up, with the gaps below and above it."""
    height = len(f"{share:.0f}%") * DIGIT_EM * VALUE_PX if upright else VALUE_PX
    return TEXT_PAD_PX + height + WHISKER_GAP_PX


def value_templates(part: pd.DataFrame, top: float, upright: bool) -> list[str]:
    """Each bar's text: its share where its interval's foot stands clear of the text (on the shortest plot, PLOT_PX,
    with the y axis up to top), else nothing; a hidden bar (base under 10) or a hatched one (under 30) has none."""
    px_per_point = PLOT_PX / top
    return [
        VALUE_TEMPLATE if not (hidden or low) and low_end * px_per_point >= value_room(share, upright) else ""
        for share, low_end, hidden, low in zip(
            part["share"].fillna(0), part["ci_low"].fillna(0), part["suppressed"], part["low_base"], strict=True
        )
    ]


def value_text(part: pd.DataFrame, colours: list[str], top: float, upright: bool) -> dict:
    """A bar trace's settings that write each share at its bar's foot, in black or white as reads on the bar."""
    return {
        "texttemplate": value_templates(part, top, upright),
        "textposition": "inside",
        "insidetextanchor": "start",
        "textangle": -90 if upright else 0,  # side by side (a split chart), narrow bars: upright
        "insidetextfont": {"size": VALUE_PX, "color": [text_on(c) for c in colours]},
    }


def hidden_notes(x: list[str], part: pd.DataFrame, segment: str, text: str) -> go.Bar:
    """A hidden bar's note, upright above its place (side by side, notes read across ran into one another:
    'n<10n<10'), on an invisible bar laid over the segment's own (same offsetgroup)."""
    return go.Bar(
        x=x,
        y=[0] * len(part),
        text=[text if hidden else "" for hidden in part["suppressed"]],
        textposition="outside",
        textangle=-90,
        constraintext="none",
        cliponaxis=False,
        outsidetextfont={"size": 13},
        marker={"color": HIDDEN},
        offsetgroup=str(segment),
        legendgroup=str(segment),
        showlegend=False,
        hoverinfo="skip",
    )
