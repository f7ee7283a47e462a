"""What an exported chart says about itself: its caption, drawn into the figure (its file name: names.py)."""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from caregap.chart_frame import BREAK, LINE_HEIGHT, TITLE_FONT_PX, place_legend

WRAP = 150  # characters per caption line in a figure 1,000 px wide
LINE_PX = 15  # height of one caption line (11 px text)
DEFAULT_HEIGHT = 520  # plot height of an exported chart, before its caption
DEFAULT_MARGIN = 80  # Plotly's own margins when a chart sets none
TEMPLATE = "plotly_white"
CHAR_PX = 7  # width of one character of a 12 px tick label, roughly
TICK_LINE_PX = 16  # height of one line of a 12 px tick label
TICK_PAD_PX = 12  # between the plot and its labels, and between the labels and the axis title
TITLE_WRAP = 95  # characters per title line in a figure 1,000 px wide


@dataclass(frozen=True)
class Caption:
    """Everything a chart needs to say outside the screen: what, from which data, for whom, on which base."""

    title: str
    dataset: str  # the dataset's title
    source: str
    slice: str  # the filters in words (Slice.describe)
    base: str  # bases and marks (views.base_note)
    weighting: str  # as the dataset's metadata states it
    synthetic: bool = False
    exported: date = field(default_factory=date.today)
    split: str = ""  # what the chart is split by, in words ('age group'); empty when it is not split
    synthetic_of: str = ""  # which datasets are synthetic, where a chart shows some that are not

    def slicers(self) -> str:
        """The active slicers in words: the filters, then the split if any ('Female; split by age group')."""
        return one_line(self.slice + (f"; split by {self.split}" if self.split else ""))

    def lines(self) -> list[str]:
        """The caption under the chart, line by line (the title is the chart's own)."""
        made = f"Exported from Care Gap on {self.exported.isoformat()}."
        if self.synthetic:
            which = f" ({self.synthetic_of})" if self.synthetic_of else ""
            made += f" Synthetic data{which} calibrated to published figures: only the published figures are real."
        lines = [f"Dataset: {self.dataset}", f"Source: {self.source}", f"Slice: {self.slicers()}", self.base]
        return [one_line(line) for line in (*lines, f"Weighting: {short_weighting(self.weighting)}", made)]

    def text(self) -> str:
        """Title and caption as plain text (PNG metadata, slide notes, the methods note)."""
        return "\n".join([one_line(self.title), *self.lines()])


def one_line(text: str) -> str:
    """Text on one line, its runs of white space (a label's line break, say) as single spaces."""
    return " ".join(text.split())


def short_weighting(text: object) -> str:
    """The first clause of a weighting statement, capitalised: 'Cell weights on age group x gender', 'None' (a
    full stop ends it; the dots of 'U.S.', 'e.g.' or '0.5' do not)."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
        return "not stated"
    first = re.split(r"[:;]|(?<!\b[A-Za-z])\.(?=\s|$)", str(text).strip(), maxsplit=1)[0].strip()
    return first[:1].upper() + first[1:] if first else "not stated"


def wrapped(lines: list[str], width: int = WRAP) -> list[str]:
    """Caption lines wrapped to the figure's width (Plotly does not wrap text)."""
    return [part for line in lines for part in (textwrap.wrap(line, width) or [""])]


# The caption's text box: under the plot's bottom-left corner (shifted by the margins), left aligned.
CAPTION_PLACE = {
    "xref": "paper",
    "yref": "paper",
    "x": 0,
    "y": 0,
    "xanchor": "left",
    "yanchor": "top",
    "align": "left",
    "showarrow": False,
    "font": {"size": 11, "color": "#444444"},
}


def captioned(fig: go.Figure, caption: Caption, *, height: int | None = None) -> go.Figure:
    """A copy of the figure with its caption drawn under it, taller by the caption's height, on a white template."""
    out = go.Figure(fig)
    lines = wrapped(caption.lines())
    extra = LINE_PX * len(lines) + 16
    margin = out.layout.margin
    bottom = max(DEFAULT_MARGIN if margin.b is None else margin.b, _tick_room(out))
    left = max(DEFAULT_MARGIN if margin.l is None else margin.l, _label_width(out))
    title, taller = _wrapped_title(out.layout.title)
    out.update_layout(
        template=TEMPLATE,
        height=(height or out.layout.height or DEFAULT_HEIGHT) + extra + taller,
        margin={"b": bottom + extra, "l": left},
        title={"text": title, "pad": {"l": 8}},
    )
    place_legend(out)  # under the title's lines, at the figure's new height
    out.add_annotation(
        text="<br>".join(html.escape(line, quote=False) for line in lines),
        xshift=8 - left,
        yshift=-bottom,
        **CAPTION_PLACE,
    )
    return out


def _wrapped_title(title: go.layout.Title) -> tuple[str, int]:
    """The title wrapped onto lines of TITLE_WRAP characters (Plotly does not wrap), and the height its lines add
    (place_legend hangs it, and the legend under it, from the top of the figure)."""
    lines = textwrap.wrap(title.text or "", TITLE_WRAP) or [""]
    return "<br>".join(lines), round(LINE_HEIGHT * (title.font.size or TITLE_FONT_PX)) * (len(lines) - 1)


def _tick_room(fig: go.Figure) -> int:
    """Room under the plot that the x axis's labels, in lines (chart_frame.wrap_label), and its title take."""
    lines = max((str(text).count(BREAK) + 1 for text in fig.layout.xaxis.ticktext or ()), default=1)
    return TICK_PAD_PX + TICK_LINE_PX * lines + (TICK_LINE_PX + TICK_PAD_PX if fig.layout.xaxis.title.text else 0)


def _label_width(fig: go.Figure) -> int:
    """Room the category labels of horizontal bars take (so the caption can start at the figure's left edge)."""
    labels = [
        str(v)
        for trace in fig.data
        if getattr(trace, "orientation", None) == "h"
        for v in (() if trace.y is None else trace.y)
    ]
    return CHAR_PX * max((len(v) for v in labels), default=0) + 24
