"""Real survey exports through the Data page's code path, then the pages' queries against pandas on the same file."""

from __future__ import annotations

import io
import json
from collections import Counter
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from caregap import db, library, saved_mappings
from caregap.database import build, startup_folders
from caregap.errors import DatasetError
from caregap.ingest.cells import NO_CONTACT
from caregap.ingest.convert import convert
from caregap.ingest.mapping import NAMED, Mapping, suggest
from caregap.ingest.read import read_saved
from caregap.ingest.table import Upload
from caregap.ingest.validate import check_upload
from caregap.measures import MEASURES
from caregap.slicing import Slice
from caregap.ui.importing import metadata
from caregap.views import measure_table

UPLOADS = Path(__file__).parent / "fixtures" / "uploads"
# The test's own reading of the answers (independent of caregap.ingest.values).
GENDER = {
    "f": "female",
    "female": "female",
    "woman": "female",
    "m": "male",
    "male": "male",
    "man": "male",
    "nonbinary": "nonbinary",
    "non-binary": "nonbinary",
    "nb": "nonbinary",
    "prefer not to say": "undisclosed",
}
CHANNEL = {
    "Phone": "phone",
    "Email": "email",
    "Live chat": "chat",
    "Social media": "social",
    "Text message": "sms",
    "In person": "in_person",
}
CONTACT_COLUMNS = {
    "google_forms_messy.csv": "Did the company respond? [Social media]",
    "surveymonkey.csv": "Did the company respond to you? - Social media",
    "qualtrics.csv": "Did the company respond to you? - Social media",
}


@pytest.fixture(autouse=True)
def library_dir(tmp_path, monkeypatch) -> Path:
    """A private library for each test (never the project's data/library)."""
    monkeypatch.setenv("CAREGAP_LIBRARY", str(tmp_path / "library"))
    return tmp_path / "library"


def import_file(name: str, dataset_id: str, mapping: Mapping | None = None):
    """Upload, map (as suggested), check and import the valid rows, as the Data page does."""
    data = (UPLOADS / name).read_bytes()
    upload = read_saved(name, data)
    report = check_upload(upload, mapping or suggest(upload))
    library.save(metadata(upload, report, f"Test {name}", dataset_id), report.valid())
    return upload, report


def raw_frame(name: str) -> pd.DataFrame:
    """The export read by pandas with one header row of question texts (SurveyMonkey: question - sub-answer)."""
    path = UPLOADS / name
    if name == "qualtrics.csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=[0, 2], encoding="utf-8-sig")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, header=None, encoding="utf-8-sig")
    if name != "surveymonkey.csv":
        return raw.iloc[1:].set_axis(raw.iloc[0].tolist(), axis=1)
    tops = raw.iloc[0].replace("", None).ffill()
    names = [t if s in ("", "Response") else f"{t} - {s}" for t, s in zip(tops, raw.iloc[1], strict=True)]
    return raw.iloc[2:].set_axis(names, axis=1)


def expected(name: str) -> pd.DataFrame:
    """One row per respondent the import should keep, with the test's own mapping of gender, age and channel."""
    raw = raw_frame(name)
    frame = pd.DataFrame({"age": raw.filter(regex="old are you|your age").iloc[:, 0].str.extract(r"(\d+)")[0]})
    frame["gender"] = raw.filter(regex="gender").iloc[:, 0].str.strip().str.lower().map(GENDER)
    frame["preferred"] = raw.filter(regex="prefer for").iloc[:, 0].map(CHANNEL)
    frame["social_response"] = raw[CONTACT_COLUMNS[name]]
    networks = raw.filter(regex="favourite")
    frame["networks"] = networks.iloc[:, 0] if networks.shape[1] else ""
    return frame[frame["gender"].notna() & (frame["age"].astype(int) >= 18)]


