"""Pieces every page uses: guards for the kind of dataset and empty slices, and the chart block."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from caregap.bases import bars, base_note, base_range
from caregap.chart_frame import for_screen
from caregap.charts import share_chart
from caregap.export.names import file_name, split_of
from caregap.export.page import ChartExport
from caregap.readout import alt_text, chart_data, corrected, on_screen, screen_formats
from caregap.slicing import SPLIT_LABELS, Slice
from caregap.ui.captions import chart_caption
from caregap.ui.data import dataset_row, run
from caregap.ui.export import export_menu
from caregap.ui.plain import plain
from caregap.ui.sidebar import current_slice

PLOTLY_CONFIG = {"displaylogo": False}


def require_kind(slc: Slice, kind: str) -> None:
    """Stop the page, with a plain explanation, when the dataset is not of the kind the page shows."""
    if dataset_row(slc.dataset)["kind"] != kind:
        wanted = "consumer survey" if kind == "consumer_survey" else "brand audit"
        st.info(f"This page shows a {wanted}. Choose one in the sidebar.", icon=":material/swap_horiz:")
        st.stop()


def by_channel(slc: Slice) -> Slice:
    """The slice for charts that are already by channel: a split by channel used would only repeat their
    bars (a phone contact is a contact of someone who used phone), so it is left out, and said."""
    if slc.split != "channel":
        return slc
    st.info(
        "These charts are already by channel, so the split by channel used does not apply to them.",
        icon=":material/info:",
    )
    return slc.with_split("none")


def require_respondents(slc: Slice) -> None:
    """Stop the page, saying so plainly, when the filters leave nobody."""
    summary = run("dataset_summary", **slc.filters()).iloc[0]
    if summary["respondents"] == 0:
        st.warning(
            f"No respondents match these filters ({plain(slc.describe())}). "
            "Remove a filter in the sidebar to see results.",
            icon=":material/filter_alt_off:",
        )
        st.stop()


def _why_empty(table: pd.DataFrame, noun: str, x: str) -> str:
    """Why a chart of this table would show nothing ('' when it shows something)."""
    if table.empty:
        return f"nothing to show: no {noun} in this slice. Widen the filters to see it."
    drawn = bars(table, x)
    if not drawn["suppressed"].all():
        return ""
    under = f"under 10 {noun} ({base_range(drawn['base_n'])}), so no share is shown"
    if table["suppressed"].all():  # an empty axis with 'n<10' on it says less than this
        return f"every base in this slice is {under}. Widen the filters to see it."
    return f"every segment's base is {under}. Split by nothing to see the whole slice."


def show_chart(
    fig: go.Figure,
    table: pd.DataFrame,
    *,
    x: str,
    x_title: str,
    noun: str,
    key: str,
    slc: Slice | None = None,
    name: str = "",
    by: str | None = None,
    reference: pd.DataFrame | None = None,
    show_data: bool = True,
    compared: bool = False,
    datasets: dict[str, str] | None = None,
    remark: str = "",
) -> bool:
    """A chart with its alt text, its bases and marks, its numbers under 'Show data', and its export menu; whether
    it was drawn (else a notice says why not).

    name is what the chart measures and by what it is broken down (x_title unless given), for file names;
    reference holds the published figures drawn on it, which its data then shows too; show_data=False leaves
    out 'Show data' for a page that shows the numbers as a table of their own; compared says its segments are
    tested against the rest of the slice (Compare), which its file names then say; datasets are those a chart of
    several datasets shows (id -> label), which its caption then names; remark follows its base in the caption.
    """
    title = html.unescape(fig.layout.title.text or "")  # as typed (charts escape markup)
    if empty := _why_empty(table, noun, x):
        st.info(f"{plain(title)}: {empty}", icon=":material/info:")
        return False
    slc = slc or current_slice()
    split = split_of(table, x)
    segment = SPLIT_LABELS[split] if split != "none" else "Segment"
    data = chart_data(table, x, x_title, reference, segment)
    named = {"split": split, "compared": compared, "corrected": corrected(data)}
    stem = file_name(name or title, x_title if by is None else by, slc, **named)
    base = " ".join(filter(None, [base_note(table, noun, stacked=fig.layout.barmode == "stack", x=x), remark]))
    caption = chart_caption(title, slc, base, split=split, datasets=datasets)
    chart = ChartExport(fig, data, caption, name or title, stem)
    _draw(chart, alt_text(table, x, title), slc, key, show_data=show_data)
    return True


def show_shares(
    table: pd.DataFrame,
    *,
    x: str,
    x_title: str,
    title: str,
    axis: str | None = None,
    across: bool = False,
    reference: pd.DataFrame | None = None,
    **block: object,
) -> bool:
    """A share chart of the table (share_chart) in its block (show_chart; block: noun, key, slc, name, ...);
    whether it was drawn.

    axis titles the chart's x axis (x_title, which heads the data's column, unless given); across draws the
    split's segments along the axis, one bar each, instead of side by side.
    """
    drawn, marks, along = table, reference, x
    if across:
        drawn, along = table.assign(x=table["segment"], segment="All"), "x"
        marks = None if reference is None else reference.assign(segment="All")
    fig = share_chart(drawn, x=along, title=title, x_title=x_title if axis is None else axis, reference=marks)
    return show_chart(fig, table, x=x, x_title=x_title, reference=reference, **block)


def show_compared(table: pd.DataFrame, *, segments: str, title: str, reference: pd.DataFrame, **block: object) -> bool:
    """Compare's chart, a bar per segment tested, then its numbers as a table; segments names what they are
    ('Gender', 'Dataset'), block the rest of show_chart's choices (noun, slc, name, ...); whether it was drawn."""
    shares = {"x": "segment", "x_title": segments, "title": title, "axis": "", "across": True, "reference": reference}
    if not show_shares(table, **shares, key="cmp", show_data=False, compared=True, **block):
        return False
    show_table(chart_data(table, "segment", segments, reference))
    return True


