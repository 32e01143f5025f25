"""``c360 incremental-check``: an incremental run equals a full rebuild (``make test-incremental``).

1. warehouse A: ``dbt build`` (models and seeds) on the day-1 exports ``--base``;
2. the day-2 exports are day 1 plus ``--increment`` (each increment file appended to its day-1
   file, as an export that grows does): warehouse A is built again *incrementally* (no
   ``--full-refresh``), with every data test;
3. warehouse B: a fresh ``dbt build`` on the day-2 exports, started from A's day-1
   ``pii_suppression_list`` (append-only, so it is history a fresh build would otherwise lack:
   without it, a day-2 record holding an identifier erased on day 1 is erased in A and not in B);
   for each memoized model (a table
   with ``memo_hash``), how many of its rows the incremental run computed;
4. :func:`c360.compare_builds.compare` A with B: every staging, intermediate and mart table must
   hold the same rows (customer ids compared as the records they stand for).

Prints the seconds of each build and the tables that differ; exit code 1 when a build fails or a
table differs. With ``--truth`` also the share of unchanged customers that kept their id.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

MODELS_ONLY = ("resource_type:test", "resource_type:unit_test")


def add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base", type=Path, required=True, help="day-1 exports (c360 generate --out)")
    p.add_argument("--increment", type=Path, required=True,
                   help="day-2 new and changed rows (c360 generate --increment-out)")
    p.add_argument("--work", type=Path, required=True,
                   help="scratch directory for the day-2 exports, the two warehouses and dbt's logs (emptied first)")
    p.add_argument("--json", type=Path, default=None, help="also write the figures and the comparison here")


def _build(data: Path, db: Path, work: Path, tag: str, exclude: tuple[str, ...]) -> dict[str, Any]:
    from c360.bench import dbt_build

    print(f"incremental-check: {tag}: dbt build on {data} -> {db}", flush=True)
    res = dbt_build(data, db, work, tag, exclude=exclude)
    status = "ok" if res["returncode"] == 0 else f"FAILED (exit {res['returncode']}, log {res['console_log']})"
    print(f"incremental-check: {tag}: {res['seconds']:.1f} s, peak {res['peak_mb']:.0f} MB, {status}", flush=True)
    if res["returncode"] != 0:
        log = Path(res["console_log"])
        if log.exists():
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
            print("\n".join(tail))
    return res


def incremental_models(manifest: Path) -> set[str]:
    """``schema.table`` of every incremental model in a dbt manifest."""
    nodes = json.loads(manifest.read_text(encoding="utf-8")).get("nodes", {})
    return {f"{n['schema']}.{n['alias']}" for n in nodes.values()
            if n.get("resource_type") == "model" and (n.get("config") or {}).get("materialized") == "incremental"}


def memo_stats(before: Path, after: Path, memoized: set[str] | None = None) -> dict[str, dict[str, int]]:
    """For every memoized table (an incremental model with a ``memo_hash`` column; downstream
    tables may carry the column too): its rows after the incremental run and how many of them
    were computed in it (memo_hash absent before)."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"attach '{before}' as before_run (read_only)")
    con.execute(f"attach '{after}' as after_run (read_only)")
    tables = con.execute(
        "select a.table_schema, a.table_name from information_schema.columns as a "
        "inner join information_schema.columns as b on a.table_schema = b.table_schema "
        "and a.table_name = b.table_name and b.table_catalog = 'before_run' and b.column_name = 'memo_hash' "
        "where a.table_catalog = 'after_run' and a.column_name = 'memo_hash' order by 1, 2").fetchall()
    out = {}
    for schema, table in tables:
        if memoized is not None and f"{schema}.{table}" not in memoized:
            continue
        rows, computed = con.execute(
            f"select count(*), count(*) filter (where not exists (select 1 from before_run.{schema}.{table} as b "
            f"where b.memo_hash = a.memo_hash)) from after_run.{schema}.{table} as a").fetchall()[0]
        out[f"{schema}.{table}"] = {"rows": int(rows), "computed": int(computed)}
    con.close()
    return out


def run(args: argparse.Namespace) -> int:
    from c360.bench import changed_records, combine_dirs, id_stability
    from c360.compare_builds import compare, print_report, save_suppression_list, seed_suppression_list
    from c360.evaluate import read_identity_map

    for d in (args.base, args.increment):
        if not any(d.glob("*.csv")):
            print(f"incremental-check: {d} holds no CSV exports")
            return 2
    work: Path = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    day2 = work / "day2"
    combine_dirs(args.base, args.increment, day2)
    a, b = work / "incremental.duckdb", work / "full.duckdb"
    figures: dict[str, Any] = {}
    day1 = _build(args.base, a, work, "day1_full", MODELS_ONLY)
    if day1["returncode"] != 0:
        return 1
    before = read_identity_map(a)
    snapshot = work / "day1.duckdb"
    shutil.copyfile(a, snapshot)
    inc = _build(day2, a, work, "day2_incremental", ("resource_type:unit_test",))
    # B starts from the suppression list A started from (append-only history; docs/incremental.md)
    saved = work / "day1_suppression_list.parquet"
    if save_suppression_list(snapshot, saved):
        seed_suppression_list(saved, b)
    full = _build(day2, b, work, "day2_full", MODELS_ONLY)
    figures.update(day1_seconds=day1["seconds"], incremental_seconds=inc["seconds"], full_seconds=full["seconds"])
    if inc["returncode"] != 0 or full["returncode"] != 0:
        return 1
    stability = id_stability(before, read_identity_map(a), changed_records(args.increment))
    figures["id_stability"] = stability
    print(f"incremental-check: unchanged customers keeping their id: {stability['customers_unchanged_kept_id']:,} "
          f"of {stability['customers_unchanged']:,}", flush=True)
    manifest = work / "target_day2_incremental" / "manifest.json"
    figures["memoized"] = memo_stats(snapshot, a, incremental_models(manifest) if manifest.exists() else None)
    for table, m in figures["memoized"].items():
        print(f"incremental-check: {table}: {m['computed']:,} of {m['rows']:,} rows computed in the incremental run",
              flush=True)
    report = compare(a, b)
    print_report(report, only_differences=True)
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "comparison": report}, indent=1, default=str),
                             encoding="utf-8")
    if not report["equal"]:
        print("incremental-check: the incremental build differs from the full rebuild")
        return 1
    print(f"incremental-check: incremental build equals the full rebuild "
          f"(incremental {inc['seconds']:.1f} s with data tests, full rebuild {full['seconds']:.1f} s without)")
    return 0