def shares(run, measure: str, dataset: str, split: str = "none") -> pd.DataFrame:
    """hit_w / base_w in percent, by the measure's answer or channel."""
    table = measure_table(run, MEASURES[measure], Slice(dataset, split=split))
    return table.assign(pct=100 * table["hit_w"] / table["base_w"])


@pytest.mark.parametrize("name", ["google_forms_messy.csv", "surveymonkey.csv", "qualtrics.csv"])
def test_an_export_imports_and_the_pages_show_its_shares(name):
    _, report = import_file(name, "wave_1")
    truth = expected(name)
    con, loaded = build(startup_folders())
    assert "wave_1" in [m.id for m in loaded]
    run = partial(db.run, con)
    got = shares(run, "preferred_channel", "wave_1").query("segment == 'All'").set_index("answer")["pct"]
    want = truth["preferred"].value_counts(normalize=True) * 100
    for channel, pct in got.items():
        assert pct == pytest.approx(want.get(channel, 0.0)), channel
    by_gender = shares(run, "preferred_channel", "wave_1", "gender").query("segment == 'female' and answer == 'phone'")
    female = truth[truth["gender"] == "female"]
    assert by_gender["pct"].iat[0] == pytest.approx(100 * (female["preferred"] == "phone").mean())
    answered = truth["social_response"][truth["social_response"] != ""]
    social = shares(run, "got_response", "wave_1").set_index("channel").at["social", "pct"]
    assert social == pytest.approx(100 * (answered == "Yes").mean())
    assert report.valid()["respondents.csv"].num_rows == len(truth)


SATISFACTION = {  # the test's own reading of a worded 5-point scale
    "Very dissatisfied": 1,
    "1 - Very dissatisfied": 1,
    "Dissatisfied": 2,
    "Neutral": 3,
    "4": 4,
    "Somewhat satisfied": 4,
    "Very satisfied": 5,
    "5 (Very satisfied)": 5,
}


def test_worded_satisfaction_ratings_import_as_points_and_show_as_shares():
    words = list(SATISFACTION)
    header = "How old are you?,What is your gender?,How satisfied were you? [Phone],How satisfied were you? [Email]"
    rows = [(20 + i, "Female" if i % 2 else "Male", words[i % 8], words[(i * 3) % 8]) for i in range(45)]
    text = "\n".join([header, *(",".join(map(str, row)) for row in rows)]) + "\n"
    upload = read_saved("ratings.csv", text.encode())
    report = check_upload(upload, suggest(upload))
    assert not report.problems
    library.save(metadata(upload, report, "Ratings", "ratings"), report.valid())
    run = partial(db.run, build(startup_folders())[0])
    got = shares(run, "satisfied", "ratings").set_index("channel")["pct"]
    for channel, column in (("phone", 2), ("email", 3)):
        points = pd.Series([SATISFACTION[row[column]] for row in rows])
        assert got[channel] == pytest.approx(100 * (points >= 4).mean()), channel


def test_messy_google_forms_values_are_understood():
    upload = read_saved("google_forms_messy.csv", (UPLOADS / "google_forms_messy.csv").read_bytes())
    report = check_upload(upload, suggest(upload))
    assert upload.source == "Google Forms"
    assert [(p.line, p.field.split()[0]) for p in report.problems] == [(42, "age_group"), (92, "gender")]
    genders = set(report.valid()["respondents.csv"]["gender"].to_pylist())
    assert genders == {"female", "male", "nonbinary", "undisclosed"}
    rejected = pd.read_csv(io.BytesIO(report.rejected_csv()), dtype=str, encoding="utf-8-sig")
    assert rejected["line"].tolist() == ["42", "92"]
    assert rejected["What is your gender?"].tolist()[1] == "Helicopter"
    problems = rejected["problem"].tolist()  # each row says what is wrong with it, by the user's column
    assert problems[1].startswith("column 'What is your gender?' (gender): 'Helicopter' must be one of: Female")
    assert problems[0].startswith("column ") and "(age group)" in problems[0]


