"""The pandas twin answers every page query as DuckDB does, so the benchmark's ratio compares like with like."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import pandas as pd

from bench import pages, pandas_run
from bench.datasets import BENCH_DATA, dataset_id, ensure
from bench.pandas_queries import PandasSurvey
from caregap import db
from caregap.database import build

Steps = dict[tuple[str, str], list[pages.Step]]


def differences(con: duckdb.DuckDBPyConnection, survey: PandasSurvey, steps: Steps) -> tuple[int, list[str]]:
    """(distinct queries compared, what differs): each recorded call run once by DuckDB and once by pandas."""
    distinct = pages.calls(pages.distinct([step for page in steps.values() for step in page]))
    wrong = [
        f"{name} {params}: {problem}"
        for name, params in distinct
        if (problem := compare(db.run(con, name, **params), pandas_run.run(survey, name, **params)))
    ]
    return len(distinct), wrong


def compare(duck: pd.DataFrame, plain: pd.DataFrame) -> str:
    """What differs between DuckDB's and pandas' answer (pandas' columns, rows in any order); '' if nothing."""
    if not set(plain.columns) <= set(duck.columns):
        return f"pandas has columns DuckDB has not: {sorted(set(plain.columns) - set(duck.columns))}"
    keys = [c for c in plain.columns if not pd.api.types.is_numeric_dtype(duck[c])]
    duck, plain = (f[list(plain.columns)].astype(dict.fromkeys(keys, str)).sort_values(keys, ignore_index=True)
                   for f in (duck, plain))  # fmt: skip
    try:
        pd.testing.assert_frame_equal(duck, plain, check_dtype=False, rtol=1e-9, atol=1e-9)
    except AssertionError as err:
        return str(err).splitlines()[0]
    return ""


def main(argv: list[str]) -> int:
    """Check the twin on generated datasets of the given sizes, one after the other in one process, as make bench
    records them (for tests; make bench checks every size it measures)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="2000", help="comma-separated numbers of respondents")
    parser.add_argument("--data", default=str(BENCH_DATA), help="where the generated datasets are kept")
    args = parser.parse_args(argv)
    failed = False
    for size in (int(s) for s in args.sizes.split(",")):
        folder = ensure(size, Path(args.data))
        steps = pages.record(dataset_id(size), folder)
        con, _ = build([folder])
        checked, wrong = differences(con, PandasSurvey(folder), steps)
        print(f"{dataset_id(size)}: {checked} queries compared, {len(wrong)} differ", *wrong, sep="\n")
        failed = failed or bool(wrong) or not checked
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
