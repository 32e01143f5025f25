"""Tests of the identity-resolution evaluation (`c360 evaluate`) and of `c360 bench-splink`.

Metric functions are checked on tiny clusterings whose measures are computed by hand; the
record -> truth mapping on a small generated dataset with identity maps built here,
independently of c360.evaluate, from the raw files and _truth/records.csv.
"""

from __future__ import annotations

import builtins
import json
import math
from collections import Counter
from pathlib import Path

import duckdb
import polars as pl
import pytest

from c360 import metrics
from c360.cli import main
from c360.evaluate import evaluate_map, truth_map


def clustering(pred: dict[int, str], true: dict[int, str], src: dict[int, str] | None = None) -> pl.DataFrame:
    ids = sorted(pred)
    df = pl.DataFrame({
        "record": ids,
        "customer_id": [pred[i] for i in ids],
        "person_id": [true[i] for i in ids],
    })
    if src is not None:
        df = df.with_columns(pl.Series("source_system", [src[i] for i in ids]))
    return df


# --- metric functions on hand-made clusterings -------------------------------------------------

# truth A = {1, 2}, B = {3}, C = {4, 5}
TRUE = {1: "A", 2: "A", 3: "B", 4: "C", 5: "C"}


def test_perfect_clustering() -> None:
    df = clustering({1: "x", 2: "x", 3: "y", 4: "z", 5: "z"}, TRUE)
    pc = metrics.pair_counts(df)
    assert (pc.true_positive, pc.predicted, pc.true) == (2, 2, 2)
    assert (pc.precision, pc.recall, pc.f1) == (1.0, 1.0, 1.0)
    assert metrics.bcubed(df) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    cc = metrics.cluster_counts(df)
    assert cc["over_merged_clusters"] == 0 and cc["under_merged_entities"] == 0
    assert cc["exact_clusters"] == 3 and cc["predicted_clusters"] == cc["true_entities"] == 3


def test_over_merge() -> None:
    # predicted X = {1, 2, 3} (A and B merged), Y = {4, 5}
    df = clustering({1: "X", 2: "X", 3: "X", 4: "Y", 5: "Y"}, TRUE)
    pc = metrics.pair_counts(df)
    # predicted pairs 3 + 1, true pairs 1 + 1, TP (1,2) and (4,5)
    assert (pc.true_positive, pc.predicted, pc.true) == (2, 4, 2)
    assert pc.precision == 0.5 and pc.recall == 1.0
    assert pc.f1 == pytest.approx(2 / 3)
    b3 = metrics.bcubed(df)
    # per-record precision 2/3, 2/3, 1/3, 1, 1 -> 11/15; recall all 1
    assert b3["precision"] == pytest.approx(11 / 15)
    assert b3["recall"] == pytest.approx(1.0)
    assert b3["f1"] == pytest.approx(11 / 13)
    cc = metrics.cluster_counts(df)
    assert (cc["over_merged_clusters"], cc["under_merged_entities"], cc["exact_clusters"]) == (1, 0, 1)
    assert cc["largest_predicted_cluster"] == 3


def test_under_merge() -> None:
    # truth D = {1, 2, 3, 4}; predicted X = {1, 2}, Y = {3}, Z = {4}
    df = clustering({1: "X", 2: "X", 3: "Y", 4: "Z"}, {i: "D" for i in range(1, 5)})
    pc = metrics.pair_counts(df)
    assert (pc.true_positive, pc.predicted, pc.true) == (1, 1, 6)
    assert pc.precision == 1.0 and pc.recall == pytest.approx(1 / 6)
    assert pc.f1 == pytest.approx(2 / 7)
    b3 = metrics.bcubed(df)
    # per-record recall 2/4, 2/4, 1/4, 1/4 -> 0.375
    assert b3["precision"] == pytest.approx(1.0)
    assert b3["recall"] == pytest.approx(0.375)
    assert b3["f1"] == pytest.approx(2 * 0.375 / 1.375)
    cc = metrics.cluster_counts(df)
    assert (cc["over_merged_clusters"], cc["under_merged_entities"], cc["exact_clusters"]) == (0, 1, 0)


def test_singletons_and_one_cluster() -> None:
    single = clustering({i: str(i) for i in TRUE}, TRUE)
    pc = metrics.pair_counts(single)
    assert (pc.true_positive, pc.predicted, pc.precision, pc.recall, pc.f1) == (0, 0, 1.0, 0.0, 0.0)
    one = clustering({i: "all" for i in TRUE}, TRUE)
    pc = metrics.pair_counts(one)
    assert (pc.true_positive, pc.predicted) == (2, 10)
    assert pc.precision == pytest.approx(0.2) and pc.recall == 1.0