def test_favourite_networks_multi_select_matches_pandas():
    import_file("google_forms_messy.csv", "wave_1")
    truth = expected("google_forms_messy.csv")
    con, _ = build(startup_folders())
    got = shares(partial(db.run, con), "favorite_networks", "wave_1").set_index("answer")["pct"]
    named = truth["networks"][truth["networks"] != ""]
    assert got["facebook"] == pytest.approx(100 * named.str.contains("Facebook").mean())
    assert got["instagram"] == pytest.approx(100 * named.str.contains("Instagram").mean())


@pytest.mark.parametrize("name", ["surveymonkey.csv", "qualtrics.csv"])
def test_header_rows_of_each_tool_are_recognised(name):
    upload = read_saved(name, (UPLOADS / name).read_bytes())
    assert upload.source == {"surveymonkey.csv": "SurveyMonkey", "qualtrics.csv": "Qualtrics"}[name]
    assert upload.lines[0] == {"surveymonkey.csv": 3, "qualtrics.csv": 4}[name]
    said = {"surveymonkey.csv": "2 header rows on lines 1 to 2", "qualtrics.csv": "3 header rows on lines 1 to 3"}
    assert said[name] in upload.notes[0]
    mapping = suggest(upload)
    assert {"respondent_id", "age_group", "gender", "preferred_channel"} <= set(mapping.columns)
    assert set(mapping.contacts) == {"phone", "email", "social"}


@pytest.mark.parametrize(
    "header",
    ["Which social networks do you like?", "Favourite platforms", "Networks you follow brands on [Social media]"],
)
def test_a_question_about_favourite_networks_is_not_taken_for_a_contacts_network(header):
    """A multi-select of networks people like is asked of everyone; a contact's network, of social contacts only."""
    text = f'Age,Gender,"{header}","Which network did you contact them on? [Social media]"\n'
    text += '34,F,Facebook;Twitter,Twitter\n51,M,Instagram,\n29,F,"Facebook, Instagram",Facebook\n'
    upload = read_saved("a.csv", text.encode())
    mapping = suggest(upload)
    assert mapping.columns["favorite_networks"] == header
    assert mapping.contacts == {"social": {"network": "Which network did you contact them on? [Social media]"}}
    report = check_upload(upload, mapping)
    assert not report.problems and report.valid()["contacts.csv"].num_rows == 2  # two people contacted on social


def test_a_saved_mapping_is_reused_for_the_next_wave():
    upload = read_saved("qualtrics.csv", (UPLOADS / "qualtrics.csv").read_bytes())
    mapping = suggest(upload)
    mapping.values["gender"] = {"Prefer Not To Say": "undisclosed"}
    name = saved_mappings.save_mapping("Care tracker", mapping)
    assert saved_mappings.mapping_names() == ["care_tracker"]
    again = Mapping.from_json(saved_mappings.read_mapping(name), upload)
    assert again == mapping


def test_two_names_for_one_saved_mapping_are_not_merged_silently(library_dir):
    saved_mappings.save_mapping("Care tracker", Mapping(columns={"age_group": "Age"}))
    with pytest.raises(DatasetError) as raised:
        saved_mappings.save_mapping("care-tracker!", Mapping(columns={"age_group": "How old?"}))
    assert str(raised.value) == (
        "Saved mappings: a mapping is already saved as care_tracker: choose another name, or tick Replace to "
        "overwrite it"
    )
    kept = {"columns": {"age_group": "Age"}, "contacts": {}, "values": {}, "name": "Care tracker"}
    assert json.loads(saved_mappings.read_mapping("care_tracker")) == kept
    assert saved_mappings.save_mapping("Care tracker", Mapping(), replace=True) == "care_tracker"
    assert json.loads(saved_mappings.read_mapping("care_tracker")) == {
        "columns": {},
        "contacts": {},
        "values": {},
        "name": "Care tracker",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"columns": {\n"age_group": "Age",\n}', "care.json, line 3: is damaged: it is not valid JSON"),
        ("[1, 2]", "care.json: is damaged: it does not hold columns, contacts and values"),
        ('{"columns": {"age_group": ["Age"]}}', "care.json: is damaged: it does not hold columns, contacts and values"),
    ],
    ids=["not json", "a list", "a list for a column"],
)
def test_a_damaged_saved_mapping_is_refused_plainly(text, message):
    upload = read_saved("qualtrics.csv", (UPLOADS / "qualtrics.csv").read_bytes())
    with pytest.raises(DatasetError) as raised:
        Mapping.from_json(text, upload, "care")
    assert str(raised.value) == message


