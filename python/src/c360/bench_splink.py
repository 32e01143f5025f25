"""``c360 bench-splink``: Splink 5 on the same identity records as our pipeline, scored by the
same code as ``c360 evaluate``, side by side with our ``customer_identity_map``.

Splink is an optional dependency (``pip install -r requirements-bench.txt``) and is imported
only when this command runs.

Input records: ``intermediate.int_identity_records`` of the warehouse (docs/identity.md); when
that model is not built, the same set of records is assembled from the staged tables
(``staging.stg_*``) with the original-script name keys only (no romaji / nickname keys).

Model (DuckDB backend, ``dedupe_only``, unique id = ``record_key``):

- comparisons: name (custom, from comparison levels: exact full name in original script (with
  term frequencies), exact latin reading, Jaro-Winkler >= 0.92 on both latin first and last name, JW >= 0.92 on the full
  name, same surname, JW >= 0.8 on the full name), ``DateOfBirthComparison``,
  ``EmailComparison``, phone and postal code with ``DamerauLevenshteinAtThresholds`` (exact /
  one edit, exact phone with term frequencies);
- prediction blocking: e-mail, phone, e-mail local part, birth date + surname (original and
  latin), birth date + first name, postal code + surname (original and latin);
- training: probability two random records match from deterministic rules (e-mail, phone,
  full name + birth date) with an assumed recall of 0.7; u by random sampling; m by EM on
  e-mail and birth date + surname blocks (and phone);
- system keys that are links by design (loyalty card on the member and at the till, login id
  on the account and the web device, e-commerce account id on the account and the support
  ticket) are not evidence about a person: they go through Splink's ``deterministic_link`` with
  one blocking rule per key, and those pairs are added with match probability 1;
- records that hold nothing but an e-mail and/or a phone (e-mail subscribers, guest receipts)
  can never reach 0.9 in a Fellegi-Sunter model (one agreeing identifier is worth ~14 bits, the
  prior odds are ~ -15 bits): they are linked deterministically on an exact e-mail or phone
  (a pair in which at least one side is such a record).  ``--no-contact-rules`` leaves them to
  the probabilistic model alone;
- clustering: ``cluster_pairwise_predictions_at_threshold`` at match probability 0.9 (the
  threshold is fixed in advance, never tuned on the truth).

Cost: wall seconds of loading the records plus all Splink steps, and the peak resident memory
of this process (``getrusage`` max RSS) at the end of clustering, before scoring.  Our side:
``--our-seconds`` / ``--our-peak-mb``, or the dbt ``--run-results`` file (``elapsed_time``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

from c360.evaluate import MAP_TABLE, evaluate_map, read_identity_map, truth_map

INSTALL_HINT = "Splink is not installed: pip install -r requirements-bench.txt"
IDENTITY_TABLE = "intermediate.int_identity_records"
# records whose only attributes are an e-mail and/or a phone (e-mail subscribers, guest receipts)
CONTACT_ONLY_SOURCES = ("email", "pos")

# the columns Splink sees (built from int_identity_records, or from staging)
SPLINK_SELECT = """
    record_key as unique_id
    , source_system
    , record_id
    , full_name_key
    , {full_latin} as full_name_latin
    , first_name_key
    , last_name_key
    , {first_latin} as first_name_latin
    , {last_latin} as last_name_latin
    , birth_date
    , email
    , nullif(split_part(email, '@', 1), '') as email_local_part
    , phone_e164 as phone
    , postal_code
    , loyalty_card_no
    , login_id
    , ecom_account_id
