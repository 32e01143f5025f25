"""Tests of `c360 generate` on small populations (a few seconds in all)."""

from __future__ import annotations

import filecmp
import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from c360.cli import main
from c360.generate import GenerateConfig, generate
from c360.generate.config import NoiseRates, PurchaseParams, SystemRates, JUNK_EMAILS
from c360.generate.purchases import expected_repeat

REPO = Path(__file__).resolve().parents[2]
PERSONS = 2000
SEED = 7
FRACTION = 0.02


def _gen(out: Path, seed: int = SEED, inc: Path | None = None, persons: int = PERSONS) -> Path:
    generate(GenerateConfig(persons=persons, seed=seed, out=out, increment_out=inc,
                            increment_fraction=FRACTION, progress=False))
    return out


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("gen")
    return {
        "a": _gen(root / "a", inc=root / "a_inc"),
        "a_inc": root / "a_inc",
        "b": _gen(root / "b"),  # same seed, no increment
        "c": _gen(root / "c", seed=SEED + 1, persons=300),
    }


def read(d: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(d / f"{name}.csv", infer_schema=False)


def truth(d: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(d / "_truth" / f"{name}.csv", infer_schema=False)


def contract() -> dict[str, list[str]]:
    """file -> columns, parsed from the table in docs/sources.md."""
    out: dict[str, list[str]] = {}
    for line in (REPO / "docs" / "sources.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*`([a-z_]+)\.csv`\s*\|[^|]*\|(.*)\|\s*$", line)
        if m:
            cols = re.sub(r"\([^)]*\)", "", m.group(2))
            out[m.group(1)] = re.findall(r"`([a-z_]+)`", cols)
    return out


TABLES = list(contract())


def test_contract_parsed() -> None:
    assert len(TABLES) == 13 and "crm_contacts" in TABLES
    assert "send" not in contract()["email_events"]


def test_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    assert "generate" in capsys.readouterr().out
    with pytest.raises(SystemExit) as e:
        main(["generate", "--help"])
    assert e.value.code == 0
    assert "--increment-out" in capsys.readouterr().out


def test_determinism_and_base_independent_of_increment(runs: dict[str, Path]) -> None:
    a, b = runs["a"], runs["b"]
    names = sorted(p.relative_to(a).as_posix() for p in a.rglob("*.csv"))
    assert names == sorted(p.relative_to(b).as_posix() for p in b.rglob("*.csv"))
    for n in names:
        assert filecmp.cmp(a / n, b / n, shallow=False), n
    pa, pb = json.loads((a / "_truth/params.json").read_text()), json.loads((b / "_truth/params.json").read_text())
    assert pa == pb


def test_different_seed_differs(runs: dict[str, Path], tmp_path: Path) -> None:
    c2 = _gen(tmp_path / "c2", seed=SEED + 2, persons=300)
    diff = [t for t in TABLES if not filecmp.cmp(runs["c"] / f"{t}.csv", c2 / f"{t}.csv", shallow=False)]
    assert len(diff) >= 10


@pytest.mark.parametrize("which", ["a", "a_inc"])
def test_every_file_and_column_present(runs: dict[str, Path], which: str) -> None:
    d = runs[which]
    for table, cols in contract().items():
        df = read(d, table)
        assert set(df.columns) == set(cols), table
        if which == "a":
            assert len(df) > 0, table
    assert set(truth(d, "records").columns) == {"source_table", "record_id", "person_id"}
    assert {"person_id", "persona", "household_id", "twin_of", "is_erased", "lambda", "p_dropout",
            "spend_nu"} <= set(truth(d, "persons").columns)
    params = json.loads((d / "_truth" / "params.json").read_text())
    if which == "a":
        for k in ("seed", "persons", "observation_window", "bgnbd", "gamma_gamma", "noise"):
            assert k in params
        assert set(params["bgnbd"]) == {"r", "alpha", "a", "b"}
        assert set(params["gamma_gamma"]) >= {"p", "q", "gamma"}


def _record_ids(df: pl.DataFrame, table: str) -> pl.Series:
    if table == "loyalty_tiers":
        return df.select(pl.concat_str([pl.col("member_id"), pl.lit(":"), pl.col("tier")])).to_series()
    return df[df.columns[0]].fill_null("")


@pytest.mark.parametrize("which", ["a", "a_inc"])
def test_truth_covers_every_record_once(runs: dict[str, Path], which: str) -> None:
    d = runs[which]
    rec = truth(d, "records").with_columns(pl.col("record_id").fill_null(""))
    total = 0
    for table in TABLES:
        df = read(d, table)
        total += len(df)
        ids = _record_ids(df, table).sort()
        tids = rec.filter(pl.col("source_table") == table)["record_id"].sort()
        assert ids.to_list() == tids.to_list(), table
    assert len(rec) == total
    persons = set(truth(runs["a"], "persons")["person_id"]) | set(truth(runs["a_inc"], "persons")["person_id"])
    assert set(rec["person_id"]) <= persons
    # ids are unique except the deliberate exact duplicates (which are whole-row duplicates)
    for table in TABLES:
        df = read(d, table)
        ids = _record_ids(df, table)
        dup_ids = df.filter(ids.is_duplicated() & (ids != ""))
        assert dup_ids.is_duplicated().all(), table


def test_households_twins_namesakes(runs: dict[str, Path]) -> None:
    d = runs["a"]
    per = truth(d, "persons")
    prof = truth(d, "person_profiles")
    assert per["household_id"].n_unique() < len(per) * 0.8  # multi-person households exist
    tw = per.filter(pl.col("twin_of").is_not_null()).join(prof, on="person_id")
    assert len(tw) >= 3
    other = prof.rename(lambda c: c + "_o")
    tw = tw.join(other, left_on="twin_of", right_on="person_id_o").join(
        per.select("person_id", pl.col("household_id").alias("hh_o")), left_on="twin_of", right_on="person_id")
    assert (tw["household_id"] == tw["hh_o"]).all()
    assert (tw["birth_date"] == tw["birth_date_o"]).all()
    assert (tw["last_name"] == tw["last_name_o"]).all()
    assert (tw["first_name"] != tw["first_name_o"]).all()
    ns = prof.filter(pl.col("namesake_of").is_not_null()).join(other, left_on="namesake_of", right_on="person_id_o")
    assert len(ns) >= 5
    assert (ns["first_name"] == ns["first_name_o"]).all() and (ns["last_name"] == ns["last_name_o"]).all()
    assert (ns["birth_date"].str.slice(0, 4) == ns["birth_date_o"].str.slice(0, 4)).all()
    # hard negatives in the data: different persons with the same CRM/e-com e-mail
    rec = truth(d, "records")
    rows = []
    for t in ("crm_contacts", "ecom_accounts"):
        df = read(d, t)
        rows.append(df.select(pl.col(df.columns[0]).alias("record_id"), pl.col("email").str.to_lowercase().str.strip_chars()))
    em = pl.concat(rows).drop_nulls().join(rec.unique(["record_id"]), on="record_id")
    shared = em.group_by("email").agg(pl.col("person_id").n_unique().alias("k")).filter(pl.col("k") > 1)
    assert len(shared) >= 5


def _lev1(a: str, b: str) -> bool:
    """True when a and b are exactly one edit apart (incl. adjacent transposition)."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def _norm(s: str | None) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s).strip().casefold()


def _with_truth(d: Path, table: str) -> pl.DataFrame:
    df = read(d, table)
    rec = truth(d, "records").filter(pl.col("source_table") == table).unique("record_id")
    prof = truth(d, "person_profiles")
    per = truth(d, "persons").select("person_id", "persona")
    return df.join(rec.select("record_id", "person_id"), left_on=df.columns[0], right_on="record_id").join(
        prof, on="person_id", suffix="_true").join(per, on="person_id")


def test_name_typo_rate_matches_documentation(runs: dict[str, Path]) -> None:
    nz = NoiseRates()
    hits = expected = n_all = 0.0
    for table in ("crm_contacts", "ecom_accounts", "loyalty_members"):
        df = _with_truth(runs["a"], table).filter(pl.col("persona") == "western")
        for obs, last, maiden in df.select("last_name", "last_name_true", "maiden_name").iter_rows():
            o = _norm(obs)
            truths = [_norm(last)] + ([_norm(maiden)] if maiden else [])
            if o in truths:
                continue
            hits += any(_lev1(o, t) for t in truths)
        expected += len(df) * nz.name_typo[table] / 2  # half of the typos hit the last name
        n_all += len(df)
    assert n_all > 1000
    assert 0.45 * expected <= hits <= 1.8 * expected, (hits, expected)


def test_swapped_names_keep_both_names(runs: dict[str, Path]) -> None:
    """first/last swapped (1.5 %) puts the given name in last_name: both names survive."""
    nz = NoiseRates()
    swapped = same = n_all = 0
    for table in ("crm_contacts", "ecom_accounts", "loyalty_members"):
        df = _with_truth(runs["a"], table).filter(pl.col("persona") == "western")
        for first, last, first_true, last_true in df.select(
                "first_name", "last_name", "first_name_true", "last_name_true").iter_rows():
            f, la = _norm(first), _norm(last)
            swapped += f == _norm(last_true) and la == _norm(first_true)
            same += bool(f) and f == la and _norm(first_true) != _norm(last_true)
        n_all += len(df)
    assert n_all > 1000
    assert 0.3 * n_all * nz.swap_first_last <= swapped <= 2.0 * n_all * nz.swap_first_last, (swapped, n_all)
    # a given name overwritten by the surname (the swap reading its own output) would be here
    assert same <= 0.002 * n_all, (same, n_all)


def test_junk_email_rate_matches_documentation(runs: dict[str, Path]) -> None:
    nz = NoiseRates()
    junk = {j.casefold() for j in JUNK_EMAILS}
    hits = expected = 0.0
    for table in ("crm_contacts", "ecom_accounts", "loyalty_members", "support_tickets"):
        df = read(runs["a"], table)
        col = "contact_email" if table == "support_tickets" else "email"
        hits += df[col].drop_nulls().str.strip_chars().str.to_lowercase().is_in(list(junk)).sum()
        miss = nz.missing.get(table, {}).get(col, 0.0)
        expected += len(df) * nz.junk_email[table] * (1 - miss)
    assert 0.45 * expected <= hits <= 1.8 * expected, (hits, expected)


def test_gmail_variants_and_fullwidth_present(runs: dict[str, Path]) -> None:
    df = read(runs["a"], "ecom_accounts")
    e = df["email"].drop_nulls()
    assert e.str.contains(r"\+[a-z0-9]+@").sum() > 5
    assert e.str.contains("googlemail.com").sum() > 0
    phones = pl.concat([read(runs["a"], t)["phone"].drop_nulls() for t in ("crm_contacts", "loyalty_members")])
    assert phones.str.contains("[０-９]").sum() > 5  # full-width digits
    assert phones.str.contains(r"^\+81 ").sum() > 5 and phones.str.contains(r"^\(\d{3}\) \d{3}-\d{4}$").sum() > 5
    post = read(runs["a"], "crm_contacts")["postal_code"].drop_nulls()
    assert post.str.starts_with("〒").sum() > 3 and post.str.contains(r"^\d{7}$").sum() > 3


def _amount(s: str) -> float:
    s = unicodedata.normalize("NFKC", s)
    neg = s.startswith("-")
    v = float(re.sub(r"[^0-9.]", "", s))
    return -v if neg else v


def test_order_totals_equal_sum_of_lines(runs: dict[str, Path]) -> None:
    o = read(runs["a"], "ecom_orders").unique(maintain_order=True).filter(pl.col("order_id").is_not_null())
    lines = read(runs["a"], "ecom_order_lines").unique(maintain_order=True)
    s = lines.with_columns((pl.col("quantity").cast(pl.Float64) * pl.col("unit_price").cast(pl.Float64)).alias("v")).group_by(
        "order_id").agg(pl.col("v").sum())
    j = o.join(s, on="order_id")
    tot = np.array([abs(_amount(x)) for x in j["order_total"]])
    assert len(j) > 500
    assert np.mean(np.isclose(tot, j["v"].to_numpy(), atol=0.011)) > 0.999


def test_purchases_follow_bgnbd(runs: dict[str, Path]) -> None:
    d = runs["a"]
    pp = PurchaseParams()
    per = truth(d, "persons").with_columns(pl.col("lambda", "p_dropout", "spend_nu").cast(pl.Float64))
    # latent parameters are draws from the documented priors
    assert abs(per["lambda"].mean() / (pp.r / pp.alpha) - 1) < 0.12
    assert abs(per["p_dropout"].mean() / (pp.a / (pp.a + pp.b)) - 1) < 0.08
    prof = truth(d, "person_profiles").filter(pl.col("is_buyer") == "true").select("person_id", "customer_since")
    rec = truth(d, "records").filter(pl.col("source_table").is_in(["ecom_orders", "pos_transactions"]))
    # one purchase per distinct record (exact duplicate rows counted once; rows without id each count)
    rec = pl.concat([rec.filter(pl.col("record_id").is_not_null()).unique(["source_table", "record_id"]),
                     rec.filter(pl.col("record_id").is_null())])
    counts = rec.group_by("person_id").len()
    j = prof.join(per, on="person_id").join(counts, on="person_id", how="left").with_columns(pl.col("len").fill_null(0))
    t_end = np.datetime64("2026-01-01T00:00:00")
    since = j["customer_since"].str.to_datetime("%Y-%m-%d %H:%M:%S").to_numpy()
    T = (t_end - since) / np.timedelta64(1, "W")
    expected = 1 + expected_repeat(j["lambda"].to_numpy(), j["p_dropout"].to_numpy(), T)
    observed = j["len"].to_numpy()
    assert len(j) > 1000
    assert (observed >= 1).all()  # every buyer has the birth purchase
    assert abs(observed.mean() / expected.mean() - 1) < 0.08, (observed.mean(), expected.mean())
    # heavier buyers (by latent lambda) buy more
    hi = j["lambda"].to_numpy() > np.median(j["lambda"].to_numpy())
    assert observed[hi].mean() > 1.5 * observed[~hi].mean()


def test_membership_spread(runs: dict[str, Path]) -> None:
    prof = truth(runs["a"], "person_profiles")
    k = prof["systems"].str.split(";").list.len()
    assert k.min() >= 1 and k.max() <= 6
    sr = SystemRates()
    crm = read(runs["a"], "crm_contacts")
    assert 0.8 < len(crm) / (PERSONS * sr.crm * (1 + sr.crm_duplicate)) < 1.25


def test_erasure_marks_persons(runs: dict[str, Path]) -> None:
    d = runs["a"]
    er = truth(d, "persons").filter(pl.col("is_erased") == "true")
    rec = truth(d, "records").filter(pl.col("source_table") == "erasure_requests")
    assert len(er) >= 3
    assert set(er["person_id"]) == set(rec["person_id"])


def test_increment_holds_only_new_or_changed_rows(runs: dict[str, Path]) -> None:
    a, inc = runs["a"], runs["a_inc"]
    base_total = inc_total = 0
    for table in TABLES:
        base = read(a, table)
        new = read(inc, table)
        base_total += len(base)
        inc_total += len(new)
        bid = set(_record_ids(base, table).to_list()) - {""}
        nid = _record_ids(new, table)
        reused = new.filter(nid.is_in(list(bid)))
        if table in ("crm_contacts", "ecom_accounts", "loyalty_members", "loyalty_tiers"):
            # changed rows keep their id but differ from every base row
            assert len(reused.join(base, on=base.columns, how="semi", nulls_equal=True)) == 0, table
        else:
            assert len(reused) == 0, table
    assert 0 < inc_total < 0.06 * base_total
    params = json.loads((inc / "_truth" / "params.json").read_text())
    assert params["period_start"].startswith("2026-01-01")
    assert params["new_persons"] == round(FRACTION * PERSONS)
    crm = read(inc, "crm_contacts")
    updated = crm.filter(pl.col("contact_id").is_in(read(a, "crm_contacts")["contact_id"].to_list()))
    assert len(updated) > 0
    assert updated["updated_at"].str.contains("2026").all()
    # new persons of the increment are new ids, disjoint from the base persons
    pinc = truth(inc, "persons")
    base_ids = set(truth(a, "persons")["person_id"])
    new_p = pinc.filter(~pl.col("person_id").is_in(list(base_ids)))
    assert len(new_p) == params["new_persons"]


def test_tiny_population_with_increment(tmp_path: Path) -> None:
    out = _gen(tmp_path / "t", seed=3, inc=tmp_path / "ti", persons=5)
    for table in TABLES:
        assert (out / f"{table}.csv").exists() and (tmp_path / "ti" / f"{table}.csv").exists()
    assert len(truth(out, "persons")) == 5