def test_a_satisfaction_question_is_satisfaction_and_an_online_store_is_no_channel():
    phone, store = (
        "How satisfied were you with the response time on the phone?",
        "How satisfied are you with our online store?",
    )
    upload = read_saved("a.csv", f"Age,Gender,{phone},{store}\n34,F,5,4\n51,M,1,2\n".encode())
    mapping = suggest(upload)
    assert mapping.contacts == {"phone": {"satisfaction": phone}}
    contacts = check_upload(upload, mapping).valid()["contacts.csv"]
    assert contacts.select(["channel", "satisfaction", "response_minutes"]).to_pylist() == [
        {"channel": "phone", "satisfaction": "5", "response_minutes": None},
        {"channel": "phone", "satisfaction": "1", "response_minutes": None},
    ]


def test_answers_mapped_by_hand_to_a_value_or_blank_are_saved_and_applied():
    text = (
        'Age,Gender,Did they answer? [Email],Favourite networks\n34,F,Not sure,"Snapchat, Facebook"\n51,M,No,TikTok\n'
    )
    upload = read_saved("a.csv", text.encode())
    mapping = suggest(upload)
    assert check_upload(upload, mapping).converted.unknown == {
        "got_response": {"Not sure": 1},
        "favorite_networks": {"Snapchat": 1, "TikTok": 1},
    }
    mapping.values = {"got_response": {"Not sure": ""}, "favorite_networks": {"Snapchat": "other", "TikTok": ""}}
    saved = Mapping.from_json(saved_mappings.read_mapping(saved_mappings.save_mapping("a", mapping)), upload)
    report = check_upload(upload, saved)
    assert report.problems == [] and report.converted.unknown == {}
    assert report.valid()["contacts.csv"]["got_response"].to_pylist() == [None, "false"]
    assert report.valid()["respondents.csv"]["favorite_networks"].to_pylist() == ["other;facebook", None]


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("2 - Very satisfied", "'2 - Very satisfied'"),
        ("Great", "'Great' must be a whole number from 1 to 5"),
        ("7", "'7' must be at most 5"),
    ],
)
def test_a_rating_that_contradicts_its_label_or_leaves_the_scale_is_rejected_by_line(answer, problem):
    rows = [(30, "Female", "Very satisfied")] * 12 + [(40, "Male", answer)]
    text = "Age,Gender,How satisfied were you? [Chat]\n" + "".join(f"{a},{g},{s}\n" for a, g, s in rows)
    upload = read_saved("ratings.csv", text.encode())
    report = check_upload(upload, suggest(upload))
    (found,) = report.problems
    assert found.line == 14 and "satisfaction" in found.field and problem in found.message


def ratings_upload(answers: list[str]):
    """A survey whose chat satisfaction column holds these answers."""
    text = "Age,Gender,How satisfied were you? [Chat]\n" + "".join(f"30,Female,{a}\n" for a in answers)
    return read_saved("ratings.csv", text.encode())


@pytest.mark.parametrize(
    ("answers", "scale"),
    [([str(1 + i % 7) for i in range(70)], "from 1 to 7 (20 of 70"), ([str(i % 11) for i in range(44)], "0 to 10")],
)
def test_a_rating_column_on_another_scale_is_a_mapping_problem(answers, scale):
    upload = ratings_upload(answers)
    report = check_upload(upload, suggest(upload))
    (wrong,) = report.unmapped()
    assert wrong.line is None and wrong.field == "satisfaction (column 'How satisfied were you? [Chat]')"
    assert scale in wrong.message and "Rescale the column to 1 to 5" in wrong.message
    assert len(report.rejected) == sum(not 1 <= int(a) <= 5 for a in answers), "its rows are still reported by line"


