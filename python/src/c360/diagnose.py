"""Where identity resolution loses pairs: ``c360 diagnose``.

Reads a built warehouse (read-only) and the ground truth of generated data, and explains the
gap between ``c360 evaluate`` and a perfect result, in pairwise terms (a pair = two records of
one true person; "reachable" = the two records are connected by a path of edges):

- **Ceilings** (what a perfect decision step could reach; precision 1, so F1 = 2R / (1 + R)):
  ``blocking_ceiling`` connects records through the true-match pairs among the candidate
  pairs (``int_candidate_pairs``): no decision rule can merge records that blocking never
  proposed, except through them.  ``evidence_ceiling`` connects the records of one person that
  share an exact identifier value (email, phone, loyalty card, login, e-commerce account,
  anonymous id in ``int_identifiers``): what identifiers alone can reach, without names;
  ``blocking_or_evidence_ceiling`` uses both sets of edges (above ``blocking_ceiling``: pairs
  identifiers could link that blocking never proposed, e.g. in skipped oversized blocks).
  ``shared_value_ceiling`` adds the records of one person that share *any* value of
  ``int_identifiers`` (also a name key, birth date or postal code): a record of a person joined
  to none of its person's other records, neither by a candidate pair nor by one equal value,
  offers a matcher no equal value to link it on, so this is the recall no rule set that needs
  one can pass.
  ``shared_value_or_email_typo_ceiling`` also links two records of one person whose e-mails
  have the same domain and local parts one or two edits apart: what a fuzzy e-mail block could
  add for records whose only identifier is a mistyped address.
  ``accepted_true_edges`` connects records through the accepted pairs that are true matches:
  the recall of the current rules once every false merge is removed.
- **Lost true pairs**: candidate pairs of one person that were not accepted, each with the
  first reason in :data:`REASON_ORDER` that applies (the guards and match rules of
  ``int_match_decisions.sql``), how many of them ended up in one customer anyway (recovered
  transitively) and how much recall accepting them would add.
- **False positives**: accepted pairs of two persons by ``match_rule``, the false pairs that
  arise only transitively (same customer, no accepted edge between them), and what dropping
  one rule's false edges would remove.

Erased records are purged from the identity tables, so they are left out of every measure here
(``c360 evaluate`` reads them back; the ``erased`` block says how many pairs that is).  Only
record keys, source systems and comparison levels are printed, never names or identifiers.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from c360 import metrics
from c360.evaluate import ERASED_RECORDS_TABLE, attach_truth, emit_json, inputs_missing, read_identity_map, truth_map

CANDIDATES_TABLE = "intermediate.int_candidate_pairs"
IDENTIFIERS_TABLE = "intermediate.int_identifiers"
DECISIONS_TABLE = "intermediate.int_match_decisions"
EVIDENCE_TYPES = ("email", "phone", "loyalty_card", "login_id", "ecom_account_id", "anonymous_id")
DEFAULT_THRESHOLD = 10.0
TOP_SOURCE_PAIRS = 10

# int_match_decisions columns the reasons need (gamma_* columns are read as they are found)
FLAG_COLUMNS = (
    "has_name_l", "has_name_r", "veto_birth_date", "veto_first_name", "veto_full_name",
    "veto_loyalty_card", "is_vetoed", "is_corroborated", "email_contested", "phone_contested",
    "is_accepted",
)
DECISION_COLUMNS = (
    "record_key_l", "record_key_r", "source_system_l", "source_system_r", "match_key",
    "match_weight", "match_rule", *FLAG_COLUMNS,
    "gamma_first_name", "gamma_full_name", "gamma_email", "gamma_phone", "gamma_phone_national",
)


@dataclass(frozen=True)
class Reason:
    """Why a true candidate pair was not accepted; the first that holds is its reason."""

    name: str
    description: str
    when: pl.Expr


def reasons(threshold: float) -> list[Reason]:
    """The reasons in order: the guards first (any veto blocks every rule), then the identifier
    rules (a shared email / phone that did not link), then the Fellegi-Sunter rule's
    conditions in the order it states them.  ``other`` catches pairs none of these explains
    (the rules in the SQL changed and this list did not)."""
    c = pl.col
    both_named = c("has_name_l") & c("has_name_r")
    email = c("gamma_email") == 2
    phone = (c("gamma_phone") == 2) | ((c("gamma_phone_national") == 1) & (c("gamma_phone") != 2))
    contested = (email & c("email_contested")) | (phone & c("phone_contested"))
    return [
        Reason("vetoed_birth_date", "both birth dates known and more than one field apart", c("veto_birth_date")),
        Reason("vetoed_first_name", "given names comparable and different (level 0)", c("veto_first_name")),
        Reason("vetoed_full_name", "whole names comparable and different or loosely alike (0/1)",
               c("veto_full_name")),
        Reason("vetoed_loyalty_card", "two different loyalty cards", c("veto_loyalty_card")),
        Reason("nameless_contested_identifier",
               "a record without a name; the shared email/phone is contested (a vetoed pair shares it)",
               ~both_named & contested),
        Reason("names_do_not_fit_identifier",
               "both named, share an email/phone, but the names do not fit the email/phone rule",
               both_named & (email | phone)),
        Reason("fs_not_both_named", "no shared identifier and a record without a name (no score rule)",
               ~both_named),
        Reason("fs_not_corroborated", "score rule: nothing beyond the name agrees (is_corroborated false)",
               ~c("is_corroborated")),
        Reason("fs_first_name_level_1", "score rule: given names only loosely alike (level 1)",
               c("gamma_first_name") == 1),
        Reason("fs_no_name_agreement", "score rule: no name agrees at level 2 or more (names not comparable)",
               (c("gamma_first_name") < 2) & (c("gamma_last_name") < 2) & (c("gamma_full_name") < 2)),
        Reason("fs_weight_below_threshold", f"score rule: match_weight below {threshold:g}",
               c("match_weight") < threshold),
    ]


REASON_ORDER = [r.name for r in reasons(DEFAULT_THRESHOLD)] + ["other"]


# --- reading -------------------------------------------------------------------------------------


def _query(con: Any, sql: str) -> pl.DataFrame:
    return pl.from_arrow(con.sql(sql).to_arrow_table())  # type: ignore[return-value]


def _columns(con: Any, table: str) -> list[str]:
    schema, _, name = table.partition(".")
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?"
        " order by ordinal_position",
        [schema, name],
    ).fetchall()
    return [r[0] for r in rows]


def _erased_keys(con: Any) -> pl.Series:
    if not _columns(con, ERASED_RECORDS_TABLE):
        return pl.Series("record_key", [], pl.String)
    return _query(con, f"select cast(record_key as varchar) as record_key from {ERASED_RECORDS_TABLE}")["record_key"]


def scored_records(db: Path, truth_dir: Path) -> tuple[pl.DataFrame, dict[str, Any]]:
    """One row per identity record that has a true person: ``idx`` (0..n-1), record_key,
    source_system, customer_id, person_id; erased records left out.  Also the erased block:
    their records and the true pairs (of all records) that involve one."""
    import duckdb

    scored, _ = attach_truth(read_identity_map(db), truth_map(truth_dir))
    con = duckdb.connect(str(db), read_only=True)
    try:
        erased = _erased_keys(con)
    finally:
        con.close()
    scored = scored.select("record_key", "source_system", "customer_id", "person_id")
    kept = scored.filter(~pl.col("record_key").is_in(erased.implode()))
    all_pairs = metrics.pair_counts(scored).true
    kept_pairs = metrics.pair_counts(kept).true
    info = {
        "records": scored.height - kept.height,
        "true_pairs_with_an_erased_record": all_pairs - kept_pairs,
    }
    return kept.with_row_index("idx").with_columns(pl.col("idx").cast(pl.Int64)), info


def read_threshold(project: Path | None, override: float | None) -> dict[str, Any]:
    """``match_weight_threshold``: ``--threshold``, else the var in ``dbt_project.yml``, else 10."""
    if override is not None:
        return {"value": float(override), "source": "--threshold"}
    if project is not None and project.exists():
        import yaml

        doc = yaml.safe_load(project.read_text(encoding="utf-8")) or {}
        value = (doc.get("vars") or {}).get("match_weight_threshold")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return {"value": float(value), "source": str(project)}
    return {"value": DEFAULT_THRESHOLD, "source": "default"}


# --- connected components and pair counts --------------------------------------------------------


def connected_components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Label of each of ``n`` nodes (0..n-1) = the smallest node of its component, given the
    edges ``left[k] - right[k]``.  Vectorised union-find: every node points to a smaller node of
    its component (or itself, a root); each round hooks, for every edge whose two roots differ,
    the larger root under the smaller one, then pointer jumping makes every node point at its
    root.  Rounds repeat until no edge joins two roots: a few passes over the edges even for
    long chains, millions of records in seconds."""
    label = np.arange(n, dtype=np.int64)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    while left.size:
        lo = np.minimum(label[left], label[right])
        hi = np.maximum(label[left], label[right])
        differ = lo != hi
        if not differ.any():
            break
        np.minimum.at(label, hi[differ], lo[differ])
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        # edges inside one component stay so: only the others need another look
        left, right = left[differ], right[differ]
    return label


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def clustering(records: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """``records`` (idx, person_id) with ``customer_id`` = the component of ``edges`` (idx_l,
    idx_r) each record is in."""
    label = connected_components(records.height, edges["idx_l"].to_numpy(), edges["idx_r"].to_numpy())
    return records.select("person_id").with_columns(pl.Series("customer_id", label))


def split_persons(df: pl.DataFrame) -> int:
    """True persons whose records lie in more than one cluster."""
    k = df.group_by("person_id").agg(pl.col("customer_id").n_unique().alias("k"))
    return int(k.filter(pl.col("k") > 1).height)


def stranded_by_source(records: pl.DataFrame, df: pl.DataFrame) -> dict[str, int]:
    """Records outside their person's largest cluster (ties: the smallest label), by source
    system: which kinds of record a ceiling cannot reach."""
    sized = df.with_columns(records["source_system"], pl.len().over("person_id", "customer_id").alias("n"))
    main = (
        sized.sort(["person_id", "n", "customer_id"], descending=[False, True, False])
        .group_by("person_id", maintain_order=True)
        .first()
        .select("person_id", pl.col("customer_id").alias("main"))
    )
    out = sized.join(main, on="person_id").filter(pl.col("customer_id") != pl.col("main"))
    counts = out.group_by("source_system").len().sort(["len", "source_system"], descending=[True, False])
    return dict(counts.iter_rows())


def ceiling(records: pl.DataFrame, edges: pl.DataFrame) -> dict[str, Any]:
    """Recall (and F1 at precision 1) of the clusters that ``edges`` (all true matches)
    would make, the persons still split and the records cut off from their person."""
    df = clustering(records, edges)
    pc = metrics.pair_counts(df)
    return {
        "edges": edges.height,
        "reachable_pairs": pc.true_positive,
        "true_pairs": pc.true,
        "recall": pc.recall,
        "f1": _f1(1.0, pc.recall),
        "split_persons": split_persons(df),
        "stranded_records_by_source_system": stranded_by_source(records, df),
    }


def _pairs_report(pc: metrics.PairCounts) -> dict[str, Any]:
    d = pc.as_dict()
    return {k: d[k] for k in ("precision", "recall", "f1", "true_positive_pairs", "false_positive_pairs",
                              "false_negative_pairs", "predicted_pairs", "true_pairs")}


# --- edges ---------------------------------------------------------------------------------------


def _with_records(pairs: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """Pairs (record_key_l, record_key_r, ...) with idx, person and customer of both records;
    pairs with a record that has no true person are dropped."""
    r = records.select("record_key", "idx", "person_id", "customer_id")
    for side in ("l", "r"):
        pairs = pairs.join(
            r.rename({c: f"{c}_{side}" for c in r.columns}), on=f"record_key_{side}", how="inner"
        )
    return pairs.with_columns(
        (pl.col("person_id_l") == pl.col("person_id_r")).alias("same_person"),
        (pl.col("customer_id_l") == pl.col("customer_id_r")).alias("same_customer"),
    )


def evidence_edges(identifiers: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """Edges idx_l - idx_r between records of one person holding the same identifier value
    (of one type): each record is linked to the first record of its (person, type, value)."""
    ids = identifiers.join(records.select("record_key", "idx", "person_id"), on="record_key", how="inner")
    key = ["person_id", "identifier_type", "identifier_value"]
    root = ids.group_by(key).agg(pl.col("idx").min().alias("idx_r"))
    return (
        ids.join(root, on=key)
        .filter(pl.col("idx") != pl.col("idx_r"))
        .select(pl.col("idx").alias("idx_l"), "idx_r")
        .unique()
    )


def email_typo_edges(identifiers: pl.DataFrame, records: pl.DataFrame, max_edits: int = 2) -> pl.DataFrame:
    """Edges idx_l - idx_r between records of one person holding e-mails with the same domain
    whose local parts are 1 to ``max_edits`` edits apart (Levenshtein, computed in DuckDB)."""
    import duckdb

    em = (
        identifiers.filter(pl.col("identifier_type") == "email")
        .join(records.select("record_key", "idx", "person_id"), on="record_key", how="inner")
        .select("idx", "person_id",
                pl.col("identifier_value").str.split_exact("@", 1).struct.rename_fields(["local", "domain"]))
        .unnest("identifier_value")
    )
    con = duckdb.connect()
    try:
        con.register("em", em.to_arrow())
        edges = con.sql(
            "select distinct a.idx as idx_l, b.idx as idx_r from em as a inner join em as b"
            " on a.person_id = b.person_id and a.domain = b.domain and a.idx < b.idx"
            f" where levenshtein(a.local, b.local) between 1 and {int(max_edits)}"
        ).pl()
    finally:
        con.close()
    return edges.cast({"idx_l": pl.Int64, "idx_r": pl.Int64})


# --- lost true pairs and false positives ---------------------------------------------------------


def classify(decisions: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """``decisions`` with a ``reason`` column: the first reason of :func:`reasons` that holds
    (``other`` when none; NULL flags count as false, NULL levels as not comparable)."""
    gammas = [c for c in decisions.columns if c.startswith("gamma_")]
    d = decisions.with_columns(
        *[pl.col(c).fill_null(False) for c in FLAG_COLUMNS],
        *[pl.col(c).fill_null(-1) for c in gammas],
        pl.col("match_weight").fill_null(float("-inf")),
    )
    expr: Any = pl
    for r in reasons(threshold):
        expr = expr.when(r.when).then(pl.lit(r.name))
    return decisions.with_columns(d.select(expr.otherwise(pl.lit("other")).alias("reason"))["reason"])


def _source_pair() -> pl.Expr:
    lo = pl.min_horizontal("source_system_l", "source_system_r")
    hi = pl.max_horizontal("source_system_l", "source_system_r")
    return pl.concat_str([lo, hi], separator="|").alias("source_pair")


def _recall_with(records: pl.DataFrame, edges: pl.DataFrame) -> float:
    return metrics.pair_counts(clustering(records, edges)).recall


def _edges(df: pl.DataFrame) -> pl.DataFrame:
    return df.select("idx_l", "idx_r")


def lost_pairs(records: pl.DataFrame, decided: pl.DataFrame, base_recall: float, threshold: float) -> dict[str, Any]:
    """True candidate pairs that were not accepted, by reason and by source-system pair.

    Per reason: ``pairs`` (true pairs it rejected), ``recovered_transitively`` (their two
    records are in one customer anyway), ``really_lost`` (in two customers),
    ``false_candidate_pairs`` (pairs of two persons rejected for the same reason: the false
    edges accepting the reason wholesale would add) and ``recall_gain_if_accepted`` (recall of
    the accepted true edges plus this reason's true pairs, minus that of the accepted true
    edges alone)."""
    rejected = decided.filter(~pl.col("is_accepted").fill_null(False))
    lost = rejected.filter(pl.col("same_person"))
    blocked = dict(rejected.filter(~pl.col("same_person")).group_by("reason").len().iter_rows())
    base = _edges(decided.filter(pl.col("same_person") & pl.col("is_accepted").fill_null(False)))
    counts = {r: (n, k) for r, n, k in lost.group_by("reason").agg(
        pl.len(), pl.col("same_customer").sum()).iter_rows()}
    descriptions = {r.name: r.description for r in reasons(threshold)}
    descriptions["other"] = "not accepted, no reason above applies (rules changed?)"
    by_reason: dict[str, Any] = {}
    for name in REASON_ORDER:
        n, rec = counts.get(name, (0, 0))
        entry: dict[str, Any] = {"pairs": n, "recovered_transitively": int(rec), "really_lost": n - int(rec),
                                 "false_candidate_pairs": int(blocked.get(name, 0))}
        if n:
            gained = _recall_with(records, pl.concat([base, _edges(lost.filter(pl.col("reason") == name))]))
            entry["recall_gain_if_accepted"] = gained - base_recall
        entry["description"] = descriptions[name]
        by_reason[name] = entry
    top = sorted((k for k, v in by_reason.items() if v["pairs"]),
                 key=lambda k: (-by_reason[k]["really_lost"], -by_reason[k]["pairs"], k))
    by_src = (
        lost.with_columns(_source_pair())
        .group_by("source_pair")
        .agg(pl.len().alias("pairs"), pl.col("same_customer").sum().alias("recovered_transitively"))
        .with_columns((pl.col("pairs") - pl.col("recovered_transitively")).alias("really_lost"))
        .sort(["really_lost", "pairs", "source_pair"], descending=[True, True, False])
        .head(TOP_SOURCE_PAIRS)
    )
    src_reasons = (
        lost.with_columns(_source_pair()).filter(~pl.col("same_customer"))
        .group_by("source_pair", "reason").len()
        .sort(["source_pair", "len", "reason"], descending=[False, True, False])
    )
    by_source_pair: dict[str, Any] = {}
    for sp, n, rec, really in by_src.iter_rows():
        top_r = src_reasons.filter(pl.col("source_pair") == sp).head(3)
        by_source_pair[sp] = {"pairs": n, "recovered_transitively": rec, "really_lost": really,
                              "top_reasons_really_lost": dict(top_r.select("reason", "len").iter_rows())}
    return {
        "candidate_pairs": lost.height,
        "recovered_transitively": int(lost["same_customer"].sum()),
        "really_lost": int((~lost["same_customer"]).sum()),
        "reason_order": REASON_ORDER,
        "top_reasons": top,
        "by_reason": by_reason,
        "by_source_system_pair": by_source_pair,
    }


def false_positives(records: pl.DataFrame, decided: pl.DataFrame, achieved: metrics.PairCounts) -> dict[str, Any]:
    """Accepted pairs of two true persons by match_rule; false pairs made only transitively;
    per rule, what rejecting its false edges would do to the clusters of the accepted edges."""
    accepted = decided.filter(pl.col("is_accepted").fill_null(False))
    false = accepted.filter(~pl.col("same_person"))
    direct_in_customer = int(false["same_customer"].sum())
    sim = clustering(records, _edges(accepted))
    rebuilt = metrics.pair_counts(sim)
    # do the accepted edges rebuild the map's customers exactly?
    reproduce = (
        sim.with_columns(records["customer_id"].alias("map_customer"))
        .select(pl.col("customer_id").n_unique().alias("a"), pl.col("map_customer").n_unique().alias("b"),
                pl.struct("customer_id", "map_customer").n_unique().alias("ab"))
        .row(0)
    )
    by_rule: dict[str, Any] = {}
    for rule, n in false.group_by("match_rule").len().sort(["len", "match_rule"], descending=[True, False]).iter_rows():
        keep = accepted.filter(pl.col("same_person") | (pl.col("match_rule") != rule))
        pc = metrics.pair_counts(clustering(records, _edges(keep)))
        nameless = false.filter((pl.col("match_rule") == rule)
                                & ~(pl.col("has_name_l").fill_null(False) & pl.col("has_name_r").fill_null(False)))
        by_rule[rule] = {
            "false_edges": n,
            "false_edges_with_a_nameless_record": nameless.height,
            "false_positive_pairs_removed_if_rejected": (rebuilt.predicted - rebuilt.true_positive)
            - (pc.predicted - pc.true_positive),
            "true_positive_pairs_lost_if_rejected": rebuilt.true_positive - pc.true_positive,
        }
    by_src = (
        false.with_columns(_source_pair()).group_by("source_pair").len()
        .sort(["len", "source_pair"], descending=[True, False]).head(TOP_SOURCE_PAIRS)
    )
    fp_pairs = achieved.predicted - achieved.true_positive
    return {
        "false_positive_pairs": fp_pairs,
        "accepted_false_edges": false.height,
        "transitive_only_pairs": fp_pairs - direct_in_customer,
        "by_match_rule": by_rule,
        "by_source_system_pair": dict(by_src.iter_rows()),
        "accepted_edges_rebuild_map": reproduce[0] == reproduce[1] == reproduce[2],
    }


NAMELESS_LINKS = "nameless_email_phone_links"
CONTACT_RULES = ["same_email", "same_phone", "same_national_phone"]


def rule_ablation(records: pl.DataFrame, decided: pl.DataFrame) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of the clusters the accepted edges make without each
    rule's edges (every edge of the rule, true or false: what turning the rule off would give),
    and without the e-mail and phone rule edges that involve a record without a name
    (``nameless_email_phone_links``: newsletter subscribers and e-receipts joined on a shared
    address, where most false merges come from; a loyalty card, login or shop account is
    not shared and stays). ``as_accepted`` is the clustering of every
    accepted edge, the baseline."""
    accepted = decided.filter(pl.col("is_accepted").fill_null(False))

    def scored(edges: pl.DataFrame) -> dict[str, Any]:
        pc = metrics.pair_counts(clustering(records, _edges(edges)))
        return {"edges": edges.height, "precision": pc.precision, "recall": pc.recall, "f1": pc.f1}

    nameless = ~(pl.col("has_name_l").fill_null(False) & pl.col("has_name_r").fill_null(False))
    contact_rule = pl.col("match_rule").is_in(CONTACT_RULES)
    out: dict[str, Any] = {"as_accepted": scored(accepted)}
    for rule in sorted(accepted["match_rule"].unique().to_list()):
        out[f"without_{rule}"] = scored(accepted.filter(pl.col("match_rule") != rule))
    out[f"without_{NAMELESS_LINKS}"] = scored(accepted.filter(~(contact_rule & nameless)))
    return out


def examples(df: pl.DataFrame, group: str, n: int, gammas: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Up to ``n`` pairs per value of ``group`` (pairs not in one customer first, then by key):
    keys, source systems and comparison levels only, never a name or an identifier."""
    cols = ["record_key_l", "record_key_r", "source_system_l", "source_system_r", "match_key",
            "match_weight", "same_customer", "has_name_l", "has_name_r", "is_corroborated",
            "email_contested", "phone_contested", *gammas]
    out: dict[str, list[dict[str, Any]]] = {}
    ordered = df.sort(["same_customer", "record_key_l", "record_key_r"])
    for value in ordered[group].unique().sort().to_list():
        rows = ordered.filter(pl.col(group) == value).head(n).select(cols).to_dicts()
        for r in rows:
            if r["match_weight"] is not None:
                r["match_weight"] = round(r["match_weight"], 3)
        out[str(value)] = rows
    return out


# --- the report ----------------------------------------------------------------------------------


def diagnose(db: Path, truth_dir: Path, threshold: float = DEFAULT_THRESHOLD, n_examples: int = 3) -> dict[str, Any]:
    """Every measure of the module docstring as a JSON-ready dict."""
    import duckdb

    t0 = time.perf_counter()
    records, erased = scored_records(db, truth_dir)
    con = duckdb.connect(str(db), read_only=True)
    try:
        have = _columns(con, DECISIONS_TABLE)
        missing = [c for c in DECISION_COLUMNS if c not in have]
        if missing:
            raise ValueError(f"{DECISIONS_TABLE} lacks columns {missing}")
        gammas = [c for c in have if c.startswith("gamma_")]
        wanted = list(dict.fromkeys([*DECISION_COLUMNS, *gammas]))
        decisions = _query(con, f"select {', '.join(wanted)} from {DECISIONS_TABLE}")
        candidates = _query(con, f"select record_key_l, record_key_r from {CANDIDATES_TABLE}")
        all_identifiers = _query(
            con, f"select record_key, identifier_type, identifier_value from {IDENTIFIERS_TABLE}"
        )
    finally:
        con.close()
    t1 = time.perf_counter()

    achieved = metrics.pair_counts(records)
    cand = _with_records(candidates, records)
    decided = classify(_with_records(decisions, records), threshold)
    accepted_true = _edges(decided.filter(pl.col("same_person") & pl.col("is_accepted").fill_null(False)))
    blocking = _edges(cand.filter(pl.col("same_person")))
    evidence = evidence_edges(all_identifiers.filter(pl.col("identifier_type").is_in(EVIDENCE_TYPES)), records)
    shared_value = evidence_edges(all_identifiers, records)
    ceilings = {
        "blocking_ceiling": ceiling(records, blocking),
        "evidence_ceiling": ceiling(records, evidence),
        "blocking_or_evidence_ceiling": ceiling(records, pl.concat([blocking, evidence])),
        "shared_value_ceiling": ceiling(records, pl.concat([blocking, shared_value])),
        "shared_value_or_email_typo_ceiling": ceiling(
            records, pl.concat([blocking, shared_value, email_typo_edges(all_identifiers, records)])
        ),
        "accepted_true_edges": ceiling(records, accepted_true),
    }
    lost = lost_pairs(records, decided, ceilings["accepted_true_edges"]["recall"], threshold)
    fp = false_positives(records, decided, achieved)
    ablation = rule_ablation(records, decided)

    warnings: list[str] = []
    if lost["by_reason"]["other"]["pairs"]:
        warnings.append("some lost pairs fit no reason: the rules in int_match_decisions.sql or the threshold differ")
    fs = decided.filter(pl.col("match_rule") == "fellegi_sunter")["match_weight"]
    if fs.len() and fs.min() < threshold:  # type: ignore[operator]
        warnings.append(f"fellegi_sunter accepted pairs below the threshold {threshold:g}: pass --threshold")
    if not fp["accepted_edges_rebuild_map"]:
        warnings.append("the accepted edges do not rebuild the map's customers: the per-rule counterfactuals"
                        " are approximate")
    unscored = decisions.height - decided.height
    if unscored:
        warnings.append(f"{unscored} decision pairs have a record without a true person and are left out")

    lost_df = decided.filter(pl.col("same_person") & ~pl.col("is_accepted").fill_null(False))
    false_df = decided.filter(pl.col("is_accepted").fill_null(False) & ~pl.col("same_person"))
    t2 = time.perf_counter()
    return {
        "db": str(db),
        "truth": str(truth_dir),
        "match_weight_threshold": {"value": threshold, "source": "argument"},
        "records": records.height,
        "true_persons": int(records["person_id"].n_unique()),
        "true_pairs": achieved.true,
        "candidate_pairs": cand.height,
        "true_candidate_pairs": int(cand["same_person"].sum()),
        "erased": erased,
        "achieved": _pairs_report(achieved),
        "ceilings": ceilings,
        "lost_true_pairs": lost,
        "false_positives": fp,
        "rule_ablation": ablation,
        "examples": {
            "lost_by_reason": examples(lost_df, "reason", n_examples, gammas),
            "false_by_match_rule": examples(false_df, "match_rule", n_examples, gammas),
        },
        "warnings": warnings,
        "seconds": {"read": round(t1 - t0, 3), "analyse": round(t2 - t1, 3), "total": round(t2 - t0, 3)},
    }


# --- CLI -----------------------------------------------------------------------------------------


def add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, required=True, help="built DuckDB warehouse (opened read-only)")
    p.add_argument("--truth", type=Path, required=True, help="ground truth folder DIR/_truth")
    p.add_argument("--out", type=Path, default=None, help="also write the JSON to this file")
    p.add_argument("--examples", type=int, default=3, help="example pairs per reason and per rule (default 3)")
    p.add_argument("--threshold", type=float, default=None,
                   help="match_weight_threshold (default: the var in --project, else 10)")
    p.add_argument("--project", type=Path, default=Path("dbt_project.yml"),
                   help="dbt_project.yml to read match_weight_threshold from (default ./dbt_project.yml)")


def run(args: argparse.Namespace) -> int:
    if inputs_missing(args.db, args.truth):
        return 2
    if args.examples < 0:
        print("--examples must be >= 0", file=sys.stderr)
        return 2
    import duckdb

    threshold = read_threshold(args.project, args.threshold)
    try:
        result = diagnose(args.db, args.truth, threshold["value"], args.examples)
    except (duckdb.CatalogException, ValueError) as e:
        print(f"identity tables missing or incomplete in {args.db} (build the identity models first): {e}",
              file=sys.stderr)
        return 2
    result["match_weight_threshold"] = threshold
    emit_json(result, args.out)
    return 0
