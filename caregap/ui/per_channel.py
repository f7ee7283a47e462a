"""Data page, step 2 (continued): which columns ask about contacts (once per channel, or about the one contact a row
names), and about what."""

from __future__ import annotations

import streamlit as st

from caregap.contract import CHANNELS
from caregap.ingest.headers import guess_contact
from caregap.ingest.mapping import NAMED, NAMED_LABEL, WIDE_FIELDS
from caregap.ingest.table import Upload
from caregap.labels import field_label, label
from caregap.ui.column_text import asks, option
from caregap.ui.plain import plain

HELP = (
    "Questions asked once per channel ('Did the company respond? [Email]') become one contact row per person "
    "and channel. Where each row is one contact (a survey after every contact, with a column naming its "
    "channel), a question such as 'Was your issue resolved?' is about the row's channel. Add or remove columns "
    "here, then say which channel and which contact field each one holds."
)
KEYS = (*CHANNELS, NAMED)  # a column's channel, or the one its row names


def _pick(column: str, question: str, guess: tuple[str | None, str | None], key: str) -> tuple[str, str]:
    """A channel and a contact field for one column (the guess first), its question text as the help."""
    channel, field = guess
    left, right = st.columns(2)
    picked_channel = left.selectbox(
        f"{plain(column)}: channel",
        KEYS,
        index=KEYS.index(channel if channel in KEYS else NAMED),
        format_func=lambda key: NAMED_LABEL.capitalize() if key == NAMED else label(key),
        key=f"{key}:channel",
        help=asks(column, question),
    )
    picked_field = right.selectbox(
        f"{plain(column)}: field",
        WIDE_FIELDS,
        index=WIDE_FIELDS.index(field) if field in WIDE_FIELDS else 0,
        format_func=field_label,
        key=f"{key}:field",
    )
    return picked_channel, picked_field


def contacts_step(upload: Upload, start: dict[str, dict[str, str]], token: str) -> dict[str, dict[str, str]]:
    """The per-channel columns (suggested or saved first), each with its channel and contact field, as chosen."""
    current = {column: (channel, field) for channel, fields in start.items() for field, column in fields.items()}
    questions = dict(zip(upload.columns, upload.questions, strict=True))
    chosen = st.multiselect(
        "Questions about contacts",
        upload.columns,
        default=[c for c in upload.columns if c in current],
        format_func=lambda column: option(column, questions[column]),
        key=f"wide:{token}",
        help=HELP,
    )
    contacts: dict[str, dict[str, str]] = {}
    for column in chosen:
        guess = current.get(column) or guess_contact(column, questions[column])
        channel, field = _pick(column, questions[column], guess, f"wide:{token}:{column}")
        taken = contacts.setdefault(channel, {}).setdefault(field, column)
        if taken != column:
            on = NAMED_LABEL if channel == NAMED else label(channel)
            said = f"{plain(taken)} already holds {plain(field)} for {on}"
            st.warning(f"{said}: {plain(column)} is left out.", icon=":material/warning:")
    return contacts
