"""Prepared datasets load their aggregates, and load exactly what a full load builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from caregap import prepare
from caregap.database import new_database
from caregap.loader import load_dataset
from tests.conftest import TINY_SURVEY

AGGREGATES = ("respondent_answers", "contact_answers", "contact_pairs", "contact_people")


def rows(con, table: str) -> list[tuple]:
    """Every row of an aggregate, in a stable order."""
    return sorted(con.execute(f"select * exclude (dataset_id) from {table}").fetchall(), key=repr)


@pytest.fixture()
def prepared_survey(tmp_path: Path) -> Path:
    folder = Path(shutil.copytree(TINY_SURVEY, tmp_path / "tiny_survey"))
    assert prepare.main([str(folder)]) == 0
    return folder


def test_prepared_load_equals_the_full_load(prepared_survey):
    assert prepare.is_prepared(prepared_survey)
    full, fast = new_database(), new_database()
    load_dataset(full, prepared_survey, use_prepared=False)
    load_dataset(fast, prepared_survey)
    for table in AGGREGATES:
        assert rows(fast, table) == rows(full, table) and rows(full, table)
    assert fast.execute("select count(*) from respondents").fetchall() == [(0,)], "rows are not loaded"
    assert (
        fast.execute("select title from datasets").fetchall() == full.execute("select title from datasets").fetchall()
    )


def test_a_changed_data_file_is_loaded_in_full(prepared_survey):
    path = prepared_survey / "respondents.csv"
    path.write_text(path.read_text().replace("r8,60+,male", "r8,60+,female"), encoding="utf-8")
    assert not prepare.is_prepared(prepared_survey)
    con = new_database()
    load_dataset(con, prepared_survey)
    assert con.execute("select count(*) from respondents where gender = 'female'").fetchall() == [(5,)]


def test_changed_rules_are_loaded_in_full(prepared_survey, monkeypatch):
    monkeypatch.setattr(prepare, "MINUTE_EDGES", (5, 10))
    assert not prepare.is_prepared(prepared_survey)


def test_a_new_check_counts_as_changed_rules(prepared_survey, monkeypatch):
    """Rows prepared before a check existed were never checked by it: the dataset loads (and is checked) in full."""
    monkeypatch.setattr(prepare.contract, "GRAINS", {**prepare.contract.GRAINS, "respondents.csv": ("region",)})
    assert not prepare.is_prepared(prepared_survey)


def test_a_touched_file_counts_as_changed(prepared_survey):
    stat = (prepared_survey / "contacts.csv").stat()
    os.utime(prepared_survey / "contacts.csv", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not prepare.is_prepared(prepared_survey)


def test_preparing_again_replaces_the_old_aggregates(prepared_survey):
    before = (prepared_survey / "prepared" / "fingerprint.json").read_text()
    assert prepare.main([str(prepared_survey)]) == 0
    assert (prepared_survey / "prepared" / "fingerprint.json").read_text() == before
    assert not (prepared_survey / ".prepared.tmp").exists() and not (prepared_survey / ".prepared.old").exists()


def test_a_folder_that_breaks_the_contract_is_reported_not_traced(survey_copy, capsys):
    respondents = survey_copy / "respondents.csv"
    lines = respondents.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("age_group")] = "teen"
    respondents.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    assert prepare.main([str(survey_copy)]) == 1
    err = capsys.readouterr().err
    assert "respondents.csv, line 2, field age_group" in err and "teen" in err and "Traceback" not in err
    assert not (survey_copy / prepare.FOLDER).exists(), "nothing half-written"
    assert prepare.main(["--help"]) == 0 and "usage" in capsys.readouterr().out
