"""The query layer and the database: named queries only, bound parameters, locked down after loading."""

from __future__ import annotations

import re

import duckdb
import pytest

from caregap import contract, db
from caregap.paths import QUERIES_DIR


def test_enum_types_are_the_contract(tiny_db):
    for type_name, values in contract.ENUMS.items():
        got = tiny_db.execute(f"select enum_range(null::{type_name})").fetchall()[0][0]
        assert tuple(got) == values


def test_staging_columns_are_the_contract_fields(tiny_db):
    for table, file in (
        ("respondents", "respondents.csv"),
        ("contacts", "contacts.csv"),
        ("probes", "probes.csv"),
    ):
        columns = [row[0] for row in tiny_db.execute(f"describe {table}").fetchall()]
        assert set(contract.field_names(file)) <= set(columns)


@pytest.mark.parametrize(
    "statement",
    [
        "select * from read_csv('/etc/passwd')",
        "copy respondents to '/tmp/caregap-leak.csv'",
        "attach '/tmp/caregap-other.duckdb' as other",
        "install httpfs",
    ],
)
def test_no_file_or_network_access_after_loading(tiny_db, statement):
    cur = tiny_db.cursor()
    with pytest.raises(duckdb.Error):
        cur.execute(statement)


@pytest.mark.parametrize(
    "setting", ["set enable_external_access = true", "set lock_configuration = false", "set threads = 1"]
)
def test_configuration_is_locked(tiny_db, setting):
    with pytest.raises(duckdb.Error, match="configuration has been locked"):
        tiny_db.cursor().execute(setting)


@pytest.mark.parametrize("name", ["../pyproject", "Respondents", "drop table x", "no_such_query", ""])
def test_only_named_query_files_run(tiny_db, name):
    with pytest.raises(ValueError):
        db.run(tiny_db, name)


def test_missing_parameter_is_named(tiny_db):
    with pytest.raises(ValueError, match="needs parameters: dataset"):
        db.run(tiny_db, "probe_rates")


def test_extra_parameters_are_not_bound(tiny_db):
    result = db.run(tiny_db, "probe_rates", dataset="tiny_audit", split="none", unrelated=[1, 2])
    assert len(result) > 0


def test_parameters_are_values_never_sql(tiny_db):
    hostile = "tiny_audit' or '1'='1"
    assert db.run(tiny_db, "probe_rates", dataset=hostile)["base_n"].tolist() == [0]


def test_each_query_file_is_one_lower_case_query_with_a_header():
    for path in sorted(QUERIES_DIR.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        assert path.stem == path.stem.lower(), path
        assert text.startswith(f"-- {path.stem}:"), f"{path.name} needs a header comment naming it"
        assert re.search(r"^-- (grain|params):", text, re.M), f"{path.name} needs grain and params"
        code = re.sub(r"'[^']*'", "''", re.sub(r"--[^\n]*", "", text))  # without comments and literals
        assert code == code.lower(), f"{path.name} is not lower case"
        if not path.stem.startswith(("load_", "lock_")):
            assert code.count(";") == 0, f"{path.name} holds more than one statement"


def test_page_queries_end_in_final(tiny_db):
    for path in sorted(QUERIES_DIR.glob("*.sql")):
        if path.stem.startswith(("load_", "lock_", "check_")):
            continue
        assert re.search(r"select \* from final", path.read_text(encoding="utf-8")), path.name


def test_cursor_per_call_is_safe_across_threads(tiny_db):
    from concurrent.futures import ThreadPoolExecutor

    def count(_: int) -> int:
        return int(db.run(tiny_db, "audit_summary", dataset="tiny_audit")["probes"].iat[0])

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(count, range(64))) == {6}