def test_a_mistyped_rating_or_two_in_many_is_no_other_scale():
    upload = ratings_upload(["Very satisfied", "4", "2"] * 20 + ["7", "44"])
    report = check_upload(upload, suggest(upload))
    assert report.unmapped() == [] and report.rejected == [62, 63]


def test_contacts_come_from_channels_named_then_answered_about_each_once_with_unknowns_counted_per_contact():
    columns = ["id", "Age", "Gender", "Channels used", "Phone: answered?", "Email: answered?", "Chat: answered?"]
    rows = [
        ["a", "34", "F", "Email; Phone", "Yes", "", "Perhaps"],  # named email, phone; answered phone, chat
        ["b", "51", "M", "", "", "Did not use", "Yes"],  # email's answer says no contact: chat only
        ["c", "27", "F", "Fax", "Perhaps", "Did not use", ""],  # an unknown channel named; phone answered
        ["d", "60", "M", "", "", "Did not use", ""],  # no contact at all
    ]
    upload = Upload("f.csv", "test", columns, columns, rows, [2, 3, 4, 5])
    mapping = Mapping(
        columns={"respondent_id": "id", "age_group": "Age", "gender": "Gender", "channels_used": "Channels used"},
        contacts={ch: {"got_response": f"{ch.title()}: answered?"} for ch in ("phone", "email", "chat")},
        values={"got_response": {"Did not use": NO_CONTACT}},
    )
    converted = convert(upload, mapping)
    got = converted.contacts.select(["line_no", "respondent_id", "channel", "got_response"]).to_pylist()
    assert [tuple(row.values()) for row in got] == [
        (2, "a", "email", None),
        (2, "a", "phone", "true"),
        (2, "a", "chat", "Perhaps"),
        (3, "b", "chat", "true"),
        (4, "c", "Fax", None),
        (4, "c", "phone", "Perhaps"),
    ]
    assert converted.unknown == {"channel": Counter({"Fax": 1}), "got_response": Counter({"Perhaps": 2})}


REPLIED = "Did we reply to you?"
RESOLVED = "Was your issue resolved?"
TIMES = "How many times did you contact us about this?"


def test_a_survey_after_each_contact_imports_one_contact_per_row_and_the_pages_show_its_shares():
    _, report = import_file("after_contact.csv", "after")
    raw = pd.read_csv(UPLOADS / "after_contact.csv", dtype=str, keep_default_na=False)
    raw.index += 2  # the file's line of each row
    named_one = raw["Contact channel"].isin(CHANNEL)
    assert report.rejected == raw.index[~named_one].tolist() == [41, 78]
    assert "names no channel" in report.reasons[41] and "names 2 channels (Phone, Email)" in report.reasons[78]
    truth = raw[named_one].assign(channel=lambda f: f["Contact channel"].map(CHANNEL))
    con, _ = build(startup_folders())
    run = partial(db.run, con)
    truth[TIMES] = truth[TIMES].replace("5 or more", "5").astype(int)  # the top answer, 5+, either way
    for measure, column, hit in (
        ("got_response", REPLIED, lambda s: s == "Yes"),
        ("resolved", RESOLVED, lambda s: s == "Yes"),
        ("needed_2_plus", TIMES, lambda s: s >= 2),
    ):
        got = shares(run, measure, "after").query("segment == 'All'").set_index("channel")["pct"]
        want = truth.groupby("channel")[column].apply(lambda s, hit=hit: 100 * hit(s).mean())
        assert got.sort_index().tolist() == pytest.approx(want.sort_index().tolist()), measure
        assert sorted(got.index) == sorted(want.index)
    contacts = report.valid()["contacts.csv"]
    assert contacts.num_rows == len(truth) == report.valid()["respondents.csv"].num_rows  # one contact per row


