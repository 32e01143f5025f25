"""Tests of `c360 diagnose` on a hand-made warehouse whose every count is worked out below.

Persons and records (P9 is erased: purged from the identity tables, listed as erased):

    P1  crm:C1 ecom:E1 loyalty:L1 support:S1     P5  crm:C5 support:S5 (S5 has no name)
    P2  crm:C2 ecom:E2                           P6  crm:C6 loyalty:L6
    P3  crm:C3                                   P7  crm:C7 ecom:E7 (never a candidate pair)
    P4  crm:C4 support:S4                        P9  crm:C9 ecom:E9 (erased)

Customers in the map: {C1 E1 L1}, {S1}, {C2 C3 C4 S4} (two false edges), the rest alone.
True pairs (without P9): 6 + 1 + 1 + 1 + 1 + 1 = 11; predicted pairs 3 + 6 = 9, of which 4 true.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl
import pytest

from c360 import diagnose
from c360.cli import main
from c360.diagnose import REASON_ORDER, connected_components, read_threshold

TABLES = {"crm": "crm_contacts", "ecom": "ecom_accounts", "loyalty": "loyalty_members", "support": "support_tickets"}
PERSONS = {
    "P1": ["crm:C1", "ecom:E1", "loyalty:L1", "support:S1"],
    "P2": ["crm:C2", "ecom:E2"],
    "P3": ["crm:C3"],
    "P4": ["crm:C4", "support:S4"],
    "P5": ["crm:C5", "support:S5"],
    "P6": ["crm:C6", "loyalty:L6"],
    "P7": ["crm:C7", "ecom:E7"],
    "P9": ["crm:C9", "ecom:E9"],
}
CUSTOMERS = {"K1": ["crm:C1", "ecom:E1", "loyalty:L1"], "K3": ["crm:C2", "crm:C3", "crm:C4", "support:S4"]}
ERASED = {"crm:C9": "K9", "ecom:E9": "K9"}

GAMMAS = ["gamma_first_name", "gamma_last_name", "gamma_full_name", "gamma_birth_date", "gamma_email",
          "gamma_phone", "gamma_postal_code", "gamma_phone_national", "gamma_loyalty_card", "gamma_login",
          "gamma_ecom_account"]
NAMED = {"gamma_first_name": 4, "gamma_full_name": 4}


def decision(l: str, r: str, rule: str | None = None, weight: float = 20.0, **kw: Any) -> dict[str, Any]:
    """One int_match_decisions row: not comparable, named, corroborated, not vetoed unless told."""
    row: dict[str, Any] = {
        "record_key_l": l, "record_key_r": r, "source_system_l": l.split(":")[0],
        "source_system_r": r.split(":")[0], "match_key": "test", "match_weight": weight, "match_rule": rule,
        "has_name_l": True, "has_name_r": True, "veto_birth_date": False, "veto_first_name": False,
        "veto_full_name": False, "veto_loyalty_card": False, "is_corroborated": True,
        "email_contested": False, "phone_contested": False, "is_accepted": rule is not None,
        # PII-like column that must never reach the output
        "first_name_key_l": "SECRETNAME",
        **{g: -1 for g in GAMMAS},
    }
    row.update(kw)
    vetoes = ("veto_birth_date", "veto_first_name", "veto_full_name", "veto_loyalty_card")
    row["is_vetoed"] = any(row[v] for v in vetoes)
    return row


DECISIONS = [
    decision("crm:C1", "ecom:E1", "same_email", gamma_email=2, **NAMED),
    decision("ecom:E1", "loyalty:L1", gamma_birth_date=0, veto_birth_date=True),          # lost, recovered
    decision("crm:C1", "loyalty:L1", "same_phone", gamma_phone=2, **NAMED),
    decision("crm:C1", "support:S1", weight=15.0, is_corroborated=False, **NAMED),       # fs_not_corroborated
    decision("crm:C2", "ecom:E2", gamma_email=2, email_contested=True),                  # names_do_not_fit
    decision("crm:C2", "crm:C3", "fellegi_sunter", **NAMED),                             # false
    decision("crm:C3", "crm:C4", "same_phone", gamma_phone=2, has_name_r=False),         # false, nameless
    decision("crm:C4", "support:S4", "same_ecom_account", gamma_ecom_account=1),
    decision("crm:C5", "support:S5", gamma_email=2, email_contested=True, has_name_r=False),  # nameless contested
    decision("crm:C6", "loyalty:L6", weight=8.0, gamma_first_name=3, gamma_postal_code=2),    # below threshold
    decision("crm:C1", "crm:C5", gamma_first_name=0, veto_first_name=True),              # false, rejected
    decision("support:S5", "crm:C6", gamma_phone=2, phone_contested=True, has_name_l=False),  # false, rejected
]

IDENTIFIERS = [
    ("crm:C1", "email", "e1"), ("ecom:E1", "email", "e1"), ("crm:C1", "phone", "ph1"), ("loyalty:L1", "phone", "ph1"),
    ("crm:C2", "email", "e2"), ("ecom:E2", "email", "e2"), ("crm:C3", "email", "e2"),  # C3: another person
    ("crm:C4", "ecom_account_id", "a4"), ("support:S4", "ecom_account_id", "a4"),
    ("crm:C5", "email", "e5"), ("support:S5", "email", "e5"),
    ("crm:C6", "postal_code", "100"), ("loyalty:L6", "postal_code", "100"),  # not an identifier here
    # C3 (P3) shares an email with C6 and a phone with L6: no path through another person
    ("crm:C3", "email", "b6"), ("crm:C6", "email", "b6"), ("crm:C3", "phone", "b7"), ("loyalty:L6", "phone", "b7"),
    ("crm:C7", "email", "e7"), ("ecom:E7", "email", "e7"),
]


def _map_rows(keys: list[str], customer: dict[str, str]) -> pl.DataFrame:
    return pl.DataFrame({
        "record_key": keys,
        "source_system": [k.split(":")[0] for k in keys],
        "record_id": [k.split(":")[1] for k in keys],
        "customer_id": [customer[k] for k in keys],
    })


@pytest.fixture()
def warehouse(tmp_path: Path) -> tuple[Path, Path]:
    truth = tmp_path / "data" / "_truth"
    truth.mkdir(parents=True)
    rows = [(TABLES[k.split(":")[0]], k.split(":")[1], p) for p, keys in PERSONS.items() for k in keys]
    pl.DataFrame(rows, schema=["source_table", "record_id", "person_id"], orient="row").write_csv(truth / "records.csv")

    customer = {k: k for keys in PERSONS.values() for k in keys}
    customer.update({k: c for c, keys in CUSTOMERS.items() for k in keys})
    live = [k for k in customer if k not in ERASED]
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    for schema in ("marts", "intermediate"):
        con.execute(f"create schema {schema}")
    frames = {
        "marts.customer_identity_map": _map_rows(live, customer),
        "intermediate.int_privacy__erased_records": _map_rows(list(ERASED), ERASED),
        "intermediate.int_match_decisions": pl.DataFrame(DECISIONS),
        "intermediate.int_candidate_pairs": pl.DataFrame(DECISIONS).select("record_key_l", "record_key_r", "match_key"),
        "intermediate.int_identifiers": pl.DataFrame(
            IDENTIFIERS, schema=["record_key", "identifier_type", "identifier_value"], orient="row"
        ).with_columns(pl.lit(2).alias("records_sharing_value")),
    }
    for name, df in frames.items():
        con.register("df", df.to_arrow())
        con.execute(f"create table {name} as select * from df")
        con.unregister("df")
    con.close()
    return db, truth


def _run(warehouse: tuple[Path, Path], capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    db, truth = warehouse
    assert main(["diagnose", "--db", str(db), "--truth", str(truth), "--project", str(db.parent / "none.yml"),
                 *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_ceilings(warehouse: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    d = _run(warehouse, capsys)
    assert (d["records"], d["true_persons"], d["true_pairs"]) == (15, 7, 11)
    assert d["erased"] == {"records": 2, "true_pairs_with_an_erased_record": 1}
    assert (d["candidate_pairs"], d["true_candidate_pairs"]) == (12, 8)
    a = d["achieved"]
    assert (a["true_positive_pairs"], a["predicted_pairs"], a["true_pairs"]) == (4, 9, 11)
    c = d["ceilings"]
    # blocking: P1 all connected (6), P2, P4, P5, P6 (1 each); P7 was never a candidate pair
    b = c["blocking_ceiling"]
    assert (b["edges"], b["reachable_pairs"], b["split_persons"]) == (8, 10, 1)
    assert b["recall"] == pytest.approx(10 / 11) and b["f1"] == pytest.approx(2 * (10 / 11) / (1 + 10 / 11))
    assert b["stranded_records_by_source_system"] in ({"crm": 1}, {"ecom": 1})
    # evidence: P1 {C1 E1 L1} (S1 holds nothing), P2, P4, P5, P7; P6 shares only a postal code
    # with itself; C3 holds identifiers of P2 and P6 but is another person
    e = c["evidence_ceiling"]
    assert (e["reachable_pairs"], e["split_persons"]) == (7, 2)
    assert e["recall"] == pytest.approx(7 / 11)
    assert sum(e["stranded_records_by_source_system"].values()) == 2
    assert e["stranded_records_by_source_system"].get("support") == 1
    assert c["blocking_or_evidence_ceiling"]["reachable_pairs"] == 11
    assert c["blocking_or_evidence_ceiling"]["split_persons"] == 0
    assert c["shared_value_ceiling"]["reachable_pairs"] == 11
    # accepted true edges: C1-E1, C1-L1, C4-S4
    t = c["accepted_true_edges"]
    assert (t["edges"], t["reachable_pairs"], t["split_persons"]) == (3, 4, 5)


def test_shared_value_ceiling(warehouse: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    # P8: two records never proposed as a pair that share only a name key (not an evidence type);
    # P10: two records that share nothing equal; P11: e-mails one edit apart (same domain), and a
    # third record of P11 whose e-mail has another domain
    db, truth = warehouse
    with (truth / "records.csv").open("a") as f:
        f.write("crm_contacts,C8,P8\necom_accounts,E8,P8\ncrm_contacts,C10,P10\necom_accounts,E10,P10\n"
                "crm_contacts,C11,P11\necom_accounts,E11,P11\nsupport_tickets,S11,P11\n")
    con = duckdb.connect(str(db))
    for key in ("crm:C8", "ecom:E8", "crm:C10", "ecom:E10", "crm:C11", "ecom:E11", "support:S11"):
        system, rid = key.split(":")
        con.execute("insert into marts.customer_identity_map values (?, ?, ?, ?)", [key, system, rid, key])
    con.execute("insert into intermediate.int_identifiers values "
                "('crm:C8', 'name_key', 'n8', 2), ('ecom:E8', 'name_key', 'n8', 2), "
                "('crm:C10', 'name_key', 'n10', 1), ('ecom:E10', 'postal_code', 'p10', 1), "
                "('crm:C11', 'email', 'hanako.sato@example.jp', 1), ('ecom:E11', 'email', 'hanako.satou@example.jp', 1), "
                "('support:S11', 'email', 'hanako.sato@example.com', 1)")
    con.close()
    c = _run(warehouse, capsys)["ceilings"]
    assert c["blocking_or_evidence_ceiling"]["reachable_pairs"] == 11
    s = c["shared_value_ceiling"]
    assert (s["reachable_pairs"], s["true_pairs"], s["split_persons"]) == (12, 16, 2)
    t = c["shared_value_or_email_typo_ceiling"]
    assert (t["reachable_pairs"], t["true_pairs"], t["split_persons"]) == (13, 16, 2)


def test_lost_pairs_by_reason(warehouse: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    d = _run(warehouse, capsys)
    lost = d["lost_true_pairs"]
    assert (lost["candidate_pairs"], lost["recovered_transitively"], lost["really_lost"]) == (5, 1, 4)
    assert lost["reason_order"] == REASON_ORDER
    got = {k: (v["pairs"], v["recovered_transitively"], v["really_lost"], v["false_candidate_pairs"])
           for k, v in lost["by_reason"].items() if v["pairs"] or v["false_candidate_pairs"]}
    assert got == {
        "vetoed_birth_date": (1, 1, 0, 0),
        "vetoed_first_name": (0, 0, 0, 1),
        "nameless_contested_identifier": (1, 0, 1, 1),
        "names_do_not_fit_identifier": (1, 0, 1, 0),
        "fs_not_corroborated": (1, 0, 1, 0),
        "fs_weight_below_threshold": (1, 0, 1, 0),
    }
    by = lost["by_reason"]
    assert by["vetoed_birth_date"]["recall_gain_if_accepted"] == 0.0  # E1 and L1 already joined
    assert by["fs_not_corroborated"]["recall_gain_if_accepted"] == pytest.approx(3 / 11)  # S1 joins 3 records
    assert by["names_do_not_fit_identifier"]["recall_gain_if_accepted"] == pytest.approx(1 / 11)
    assert "recall_gain_if_accepted" not in by["other"]
    assert lost["top_reasons"] == ["fs_not_corroborated", "fs_weight_below_threshold",
                                   "nameless_contested_identifier", "names_do_not_fit_identifier",
                                   "vetoed_birth_date"]
    src = {k: (v["pairs"], v["recovered_transitively"], v["really_lost"]) for k, v in
           lost["by_source_system_pair"].items()}
    assert src == {"crm|support": (2, 0, 2), "crm|ecom": (1, 0, 1), "crm|loyalty": (1, 0, 1), "ecom|loyalty": (1, 1, 0)}
    assert list(src)[0] == "crm|support"
    assert lost["by_source_system_pair"]["crm|support"]["top_reasons_really_lost"] == {
        "fs_not_corroborated": 1, "nameless_contested_identifier": 1}
    assert d["warnings"] == []


def test_false_positives(warehouse: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    fp = _run(warehouse, capsys)["false_positives"]
    # {C2 C3 C4 S4}: 6 pairs, 1 true (C4-S4), 2 direct false edges, 3 false pairs only transitive
    assert (fp["false_positive_pairs"], fp["accepted_false_edges"], fp["transitive_only_pairs"]) == (5, 2, 3)
    assert fp["accepted_edges_rebuild_map"] is True
    assert fp["by_match_rule"] == {
        # without C2-C3: {C2}, {C3 C4 S4} -> 2 false pairs left
        "fellegi_sunter": {"false_edges": 1, "false_edges_with_a_nameless_record": 0,
                           "false_positive_pairs_removed_if_rejected": 3, "true_positive_pairs_lost_if_rejected": 0},
        # without C3-C4: {C2 C3}, {C4 S4} -> 1 false pair left
        "same_phone": {"false_edges": 1, "false_edges_with_a_nameless_record": 1,
                       "false_positive_pairs_removed_if_rejected": 4, "true_positive_pairs_lost_if_rejected": 0},
    }
    assert fp["by_source_system_pair"] == {"crm|crm": 2}


def test_rule_ablation(warehouse: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    ab = _run(warehouse, capsys)["rule_ablation"]
    got = {k: (v["edges"], round(v["precision"], 4), round(v["recall"], 4)) for k, v in ab.items()}
    assert got == {
        # {C1 E1 L1}: 3 true pairs; {C2 C3 C4 S4}: 6 pairs, 1 true (of 11 true pairs)
        "as_accepted": (5, round(4 / 9, 4), round(4 / 11, 4)),
        # {C2}, {C3 C4 S4}: 3 pairs, 1 true
        "without_fellegi_sunter": (4, round(4 / 6, 4), round(4 / 11, 4)),
        # {C2 C3 C4} all false, S4 alone
        "without_same_ecom_account": (4, 0.5, round(3 / 11, 4)),
        # {C1 L1}, E1 alone
        "without_same_email": (4, round(2 / 7, 4), round(2 / 11, 4)),
        # both phone edges: {C1 E1}, {C2 C3}, {C4 S4}
        "without_same_phone": (3, round(2 / 3, 4), round(2 / 11, 4)),
        # C3-C4 (C4 has no name here): {C2 C3}, {C4 S4}
        "without_nameless_email_phone_links": (4, 0.8, round(4 / 11, 4)),
    }
    assert ab["as_accepted"]["f1"] == pytest.approx(2 * (4 / 9) * (4 / 11) / (4 / 9 + 4 / 11))


def test_examples_hold_keys_and_levels_only(warehouse: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    d = _run(warehouse, capsys, "--examples", "1")
    text = json.dumps(d)
    assert "SECRETNAME" not in text  # no names
    assert '"e1"' not in text and '"ph1"' not in text and '"a4"' not in text  # no identifier values
    ex = d["examples"]
    assert set(ex["lost_by_reason"]) == {"vetoed_birth_date", "nameless_contested_identifier",
                                         "names_do_not_fit_identifier", "fs_not_corroborated",
                                         "fs_weight_below_threshold"}
    (row,) = ex["lost_by_reason"]["fs_not_corroborated"]
    assert (row["record_key_l"], row["record_key_r"], row["match_weight"], row["same_customer"]) == (
        "crm:C1", "support:S1", 15.0, False)
    assert row["gamma_first_name"] == 4 and row["gamma_email"] == -1
    assert not any(k.endswith("_key_l") and k != "record_key_l" for k in row)
    assert [r["record_key_r"] for r in ex["false_by_match_rule"]["same_phone"]] == ["crm:C4"]
    assert all(len(v) <= 1 for v in ex["lost_by_reason"].values())


def test_threshold_from_option_and_project(warehouse: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    # at 7 the C6-L6 pair (weight 8) passes the score rule: no reason explains it any more
    d = _run(warehouse, capsys, "--threshold", "7")
    assert d["match_weight_threshold"] == {"value": 7.0, "source": "--threshold"}
    assert d["lost_true_pairs"]["by_reason"]["other"]["pairs"] == 1
    assert d["lost_true_pairs"]["by_reason"]["fs_weight_below_threshold"]["pairs"] == 0
    assert any("fit no reason" in w for w in d["warnings"])
    # at 25 the accepted fellegi_sunter pair (weight 20) is below it
    d = _run(warehouse, capsys, "--threshold", "25")
    assert any("below the threshold" in w for w in d["warnings"])
    project = warehouse[0].parent / "dbt_project.yml"
    project.write_text("name: x\nvars:\n  c360_data_dir: \"{{ env_var('X', 'y') }}\"\n  match_weight_threshold: 7\n",
                       encoding="utf-8")
    assert read_threshold(project, None) == {"value": 7.0, "source": str(project)}
    assert read_threshold(project, 12) == {"value": 12.0, "source": "--threshold"}
    assert read_threshold(project.parent / "missing.yml", None) == {"value": 10.0, "source": "default"}


def test_cli_writes_out_and_refuses_missing_tables(warehouse: tuple[Path, Path], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db, truth = warehouse
    out = tmp_path / "sub" / "diag.json"
    assert main(["diagnose", "--db", str(db), "--truth", str(truth), "--out", str(out)]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(out.read_text(encoding="utf-8"))
    bare = tmp_path / "bare.duckdb"
    con = duckdb.connect(str(bare))
    con.execute("create schema marts")
    con.execute("create table marts.customer_identity_map as select 'crm:C1' as record_key, 'crm' as source_system,"
                " 'C1' as record_id, 'K1' as customer_id")
    con.close()
    assert main(["diagnose", "--db", str(bare), "--truth", str(truth)]) == 2
    assert main(["diagnose", "--db", str(tmp_path / "nope.duckdb"), "--truth", str(truth)]) == 2


def _union_find(n: int, left: np.ndarray, right: np.ndarray) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(left.tolist(), right.tolist()):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(x) for x in range(n)]


@pytest.mark.parametrize("seed", range(12))
def test_connected_components_match_union_find(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    e = int(rng.integers(0, 500))
    left, right = rng.integers(0, n, e), rng.integers(0, n, e)
    assert connected_components(n, left, right).tolist() == _union_find(n, left, right)


def test_connected_components_long_chain() -> None:
    n = 200_000
    order = np.random.default_rng(0).permutation(n)
    labels = connected_components(n, order[:-1], order[1:])
    assert (labels == 0).all()
    assert connected_components(3, np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == [0, 1, 2]


def test_classify_follows_the_score_rule_order() -> None:
    """Each condition of the score rule, in the SQL's order, names the pair it rejects."""
    rows = [
        decision("a:1", "b:1", weight=15.0, is_corroborated=False, **NAMED),
        decision("a:2", "b:2", weight=15.0, gamma_first_name=1, gamma_full_name=4),
        decision("a:3", "b:3", weight=15.0, gamma_email=2, email_contested=True, has_name_r=False, has_name_l=False),
        decision("a:4", "b:4", weight=15.0, gamma_postal_code=2),  # named, names not comparable
        decision("a:5", "b:5", weight=8.0, gamma_first_name=4, gamma_last_name=4),
    ]
    got = diagnose.classify(pl.DataFrame(rows), 10.0)["reason"].to_list()
    assert got == ["fs_not_corroborated", "fs_first_name_level_1", "nameless_contested_identifier",
                   "fs_no_name_agreement", "fs_weight_below_threshold"]
