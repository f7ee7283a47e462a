"""Data page, step 3: check the mapped upload, show what is wrong, and import it into the library."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pyarrow as pa
import streamlit as st

from caregap import library
from caregap.errors import DatasetError
from caregap.ingest.mapping import Mapping
from caregap.ingest.table import Upload
from caregap.ingest.validate import Report, check_upload
from caregap.ui.answers_step import choosable, value_step
from caregap.ui.data import dataset_row, refresh
from caregap.ui.plain import plain
from caregap.ui.problems import show_error, show_problems
from caregap.ui.sidebar import DATASET_KEY

FIX = "Fix the file and upload it again"
OPEN_KEY = "_open_imported"
# Titles and file names are shown by other pages as markdown: no markup characters (* _ ` [ ] < > \ ~ | $) and no
# ':' (no link to an address, no emoji or icon code), but '60+ customers (50%)', '#2?' and '!' stay as typed.
SAFE_TEXT = re.compile(r"[^\w\s.,()'&/+%#?!-]")
READABLE = str.maketrans({"[": "(", "]": ")", "{": "(", "}": ")", ":": " -"})  # 'Tracker: Q3 [EU]' keeps its sense
TITLE_RULE = "a colon becomes ' -', square brackets round ones, and * ` < > and the like are left out"


def safe_text(text: str) -> str:
    """Text as a title or source is stored: brackets made round, a colon a dash, other markup left out."""
    return " ".join(SAFE_TEXT.sub("", text.translate(READABLE)).split())


def checked(upload: Upload, mapping: Mapping) -> Report:
    """check_upload, remembered for this upload and mapping (the checks run once per change)."""
    key = (st.session_state.get("upload_key"), mapping.to_json())
    if st.session_state.get("report_key") != key:
        with st.spinner(f"Checking {rows(len(upload.rows))} against the data contract…"):
            st.session_state["report"] = check_upload(upload, mapping)
        st.session_state["report_key"] = key
    return st.session_state["report"]


def metadata(upload: Upload, report: Report, title: str, dataset_id: str) -> dict:
    """metadata.json of an imported dataset (plain text only)."""
    return {
        "id": dataset_id,
        "title": safe_text(title) or "Imported survey",
        "kind": "consumer_survey",
        "synthetic": False,
        "sample_size": report.valid()["respondents.csv"].num_rows,
        "source": f"Imported from {safe_text(upload.name)} ({upload.source} layout) on {date.today()}",
        "weighting": _weighting(report.valid()["respondents.csv"]["weight"]),
    }


def _weighting(weights: pa.ChunkedArray) -> str:
    """The weighting statement of an import: the file's own weights, or none."""
    if weights.null_count == len(weights):
        return "none: every respondent counts once"
    return "Weights from the imported file: a respondent with no weight counts once"


def _summary(report: Report) -> tuple[int, int]:
    """Counts, the problems by line and field, and the rejected rows to download; returns (ready, rejected)."""
    total = len(report.upload.rows) + len(report.upload.bad_rows)
    rejected = len(report.rejected) + len(report.upload.bad_rows)
    cols = st.columns(3)
    cols[0].metric("Rows read", f"{total:,}")
    cols[1].metric("Rows ready to import", f"{total - rejected:,}")
    cols[2].metric("Rows with problems", f"{rejected:,}")
    unmapped = report.unmapped()
    for problem in unmapped:
        st.error(plain(problem.message), icon=":material/link_off:")
    if len(unmapped) < len(report.problems):
        st.warning(f"{rejected:,} of {total:,} rows have problems, listed by line and field:", icon=":material/rule:")
        show_problems([p for p in report.problems if p not in unmapped])
        name = f"rejected_rows_{Path(report.upload.name).stem[:40]}.csv"
        st.download_button(  # the file is made when clicked (no rerun: one could replace it mid-download)
            "Download the rejected rows, each with its problem",
            report.rejected_csv,
            name,
            "text/csv",
            icon=":material/download:",
            on_click="ignore",
        )
    elif not unmapped:
        st.success("Every row meets the data contract.", icon=":material/check_circle:")
    return total - rejected, rejected


