"""``c360 evaluate``: score an identity map against the generator's ground truth.

The identity map (``marts.customer_identity_map``: record_key, source_system, record_id,
customer_id) is read from the built DuckDB warehouse, opened read-only.  Every identity record
is given its true person from ``DIR/_truth`` (see docs/noise_model.md and docs/identity.md):

| source_system | record_id | true person |
|---|---|---|
| crm / ecom / loyalty / support / pos | contact / account / member / ticket / transaction id | ``records.csv`` row of crm_contacts / ecom_accounts / loyalty_members / support_tickets / pos_transactions |
| pos_card | card number (digits only) | person of the ``loyalty_members.csv`` row with that card, else the majority person of the ``pos_transactions.csv`` rows with that card |
| email | subscriber_id | majority person of the ``email_events.csv`` rows of that subscriber |
| web | anonymous_id | majority person of the ``web_events.csv`` rows of that device |

Ids are compared after NFKC folding and trimming on both sides (card numbers: digits only).
Map rows without a truth person are counted and listed (``map.unmatched_rows``), not scored.
The measures are those of :mod:`c360.metrics`, overall, per ``source_system`` (pairwise over
pairs involving the source, B-cubed over its records), per pair of source systems, and per
``persona`` of the true person (japanese / western).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

from c360 import metrics

MAP_TABLE = "marts.customer_identity_map"

# source_system -> truth source_table whose record_id is the identity record's id
DIRECT_TABLES = {
    "crm": "crm_contacts",
    "ecom": "ecom_accounts",
    "loyalty": "loyalty_members",
    "support": "support_tickets",
    "pos": "pos_transactions",
}
# derived records: source_system -> (raw file, row id column, identity id column)
EVENT_KEYS = {
    "email": ("email_events", "event_id", "subscriber_id"),
    "web": ("web_events", "event_id", "anonymous_id"),
}
TRUTH_TABLES = [*DIRECT_TABLES.values(), "email_events", "web_events"]


_NON_ASCII = r"[^\x00-\x7F]"


def norm_id(expr: pl.Expr) -> pl.Expr:
    """The id as staging keys it: NFKC (full-width -> ASCII) and trimmed; '' -> NULL."""
    e = expr.cast(pl.String).str.normalize("NFKC").str.strip_chars()
    return pl.when(e == "").then(None).otherwise(e)


def norm_card(expr: pl.Expr) -> pl.Expr:
    """A loyalty card number as digits only ('6123 4567 8901' -> '612345678901')."""
    e = expr.cast(pl.String).str.normalize("NFKC").str.replace_all(r"\D", "")
    return pl.when(e == "").then(None).otherwise(e)


def _norm_ids(df: pl.DataFrame, col: str) -> pl.DataFrame:
    """norm_id on ``col``; NFKC (slow) only when the column holds non-ASCII text."""
    c = pl.col(col)
    if df.select(c.str.contains(_NON_ASCII).any()).item():
        return df.with_columns(norm_id(c).alias(col))
    trimmed = c.str.strip_chars()
    return df.with_columns(pl.when(trimmed == "").then(None).otherwise(trimmed).alias(col))


def _blank_null(expr: pl.Expr) -> pl.Expr:
    """'' (an empty quoted field) -> NULL, so blanked ids never join to each other."""
    return pl.when(expr == "").then(None).otherwise(expr).name.keep()


def _read_raw(path: Path, columns: list[str]) -> pl.DataFrame:
    """Selected columns of a source CSV as text, in file order; a missing or empty file is an
    empty table."""
    schema = {c: pl.String for c in columns}
    if not path.exists() or path.stat().st_size == 0:
        return pl.DataFrame(schema=schema)
    with path.open("r", encoding="utf-8-sig") as fh:
        header = [h.strip().strip('"') for h in fh.readline().split(",")]
    lf = pl.scan_csv(path, infer_schema=False, quote_char='"')
    return lf.select(
        [_blank_null(pl.col(c)) if c in header else pl.lit(None, pl.String).alias(c) for c in columns]
    ).collect()


def _with_person(raw: pl.DataFrame, truth: pl.DataFrame, id_col: str) -> pl.DataFrame:
    """``raw`` rows with the ``person_id`` of their truth row.  records.csv lists a table's rows
    in file order, so the two are paired by position when every id agrees (checked); otherwise
    (a reordered file) they are joined on the id, which loses rows whose id was blanked."""
    if raw.height == truth.height and raw.height > 0:
        same = raw.get_column(id_col).eq_missing(truth.get_column("record_id")).all()
        if same:
            return raw.with_columns(truth.get_column("person_id"))
    by_id = truth.filter(pl.col("record_id").is_not_null()).unique("record_id", keep="first")
    return raw.join(by_id.select(pl.col("record_id").alias(id_col), "person_id"), on=id_col, how="inner")


def _majority(df: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """Per key: the person with most rows (ties: smallest person_id), how many persons the key
    has rows of, and the share of its rows that belong to the chosen person.  Keys whose rows
    all belong to one person (nearly all) take one cheap group-by; only the others are counted
    person by person."""
    span = df.group_by(*key).agg(
        pl.col("person_id").min(), pl.col("person_id").max().alias("_max")
    )
    single = span.filter(pl.col("person_id") == pl.col("_max")).select(
        *key, "person_id", pl.lit(1, pl.UInt32).alias("persons"), pl.lit(1.0).alias("share")
    )
    mixed = span.filter(pl.col("person_id") != pl.col("_max")).select(key)
    if mixed.height == 0:
        return single
    counts = (
        df.join(mixed, on=key, how="semi")
        .group_by(*key, "person_id")
        .agg(pl.len().alias("rows"))
        .with_columns(
            pl.col("rows").max().over(key).alias("_top"),
            pl.col("rows").sum().over(key).alias("_all"),
            pl.len().over(key).cast(pl.UInt32).alias("persons"),
        )
    )
    several = (
        counts.filter(pl.col("rows") == pl.col("_top"))
        .group_by(*key)
        .agg(
            pl.col("person_id").min(),
            pl.col("persons").first(),
            (pl.col("_top").first() / pl.col("_all").first()).alias("share"),
        )
    )
    return pl.concat([single, several.select(single.columns)])


def truth_map(truth_dir: Path) -> pl.DataFrame:
    """One row per (source_system, record_id) an identity record can have, with its true
    ``person_id``, the number of true persons behind it (``persons`` > 1: an ambiguous derived
    record, scored as its majority person) and that person's share of the underlying rows."""
    truth_dir = Path(truth_dir)
    raw_dir = truth_dir.parent
    records = (
        pl.scan_csv(truth_dir / "records.csv", infer_schema=False)
        .filter(pl.col("source_table").is_in(TRUTH_TABLES))
        .with_columns(_blank_null(pl.col("record_id")))
        .collect()
    )
    by_table = {t: records.filter(pl.col("source_table") == t) for t in TRUTH_TABLES}
    del records

    parts = []
    for system, table in DIRECT_TABLES.items():
        d = _norm_ids(by_table[table].filter(pl.col("record_id").is_not_null()).select("record_id", "person_id"),
                      "record_id")
        parts.append(_majority(d.filter(pl.col("record_id").is_not_null()), ["record_id"])
                     .with_columns(pl.lit(system).alias("source_system")))

    # pos_card: the member's card first, else the majority person of the till rows with it
    members = _with_person(
        _read_raw(raw_dir / "loyalty_members.csv", ["member_id", "card_no"]), by_table["loyalty_members"], "member_id"
    ).select(norm_card(pl.col("card_no")).alias("record_id"), "person_id").filter(pl.col("record_id").is_not_null())
    till = _read_raw(raw_dir / "pos_transactions.csv", ["transaction_id", "loyalty_card_no"])
    till = (
        _with_person(till, by_table["pos_transactions"], "transaction_id")
        .filter(pl.col("loyalty_card_no").is_not_null())
        .select(norm_card(pl.col("loyalty_card_no")).alias("record_id"), "person_id")
        .filter(pl.col("record_id").is_not_null())
    )
    by_member = _majority(members, ["record_id"])
    by_till = _majority(till, ["record_id"]).join(by_member.select("record_id"), on="record_id", how="anti")
    parts.append(pl.concat([by_member, by_till]).with_columns(pl.lit("pos_card").alias("source_system")))

    # e-mail subscribers / web devices: majority person of their events
    for system, (table, event_col, key_col) in EVENT_KEYS.items():
        events = _with_person(_read_raw(raw_dir / f"{table}.csv", [event_col, key_col]), by_table[table], event_col)
        events = events.filter(pl.col(key_col).is_not_null()).select(pl.col(key_col).alias("record_id"), "person_id")
        # majority on the raw id (few distinct values), then fold the id
        parts.append(_norm_ids(_majority(events, ["record_id"]), "record_id").with_columns(
            pl.lit(system).alias("source_system")))

    cols = ["source_system", "record_id", "person_id", "persons", "share"]
    out = pl.concat([p.select(cols) for p in parts])
    # two raw ids folding to the same key (never seen, but do not double rows): keep the first
    return out.unique(["source_system", "record_id"], keep="first", maintain_order=True)


