"""Where a chart's title and legend sit: the legend under the title at any width, in the page and in exports."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from caregap.chart_frame import (
    AXIS_CHARS,
    BREAK,
    DEFAULT_HEIGHT,
    PLOT_GAP,
    SCREEN_TITLE_CHARS,
    TICK_CHARS,
    TITLE_PAD,
    cap_shift_px,
    for_screen,
    legend_top,
    tick_chars,
    title_line_px,
    wrap_label,
    wrap_title,
)
from caregap.export.caption import Caption, captioned
from caregap.labels import label
from tests.test_charts import CHARTS, shares_of

SPLIT = shares_of([("All", "phone", 400, 200), ("female", "phone", 200, 90), ("male", "phone", 200, 110)])
LONG = "Say social media contacts are rarely or never answered (Female, 18-29, 30-44, by age group)"


def top_px(fig: go.Figure, y: float) -> float:
    """Pixels from the top of the figure to a container y (0 at the bottom, 1 at the top)."""
    return (1 - y) * (fig.layout.height or DEFAULT_HEIGHT)


def assert_legend_under_title(fig: go.Figure) -> None:
    """The legend is laid out downwards from a point in the figure under the title's last line, so that Plotly
    reserves the room it takes above the plot, however many rows it wraps to; it never grows up into the title."""
    legend, title = fig.layout.legend, fig.layout.title
    assert (legend.orientation, legend.yref, legend.yanchor, legend.xanchor) == ("h", "container", "top", "left")
    assert (title.yref, title.yanchor) == ("container", "top")
    lines = (title.text or "").count(BREAK) + 1
    first_line_top = top_px(fig, title.y) - (cap_shift_px(fig) if lines > 1 else 0)  # y is its baseline when it wraps
    assert first_line_top == pytest.approx(TITLE_PAD)  # inside the figure, not across its top edge
    assert top_px(fig, legend.y) >= first_line_top + title_line_px(fig) * lines
    assert top_px(fig, legend.y) == pytest.approx(legend_top(fig))
    title_bottom = first_line_top + title_line_px(fig) * lines  # the plot (or a legend) under it, no empty band
    assert title_bottom < fig.layout.margin.t <= title_bottom + PLOT_GAP + 0.5


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_hangs_its_legend_under_its_title(name):
    assert_legend_under_title(CHARTS[name])


@pytest.mark.parametrize("name", CHARTS)
def test_on_a_phone_a_long_title_wraps_and_the_legend_moves_down_with_it(name):
    fig = go.Figure(CHARTS[name]).update_layout(title_text=LONG)
    shown = for_screen(fig)
    lines = shown.layout.title.text.split(BREAK)
    assert len(lines) >= 2 and all(len(line) <= SCREEN_TITLE_CHARS for line in lines)
    assert_legend_under_title(shown)
    assert top_px(shown, shown.layout.legend.y) > top_px(fig, fig.layout.legend.y) + title_line_px(fig)
    assert fig.layout.title.text == LONG  # the chart itself (and so its exports and file names) keeps its title


def test_a_tall_stacked_chart_places_its_legend_at_its_own_height():
    fig = CHARTS["stacked"]
    assert fig.layout.height > DEFAULT_HEIGHT
    assert top_px(fig, fig.layout.legend.y) == pytest.approx(legend_top(fig))


def test_an_exported_chart_keeps_its_legend_under_its_wrapped_title():
    from caregap.charts import share_chart

    fig = share_chart(SPLIT, x="channel", title=LONG + " and a great deal more said about it", x_title="")
    caption = Caption("T", "Dataset", "Source", "Everyone", "Base: 400", "None")
    out = captioned(fig, caption)
    assert out.layout.height > DEFAULT_HEIGHT and BREAK in out.layout.title.text
    assert_legend_under_title(out)


def test_titles_wrap_before_the_slice_and_never_inside_a_word():
    assert wrap_title("Expected response time by channel (everyone)") == "Expected response time by channel (everyone)"
    assert wrap_title("Got a response by channel (everyone, by age group)") == (
        "Got a response by channel<br>(everyone, by age group)"
    )
    lines = wrap_title(LONG).split(BREAK)
    assert lines[-1].startswith("(") and " ".join(lines) == LONG
    assert max(len(line) for line in lines) - min(len(line) for line in lines) < 15  # no word left on its own


def test_a_title_is_measured_as_it_reads_and_its_markup_stays_escaped():
    typed = "Share (&lt;b&gt;North&lt;/b&gt;, &lt;i&gt;South&lt;/i&gt;, West, East, Midwest)"
    wrapped = wrap_title(typed, 30)
    assert "<b>" not in wrapped and wrapped.replace(BREAK, " ") == typed
    assert wrap_title("&amp; " * 8) == "&amp; " * 8  # 48 characters held, 16 shown


def test_many_categories_take_narrower_lines_and_one_base_for_all_is_left_to_the_base_note():
    from caregap.charts import share_chart

    codes = ("phone", "email", "chat", "social", "sms", "in_person")
    axis = share_chart(
        shares_of([("All", c, 1000, 300) for c in codes]), x="channel", title="T", x_title=""
    ).layout.xaxis
    width = tick_chars(len(codes))
    assert width * len(codes) <= AXIS_CHARS and width < TICK_CHARS  # six labels level where three of 16 would be
    assert [text.replace(BREAK, " ") for text in axis.ticktext] == [label(c) for c in codes]  # every word, no n=
    assert all(len(line) <= width for text in axis.ticktext for line in text.split(BREAK))
    assert "Social<br>media" in axis.ticktext and "Phone" in axis.ticktext
    assert [tick_chars(n) for n in (1, 3, 4, 6, 7, 100)] == [16, 16, 12, 8, 8, 8]


def test_empty_slice_chart_still_has_its_heading_placed():
    from caregap.stacked_charts import stacked_chart

    fig = stacked_chart(
        pd.DataFrame(columns=["segment", "channel"]), y="channel", stack="answer", title="T", y_title=""
    )
    assert_legend_under_title(fig)


def test_a_long_category_label_is_drawn_in_lines_rather_than_on_its_side():
    from caregap.charts import share_chart

    codes = ("expects_same_response_time_off_hours", "prefers_live_assistance", "phone")
    rows = [("All", code, base, 50) for code, base in zip(codes, (100, 90, 1000), strict=True)]
    axis = share_chart(shares_of(rows), x="channel", title="T", x_title="").layout.xaxis
    assert list(axis.tickvals) == list(axis.categoryarray) == [label(code) for code in codes]
    names = [text.rpartition(BREAK)[0] for text in axis.ticktext]  # each label's last line is its bar's base
    assert [text.rpartition(BREAK)[2] for text in axis.ticktext] == ["n=100", "n=90", "n=1,000"]
    assert [name.replace(BREAK, " ") for name in names] == list(axis.categoryarray)  # every word, in order
    assert all(len(line) <= TICK_CHARS for text in axis.ticktext for line in text.split(BREAK))
    assert names[0].count(BREAK) >= 2 and names[2] == "Phone"
    split = shares_of([("All", "phone", 200, 100), ("female", "phone", 100, 50), ("male", "phone", 100, 50)])
    short = share_chart(split, x="channel", title="T", x_title="")
    assert short.layout.xaxis.tickvals is None  # short labels, and bases given elsewhere: Plotly's to place
    assert wrap_label("&lt;b&gt;North&lt;/b&gt;") == "&lt;b&gt;North&lt;/b&gt;"  # 24 characters held, 12 shown