def test_breakdowns_by_source() -> None:
    # over-merge clustering with sources 1 crm, 2 ecom, 3 crm, 4 web, 5 crm
    src = {1: "crm", 2: "ecom", 3: "crm", 4: "web", 5: "crm"}
    df = clustering({1: "X", 2: "X", 3: "X", 4: "Y", 5: "Y"}, TRUE, src)
    inv = metrics.pairwise_involving(df, "source_system")
    # crm is in every pair; ecom: pairs (1,2), (2,3); web: pair (4,5)
    assert (inv["crm"].true_positive, inv["crm"].predicted, inv["crm"].true) == (2, 4, 2)
    assert (inv["ecom"].true_positive, inv["ecom"].predicted, inv["ecom"].true) == (1, 2, 1)
    assert (inv["web"].true_positive, inv["web"].predicted, inv["web"].true) == (1, 1, 1)
    pairs = metrics.pairwise_by_group_pair(df, "source_system")
    assert set(pairs) == {("crm", "crm"), ("crm", "ecom"), ("crm", "web")}
    assert (pairs["crm", "crm"].true_positive, pairs["crm", "crm"].predicted, pairs["crm", "crm"].true) == (0, 1, 0)
    assert (pairs["crm", "ecom"].true_positive, pairs["crm", "ecom"].predicted, pairs["crm", "ecom"].true) == (1, 2, 1)
    assert (pairs["crm", "web"].true_positive, pairs["crm", "web"].predicted, pairs["crm", "web"].true) == (1, 1, 1)
    b3 = metrics.bcubed_by(df, "source_system")
    assert b3["crm"]["precision"] == pytest.approx((2 / 3 + 1 / 3 + 1) / 3)
    assert b3["ecom"]["precision"] == pytest.approx(2 / 3)
    assert b3["web"]["precision"] == pytest.approx(1.0)
    assert {k: v["records"] for k, v in b3.items()} == {"crm": 3, "ecom": 1, "web": 1}
    full = metrics.evaluate_clustering(df, groups=("source_system",), group_pairs=("source_system",))
    assert full["by_source_system"]["ecom"]["pairwise_involving"]["precision"] == 0.5
    assert full["by_source_system_pair"]["crm|ecom"]["true_positive_pairs"] == 1


def test_contingency_equals_brute_force_over_pairs() -> None:
    """Random clustering of 80 records: every measure equals a count over all record pairs."""
    import itertools
    import random

    rnd = random.Random(11)
    n = 80
    true = {i: f"P{rnd.randrange(25)}" for i in range(n)}
    pred = {i: (true[i] if rnd.random() < 0.6 else f"C{rnd.randrange(30)}") for i in range(n)}
    src = {i: rnd.choice(["crm", "ecom", "web"]) for i in range(n)}
    df = clustering(pred, true, src)
    ev = metrics.evaluate_clustering(df, groups=("source_system",), group_pairs=("source_system",))
    tp = pp = tt = 0
    inv: dict[str, list[int]] = {s: [0, 0, 0] for s in ("crm", "ecom", "web")}
    mat: dict[str, list[int]] = {}
    for a, b in itertools.combinations(range(n), 2):
        same_p, same_t = pred[a] == pred[b], true[a] == true[b]
        cell = [int(same_p and same_t), int(same_p), int(same_t)]
        tp, pp, tt = tp + cell[0], pp + cell[1], tt + cell[2]
        for s in {src[a], src[b]}:
            inv[s] = [x + y for x, y in zip(inv[s], cell)]
        key = "|".join(sorted((src[a], src[b])))
        mat[key] = [x + y for x, y in zip(mat.get(key, [0, 0, 0]), cell)]
    pw = ev["pairwise"]
    assert (pw["true_positive_pairs"], pw["predicted_pairs"], pw["true_pairs"]) == (tp, pp, tt)
    for s, (a, b, c) in inv.items():
        got = ev["by_source_system"][s]["pairwise_involving"]
        assert (got["true_positive_pairs"], got["predicted_pairs"], got["true_pairs"]) == (a, b, c)
    got_mat = {k: [v["true_positive_pairs"], v["predicted_pairs"], v["true_pairs"]]
               for k, v in ev["by_source_system_pair"].items()}
    assert got_mat == {k: v for k, v in mat.items() if v[1] or v[2]}
    # B-cubed per record
    prec = [sum(pred[j] == pred[i] and true[j] == true[i] for j in range(n)) / sum(pred[j] == pred[i] for j in range(n))
            for i in range(n)]
    rec = [sum(pred[j] == pred[i] and true[j] == true[i] for j in range(n)) / sum(true[j] == true[i] for j in range(n))
           for i in range(n)]
    assert ev["bcubed"]["precision"] == pytest.approx(sum(prec) / n)
    assert ev["bcubed"]["recall"] == pytest.approx(sum(rec) / n)
    crm = [i for i in range(n) if src[i] == "crm"]
    assert ev["by_source_system"]["crm"]["bcubed"]["recall"] == pytest.approx(sum(rec[i] for i in crm) / len(crm))
    over = sum(len({true[i] for i in range(n) if pred[i] == c}) > 1 for c in set(pred.values()))
    under = sum(len({pred[i] for i in range(n) if true[i] == t}) > 1 for t in set(true.values()))
    assert (ev["over_merged_clusters"], ev["under_merged_entities"]) == (over, under)


