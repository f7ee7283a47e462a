"""What a chart says in words and numbers: its data as people read it, its bases and marks, its alt text."""

from __future__ import annotations

import pandas as pd

from caregap.bases import versus
from caregap.labels import label
from caregap.significance import ALPHA

P_COLUMN = "p-value vs rest"
P_BASELINE = "p-value vs baseline"  # datasets side by side, each tested against the first
ADJUSTED = ", adjusted (FDR)"  # after a p-value column's name: the p-values corrected over the chart's tests
DEFF_COLUMN = "Design effect (clustering)"  # of one person's several contacts; weighting is in the effective base
READ_AS = {  # a chart table's columns as its 'show data' table names them, in their order after its x
    "share": "Share (%)",
    "ci_low": "95% CI low (%)",
    "ci_high": "95% CI high (%)",
    "base_n": "Base (n)",
    "base_people": "People (n)",
    "effective_base": "Effective base",
}


def corrected(data: pd.DataFrame) -> bool:
    """Whether a chart's data holds p-values corrected for the chart's many tests (its marks then differ)."""
    return any(str(column).endswith(ADJUSTED) for column in data.columns)


def chart_data(
    table: pd.DataFrame,
    x: str,
    x_title: str,
    reference: pd.DataFrame | None = None,
    segment_title: str = "Segment",
) -> pd.DataFrame:
    """The numbers behind a chart, as people read them (the 'show data' table and the data exports).

    With the published figures drawn on the chart (columns segment, x, value), each sits beside its bar;
    segment_title names the split's column ('Age group', 'Channel used').
    """
    shown = table.copy()
    columns = {"segment": segment_title, "channel": "Channel", x: x_title, **READ_AS}
    out = shown[[c for c in columns if c in shown.columns]].rename(columns=columns)
    for column in (segment_title, "Channel", x_title):
        if column in out.columns:
            out[column] = [label(v) for v in out[column]]
    for column in ("Share (%)", "95% CI low (%)", "95% CI high (%)", "Effective base"):
        out[column] = out[column].round(1)
    if "pair_mm" in shown.columns:  # contacts pooled over channels, allowing for one person's several contacts
        out[DEFF_COLUMN] = shown["design_effect"].round(2).to_numpy()
    if shown.get("p_value") is not None and shown["p_value"].notna().any():
        name = P_BASELINE if "against" in shown.columns else P_COLUMN
        out[name] = p_rounded(shown["p_value"])
        if "p_adjusted" in shown.columns:  # corrected: the p-value that decided the mark, beside the test's own
            out[name + ADJUSTED] = p_rounded(shown["p_adjusted"])
    if reference is not None and not reference.empty:
        out["Published (%)"] = _published(shown, x, reference)
    out["Note"] = [_note(row) for _, row in shown.iterrows()]
    return out.loc[:, ~out.columns.duplicated()].reset_index(drop=True)


def _digits(p: float) -> int:
    """Significant digits for p: 2, or more where 2 would round it across the 5% line (0.0496 is not 0.050)."""
    digits = 2
    while digits < 6 and (float(f"{p:.{digits}g}") < ALPHA) != (p < ALPHA):
        digits += 1
    return digits


def p_rounded(values: pd.Series) -> list[float]:
    """P-values as the data exports give them: numbers to 2 significant digits (never rounded to 0 or across 0.05)."""
    return [float(f"{p:.{_digits(p)}g}") for p in values]


def p_text(p: float) -> str:
    """A p-value as a table shows it, to 2 significant digits: '0.041', '0.60', '<0.001'; a dash for no test."""
    if pd.isna(p):
        return "–"
    return "<0.001" if p < 0.001 else f"{p:#.{_digits(p)}g}"


def on_screen(data: pd.DataFrame) -> pd.DataFrame:
    """A table as the screen shows it: p-values as people write them, a dash for a missing number.

    A column with a missing number becomes text (a table shows a missing number as 'None'), written with the
    decimals the column would show as numbers; the exports keep numbers.
    """
    shown = data.assign(**{c: data[c].map(p_text) for c in data.columns if str(c).startswith("p-value")})
    gaps = [c for c in shown.columns if pd.api.types.is_float_dtype(shown[c]) and shown[c].isna().any()]
    return shown.assign(**{c: [_number_text(v, decimals(c)) for v in shown[c]] for c in gaps})


