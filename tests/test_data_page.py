"""The Data page through AppTest: upload with the widget, map, check, import, weight and delete."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from caregap import library, saved_mappings
from caregap.csvread import read_csv_text
from caregap.ingest.cells import NO_CONTACT
from caregap.ingest.mapping import NAMED
from caregap.ingest.read import read_saved
from caregap.labels import field_label
from caregap.paths import ROOT
from caregap.ui import upload as upload_ui
from caregap.ui.data import refresh
from caregap.ui.plain import plain

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


def button_labels(at: AppTest, label: str) -> list[str]:
    return [b.label for b in at.button if b.label == label]


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def rows_choice(at: AppTest):
    """The question of what to do with the rows with problems."""
    return next(r for r in at.radio if r.label == "What to do with the rows with problems")


def import_valid_rows(at: AppTest) -> AppTest:
    """Decide, as a user must, to import the valid rows and leave out the rows with problems."""
    choice = rows_choice(at)
    return choice.set_value(next(o for o in choice.options if o.startswith("Import the"))).run()


def test_upload_map_fix_a_value_and_import():
    at = upload(data_page(), "google_forms_messy.csv")
    clean(at)
    assert metrics(at) == {"Rows read": "150", "Rows ready to import": "148", "Rows with problems": "2"}
    problems = at.dataframe[-1].value
    assert problems["line"].tolist() == [42, 92]
    assert at.get("download_button"), "the rejected rows can be downloaded"
    answer(at, "Gender", "Helicopter").select("female").run()
    assert metrics(at)["Rows ready to import"] == "149"
    import_valid_rows(at)
    button(at, "Import into the library").click().run()
    clean(at)
    assert [p.name for p in library.folders()] == ["google_forms_messy"]
    assert "google_forms_messy" in sidebar_datasets(at)
    assert any(f"Imported “{plain('google_forms_messy')}”" in s.value for s in at.success)
    at = button(at, "Open it").click().run()  # straight to the new dataset's Overview
    clean(at)
    assert at.selectbox(key="dataset").value == "google_forms_messy"
    assert at.title[0].value.startswith("google_forms_messy") and not button_labels(at, "Open it")


def test_rows_with_problems_are_left_out_only_when_the_user_says_so(root):
    at = upload(data_page(), "google_forms_messy.csv")
    clean(at)
    choice, go = rows_choice(at), button(at, "Import into the library")
    assert choice.value is None, "nothing is chosen for the user"
    assert go.disabled and "Choose first" in go.help
    assert any("Choose first: fix the file, or import the valid rows only." in c.value for c in at.caption)
    choice.set_value("Fix the file and upload it again").run()
    assert button(at, "Import into the library").disabled
    assert any("Nothing will be imported" in c.value for c in at.caption)
    choice = rows_choice(at)
    assert choice.options == [
        "Fix the file and upload it again",
        "Import the 148 valid rows and leave out the 2 rows with problems",
    ]
    choice.set_value(choice.options[1]).run()
    assert not button(at, "Import into the library").disabled
    answer(at, "Gender", "Helicopter").select("female").run()
    assert rows_choice(at).value is None, "other counts ask for a new decision"
    assert button(at, "Import into the library").disabled
    assert not root.exists() or library.folders() == []
    import_valid_rows(at)
    button(at, "Import into the library").click().run()
    clean(at)
    ids = read_csv_text(root / "google_forms_messy" / "respondents.csv")["respondent_id"].to_pylist()
    assert len(ids) == 149 and "line 42" not in ids and "line 92" in ids, "line 92 was fixed by mapping Helicopter"


def test_a_file_without_problems_imports_without_a_question(root):
    at = upload(data_page(), "qualtrics.csv")
    assert metrics(at)["Rows with problems"] == "0"
    assert not [r for r in at.radio if r.label == "What to do with the rows with problems"]
    assert not button(at, "Import into the library").disabled
    button(at, "Import into the library").click().run()
    clean(at)
    assert [p.name for p in library.folders()] == ["qualtrics"]


def test_a_file_that_is_not_a_survey_gets_a_plain_error():
    at = upload(data_page(), "photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(200))
    clean(at)
    assert [e.value for e in at.error] == ["photo\\.csv\\: is a PNG image, not a CSV or XLSX survey export"]


def test_a_file_whose_every_row_is_ragged_reports_each_row_and_imports_nothing(root):
    text = "Age,Gender,Channels used,Phone: did they respond?\n34,F,Phone\n51,M,Email\n"
    at = upload(data_page(), "short.csv", text.encode())
    clean(at)
    assert metrics(at) == {"Rows read": "2", "Rows ready to import": "0", "Rows with problems": "2"}
    assert any("2 of 2 rows have problems" in w.value for w in at.warning)
    assert button(at, "Import into the library").disabled
    assert any(c.value.startswith("No row is ready to import") for c in at.caption)


def test_an_unmapped_required_field_is_a_mapping_problem_not_a_row_problem():
    at = upload(data_page(), "other.csv", b"foo,bar\n1,2\n3,4\n")
    clean(at)
    assert [e.value for e in at.error] == [
        plain("No column is mapped to age group (age_group): it is required"),
        plain("No column is mapped to gender: it is required"),
    ]
    assert not [w for w in at.warning if "rows have problems" in w.value], "no row is at fault"
    assert not [b for b in at.get("download_button") if "rejected" in str(b.proto)]
    assert any(c.value.startswith("No row is ready to import: change the mapping") for c in at.caption)


def test_ratings_on_another_scale_wait_for_the_mapping_or_the_file_to_change(root):
    answers = "".join(f"{age},Female,{1 + i % 7}\n" for i, age in enumerate(range(20, 90)))
    at = upload(data_page(), "seven.csv", f"Age,Gender,How satisfied were you? [Chat]\n{answers}".encode())
    clean(at)
    (error,) = at.error
    assert "the column 'How satisfied were you? \\[Chat\\]' has answers from 1 to 7" in error.value
    assert button(at, "Import into the library").disabled, "importing the 1 to 5 rows would shift them"
    assert not [r for r in at.radio if r.label == "What to do with the rows with problems"], "no choice to make yet"
    assert any(c.value.startswith("The mapping has a problem no row can fix") for c in at.caption)
    assert not root.exists() or library.folders() == []
    per_channel(at).unselect("How satisfied were you? [Chat]").run()  # left out, as the message says
    assert not at.error and metrics(at)["Rows with problems"] == "0"
    button(at, "Import into the library").click().run()
    assert [p.name for p in library.folders()] == ["seven"]


def test_a_workbook_sheet_can_be_chosen(root, monkeypatch):
    reads = []
    monkeypatch.setattr(upload_ui, "read_saved", lambda *args: reads.append(args[2]) or read_saved(*args))
    book = Workbook()
    book.active.title = "About"
    book.active.append(["Customer care survey, wave 3"])
    for title, ages in (("Wave 3", [34, 51, 29]), ("Wave 2", [44, 62])):
        sheet = book.create_sheet(title)
        sheet.append(["Age", "Gender"])
        for age in ages:
            sheet.append([age, "F"])
    data = io.BytesIO()
    book.save(data)
    at = upload(data_page(), "waves.xlsx", data.getvalue())
    clean(at)
    sheet = next(s for s in at.selectbox if s.label == "Sheet")
    assert sheet.options == ["About", "Wave 3", "Wave 2"] and sheet.value == "Wave 3", "the first sheet that reads"
    assert metrics(at)["Rows read"] == "3"
    at.run()
    assert reads == [None], "read once: the sheet read first is the sheet chosen"
    sheet.select("About").run()
    assert [e.value for e in at.error] == [plain("waves.xlsx, line 1: has a header but no answers")]
    next(s for s in at.selectbox if s.label == "Sheet").select("Wave 2").run()
    clean(at)
    assert not at.error and metrics(at)["Rows read"] == "2"
    button(at, "Import into the library").click().run()
    ages = read_csv_text(root / "waves" / "respondents.csv")["age_group"].to_pylist()
    assert ages == ["30-44", "60+"], "the rows of the sheet chosen"
    assert reads == [None, "About", "Wave 2"]


def test_markup_in_a_file_is_shown_as_text():
    at = upload(data_page(), "markup.csv", b"Age,Gender,<script>alert(1)</script>\n34,F,x\n51,<b>M</b>,y\n")
    clean(at)
    shown = [m.value for m in [*at.markdown, *at.caption, *at.error, *at.warning]]
    shown += [s.label for s in at.selectbox]
    assert not [text for text in shown if "<script>" in text or "<b>" in text]
    assert answer(at, "Gender", "\\<b\\>M\\</b\\>")


def test_weight_then_delete_with_confirmation(root):
    at = upload(data_page(), "qualtrics.csv")
    button(at, "Import into the library").click().run()
    clean(at)
    totals = [c.value for c in at.caption if "targets add up to" in c.value]
    assert totals == [
        "Age group targets add up to 100.00% (the boxes show them rounded).",
        "Gender targets add up to 100.00% (the boxes show them rounded).",
    ]
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


def test_weights_that_would_not_load_are_refused_and_the_stored_ones_kept(root, monkeypatch):
    at = upload(data_page(), "qualtrics.csv")
    button(at, "Import into the library").click().run()
    before = (root / "qualtrics" / "respondents.csv").read_bytes()
    monkeypatch.setattr("caregap.ui.library_view.rake", lambda sample, targets: np.zeros(len(sample["age_group"])))
    button(at, "Weight the respondents").click().run()
    clean(at)
    assert [e.value for e in at.error] == [
        "respondents\\.csv, line 2, field weight\\: '0\\.0' must be greater than 0 \\(also line 3, 4, 5, 6\\) "
        "\\(100 cells in all\\)"
    ]
    assert (root / "qualtrics" / "respondents.csv").read_bytes() == before
    assert sorted(p.name for p in root.iterdir()) == ["qualtrics"], "no half-made version is left beside it"


def test_as_sampled_targets_keep_a_group_of_one_in_3000(root):
    rows = "".join(f"{20 + i % 30},{'F' if i % 2 else 'M'}\n" for i in range(2999))
    at = upload(data_page(), "big.csv", f"Age,Gender\n{rows}34,Prefer not to say\n".encode())
    button(at, "Import into the library").click().run()
    clean(at)
    at.radio(key="preset:big").set_value("As sampled").run()
    button(at, "Weight the respondents").click().run()
    clean(at)
    assert not at.error, [e.value for e in at.error]
    assert any("Weighted “big”: effective base 3,000, efficiency 100%" in s.value for s in at.success)
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
    assert saved_mappings.mapping_names() == ["care_tracker"]


def test_saved_mappings_are_offered_by_the_names_they_were_saved_under(root):
    (root / "_mappings").mkdir(parents=True)
    (root / "_mappings" / "old_one.json").write_text('{"columns": {}}', encoding="utf-8")  # saved without its name
    at = upload(data_page(), "qualtrics.csv")
    for typed in ("Care tracker, wave 1", "Helpdesk"):
        next(t for t in at.text_input if t.label == "Save this mapping as").set_value(typed)
        button(at, "Save mapping").click().run()
        assert f"Saved as “{plain(typed)}”." in [s.value for s in at.success]
    assert at.selectbox(key="mapping_start").options[1:] == ["Care tracker, wave 1", "Helpdesk", "old_one"]
    at.selectbox(key="mapping_start").set_value("care_tracker__wave_1").run()
    clean(at)
    assert metrics(at)["Rows ready to import"] == "100"


def test_a_saved_mapping_for_other_columns_says_what_it_leaves_unmapped(root):
    at = upload(data_page(), "wide.csv", WIDE.encode())
    next(t for t in at.text_input if t.label == "Save this mapping as").set_value("Helpdesk")
    button(at, "Save mapping").click().run()
    at = upload(at, "other.csv", b"Age,Gender,Phone: how long until it was fixed?\n34,F,Same day\n")
    at.selectbox(key="mapping_start").set_value("helpdesk").run()
    clean(at)
    [warning] = [w.value for w in at.warning if "saved mapping" in w.value]
    assert warning == (
        "The saved mapping “Helpdesk” names 1 column this file has not, left unmapped: "
        f"'{plain(EMAIL)}'. Map them below, or start from the suggested mapping."
    )


def test_a_saved_mapping_takes_a_column_new_in_this_wave_from_the_suggestion_and_says_so(root):
    """Wave 1 had no weights; wave 2 has: the saved mapping does not drop them silently."""
    at = upload(data_page(), "wave_1.csv", b"Age,Gender\n34,F\n51,M\n")
    next(t for t in at.text_input if t.label == "Save this mapping as").set_value("Tracker")
    button(at, "Save mapping").click().run()
    at = upload(at, "wave_2.csv", b"Age,Gender,Survey weight\n34,F,0.8\n51,M,1.2\n")
    at.selectbox(key="mapping_start").set_value("tracker").run()
    clean(at)
    assert next(s for s in at.selectbox if s.label == "Weight").value == "Survey weight"
    [said] = [i.value for i in at.info if "saved mapping" in i.value]
    assert said == (
        "The saved mapping “Tracker” maps no column to 1 field this file has one for, suggested from its headers "
        "(weight: 'Survey weight'). Check them below."
    )


def test_saving_a_mapping_without_a_name_says_so(root):
    at = upload(data_page(), "qualtrics.csv")
    button(at, "Save mapping").click().run()
    clean(at)
    assert any(w.value == "Type a name to save the mapping under." for w in at.warning)
    assert saved_mappings.mapping_names() == []


def choose(at: AppTest, label: str, value: str) -> AppTest:
    """Pick a value in the select box with this label."""
    return next(s for s in at.selectbox if s.label == label).select(value).run()


def answer(at: AppTest, field: str, raw: str):
    """The select box of a contract value for one unrecognised answer of a field (labelled with its column)."""
    return next(s for s in at.selectbox if s.label.startswith(f"{field} (column ") and f"): {raw} (" in s.label)


def per_channel(at: AppTest):
    return next(m for m in at.multiselect if m.label == "Questions about contacts")


def contacts_of(root: Path, dataset_id: str) -> list[tuple]:
    """The imported contacts: line of respondent, channel, resolution time and satisfaction."""
    table = read_csv_text(root / dataset_id / "contacts.csv").to_pylist()
    return sorted((c["respondent_id"], c["channel"], c["resolution_time"], c["satisfaction"]) for c in table)


PHONE, EMAIL = "Phone: how long until it was fixed?", "Email: how long until it was fixed?"
HELPDESK = "How satisfied were you with our online helpdesk?"
WIDE = f"Age,Gender,{PHONE},{EMAIL},{HELPDESK}\n34,F,Same day,A week or more,4\n51,M,Within an hour,,2\n40,F,,,\n"


def correct_the_per_channel_columns(at: AppTest) -> AppTest:
    """Both 'how long until fixed' columns hold the resolution time; the helpdesk question is chat satisfaction."""
    choose(at, f"{plain(PHONE)}: field", "resolution_time")
    choose(at, f"{plain(EMAIL)}: field", "resolution_time")
    per_channel(at).select(HELPDESK).run()
    choose(at, f"{plain(HELPDESK)}: channel", "chat")
    return choose(at, f"{plain(HELPDESK)}: field", "satisfaction")


def test_per_channel_columns_are_corrected_saved_and_reused(root):
    at = upload(data_page(), "wide.csv", WIDE.encode())
    assert per_channel(at).value == [PHONE, EMAIL]
    assert metrics(at)["Rows ready to import"] == "1", "'Same day' is no number of minutes"
    at = correct_the_per_channel_columns(at)
    clean(at)
    assert metrics(at)["Rows ready to import"] == "3"
    name = next(t for t in at.text_input if t.label == "Save this mapping as")
    name.set_value("Helpdesk")
    button(at, "Save mapping").click().run()
    button(at, "Import into the library").click().run()
    clean(at)
    assert contacts_of(root, "wide") == [
        ("line 2", "chat", None, "4"),
        ("line 2", "email", "a_week_or_longer", None),
        ("line 2", "phone", "same_day", None),
        ("line 3", "chat", None, "2"),
        ("line 3", "phone", "within_1_hour", None),
    ]
    wave_2 = WIDE.replace("Same day", "Within an hour").replace(",4\n", ",5\n")
    at = upload(at, "wave_2.csv", wave_2.encode())
    at.selectbox(key="mapping_start").set_value("helpdesk").run()
    assert per_channel(at).value == [PHONE, EMAIL, HELPDESK]
    assert metrics(at)["Rows ready to import"] == "3"
    button(at, "Import into the library").click().run()
    clean(at)
    assert at.selectbox(key="library_dataset").value == "wave_2", "the one just imported, to weight or delete"
    assert ("line 2", "chat", None, "5") in contacts_of(root, "wave_2")
    assert ("line 2", "phone", "within_1_hour", None) in contacts_of(root, "wave_2")


def test_unsure_yes_no_answers_can_be_left_blank(root):
    data = b"Age,Gender,Did the company respond? [Phone]\n34,F,Yes\n51,M,Not sure\n40,F,Can't remember\n"
    at = upload(data_page(), "unsure.csv", data)
    assert metrics(at)["Rows ready to import"] == "1"
    answer(at, "Got a response", "Not sure").select("(leave blank)").run()
    at = answer(at, "Got a response", "Can't remember").select("(leave blank)").run()
    assert metrics(at)["Rows ready to import"] == "3"
    button(at, "Import into the library").click().run()
    clean(at)
    assert json.loads((root / "unsure" / "metadata.json").read_text())["weighting"].startswith("none")
    table = read_csv_text(root / "unsure" / "contacts.csv")
    assert table["got_response"].to_pylist() == ["true", None, None]
    assert table["channel"].to_pylist() == ["phone"] * 3


def test_an_answer_that_says_a_channel_was_not_used_makes_no_contact(root):
    data = (
        b"Age,Gender,Did the company respond? [Phone],Did the company respond? [Email]\n"
        b"34,F,Yes,Did not use\n51,M,Did not use,No\n40,F,No,Did not use\n"
    )
    at = answer(upload(data_page(), "unused.csv", data), "Got a response", "Did not use").select(NO_CONTACT).run()
    assert metrics(at)["Rows ready to import"] == "3"
    button(at, "Import into the library").click().run()
    clean(at)
    table = read_csv_text(root / "unused" / "contacts.csv")
    assert table.select(["respondent_id", "channel", "got_response"]).to_pylist() == [
        {"respondent_id": "line 2", "channel": "phone", "got_response": "true"},
        {"respondent_id": "line 3", "channel": "email", "got_response": "false"},
        {"respondent_id": "line 4", "channel": "phone", "got_response": "false"},
    ]


def test_an_age_in_years_outside_the_groups_is_reported_not_mapped_by_hand():
    data = "Age,Gender\n16,F\n130,M\nTeenager,F\n34,M\n"
    at = upload(data_page(), "ages.csv", data.encode())
    clean(at)
    offered = [s.label for s in at.selectbox if s.label.startswith("Age group (")]
    assert offered == ["Age group (column 'Age'): Teenager (1 row)"], (
        "16 fits no age group: in 18-29 it would be another"
    )
    assert metrics(at)["Rows with problems"] == "3"
    problem = at.dataframe[0].value.iloc[0]
    assert (problem["line"], problem["cells"]) == (2, 3) and problem["field"].startswith("age_group")


def test_each_answer_of_a_multi_choice_can_be_mapped(root):
    data = (
        'Age,Gender,Favourite social networks\n34,F,"Facebook, Snapchat"\n51,M,Snapchat\n'
        '40,F,"Instagram; TikTok"\n29,Helicopter,Twitter\n'
    )
    at = upload(data_page(), "networks.csv", data.encode())
    assert metrics(at)["Rows ready to import"] == "0"
    gender = answer(at, "Gender", "Helicopter")
    assert gender.label == "Gender (column 'Gender'): Helicopter (1 row)", "the field, its column, the answer, its rows"
    assert "(leave blank)" not in gender.options, "a required field cannot be left blank"
    answer(at, "Favourite networks", "Snapchat").select("other").run()
    at = answer(at, "Favourite networks", "TikTok").select("(leave blank)").run()
    assert metrics(at)["Rows ready to import"] == "3"
    import_valid_rows(at)
    button(at, "Import into the library").click().run()
    clean(at)
    table = read_csv_text(root / "networks" / "respondents.csv")
    assert table["favorite_networks"].to_pylist() == ["facebook;other", "other", "instagram"]


def test_two_columns_for_one_channel_and_field_keep_the_first(root):
    at = upload(data_page(), "wide.csv", WIDE.encode())
    at = choose(at, f"{plain(EMAIL)}: channel", "phone")
    clean(at)
    assert [w.value for w in at.warning if "already holds" in w.value] == [
        f"{plain(PHONE)} already holds response\\_minutes for Phone: {plain(EMAIL)} is left out."
    ]
    fields = at.dataframe[-1].value["field"].tolist()
    assert fields == [f"response_minutes (column '{PHONE}', channel phone)"], "the email column is not read"


NOT_ASKED = (
    "This survey did not ask about: time to a response; contacts needed; time to resolution; satisfaction rating (1–5)."
)
NOT_ASKED_EXPECTATIONS = (
    "This survey did not ask about: expects the same response time at night and weekends; used more than one "
    "channel to resolve."
)
ASKED = {  # the Google Forms fixture asks the preferred channel, and whether a contact got a response, a resolution
    "pages/channel_preference.py": ("question", ["Preferred channel"]),
    "pages/response_resolution.py": ("rate", ["Got a response", "Never got a response", "Resolved"]),
}


@pytest.mark.parametrize("name", ["google_forms_messy.csv", "qualtrics.csv", "surveymonkey.csv", "after_contact.csv"])
def test_an_imported_survey_opens_on_every_page(name):
    at = upload(data_page(), name)
    if name == "google_forms_messy.csv":
        answer(at, "Gender", "Helicopter").select("female").run()
    if name in ("google_forms_messy.csv", "after_contact.csv"):  # each has rows with problems
        import_valid_rows(at)
    button(at, "Import into the library").click().run()
    clean(at)
    at.selectbox(key="dataset").set_value(name.removesuffix(".csv")).run()
    for page in (
        "pages/channel_preference.py",
        "pages/overview.py",
        "pages/response_time.py",
        "pages/response_resolution.py",
        "pages/social_networks.py",
        "pages/compare.py",
    ):
        at.switch_page(page).run()
        clean(at)
        if page == "pages/response_time.py" and name == "google_forms_messy.csv":  # the form did not ask
            assert any(i.value.startswith("This survey did not ask how fast people expect") for i in at.info)
            assert not at.get("plotly_chart"), "no chart of '100% expect no response' from a question never asked"
        if name == "google_forms_messy.csv" and page in ASKED:  # only the measures whose question the form asked
            assert at.segmented_control(key=ASKED[page][0]).options == ASKED[page][1]
        if page == "pages/compare.py" and name == "google_forms_messy.csv":  # no '0% expect a response'
            assert not [o for o in at.selectbox(key="measure").options if "xpect" in o]
        if page == "pages/response_resolution.py" and name == "google_forms_messy.csv":  # nor these questions
            assert not at.info, "no empty chart for a question the survey did not ask"
            assert len(at.get("plotly_chart")) == 1  # the rate alone
            assert any(c.value == NOT_ASKED for c in at.caption)
        if page == "pages/channel_preference.py" and name == "google_forms_messy.csv":  # no statement was asked
            assert not at.info, "no empty bar of an expectation never asked"
            assert at.dataframe[-1].value["Statement"].tolist() == ["Prefers live assistance"]  # the one asked
            assert any(c.value == NOT_ASKED_EXPECTATIONS for c in at.caption)
        if page == "pages/social_networks.py" and name == "google_forms_messy.csv":  # no network was asked
            assert not [s for s in at.segmented_control if s.key == "on_network"]
            assert not at.info, "no empty 'by network' chart for social contacts that name no network"
            assert any(c.value.endswith("; which network a social media contact was on.") for c in at.caption)


def delete_in_another_tab(dataset_id: str) -> None:
    """Another browser tab opens the Data page and deletes the dataset, with confirmation."""
    other = data_page()
    other.selectbox(key="library_dataset").set_value(dataset_id).run()
    button(other, "Delete this dataset…").click().run()
    button(other, "Delete it").click().run()
    clean(other)


def open_imported(title: str) -> AppTest:
    """Import a survey under this title and look at it on a page drawn through the router (with the sidebar)."""
    at = import_valid_rows(upload(data_page(), "google_forms_messy.csv"))
    next(t for t in at.text_input if t.label == "Title").set_value(title)
    button(at, "Import into the library").click().run()
    at.selectbox(key="dataset").set_value("google_forms_messy").run()
    at.switch_page("pages/channel_preference.py").run()
    clean(at)
    assert at.query_params["dataset"] == "google_forms_messy"
    return at


def test_a_title_keeps_its_sense_without_its_markup_and_says_so(root):
    at = import_valid_rows(upload(data_page(), "google_forms_messy.csv"))
    title = next(t for t in at.text_input if t.label == "Title")
    assert "a colon becomes" in title.help
    title.set_value("CSAT: Q3 [EU] *pilot* <b>")
    button(at, "Import into the library").click().run()
    clean(at)
    stored = json.loads((root / "google_forms_messy" / "metadata.json").read_text(encoding="utf-8"))["title"]
    assert stored == "CSAT - Q3 (EU) pilot b"
    [said] = [s.value for s in at.success if s.value.startswith("Imported")]
    assert said.startswith(f"Imported “{plain(stored)}” (typed “{plain('CSAT: Q3 [EU] *pilot* <b>')}”: a colon")


DEFAULT_TITLE = plain("State of Customer Service Experience 2015 (synthetic)")


def test_a_dataset_deleted_in_another_tab_gives_way_to_the_default(root):
    at = open_imported("My survey wave 2")
    delete_in_another_tab("google_forms_messy")
    assert library.folders() == []
    at.run()
    clean(at)
    notice = f"The dataset “My survey wave 2” was deleted, so Care Gap is showing {DEFAULT_TITLE} instead."
    assert [w.value for w in at.warning if "was deleted" in w.value] == [notice]
    assert at.selectbox(key="dataset").value == "northridge_2015"
    assert "dataset" not in at.query_params, "the link no longer names the deleted dataset"
    assert at.get("plotly_chart"), "the page is drawn for the default dataset"
    at.run()
    clean(at)
    assert not [w for w in at.warning if "was deleted" in w.value], "said once"


def test_a_dataset_that_no_longer_loads_is_not_said_to_be_deleted(root):
    at = open_imported("Wave 3")
    (root / "google_forms_messy" / "respondents.csv").write_text("not,a\nsurvey,file\n", encoding="utf-8")
    refresh()  # as another tab's import or delete would
    at.run()
    clean(at)
    notice = f"The dataset “Wave 3” can no longer be loaded, so Care Gap is showing {DEFAULT_TITLE} instead."
    assert [w.value for w in at.warning if "Wave 3" in w.value] == [notice]
    assert any("respondents" in w.value for w in at.sidebar.warning), "the sidebar says what is wrong"
    assert at.selectbox(key="dataset").value == "northridge_2015"


def test_a_dataset_that_no_longer_loads_can_still_be_deleted_from_the_data_page(root):
    at = import_valid_rows(upload(data_page(), "google_forms_messy.csv"))
    button(at, "Import into the library").click().run()
    (root / "google_forms_messy" / "respondents.csv").write_text("not,a\nsurvey,file\n", encoding="utf-8")
    refresh()
    at = data_page()
    clean(at)
    assert [w.value for w in at.main.warning if "cannot be weighted" in w.value] == [
        "This dataset's files no longer load, so it cannot be weighted: delete it, or import it again."
    ]
    assert not button_labels(at, "Weight the respondents")
    button(at, "Delete this dataset…").click().run()
    button(at, "Delete it").click().run()
    clean(at)
    assert library.folders() == []


def test_a_weighting_click_never_lands_on_another_dataset(root):
    """Another tab deletes the chosen dataset: the choice moves to the first, and the click is not carried over."""
    for name in ("google_forms_messy.csv", "qualtrics.csv"):
        at = import_valid_rows(upload(data_page(), name)) if name.startswith("google") else upload(data_page(), name)
        button(at, "Import into the library").click().run()
        clean(at)
    at = data_page()
    at.selectbox(key="library_dataset").set_value("qualtrics").run()
    before = (root / "google_forms_messy" / "respondents.csv").read_bytes()
    delete_in_another_tab("qualtrics")
    button(at, "Weight the respondents").click().run()
    clean(at)
    assert at.selectbox(key="library_dataset").value == "google_forms_messy"
    assert not at.success, "nothing was weighted"
    assert (root / "google_forms_messy" / "respondents.csv").read_bytes() == before


def test_a_choice_the_next_dataset_does_not_offer_falls_back_to_its_first():
    at = upload(data_page(), "google_forms_messy.csv")
    import_valid_rows(at)
    button(at, "Import into the library").click().run()
    at.switch_page("pages/response_resolution.py").run()
    at.segmented_control(key="rate").set_value("satisfied").run()
    assert at.segmented_control(key="rate").value == "satisfied"  # the bundled study asked it
    at.selectbox(key="dataset").set_value("google_forms_messy").run()  # the form did not
    clean(at)
    assert at.segmented_control(key="rate").value == "got_response"
    assert "Satisfied (rated 4 or 5 of 5)" not in at.segmented_control(key="rate").options


def mapping_box(at: AppTest, field: str):
    """The select box of the column for one contract field (its label is the field's, as people read it)."""
    box = next(s for s in at.selectbox if s.key.startswith("map:") and s.key.endswith(f":{field}"))
    assert box.label == field_label(field) and f"Field {plain(field)} of the data contract." in box.help
    return box


def shown(box) -> str:
    """What a select box shows for its chosen column."""
    return box.options[box.index]


def test_qualtrics_columns_show_their_question_texts_and_keep_their_codes(root):
    at = upload(data_page(), "qualtrics.csv")
    clean(at)
    age = mapping_box(at, "age_group")
    assert age.value == "Q1" and shown(age) == "Q1 · How old are you?"
    assert age.help.endswith("Q1 asks: How old are you?")
    assert {"StartDate", "Status · Response Type", "Q5_1 · Did the company respond to you? - Phone"} <= set(age.options)
    wide = next(m for m in at.multiselect if m.label == "Questions about contacts")
    assert "Q5_1 · Did the company respond to you? - Phone" in wide.options and "Q5_1" in wide.value
    phone = next(box for box in at.selectbox if box.label == "Q5\\_1: channel")
    assert phone.value == "phone" and "asks: Did the company respond to you?" in phone.help
    at = choose(at, "Channel with the best service", "Q3")
    clean(at)
    best = mapping_box(at, "best_service_channel")
    assert best.value == "Q3" and shown(best) == "Q3 · Which channel do you prefer for customer service?"
    assert best.help.endswith("\n\nQ3 asks: Which channel do you prefer for customer service?"), (
        "the column's full text"
    )
    next(t for t in at.text_input if t.label == "Save this mapping as").set_value("Codes")
    button(at, "Save mapping").click().run()
    saved = json.loads(saved_mappings.read_mapping("codes"))["columns"]
    assert saved["best_service_channel"] == "Q3" and saved["age_group"] == "Q1", "the mapping keeps the codes"


def test_google_forms_columns_show_as_they_are_named():
    at = upload(data_page(), "google_forms_messy.csv")
    clean(at)
    columns = read_saved("google_forms_messy.csv", (UPLOADS / "google_forms_messy.csv").read_bytes()).columns
    age = mapping_box(at, "age_group")
    assert age.options == ["(not in this file)", *columns]
    assert shown(age) == "How old are you?" and "asks" not in (age.help or "")


LONG = (
    "Thinking about the last time you contacted us about a **billing** problem, "
    "how long did it take before a real person replied to you? - Phone"
)
MARKED = f'Q1,Q2,Q7_1\nHow old are you?,Gender,"{LONG}"\n' + ",".join(['"{""ImportId"": ""QID""}"'] * 3) + "\n34,F,12\n"


def test_a_long_question_text_is_shortened_with_the_full_text_as_plain_help():
    at = upload(data_page(), "marked.csv", MARKED.encode())
    at = choose(at, "Weight", "Q7_1")
    clean(at)
    weight = mapping_box(at, "weight")
    assert shown(weight) == "Q7_1 · Thinking about the last time you contacted us about a… - Phone"
    assert weight.help.endswith(f"\n\nQ7\\_1 asks: {plain(LONG)}"), "the full text, its markdown not rendered"
    assert "\\*\\*billing\\*\\*" in weight.help


AFTER_CONTACT = ("Did we reply to you?", "Was your issue resolved?")


def test_a_survey_after_each_contact_maps_its_questions_to_the_rows_channel(root):
    at = upload(data_page(), "after_contact.csv")
    clean(at)
    assert per_channel(at).value[:2] == list(AFTER_CONTACT)
    channel = next(s for s in at.selectbox if s.label == f"{plain(AFTER_CONTACT[1])}: channel")
    assert channel.value == NAMED and channel.format_func(NAMED) == "The row's channel"
    assert metrics(at) == {"Rows read": "120", "Rows ready to import": "118", "Rows with problems": "2"}
    problems = at.dataframe[-1].value
    assert problems["line"].tolist() == [41, 78]
    assert problems["problem"].str.contains("are about one contact, on its channel").all()
    import_valid_rows(at)
    button(at, "Import into the library").click().run()
    clean(at)
    table = read_csv_text(root / "after_contact" / "contacts.csv")
    assert table.num_rows == 118 and len(set(table["respondent_id"].to_pylist())) == 118  # one contact per row
    at.selectbox(key="dataset").set_value("after_contact").run()
    at.switch_page("pages/response_resolution.py").run()
    clean(at)
    shown = at.dataframe[0].value.set_index("Channel")  # got a response, by the channel each row names
    raw = pd.read_csv(UPLOADS / "after_contact.csv", dtype=str, keep_default_na=False)
    replied = raw.groupby("Contact channel")[AFTER_CONTACT[0]].agg(lambda s: (100 * (s == "Yes").mean(), len(s)))
    for channel, (share, base) in replied.items():
        shown_as = {"Live chat": "Chat", "Text message": "SMS"}.get(channel, channel)
        if channel in ("", "Phone, Email"):  # the rows left out
            assert shown_as not in shown.index
            continue
        assert shown.at[shown_as, "Base (n)"] == base
        assert shown.at[shown_as, "Share (%)"] == (f"{share:.1f}" if base >= 10 else "–"), channel