def rows(count: int, kind: str = "") -> str:
    """'1 row', '2,000 valid rows'."""
    return f"{count:,} {kind}{'row' if count == 1 else 'rows'}"


def valid_only(ready: int, rejected: int) -> str:
    """The choice that imports the valid rows, with its counts (a new count asks for a new decision)."""
    return f"Import the {rows(ready, 'valid ')} and leave out the {rows(rejected)} with problems"


def _decision(report: Report, ready: int, rejected: int, token: str) -> str | None:
    """Rows with problems are left out only when the user says so: why the import must wait, or None."""
    if not ready:
        return "No row is ready to import: change the mapping, or fix the file and upload it again."
    if report.unmapped():
        return "The mapping has a problem no row can fix (above): change the mapping, or fix the file first."
    if not rejected:
        return None
    importing = valid_only(ready, rejected)
    choice = st.radio("What to do with the rows with problems", [FIX, importing], index=None, key=f"rows:{token}")
    if choice == FIX:
        return "Nothing will be imported: download the rejected rows, fix them in the file and upload it again."
    return None if choice == importing else "Choose first: fix the file, or import the valid rows only."


def _import(upload: Upload, report: Report, title: str, dataset_id: str) -> None:
    """Store the valid rows in the library and show them on every page."""
    try:
        with st.spinner(f"Importing {plain(title)} into the library…"):
            library.save(metadata(upload, report, title, dataset_id), report.valid())
    except DatasetError as err:
        show_error(err)
        return
    refresh()
    st.session_state["imported"] = dataset_id
    st.session_state["imported_typed"] = title
    st.session_state["library_dataset"] = dataset_id  # the library's choice to weight or delete: the new one
    st.rerun()


def check_step(upload: Upload, mapping: Mapping, token: str) -> None:
    """Map unrecognised answers, show the checks, then import (all rows, or the valid ones when the user says so)."""
    report = checked(upload, mapping)
    if choosable(report.converted.unknown):
        with st.expander("Answers that match no contract value", expanded=True, icon=":material/help:"):
            value_step(mapping, report.converted.unknown, token)
        report = checked(upload, mapping)
    ready, rejected = _summary(report)
    wait = _decision(report, ready, rejected, token)
    stem = re.sub(r"[^a-z0-9]+", "_", Path(upload.name).stem.lower()).strip("_")[:40] or "survey"
    with st.form("import"):
        title = st.text_input(
            "Title",
            value=safe_text(Path(upload.name).stem)[:80],
            help=f"Shown on every page and in exports: {TITLE_RULE}.",
        )
        dataset_id = st.text_input(
            "Id (lower-case letters, digits and _, starting with a letter or digit)",
            value=f"{stem}" if stem[0].isalpha() else f"s_{stem}",
        )
        go = st.form_submit_button(
            "Import into the library",
            type="primary",
            icon=":material/library_add:",
            disabled=wait is not None,
            help=wait,
        )
        if wait:
            st.caption(wait)
    if go and wait is None:
        _import(upload, report, title, dataset_id.strip())


def imported_notice() -> None:
    """After an import: say so, with a button that opens the new dataset on the Overview page."""
    imported = st.session_state.pop("imported", None)
    if imported is None:
        return
    said, button = st.columns([4, 1], vertical_alignment="center")
    title, typed = dataset_row(imported)["title"], st.session_state.pop("imported_typed", "")
    changed = f" (typed “{plain(typed)}”: {TITLE_RULE})" if typed.strip() not in ("", title) else ""
    said.success(
        f"Imported “{plain(title)}”{changed}: it is in the sidebar's Dataset list.", icon=":material/check_circle:"
    )
    button.button("Open it", on_click=_open, args=(imported,), icon=":material/arrow_forward:", type="primary")


def _open(dataset_id: str) -> None:
    """Choose the dataset in the sidebar, and ask for the Overview page (the button's callback)."""
    st.session_state[DATASET_KEY] = dataset_id
    st.session_state[OPEN_KEY] = True


def open_requested() -> bool:
    """Whether 'Open it' was just pressed (once)."""
    return st.session_state.pop(OPEN_KEY, False)
