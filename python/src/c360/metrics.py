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


class Contingency:
    """The contingency table of one clustering: one row per (predicted cluster, true entity)
    cell with its record count ``n`` and, for every grouping column and each of its values v,
    the number of the cell's records with that value (column ``<group>=<v>``).  Labels are
    replaced by two independent 64-bit hashes (a collision would need ~2^64 labels), so all
    group-bys run on integers; every measure is then a few vectorised sums over the cells,
    the clusters or the entities."""

    def __init__(self, df: pl.DataFrame, pred: str = PRED, true: str = TRUE, groups: tuple[str, ...] = ()):
        self.groups = {g: sorted(df.get_column(g).drop_nulls().unique().to_list()) for g in groups}
        self.P, self.T = ["_p0", "_p1"], ["_t0", "_t1"]
        keys = [
            pl.col(pred).cast(pl.String).hash(seed=0).alias("_p0"),
            pl.col(pred).cast(pl.String).hash(seed=1).alias("_p1"),
            pl.col(true).cast(pl.String).hash(seed=0).alias("_t0"),
            pl.col(true).cast(pl.String).hash(seed=1).alias("_t1"),
        ]
        counts = [pl.len().cast(pl.Int64).alias("n")] + [
            (pl.col(g) == v).sum().cast(pl.Int64).alias(self.col(g, v)) for g, vs in self.groups.items() for v in vs
        ]
        self.count_cols = [c.meta.output_name() for c in counts]
        self.cells = (
            df.lazy().with_columns(keys).group_by(*self.P, *self.T).agg(counts).collect()
            .with_columns(
                pl.col("n").sum().over(self.P).alias("_a"),
                pl.col("n").sum().over(self.T).alias("_b"),
            )
        )
        sums = [pl.col(c).sum() for c in self.count_cols] + [pl.len().alias("_k")]
        self.clusters = self.cells.group_by(*self.P).agg(sums)
        self.entities = self.cells.group_by(*self.T).agg(sums)

    @staticmethod
    def col(group: str, value: Any) -> str:
        return f"{group}={value}"

    # -- pairwise ------------------------------------------------------------------------------

    def _pairs(self, n: pl.Expr) -> tuple[int, int, int]:
        tp, pp, tt = (t.select(_c2(n).sum()).item() for t in (self.cells, self.clusters, self.entities))
        return int(tp or 0), int(pp or 0), int(tt or 0)

    def pair_counts(self) -> PairCounts:
        return PairCounts(*self._pairs(pl.col("n")))

    def involving(self, group: str) -> dict[str, PairCounts]:
        """Pairs with at least one record of value v = all pairs - pairs among the others."""
        total = self.pair_counts()
        return {
            str(v): total - PairCounts(*self._pairs(pl.col("n") - pl.col(self.col(group, v))))
            for v in self.groups[group]
        }

    def by_group_pair(self, group: str) -> dict[tuple[str, str], PairCounts]:
        vs = self.groups[group]
        out: dict[tuple[str, str], PairCounts] = {}
        for i, g in enumerate(vs):
            for h in vs[i:]:
                a, b = pl.col(self.col(group, g)), pl.col(self.col(group, h))
                e = _c2(a) if g == h else a * b
                pc = PairCounts(*(int(t.select(e.sum()).item() or 0)
                                  for t in (self.cells, self.clusters, self.entities)))
                if pc.predicted or pc.true:
                    out[(str(g), str(h))] = pc
        return out

    # -- B-cubed and cluster counts ---------------------------------------------------------

    def _bcubed(self, weight: pl.Expr) -> dict[str, Any]:
        # each record of a cell has precision n / a (cluster size) and recall n / b (entity size)
        row = self.cells.select(
            (weight * pl.col("n") / pl.col("_a")).sum().alias("precision"),
            (weight * pl.col("n") / pl.col("_b")).sum().alias("recall"),
            weight.sum().alias("records"),
        ).row(0, named=True)
        records = int(row["records"] or 0)
        if records == 0:
            return {"precision": 1.0, "recall": 1.0, "f1": 1.0, "records": 0}
        p, r = row["precision"] / records, row["recall"] / records
        return {"precision": p, "recall": r, "f1": _f1(p, r), "records": records}

    def bcubed(self) -> dict[str, float]:
        b = self._bcubed(pl.col("n"))
        return {k: b[k] for k in ("precision", "recall", "f1")}

    def bcubed_by(self, group: str) -> dict[str, dict[str, Any]]:
        return {str(v): self._bcubed(pl.col(self.col(group, v))) for v in self.groups[group]}

    def cluster_counts(self) -> dict[str, int]:
        exact = self.cells.filter((pl.col("n") == pl.col("_a")) & (pl.col("n") == pl.col("_b"))).height
        return {
            "records": int(self.cells["n"].sum()),
            "predicted_clusters": self.clusters.height,
            "true_entities": self.entities.height,
            "over_merged_clusters": self.clusters.filter(pl.col("_k") > 1).height,
            "under_merged_entities": self.entities.filter(pl.col("_k") > 1).height,
            "exact_clusters": exact,
            "largest_predicted_cluster": int(self.clusters["n"].max() or 0),
            "largest_true_entity": int(self.entities["n"].max() or 0),
        }


