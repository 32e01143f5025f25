"""LTV checks: the fits against the published CDNOW parameters, the SQL scoring macros against
lifetimes, and parameter recovery plus a calibration/holdout check on simulated data.

The SQL check renders the macros of macros/ltv with `dbt compile --inline` (so the SQL tested is
what the models run; in a throwaway project holding only those macros) and executes the result with DuckDB on the CDNOW sample shipped by
lifetimes (a test-only dependency).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest

from c360.ltv import (
    BgNbdParams,
    GammaGammaParams,
    check_report,
    discounted_clv,
    expected_average_value,
    expected_purchases,
    fit_bg_nbd,
    fit_gamma_gamma,
    fit_parameter_rows,
    holdout_report,
    load_generator_transactions,
    p_alive,
    rfm_summary,
)
from c360.ltv.simulate import simulate_transactions
from c360.ltv.summary import Transactions

lifetimes = pytest.importorskip("lifetimes")
pd = pytest.importorskip("pandas")

REPO = Path(__file__).resolve().parents[2]

# Fader, Hardie and Lee (2005), table 1; Gamma-Gamma as reported for the same sample.
PUBLISHED_BG_NBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}

# horizons (weeks, the CDNOW unit) for expected purchases; 12 monthly steps of 4.345 weeks for CLV
HORIZONS = (1.0, 13.0, 39.0, 52.0, 104.0)
CLV_PERIOD = 4.345
CLV_RATE = 0.01
TOLERANCE = 1e-6


def sig3(value: float) -> float:
    return float(f"{value:.3g}")


@pytest.fixture(scope="module")
def cdnow() -> "pd.DataFrame":
    from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value

    return load_cdnow_summary_data_with_monetary_value()


@pytest.fixture(scope="module")
def cdnow_fits(cdnow):
    bg = fit_bg_nbd(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    repeat = cdnow[cdnow["frequency"] > 0]
    gg = fit_gamma_gamma(repeat["frequency"], repeat["monetary_value"])
    return bg, gg


@pytest.fixture(scope="module")
def lifetimes_models(cdnow_fits):
    """lifetimes fitters carrying our fitted parameters (predictions compared for the same parameters)."""
    bg, gg = cdnow_fits
    bgf = lifetimes.BetaGeoFitter()
    bgf.params_ = pd.Series(bg.params.as_dict())
    bgf.predict = bgf.conditional_expected_number_of_purchases_up_to_time
    ggf = lifetimes.GammaGammaFitter()
    ggf.params_ = pd.Series({"p": gg.params.p, "q": gg.params.q, "v": gg.params.gamma})
    return bgf, ggf


def test_cdnow_bg_nbd_fit_matches_published(cdnow_fits):
    bg, _ = cdnow_fits
    assert bg.converged
    fitted = bg.params.as_dict()
    for name, published in PUBLISHED_BG_NBD.items():
        assert sig3(fitted[name]) == sig3(published), (name, fitted[name], published)
    assert bg.log_likelihood == pytest.approx(-9582.4, abs=0.1)  # the paper's LL
    assert bg.n_customers == 2357


def test_cdnow_gamma_gamma_fit_matches_published(cdnow_fits):
    _, gg = cdnow_fits
    assert gg.converged
    fitted = gg.params.as_dict()
    for name, published in PUBLISHED_GAMMA_GAMMA.items():
        assert sig3(fitted[name]) == sig3(published), (name, fitted[name], published)
    assert gg.n_customers == 946


def test_fits_agree_with_lifetimes_optimiser(cdnow, cdnow_fits):
    bgf = lifetimes.BetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    bg, _ = cdnow_fits
    for name, value in bg.params.as_dict().items():
        assert value == pytest.approx(bgf.params_[name], rel=1e-3)


def test_numpy_reference_matches_lifetimes(cdnow, cdnow_fits, lifetimes_models):
    bg, gg = cdnow_fits
    bgf, ggf = lifetimes_models
    x, tx, tt, m = cdnow["frequency"], cdnow["recency"], cdnow["T"], cdnow["monetary_value"]
    assert np.max(np.abs(p_alive(bg.params, x, tx, tt) - bgf.conditional_probability_alive(x, tx, tt))) < 1e-12
    for t in HORIZONS:
        ref = bgf.conditional_expected_number_of_purchases_up_to_time(t, x, tx, tt)
        assert np.max(np.abs(expected_purchases(bg.params, t, x, tx, tt) - ref)) < 1e-9
    assert np.max(np.abs(expected_average_value(gg.params, x, m) - ggf.conditional_expected_average_profit(x, m))) < 1e-9
    clv = ggf.customer_lifetime_value(bgf, x, tx, tt, m, time=12, discount_rate=CLV_RATE, freq="W")
    mine = discounted_clv(bg.params, gg.params, x, tx, tt, m, periods=12, period_length=CLV_PERIOD, discount_rate=CLV_RATE)
    assert np.max(np.abs(mine - np.asarray(clv))) < 1e-8


def render_sql(inline_sql: str, tmp_path: Path) -> str:
    """Render Jinja SQL with the LTV macros: `dbt compile --inline` in a throwaway dbt project
    named c360 holding a copy of macros/ltv only (fast, and independent of the other models)."""
    import shutil

    project = tmp_path / "ltv_macros_project"
    if not project.exists():
        shutil.copytree(REPO / "macros" / "ltv", project / "macros" / "ltv")
        (project / "dbt_project.yml").write_text(
            'name: c360\nversion: "1.0"\nconfig-version: 2\nprofile: c360\nmacro-paths: ["macros"]\n')
        (project / "profiles.yml").write_text(
            f"c360:\n  target: duckdb\n  outputs:\n    duckdb:\n      type: duckdb\n      path: {tmp_path / 'compile.duckdb'}\n")
    dbt = Path(sys.executable).with_name("dbt")
    proc = subprocess.run(
        [str(dbt), "--quiet", "--no-use-colors", "compile", "--project-dir", str(project), "--profiles-dir", str(project),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
         "--output", "json", "--inline", inline_sql],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, f"dbt compile failed:\n{proc.stdout}\n{proc.stderr}"
    return json.loads(proc.stdout[proc.stdout.index("{"):])["compiled"]


BLOCK_TERMS = 10
N_TERMS = 200


def scoring_sql() -> str:
    """Score every CDNOW customer with the macros, laid out as int_ltv__customer_scores does it:
    one row per customer and horizon, the 2F1 series summed in blocks of BLOCK_TERMS terms (one
    CTE each), pivoted back per customer. `e_inline` evaluates the same series as one expression
    (ltv_bg_nbd_expected_purchases without hyp2f1), so both paths are checked."""
    points = [(f"e_{i}", t) for i, t in enumerate(HORIZONS)] + [(f"m_{i}", CLV_PERIOD * i) for i in range(1, 13)]
    horizons = "\n        union all ".join(f"select '{name}' as horizon, cast({t!r} as double) as t" for name, t in points)
    pivots = ",\n        ".join(
        f"max(case when horizon = '{name}' then e end) as {name}, max(case when horizon = '{name}' then e_inline end) as {name}_inline"
        for name, _ in points)
    months = ", ".join(f"'m_{i}'" for i in range(1, 13))
    n_blocks = -(-N_TERMS // BLOCK_TERMS)
    carried = "id, horizon, t, x, tx, tt, r, alpha, a, b, hyp_a, hyp_b, hyp_c, hyp_z"
    steps = []
    for step in range(n_blocks - 1, -1, -1):
        first = step * BLOCK_TERMS
        steps.append(
            f"step_{step} as (select {carried}, "
            f"{{{{ c360.ltv_hyp2f1_horner('hyp_a', 'hyp_b', 'hyp_c', 'hyp_z', {first}, {min(BLOCK_TERMS, N_TERMS - first)}, 'partial') }}}}"
            f" as partial from step_{step + 1})")
    step_ctes = ",\n".join(steps)
    return f"""
{{% set hyp = c360.ltv_bg_nbd_hyp2f1_arguments('t', 'x', 'tt', 'r', 'alpha', 'a', 'b') %}}
with horizons as (
        {horizons}
),
points as (
    select cdnow.*, params.*, horizons.horizon, horizons.t
    from cdnow cross join params cross join horizons
),
arguments as (
    select *, {{{{ hyp.a }}}} as hyp_a, {{{{ hyp.b }}}} as hyp_b, {{{{ hyp.c }}}} as hyp_c, {{{{ hyp.z }}}} as hyp_z
    from points
),
step_{n_blocks} as (
    select {carried}, {{{{ c360.ltv_hyp2f1_remainder('hyp_a', 'hyp_b', 'hyp_c', 'hyp_z', {N_TERMS}) }}}} as partial
    from arguments
),
{step_ctes},
scored as (
    select
        id, horizon,
        {{{{ c360.ltv_bg_nbd_expected_purchases('t', 'x', 'tx', 'tt', 'r', 'alpha', 'a', 'b', hyp2f1='partial') }}}} as e,
        {{{{ c360.ltv_bg_nbd_expected_purchases('t', 'x', 'tx', 'tt', 'r', 'alpha', 'a', 'b', n_terms={N_TERMS}) }}}} as e_inline
    from step_0
),
pivoted as (
    select id,
        {pivots}
    from scored
    group by id
)
select
    pivoted.*,
    {{{{ c360.ltv_bg_nbd_p_alive('x', 'tx', 'tt', 'r', 'alpha', 'a', 'b') }}}} as p_alive,
    {{{{ c360.ltv_gamma_gamma_expected_spend('x', 'm', 'p', 'q', 'gamma') }}}} as spend,
    {{{{ c360.ltv_discounted_value(c360.ltv_gamma_gamma_expected_spend('x', 'm', 'p', 'q', 'gamma'), [{months}], '{CLV_RATE}') }}}} as clv
