"""The Data page through AppTest: upload with the widget, map, check, import, weight and delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from caregap import library
from caregap.csvread import read_csv_text
from caregap.paths import ROOT

UPLOADS = Path(__file__).parent / "fixtures" / "uploads"


@pytest.fixture(autouse=True)
def root(tmp_path, monkeypatch) -> Path:
    """A private library (never the project's data/library)."""
    monkeypatch.setenv("CAREGAP_LIBRARY", str(tmp_path / "library"))
    return tmp_path / "library"


def data_page() -> AppTest:
    """The app, switched to the Data page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at.switch_page("pages/data.py").run()


def upload(at: AppTest, name: str, data: bytes | None = None) -> AppTest:
    """Put a file into the page's uploader."""
    content = (UPLOADS / name).read_bytes() if data is None else data
    return at.file_uploader(key="upload_file").set_value((name, content, "text/csv")).run()


def clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def sidebar_datasets(at: AppTest) -> list[str]:
    return at.selectbox(key="dataset").options


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_upload_map_fix_a_value_and_import():
    at = upload(data_page(), "google_forms_messy.csv")
    clean(at)
    assert metrics(at) == {"Rows read": "150", "Rows ready to import": "148", "Rows with problems": "2"}
    problems = at.dataframe[-1].value
    assert problems["line"].tolist() == [42, 92]
    assert at.get("download_button"), "the rejected rows can be downloaded"
    next(s for s in at.selectbox if s.label.startswith("gender: Helicopter")).select("female").run()
    assert metrics(at)["Rows ready to import"] == "149"
    button(at, "Import into the library").click().run()
    clean(at)
    assert [p.name for p in library.folders()] == ["google_forms_messy"]
    assert "google_forms_messy" in sidebar_datasets(at)
    assert any("Imported google_forms_messy" in s.value for s in at.success)


def test_choosing_fix_imports_nothing(root):
    at = upload(data_page(), "google_forms_messy.csv")
    at.radio[0].set_value("Fix the file and upload it again")
    button(at, "Import into the library").click().run()
    clean(at)
    assert not root.exists() or library.folders() == []
    assert any("Nothing was imported" in i.value for i in at.info)


def test_a_file_that_is_not_a_survey_gets_a_plain_error():
    at = upload(data_page(), "photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(200))
    clean(at)
    assert [e.value for e in at.error] == ["photo\\.csv\\: is a PNG image, not a CSV or XLSX survey export"]


def test_markup_in_a_file_is_shown_as_text():
    at = upload(data_page(), "markup.csv", b"Age,Gender,<script>alert(1)</script>\n34,F,x\n51,<b>M</b>,y\n")
    clean(at)
    shown = [m.value for m in [*at.markdown, *at.caption, *at.error, *at.warning]]
    shown += [s.label for s in at.selectbox]
    assert not [text for text in shown if "<script>" in text or "<b>" in text]
    assert any(s.label.startswith("gender: \\<b\\>M\\</b\\>") for s in at.selectbox)


def test_weight_then_delete_with_confirmation(root):
    at = upload(data_page(), "qualtrics.csv")
    button(at, "Import into the library").click().run()
    clean(at)
    at.radio(key="preset:qualtrics").set_value("Equal shares").run()
    button(at, "Weight the respondents").click().run()
    clean(at)
    assert any("effective base" in s.value for s in at.success)
    weights = {float(w) for w in read_csv_text(root / "qualtrics" / "respondents.csv")["weight"].to_pylist()}
    assert len(weights) > 1
    button(at, "Delete this dataset…").click().run()
    assert library.folders(), "nothing is deleted before the confirmation"
    button(at, "Delete it").click().run()
    clean(at)
    assert library.folders() == []
    assert "qualtrics" not in sidebar_datasets(at)


def test_as_sampled_targets_keep_a_group_of_one_in_3000(root):
    rows = "".join(f"{20 + i % 30},{'F' if i % 2 else 'M'}\n" for i in range(2999))
    at = upload(data_page(), "big.csv", f"Age,Gender\n{rows}34,Prefer not to say\n".encode())
    button(at, "Import into the library").click().run()
    clean(at)
    at.radio(key="preset:big").set_value("As sampled").run()
    button(at, "Weight the respondents").click().run()
    clean(at)
    assert not at.error, [e.value for e in at.error]
    assert any("Weighted big: effective base 3,000, efficiency 100%" in s.value for s in at.success)
    weights = read_csv_text(root / "big" / "respondents.csv")["weight"].to_pylist()
    assert {round(float(w), 9) for w in weights} == {1.0}


def test_a_damaged_saved_mapping_falls_back_to_the_suggestion(root):
    (root / "_mappings").mkdir(parents=True)
    (root / "_mappings" / "care.json").write_text("{not json", encoding="utf-8")
    at = upload(data_page(), "qualtrics.csv")
    at.selectbox(key="mapping_start").set_value("care").run()
    clean(at)
    assert [e.value for e in at.error] == ["care\\.json, line 1\\: is damaged\\: it is not valid JSON"]
    assert metrics(at)["Rows ready to import"] == "100"


def test_saving_a_mapping_under_a_taken_name_asks_to_replace(root):
    at = upload(data_page(), "qualtrics.csv")
    name = next(t for t in at.text_input if t.label == "Save this mapping as")
    name.set_value("Care tracker")
    button(at, "Save mapping").click().run()
    name.set_value("care-tracker!")
    button(at, "Save mapping").click().run()
    clean(at)
    assert any("a mapping is already saved as care\\_tracker" in e.value for e in at.error)
    assert library.mapping_names() == ["care_tracker"]