ERASED_RECORDS_TABLE = "intermediate.int_privacy__erased_records"


def read_identity_map(db: Path, table: str = MAP_TABLE) -> pl.DataFrame:
    """record_key, source_system, record_id, customer_id (all text) from the warehouse.

    The records of erased customers are deleted from the map once the erasure list is known;
    for the default map they are read back from that list (same columns), so that the
    evaluation scores identity resolution on every record, as it was resolved.
    """
    import duckdb

    cols = (
        "cast(record_key as varchar) as record_key, cast(source_system as varchar) as source_system,"
        " cast(record_id as varchar) as record_id, cast(customer_id as varchar) as customer_id"
    )
    con = duckdb.connect(str(db), read_only=True)
    try:
        query = f"select {cols} from {table}"
        schema, _, name = ERASED_RECORDS_TABLE.partition(".")
        has_erased = con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchall()
        if table == MAP_TABLE and has_erased[0][0]:
            query += f" union all select {cols} from {ERASED_RECORDS_TABLE}"
        arrow = con.sql(query).to_arrow_table()
    finally:
        con.close()
    return pl.from_arrow(arrow)  # type: ignore[return-value]


def attach_truth(
    identity_map: pl.DataFrame, truth: pl.DataFrame, persons: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Join the map to its true persons (and persona).  Returns the scored rows and a report
    on the join: unmatched rows by source system (with examples), duplicated record keys,
    ambiguous derived records."""
    m = _norm_ids(identity_map.with_columns(pl.col("record_id").cast(pl.String).alias("_rid")), "_rid")
    card = pl.col("_rid").str.replace_all(r"\D", "")
    m = m.with_columns(
        pl.when(pl.col("source_system") != "pos_card").then(pl.col("_rid"))
        .when(card != "").then(card)
        .alias("_rid")
    )
    # hashes first (cheap); the exact de-duplication below runs only if they see a duplicate
    dup_keys = m.height - m.select(pl.col("record_key").cast(pl.String).hash().n_unique()).item()
    if dup_keys:
        m = m.unique("record_key", keep="first", maintain_order=True)
        dup_keys = identity_map.height - m.height
    joined = m.join(
        truth.rename({"record_id": "_rid"}), on=["source_system", "_rid"], how="left"
    )
    unmatched = joined.filter(pl.col("person_id").is_null())
    matched = joined.filter(pl.col("person_id").is_not_null())
    if persons is not None:
        matched = matched.join(persons.select("person_id", "persona"), on="person_id", how="left")
    else:
        matched = matched.with_columns(pl.lit(None, pl.String).alias("persona"))
    amb = matched.filter(pl.col("persons") > 1)
    report = {
        "rows": identity_map.height,
        "duplicate_record_keys": dup_keys,
        "matched_rows": matched.height,
        "unmatched_rows": unmatched.height,
        "unmatched_by_source_system": dict(
            sorted(unmatched.group_by("source_system").len().iter_rows())
        ),
        "unmatched_examples": unmatched.head(10).get_column("record_key").to_list(),
        "ambiguous_records": amb.height,
        "ambiguous_by_source_system": dict(sorted(amb.group_by("source_system").len().iter_rows())),
        "rows_by_source_system": dict(sorted(identity_map.group_by("source_system").len().iter_rows())),
    }
    return matched.drop("_rid"), report


def read_persons(truth_dir: Path) -> pl.DataFrame:
    return pl.read_csv(
        Path(truth_dir) / "persons.csv", columns=["person_id", "persona"], infer_schema=False
    )


def evaluate_map(identity_map: pl.DataFrame, truth_dir: Path, truth: pl.DataFrame | None = None) -> dict[str, Any]:
    """Every measure of one identity map (columns record_key, source_system, record_id,
    customer_id) against the truth in ``truth_dir``; a JSON-ready dict."""
    t0 = time.perf_counter()
    truth = truth if truth is not None else truth_map(truth_dir)
    persons = read_persons(truth_dir)
    scored, report = attach_truth(identity_map, truth, persons)
    t1 = time.perf_counter()
    result = metrics.evaluate_clustering(
        scored, groups=("source_system", "persona"), group_pairs=("source_system",)
    )
    t2 = time.perf_counter()
    # contract-level names (customers / persons) instead of the generic ones
    out: dict[str, Any] = {
        "records": result.pop("records"),
        "predicted_customers": result.pop("predicted_clusters"),
        "true_persons": result.pop("true_entities"),
        "pairwise": result.pop("pairwise"),
        "bcubed": result.pop("bcubed"),
        "clusters": {
            "over_merged_clusters": result.pop("over_merged_clusters"),
            "under_merged_persons": result.pop("under_merged_entities"),
            "exact_clusters": result.pop("exact_clusters"),
            "largest_predicted_cluster": result.pop("largest_predicted_cluster"),
            "largest_true_person": result.pop("largest_true_entity"),
        },
        "map": report,
        **result,
        "seconds": {"truth_join": round(t1 - t0, 3), "metrics": round(t2 - t1, 3)},
    }
    return out


def evaluate(db: Path, truth_dir: Path, table: str = MAP_TABLE) -> dict[str, Any]:
    t0 = time.perf_counter()
    identity_map = read_identity_map(db, table)
    out = evaluate_map(identity_map, truth_dir)
    out = {"db": str(db), "table": table, "truth": str(truth_dir), **out}
    out["seconds"]["total"] = round(time.perf_counter() - t0, 3)
    return out


# --- CLI ---------------------------------------------------------------------------------------


def add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, required=True, help="built DuckDB warehouse (opened read-only)")
    p.add_argument("--truth", type=Path, required=True, help="ground truth folder DIR/_truth")
    p.add_argument("--table", default=MAP_TABLE, help=f"identity map table (default {MAP_TABLE})")
    p.add_argument("--out", type=Path, default=None, help="also write the JSON to this file")


def inputs_missing(db: Path, truth: Path) -> bool:
    """Print why the warehouse or the truth folder cannot be read; True when one is missing."""
    if not db.exists():
        print(f"warehouse not found: {db}", file=sys.stderr)
        return True
    if not (truth / "records.csv").exists():
        print(f"no records.csv in {truth} (expected DIR/_truth)", file=sys.stderr)
        return True
    return False


def emit_json(result: dict[str, Any], out: Path | None) -> None:
    """Print the result as indented JSON, and write it to ``out`` too when given."""
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    if inputs_missing(args.db, args.truth):
        return 2
    import duckdb

    try:
        result = evaluate(args.db, args.truth, args.table)
    except duckdb.CatalogException as e:
        print(f"{args.table} not found in {args.db} (build the identity models first): {e}", file=sys.stderr)
        return 2
    emit_json(result, args.out)
    return 0
