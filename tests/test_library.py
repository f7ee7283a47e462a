"""The library on disk: atomic imports, deletes and re-weighting; datasets survive a restart and a killed import,
and sessions changing it at once do not trip over each other."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from caregap import db, durable, library, prepare
from caregap.csvread import read_csv_text
from caregap.database import build, build_serving, new_database, startup_folders
from caregap.errors import DatasetError
from caregap.ingest.mapping import Mapping, suggest
from caregap.ingest.read import read_saved
from caregap.ingest.validate import check_upload
from caregap.loader import load_dataset
from caregap.paths import BUNDLED_DATASETS, DATA_DIR, ROOT
from caregap.saved_mappings import mapping_names, save_mapping
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


# Several sessions at once: weighting or deleting one dataset together, and a rebuild's clean-up while another
# session imports or saves a mapping, leave the library whole, and a change that lost the race is refused plainly.

ROUNDS = 5  # a race is lost only now and then: each case is run this many times


def at_once(*calls: Callable[[], object]) -> list[Exception]:
    """Make the calls on threads of their own, started together (as sessions of one server); what they raised."""
    raised: list[Exception] = []
    start = threading.Barrier(len(calls))

    def call(make: Callable[[], object]) -> None:
        start.wait()
        try:
            make()
        except Exception as error:  # every kind is reported to the test
            raised.append(error)

    threads = [threading.Thread(target=call, args=(make,)) for make in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return raised


def weighting(dataset_id: str, ids: list[str], weight: float) -> Callable[[], None]:
    """A session's click on 'Weight the respondents': every respondent at this weight, said in the note."""
    return lambda: library.set_weights(dataset_id, dict.fromkeys(ids, weight), f"all at {weight!r}")


def leftovers(root: Path) -> list[str]:
    """Staging folders and temporary files left in the library or its datasets."""
    return [p.name for p in [*root.iterdir(), *root.glob("*/*")] if p.name.startswith(".")]


def test_two_sessions_weighting_one_survey_at_once_leave_one_weighting_whole(root):
    folder = store("wave_1")
    ids = read_csv_text(folder / "respondents.csv")["respondent_id"].to_pylist()
    for _ in range(ROUNDS):
        assert at_once(weighting("wave_1", ids, 2.0), weighting("wave_1", ids, 3.0)) == []
        note = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))["weighting"]
        weights = set(read_csv_text(folder / "respondents.csv")["weight"].to_pylist())
        assert note in ("all at 2.0", "all at 3.0") and weights == {note.removeprefix("all at ")}, "one of the two"
        assert leftovers(root) == []
    load_dataset(new_database(), folder)


def test_a_delete_while_another_session_weights_leaves_nothing_behind(root):
    for _ in range(ROUNDS):
        folder = store("wave_1")
        ids = read_csv_text(folder / "respondents.csv")["respondent_id"].to_pylist()
        raised = at_once(weighting("wave_1", ids, 2.0), lambda: library.delete("wave_1"))
        assert all(isinstance(error, DatasetError) for error in raised), raised
        assert [str(error) for error in raised] in (
            [],
            ["library: there is no stored dataset wave_1 (deleted meanwhile?)"],
        )
        assert library.folders() == [] and leftovers(root) == []


def test_two_sessions_deleting_one_dataset_at_once_both_see_it_gone(root):
    for _ in range(ROUNDS):
        store("wave_1")
        raised = at_once(lambda: library.delete("wave_1"), lambda: library.delete("wave_1"))
        assert [type(error) for error in raised] == [DatasetError], "the second finds it gone, and says so"
        assert library.folders() == [] and leftovers(root) == []


def test_a_rebuild_while_another_session_imports_leaves_the_import_alone(root, monkeypatch):
    """After an import, a delete or new weights the server's database is rebuilt, which first cleans up what a
    crash left behind: the staging folder of an import still at work is not such a leftover."""
    store("wave_1")  # the library exists, as on a server in use
    checking, rebuilt = threading.Event(), threading.Event()
    real = library.prepare_folder

    def slow_check(folder: Path):
        """The import's check of its staging folder, taking long enough for another session's rebuild."""
        checking.set()
        assert rebuilt.wait(timeout=60)
        return real(folder)

    monkeypatch.setattr(library, "prepare_folder", slow_check)
    importing = threading.Thread(target=lambda: store("wave_2", "qualtrics.csv"))
    importing.start()
    assert checking.wait(timeout=60)
    library.clean()  # another session's rebuild
    assert [p.name for p in root.iterdir() if p.name.startswith(".import-")], "the staging folder is still there"
    rebuilt.set()
    importing.join(timeout=60)
    assert [p.name for p in library.folders()] == ["wave_1", "wave_2"] and leftovers(root) == []
    load_dataset(new_database(), root / "wave_2")


def test_a_rebuild_while_another_session_saves_a_mapping_leaves_it_alone(root, monkeypatch):
    """A mapping is written to a temporary file, flushed, then renamed into place: the clean-up must wait."""
    store("wave_1")
    written, real = threading.Event(), durable.write_synced

    def slow_write(path: Path, text: str) -> None:
        real(path, text)
        written.set()
        time.sleep(0.5)  # flushed to disk, not yet renamed into place: the window a clean-up could fall in

    monkeypatch.setattr(durable, "write_synced", slow_write)
    raised = at_once(lambda: save_mapping("Wave 1", Mapping()), lambda: written.wait(60) and library.clean())
    assert raised == []
    assert mapping_names() == ["wave_1"] and leftovers(root) == []
