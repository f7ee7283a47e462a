"""The loader: broken dataset folders get one clear message each (file, line, field), nothing half-loaded."""

from __future__ import annotations

import csv
import gc
import json
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from caregap import contract
from caregap.checks import conform, read_file
from caregap.csvread import read_csv_text
from caregap.database import new_database
from caregap.db import fetch
from caregap.errors import DatasetError
from caregap.loader import load_dataset
from tests.conftest import TINY_AUDIT, TINY_SURVEY

TABLES = ("datasets", "respondents", "contacts", "brands", "probes")


def rewrite(path: Path, edit) -> None:
    """Apply edit(rows) to a CSV's rows (header first) and write it back."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(path: Path, line: int, field: str, value: str) -> None:
    """Set one cell, addressed by file line number (the header is line 1) and field name."""

    def edit(rows):
        rows[line - 1][rows[0].index(field)] = value

    rewrite(path, edit)


def problems_of(folder: Path) -> list[str]:
    """The messages a load of this folder raises (into a database that already holds the tiny audit)."""
    con = new_database()
    load_dataset(con, TINY_AUDIT)
    before = counts(con)
    with pytest.raises(DatasetError) as raised:
        load_dataset(con, folder)
    assert counts(con) == before, "a failed load must leave the database exactly as it was"
    return [str(p) for p in raised.value.problems]


def counts(con) -> dict[str, int]:
    """Rows per table (to prove nothing was half-loaded)."""
    return {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in TABLES}


def test_the_fixtures_load(tiny_db):
    got = {row[0]: row[1] for row in tiny_db.execute("select dataset_id, kind from datasets").fetchall()}
    assert got == {"tiny_survey": "consumer_survey", "tiny_audit": "brand_audit"}
    assert tiny_db.execute("select count(*) from contacts").fetchall()[0][0] == 11


def test_missing_file(survey_copy):
    (survey_copy / "contacts.csv").unlink()
    assert problems_of(survey_copy) == ["contacts.csv: is missing from tiny_survey"]


def test_missing_metadata(survey_copy):
    (survey_copy / "metadata.json").unlink()
    assert problems_of(survey_copy) == ["metadata.json: is missing from tiny_survey"]


def test_metadata_that_is_not_json(survey_copy):
    (survey_copy / "metadata.json").write_text('{"id": "x",\n  "title": }', encoding="utf-8")
    [message] = problems_of(survey_copy)
    assert message.startswith("metadata.json, line 2: is not valid JSON")


def test_metadata_with_a_wrong_type(survey_copy):
    meta = json.loads((survey_copy / "metadata.json").read_text())
    meta["year"] = "twenty"
    (survey_copy / "metadata.json").write_text(json.dumps(meta))
    assert problems_of(survey_copy) == ["metadata.json, field year: year must be a whole number"]


def test_missing_required_field(survey_copy):
    rewrite(survey_copy / "respondents.csv", lambda rows: [row.pop(1) for row in rows])
    assert problems_of(survey_copy) == ["respondents.csv, line 1: the header has no column age_group"]


def test_missing_optional_field_is_blank(survey_copy, tmp_path):
    rewrite(survey_copy / "respondents.csv", lambda rows: [row.pop(4) for row in rows])  # weight
    con = new_database()
    load_dataset(con, survey_copy)
    assert con.execute("select min(weight), max(weight) from respondents").fetchall() == [(1.0, 1.0)]


def test_bad_enum(survey_copy):
    set_cell(survey_copy / "respondents.csv", 4, "age_group", "teen")
    assert problems_of(survey_copy) == [
        "respondents.csv, line 4, field age_group: 'teen' must be one of: 18-29, 30-44, 45-59, 60+"
    ]


def test_bad_value_in_a_multi_select(survey_copy):
    set_cell(survey_copy / "respondents.csv", 2, "favorite_networks", "facebook;myspace")
    [message] = problems_of(survey_copy)
    assert message.startswith("respondents.csv, line 2, field favorite_networks: 'facebook;myspace' must be")


def test_duplicate_id(survey_copy):
    set_cell(survey_copy / "respondents.csv", 8, "respondent_id", "r1")  # r7 has no contacts
    assert problems_of(survey_copy) == [
        "respondents.csv, line 8, field respondent_id: 'r1' repeats the respondent_id of line 2, which must be unique"
    ]


def test_two_rows_for_one_respondent_and_channel(survey_copy):
    """contacts.csv holds one row per respondent and channel (repeat contacts go in contacts_needed)."""
    set_cell(survey_copy / "contacts.csv", 5, "channel", "social")  # r2's phone row becomes a second social one
    set_cell(survey_copy / "contacts.csv", 5, "network", "twitter")
    assert problems_of(survey_copy) == [
        "contacts.csv, line 5, field channel: 'r2, social' repeats the respondent_id and channel of line 4: "
        "the file holds one row per respondent_id and channel"
    ]


def test_a_grain_lists_its_fields_in_the_files_column_order():
    """check_grain reads a line's grain in the file's column order and names it in the order of contract.GRAINS."""
    for file, fields in contract.GRAINS.items():
        assert list(fields) == [name for name in contract.field_names(file) if name in fields]


def test_orphan_contact(survey_copy):
    set_cell(survey_copy / "contacts.csv", 7, "respondent_id", "r42")
    assert problems_of(survey_copy) == [
        "contacts.csv, line 7, field respondent_id: 'r42' does not match any row of respondents.csv"
    ]


def test_orphan_probe(audit_copy):
    set_cell(audit_copy / "probes.csv", 3, "brand", "Delta")
    meta = json.loads((audit_copy / "metadata.json").read_text())
    meta["id"] = "tiny_audit_2"
    (audit_copy / "metadata.json").write_text(json.dumps(meta))
    assert problems_of(audit_copy) == ["probes.csv, line 3, field brand: 'Delta' does not match any row of brands.csv"]


@pytest.mark.parametrize("weight", ["-2", "0"])
def test_weight_not_positive(survey_copy, weight):
    set_cell(survey_copy / "respondents.csv", 3, "weight", weight)
    assert problems_of(survey_copy) == [f"respondents.csv, line 3, field weight: '{weight}' must be greater than 0"]


@pytest.mark.parametrize(
    ("file", "field", "value", "expected"),
    [
        ("respondents.csv", "channels_used_to_resolve", "two", "must be a whole number"),
        ("respondents.csv", "channels_used_to_resolve", "1.5", "must be a whole number"),
        ("respondents.csv", "weight", "heavy", "must be a number"),
        ("respondents.csv", "weight", "inf", "must be a number"),
        ("respondents.csv", "weight", "1e200", "must be at most 1000000000"),
        ("respondents.csv", "weight", "1_0", "must be a number"),  # DuckDB's cast alone would read 10
        ("respondents.csv", "prefers_live_assistance", "yes", "must be true or false"),
        ("contacts.csv", "satisfaction", "6", "must be at most 5"),
        ("contacts.csv", "satisfaction", "good", "must be a whole number from 1 to 5"),
        ("contacts.csv", "contacts_needed", "0", "must be at least 1"),
        ("contacts.csv", "response_minutes", "9999999999", "must be a whole number from 0 to 2147483647"),
        ("contacts.csv", "satisfaction", "30000000000000000000", "must be a whole number from 1 to 5"),
        ("respondents.csv", "channels_used_to_resolve", "-3000000000", "must be a whole number from 1 to 2147483647"),
    ],
)
def test_wrong_type(survey_copy, file, field, value, expected):
    set_cell(survey_copy / file, 3, field, value)
    assert problems_of(survey_copy) == [f"{file}, line 3, field {field}: '{value}' {expected}"]


def test_a_value_the_checks_miss_is_still_a_message_and_nothing_half_loaded(survey_copy, monkeypatch):
    monkeypatch.setattr("caregap.loader.check", lambda *_args: [])  # as if the checks had a gap
    set_cell(survey_copy / "contacts.csv", 3, "response_minutes", "9999999999")
    [problem] = problems_of(survey_copy)
    assert problem.startswith("tiny_survey: passed the checks but could not be loaded (Conversion Error")


def test_wrong_timestamp(audit_copy):
    set_cell(audit_copy / "probes.csv", 4, "sent_at", "last tuesday")
    meta = json.loads((audit_copy / "metadata.json").read_text())
    meta["id"] = "other_audit"
    (audit_copy / "metadata.json").write_text(json.dumps(meta))
    [message] = problems_of(audit_copy)
    assert message.startswith("probes.csv, line 4, field sent_at: 'last tuesday' must be a date and time")


def test_required_but_blank(survey_copy):
    set_cell(survey_copy / "contacts.csv", 4, "channel", "")
    set_cell(survey_copy / "contacts.csv", 5, "channel", "")  # two blanks of one respondent: no repeated channel
    assert problems_of(survey_copy) == ["contacts.csv, line 4, field channel: blank, but required (also line 5)"]


def test_every_problem_is_reported_at_once(survey_copy):
    set_cell(survey_copy / "respondents.csv", 4, "age_group", "teen")
    set_cell(survey_copy / "respondents.csv", 6, "gender", "f")
    set_cell(survey_copy / "contacts.csv", 2, "respondent_id", "nobody")
    found = problems_of(survey_copy)
    assert [m.split(":")[0] for m in found] == [
        "respondents.csv, line 4, field age_group",
        "respondents.csv, line 6, field gender",
        "contacts.csv, line 2, field respondent_id",
    ]


def test_many_bad_cells_are_counted(survey_copy):
    def edit(rows):
        for row in rows[1:]:
            row[rows[0].index("gender")] = "x"

    rewrite(survey_copy / "respondents.csv", edit)
    [message] = problems_of(survey_copy)
    assert message.endswith(
        "'x' must be one of: female, male, nonbinary, undisclosed (also line 3, 4, 5, 6) (8 cells in all)"
    )


def test_grouped_bad_cells_name_each_other_value(survey_copy):
    def edit(rows):
        for number, row in enumerate(rows[1:4], start=2):
            row[rows[0].index("gender")] = "x" if number != 3 else "F"

    rewrite(survey_copy / "respondents.csv", edit)
    [message] = problems_of(survey_copy)
    assert message == (
        "respondents.csv, line 2, field gender: 'x' must be one of: female, male, nonbinary, undisclosed"
        " (also line 3 ('F'), 4)"
    )


def test_empty_file(survey_copy):
    (survey_copy / "contacts.csv").write_bytes(b"")
    assert problems_of(survey_copy) == ["contacts.csv: the file is empty: it needs a header row"]


def test_duplicate_header(survey_copy):
    rewrite(survey_copy / "respondents.csv", lambda rows: rows[0].__setitem__(3, "gender"))
    assert problems_of(survey_copy) == [
        "respondents.csv, line 1: column gender appears twice in the header (columns 3 and 4)"
    ]


def test_ragged_row(survey_copy):
    with (survey_copy / "contacts.csv").open("a", encoding="utf-8") as handle:
        handle.write("r1,phone,,\n")
    assert problems_of(survey_copy) == ["contacts.csv, line 13: has 4 fields but the header has 12"]


def test_not_utf8(survey_copy):
    path = survey_copy / "respondents.csv"
    path.write_bytes(path.read_bytes().replace(b"west", "wést".encode("latin-1"), 1))
    [message] = problems_of(survey_copy)
    assert message.startswith("respondents.csv: is not UTF-8 text")


def test_dataset_already_loaded():
    con = new_database()
    load_dataset(con, TINY_SURVEY)
    before = counts(con)
    with pytest.raises(DatasetError, match="a dataset with id tiny_survey is already loaded"):
        load_dataset(con, TINY_SURVEY)
    assert counts(con) == before


def test_line_numbers_count_quoted_newlines(tmp_path):
    path = tmp_path / "respondents.csv"
    path.write_text('respondent_id,region\nr1,"north\neast"\n\nr2,west\n', encoding="utf-8")
    table = read_csv_text(path)
    assert table["line_no"].to_pylist() == [2, 5]
    assert table["region"].to_pylist() == ["north\neast", "west"]


def test_a_ragged_row_is_refused_by_its_line_and_the_collector_is_back_on_after(tmp_path):
    path = tmp_path / "respondents.csv"
    path.write_text("respondent_id,region\nr1,north\n , \nr2,west,extra\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"respondents\.csv, line 4: has 3 fields but the header has 2"):
        read_csv_text(path)  # the blank row of spaces (line 3) is skipped, not refused
    assert gc.isenabled()


def test_cells_are_trimmed_of_every_space_str_strip_knows(tmp_path):
    spaces = "\t\x0b\x0c\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
    assert spaces.strip() == ""
    cells = [f"{spaces}north east{spaces}", f"{spaces}\u200bx", spaces]  # a zero-width space is no space
    path = tmp_path / "respondents.csv"
    path.write_text("respondent_id,region\n" + "".join(f'r{i},"{c}"\n' for i, c in enumerate(cells)), encoding="utf-8")
    assert read_csv_text(path)["region"].to_pylist() == [c.strip() or None for c in cells]


def test_bom_and_surrounding_spaces_are_tolerated(survey_copy):
    path = survey_copy / "respondents.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b",female,", b", female ,"))
    con = new_database()
    load_dataset(con, survey_copy)
    assert con.execute("select count(*) from respondents where gender = 'female'").fetchall()[0][0] == 4


def test_parquet_loads_like_csv(survey_copy, tiny_db):
    for stem in ("respondents", "contacts"):
        csv_path = survey_copy / f"{stem}.csv"
        table = pacsv.read_csv(csv_path)
        pq.write_table(table, survey_copy / f"{stem}.parquet")
        csv_path.unlink()
    con = new_database()
    load_dataset(con, survey_copy)
    query = "select * exclude (dataset_id) from respondents order by respondent_id"
    assert (
        con.execute(query).fetchall()
        == tiny_db.execute(
            "select * exclude (dataset_id) from respondents where dataset_id = 'tiny_survey' order by respondent_id"
        ).fetchall()
    )
    assert fetch(con, "dataset_exists", dataset_id="tiny_survey")["n"].iat[0] == 1


def test_rejected_lines_are_the_lines_with_problems(survey_copy):
    """An import leaves out exactly the lines the loader's cell checks report (one rule, cell_problem, for both)."""
    path = survey_copy / "respondents.csv"
    broken = {3: ("gender", "helicopter"), 4: ("weight", "-1"), 5: ("channels_used_to_resolve", "two"),
              6: ("favorite_networks", "facebook;myspace"), 7: ("prefers_live_assistance", "yes"),
              8: ("age_group", "")}  # fmt: skip
    for line, (field, value) in broken.items():
        set_cell(path, line, field, value)
    con = new_database()
    con.register("raw_upload", conform("respondents.csv", read_file(survey_copy, "respondents.csv")))
    reported = {line for lines in fetch(con, "check_cells", file="respondents.csv")["lines"] for line in lines}
    rejected = set(fetch(con, "ingest_rejected_lines", file="respondents.csv")["line_no"])
    assert reported == rejected == set(broken)
