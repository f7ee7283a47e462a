"""The library on disk: atomic imports, deletes and re-weighting; datasets survive a restart and a killed import."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from caregap import db, library, prepare
from caregap.csvread import read_csv_text
from caregap.database import build, build_serving, new_database, startup_folders
from caregap.errors import DatasetError
from caregap.ingest.mapping import suggest
from caregap.ingest.read import read_saved
from caregap.ingest.validate import check_upload
from caregap.loader import load_dataset
from caregap.paths import BUNDLED_DATASETS, DATA_DIR, ROOT
from caregap.ui.importing import metadata

UPLOADS = Path(__file__).parent / "fixtures" / "uploads"


@pytest.fixture(autouse=True)
def root(tmp_path, monkeypatch) -> Path:
    """A private library (never the project's data/library)."""
    monkeypatch.setenv("CAREGAP_LIBRARY", str(tmp_path / "library"))
    return tmp_path / "library"


def store(dataset_id: str, name: str = "google_forms_messy.csv") -> Path:
    """Import a fixture export as the Data page does."""
    upload = read_saved(name, (UPLOADS / name).read_bytes())
    report = check_upload(upload, suggest(upload))
    return library.save(metadata(upload, report, dataset_id, dataset_id), report.valid())


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the library and its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def shares(con, dataset_id: str) -> list[pd.DataFrame]:
    """What the pages show of a stored survey: its size and weighted base, and its shares by gender."""
    slice_ = dict(dataset=dataset_id, age_groups=[], genders=[], regions=[], channels=[], networks=[])
    size = db.run(con, "dataset_summary", **slice_)
    asked = dict(questions=["preferred_channel", "got_response", "resolved"], splits=["gender"])
    people = db.run(con, "respondent_distribution", **slice_, **asked)
    contacts = db.run(con, "contact_distribution", **slice_, **asked, by="channel")
    return [size, people, contacts]


def assert_same(ours: list[pd.DataFrame], theirs: list[pd.DataFrame]) -> None:
    """The same numbers (to rounding)."""
    for one, other in zip(ours, theirs, strict=True):
        pd.testing.assert_frame_equal(one, other, check_exact=False, rtol=1e-12)


def from_rows(folder: Path):
    """A database with the folder loaded from its rows (its prepared aggregates not used)."""
    con = new_database()
    load_dataset(con, folder, use_prepared=False)
    return con


def test_an_import_survives_a_restart(root):
    store("wave_1")
    assert [p.name for p in library.folders()] == ["wave_1"]
    _, loaded = build(startup_folders())
    assert [m.id for m in loaded][-1] == "wave_1"
    stored = sorted(p.name for p in (root / "wave_1").iterdir())
    assert stored == ["contacts.csv", "metadata.json", "prepared", "respondents.csv"]


def test_a_stored_survey_is_prepared_and_a_restart_reads_its_aggregates_not_its_rows(root):
    folder = store("wave_1")
    assert prepare.is_prepared(folder)
    fast, _ = build(startup_folders())
    assert fast.execute("select count(*) from respondents where dataset_id = 'wave_1'").fetchone() == (0,)
    assert_same(shares(fast, "wave_1"), shares(from_rows(folder), "wave_1"))
    assert shares(fast, "wave_1")[0]["respondents"].tolist() == [148]  # the valid rows of the export


def test_a_survey_stored_without_aggregates_is_prepared_at_its_first_start(root):
    folder = store("wave_1")
    shutil.rmtree(folder / "prepared")  # as an earlier Care Gap stored it
    before = snapshot(root)
    con, problems = build_serving(startup_folders())
    assert problems == [] and prepare.is_prepared(folder)
    assert {k: v for k, v in snapshot(root).items() if not k.startswith("wave_1/prepared/")} == before
    assert con.execute("select count(*) from respondents where dataset_id = 'wave_1'").fetchone() == (148,)
    again, _ = build_serving(startup_folders())
    assert again.execute("select count(*) from respondents where dataset_id = 'wave_1'").fetchone() == (0,)
    assert_same(shares(again, "wave_1"), shares(con, "wave_1"))


def test_damaged_aggregates_are_passed_over_for_the_rows(root):
    folder = store("wave_1")
    (folder / "prepared" / "contact_pairs.parquet").write_bytes(b"PAR1 damaged")  # the fingerprint still matches
    con, problems = build_serving(startup_folders())
    assert problems == []
    assert con.execute("select count(*) from respondents where dataset_id = 'wave_1'").fetchone() == (148,)
    assert_same(shares(con, "wave_1"), shares(from_rows(folder), "wave_1"))
    again, _ = build_serving(startup_folders())  # prepared again at the first start
    assert again.execute("select count(*) from respondents where dataset_id = 'wave_1'").fetchone() == (0,)
    assert_same(shares(again, "wave_1"), shares(con, "wave_1"))


def test_an_id_is_taken_once(root):
    store("wave_1")
    before = snapshot(root)
    with pytest.raises(DatasetError, match="a dataset with id wave_1 already exists"):
        store("wave_1")
    with pytest.raises(DatasetError, match="a dataset with id amex_2014 already exists"):
        store("amex_2014")
    assert snapshot(root) == before


@pytest.mark.parametrize("dataset_id", ["_x", "Wave1", "wave-1", "w" * 65])
def test_an_id_that_breaks_the_rule_is_told_the_whole_rule(root, dataset_id):
    with pytest.raises(DatasetError) as raised:
        store(dataset_id)
    assert str(raised.value) == (
        f"Id: {dataset_id!r} must start with a lower-case letter or digit, then hold only lower-case letters, "
        "digits and _ (64 at most)"
    )
    assert library.folders() == []


def test_an_id_taken_by_a_concurrent_import_is_refused_plainly(root, monkeypatch):
    real, other = library.prepare_folder, []

    def load_while_another_import_finishes(folder):
        """The first import is checked; meanwhile a second import of the same id completes."""
        result = real(folder)
        if not other:
            other.append(folder)
            store("wave_1", "qualtrics.csv")
        return result

    monkeypatch.setattr(library, "prepare_folder", load_while_another_import_finishes)
    with pytest.raises(DatasetError) as raised:
        store("wave_1")
    assert str(raised.value) == ("Id: a dataset with id wave_1 was imported meanwhile; choose another id")
    assert [p.name for p in root.iterdir()] == ["wave_1"]
    assert "qualtrics.csv" in json.loads((root / "wave_1" / "metadata.json").read_text())["source"]


def test_delete_removes_only_that_dataset(root):
    store("wave_1")
    store("wave_2", "qualtrics.csv")
    keep = {k: v for k, v in snapshot(root).items() if k.startswith("wave_2")}
    library.delete("wave_1")
    assert snapshot(root) == keep
    with pytest.raises(DatasetError, match="there is no stored dataset wave_1"):
        library.delete("wave_1")


def test_leftovers_are_ignored_and_cleaned(root):
    store("wave_1")
    (root / ".import-abc").mkdir()
    (root / ".import-abc" / "respondents.csv").write_text("half")
    (root / "wave_1" / ".respondents.csv.1234.tmp").write_text("half")
    assert [p.name for p in library.folders()] == ["wave_1"]
    startup_folders()
    assert sorted(p.name for p in root.iterdir()) == ["wave_1"]
    assert ".respondents.csv.1234.tmp" not in os.listdir(root / "wave_1")


def test_weights_are_stored_as_a_new_version(root):
    folder = store("wave_1")
    ids = read_csv_text(folder / "respondents.csv")["respondent_id"].to_pylist()
    library.set_weights("wave_1", {rid: 0.5 + (n % 2) for n, rid in enumerate(ids)}, "test weights")
    table = read_csv_text(folder / "respondents.csv")
    assert table["weight"].to_pylist()[:2] == ["0.5", "1.5"]
    assert prepare.is_prepared(folder), "the new version is prepared too"
    con, _ = build(startup_folders())
    [size, _, _] = shares(con, "wave_1")
    assert size["base_w"].iat[0] == pytest.approx(sum(0.5 + (n % 2) for n in range(len(ids))))


KILLED_IMPORT = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from caregap import library
    from caregap.csvread import read_csv_text
    from caregap.ingest.mapping import suggest
    from caregap.ingest.read import read_saved
    from caregap.ingest.validate import check_upload
    from caregap.ui.importing import metadata

    real_fsync = os.fsync
    def slow_fsync(fd):
        real_fsync(fd)
        print("writing", flush=True)
        time.sleep(60)
    path = Path(sys.argv[1])
    upload = read_saved(path.name, path.read_bytes())
    report = check_upload(upload, suggest(upload))
    real_rename = os.rename
    def slow_rename(source, target):
        real_rename(source, target)
        if Path(target).name.startswith(".old-"):
            print("writing", flush=True)
            time.sleep(60)
    if sys.argv[2] == "swap":
        os.rename = slow_rename
    else:
        os.fsync = slow_fsync
    if sys.argv[2] == "import":
        library.save(metadata(upload, report, "Wave 2", "wave_2"), report.valid())
    else:
        ids = read_csv_text(library.library_dir() / "wave_1" / "respondents.csv")["respondent_id"].to_pylist()
        library.set_weights("wave_1", dict.fromkeys(ids, 2.0), "never stored")
    """
)


@pytest.mark.parametrize("step", ["import", "weights", "swap"])
def test_a_killed_import_leaves_the_library_intact(root, step):
    store("wave_1")
    before = snapshot(root)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(UPLOADS / "qualtrics.csv"), step],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout.readline() == "writing\n", "the child should be killed in the middle of writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    inside = (root / "wave_1").iterdir() if (root / "wave_1").is_dir() else []
    leftovers = [p.name for p in [*root.iterdir(), *inside] if p.name.startswith(".")]
    assert leftovers, "killed with a staging folder or temporary file in place"
    assert [p.name for p in library.folders()] == ([] if step == "swap" else ["wave_1"])
    startup_folders()  # a restart cleans up
    assert snapshot(root) == before


def test_a_library_folder_that_will_not_load_is_left_out_and_reported(root):
    """A dataset edited by hand so that it breaks the contract must not stop the server from starting."""
    root.mkdir(parents=True, exist_ok=True)
    broken = root / "edited_by_hand"
    shutil.copytree(DATA_DIR / "amex_2014", broken)
    meta = json.loads((broken / "metadata.json").read_text(encoding="utf-8"))
    (broken / "metadata.json").write_text(json.dumps({**meta, "id": "edited_by_hand"}), encoding="utf-8")
    (broken / "respondents.csv").write_text("respondent_id\n1\n", encoding="utf-8")
    con, problems = build_serving(startup_folders())
    ids = {row[0] for row in con.execute("select dataset_id from datasets").fetchall()}
    assert "edited_by_hand" not in ids and set(BUNDLED_DATASETS) <= ids
    assert len(problems) == 1 and "edited_by_hand" in problems[0] and "respondents.csv" in problems[0]