def show_figure(
    fig: go.Figure, data: pd.DataFrame, *, alt: str, base: str, slc: Slice, name: str, by: str, key: str
) -> None:
    """A chart whose numbers are not a share table (they are shown, and exported, as given), with its base."""
    title = html.unescape(fig.layout.title.text or "")  # as typed (charts escape markup)
    stem = file_name(name, by, slc, corrected=corrected(data))
    chart = ChartExport(fig, data, chart_caption(title, slc, base), name, stem)
    _draw(chart, alt, slc, key)


def _draw(chart: ChartExport, alt: str, slc: Slice, key: str, *, show_data: bool = True) -> None:
    """The chart, its base beside its export menu, and its numbers under 'Show data'."""
    st.plotly_chart(for_screen(chart.figure), key=key, config=PLOTLY_CONFIG, alt=alt)
    note, menu = st.columns([5, 1], vertical_alignment="top")
    note.caption(plain(chart.caption.base))  # a baseline or a dataset it names is a title as typed
    with menu:
        export_menu(chart, slc, key)
    if show_data:
        with st.expander("Show data", icon=":material/table:"):
            show_table(chart.data)


def show_table(data: pd.DataFrame, labels: dict[str, str] | None = None, *, wide: tuple[str, ...] = ()) -> None:
    """A table as people read it: a dash for a missing number, numbers right-aligned and formatted, labelled columns;
    the wide text columns (a statement) kept to a large column, so that the numbers beside them stay in view, and
    the first column pinned, so that a row is named however far its numbers are scrolled (on a phone)."""
    labels, shown = labels or {}, on_screen(data)
    config: dict[str, object] = dict(labels)
    config |= {column: st.column_config.TextColumn(labels.get(column), width="large") for column in wide}
    for column, fmt in screen_formats(data, shown).items():
        label = labels.get(column)
        config[column] = (
            st.column_config.TextColumn(label, alignment="right")
            if fmt == "text"
            else st.column_config.NumberColumn(label, format=fmt)
        )
    first = shown.columns[0]  # what each row is (a segment, a brand): kept in view while the numbers scroll past
    if first not in config or isinstance(config[first], str):
        config[first] = st.column_config.TextColumn(labels.get(first), pinned=True)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
