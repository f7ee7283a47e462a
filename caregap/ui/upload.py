"""Data page, steps 1 and 2: upload a survey export, then say which column is which contract field."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from caregap import saved_mappings
from caregap.errors import DatasetError
from caregap.ingest.decode import max_upload_mb
from caregap.ingest.example import example_csv
from caregap.ingest.mapping import CHANNELS_USED, RESPONDENTS, Mapping, absent_columns, suggest
from caregap.ingest.read import read_saved
from caregap.ingest.table import Upload
from caregap.labels import counted, field_label
from caregap.paths import DATA_DIR
from caregap.ui.column_text import asks, option
from caregap.ui.per_channel import contacts_step
from caregap.ui.plain import plain
from caregap.ui.problems import show_error

NOT_MAPPED = "(not in this file)"
SHEET_KEY, SHEETS_KEY = "upload_sheet", "upload_sheets"  # the sheet chosen (per file); the workbook's sheets
SUGGESTED = "Suggested from the headers"
EXAMPLE = "northridge_2015"  # the dataset the example export is written from
EXAMPLE_FILE = "care-gap-example-export.csv"
FIELDS = [*RESPONDENTS, CHANNELS_USED]
FIELD_HELP = {
    "respondent_id": "Leave unmapped to number respondents by their line in the file.",
    "age_group": "Ages in years are grouped into 18-29, 30-44, 45-59 and 60+.",
    CHANNELS_USED: "A multi-select question of the channels people used: each one becomes a contact row.",
}


def upload_step() -> Upload | None:
    """The file uploader; the upload read once per file (refusals explained)."""
    limit = max_upload_mb()
    file = st.file_uploader(
        "Survey export: CSV or Excel (XLSX)",
        type=["csv", "txt", "tsv", "xlsx"],
        key="upload_file",
        max_upload_size=limit,
        help=f"Google Forms, SurveyMonkey and Qualtrics exports are recognised. Up to {limit} MB.",
    )
    if file is None:
        _example_offer()
        return None
    result = _read(file, st.session_state.get(f"{SHEET_KEY}:{file.file_id}"))
    _sheet_choice(file.file_id)
    if isinstance(result, DatasetError):
        show_error(result)
        return None
    for note in result.notes:
        st.caption(plain(note))
    return result


def _read(file: UploadedFile, sheet: str | None) -> Upload | DatasetError:
    """The upload (the sheet chosen of a workbook, else its first that reads), read once per file and sheet."""
    key, stored = (file.file_id, file.name, file.size), st.session_state.get("upload_key", ())
    if stored[:3] != key or (sheet is not None and stored[3] != sheet):
        try:
            with st.spinner(f"Reading {plain(file.name)}…"):
                read = read_saved(file.name, file.getvalue(), sheet)
        except DatasetError as err:
            read = err
        st.session_state["upload_read"] = read
        st.session_state["upload_key"] = (*key, read.sheet if isinstance(read, Upload) else sheet)
    read = st.session_state["upload_read"]
    if isinstance(read, Upload) and read.sheets:  # the workbook's sheets stay on offer if another fails to read
        st.session_state[SHEETS_KEY] = (file.file_id, read.sheets, read.sheet)
    return read


def _sheet_choice(file_id: str) -> None:
    """A choice of sheet, for a workbook with several: the one read first is the first that reads as a survey."""
    kept_for, sheets, first = st.session_state.get(SHEETS_KEY, (None, [], ""))
    if kept_for == file_id and len(sheets) > 1:
        st.selectbox("Sheet", sheets, index=sheets.index(first), key=f"{SHEET_KEY}:{file_id}")


@st.cache_data(max_entries=1, show_spinner=False)
def _example() -> bytes:
    """The example export, written once per server."""
    return example_csv(DATA_DIR / EXAMPLE)


def _example_offer() -> None:
    """A survey export to try the import with, for someone who has none at hand."""
    st.caption(
        "No export at hand? Try the import with an example: the bundled Northridge sample (synthetic, 1,000 "
        "respondents) written as a survey tool exports it, one row per respondent and a column per question."
    )
    st.download_button(
        "Example export (CSV)",
        data=_example,
        file_name=EXAMPLE_FILE,
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def _start(upload: Upload) -> tuple[Mapping, str]:
    """The mapping to start from (suggested, or a saved one) and a token that renews the widgets when it changes."""
    titles = saved_mappings.mapping_titles()
    choice = st.selectbox(
        "Start the mapping from", [SUGGESTED, *titles], format_func=lambda n: titles.get(n, n), key="mapping_start"
    )
    token = f"{st.session_state['upload_key']}:{choice}"
    if choice != SUGGESTED:
        try:
            text = saved_mappings.read_mapping(choice)
            mapping, added = saved_mappings.completed(Mapping.from_json(text, upload, choice), suggest(upload))
            _say_absent(absent_columns(text, upload), titles[choice])
            _say_added(mapping, added, titles[choice])
            return mapping, token
        except DatasetError as err:
            show_error(err)
            st.caption("Starting from the mapping suggested from the headers instead.")
    return suggest(upload), token


def _say_absent(absent: list[str], name: str) -> None:
    """Warn that a saved mapping names columns this file has not (they are left unmapped)."""
    if absent:
        shown = ", ".join(f"'{plain(column)}'" for column in absent[:5]) + (", …" if len(absent) > 5 else "")
        st.warning(
            f"The saved mapping “{plain(name)}” names {counted(len(absent), 'column')} this file has not, left "
            f"unmapped: {shown}. Map them below, or start from the suggested mapping.",
            icon=":material/warning:",
        )


def _say_added(mapping: Mapping, added: list[str], name: str) -> None:
    """Say which fields the saved mapping left unmapped and this file's headers suggest a column for."""
    if added:
        shown = "; ".join(f"{field_label(f).lower()}: '{plain(mapping.columns[f])}'" for f in added)
        st.info(
            f"The saved mapping “{plain(name)}” maps no column to {counted(len(added), 'field')} this file has one "
            f"for, suggested from its headers ({shown}). Check them below.",
            icon=":material/add_link:",
        )


