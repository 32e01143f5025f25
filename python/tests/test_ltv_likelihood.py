"""The pooled log-likelihoods the LTV fit uses give, row for row, the value of the textbook formula."""

from __future__ import annotations

import numpy as np
from scipy import special

from c360.ltv.models import (
    BgNbdParams,
    GammaGammaParams,
    _pool,
    bg_nbd_log_likelihood,
    gamma_gamma_log_likelihood,
)


def _rfm(n: int = 5_000, seed: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    tt = rng.integers(1, 400, n).astype(float)
    x = rng.integers(0, 6, n).astype(float)
    tx = np.where(x > 0, np.floor(rng.random(n) * tt), 0.0)
    m = np.round(rng.gamma(2.0, 3_000.0, n), 2) + 1.0
    return x, tx, tt, m


def _bg_nbd_reference(p: BgNbdParams, x: np.ndarray, tx: np.ndarray, tt: np.ndarray) -> np.ndarray:
    r, alpha, a, b = p.r, p.alpha, p.a, p.b
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.gammaln(a + b) + special.gammaln(b + x) - special.gammaln(b) - special.gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + tt)
    a4 = np.where(x > 0, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + tx), -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def _gamma_gamma_reference(p: GammaGammaParams, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    px = p.p * x
    return (special.gammaln(px + p.q) - special.gammaln(px) - special.gammaln(p.q) + p.q * np.log(p.gamma)
            + (px - 1) * np.log(m) + px * np.log(x) - (px + p.q) * np.log(x * m + p.gamma))


def test_bg_nbd_log_likelihood_equals_the_formula_row_by_row() -> None:
    x, tx, tt, _ = _rfm()
    for params in (BgNbdParams(0.24, 4.4, 0.79, 2.4), BgNbdParams(1.3, 40.0, 0.1, 7.0)):
        got = bg_nbd_log_likelihood(params, x, tx, tt)
        np.testing.assert_allclose(got, _bg_nbd_reference(params, x, tx, tt), rtol=1e-12, atol=0)


def test_gamma_gamma_log_likelihood_equals_the_formula_row_by_row() -> None:
    x, _, _, m = _rfm()
    repeat = x > 0
    params = GammaGammaParams(6.25, 3.74, 15.44)
    got = gamma_gamma_log_likelihood(params, x[repeat], m[repeat])
    np.testing.assert_allclose(got, _gamma_gamma_reference(params, x[repeat], m[repeat]), rtol=1e-12, atol=0)


def test_pool_gives_the_distinct_rows_and_summed_weights_of_np_unique() -> None:
    x, tx, tt, _ = _rfm()
    w = np.random.default_rng(5).random(x.size)
    (px, ptx, ptt), pooled = _pool([x, tx, tt], w)
    keys, inverse = np.unique(np.column_stack([x, tx, tt]), axis=0, return_inverse=True)
    np.testing.assert_array_equal(np.column_stack([px, ptx, ptt]), keys)
    np.testing.assert_allclose(pooled, np.bincount(inverse.ravel(), weights=w), rtol=1e-12)