def test_majority_person_and_ties() -> None:
    from c360.evaluate import _majority

    df = pl.DataFrame({"record_id": ["a", "a", "a", "b", "b", "c"], "person_id": ["p2", "p1", "p2", "p3", "p1", "p5"]})
    got = {r[0]: r[1:] for r in _majority(df, ["record_id"]).sort("record_id").iter_rows()}
    assert got["a"] == ("p2", 2, pytest.approx(2 / 3))
    assert got["b"] == ("p1", 2, 0.5)  # tie: the smallest person id
    assert got["c"] == ("p5", 1, 1.0)


def test_pair_counts_do_not_overflow() -> None:
    n = 3_000_000
    df = pl.DataFrame({"customer_id": pl.repeat("c", n, eager=True), "person_id": pl.repeat("p", n, eager=True)})
    assert metrics.pair_counts(df).true_positive == n * (n - 1) // 2


# --- record -> truth mapping on a generated dataset -------------------------------------------


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("eval") / "tmp"
    assert main(["generate", "--persons", "300", "--seed", "3", "--out", str(out), "--no-progress"]) == 0
    return out


def _raw(d: Path, table: str) -> pl.DataFrame:
    return pl.read_csv(d / f"{table}.csv", infer_schema=False)


def _digits(s: str | None) -> str:
    return "".join(ch for ch in (s or "") if ch.isdigit())


@pytest.fixture(scope="module")
def true_map(gen: Path) -> pl.DataFrame:
    """Identity records with their true person, built the plain way (dicts and Counters)."""
    rec = pl.read_csv(gen / "_truth" / "records.csv", infer_schema=False)
    person: dict[tuple[str, str], str] = {
        (t, r): p for t, r, p in rec.iter_rows() if r
    }
    rows: list[tuple[str, str, str]] = []
    for system, table, col in [("crm", "crm_contacts", "contact_id"), ("ecom", "ecom_accounts", "account_id"),
                               ("loyalty", "loyalty_members", "member_id"), ("support", "support_tickets", "ticket_id")]:
        for rid in sorted(set(_raw(gen, table)[col].drop_nulls())):
            rows.append((system, rid, person[table, rid]))
    pos = _raw(gen, "pos_transactions")
    guests = pos.filter(pl.col("loyalty_card_no").is_null()
                        & (pl.col("guest_email").is_not_null() | pl.col("guest_phone").is_not_null())
                        & pl.col("transaction_id").is_not_null())
    for rid in sorted(set(guests["transaction_id"])):
        rows.append(("pos", rid, person["pos_transactions", rid]))
    card_person = {
        _digits(card): person["loyalty_members", mid] for mid, card in _raw(gen, "loyalty_members").select("member_id", "card_no").iter_rows()
    }
    for card in sorted({_digits(c) for c in pos["loyalty_card_no"].drop_nulls()}):
        rows.append(("pos_card", card, card_person[card]))
    for system, table, key in [("email", "email_events", "subscriber_id"), ("web", "web_events", "anonymous_id")]:
        votes: dict[str, Counter[str]] = {}
        for eid, k in _raw(gen, table).select("event_id", key).iter_rows():
            if eid and k:
                votes.setdefault(k, Counter())[person[table, eid]] += 1
        for k, c in sorted(votes.items()):
            rows.append((system, k, c.most_common(1)[0][0]))
    return pl.DataFrame(rows, schema=["source_system", "record_id", "person_id"], orient="row").with_columns(
        (pl.col("source_system") + ":" + pl.col("record_id")).alias("record_key")
    )


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in s)


def _as_map(df: pl.DataFrame, customer: pl.Expr) -> pl.DataFrame:
    return df.select("record_key", "source_system", "record_id", customer.alias("customer_id"))