def test_a_channels_own_column_wins_over_the_rows_and_a_row_naming_several_channels_gets_neither():
    columns = ["id", "Age", "Gender", "Channel", "Phone: how satisfied?", "How satisfied were you?"]
    rows = [
        ["a", "34", "F", "Phone", "5", "3"],  # phone's own column wins
        ["b", "51", "M", "Email", "", "4"],  # email has none: the row's column
        ["c", "27", "F", "Phone; Chat", "", "2"],  # two contacts: the row's answer is neither's
        ["d", "45", "M", "", "", "1"],  # no channel: no contact for the answer
        ["e", "60", "F", "Chat", "", "9"],
    ]
    upload = Upload("f.csv", "test", columns, columns, rows, [2, 3, 4, 5, 6])
    mapping = Mapping(
        columns={"respondent_id": "id", "age_group": "Age", "gender": "Gender", "channels_used": "Channel"},
        contacts={"phone": {"satisfaction": columns[4]}, NAMED: {"satisfaction": columns[5]}},
    )
    report = check_upload(upload, mapping)
    got = report.converted.contacts.select(["line_no", "channel", "satisfaction"]).to_pylist()
    assert [tuple(row.values()) for row in got] == [
        (2, "phone", "5"),
        (3, "email", "4"),
        (4, "phone", None),
        (4, "chat", None),
        (6, "chat", "9"),
    ]
    assert report.rejected == [4, 5, 6]
    where = {p.line: p.field for p in report.problems}
    assert where[4] == where[5] == "channel (column 'Channel')"
    assert where[6] == "satisfaction (column 'How satisfied were you?', the row's channel)"


def test_a_rating_column_about_the_rows_contact_on_another_scale_is_a_mapping_problem():
    columns = ["Age", "Gender", "Channel", "Phone: how satisfied?", "How satisfied were you?"]
    rows = [
        ["34", "F", channel, own, str(score)] for channel, own in (("Phone", "4"), ("Email", "")) for score in range(11)
    ]
    upload = Upload("f.csv", "test", columns, columns, rows, list(range(2, 24)))
    mapping = Mapping(
        columns={"age_group": "Age", "gender": "Gender", "channels_used": "Channel"},
        contacts={"phone": {"satisfaction": columns[3]}, NAMED: {"satisfaction": columns[4]}},
    )
    [problem] = check_upload(upload, mapping).unmapped()
    assert (
        "'How satisfied were you?' has answers from 0 to 10 (6 of 11 outside 1 to 5)" in problem.message
    )  # email only


def test_unknown_answers_about_the_rows_contact_are_counted_once_per_contact_they_reach():
    columns = ["Age", "Gender", "Channel", "Did we reply?"]
    rows = [["34", "F", "Phone", "Perhaps"], ["51", "M", "Phone; Email", "Perhaps"], ["27", "F", "Chat", "Perhaps"]]
    upload = Upload("f.csv", "test", columns, columns, rows, [2, 3, 4])
    mapping = Mapping(
        columns={"age_group": "Age", "gender": "Gender", "channels_used": "Channel"},
        contacts={NAMED: {"got_response": "Did we reply?"}},
    )
    converted = convert(upload, mapping)
    assert converted.unknown == {"got_response": Counter({"Perhaps": 2})}  # the row naming two reaches neither
    assert sorted(converted.unplaced) == [3]


def test_a_saved_mapping_keeps_the_questions_about_the_rows_contact():
    upload = read_saved("after_contact.csv", (UPLOADS / "after_contact.csv").read_bytes())
    mapping = suggest(upload)
    again = Mapping.from_json(mapping.to_json("after contact"), upload)
    assert again.contacts == mapping.contacts and again.contacts[NAMED]["resolved"] == RESOLVED
    assert check_upload(upload, again).rejected == [41, 78]
