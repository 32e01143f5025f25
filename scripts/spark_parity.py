#!/usr/bin/env python
"""DuckDB vs Spark: the same project built on both engines must give the same answers.

Run after `dbt build` on both targets over the same source files (``make test-spark`` does
this), with the environment of the Spark build (C360_TARGET=spark, C360_SPARK_DIR, ...):

    python scripts/spark_parity.py --duckdb data/test.duckdb --data data/test

Checks, each printed with its numbers, and a closing ``N passed, N failed`` line:

1. similarity: the Spark SQL of ``jaro_winkler`` and ``edit_distance`` (macros/spark,
   rendered by dbt for the spark target) against DuckDB's ``jaro_winkler_similarity`` (to
   1e-9) and ``damerau_levenshtein`` (exactly), on name, e-mail and phone pairs of the
   DuckDB build's candidate pairs, near-miss variants of them and edge cases;
2. parsing: ``parse_date`` / ``parse_timestamp`` of both targets on every distinct date and
   timestamp text of the source files plus a list of awkward forms, equal;
3. identity quality: ``c360 evaluate`` of both identity maps (the Spark marts are exported
   to a DuckDB file first, ``--export``, so the very same command scores both); pairwise and
   B-cubed F1 within ``--f1-tolerance`` (0.005);
4. marts: every table of the DuckDB build's ``marts`` schema has the same rows on Spark
   (every non-double column exactly, decimals to 6 decimals, timestamps as UTC text; doubles
   within ``--double-tolerance`` relative, 1e-4; columns holding the run's own
   time, such as ``changed_at``, left out); reported per table, and any difference fails,
   in particular the customers (customer_identity_map, customer_360) and the consent flags.

The Spark session is the one dbt-spark opens (in-process, ``method: session``), so the
script reads the Spark warehouse through the same profile as the build.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# columns that hold the time of the run itself (run_started_at), different in every build
RUN_TIME_COLUMNS = {"changed_at", "suppressed_at", "assigned_at", "customer_id_issued_at"}
# source columns read with parse_date / parse_timestamp in staging (docs/sources.md)
DATE_COLUMNS = {
    "crm_contacts": ["birth_date", "created_at", "updated_at"],
    "ecom_accounts": ["birth_date", "created_at"],
    "ecom_orders": ["ordered_at"],
    "pos_transactions": ["transacted_at"],
    "loyalty_members": ["birth_date", "enrolled_at"],
    "loyalty_points": ["posted_at"],
    "loyalty_tiers": ["valid_from", "valid_to"],
    "support_tickets": ["opened_at", "closed_at"],
    "email_events": ["occurred_at"],
    "web_events": ["occurred_at"],
    "consent_events": ["occurred_at", "expires_at"],
    "erasure_requests": ["requested_at"],
}
AWKWARD_DATES = [
    "2024-03-05", "2024-3-5", "2024/03/05", "2024.03.05", "2024.3.5", "20240305", "2024-03-05 10:00",
    "2024-03-05T10:00:00", "2024-03-05 10:00:00+09:00", "2024-03-05T23:22:10+09:00", "2024-03-05 10:00:00Z",
    "2024-03-05T10:00Z", "2024-03-05 10:00:00.123456789", "2024-03-05 10:00:00.5", "2024-03-05 10:00:00-0530",
    "2024-03-05 10:00:00+05:30", "2024-03-05T03:00:00+09:00", "2024", "2024-03", "05/03/2024", "5/3/2024",
    "31/12/1999", "1/1/2000", "2024年3月5日", "2024年03月05日", "2024年3月5日 14時22分", "2024年3月5日 14:22:10",
    "05/03/2024 14:22:10", "2024/3/5 1:02:03", "2024/03/05 10:00", "2024-03-05 1:2:3", "2024-02-30",
    "2023-02-29", "2024-02-29", "0000-00-00", "0000-00-00 00:00:00", "2024-03-05 25:00:00", "2024-03-05 10:00:60",
    "2024-13-01", "2024/13/01", "99/99/9999", "2024-003-05", "20240305 10:00:00", "yesterday", "N/A", "",
    "２０２４－０３－０５　１４：２２：１０", "２０２４／０３／０５", "  2024-03-05  ",
]


def log(msg: str) -> None:
    print(msg, flush=True)


# --- dbt: render the macros for each target ------------------------------------------------------


def render(target: str, expressions: dict[str, str], project_dir: Path, db_path: Path | None = None) -> dict[str, str]:
    """The SQL of each `{{ ... }}` expression for a target, through `dbt compile --inline`
    (a select of the expressions over a table `t`); returns name -> SQL expression. `db_path`:
    the DuckDB file the duckdb target opens (C360_DB_PATH), so no stray warehouse is created in
    the project."""
    import os

    from dbt.cli.main import dbtRunner

    marker = "__c360_parity_column__"
    select = ",\n".join(f"{expr} as {name}{marker}" for name, expr in expressions.items())
    saved = {k: os.environ.get(k) for k in ("C360_TARGET", "C360_DB_PATH")}
    os.environ["C360_TARGET"] = target
    if db_path is not None:
        os.environ["C360_DB_PATH"] = str(db_path)
    try:
        res = dbtRunner().invoke(
            ["compile", "--quiet", "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
             "--inline", f"select\n{select}\nfrom t"]
        )
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if not res.success:
        raise RuntimeError(f"dbt compile --inline failed for target {target}: {res.exception}")
    sql = res.result.results[0].node.compiled_code
    body = sql[sql.index("select") + len("select"): sql.rindex("from t")]
    out: dict[str, str] = {}
    for name in expressions:
        end = body.index(f" as {name}{marker}")
        start = 0
        for other in expressions:
            tag = f" as {other}{marker}"
            if other != name and tag in body[:end]:
                start = max(start, body.index(tag) + len(tag) + 1)  # after the comma
        out[name] = body[start:end].strip().lstrip(",").strip()
    return out


# --- Spark and DuckDB access ---------------------------------------------------------------------


def spark_session():  # type: ignore[no-untyped-def]
    """The session dbt-spark opened in this process (the profile's settings)."""
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_eval(spark, rows: list[tuple[Any, ...]], columns: list[str], exprs: dict[str, str]) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType([StructField(c, StringType()) for c in columns])
    spark.createDataFrame(rows, schema).createOrReplaceTempView("t")
    select = ", ".join([*columns, *(f"{sql} as {name}" for name, sql in exprs.items())])
    return [r.asDict() for r in spark.sql(f"select {select} from t").collect()]


def duck_eval(rows: list[tuple[Any, ...]], columns: list[str], exprs: dict[str, str]) -> list[dict[str, Any]]:
    import duckdb
    import polars as pl

    con = duckdb.connect()
    t = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")  # noqa: F841 (read by duckdb)
    select = ", ".join([*columns, *(f"{sql} as {name}" for name, sql in exprs.items())])
    res = con.sql(f"select {select} from t")
    names = res.columns
    return [dict(zip(names, r)) for r in res.fetchall()]


# --- 1. similarity ---------------------------------------------------------------------------------


def similarity_pairs(duck_path: Path, per_column: int, seed: int) -> list[tuple[str | None, str | None]]:
    import duckdb

    rng = random.Random(seed)
    con = duckdb.connect(str(duck_path), read_only=True)
    pairs: list[tuple[str | None, str | None]] = []
    columns = ["first_name_latin_key", "last_name_latin_key", "full_name_key", "first_name_kana_key",
               "last_name_key", "email_match", "phone_match", "postal_code"]
    for col in columns:
        got = con.sql(
            f"select l.{col}, r.{col} from intermediate.int_candidate_pairs p"
            f" join intermediate.int_identity_records l on l.record_key = p.record_key_l"
            f" join intermediate.int_identity_records r on r.record_key = p.record_key_r"
            f" where l.{col} is not null and r.{col} is not null order by hash(p.record_key_l || p.record_key_r) limit {per_column}"
        ).fetchall()
        pairs += [(a, b) for a, b in got]
    con.close()
    # near misses: one or two byte-level edits of real values (typos, swaps, kana voicing)
    values = [v for pair in pairs for v in pair if v]
    for _ in range(per_column):
        s = list(rng.choice(values))
        for _ in range(rng.randint(1, 2)):
            i = rng.randrange(len(s))
            op = rng.randrange(4)
            if op == 0:
                s[i] = rng.choice("aeiouタダ")
            elif op == 1 and len(s) > 1:
                del s[i]
            elif op == 2:
                s.insert(i, rng.choice("xnー"))
            elif i + 1 < len(s):
                s[i], s[i + 1] = s[i + 1], s[i]
        a = rng.choice(values)
        pairs.append((a, "".join(s)))
    pairs += [("", ""), ("a", ""), ("", "a"), ("a", "a"), ("ab", "ba"), ("ca", "abc"), ("martha", "marhta"),
              ("dixon", "dicksonx"), ("タロウ", "タロ"), ("タ", "ダ"), ("ヤマダ", "ヤマタ"), (None, "a"), ("a", None)]
    return pairs


def check_similarity(spark, duck_path: Path, sql: dict[str, str], per_column: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    pairs = similarity_pairs(duck_path, per_column, seed=7)
    t0 = time.perf_counter()
    got = spark_eval(spark, pairs, ["a", "b"], {"jw": sql["jw"], "dl": sql["dl"]})
    seconds = time.perf_counter() - t0
    want = duck_eval(pairs, ["a", "b"], {"jw": "jaro_winkler_similarity(a, b)", "dl": "damerau_levenshtein(a, b)"})
    bad = []
    for g, w in zip(got, want):
        assert (g["a"], g["b"]) == (w["a"], w["b"])
        jw_ok = (g["jw"] is None) == (w["jw"] is None) and (g["jw"] is None or abs(g["jw"] - w["jw"]) <= 1e-9)
        if not jw_ok or g["dl"] != w["dl"]:
            bad.append({"a": w["a"], "b": w["b"], "spark": [g["jw"], g["dl"]], "duckdb": [w["jw"], w["dl"]]})
    max_jw = max((abs(g["jw"] - w["jw"]) for g, w in zip(got, want) if g["jw"] is not None and w["jw"] is not None), default=0.0)
    return {"pairs": len(pairs), "mismatches": len(bad), "examples": bad[:10], "max_jw_difference": max_jw,
            "spark_seconds": round(seconds, 2), "ok": not bad}


# --- 2. parsing ------------------------------------------------------------------------------------


def date_texts(data_dir: Path) -> list[str]:
    values: set[str] = set(AWKWARD_DATES)
    for table, cols in DATE_COLUMNS.items():
        path = data_dir / f"{table}.csv"
        if not path.exists() or path.stat().st_size == 0:
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for c in cols:
                    if row.get(c):
                        values.add(row[c])
    return sorted(values)


def check_parsing(spark, data_dir: Path, spark_sql: dict[str, str], duck_sql: dict[str, str]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    texts = [(v,) for v in date_texts(data_dir)]
    exprs = ("d", "ts")
    got = spark_eval(spark, texts, ["x"], {k: spark_sql[k] for k in exprs})
    want = duck_eval(texts, ["x"], {k: duck_sql[k] for k in exprs})

    def norm(v: Any) -> str | None:
        return None if v is None else str(v).replace("T", " ")

    bad = [{"text": w["x"], "spark": [norm(g[k]) for k in exprs], "duckdb": [norm(w[k]) for k in exprs]}
           for g, w in zip(got, want) if any(norm(g[k]) != norm(w[k]) for k in exprs)]
    return {"texts": len(texts), "mismatches": len(bad), "examples": bad[:10], "ok": not bad}


# --- 3 and 4. identity quality and marts -----------------------------------------------------------


def export_marts(spark, duck_path: Path, export_path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Copy every Spark table of the marts schema that the DuckDB build also has into a DuckDB
    file (schema marts), so `c360 evaluate --db` and the comparison read both the same way.
    The file must not be called marts.duckdb: its catalog would be `marts` too, and DuckDB
    then rejects `marts.<table>` as ambiguous."""
    if export_path.stem.lower() == "marts":
        raise SystemExit(f"--export {export_path}: choose another file name (a catalog named marts"
                         " makes marts.<table> ambiguous in DuckDB)")
    import duckdb

    with duckdb.connect(str(duck_path), read_only=True) as con:
        tables = [r[0] for r in con.sql(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
    spark_tables = {r.tableName for r in spark.sql("show tables in marts").collect()}
    export_path.parent.mkdir(parents=True, exist_ok=True)
    export_path.unlink(missing_ok=True)
    exported = []
    with duckdb.connect(str(export_path)) as out:
        out.sql("create schema marts")
        for name in tables:
            if name not in spark_tables:
                continue
            arrow = spark.table(f"marts.{name}").toArrow()  # noqa: F841 (read by duckdb)
            out.sql(f"create table marts.{name} as select * from arrow")
            exported.append(name)
    return exported


def f1_scores(db: Path, truth: Path) -> dict[str, float]:
    from c360.evaluate import evaluate

    result = evaluate(db, truth)
    return {"pairwise_f1": result["pairwise"]["f1"], "bcubed_f1": result["bcubed"]["f1"],
            "pairwise_precision": result["pairwise"]["precision"], "pairwise_recall": result["pairwise"]["recall"],
            "predicted_customers": result["predicted_customers"], "records": result["records"]}


FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


def column_types(db: Path, table: str) -> dict[str, str]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return {c: t.upper() for c, t in con.sql(
            f"select column_name, data_type from information_schema.columns"
            f" where table_schema = 'marts' and table_name = '{table}'").fetchall()}


def normalized_rows(db: Path, table: str, columns: list[str]) -> Any:
    """The table as text rows: decimals rounded to 6 decimals, integers as numbers,
    timestamps as UTC text; doubles stay doubles (compared with a tolerance)."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        types = dict(con.sql(
            f"select column_name, data_type from information_schema.columns"
            f" where table_schema = 'marts' and table_name = '{table}'").fetchall())
        exprs = []
        for c in columns:
            t = types[c].upper()
            q = f'"{c}"'
            if t in FLOAT_TYPES:
                exprs.append(f"cast({q} as double) as {q}")
            elif t.startswith("DECIMAL"):
                exprs.append(f"cast(round(cast({q} as double), 6) as varchar) as {q}")
            elif t in ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT"):
                exprs.append(f"cast(cast({q} as bigint) as varchar) as {q}")
            elif t.startswith("TIMESTAMP WITH TIME ZONE"):
                exprs.append(f"strftime(timezone('UTC', {q}), '%Y-%m-%d %H:%M:%S.%f') as {q}")
            elif t.startswith("TIMESTAMP"):
                exprs.append(f"strftime({q}, '%Y-%m-%d %H:%M:%S.%f') as {q}")
            else:
                exprs.append(f"cast({q} as varchar) as {q}")
        return con.sql(f"select {', '.join(exprs)} from marts.{table}").pl()


def compare_marts(duck_path: Path, spark_export: Path, tables: list[str], duck_tables: list[str],
                  float_tolerance: float = 1e-4) -> dict[str, Any]:
    import duckdb
    import polars as pl

    report: dict[str, Any] = {}
    for name in duck_tables:
        if name not in tables:
            report[name] = {"ok": False, "problem": "not built on Spark"}
            continue
        with duckdb.connect(str(duck_path), read_only=True) as con:
            duck_cols = [r[0] for r in con.sql(
                f"select column_name from information_schema.columns where table_schema = 'marts'"
                f" and table_name = '{name}' order by ordinal_position").fetchall()]
        with duckdb.connect(str(spark_export), read_only=True) as con:
            spark_cols = [r[0] for r in con.sql(
                f"select column_name from information_schema.columns where table_schema = 'marts'"
                f" and table_name = '{name}' order by ordinal_position").fetchall()]
        if [c.lower() for c in duck_cols] != [c.lower() for c in spark_cols]:
            report[name] = {"ok": False, "problem": "different columns", "duckdb": duck_cols, "spark": spark_cols}
            continue
        columns = [c for c in duck_cols if c.lower() not in RUN_TIME_COLUMNS]
        types = column_types(duck_path, name)
        floats = [c for c in columns if types[c] in FLOAT_TYPES]
        keys = [c for c in columns if c not in floats] or columns
        d = normalized_rows(duck_path, name, columns)
        s = normalized_rows(spark_export, name, columns)
        # rows must agree exactly on every non-double column ...
        dc = d.group_by(keys).len()
        sc = s.group_by(keys).len()
        joined = dc.join(sc, on=keys, how="full", nulls_equal=True, suffix="_spark", coalesce=True)
        diff = joined.filter(pl.col("len").fill_null(0) != pl.col("len_spark").fill_null(0))
        only_duck = diff.filter(pl.col("len").fill_null(0) > pl.col("len_spark").fill_null(0))
        only_spark = diff.filter(pl.col("len_spark").fill_null(0) > pl.col("len").fill_null(0))
        entry: dict[str, Any] = {"rows_duckdb": d.height, "rows_spark": s.height,
                                 "rows_only_duckdb": int(only_duck.height), "rows_only_spark": int(only_spark.height),
                                 "ok": diff.height == 0}
        # ... and on the doubles within a relative tolerance: Spark adds up in another order, and
        # the iterated Fellegi-Sunter estimates carry that into the 6th significant digit
        if diff.height == 0 and floats and keys != columns:
            order = keys + floats
            ds, ss = d.sort(order, nulls_last=True), s.sort(order, nulls_last=True)
            worst, bad_rows = 0.0, 0
            for c in floats:
                a, b = ds[c], ss[c]
                null_mismatch = (a.is_null() != b.is_null()).sum()
                both = a.is_not_null() & b.is_not_null()
                rel = ((a - b).abs() / a.abs().clip(lower_bound=1.0)).filter(both)
                over = int((rel > float_tolerance).sum()) + int(null_mismatch)
                bad_rows += over
                worst = max(worst, float(rel.max() or 0.0))
            entry["max_relative_double_difference"] = worst
            entry["double_values_over_tolerance"] = bad_rows
            entry["ok"] = bad_rows == 0
        if diff.height:
            entry["examples_only_duckdb"] = only_duck.head(3).drop("len", "len_spark").to_dicts()
            entry["examples_only_spark"] = only_spark.head(3).drop("len", "len_spark").to_dicts()
        report[name] = entry
    return report


# --- main ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duckdb", type=Path, required=True, help="the DuckDB build of the same data")
    p.add_argument("--data", type=Path, required=True, help="the source files (C360_DATA_DIR), with _truth/")
    p.add_argument("--export", type=Path, default=Path("data/spark/spark_build.duckdb"),
                   help="DuckDB file the Spark marts are copied to (default data/spark/spark_build.duckdb)")
    p.add_argument("--out", type=Path, default=None, help="also write the report as JSON")
    p.add_argument("--f1-tolerance", type=float, default=0.005)
    p.add_argument("--double-tolerance", type=float, default=1e-4,
                   help="relative tolerance of DOUBLE mart columns (|a - b| / max(|a|, 1))")
    p.add_argument("--pairs-per-column", type=int, default=60)
    p.add_argument("--project-dir", type=Path, default=Path("."))
    p.add_argument("--not-on-spark", nargs="*", default=[], metavar="MART",
                   help="marts deliberately not built on Spark (reported, not compared)")
    args = p.parse_args(argv)

    t0 = time.perf_counter()
    exprs = {"jw": "{{ c360.jaro_winkler('a', 'b') }}", "dl": "{{ c360.edit_distance('a', 'b') }}",
             "d": "{{ c360.parse_date(c360.clean_text('x')) }}", "ts": "{{ c360.parse_timestamp(c360.clean_text('x')) }}"}
    spark_sql = render("spark", exprs, args.project_dir)
    # the duckdb target renders against a scratch file: dbt-duckdb keeps its connection open in
    # this process, and DuckDB then refuses the read-only connections to the build below
    with tempfile.TemporaryDirectory(prefix="c360-parity-") as scratch:
        duck_sql = render("duckdb", {k: exprs[k] for k in ("d", "ts")}, args.project_dir,
                          db_path=Path(scratch) / "render.duckdb")
    spark = spark_session()
    report: dict[str, Any] = {}
    checks: list[tuple[str, bool]] = []

    report["similarity"] = check_similarity(spark, args.duckdb, spark_sql, args.pairs_per_column)
    s = report["similarity"]
    log(f"similarity: {s['pairs']} pairs, jaro_winkler max |spark - duckdb| = {s['max_jw_difference']:.2e},"
        f" damerau_levenshtein/jaro_winkler mismatches {s['mismatches']} ({s['spark_seconds']} s on Spark)")
    for e in s["examples"]:
        log(f"  {e}")
    checks.append(("similarity", s["ok"]))

    report["parsing"] = check_parsing(spark, args.data, spark_sql, duck_sql)
    s = report["parsing"]
    log(f"parsing: {s['texts']} distinct date/timestamp texts, mismatches {s['mismatches']}")
    for e in s["examples"]:
        log(f"  {e}")
    checks.append(("parsing", s["ok"]))

    exported = export_marts(spark, args.duckdb, args.export)
    truth = args.data / "_truth"
    f1_duck = f1_scores(args.duckdb, truth)
    f1_spark = f1_scores(args.export, truth)
    report["identity"] = {"duckdb": f1_duck, "spark": f1_spark}
    for k in ("pairwise_f1", "bcubed_f1"):
        diff = abs(f1_duck[k] - f1_spark[k])
        log(f"identity {k}: duckdb {f1_duck[k]:.4f}  spark {f1_spark[k]:.4f}  |diff| {diff:.4f}"
            f" (tolerance {args.f1_tolerance})")
        checks.append((f"identity {k}", diff <= args.f1_tolerance))

    import duckdb

    with duckdb.connect(str(args.duckdb), read_only=True) as con:
        duck_tables = [r[0] for r in con.sql(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
    skipped = [t for t in duck_tables if t in set(args.not_on_spark)]
    report["marts_not_on_spark"] = skipped
    if skipped:
        log(f"marts not built on Spark (by design): {', '.join(skipped)}")
    report["marts"] = compare_marts(args.duckdb, args.export, exported, [t for t in duck_tables if t not in skipped],
                                    args.double_tolerance)
    for name, entry in report["marts"].items():
        if "problem" in entry:
            log(f"mart {name}: {entry['problem']}")
        else:
            extra = ""
            if "max_relative_double_difference" in entry:
                extra = (f", doubles: max relative difference {entry['max_relative_double_difference']:.1e},"
                         f" {entry['double_values_over_tolerance']} over tolerance")
            log(f"mart {name}: {entry['rows_duckdb']} rows on DuckDB, {entry['rows_spark']} on Spark,"
                f" {entry['rows_only_duckdb']} only on DuckDB, {entry['rows_only_spark']} only on Spark{extra}")
            for side in ("examples_only_duckdb", "examples_only_spark"):
                for e in entry.get(side, []):
                    log(f"  {side}: {e}")
        checks.append((f"mart {name}", entry["ok"]))

    report["seconds"] = round(time.perf_counter() - t0, 1)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    failed = [name for name, ok in checks if not ok]
    for name in failed:
        log(f"FAILED: {name}")
    log(f"parity: {len(checks) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