def test_truth_as_map_scores_perfectly(gen: Path, true_map: pl.DataFrame) -> None:
    assert set(true_map["source_system"]) == {"crm", "ecom", "loyalty", "support", "pos", "pos_card", "email", "web"}
    m = _as_map(true_map, "cust-" + pl.col("person_id"))
    # ids as another system might key them: full-width, padded, card numbers with spaces
    m = m.with_columns(
        pl.when(pl.int_range(pl.len()) % 7 == 0)
        .then(pl.when(pl.col("source_system") == "pos_card")
              .then(pl.col("record_id").str.replace(r"^(\d{4})(\d{4})", "$1 $2 "))
              .otherwise(pl.col("record_id").map_elements(_fullwidth, return_dtype=pl.String) + " "))
        .otherwise(pl.col("record_id"))
        .alias("record_id")
    )
    assert m.filter(pl.col("record_id").str.contains(" ")).height > 0
    ev = evaluate_map(m, gen / "_truth")
    assert ev["map"]["unmatched_rows"] == 0
    assert ev["records"] == true_map.height
    assert ev["pairwise"]["f1"] == 1.0 and ev["pairwise"]["true_pairs"] > 100
    assert ev["bcubed"]["f1"] == 1.0
    assert ev["clusters"]["over_merged_clusters"] == ev["clusters"]["under_merged_persons"] == 0
    assert ev["true_persons"] == true_map["person_id"].n_unique()
    assert {k: v["records"] for k, v in ev["by_source_system"].items()} == dict(
        true_map.group_by("source_system").len().iter_rows()
    )
    persona = pl.read_csv(gen / "_truth" / "persons.csv", infer_schema=False)
    assert set(ev["by_persona"]) == set(persona["persona"])
    assert sum(v["records"] for v in ev["by_persona"].values()) == true_map.height


