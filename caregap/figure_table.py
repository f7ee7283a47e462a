"""The Overview's table of published figures beside this dataset's: each value as people read it, in its unit."""

from __future__ import annotations

import pandas as pd

from caregap.labels import label


def format_value(value: float, unit: str) -> str:
    """A figure as people read it: 33%, ±3 pts, 96 min, 36 hours, 2 retailers."""
    if pd.isna(value):
        return "–"
    if unit == "pct":
        return f"{value:.0f}%" if abs(value - round(value)) < 1e-9 else f"{value:.1f}%"
    if unit == "pct_points":
        return f"±{value:.1f} pts"
    if unit == "minutes" and value >= 120:  # '36 hours on average' reads as published, not as 2,160 min
        return f"{value / 60:,.0f} hours" if value % 60 == 0 else f"{value / 60:,.1f} hours"
    if unit == "minutes":
        return f"{value:,.0f} min"
    return f"{value:,.0f} {unit}"


def format_difference(value: float, unit: str) -> str:
    """This dataset minus the published figure, in the figure's unit: '+0.3 pts', '-2 min', '0 retailers'."""
    rounded = round(value, 1 if unit in ("pct", "pct_points") else 0) + 0.0  # never '-0.0'
    sign = "+" if rounded > 0 else ""
    if unit in ("pct", "pct_points"):
        return f"{sign}{rounded:.1f} pts"
    return f"{sign}{rounded:,.0f} {'min' if unit == 'minutes' else unit}"


def of_whom(figure: pd.Series) -> str:
    """Whom or what a figure counts, as published; an audit's test messages with the network they were sent on
    ('negative comments on Twitter': its statement may not say)."""
    base, network = str(figure["base"]), label(figure["channel"])
    if figure["unit"] == "probe" and figure["metric"] == "mean_response_time":
        base = f"answered {base}"  # a mean time is of the messages answered
    named = network.lower() in base.lower() or (network == "Twitter" and "tweet" in base)
    return base if figure["unit"] != "probe" or named else f"{base} on {network}"


def display_table(compared: pd.DataFrame) -> pd.DataFrame:
    """The comparison as shown on the Overview: published and recomputed values with their units."""
    return pd.DataFrame(
        {
            "Figure": compared["figure_id"],
            "What was published": compared["statement"],
            "Of": [of_whom(row) for _, row in compared.iterrows()],
            "Published": [format_value(v, u) for v, u in zip(compared["value"], compared["value_unit"], strict=True)],
            "This dataset": [
                format_value(v, u) for v, u in zip(compared["computed"], compared["value_unit"], strict=True)
            ],
            "Difference": [
                format_difference(d, u) for d, u in zip(compared["difference"], compared["value_unit"], strict=True)
            ],
        }
    )
