"""Shared fixtures: the tiny hand-written datasets and a database built from them."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import duckdb
import pytest

from caregap import db
from caregap.database import build

FIXTURES = Path(__file__).parent / "fixtures"
TINY_SURVEY = FIXTURES / "tiny_survey"
TINY_AUDIT = FIXTURES / "tiny_audit"


@pytest.fixture(scope="session")
def tiny_db() -> duckdb.DuckDBPyConnection:
    """A locked-down database holding the tiny survey and the tiny audit."""
    con, _ = build([TINY_SURVEY, TINY_AUDIT])
    return con


@pytest.fixture(scope="session")
def tiny_run(tiny_db):
    """run(name, **params) on the tiny database."""
    return partial(db.run, tiny_db)


@pytest.fixture()
def survey_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny survey folder, to break in a test."""
    return Path(shutil.copytree(TINY_SURVEY, tmp_path / "tiny_survey"))


@pytest.fixture()
def audit_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny audit folder, to break in a test."""
    return Path(shutil.copytree(TINY_AUDIT, tmp_path / "tiny_audit"))


@pytest.fixture(scope="session")
def bundled_db() -> duckdb.DuckDBPyConnection:
    """A locked-down database holding the four bundled datasets, as the app builds it."""
    from caregap.database import bundled_folders

    con, _ = build(bundled_folders())
    return con


@pytest.fixture(scope="session")
def bundled_run(bundled_db):
    """run(name, **params) on the bundled database."""
    return partial(db.run, bundled_db)