from pivoted
inner join cdnow on pivoted.id = cdnow.id
cross join params
order by pivoted.id
"""


def test_sql_scoring_matches_lifetimes(cdnow, cdnow_fits, lifetimes_models, tmp_path):
    bg, gg = cdnow_fits
    bgf, ggf = lifetimes_models
    sql = render_sql(scoring_sql(), tmp_path)
    frame = pd.DataFrame({
        "id": np.arange(len(cdnow)), "x": cdnow["frequency"].to_numpy(float), "tx": cdnow["recency"].to_numpy(float),
        "tt": cdnow["T"].to_numpy(float), "m": cdnow["monetary_value"].to_numpy(float)})
    con = duckdb.connect()
    con.register("cdnow_frame", frame)
    con.execute("create table cdnow as select * from cdnow_frame")
    con.execute("create table params as select ? ::double as r, ? ::double as alpha, ? ::double as a, ? ::double as b, "
                "? ::double as p, ? ::double as q, ? ::double as gamma",
                [bg.params.r, bg.params.alpha, bg.params.a, bg.params.b, gg.params.p, gg.params.q, gg.params.gamma])
    got = con.execute(sql).fetchnumpy()

    x, tx, tt, m = cdnow["frequency"], cdnow["recency"], cdnow["T"], cdnow["monetary_value"]
    diffs = {"p_alive": np.max(np.abs(got["p_alive"] - bgf.conditional_probability_alive(x, tx, tt)))}
    for i, t in enumerate(HORIZONS):
        ref = bgf.conditional_expected_number_of_purchases_up_to_time(t, x, tx, tt)
        diffs[f"expected_purchases_{t:g}"] = np.max(np.abs(got[f"e_{i}"] - ref))
        diffs[f"expected_purchases_{t:g}_one_expression"] = np.max(np.abs(got[f"e_{i}_inline"] - ref))
    diffs["expected_spend"] = np.max(np.abs(got["spend"] - ggf.conditional_expected_average_profit(x, m)))
    clv = ggf.customer_lifetime_value(bgf, x, tx, tt, m, time=12, discount_rate=CLV_RATE, freq="W")
    diffs["clv_12_months"] = np.max(np.abs(got["clv"] - np.asarray(clv)))
    print("max |SQL - lifetimes|:", {k: f"{v:.2e}" for k, v in diffs.items()})
    assert all(v < TOLERANCE for v in diffs.values()), diffs


def test_sql_hyp2f1_accuracy_over_realistic_range(tmp_path):
    """The SQL 2F1 (default 200 terms + remainder estimate) against scipy over BG/NBD parameter sets from
    r = 0.24 to 2, x = 0..60 and z up to 0.95, scaled into expected purchases (the error that
    matters): below 1e-7 everywhere, below 1e-10 for z <= 0.9 (the limits in _ltv__macros.yml)."""
    from scipy import special

    sets = [(0.243, 0.793, 2.426), (1.0, 3.0, 10.0), (0.5, 1.5, 1.2), (2.0, 0.5, 5.0), (0.9, 0.85, 2.6)]
    rows = []
    for r, a, b in sets:
        for x in range(0, 61, 3):
            for z in np.linspace(0.0, 0.95, 39):
                rows.append((a + b - 1 - r, a - 1, a + b + x - 1, float(z), (a + b + x - 1) / (a - 1) * (1 - z) ** (a - 1)))
    grid = pd.DataFrame(rows, columns=["ha", "hb", "hc", "hz", "scale"])
    sql = render_sql("select ha, hb, hc, hz, scale, {{ c360.ltv_hyp2f1('ha', 'hb', 'hc', 'hz') }} as f from grid", tmp_path)
    con = duckdb.connect()
    con.register("grid_frame", grid)
    con.execute("create table grid as select * from grid_frame")
    got = con.execute(sql).fetchnumpy()
    err = np.abs((got["f"] - special.hyp2f1(got["ha"], got["hb"], got["hc"], got["hz"])) * got["scale"])
    print(f"max error in expected purchases: {err.max():.2e} (z <= 0.9: {err[got['hz'] <= 0.9].max():.2e})")
    assert err.max() < 1e-7
    assert err[got["hz"] <= 0.9].max() < 1e-10


def test_fit_parameter_rows_layout():
    rows = fit_parameter_rows([0, 1, 2, 3, 0, 5], [0, 10, 20, 40, 0, 80], [50, 60, 70, 80, 90, 100],
                              [0, 10.0, 12.0, 8.0, 0, 11.0], observation_end=date(2024, 1, 1))
    assert [(r["model"], r["parameter_name"]) for r in rows] == [
        ("bg_nbd", "r"), ("bg_nbd", "alpha"), ("bg_nbd", "a"), ("bg_nbd", "b"),
        ("gamma_gamma", "p"), ("gamma_gamma", "q"), ("gamma_gamma", "gamma")]
    assert all(r["observation_end_date"] == date(2024, 1, 1) and r["time_unit"] == "day" for r in rows)
    assert {r["n_customers"] for r in rows if r["model"] == "gamma_gamma"} == {4}


def test_rfm_summary_conventions():
    tx = Transactions.from_arrays(
        ["a", "a", "a", "a", "b"],
        np.array(["2024-01-01", "2024-01-01", "2024-01-05", "2024-01-11", "2024-01-03"], dtype="datetime64[D]"),
        [10.0, 5.0, 20.0, 40.0, 7.0],
    )
    s = rfm_summary(tx, date(2024, 1, 31))
    assert s.customer_id.tolist() == ["a", "b"]
    assert s.frequency.tolist() == [2.0, 0.0]  # same-day orders are one purchase
    assert s.recency.tolist() == [10.0, 0.0]
    assert s.T.tolist() == [30.0, 28.0]
    assert s.monetary_value.tolist() == [30.0, 0.0]  # repeat days only


def test_parameter_recovery_and_holdout_on_simulated_data():
    truth_bg = BgNbdParams(r=0.8, alpha=60.0, a=0.7, b=3.0)
    truth_gg = GammaGammaParams(p=6.0, q=4.0, gamma=3000.0)
    tx = simulate_transactions(truth_bg, truth_gg, n_customers=8000, start=date(2022, 1, 1), end=date(2024, 12, 31), seed=3)
    report = holdout_report(transactions=tx, observation_end=date(2024, 12, 31), holdout_days=365)
    fitted_bg, fitted_gg = report.fit_full[0].params, report.fit_full[1].params
    assert fitted_bg.r == pytest.approx(truth_bg.r, rel=0.15)
    assert fitted_bg.alpha == pytest.approx(truth_bg.alpha, rel=0.15)
    assert fitted_bg.a == pytest.approx(truth_bg.a, rel=0.35)
    assert fitted_bg.b == pytest.approx(truth_bg.b, rel=0.5)
    assert fitted_gg.p == pytest.approx(truth_gg.p, rel=0.15)
    assert fitted_gg.q == pytest.approx(truth_gg.q, rel=0.15)
    assert fitted_gg.gamma == pytest.approx(truth_gg.gamma, rel=0.2)
    assert abs(report.aggregate_error) < 0.1
    assert report.correlation > 0.5
    assert check_report(report, max_aggregate_error=0.1) == []
    assert "aggregate" in report.to_text()


@pytest.mark.skipif(not os.environ.get("C360_LTV_CHECK_DB"), reason="set C360_LTV_CHECK_DB (and C360_LTV_CHECK_TRUTH) to run on a built warehouse")
def test_holdout_on_built_warehouse():
    """On a warehouse built from generated data: `C360_LTV_CHECK_DB=data/test.duckdb C360_LTV_CHECK_TRUTH=data/test`."""
    report = holdout_report(os.environ["C360_LTV_CHECK_DB"], truth_dir=os.environ.get("C360_LTV_CHECK_TRUTH"))
    print(report.to_text())
    assert math.isfinite(report.aggregate_error)
    assert abs(report.aggregate_error) < 0.25


DEMO_PERSONS = 4000
DEMO_SEED = 7


@pytest.fixture(scope="module")
def generated_data(tmp_path_factory) -> Path:
    """A small dataset from the project's generator (`c360 generate`), with its ground truth."""
    out = tmp_path_factory.mktemp("ltv_demo")
    c360 = Path(sys.executable).with_name("c360")
    proc = subprocess.run([str(c360), "generate", "--persons", str(DEMO_PERSONS), "--seed", str(DEMO_SEED), "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"c360 generate failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return out


def test_demo_data_parameter_recovery_and_holdout(generated_data):
    """On generated demo data, keyed by the true person (independent of identity resolution):
    the fit recovers the generator's parameters approximately and the calibration/holdout
    check's aggregate error is small. The report is printed (pytest -s) for the record."""
    report = holdout_report(transactions=load_generator_transactions(generated_data), truth_dir=generated_data)
    print(report.to_text())
    assert report.truth is not None and report.truth_time_unit == "week"
    truth_bg, truth_gg = report.truth
    fitted_bg, fitted_gg = report.fit_full[0].params, report.fit_full[1].params
    assert fitted_bg.r == pytest.approx(truth_bg.r, rel=0.25)
    assert fitted_bg.alpha == pytest.approx(truth_bg.alpha, rel=0.25)
    assert fitted_bg.a == pytest.approx(truth_bg.a, rel=0.5)
    assert fitted_bg.b == pytest.approx(truth_bg.b, rel=0.5)
    # e-commerce totals are sums of catalogue-priced lines, which widens the spend of a customer's
    # orders around their mean: p and gamma move together, the mean spend p gamma / (q - 1) holds
    def mean_spend(gg: GammaGammaParams) -> float:
        return gg.p * gg.gamma / (gg.q - 1)

    assert mean_spend(fitted_gg) == pytest.approx(mean_spend(truth_gg), rel=0.15)
    assert fitted_gg.q == pytest.approx(truth_gg.q, rel=0.5)
    assert abs(report.aggregate_error) < 0.15
    assert report.correlation > 0.4
