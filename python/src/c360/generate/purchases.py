"""BG/NBD purchase process with Gamma-Gamma spend, and the product catalogue.

Time unit of the model: week.  Each buyer is "born" with a first purchase at `birth_t`; while
alive, repeat purchases arrive as a Poisson process with rate lambda per week; after each repeat
purchase the buyer drops out with probability p.  The number of repeat purchases before dropout
is J ~ Geometric(p) (the J-th purchase is the last), so the repeat purchases observed by time T
are the first min(N(T), J) points of a Poisson process, N(T) ~ Poisson(lambda*T).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from .config import WEEK, PurchaseParams
from .pools import CATEGORIES, COLOURS


@dataclass
class PurchaseState:
    """Per person (aligned with P): remaining purchases before dropout after the window."""

    remaining: np.ndarray  # J - X (0 = dropped out)
    lam: np.ndarray


def simulate(P: pl.DataFrame, buyer: np.ndarray, t_end: int, pp: PurchaseParams,
             rng: np.random.Generator) -> tuple[pl.DataFrame, PurchaseState]:
    """All purchases of buyers from birth to t_end: columns pidx, t, value_usd, repeat_no."""
    lam = P["lambda"].to_numpy()
    pdrop = P["p_dropout"].to_numpy()
    nu = P["spend_nu"].to_numpy()
    birth = P["birth_t"].to_numpy()
    n = len(P)
    T = np.maximum(t_end - birth, 0) / WEEK
    N = np.where(buyer, rng.poisson(lam * T), 0)
    J = rng.geometric(pdrop)
    X = np.minimum(N, J)
    remaining = np.where(buyer, J - X, 0)
    rep = np.repeat(np.arange(n), N)
    u = rng.random(rep.size) * T[rep]
    order = np.lexsort((u, rep))
    rep, u = rep[order], u[order]
    starts = np.r_[0, np.cumsum(N)[:-1]]
    rank = np.arange(rep.size) - starts[rep]
    keep = rank < X[rep]
    rep, u, rank = rep[keep], u[keep], rank[keep]
    first = np.flatnonzero(buyer)
    pidx = np.r_[first, rep]
    t = np.r_[birth[first], birth[rep] + (u * WEEK).astype(np.int64)]
    repeat_no = np.r_[np.zeros(first.size, dtype=np.int64), rank + 1]
    value = rng.gamma(pp.p, 1.0 / nu[pidx])
    df = pl.DataFrame({"pidx": pidx, "t": t, "value_usd": value, "repeat_no": repeat_no})
    return df.sort(["pidx", "t"], maintain_order=True), PurchaseState(remaining, lam)


def continue_process(P: pl.DataFrame, state: PurchaseState, t_lo: int, t_hi: int,
                     pp: PurchaseParams, rng: np.random.Generator) -> pl.DataFrame:
    """Purchases of still-alive buyers in (t_lo, t_hi] (memoryless continuation)."""
    n = len(P)
    dt = (t_hi - t_lo) / WEEK
    N = rng.poisson(state.lam * dt)
    X = np.minimum(N, state.remaining)
    rep = np.repeat(np.arange(n), X)
    t = t_lo + 1 + (rng.random(rep.size) * (t_hi - t_lo - 1)).astype(np.int64)
    nu = P["spend_nu"].to_numpy()
    value = rng.gamma(pp.p, 1.0 / nu[rep])
    df = pl.DataFrame({"pidx": rep, "t": t, "value_usd": value, "repeat_no": np.full(rep.size, -1)})
    return df.sort(["pidx", "t"], maintain_order=True)


def expected_repeat(lam: np.ndarray, p: np.ndarray, T_weeks: np.ndarray) -> np.ndarray:
    """E[X(T) | lambda, p] for the BG/NBD: (1 - exp(-lambda p T)) / p."""
    return (1.0 - np.exp(-lam * p * T_weeks)) / p


@dataclass(frozen=True)
class Catalog:
    product_id: np.ndarray
    category: np.ndarray
    name_en: np.ndarray
    name_ja: np.ndarray
    price_usd_cents: np.ndarray  # sorted ascending
    price_jpy: np.ndarray  # sorted ascending (same order)


def build_catalog(n_products: int = 600) -> Catalog:
    """Fixed catalogue (independent of the seed): log-uniform prices $3..$400."""
    rng = np.random.default_rng(20240101)
    cats = list(CATEGORIES.keys())
    cat = rng.integers(0, len(cats), n_products)
    usd = np.exp(rng.uniform(np.log(3.0), np.log(400.0), n_products))
    order = np.argsort(usd)
    usd, cat = usd[order], cat[order]
    cents = (np.round(usd) * 100 - np.where(usd > 10, 1, 0)).astype(np.int64)  # $24.99 style
    jpy = (np.round(usd * 150 / 10) * 10).astype(np.int64)
    jpy = np.where(jpy > 1000, jpy - 20, jpy)  # ¥1,980 style
    jpy_order = np.argsort(jpy, kind="stable")
    # keep one order for both currencies: prices are monotone in usd, jpy nearly; sort jpy too
    names_en, names_ja = [], []
    for i in range(n_products):
        en, ja = CATEGORIES[cats[cat[i]]]
        k = int(rng.integers(0, len(en)))
        colour = COLOURS[int(rng.integers(0, len(COLOURS)))]
        names_en.append(f"{en[k]} {colour} #{i + 1:03d}")
        names_ja.append(f"{ja[k]} {colour} #{i + 1:03d}")
    pid = np.array([f"SKU{i + 1:05d}" for i in range(n_products)], dtype=object)
    assert np.all(np.diff(jpy[jpy_order]) >= 0)
    return Catalog(pid, np.array([cats[c] for c in cat], dtype=object), np.array(names_en, dtype=object),
                   np.array(names_ja, dtype=object), cents, jpy)


def order_lines(orders: pl.DataFrame, catalog: Catalog, rng: np.random.Generator) -> pl.DataFrame:
    """Split each order's value into 1..6 lines of catalogue products whose prices are close
    to the line value; the order total is then the exact sum of quantity * unit price.

    orders: columns oidx, value_minor (in the order currency's minor unit), currency.
    Returns lines with oidx, line_no, product (index), quantity, unit_minor."""
    m = len(orders)
    k = np.minimum(1 + rng.poisson(0.9, m), 6)
    oi = np.repeat(np.arange(m), k)
    starts = np.r_[0, np.cumsum(k)[:-1]]
    line_no = np.arange(oi.size) - starts[oi]
    w = rng.gamma(1.0, 1.0, oi.size)
    wsum = np.bincount(oi, weights=w, minlength=m)
    val = orders["value_minor"].to_numpy()[oi] * w / wsum[oi]
    q = rng.choice([1, 2, 3, 4], size=oi.size, p=[0.80, 0.13, 0.05, 0.02])
    target = val / q
    jpy = (orders["currency"].to_numpy() == "JPY")[oi]
    prod = np.empty(oi.size, dtype=np.int64)
    unit = np.empty(oi.size, dtype=np.int64)
    for is_jpy, prices in ((True, catalog.price_jpy), (False, catalog.price_usd_cents)):
        sel = np.flatnonzero(jpy == is_jpy)
        if sel.size == 0:
            continue
        order = np.argsort(prices, kind="stable")
        sp = prices[order]
        j = np.clip(np.searchsorted(sp, target[sel]), 1, sp.size - 1)
        left_closer = (target[sel] - sp[j - 1]) < (sp[j] - target[sel])
        j = np.where(left_closer, j - 1, j)
        prod[sel] = order[j]
        unit[sel] = sp[j]
    return pl.DataFrame({"oidx": oi, "line_no": line_no, "product": prod, "quantity": q, "unit_minor": unit})
