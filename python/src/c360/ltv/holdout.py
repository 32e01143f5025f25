"""Calibration/holdout check and parameter recovery on demo data.

``holdout_report`` fits BG/NBD and Gamma-Gamma on the purchases up to a calibration end date,
predicts each customer's purchases in the holdout period after it, and compares them with the
purchases that happened; it also fits on the whole observation period and, when the generator's
ground truth is given, puts the fitted parameters next to the true ones.

Time unit: days (as the dbt models). A true ``alpha`` given per week/month/year is converted.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .models import (
    BgNbdParams,
    FitResult,
    GammaGammaParams,
    expected_average_value,
    expected_purchases,
    fit_bg_nbd,
    fit_gamma_gamma,
)
from .summary import Transactions, _purchase_days, count_purchase_days, rfm_summary

__all__ = [
    "HoldoutReport", "add_args", "check_report", "holdout_report", "load_generator_transactions", "load_transactions",
    "load_truth", "main", "run",
]

DAYS_PER_UNIT = {"day": 1.0, "days": 1.0, "d": 1.0, "week": 7.0, "weeks": 7.0, "w": 7.0,
                 "month": 365.25 / 12, "months": 365.25 / 12, "m": 365.25 / 12,
                 "year": 365.25, "years": 365.25, "y": 365.25}


@dataclass
class HoldoutReport:
    """What ``holdout_report`` measured; ``to_text()`` renders it."""

    observation_end: date
    calibration_end: date
    holdout_days: int
    n_customers: int
    fit_full: tuple[FitResult, FitResult]
    fit_calibration: tuple[FitResult, FitResult]
    truth: tuple[BgNbdParams, GammaGammaParams] | None
    truth_time_unit: str | None
    actual_total: float
    predicted_total: float
    mae: float
    rmse: float
    correlation: float
    mean_actual: float
    by_frequency: list[dict[str, float]] = field(default_factory=list)
    spend_mae: float | None = None
    spend_n: int = 0

    @property
    def aggregate_error(self) -> float:
        """Relative error of total predicted vs actual holdout purchases."""
        return (self.predicted_total - self.actual_total) / self.actual_total if self.actual_total else math.nan

    def as_dict(self) -> dict[str, Any]:
        bg_full, gg_full = self.fit_full
        bg_cal, gg_cal = self.fit_calibration
        return {
            "observation_end": self.observation_end.isoformat(),
            "calibration_end": self.calibration_end.isoformat(),
            "holdout_days": self.holdout_days,
            "n_customers": self.n_customers,
            "fit_full": {"bg_nbd": bg_full.params.as_dict(), "gamma_gamma": gg_full.params.as_dict(),
                          "bg_nbd_log_likelihood": bg_full.log_likelihood,
                          "gamma_gamma_log_likelihood": gg_full.log_likelihood},
            "fit_calibration": {"bg_nbd": bg_cal.params.as_dict(), "gamma_gamma": gg_cal.params.as_dict()},
            "truth": None if self.truth is None else {"bg_nbd": self.truth[0].as_dict(),
                                                      "gamma_gamma": self.truth[1].as_dict(),
                                                      "time_unit": self.truth_time_unit},
            "holdout": {"actual_total": self.actual_total, "predicted_total": self.predicted_total,
                        "aggregate_error": self.aggregate_error, "mae": self.mae, "rmse": self.rmse,
                        "correlation": self.correlation, "mean_actual": self.mean_actual,
                        "spend_mae": self.spend_mae, "spend_n": self.spend_n},
            "by_frequency": self.by_frequency,
        }

    def to_text(self) -> str:
        bg_full, gg_full = self.fit_full
        bg_cal, _ = self.fit_calibration
        lines = [
            f"LTV check: observation end {self.observation_end}, calibration end {self.calibration_end}, "
            f"holdout {self.holdout_days} days, {self.n_customers} customers in calibration",
            "",
            "Parameters fitted on the whole period (time unit: day)"
            + ("" if self.truth is None else f"; true values from the generator (given per {self.truth_time_unit}, alpha converted)"),
            f"  {'model':<12}{'param':<8}{'fitted':>14}{'true':>14}",
        ]
        truth_bg = self.truth[0].as_dict() if self.truth else {}
        truth_gg = self.truth[1].as_dict() if self.truth else {}
        for model, fitted, truth in (("bg_nbd", bg_full.params.as_dict(), truth_bg),
                                     ("gamma_gamma", gg_full.params.as_dict(), truth_gg)):
            for name, value in fitted.items():
                true = truth.get(name)
                lines.append(f"  {model:<12}{name:<8}{value:>14.4f}{'' if true is None else format(true, '>14.4f')}")
        lines += [
            f"  log-likelihood: bg_nbd {bg_full.log_likelihood:.2f} ({bg_full.n_customers} customers), "
            f"gamma_gamma {gg_full.log_likelihood:.2f} ({gg_full.n_customers} customers)",
            "",
            "Calibration fit: " + ", ".join(f"{k}={v:.4f}" for k, v in bg_cal.params.as_dict().items()),
            "Holdout purchases (distinct purchase days after the calibration end)",
            f"  aggregate: actual {self.actual_total:.0f}, predicted {self.predicted_total:.1f}, "
            f"error {100 * self.aggregate_error:+.2f}%",
            f"  per customer: MAE {self.mae:.4f}, RMSE {self.rmse:.4f}, correlation {self.correlation:.4f} "
            f"(mean actual {self.mean_actual:.4f})",
        ]
        if self.spend_mae is not None:
            lines.append(f"  spend: MAE of expected vs actual mean holdout value {self.spend_mae:.2f} "
                         f"({self.spend_n} customers with holdout purchases)")
        lines += ["  by calibration frequency:",
                  f"    {'x':>4}{'customers':>11}{'actual':>10}{'predicted':>11}"]
        for row in self.by_frequency:
            label = f"{int(row['frequency'])}+" if row.get("open_ended") else f"{int(row['frequency'])}"
            lines.append(f"    {label:>4}{int(row['customers']):>11}{row['actual']:>10.3f}{row['predicted']:>11.3f}")
        return "\n".join(lines)


def load_transactions(db_path: str | Path, relation: str = "marts.customer_orders") -> Transactions:
    """Orders (returns excluded) from a DuckDB warehouse built by dbt: customer_id, ordered_date, revenue_jpy."""
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as con:
        data = con.execute(
            f"select customer_id, ordered_date, cast(revenue_jpy as double) as revenue "
            f"from {relation} where not coalesce(is_return, false) and customer_id is not null"
        ).fetchnumpy()
    return Transactions.from_arrays(data["customer_id"], data["ordered_date"], data["revenue"])


def load_generator_transactions(data_dir: str | Path, jpy_per_usd: float | None = None) -> Transactions:
    """Purchases keyed by the generator's true person_id, read straight from its CSV exports.

    Independent of the dbt pipeline (identity resolution included): every e-commerce order and
    till receipt of ``<data_dir>`` is mapped to its person through ``_truth/records.csv``;
    timestamps are parsed leniently (ISO, ``Y/m/d``, ``Y年m月d日``, ``d/m/Y``) and rows that do not
    parse are dropped; amounts keep their digits (full-width folded, sign dropped: a negative
    amount is formatting noise on a real purchase) and USD is converted to JPY at
    ``jpy_per_usd`` (default: the rate in ``_truth/params.json``). Every order status counts:
    the generator draws statuses independently of the purchase process.
    """
    import duckdb

    root = Path(data_dir)
    truth = root / "_truth"
    if jpy_per_usd is None:
        raw = json.loads((truth / "params.json").read_text())
        jpy_per_usd = float(_find_value(raw, ("jpy_per_usd",)) or 150.0)
    ts_formats = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                  "%Y/%m/%d", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H時%M分", "%Y年%m月%d日", "%d/%m/%Y", "%m/%d/%Y"]
    day = "coalesce(" + ", ".join(f"try_strptime(trim(ts), '{f}')" for f in ts_formats) + ", try_cast(substr(trim(ts), 1, 10) as date))"

    def csv(name: str) -> str:
        return f"read_csv('{(root / name).as_posix()}', header = true, all_varchar = true)"

    sql = f"""
        with records as (
            select distinct source_table, record_id, person_id from {csv('_truth/records.csv')}
            where source_table in ('ecom_orders', 'pos_transactions')
        ),
        rows as (
            select distinct 'ecom_orders' as source_table, order_id as record_id, ordered_at as ts, currency, order_total as amount
            from {csv('ecom_orders.csv')}
            union all
            select distinct 'pos_transactions', transaction_id, transacted_at, currency, amount
            from {csv('pos_transactions.csv')}
        ),
        parsed as (
            select
                records.person_id,
                cast({day} as date) as day,
                try_cast(nullif(regexp_replace(translate(rows.amount, '０１２３４５６７８９．', '0123456789.'), '[^0-9.]', '', 'g'), '') as double)
                    * case when upper(rows.currency) = 'USD' or rows.amount like '%$%' or upper(rows.amount) like '%USD%'
                           then {float(jpy_per_usd)} else 1.0 end as value
            from rows
            inner join records
                on rows.source_table = records.source_table and rows.record_id = records.record_id
        )
        select person_id, day, value from parsed where day is not null and value is not null
    """
    with duckdb.connect() as con:
        data = con.execute(sql).fetchnumpy()
    return Transactions.from_arrays(data["person_id"], data["day"], data["value"])


def _find(obj: Any, keys: Sequence[str]) -> dict[str, Any] | None:
    """The first dict (depth-first) holding all ``keys``."""
    if isinstance(obj, dict):
        if all(k in obj for k in keys):
            return obj
        for value in obj.values():
            found = _find(value, keys)
            if found is not None:
                return found
    return None


def _find_value(obj: Any, names: Sequence[str]) -> Any:
    if isinstance(obj, dict):
        for name in names:
            if name in obj and not isinstance(obj[name], (dict, list)):
                return obj[name]
        for value in obj.values():
            found = _find_value(value, names)
            if found is not None:
                return found
    return None


def load_truth(truth_dir: str | Path) -> tuple[BgNbdParams, GammaGammaParams, str, dict[str, Any]]:
    """True parameters from ``<truth_dir>/params.json`` (or ``<dir>/_truth/params.json``), with
    alpha in days and gamma in JPY (converted with the file's ``jpy_per_usd`` when given in USD).

    Returns (bg_nbd in days, gamma_gamma in JPY, the generator's time unit, the raw json).
    """
    path = Path(truth_dir)
    for candidate in (path, path / "params.json", path / "_truth" / "params.json"):
        if candidate.is_file():
            path = candidate
            break
    else:
        raise FileNotFoundError(f"no params.json under {truth_dir}")
    raw = json.loads(path.read_text())
    bg = _find(raw, ("r", "alpha", "a", "b"))
    gg = _find(raw, ("p", "q", "gamma")) or _find(raw, ("p", "q", "v"))
    if bg is None or gg is None:
        raise ValueError(f"{path} lacks the BG/NBD (r, alpha, a, b) or Gamma-Gamma (p, q, gamma) parameters")
    unit = str(_find_value(raw, ("time_unit", "unit", "period")) or "day").lower()
    if unit not in DAYS_PER_UNIT:
        raise ValueError(f"{path}: unknown time unit {unit!r}")
    scale = DAYS_PER_UNIT[unit]
    truth_bg = BgNbdParams(float(bg["r"]), float(bg["alpha"]) * scale, float(bg["a"]), float(bg["b"]))
    # the dbt models measure value in JPY: a gamma given in another money unit is rescaled
    # (spend scaled by c has gamma scaled by c; p and q unchanged)
    money_scale = 1.0
    if str(gg.get("money_unit", "JPY")).upper() != "JPY":
        if "jpy_per_usd" not in gg or str(gg["money_unit"]).upper() != "USD":
            raise ValueError(f"{path}: cannot convert gamma from {gg['money_unit']} to JPY")
        money_scale = float(gg["jpy_per_usd"])
    truth_gg = GammaGammaParams(float(gg["p"]), float(gg["q"]), float(gg.get("gamma", gg.get("v"))) * money_scale)
    return truth_bg, truth_gg, unit, raw


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _truth_observation_end(raw: dict[str, Any]) -> date | None:
    """Last day of the generator's observation window (``end_exclusive`` minus a day, or ``end``)."""
    exclusive = _as_date(_find_value(raw, ("end_exclusive",)))
    if exclusive is not None:
        return exclusive - timedelta(days=1)
    return _as_date(_find_value(raw, ("observation_end", "end_date", "window_end", "end")))


def holdout_report(
    db_path: str | Path | None = None,
    *,
    transactions: Transactions | None = None,
    truth_dir: str | Path | None = None,
    observation_end: date | None = None,
    holdout_days: int = 365,
    relation: str = "marts.customer_orders",
) -> HoldoutReport:
    """Fit before a cutoff, compare with the purchases after it; fit the whole period against the truth.

    db_path: DuckDB warehouse built by dbt (reads ``relation``); or pass ``transactions``.
    truth_dir: the generator's output folder (or its ``_truth`` folder) to compare with the true
      parameters; its observation window end is used when ``observation_end`` is not given.
    observation_end: last day of data; default the truth's window end, else the last purchase day.
    holdout_days: length of the holdout period; the calibration ends that many days earlier.
    """
    if transactions is None:
        if db_path is None:
            raise ValueError("give db_path or transactions")
        transactions = load_transactions(db_path, relation)
    if transactions.day.size == 0:
        raise ValueError("no transactions")
    truth = None
    unit = None
    if truth_dir is not None:
        truth_bg, truth_gg, unit, raw = load_truth(truth_dir)
        truth = (truth_bg, truth_gg)
        if observation_end is None:
            observation_end = _truth_observation_end(raw)
    if observation_end is None:
        observation_end = transactions.day.max().astype(date)
    calibration_end = observation_end - timedelta(days=holdout_days)

    full = rfm_summary(transactions, observation_end)
    bg_full = fit_bg_nbd(full.frequency, full.recency, full.T)
    gg_full = fit_gamma_gamma(full.frequency, full.monetary_value)

    cal = rfm_summary(transactions, calibration_end)
    if len(cal) == 0:
        raise ValueError(f"no purchases on or before the calibration end {calibration_end}")
    bg_cal = fit_bg_nbd(cal.frequency, cal.recency, cal.T)
    gg_cal = fit_gamma_gamma(cal.frequency, cal.monetary_value)

    later = transactions.between(calibration_end, observation_end)
    actual = count_purchase_days(later, cal.customer_id)
    predicted = expected_purchases(bg_cal.params, float(holdout_days), cal.frequency, cal.recency, cal.T)
    err = predicted - actual
    corr = float(np.corrcoef(predicted, actual)[0, 1]) if actual.std() > 0 and predicted.std() > 0 else math.nan

    by_freq: list[dict[str, float]] = []
    cap = 7
    for x in range(cap + 1):
        mask = cal.frequency >= x if x == cap else cal.frequency == x
        if mask.any():
            by_freq.append({"frequency": x, "open_ended": x == cap, "customers": int(mask.sum()),
                            "actual": float(actual[mask].mean()), "predicted": float(predicted[mask].mean())})

    # spend: expected value of a purchase day vs the mean value of the customer's holdout purchase days
    spend_mae = None
    spend_n = 0
    ids, mean_value = _mean_day_value(later)
    if ids.size:
        idx = np.clip(np.searchsorted(cal.customer_id, ids), 0, len(cal) - 1)
        known = cal.customer_id[idx] == ids
        if known.any():
            expected_value = expected_average_value(gg_cal.params, cal.frequency[idx[known]], cal.monetary_value[idx[known]])
            spend_mae = float(np.mean(np.abs(expected_value - mean_value[known])))
            spend_n = int(known.sum())

    return HoldoutReport(
        observation_end=observation_end,
        calibration_end=calibration_end,
        holdout_days=holdout_days,
        n_customers=len(cal),
        fit_full=(bg_full, gg_full),
        fit_calibration=(bg_cal, gg_cal),
        truth=truth,
        truth_time_unit=unit,
        actual_total=float(actual.sum()),
        predicted_total=float(predicted.sum()),
        mae=float(np.mean(np.abs(err))),
        rmse=float(np.sqrt(np.mean(err**2))),
        correlation=corr,
        mean_actual=float(actual.mean()),
        by_frequency=by_freq,
        spend_mae=spend_mae,
        spend_n=spend_n,
    )


def _mean_day_value(tx: Transactions) -> tuple[np.ndarray, np.ndarray]:
    """Sorted customer ids and the mean value of their purchase days in ``tx``."""
    ids, _, values = _purchase_days(tx)
    if ids.size == 0:
        return ids, values
    uniq, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    return uniq, np.bincount(inverse, weights=values) / counts


def add_args(parser: argparse.ArgumentParser) -> None:
    """Arguments of the check (``c360 ltv-check``, ``python -m c360.ltv``)."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--db", help="DuckDB warehouse built by dbt (reads --relation, default marts.customer_orders)")
    source.add_argument("--truth-keyed", action="store_true",
                        help="read the generator's CSVs in --truth keyed by the true person (no dbt needed)")
    parser.add_argument("--truth", help="generator output folder (holds _truth/params.json)")
    parser.add_argument("--observation-end", type=date.fromisoformat,
                        help="last day of data (default: the truth's window end, else the last order)")
    parser.add_argument("--holdout-days", type=int, default=365, help="length of the holdout period (default 365)")
    parser.add_argument("--relation", default="marts.customer_orders")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--max-aggregate-error", type=float,
                        help="fail when |aggregate holdout error| exceeds this (e.g. 0.2)")
    parser.add_argument("--max-param-error", type=float,
                        help="fail when a fitted parameter is off the truth by more than this, relative")


def run(args: argparse.Namespace) -> int:
    """Run the check; 0, or 1 when a --max-* check fails, 2 on bad arguments."""
    if args.truth_keyed and not args.truth:
        print("--truth-keyed needs --truth DIR", file=sys.stderr)
        return 2
    transactions = load_generator_transactions(args.truth) if args.truth_keyed else None
    report = holdout_report(args.db, transactions=transactions, truth_dir=args.truth,
                            observation_end=args.observation_end, holdout_days=args.holdout_days,
                            relation=args.relation)
    print(json.dumps(report.as_dict(), indent=2, default=str) if args.json else report.to_text())
    failures = check_report(report, max_aggregate_error=args.max_aggregate_error, max_param_error=args.max_param_error)
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m c360.ltv --db data/demo.duckdb --truth data/demo``: the calibration/holdout check."""
    parser = argparse.ArgumentParser(prog="c360 ltv-check", description=__doc__.splitlines()[0])
    add_args(parser)
    return run(parser.parse_args(argv))


def check_report(report: HoldoutReport, *, max_aggregate_error: float | None = None,
                 max_param_error: float | None = None) -> list[str]:
    """Failed checks of a report, as messages (empty when all pass or no threshold is given)."""
    failures: list[str] = []
    if max_aggregate_error is not None and not abs(report.aggregate_error) <= max_aggregate_error:
        failures.append(f"aggregate holdout error {report.aggregate_error:+.3f} beyond +/-{max_aggregate_error}")
    if max_param_error is not None and report.truth is not None:
        for fitted, true in zip((report.fit_full[0].params, report.fit_full[1].params), report.truth):
            for name, value in true.as_dict().items():
                got = fitted.as_dict()[name]
                if not abs(got - value) <= max_param_error * abs(value):
                    failures.append(f"{name}: fitted {got:.4g}, true {value:.4g} (beyond {max_param_error:.0%})")
    return failures