def _help(field: str, column: str, texts: dict[str, str]) -> str:
    """The field's help and its name in the data contract, then the full question text of the column chosen for it."""
    said = [FIELD_HELP.get(field), f"Field {plain(field)} of the data contract.", asks(column, texts.get(column, ""))]
    return "\n\n".join(s for s in said if s)


def mapping_step(upload: Upload) -> tuple[Mapping, str]:
    """A select box per field (suggested first), then the per-channel columns, each with its channel and field."""
    start, token = _start(upload)
    mapping = Mapping(values={f: dict(vs) for f, vs in start.values.items()})
    texts = dict(zip(upload.columns, upload.questions, strict=True))
    shown = {c: option(c, q) for c, q in texts.items()}
    columns = [NOT_MAPPED, *upload.columns]
    left, right = st.columns(2)
    for pos, field in enumerate(FIELDS):
        key, current = f"map:{token}:{field}", start.columns.get(field, NOT_MAPPED)
        picked = (left if pos % 2 == 0 else right).selectbox(
            field_label(field),
            columns,
            index=columns.index(current),
            format_func=lambda c: shown.get(c, c),
            key=key,
            help=_help(field, st.session_state.get(key, current), texts),
        )
        if picked != NOT_MAPPED:
            mapping.columns[field] = picked
    mapping.contacts = contacts_step(upload, start.contacts, token)
    return mapping, token


def save_mapping_step(mapping: Mapping) -> None:
    """Keep the mapping in the library for the next wave of the same survey.

    A save reruns the page, so that the list of mappings to start from, drawn above, offers the new one at once.
    """
    if saved := st.session_state.pop("mapping_saved", None):
        st.success(f"Saved as “{plain(saved)}”.")
    with st.form("save_mapping", border=False):
        name = st.text_input("Save this mapping as", placeholder="e.g. customer care tracker")
        replace = st.checkbox("Replace a saved mapping of the same name")
        if not st.form_submit_button("Save mapping", icon=":material/save:"):
            return
        if not name.strip():
            st.warning("Type a name to save the mapping under.", icon=":material/edit:")
            return
    try:
        saved_mappings.save_mapping(name, mapping, replace)
    except DatasetError as err:
        show_error(err)
        return
    st.session_state["mapping_saved"] = name.strip()
    st.rerun()
