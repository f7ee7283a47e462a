"""The library with several sessions at once: weighting or deleting one dataset together, and a rebuild's clean-up
while another session imports, leave it whole, and a change that lost the race is refused plainly."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from caregap import durable, library
from caregap.csvread import read_csv_text
from caregap.database import new_database
from caregap.errors import DatasetError
from caregap.ingest.mapping import Mapping
from caregap.loader import load_dataset
from caregap.saved_mappings import mapping_names, save_mapping
from tests.test_library import store

ROUNDS = 5  # a race is lost only now and then: each case is run this many times


@pytest.fixture(autouse=True)
def root(tmp_path, monkeypatch) -> Path:
    """A private library (never the project's data/library)."""
    monkeypatch.setenv("CAREGAP_LIBRARY", str(tmp_path / "library"))
    return tmp_path / "library"


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
