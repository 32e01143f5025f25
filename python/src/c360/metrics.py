"""Clustering quality measures for entity resolution, computed from contingency counts.

Input: a polars DataFrame with one row per identity record, a predicted cluster column and a
true entity column (plus optional grouping columns such as ``source_system`` or ``persona``).
Nothing here enumerates record pairs: every pair count is a sum of C(n, 2) over the sizes of
predicted clusters, true groups, or their intersections ("cells"), so millions of records take
a few group-bys.

Definitions (n = records, a_i = size of predicted cluster i, b_j = size of true group j,
n_ij = records in cluster i and group j):

- pairwise: TP = Σ C(n_ij, 2), predicted pairs = Σ C(a_i, 2), true pairs = Σ C(b_j, 2);
  precision = TP / predicted pairs, recall = TP / true pairs.  With no predicted pairs
  precision is 1 (no false positive was made); with no true pairs recall is 1.
- B-cubed: per record r, precision_r = n_ij / a_i and recall_r = n_ij / b_j for its cell;
  B-cubed precision / recall = mean over records.
- F1 = harmonic mean of precision and recall (0 when both are 0).
- over-merged clusters: predicted clusters holding records of more than one true entity;
  under-merged entities: true entities whose records are in more than one predicted cluster;
  exact clusters: predicted clusters equal to the full record set of one true entity.

Breakdowns:
- :func:`pairwise_involving` gives, for each value g of a grouping column, the pairwise
  measures over pairs where *at least one* record has value g (all pairs minus the pairs among
  records without g).  A false merge between a CRM contact and a web device counts against
  both ``crm`` and ``web``.
- :func:`bcubed_by` gives the B-cubed measures averaged over the records with value g (the
  clusters and true groups are those of the full data, not of the subset).
- :func:`pairwise_by_group_pair` gives pairwise measures over the pairs with one record in
  group g and the other in group h (g <= h), e.g. how well CRM contacts link to e-commerce
  accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

PRED = "customer_id"
TRUE = "person_id"


def _c2(expr: pl.Expr) -> pl.Expr:
    e = expr.cast(pl.Int64)
    return e * (e - 1) // 2


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass(frozen=True)
class PairCounts:
    """Pair counts of a clustering against the truth."""

    true_positive: int
    predicted: int
    true: int

    def __sub__(self, other: "PairCounts") -> "PairCounts":
        return PairCounts(
            self.true_positive - other.true_positive,
            self.predicted - other.predicted,
            self.true - other.true,
        )

    @property
    def precision(self) -> float:
        return 1.0 if self.predicted == 0 else self.true_positive / self.predicted

    @property
    def recall(self) -> float:
        return 1.0 if self.true == 0 else self.true_positive / self.true

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "true_positive_pairs": self.true_positive,
            "false_positive_pairs": self.predicted - self.true_positive,
            "false_negative_pairs": self.true - self.true_positive,
            "predicted_pairs": self.predicted,
            "true_pairs": self.true,
        }


def pair_counts(df: pl.DataFrame, pred: str = PRED, true: str = TRUE) -> PairCounts:
    """TP / predicted / true pair counts from the contingency table of ``pred`` x ``true``."""
    if df.height == 0:
        return PairCounts(0, 0, 0)
    cells = df.group_by(pred, true).len()
    tp = cells.select(_c2(pl.col("len")).sum()).item()
    predicted = cells.group_by(pred).agg(pl.col("len").sum()).select(_c2(pl.col("len")).sum()).item()
    truth = cells.group_by(true).agg(pl.col("len").sum()).select(_c2(pl.col("len")).sum()).item()
    return PairCounts(int(tp), int(predicted), int(truth))


def _with_cell_sizes(df: pl.DataFrame, pred: str, true: str) -> pl.DataFrame:
    return df.with_columns(
        pl.len().over(pred, true).alias("_n_ij"),
        pl.len().over(pred).alias("_a_i"),
        pl.len().over(true).alias("_b_j"),
    )


def _bcubed_exprs() -> list[pl.Expr]:
    return [
        (pl.col("_n_ij") / pl.col("_a_i")).mean().alias("precision"),
        (pl.col("_n_ij") / pl.col("_b_j")).mean().alias("recall"),
        pl.len().alias("records"),
    ]


def _bcubed_dict(row: dict[str, Any]) -> dict[str, Any]:
    p, r = float(row["precision"]), float(row["recall"])
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def bcubed(df: pl.DataFrame, pred: str = PRED, true: str = TRUE) -> dict[str, float]:
    """B-cubed precision, recall and F1 (means over records)."""
    if df.height == 0:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    row = _with_cell_sizes(df, pred, true).select(_bcubed_exprs()).row(0, named=True)
    return _bcubed_dict(row)


def cluster_counts(df: pl.DataFrame, pred: str = PRED, true: str = TRUE) -> dict[str, int]:
    """Records, predicted clusters, true entities, over-/under-merges and exact clusters."""
    cells = df.group_by(pred, true).len()
    per_cluster = cells.group_by(pred).agg(pl.len().alias("k"), pl.col("len").sum().alias("size"))
    per_entity = cells.group_by(true).agg(pl.len().alias("k"), pl.col("len").sum().alias("size"))
    exact = (
        cells.join(per_cluster.select(pred, pl.col("size").alias("a")), on=pred)
        .join(per_entity.select(true, pl.col("size").alias("b")), on=true)
        .filter((pl.col("len") == pl.col("a")) & (pl.col("len") == pl.col("b")))
        .height
    )
    return {
        "records": df.height,
        "predicted_clusters": per_cluster.height,
        "true_entities": per_entity.height,
        "over_merged_clusters": per_cluster.filter(pl.col("k") > 1).height,
        "under_merged_entities": per_entity.filter(pl.col("k") > 1).height,
        "exact_clusters": exact,
        "largest_predicted_cluster": int(per_cluster["size"].max() or 0),
        "largest_true_entity": int(per_entity["size"].max() or 0),
    }


def pairwise_involving(
    df: pl.DataFrame, group: str, pred: str = PRED, true: str = TRUE, total: PairCounts | None = None
) -> dict[str, PairCounts]:
    """Per value g of ``group``: pair counts over pairs with at least one record of g."""
    total = total if total is not None else pair_counts(df, pred, true)
    out: dict[str, PairCounts] = {}
    for g in sorted(df.get_column(group).drop_nulls().unique().to_list()):
        rest = df.filter(pl.col(group).ne_missing(g))
        out[str(g)] = total - pair_counts(rest, pred, true)
    return out


def bcubed_by(df: pl.DataFrame, group: str, pred: str = PRED, true: str = TRUE) -> dict[str, dict[str, Any]]:
    """Per value g of ``group``: B-cubed over the records of g (clusters of the full data)."""
    if df.height == 0:
        return {}
    rows = (
        _with_cell_sizes(df, pred, true)
        .group_by(group)
        .agg(_bcubed_exprs())
        .sort(group)
        .iter_rows(named=True)
    )
    return {str(r[group]): {**_bcubed_dict(r), "records": int(r["records"])} for r in rows}


def _pairs_by_group_pair(df: pl.DataFrame, keys: list[str], group: str) -> pl.DataFrame:
    """Σ pairs (g, h), g <= h, inside each block of ``keys``; columns g, h, pairs."""
    g = df.group_by(*keys, group).len()
    j = g.join(g, on=keys, suffix="_r").filter(pl.col(group) <= pl.col(f"{group}_r"))
    return (
        j.with_columns(
            pl.when(pl.col(group) == pl.col(f"{group}_r"))
            .then(_c2(pl.col("len")))
            .otherwise(pl.col("len").cast(pl.Int64) * pl.col("len_r").cast(pl.Int64))
            .alias("pairs")
        )
        .group_by(pl.col(group).alias("g"), pl.col(f"{group}_r").alias("h"))
        .agg(pl.col("pairs").sum())
    )


def pairwise_by_group_pair(
    df: pl.DataFrame, group: str, pred: str = PRED, true: str = TRUE
) -> dict[tuple[str, str], PairCounts]:
    """Pair counts over pairs with one record in g and the other in h (g <= h); only the
    combinations that have at least one true or predicted pair."""
    sub = df.filter(pl.col(group).is_not_null())
    tp = _pairs_by_group_pair(sub, [pred, true], group).rename({"pairs": "tp"})
    pp = _pairs_by_group_pair(sub, [pred], group).rename({"pairs": "pp"})
    tt = _pairs_by_group_pair(sub, [true], group).rename({"pairs": "tt"})
    allp = pp.join(tt, on=["g", "h"], how="full", coalesce=True).join(tp, on=["g", "h"], how="left")
    allp = allp.fill_null(0).filter((pl.col("pp") > 0) | (pl.col("tt") > 0)).sort("g", "h")
    return {
        (str(r["g"]), str(r["h"])): PairCounts(int(r["tp"]), int(r["pp"]), int(r["tt"]))
        for r in allp.iter_rows(named=True)
    }


def evaluate_clustering(
    df: pl.DataFrame,
    pred: str = PRED,
    true: str = TRUE,
    groups: tuple[str, ...] = (),
    group_pairs: tuple[str, ...] = (),
) -> dict[str, Any]:
    """All measures as a JSON-ready dict; ``groups`` get pairwise-involving and B-cubed
    breakdowns, ``group_pairs`` a pairwise matrix over pairs of group values."""
    df = df.select(pred, true, *dict.fromkeys((*groups, *group_pairs)))
    total = pair_counts(df, pred, true)
    out: dict[str, Any] = {
        **cluster_counts(df, pred, true),
        "pairwise": total.as_dict(),
        "bcubed": bcubed(df, pred, true),
    }
    for g in groups:
        inv = pairwise_involving(df, g, pred, true, total)
        b3 = bcubed_by(df, g, pred, true)
        out[f"by_{g}"] = {
            k: {"records": b3.get(k, {}).get("records", 0),
                "pairwise_involving": inv[k].as_dict(),
                "bcubed": {m: v for m, v in b3.get(k, {}).items() if m != "records"}}
            for k in inv
        }
    for g in group_pairs:
        out[f"by_{g}_pair"] = {f"{a}|{b}": c.as_dict() for (a, b), c in pairwise_by_group_pair(df, g, pred, true).items()}
    return out