"""

FROM_INT = SPLINK_SELECT.format(
    full_latin="coalesce(full_name_latin_key, full_name_key)",
    first_latin="coalesce(first_name_canonical_key, first_name_latin_key, first_name_key)",
    last_latin="coalesce(last_name_latin_key, last_name_key)",
)
FROM_STG = SPLINK_SELECT.format(full_latin="full_name_key", first_latin="first_name_key", last_latin="last_name_key")

# identity records (docs/identity.md) straight from staging, when int_identity_records is absent
STAGED_RECORDS_SQL = """
with person_rows as (
    select 'crm' as source_system, contact_id as record_id, first_name_key, last_name_key, full_name_key,
        birth_date, email, phone_e164, postal_code,
        null::varchar as loyalty_card_no, null::varchar as login_id, null::varchar as ecom_account_id
    from staging.stg_crm__contacts
    union all
    select 'ecom', account_id, first_name_key, last_name_key, full_name_key,
        birth_date, email, phone_e164, postal_code, null, login_id, account_id
    from staging.stg_ecom__accounts
    union all
    select 'loyalty', member_id, first_name_key, last_name_key, full_name_key,
        birth_date, email, phone_e164, postal_code, card_no, null, null
    from staging.stg_loyalty__members
    union all
    select 'support', ticket_id, null, null, full_name_key,
        null::date, email, phone_e164, null, null, null, account_id
    from staging.stg_support__tickets
    union all
    select 'pos', transaction_id, null, null, null,
        null::date, guest_email, guest_phone_e164, null, null, null, null
    from staging.stg_pos__transactions
    where loyalty_card_no is null and (guest_email is not null or guest_phone_e164 is not null)
    union all
    select distinct 'pos_card', loyalty_card_no, null, null, null,
        null::date, null, null, null, loyalty_card_no, null, null
    from staging.stg_pos__transactions
    where loyalty_card_no is not null
    union all
    select 'email', subscriber_id, null, null, null,
        null::date, arg_max(email, occurred_at), null, null, null, null, null
    from staging.stg_email__events
    where subscriber_id is not null and email is not null
    group by subscriber_id
    union all
    select 'web', anonymous_id, null, null, null,
        null::date, null, null, null, null,
        case when count(distinct user_id) = 1 then min(user_id) end, null
    from staging.stg_web__events
    where anonymous_id is not null
    group by anonymous_id
    having count(user_id) > 0
)
select source_system || ':' || record_id as record_key, * from person_rows
"""


def _max_rss_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024


def _table_exists(con: Any, qualified: str) -> bool:
    schema, name = qualified.split(".")
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchall()[0][0]
    )


def load_records(db: Path) -> tuple[pl.DataFrame, str]:
    """The Splink input records and where they came from."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        if _table_exists(con, IDENTITY_TABLE):
            sql, origin = f"select {FROM_INT} from {IDENTITY_TABLE}", IDENTITY_TABLE
        else:
            sql, origin = f"select {FROM_STG} from ({STAGED_RECORDS_SQL})", "staging.stg_* (int_identity_records not built)"
        df = pl.from_arrow(con.sql(sql).to_arrow_table())
    finally:
        con.close()
    return df, origin  # type: ignore[return-value]


