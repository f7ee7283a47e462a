"""The query layer: named SQL files from queries/, run with bound parameters on a cursor per call."""

from __future__ import annotations

import re
from functools import cache

import duckdb
import pandas as pd
import pyarrow as pa

from caregap.paths import QUERIES_DIR

NAME = re.compile(r"[a-z][a-z0-9_]*")
PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
COMMENT = re.compile(r"--[^\n]*")


@cache
def sql(name: str) -> str:
    """The text of queries/<name>.sql; only names of existing query files are accepted."""
    if not NAME.fullmatch(name):
        raise ValueError(f"not a query name: {name!r}")
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise ValueError(f"no query named {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


@cache
def parameters(name: str) -> frozenset[str]:
    """The $names a query binds (comments ignored)."""
    return frozenset(PARAM.findall(COMMENT.sub("", sql(name))))


def bind(name: str, params: dict[str, object]) -> dict[str, object]:
    """Exactly the parameters the query uses; a missing one is an error."""
    needed = parameters(name)
    missing = sorted(needed - params.keys())
    if missing:
        raise ValueError(f"query {name} needs parameters: {', '.join(missing)}")
    return {key: params[key] for key in needed}


def execute(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> None:
    """Run a statement (or a script without parameters) on the given connection."""
    con.execute(sql(name), bind(name, params) or None).fetchall()


def fetch(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run a named query on this very connection (it sees views registered on it)."""
    return con.execute(sql(name), bind(name, params) or None).df()


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run a named query on a fresh cursor (safe across threads) and return a DataFrame."""
    cur = con.cursor()
    try:
        return fetch(cur, name, **params)
    finally:
        cur.close()


def fetch_arrow(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pa.Table:
    """Run a named query on this connection and return its result as an Arrow table (types kept)."""
    return con.sql(sql(name), params=bind(name, params) or None).to_arrow_table()