def test_one_cluster_and_singletons(gen: Path, true_map: pl.DataFrame) -> None:
    n = true_map.height
    true_pairs = sum(k * (k - 1) // 2 for k in true_map.group_by("person_id").len()["len"])
    one = evaluate_map(_as_map(true_map, pl.lit("everyone")), gen / "_truth")
    assert one["pairwise"]["recall"] == 1.0
    assert one["pairwise"]["precision"] == pytest.approx(true_pairs / (n * (n - 1) // 2))
    assert one["pairwise"]["precision"] < 0.05
    assert one["clusters"]["over_merged_clusters"] == 1 and one["predicted_customers"] == 1
    single = evaluate_map(_as_map(true_map, pl.col("record_key")), gen / "_truth")
    assert single["pairwise"]["recall"] == 0.0 and single["bcubed"]["precision"] == 1.0
    assert single["clusters"]["under_merged_persons"] == true_map.group_by("person_id").len().filter(pl.col("len") > 1).height


def test_derived_records_use_their_own_person(gen: Path, true_map: pl.DataFrame) -> None:
    """Give two e-mail subscribers (and two web devices) of different persons each other's
    person: the evaluation must see exactly those mistakes."""
    m = _as_map(true_map, pl.col("person_id"))
    multi = true_map.group_by("person_id").len().filter(pl.col("len") >= 2)["person_id"]
    used: set[str] = set()
    for system in ("email", "web", "pos_card"):
        sub = (true_map.filter((pl.col("source_system") == system) & pl.col("person_id").is_in(multi.to_list())
                               & ~pl.col("person_id").is_in(list(used)))
               .unique("person_id", keep="first").sort("record_key"))
        a, b = sub.row(0, named=True), sub.row(1, named=True)
        used |= {a["person_id"], b["person_id"]}
        swap = {a["record_key"]: b["person_id"], b["record_key"]: a["person_id"]}
        m = m.with_columns(
            pl.col("record_key").replace_strict(swap, default=pl.col("customer_id"), return_dtype=pl.String)
            .alias("customer_id")
        )
    ev = evaluate_map(m, gen / "_truth")
    assert ev["map"]["unmatched_rows"] == 0
    assert ev["pairwise"]["f1"] < 1.0
    assert ev["clusters"]["over_merged_clusters"] == 6
    for system in ("email", "web", "pos_card"):
        assert ev["by_source_system"][system]["bcubed"]["precision"] < 1.0
    assert ev["by_source_system"]["crm"]["records"] == true_map.filter(pl.col("source_system") == "crm").height


def test_truth_map_majority_and_cards(gen: Path, true_map: pl.DataFrame) -> None:
    tm = truth_map(gen / "_truth")
    joined = true_map.join(tm, on=["source_system", "record_id"], how="left", suffix="_eval")
    assert joined["person_id_eval"].null_count() == 0
    assert (joined["person_id"] == joined["person_id_eval"]).all()


def test_cli_reports_unmatched_rows(gen: Path, true_map: pl.DataFrame, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    m = _as_map(true_map, pl.col("person_id"))
    bogus = pl.DataFrame({"record_key": ["crm:C99999999", "email:SUB99999999"], "source_system": ["crm", "email"],
                          "record_id": ["C99999999", "SUB99999999"], "customer_id": ["x", "y"]})
    dup = m.head(1).with_columns(pl.lit("someone-else").alias("customer_id"))
    m = pl.concat([m, bogus, dup])
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    con.register("m", m.to_arrow())
    con.execute("create table marts.customer_identity_map as select * from m")
    con.close()
    out = tmp_path / "eval.json"
    assert main(["evaluate", "--db", str(db), "--truth", str(gen / "_truth"), "--out", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(out.read_text(encoding="utf-8"))
    assert printed["map"]["unmatched_rows"] == 2
    assert printed["map"]["duplicate_record_keys"] == 1  # the first row of a key is scored
    assert printed["map"]["unmatched_by_source_system"] == {"crm": 1, "email": 1}
    assert set(printed["map"]["unmatched_examples"]) == {"crm:C99999999", "email:SUB99999999"}
    assert printed["records"] == true_map.height and printed["pairwise"]["f1"] == 1.0
    assert main(["evaluate", "--db", str(db), "--truth", str(gen / "_truth"), "--table", "marts.nope"]) == 2


# --- bench-splink -------------------------------------------------------------------------------


def test_bench_without_splink_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    real_import = builtins.__import__

    def no_splink(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "splink" or name.startswith("splink."):
            raise ImportError("No module named 'splink'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_splink)
    rc = main(["bench-splink", "--data", str(tmp_path), "--db", str(tmp_path / "none.duckdb")])
    assert rc == 3
    assert "pip install -r requirements-bench.txt" in capsys.readouterr().err


def test_splink_run_on_generated_records(gen: Path, true_map: pl.DataFrame) -> None:
    pytest.importorskip("splink")
    from c360.bench_splink import run_splink

    def key(c: str) -> pl.Expr:
        return pl.col(c).str.to_lowercase().str.replace_all(r"\s", "")

    person_like = []
    for system, table, rid in [("crm", "crm_contacts", "contact_id"), ("ecom", "ecom_accounts", "account_id"),
                               ("loyalty", "loyalty_members", "member_id")]:
        raw = _raw(gen, table).filter(pl.col(rid).is_not_null()).unique(rid)
        person_like.append(raw.select(
            pl.lit(system).alias("source_system"), pl.col(rid).alias("record_id"),
            key("first_name").alias("first_name_key"), key("last_name").alias("last_name_key"),
            pl.col("birth_date").str.to_date("%Y-%m-%d", strict=False).alias("birth_date"),
            key("email").alias("email"), pl.col("phone").str.replace_all(r"\D", "").alias("phone_e164"),
            key("postal_code").alias("postal_code"),
            (pl.col("card_no") if "card_no" in raw.columns else pl.lit(None, pl.String)).alias("loyalty_card_no"),
            (key("login_id") if "login_id" in raw.columns else pl.lit(None, pl.String)).alias("login_id"),
            (pl.col(rid) if system == "ecom" else pl.lit(None, pl.String)).alias("ecom_account_id"),
        ))
    recs = pl.concat(person_like).with_columns(
        (pl.col("source_system") + ":" + pl.col("record_id")).alias("unique_id"),
        pl.concat_str([pl.min_horizontal("first_name_key", "last_name_key"),
                       pl.max_horizontal("first_name_key", "last_name_key")]).alias("full_name_key"),
    ).with_columns(
        pl.col("full_name_key").alias("full_name_latin"), pl.col("first_name_key").alias("first_name_latin"),
        pl.col("last_name_key").alias("last_name_latin"), pl.col("phone_e164").alias("phone"),
        pl.col("email").str.split("@").list.first().alias("email_local_part"),
    )
    clusters, info = run_splink(recs, u_max_pairs=2e5)
    assert clusters.height == recs.height and clusters["record_key"].n_unique() == recs.height
    assert info["probabilistic_edges"] > 0 and info["deterministic_edges"] >= 0
    ev = evaluate_map(clusters, gen / "_truth")
    assert ev["map"]["unmatched_rows"] == 0
    assert ev["pairwise"]["f1"] > 0.5
    assert not math.isnan(ev["bcubed"]["f1"])
