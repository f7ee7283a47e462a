"""The database, built once per server, and the cached query runner every page uses."""

from __future__ import annotations

from typing import NamedTuple

import duckdb
import pandas as pd
import streamlit as st

from caregap import db
from caregap.database import serving

CACHE_TTL_SECONDS = 3600
CACHE_MAX_ENTRIES = 2000


class Serving(NamedTuple):
    """The server's database, the problems of datasets left out, and the loaded datasets' metadata."""

    con: duckdb.DuckDBPyConnection
    problems: list[str]
    datasets: pd.DataFrame


@st.cache_resource(show_spinner="Loading the survey datasets…")
def database() -> Serving:
    """One locked-down in-memory DuckDB for the whole server, with every dataset that loads; the others' problems.

    Built when the server started (caregap.serve), else now. The datasets' metadata is read once here: it
    changes only when the database is rebuilt (refresh).
    """
    con, problems = serving()
    return Serving(con, problems, db.run(con, "datasets_list"))


def load_problems() -> list[str]:
    """Why a dataset on disk (an edited library folder, say) was left out at start-up."""
    return database().problems


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def run(name: str, **params: object) -> pd.DataFrame:
    """Run a named query (queries/<name>.sql) with bound parameters; results cached per parameters."""
    return db.run(database().con, name, **params)


def refresh() -> None:
    """Rebuild the database from disk on the next run (after an import, a delete or new weights)."""
    database.clear()
    st.cache_data.clear()


def datasets() -> pd.DataFrame:
    """Every loaded dataset with its metadata (a copy: the server's is shared by every session)."""
    return database().datasets.copy()


def loaded_ids() -> set[str]:
    """The ids of the datasets the server loaded."""
    return set(database().datasets["dataset_id"])


def dataset_row(dataset: str) -> pd.Series:
    """The metadata of a loaded dataset."""
    return datasets().set_index("dataset_id").loc[dataset]


def asked(dataset: str) -> set[str]:
    """The questions anyone in the dataset answered (an imported survey may have asked only some)."""
    return set(dataset_row(dataset)["questions"])
