"""``c360 compare-builds``: do two warehouses hold the same result?

Used to prove that an incremental run equals a full rebuild (``make test-incremental``,
docs/incremental.md): warehouse A is built on day 1 and then incrementally on days 1 + 2,
warehouse B is built from scratch on days 1 + 2; every table of the staging, intermediate and
marts schemas must hold the same rows in both.

What "the same" means:

- rows are compared as multisets, column by column by name: first by a fingerprint of each
  side (row count and the sum of the rows' 64-bit hashes, one scan each), and where the
  fingerprints differ by ``EXCEPT ALL`` both ways, which counts and samples the differing rows;
- ``customer_id`` values are labels, not data: A keeps the ids it issued on day 1 (that is the
  point of stable ids) while B issues new ones, so every column whose name ends in
  ``customer_id`` is replaced by the smallest record key of that customer (from the identity map
  and the erased records), and so is a customer id at the start of a ``*_key`` text column
  (``cus_…|2024-06-07``): two builds agree when their customers have the same records;
- doubles are compared to ``--digits`` significant digits (sums in another order differ in the
  last bits);
- columns that record *when* a run happened (``fitted_at``, ``assigned_at``...), the cache keys
  of memoized models (``memo_hash``, which hashes customer ids too) and the tables
  that record the history of runs (``customer_id_history``, the previous id of an assignment)
  legitimately differ and are left out; the report lists what was left out.

Exit code 0 when every compared table is equal, 1 otherwise; ``--json`` prints the details.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

SCHEMAS = ("staging", "intermediate", "marts")
# columns holding the time of a run, not a result
RUN_TIME_COLUMNS = frozenset({
    "fitted_at", "parameters_fitted_at", "suppressed_at", "assigned_at", "customer_id_issued_at",
    # the cache key of a memoized model (docs/incremental.md), a hash that includes customer ids
    "memo_hash",
})
# history of runs: an incremental run has more of it than a fresh build, by design
HISTORY_TABLES = frozenset({"marts.customer_id_history"})
HISTORY_COLUMNS = {"intermediate.int_customer_id_assignments": frozenset({"previous_customer_id"})}
# customer ids are `cus_` and 16 hex digits (int_customer_id_assignments)
ID_PREFIX = "^cus_[0-9a-f]{16}"
ID_LENGTH = 20
CANONICAL_SOURCES = (
    "select record_key, customer_id from {db}.marts.customer_identity_map",
    "select record_key, customer_id from {db}.intermediate.int_privacy__erased_records",
)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(con: Any, db: str) -> dict[str, dict[str, str]]:
    rows = con.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema in (" + ", ".join("?" * len(SCHEMAS)) + ") "
        "order by table_schema, table_name, ordinal_position", [db, *SCHEMAS]).fetchall()
    out: dict[str, dict[str, str]] = {}
    for schema, table, column, dtype in rows:
        out.setdefault(f"{schema}.{table}", {})[column] = dtype
    return out


def _canonical_view(con: Any, db: str) -> str:
    name = f"canon_{db}"
    parts = []
    for sql in CANONICAL_SOURCES:
        schema, table = sql.rsplit(".", 2)[-2:]
        exists = con.execute(
            "select count(*) from information_schema.tables where table_catalog = ? and table_schema = ? "
            "and table_name = ?", [db, schema, table]).fetchall()[0][0]
        if exists:
            parts.append(sql.format(db=db))
    if not parts:
        raise SystemExit(f"{db}: no marts.customer_identity_map; is this a c360 warehouse?")
    # a table, not a view: every customer-id column of every table joins it
    con.execute(f"create or replace temp table {name} as select customer_id, min(record_key) as canon "
                f"from ({' union all '.join(parts)}) group by customer_id")
    return name


def _fingerprint(con: Any, query: str) -> tuple[int, int]:
    """(rows, sum of the 64-bit hashes of the rows) of ``query``: a fingerprint of its rows as a
    multiset, one scan, no sort. Equal fingerprints of the two sides mean equal rows but for a
    hash collision (about 2**-64); different ones are checked with ``EXCEPT ALL``, which also
    decides when the two sides hash the same values differently (another column type)."""
    n, h = con.execute(f"select count(*), coalesce(sum(hash(q)), 0) from ({query}) as q").fetchall()[0]
    return int(n), int(h)


def _select(db: str, table: str, columns: dict[str, str], keep: list[str], canon: str, digits: int) -> str:
    exprs, joins = [], []
    for i, col in enumerate(keep):
        dtype = columns[col].upper()
        ref = f"t.{_q(col)}"
        if col.lower().endswith("customer_id"):
            alias = f"c{i}"
            joins.append(f"left join {canon} as {alias} on {alias}.customer_id = {ref}")
            exprs.append(f"coalesce({alias}.canon, case when {ref} is not null then 'unmapped' end) as {_q(col)}")
        elif col.lower().endswith("_key") and dtype == "VARCHAR":
            # a key that starts with a customer id (`cus_<16 hex>|2024-06-07`): the id part as well
            alias = f"c{i}"
            joins.append(f"left join {canon} as {alias} on regexp_matches({ref}, '{ID_PREFIX}') "
                         f"and {alias}.customer_id = substr({ref}, 1, {ID_LENGTH})")
            exprs.append(f"case when regexp_matches({ref}, '{ID_PREFIX}') then coalesce({alias}.canon, 'unmapped') "
                         f"|| substr({ref}, {ID_LENGTH + 1}) else {ref} end as {_q(col)}")
        elif dtype in ("DOUBLE", "FLOAT", "REAL"):
            exprs.append(
                f"case when {ref} is null or {ref} = 0 or isnan({ref}) or isinf({ref}) then {ref} "
                f"else round({ref}, {digits} - 1 - cast(floor(log10(abs({ref}))) as integer)) end as {_q(col)}")
        else:
            exprs.append(f"{ref} as {_q(col)}")
    schema, name = table.split(".")
    return f"select {', '.join(exprs)} from {db}.{_q(schema)}.{_q(name)} as t {' '.join(joins)}"


def compare(a: Path, b: Path, digits: int = 9, samples: int = 3) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"attach '{a}' as a (read_only)")
    con.execute(f"attach '{b}' as b (read_only)")
    ta, tb = _tables(con, "a"), _tables(con, "b")
    canon_a, canon_b = _canonical_view(con, "a"), _canonical_view(con, "b")
    report: dict[str, Any] = {"a": str(a), "b": str(b), "tables": {}, "only_in_a": sorted(set(ta) - set(tb)),
                              "only_in_b": sorted(set(tb) - set(ta)), "left_out": {}}
    for table in sorted(set(ta) & set(tb)):
        if table in HISTORY_TABLES:
            report["left_out"][table] = "history of runs"
            continue
        skip = RUN_TIME_COLUMNS | HISTORY_COLUMNS.get(table, frozenset())
        cols_a, cols_b = ta[table], tb[table]
        keep = [c for c in cols_a if c in cols_b and c not in skip]
        dropped = [c for c in cols_a if c in skip]
        if dropped:
            report["left_out"][table] = "columns " + ", ".join(dropped)
        entry: dict[str, Any] = {}
        if set(cols_a) != set(cols_b):
            entry["column_mismatch"] = {"only_a": sorted(set(cols_a) - set(cols_b)),
                                        "only_b": sorted(set(cols_b) - set(cols_a))}
        qa = _select("a", table, cols_a, keep, canon_a, digits)
        qb = _select("b", table, cols_b, keep, canon_b, digits)
        (entry["rows_a"], hash_a), (entry["rows_b"], hash_b) = _fingerprint(con, qa), _fingerprint(con, qb)
        if (entry["rows_a"], hash_a) == (entry["rows_b"], hash_b):
            entry["only_a"] = entry["only_b"] = 0
        else:
            entry["only_a"] = con.execute(f"select count(*) from ({qa} except all {qb})").fetchall()[0][0]
            entry["only_b"] = con.execute(f"select count(*) from ({qb} except all {qa})").fetchall()[0][0]
        entry["equal"] = not entry["only_a"] and not entry["only_b"] and "column_mismatch" not in entry
        if not entry["equal"] and samples:
            for side, (x, y) in (("sample_a", (qa, qb)), ("sample_b", (qb, qa))):
                rel = con.execute(f"select * from ({x} except all {y}) limit {samples}")
                names = [d[0] for d in rel.description]
                entry[side] = [dict(zip(names, map(str, row))) for row in rel.fetchall()]
        report["tables"][table] = entry
    report["equal"] = (all(t["equal"] for t in report["tables"].values())
                       and not report["only_in_a"] and not report["only_in_b"])
    return report


SUPPRESSION_LIST = ("marts", "pii_suppression_list")


def save_suppression_list(db: Path, out: Path) -> bool:
    """Write ``marts.pii_suppression_list`` of warehouse ``db`` to the parquet file ``out``
    (False, and no file, when the warehouse has no such table)."""
    import duckdb

    schema, table = SUPPRESSION_LIST
    out.unlink(missing_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute("select count(*) from information_schema.tables where table_schema = ? "
                            "and table_name = ?", [schema, table]).fetchall()[0][0]
        if found:
            con.execute(f"copy {_q(schema)}.{_q(table)} to '{out}' (format parquet)")
        return bool(found)
    finally:
        con.close()


def seed_suppression_list(saved: Path, db: Path) -> None:
    """Create a new warehouse ``db`` holding only the suppression list saved by
    :func:`save_suppression_list`.

    The list is append-only and survives ``--full-refresh`` (docs/incremental.md): a build
    erases again every customer holding a hash suppressed on an earlier run. A fresh build that
    is to equal an incremental run must start from the same history, so it starts from the list
    the incremental run started from."""
    import duckdb

    if db.exists():
        raise FileExistsError(f"{db} exists: the suppression list seeds a new warehouse only")
    schema, table = SUPPRESSION_LIST
    con = duckdb.connect(str(db))
    try:
        con.execute(f"create schema {_q(schema)}")
        con.execute(f"create table {_q(schema)}.{_q(table)} as select * from read_parquet('{saved}')")
    finally:
        con.close()


def add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", type=Path, help="first DuckDB warehouse (e.g. built incrementally)")
    p.add_argument("b", type=Path, help="second DuckDB warehouse (e.g. a full rebuild)")
    p.add_argument("--digits", type=int, default=9, help="significant digits of doubles (default 9)")
    p.add_argument("--json", action="store_true", help="print the whole report as JSON")


def print_report(report: dict[str, Any], only_differences: bool = False) -> None:
    for table, t in report["tables"].items():
        if only_differences and t["equal"]:
            continue
        mark = "equal" if t["equal"] else f"DIFFERENT (only in A {t['only_a']}, only in B {t['only_b']})"
        if "column_mismatch" in t:
            mark += f" columns {t['column_mismatch']}"
        print(f"{table:55s} {t['rows_a']:>9,} {t['rows_b']:>9,}  {mark}")
        for side in ("sample_a", "sample_b"):
            for row in t.get(side, []):
                print(f"    {side}: {row}")
    for table, why in report["left_out"].items():
        print(f"left out: {table}: {why}")
    for side in ("only_in_a", "only_in_b"):
        if report[side]:
            print(f"tables {side}: {', '.join(report[side])}")
    n_diff = sum(not t["equal"] for t in report["tables"].values())
    print(f"{len(report['tables'])} tables compared: " + ("all equal" if report["equal"] else f"{n_diff} differ"))


def run(args: argparse.Namespace) -> int:
    for path in (args.a, args.b):
        if not path.exists():
            print(f"{path}: no such warehouse", file=sys.stderr)
            return 2
    report = compare(args.a, args.b, digits=args.digits)
    if args.json:
        print(json.dumps(report, indent=1, default=str))
    else:
        print_report(report)
    return 0 if report["equal"] else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="c360 compare-builds", description=__doc__.split("\n\n")[0])
    add_args(p)
    return run(p.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
