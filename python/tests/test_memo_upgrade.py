"""A memoized model over a table built by an earlier version of the project (no memo_hash) fails
with c360's message and the command that fixes it, not with a binder error inside its SQL
(macros/incremental/memo.sql, memo_assert_compatible). Runs `dbt compile` against a small DuckDB
file: compiling a model evaluates is_incremental() and reads the stored table's columns."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")


@pytest.mark.skipif(not DBT.exists(), reason="dbt is not installed beside this Python")
def test_stale_memo_table_fails_with_the_fix(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema staging")
    # built by an earlier version: the row key, no memo_hash
    con.execute("create table staging.base_crm__contacts (raw_fingerprint varchar, raw_occurrence bigint)")
    # current layout: the check passes and the model compiles
    con.execute("create table staging.base_ecom__accounts "
                "(raw_fingerprint varchar, raw_occurrence bigint, memo_hash varchar)")
    con.close()
    env = dict(os.environ, C360_DB_PATH=str(db), C360_DATA_DIR=str(REPO / "data" / "test"),
               DBT_TARGET_PATH=str(tmp_path / "target"), DBT_LOG_PATH=str(tmp_path / "logs"),
               C360_TARGET="duckdb")
    def compile_model(name: str) -> tuple[int, str]:
        run = subprocess.run([str(DBT), "compile", "--select", name], cwd=REPO, env=env,
                             capture_output=True, text=True, check=False)
        return run.returncode, run.stdout + run.stderr

    code, out = compile_model("base_crm__contacts")
    assert code != 0, out
    assert "base_crm__contacts\" was built by an earlier version of this project" in out, out
    assert "has no column memo_hash" in out, out
    assert "dbt build --full-refresh --select base_crm__contacts" in out, out
    assert "Binder Error" not in out, out

    code, out = compile_model("base_ecom__accounts")
    assert code == 0, out
    compiled = tmp_path / "target" / "compiled" / "c360" / "models" / "staging" / "base" / "base_ecom__accounts.sql"
    assert "not exists" in compiled.read_text(), "base_ecom__accounts should compile as an incremental run"