def decimals(column: object) -> int | None:
    """The decimals a number column shows: 1 for percentages, minutes and effective bases, 2 for design effects."""
    if str(column).endswith(("(%)", "(min)", "minutes)")) or column == "Effective base":
        return 1
    return 2 if column == DEFF_COLUMN else None


def screen_formats(data: pd.DataFrame, shown: pd.DataFrame) -> dict[str, str]:
    """How the number columns of a table show on screen (shown: on_screen(data)): 'text' where on_screen made them
    text (kept right-aligned), fixed decimals with thousands separators for percentages, minutes, effective bases
    (1,940.7 beside 44.8) and design effects, 'localized' for counts (1,000)."""
    numeric = pd.api.types.is_numeric_dtype
    formats = {}
    for column in data.columns:
        if not numeric(data[column]) or data[column].dtype == bool:
            continue
        if not numeric(shown[column]):
            formats[column] = "text"
        elif decimals(column) is not None:
            formats[column] = f"%,.{decimals(column)}f"
        elif pd.api.types.is_integer_dtype(data[column]):
            formats[column] = "localized"
    return formats


def _number_text(value: float, places: int | None) -> str:
    """A number as a table cell shows it: with the column's decimals (57.0, 1.00), else as it comes (33, 1,000);
    a dash where there is none."""
    if pd.isna(value):
        return "–"
    return f"{value:,.10g}" if places is None else f"{value:,.{places}f}"


def _published(shown: pd.DataFrame, x: str, reference: pd.DataFrame) -> list[float]:
    """Each row's published figure (NaN where none): matched on segment and x, and on channel where given.

    When the chart's x is the segment itself (a chart by age group, say), the segment alone matches.
    """
    on = list(dict.fromkeys(["segment", x, *(["channel"] if "channel" in reference.columns else [])]))
    on = [c for c in on if c in shown.columns]
    mine = reference.drop(columns="x") if x == "segment" else reference.rename(columns={"x": x})
    mine = mine[[*on, "value"]].astype(dict.fromkeys(on, str))
    return shown[on].astype(dict.fromkeys(on, str)).merge(mine, on=on, how="left")["value"].tolist()


def base_flag_note(row: pd.Series) -> str:
    """A row's small-base flag in words ('base under 30: read with caution'); empty when its base is not small."""
    unit = " people" if "base_people" in row.index else ""  # what the flags count
    if row["suppressed"]:
        return f"base under 10{unit}: not shown"
    return f"base under 30{unit}: read with caution" if row["low_base"] else ""


def _note(row: pd.Series) -> str:
    """The flags of one row in words."""
    if row["suppressed"]:
        return base_flag_note(row)
    if row.get("against") and row["segment"] == row["against"]:
        return "; ".join(filter(None, [base_flag_note(row), "baseline: the others are tested against it"]))
    against = versus(row.get("against"))
    significant = f"significantly {row['direction']} than {against}" if row.get("significant") else ""
    return "; ".join(filter(None, [base_flag_note(row), significant]))


def alt_text(table: pd.DataFrame, x: str, title: str) -> str:
    """A sentence a screen reader can read instead of the chart."""
    rows = table[table["segment"] != "All"] if set(table["segment"]) != {"All"} else table
    people = "base_people" in rows.columns  # contacts pooled over channels: the flags count their people
    hidden = "not shown (under 10 people)" if people else "not shown (base under 10)"
    items = []
    for _, row in rows.iterrows():
        who = "" if row["segment"] == "All" or x == "segment" else f"{label(row['segment'])}, "
        value = hidden if row["suppressed"] else f"{row['share']:.0f}%"
        base = f"{int(row['base_n'])} contacts of {int(row['base_people'])} people" if people else int(row["base_n"])
        items.append(f"{who}{label(row[x])}: {value} (n={base})")
    return f"Chart: {title}. " + "; ".join(items) + "."


def probe_minutes_data(probes: pd.DataFrame) -> pd.DataFrame:
    """Each answered test message's response time, as people read it (Show data and the data exports)."""
    return pd.DataFrame(
        {
            "Brand": probes["brand"],
            "Network": [label(v) for v in probes["network"]],
            "Message type": [label(v) for v in probes["probe_type"]],
            "Minutes to respond": probes["response_minutes"],
        }
    )
