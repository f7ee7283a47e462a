"""Prepared datasets load their aggregates, and load exactly what a full load builds."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from caregap import db, prepare
from caregap.database import new_database
from caregap.errors import DatasetError
from caregap.loader import load_dataset
from caregap.paths import DATA_DIR
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
    assert [db.run(c, "dataset_rows", dataset_id="tiny_survey")["n"].iat[0] for c in (full, fast)] == [8, 0]
    assert (
        fast.execute("select title from datasets").fetchall() == full.execute("select title from datasets").fetchall()
    )


def test_a_survey_that_never_asked_which_networks_prepares_and_loads(tmp_path):
    folder = Path(shutil.copytree(TINY_SURVEY, tmp_path / "tiny_survey"))
    path = folder / "contacts.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.assign(network="").to_csv(path, index=False)  # no contact names its network: every networks_used empty
    assert prepare.main([str(folder)]) == 0
    full, fast = new_database(), new_database()
    load_dataset(full, folder, use_prepared=False)
    load_dataset(fast, folder)
    for table in AGGREGATES:
        assert rows(fast, table) == rows(full, table) and rows(full, table)


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


def audit_counts(con) -> tuple[int, int]:
    """How many brands and probes a database holds."""
    return tuple(con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("brands", "probes"))


def test_a_brand_audit_is_checked_and_loads_from_its_rows(tmp_path, capsys):
    folder = Path(shutil.copytree(DATA_DIR / "auros_2011", tmp_path / "auros_2011"))
    assert prepare.main([str(folder)]) == 0
    assert "brand audit loads from its rows" in capsys.readouterr().out
    assert not (folder / prepare.FOLDER).exists()
    con = new_database()
    load_dataset(con, folder)
    assert audit_counts(con) == (25, len(pd.read_csv(folder / "probes.csv")))


def test_an_audit_prepared_by_an_older_care_gap_still_loads_its_rows(tmp_path):
    """Aggregates written for an audit (as prepare once did) hold no brands or probes: the rows are read instead."""
    folder = Path(shutil.copytree(DATA_DIR / "auros_2011", tmp_path / "auros_2011"))
    con = new_database()
    load_dataset(con, folder)
    prepare.write_prepared(con, folder, "auros_2011")
    assert prepare.is_prepared(folder)
    again = new_database()
    load_dataset(again, folder)
    assert audit_counts(again) == audit_counts(con) == (25, len(pd.read_csv(folder / "probes.csv")))


def split_survey(source: Path, root: Path, parts: int) -> list[Path]:
    """The survey's respondents dealt into parts (each with its own contacts), each part a dataset folder."""
    people = pd.read_csv(source / "respondents.csv", dtype=str, keep_default_na=False)
    contacts = pd.read_csv(source / "contacts.csv", dtype=str, keep_default_na=False)
    meta = json.loads((source / "metadata.json").read_text(encoding="utf-8"))
    folders = []
    for part in range(parts):
        folder = root / f"part_{part}"
        folder.mkdir()
        mine = people.iloc[part::parts]
        mine.to_csv(folder / "respondents.csv", index=False)
        contacts[contacts["respondent_id"].isin(mine["respondent_id"])].to_csv(folder / "contacts.csv", index=False)
        (folder / "metadata.json").write_text(json.dumps({**meta, "id": f"part_{part}"}), encoding="utf-8")
        folders.append(folder)
    return folders


def sums_by_key(con, table: str) -> dict[tuple, list[float]]:
    """An aggregate's sums (its float columns) by the rest of its row: the key of its grain, and its counts."""
    out: dict[tuple, list[float]] = {}
    for row in rows(con, table):
        key = tuple(repr(v) for v in row if not isinstance(v, float))
        assert key not in out, f"{table} repeats {key}"
        out[key] = [v for v in row if isinstance(v, float)]
    return out


def assert_same_sums(summed: dict[tuple, list[float]], whole: dict[tuple, list[float]]) -> None:
    """The same rows with the same sums (summed in another order, floats differ in their last bits)."""
    assert summed.keys() == whole.keys() and whole
    for key, values in whole.items():
        assert summed[key] == pytest.approx(values, rel=1e-12, abs=1e-9), key


def test_parts_prepared_apart_sum_to_the_whole_survey(tmp_path, capsys):
    source = DATA_DIR / "northridge_2015"
    parts = split_survey(source, tmp_path, 3)
    assert prepare.main([str(p) for p in parts]) == 0
    copied = tmp_path / "copied"  # one part's prepared/ copied from where it was prepared, without its rows
    shutil.copytree(parts[2] / prepare.FOLDER, copied / prepare.FOLDER)
    parts[2] = copied
    target = tmp_path / "summed"
    target.mkdir()
    shutil.copy(source / "metadata.json", target)
    assert prepare.main(["--sum", str(target), *map(str, parts)]) == 0
    assert "summed 3 parts into northridge_2015" in capsys.readouterr().out
    assert prepare.is_prepared(target) and sorted(p.name for p in target.iterdir()) == ["metadata.json", "prepared"]
    whole, summed = new_database(), new_database()
    load_dataset(whole, source, use_prepared=False)
    load_dataset(summed, target)
    for table in AGGREGATES:
        assert_same_sums(sums_by_key(summed, table), sums_by_key(whole, table))
    share = {"dataset": "northridge_2015", "questions": ["resolved"], "by": "channel", "splits": ["gender"]}
    share |= {key: [] for key in ("age_groups", "genders", "regions", "channels", "networks")}
    answer, expected = db.run(summed, "contact_distribution", **share), db.run(whole, "contact_distribution", **share)
    pd.testing.assert_frame_equal(answer, expected, check_exact=False, rtol=1e-12)
    meta = target / "metadata.json"  # edited after summing: the aggregates no longer say what they were made for
    meta.write_text(meta.read_text(encoding="utf-8").replace('"year": 2015', '"year": 2016'), encoding="utf-8")
    with pytest.raises(DatasetError, match=r"summed/prepared: is out of date .* run python -m caregap.prepare --sum"):
        load_dataset(new_database(), target)


def test_parts_that_cannot_be_summed_are_named_and_nothing_is_written(tmp_path, capsys):
    parts = split_survey(DATA_DIR / "northridge_2015", tmp_path, 4)
    assert prepare.main([str(p) for p in parts[:3]]) == 0
    (parts[1] / "contacts.csv").write_text("respondent_id,channel\n", encoding="utf-8")  # changed since
    stored = parts[2] / prepare.FOLDER / prepare.FINGERPRINT  # as another version of Care Gap would have written it
    stored.write_text(json.dumps({**json.loads(stored.read_text(encoding="utf-8")), "rules": "0" * 64}))
    target = tmp_path / "summed"
    shutil.copytree(parts[3], target)  # holds rows of its own
    assert prepare.main(["--sum", str(target), *map(str, parts)]) == 1
    said = capsys.readouterr().err
    assert f"{target}/respondents.csv: is a data file: the summed folder holds only metadata.json" in said
    assert f"{parts[1]}: changed since it was prepared: run python -m caregap.prepare on it" in said
    assert f"{parts[2]}: was prepared by other rules (another version of Care Gap)" in said
    assert f"{parts[3]}: is not prepared: run python -m caregap.prepare on it" in said
    assert f"{parts[0]}:" not in said and "Traceback" not in said and not (target / prepare.FOLDER).exists()
