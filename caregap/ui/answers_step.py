"""Data page, step 3a: a contract value, chosen by hand, for each answer that matched none."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from caregap.ingest.cells import NO_CONTACT
from caregap.ingest.mapping import CONTACTS, RESPONDENTS, WIDE_FIELDS, Mapping, answers, column_field
from caregap.ingest.values import in_years
from caregap.labels import counted, field_label, label
from caregap.ui.plain import plain

REJECT, BLANK = "(reject these rows)", "(leave blank)"


def choosable(unknown: dict[str, Counter]) -> dict[str, Counter]:
    """The unrecognised answers that can be mapped by hand: those of yes/no, single- and multi-choice fields.

    Not an age in years: 16 fits no age group (they start at 18), and mapping it into one would change who it is.
    """
    shown = {f: counts for f, counts in unknown.items() if answers(RESPONDENTS.get(f) or CONTACTS[f])}
    if "age_group" in shown:
        shown["age_group"] = Counter({raw: n for raw, n in shown["age_group"].items() if not in_years(raw)})
    return {f: counts for f, counts in shown.items() if counts}


def value_step(mapping: Mapping, unknown: dict[str, Counter], token: str) -> None:
    """A contract value for each answer that matched none (the first few): or blank, for an optional field; or no
    contact, for a per-channel question ('Did not use')."""
    for field, counts in choosable(unknown).items():
        spec = RESPONDENTS.get(field) or CONTACTS[field]
        options = [
            REJECT,
            *answers(spec),
            *([] if spec.required else [BLANK]),
            *([NO_CONTACT] if field in WIDE_FIELDS else []),
        ]
        named, source = field_label(column_field(field)), mapping.source(field)
        where = f" ({plain(source)})" if source else ""
        for raw, count in counts.most_common(8):
            picked = st.selectbox(
                f"{named}{where}: {plain(raw)} ({counted(count, 'row')})",
                options,
                format_func=label,
                key=f"value:{token}:{field}:{raw}",
            )
            if picked != REJECT:
                mapping.values.setdefault(field, {})[raw] = "" if picked == BLANK else picked
