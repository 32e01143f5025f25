"""Simulate transaction logs from the BG/NBD and Gamma-Gamma models (for tests and examples)."""

from __future__ import annotations

from datetime import date

import numpy as np

from .models import BgNbdParams, GammaGammaParams
from .summary import Transactions

__all__ = ["simulate_transactions"]


def simulate_transactions(
    bg: BgNbdParams,
    gg: GammaGammaParams,
    *,
    n_customers: int,
    start: date,
    end: date,
    seed: int = 0,
) -> Transactions:
    """Customers join uniformly between ``start`` and ``end`` (their first purchase), then buy as
    a Poisson process of rate lambda ~ Gamma(r, alpha) per day and drop out after each purchase
    with probability p ~ Beta(a, b) after each repeat purchase. Each transaction is worth z ~ Gamma(p, nu), nu ~ Gamma(q, gamma).
    Times are continuous and rounded down to days.
    """
    rng = np.random.default_rng(seed)
    span = (end - start).days
    ids: list[str] = []
    days: list[int] = []
    values: list[float] = []
    lam = rng.gamma(bg.r, 1.0 / bg.alpha, n_customers)
    drop = rng.beta(bg.a, bg.b, n_customers)
    nu = rng.gamma(gg.q, 1.0 / gg.gamma, n_customers)
    joined = rng.uniform(0, span, n_customers)
    for i in range(n_customers):
        t = joined[i]
        first = True
        while t <= span:
            ids.append(f"c{i:07d}")
            days.append(int(t))
            values.append(float(rng.gamma(gg.p, 1.0 / nu[i])))
            # BG/NBD: a customer may drop out right after each repeat purchase (not after the first)
            if not first and rng.uniform() < drop[i]:
                break
            first = False
            t += rng.exponential(1.0 / lam[i]) if lam[i] > 0 else np.inf
    base = np.datetime64(start, "D")
    return Transactions.from_arrays(ids, base + np.asarray(days, dtype="timedelta64[D]"), values)


