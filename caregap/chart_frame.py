"""Where a chart's title and legend sit, so that neither runs into the other at any width (no Streamlit, no I/O).

The title hangs TITLE_PAD below the top of the figure by its own y, not by title.pad: Plotly applies the pad, and
the shift that brings a line's capitals down under y, to a title of one line only, and drew the first line of a
title of two across the top edge of the figure, cut off.

Plotly wraps a horizontal legend onto more rows the narrower the chart: on a phone (390 px) a legend of ten
answers takes ten rows. Anchored to the top of the plot it grew upwards, over the title. Placed in the figure's
own (container) coordinates just under the title's lines, it grows downwards instead, and Plotly reserves the
room it takes above the plot, however many rows that is.
"""

from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go

DEFAULT_HEIGHT = 450  # px: what Plotly, and Streamlit, draw a figure that sets no height at
TITLE_PAD = 12  # px above the title
TITLE_FONT_PX = 17  # Plotly's title font when a chart sets none: 1.4 times its 12 px text
CAP_SHIFT = 0.7  # em from the top of a line's capitals to its baseline (Plotly's shift of a title of one line)
LINE_HEIGHT = 1.3  # em per title line, as Plotly sets lines apart
LEGEND_GAP = 6  # px between the title's last line and the legend
PLOT_GAP = 12  # px between the title's last line and the plot, when there is no legend (Plotly leaves it under one)
TICK_CHARS = 16  # characters per line of a category's label: three labels side by side on a phone
AXIS_CHARS = 48  # characters of labels side by side that the x axis of a 360-390 px wide phone holds level
MIN_TICK_CHARS = 8  # no narrower: more than six labels turn on a phone whatever their width, and words would stack
SCREEN_TITLE_CHARS = 44  # characters per title line on screen: as many as the chart of a 390 px wide phone holds
BREAK = "<br>"


def title_lines(fig: go.Figure) -> int:
    """How many lines the figure's title takes (Plotly breaks a line only at <br>)."""
    return (fig.layout.title.text or "").count(BREAK) + 1


def title_line_px(fig: go.Figure) -> int:
    """Pixels per line of the figure's title, at its font size."""
    return round(LINE_HEIGHT * (fig.layout.title.font.size or TITLE_FONT_PX))


def cap_shift_px(fig: go.Figure) -> int:
    """Pixels from the top of the title's capitals to its first baseline, at its font size."""
    return round(CAP_SHIFT * (fig.layout.title.font.size or TITLE_FONT_PX))


def legend_top(fig: go.Figure) -> int:
    """Pixels from the top of the figure to the top of its legend: under the title, however many lines it takes."""
    return TITLE_PAD + title_line_px(fig) * title_lines(fig) + LEGEND_GAP


def place_legend(fig: go.Figure) -> go.Figure:
    """Hang the title from the top of the figure and the legend, in rows, just under it (see the module's docstring);
    the plot starts under the title, and Plotly moves it down under the legend when there is one.

    Both are placed in pixels from the top, so this runs again whenever the height or the title's lines change.
    """
    height = fig.layout.height or DEFAULT_HEIGHT
    top = TITLE_PAD + (cap_shift_px(fig) if title_lines(fig) > 1 else 0)  # y is the first line's baseline (see above)
    fig.update_layout(
        margin_t=legend_top(fig) - LEGEND_GAP + PLOT_GAP,
        title={"yref": "container", "y": 1 - top / height, "yanchor": "top", "pad": {"t": 0}},
        legend={
            "orientation": "h",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - legend_top(fig) / height,
            "yanchor": "top",
        },
    )
    return fig


def _balanced(text: str, width: int) -> list[str]:
    """Text in as few lines of up to width characters as it needs, as even as they can be (no word left alone)."""
    count = len(textwrap.wrap(text, width, break_long_words=False))
    for even in range(-(-len(text) // max(count, 1)), width):
        lines = textwrap.wrap(text, even, break_long_words=False)
        if len(lines) <= count:
            return lines
    return textwrap.wrap(text, width, break_long_words=False)


def wrap_title(text: str, width: int = SCREEN_TITLE_CHARS) -> str:
    """A title in lines of up to width characters; when it is too long, the slice in brackets starts a line.

    'Got a response by channel (everyone, by age group)' -> 'Got a response by channel<br>(everyone, by age group)'.
    text is as a chart holds it (markup escaped, plot_text): it is measured, and broken, as it reads.
    """
    shown = html.unescape(text)
    if len(shown) <= width:
        return text
    head, bracket, tail = shown.rpartition(" (")
    return _in_lines([head, f"({tail}"] if bracket and head else [shown], width)


def wrap_label(text: str, width: int = TICK_CHARS) -> str:
    """A category's axis label in even lines of up to width characters (a long label Plotly would otherwise turn on
    its side, taking the plot's height: 'Expects the same response time at night and weekends' left 60 px of plot on
    a phone). text is as a chart holds it (markup escaped), measured as it reads."""
    shown = html.unescape(text)
    return text if len(shown) <= width else _in_lines([shown], width)


def tick_chars(categories: int) -> int:
    """Characters per line of each label on an axis of that many categories, for up to six to stand level on a phone:
    Plotly turns every label on its side once one is wider than its share of the axis."""
    return max(MIN_TICK_CHARS, min(TICK_CHARS, AXIS_CHARS // max(categories, 1)))


def _in_lines(parts: list[str], width: int) -> str:
    """Each part of a text as it reads, in even lines of up to width characters, as a chart holds text (escaped)."""
    return BREAK.join(html.escape(line, quote=False) for part in parts for line in _balanced(part, width))


def for_screen(fig: go.Figure) -> go.Figure:
    """A copy of the figure as the page draws it: its title wrapped for a phone, its legend under the title."""
    out = go.Figure(fig)
    out.update_layout(height=out.layout.height or DEFAULT_HEIGHT, title_text=wrap_title(out.layout.title.text or ""))
    return place_legend(out)