def splink_settings(contact_rules: bool = True) -> tuple[Any, list[Any]]:
    """The probabilistic model's settings and the deterministic system-key rules."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_description="full name / first + last name, original script or latin",
        comparison_levels=[
            cll.NullLevel("full_name_key"),
            cll.ExactMatchLevel("full_name_key").configure(tf_adjustment_column="full_name_key"),
            cll.ExactMatchLevel("full_name_latin"),
            cll.And(cll.JaroWinklerLevel("first_name_latin", 0.92), cll.JaroWinklerLevel("last_name_latin", 0.92)),
            cll.Or(cll.JaroWinklerLevel("full_name_latin", 0.92), cll.JaroWinklerLevel("full_name_key", 0.92)),
            cll.Or(cll.ExactMatchLevel("last_name_key"), cll.ExactMatchLevel("last_name_latin")),
            cll.Or(cll.JaroWinklerLevel("full_name_latin", 0.8), cll.JaroWinklerLevel("full_name_key", 0.8)),
            cll.ElseLevel(),
        ],
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            name,
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.EmailComparison("email"),
            cl.DamerauLevenshteinAtThresholds("phone", [1]).configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postal_code", [1]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("phone"),
            block_on("email_local_part"),
            block_on("birth_date", "last_name_key"),
            block_on("birth_date", "last_name_latin"),
            block_on("birth_date", "first_name_latin"),
            block_on("postal_code", "last_name_key"),
            block_on("postal_code", "last_name_latin"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=["source_system", "record_id"],
    )
    deterministic: list[Any] = [block_on("loyalty_card_no"), block_on("login_id"), block_on("ecom_account_id")]
    if contact_rules:
        only_contact = "('" + "', '".join(CONTACT_ONLY_SOURCES) + "')"
        for col in ("email", "phone"):
            deterministic.append(
                f'l."{col}" = r."{col}" and (l."source_system" in {only_contact} or r."source_system" in {only_contact})'
            )
    return settings, deterministic


def model_summary(linker: Any) -> list[dict[str, Any]]:
    """Trained m, u and match weight (log2 m/u) of every comparison level."""
    out = []
    for comp in linker._settings_obj.comparisons:
        for lvl in comp.comparison_levels:
            if lvl.is_null_level:
                continue
            m, u = lvl.m_probability, lvl.u_probability
            out.append({
                "comparison": comp.output_column_name,
                "level": lvl.label_for_charts,
                "m": m,
                "u": u,
                "weight": round(math.log2(m / u), 3) if m and u else None,
            })
    return out


def run_splink(
    records: pl.DataFrame,
    threshold: float = 0.9,
    u_max_pairs: float = 1e7,
    seed: int = 42,
    log_level: int = 30,
    contact_rules: bool = True,
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Train, predict and cluster; returns (record_key, source_system, record_id, customer_id)
    and timings / model facts."""
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    timings: dict[str, float] = {}
    t = time.perf_counter()
    settings, deterministic = splink_settings(contact_rules)
    db_api = DuckDBAPI()
    arrow = records.to_arrow()
    sdf = db_api.register(arrow, table_name="identity_records")
    linker = Linker(sdf, settings, log_level=log_level)

    linker.training.estimate_probability_two_random_records_match(
        [block_on("email"), block_on("phone"), block_on("full_name_key", "birth_date")], recall=0.7
    )
    timings["train_prior"] = time.perf_counter() - t
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    timings["train_u"] = time.perf_counter() - t - timings["train_prior"]
    for rule in (block_on("email"), block_on("birth_date", "last_name_key"), block_on("phone")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    timings["train"] = time.perf_counter() - t

    t = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    det_linker = Linker(
        sdf,
        SettingsCreator(
            link_type="dedupe_only",
            unique_id_column_name="unique_id",
            comparisons=[],
            blocking_rules_to_generate_predictions=deterministic,
        ),
        log_level=log_level,
        validate_settings=False,
    )
    det = det_linker.inference.deterministic_link()
    con = db_api.duckdb_con
    con.execute(
        f"create or replace table bench_edges as "
        f"select unique_id_l, unique_id_r, match_probability from {predictions.physical_name} "
        f"union all select unique_id_l, unique_id_r, 1.0::double from {det.physical_name}"
    )
    n_prob = con.execute(f"select count(*) from {predictions.physical_name}").fetchall()[0][0]
    n_det = con.execute(f"select count(*) from {det.physical_name}").fetchall()[0][0]
    edges = db_api.register("bench_edges", table_name="bench_edges_input")
    timings["predict"] = time.perf_counter() - t

    t = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(edges, threshold)
    out = pl.from_arrow(
        con.sql(
            f"select unique_id as record_key, source_system, record_id, cast(cluster_id as varchar) as customer_id"
            f" from {clusters.physical_name}"
        ).to_arrow_table()
    )
    timings["cluster"] = time.perf_counter() - t
    info = {
        "threshold_match_probability": threshold,
        "probability_two_random_records_match": linker._settings_obj._probability_two_random_records_match,
        "probabilistic_edges": int(n_prob),
        "deterministic_edges": int(n_det),
        "deterministic_rules": [r if isinstance(r, str) else r.get_blocking_rule("duckdb").blocking_rule_sql
                                for r in deterministic],
        "seconds": {k: round(v, 3) for k, v in timings.items()},
        "model": model_summary(linker),
    }
    return out, info  # type: ignore[return-value]


# dbt nodes of the identity-resolution models (docs/identity.md), for the subtotal of run_results
IDENTITY_NODE = re.compile(
    r"^model\.[^.]+\.(int_identit|int_identifier|int_candidate_pairs|int_pair_comparisons|int_fs_|int_scored_pairs"
    r"|int_match_|identity_match_edges|customer_id_registry|customer_id_history|customer_identity_map)"
)


def our_cost(args: argparse.Namespace) -> dict[str, Any]:
    """Our build's seconds (``--our-seconds``, else ``elapsed_time`` of ``--run-results``, with
    the identity models' share) and peak memory (``--our-peak-mb``)."""
    out: dict[str, Any] = {"seconds": args.our_seconds, "seconds_source": None, "peak_mb": args.our_peak_mb}
    if args.our_seconds is not None:
        out["seconds_source"] = "--our-seconds"
    if args.run_results is not None:
        rr = json.loads(Path(args.run_results).read_text(encoding="utf-8"))
        identity = [r for r in rr.get("results", []) if IDENTITY_NODE.match(r.get("unique_id", ""))]
        out["run_results_elapsed_seconds"] = rr.get("elapsed_time")
        out["identity_models_seconds"] = round(sum(r.get("execution_time") or 0 for r in identity), 3)
        out["identity_models"] = len(identity)
        if out["seconds"] is None:
            out["seconds"], out["seconds_source"] = rr.get("elapsed_time"), f"{args.run_results} (elapsed_time)"
    return out


def _row(label: str, ev: dict[str, Any] | None, seconds: Any, peak: Any) -> str:
    def f(x: Any, fmt: str) -> str:
        return "-" if x is None else format(x, fmt)

    if ev is None:
        return f"{label:<10} {'(no ' + MAP_TABLE + ')':>40}"
    pw, b3 = ev["pairwise"], ev["bcubed"]
    return (
        f"{label:<10} {pw['f1']:>7.4f} {pw['precision']:>9.4f} {pw['recall']:>7.4f}"
        f" {b3['f1']:>8.4f} {ev['records']:>9,} {ev['predicted_customers']:>10,}"
        f" {f(seconds, '9.1f'):>9} {f(peak, '8.0f'):>8}"
    )


def bench(args: argparse.Namespace) -> dict[str, Any]:
    import duckdb

    truth_dir = args.data / "_truth"
    rss_before = _max_rss_mb()
    t0 = time.perf_counter()
    records, origin = load_records(args.db)
    load_s = time.perf_counter() - t0
    clusters, info = run_splink(
        records, args.threshold, args.u_max_pairs, args.seed, 20 if args.verbose else 30, not args.no_contact_rules
    )
    splink_seconds = time.perf_counter() - t0
    splink_peak = _max_rss_mb()
    info["seconds"]["load_records"] = round(load_s, 3)

    truth = truth_map(truth_dir)
    splink_eval = evaluate_map(clusters, truth_dir, truth)
    con = duckdb.connect(str(args.db), read_only=True)
    try:
        has_map = _table_exists(con, args.table)
    finally:
        con.close()
    ours_eval = None
    if has_map:
        # the same records for both: the identity map with erased customers' records read back
        # (read_identity_map), kept to the records Splink was given (erased records are purged
        # from int_identity_records, so Splink never sees them)
        ours = read_identity_map(args.db, args.table)
        ours = ours.filter(pl.col("record_key").is_in(clusters["record_key"].implode()))
        ours_eval = evaluate_map(ours, truth_dir, truth)
    return {
        "data": str(args.data),
        "db": str(args.db),
        "records_from": origin,
        "splink": {
            "version": _splink_version(),
            **info,
            "seconds_total": round(splink_seconds, 3),
            "peak_mb": round(splink_peak, 1),
            "rss_mb_before": round(rss_before, 1),
            "evaluation": splink_eval,
        },
        "ours": {**our_cost(args), "evaluation": ours_eval},
    }


def _splink_version() -> str:
    import splink

    return str(splink.__version__)


def render(result: dict[str, Any]) -> str:
    s, o = result["splink"], result["ours"]
    lines = [
        f"records from {result['records_from']}; Splink {s['version']}, threshold {s['threshold_match_probability']}",
        f"{'':<10} {'F1':>7} {'precision':>9} {'recall':>7} {'B3 F1':>8} {'records':>9} {'customers':>10}"
        f" {'seconds':>9} {'peak MB':>8}",
        _row("splink", s["evaluation"], s["seconds_total"], s["peak_mb"]),
        _row("ours", o["evaluation"], o["seconds"], o["peak_mb"]),
        f"splink seconds: load {s['seconds']['load_records']:.1f}, train {s['seconds']['train']:.1f}"
        f" (u sampling {s['seconds']['train_u']:.1f}), predict {s['seconds']['predict']:.1f},"
        f" cluster {s['seconds']['cluster']:.1f}; edges: {s['probabilistic_edges']:,} probabilistic,"
        f" {s['deterministic_edges']:,} deterministic",
    ]
    if o.get("seconds_source"):
        extra = (f"; identity models {o['identity_models_seconds']:.1f} s of {o['run_results_elapsed_seconds']:.1f} s"
                 if o.get("identity_models_seconds") is not None else "")
        lines.append(f"our seconds from {o['seconds_source']}{extra}")
    return "\n".join(lines)


# --- CLI ---------------------------------------------------------------------------------------


def add_args(p: argparse.ArgumentParser) -> None:
    default_db = os.environ.get("C360_DB_PATH", "data/c360.duckdb")
    p.add_argument("--data", type=Path, required=True, help="generated data folder (with _truth/)")
    p.add_argument("--db", type=Path, default=Path(default_db),
                   help=f"built DuckDB warehouse, opened read-only (default $C360_DB_PATH or {default_db})")
    p.add_argument("--table", default=MAP_TABLE, help=f"our identity map (default {MAP_TABLE})")
    p.add_argument("--threshold", type=float, default=0.9, help="Splink match probability threshold (0.9)")
    p.add_argument("--u-max-pairs", type=float, default=1e7, help="pairs sampled for u (default 1e7)")
    p.add_argument("--seed", type=int, default=42, help="seed of the u sampling")
    p.add_argument("--no-contact-rules", action="store_true",
                   help="do not link e-mail subscribers and guest receipts deterministically by exact e-mail/phone")
    p.add_argument("--our-seconds", type=float, default=None, help="wall seconds of our dbt build")
    p.add_argument("--our-peak-mb", type=float, default=None, help="peak memory (MB) of our dbt build")
    p.add_argument("--run-results", type=Path, default=None,
                   help="dbt target/run_results.json of our build (elapsed_time as our seconds)")
    p.add_argument("--out", type=Path, default=None, help="write every number as JSON to this file")
    p.add_argument("--verbose", action="store_true", help="show Splink's log")


def run(args: argparse.Namespace) -> int:
    try:
        import splink  # noqa: F401
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 3
    if not args.db.exists():
        print(f"warehouse not found: {args.db} (build it with dbt, or pass --db)", file=sys.stderr)
        return 2
    if not (args.data / "_truth" / "records.csv").exists():
        print(f"no ground truth in {args.data / '_truth'}", file=sys.stderr)
        return 2
    import duckdb

    try:
        result = bench(args)
    except duckdb.CatalogException as e:
        print(f"{args.db} has neither {IDENTITY_TABLE} nor the staged tables: {e}", file=sys.stderr)
        return 2
    print(render(result))
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0
