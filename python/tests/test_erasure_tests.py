"""The erasure data tests fail on an erased identifier left in a mart, and pass without one.

`no_erased_identifier_values` (generic, on customer_360 among others) and
`assert_no_erased_identifier_in_marts` (every other mart) hash each distinct text value and
look it up in pii_suppression_list. Runs `dbt test` against a small DuckDB file holding only the
tables these tests read, so it needs no build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")
SALT = "pytest-salt"
LEAK = "leaked.person@example.com"
SELECT = "assert_no_erased_identifier_in_marts test_name:no_erased_identifier_values,customer_360"


def _warehouse(db: Path, customer_360_email: str, map_record_id: str) -> None:
    con = duckdb.connect(str(db))
    con.execute("create schema if not exists marts")
    con.execute("create or replace table marts.pii_suppression_list as "
                "select 'email' as identifier_type, sha256(? || ?) as identifier_hash", [SALT, LEAK])
    # a mart with its own no_erased_identifier_values test
    con.execute("create or replace table marts.customer_360 as "
                "select 'C1' as customer_id, ? as email, 3 as order_count", [customer_360_email])
    # a mart only the singular test covers; the same value twice, and in two columns
    con.execute("create or replace table marts.customer_identity_map as "
                "select * from (values ('crm:1', ?, 'C1'), ('crm:2', ?, 'C1'), ('crm:3', 'x', ?)) "
                "as t(record_key, record_id, customer_id)", [map_record_id, map_record_id, map_record_id])
    con.close()


def _dbt_test(tmp_path: Path, db: Path) -> dict[str, tuple[str, int]]:
    env = dict(os.environ, C360_DB_PATH=str(db), C360_DATA_DIR=str(REPO / "data" / "test"),
               DBT_TARGET_PATH=str(tmp_path / "target"), DBT_LOG_PATH=str(tmp_path / "logs"),
               C360_TARGET="duckdb", C360_PII_SALT=SALT)
    run = subprocess.run([str(DBT), "test", "--select", *SELECT.split()], cwd=REPO, env=env,
                         capture_output=True, text=True, check=False)
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    out = {r["unique_id"].split(".")[2]: (r["status"], r["failures"] or 0) for r in results
           if r["unique_id"].startswith("test.")}
    assert len(out) == 2, run.stdout + run.stderr
    return out


@pytest.mark.skipif(not DBT.exists(), reason="dbt is not installed beside this Python")
def test_erased_identifier_in_marts_fails_the_tests(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    _warehouse(db, customer_360_email="someone.else@example.com", map_record_id="42")
    clean = _dbt_test(tmp_path, db)
    assert all(status == "pass" for status, _ in clean.values()), clean

    _warehouse(db, customer_360_email=LEAK, map_record_id=LEAK)
    leaked = _dbt_test(tmp_path, db)
    generic = next(v for k, v in leaked.items() if k.startswith("no_erased_identifier_values"))
    singular = leaked["assert_no_erased_identifier_in_marts"]
    assert generic == ("fail", 1), leaked
    # one row per (model, column): customer_identity_map.record_id and .customer_id
    assert singular == ("fail", 2), leaked
