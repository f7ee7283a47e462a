"""The example export: a bundled survey written as a survey tool exports it, which the Data page offers and reads back
exactly; and Care Gap's own labels for values, which it reads back as the values they label."""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from caregap import contract, db, library
from caregap.database import build, startup_folders
from caregap.ingest.example import example_csv
from caregap.ingest.mapping import suggest
from caregap.ingest.read import read_saved
from caregap.ingest.validate import check_upload
from caregap.ingest.values import normalize
from caregap.labels import label
from caregap.measures import MEASURES
from caregap.paths import DATA_DIR, ROOT
from caregap.slicing import Slice
from caregap.ui.importing import metadata
from caregap.views import measure_table

SURVEYS = ["northridge_2015", "amex_2014", "accent_2014"]
BUNDLED = "northridge_2015"  # the one the Data page writes its example from


@pytest.fixture(autouse=True)
def library_dir(tmp_path, monkeypatch) -> Path:
    """A private library for each test (never the project's data/library)."""
    monkeypatch.setenv("CAREGAP_LIBRARY", str(tmp_path / "library"))
    return tmp_path / "library"


def bundled(dataset: str, file: str) -> pd.DataFrame:
    """A bundled CSV as text, blanks as empty strings, in a fixed row order."""
    frame = pd.read_csv(DATA_DIR / dataset / file, dtype=str, keep_default_na=False)
    return frame.sort_values(list(frame.columns[:2])).reset_index(drop=True)


def as_text(table) -> pd.DataFrame:
    """An imported table as the bundled CSVs write it: text, blanks as empty strings."""
    frame = table.to_pandas().astype(object)
    return frame.where(frame.notna(), "").astype(str)


@pytest.mark.parametrize("dataset", SURVEYS)
def test_a_bundled_survey_written_as_an_export_reads_back_exactly(dataset):
    """Every question is recognised from its header, every worded answer maps back to its value, and the rows
    ready to import are the bundled rows, cell for cell."""
    data = example_csv(DATA_DIR / dataset)
    header = pd.read_csv(io.BytesIO(data), nrows=0).columns
    assert "Was your issue resolved? [Social media]" in header and "Gender" in header
    upload = read_saved("example.csv", data)
    mapping = suggest(upload)
    mapped = set(mapping.columns.values()) | {c for per in mapping.contacts.values() for c in per.values()}
    assert mapped == set(header), "every column is recognised without help"
    report = check_upload(upload, mapping)
    assert report.problems == [] and report.converted.unknown == {}
    for file in ("respondents.csv", "contacts.csv"):
        want = bundled(dataset, file)
        got = as_text(report.valid()[file])[list(want.columns)]
        got = got.sort_values(list(want.columns[:2])).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_every_label_care_gap_shows_for_a_value_reads_back_as_that_value():
    """A table or data export of Care Gap says 'It was urgent' for the reason 'urgent': imported, it means that."""
    for file in ("respondents.csv", "contacts.csv"):
        for field in (f for f in contract.FIELDS[file] if f.allowed):
            for value in field.allowed:
                assert normalize(field, label(value)) == value, (field.name, label(value))


def test_the_data_page_offers_the_example_and_imports_it_to_the_same_shares():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/data.py").run()
    assert [b.label for b in at.get("download_button")] == ["Example export (CSV)"]
    assert any("No export at hand?" in c.value for c in at.caption)
    data = example_csv(DATA_DIR / BUNDLED)
    at.file_uploader(key="upload_file").set_value(("care-gap-example-export.csv", data, "text/csv")).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Rows read": "1,000", "Rows ready to import": "1,000", "Rows with problems": "0"}
    assert "Example export (CSV)" not in [b.label for b in at.get("download_button")]
    upload = read_saved("care-gap-example-export.csv", data)
    report = check_upload(upload, suggest(upload))
    meta = metadata(upload, report, "Example", "example")
    assert meta["weighting"].startswith("Weights from the imported file"), "what the captions say: weighted"
    library.save(meta, report.valid())
    run = partial(db.run, build(startup_folders())[0])
    for name in ("preferred_channel", "resolved", "got_response", "expected_response", "favorite_networks"):
        for split in ("none", "gender"):
            ours, theirs = (
                measure_table(run, MEASURES[name], Slice(d, split=split)) for d in ("example", "northridge_2015")
            )
            pd.testing.assert_frame_equal(ours, theirs, check_exact=False, rtol=1e-12)