def pair_counts(df: pl.DataFrame, pred: str = PRED, true: str = TRUE) -> PairCounts:
    """TP / predicted / true pair counts from the contingency table of ``pred`` x ``true``."""
    return Contingency(df, pred, true).pair_counts()


def bcubed(df: pl.DataFrame, pred: str = PRED, true: str = TRUE) -> dict[str, float]:
    """B-cubed precision, recall and F1 (means over records)."""
    return Contingency(df, pred, true).bcubed()


def cluster_counts(df: pl.DataFrame, pred: str = PRED, true: str = TRUE) -> dict[str, int]:
    """Records, predicted clusters, true entities, over-/under-merges and exact clusters."""
    return Contingency(df, pred, true).cluster_counts()


def pairwise_involving(df: pl.DataFrame, group: str, pred: str = PRED, true: str = TRUE) -> dict[str, PairCounts]:
    """Per value g of ``group``: pair counts over pairs with at least one record of g."""
    return Contingency(df, pred, true, (group,)).involving(group)


def bcubed_by(df: pl.DataFrame, group: str, pred: str = PRED, true: str = TRUE) -> dict[str, dict[str, Any]]:
    """Per value g of ``group``: B-cubed over the records of g (clusters of the full data)."""
    return Contingency(df, pred, true, (group,)).bcubed_by(group)


def pairwise_by_group_pair(
    df: pl.DataFrame, group: str, pred: str = PRED, true: str = TRUE
) -> dict[tuple[str, str], PairCounts]:
    """Pair counts over pairs with one record in g and the other in h (g <= h); only the
    combinations that have at least one true or predicted pair."""
    return Contingency(df, pred, true, (group,)).by_group_pair(group)


def evaluate_clustering(
    df: pl.DataFrame,
    pred: str = PRED,
    true: str = TRUE,
    groups: tuple[str, ...] = (),
    group_pairs: tuple[str, ...] = (),
) -> dict[str, Any]:
    """All measures as a JSON-ready dict; ``groups`` get pairwise-involving and B-cubed
    breakdowns, ``group_pairs`` a pairwise matrix over pairs of group values."""
    c = Contingency(df, pred, true, tuple(dict.fromkeys((*groups, *group_pairs))))
    out: dict[str, Any] = {
        **c.cluster_counts(),
        "pairwise": c.pair_counts().as_dict(),
        "bcubed": c.bcubed(),
    }
    for g in groups:
        inv = c.involving(g)
        b3 = c.bcubed_by(g)
        out[f"by_{g}"] = {
            k: {"records": b3[k]["records"],
                "pairwise_involving": inv[k].as_dict(),
                "bcubed": {m: v for m, v in b3[k].items() if m != "records"}}
            for k in inv
        }
    for g in group_pairs:
        out[f"by_{g}_pair"] = {f"{a}|{b}": pc.as_dict() for (a, b), pc in c.by_group_pair(g).items()}
    return out
