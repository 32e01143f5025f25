"""c360 bench: the pure parts (run_results aggregation, dbt log progress, id stability, report)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from c360 import bench

FAKE_RUN_RESULTS = {
    "elapsed_time": 30.0,
    "results": [
        {"unique_id": "operation.c360.c360-on-run-start-0", "status": "success", "execution_time": 0.5},
        {"unique_id": "seed.c360.country_codes", "status": "success", "execution_time": 1.0},
        {"unique_id": "model.c360.stg_crm__contacts", "status": "success", "execution_time": 2.0},
        {"unique_id": "model.c360.stg_pos__transactions", "status": "success", "execution_time": 3.0},
        {"unique_id": "model.c360.int_candidate_pairs", "status": "success", "execution_time": 9.0},
        {"unique_id": "model.c360.int_customer__orders", "status": "success", "execution_time": 1.5},
        {"unique_id": "model.c360.customer_identity_map", "status": "success", "execution_time": 4.0},
        {"unique_id": "model.c360.customer_360", "status": "success", "execution_time": 5.0},
        {"unique_id": "model.c360.audience_sms_marketing", "status": "success", "execution_time": 0.25},
        {"unique_id": "model.c360.customer_ltv", "status": "success", "execution_time": 6.0},
        {"unique_id": "test.c360.not_null_customer_360_customer_id.abc", "status": "pass", "execution_time": 0.5},
        {"unique_id": "test.c360.unique_customer_360_customer_id.def", "status": "fail", "execution_time": 0.75},
    ],
}
PATHS = {
    "model.c360.stg_crm__contacts": "models/staging/crm/stg_crm__contacts.sql",
    "model.c360.stg_pos__transactions": "models/staging/pos/stg_pos__transactions.sql",
    "model.c360.int_candidate_pairs": "models/intermediate/identity/int_candidate_pairs.sql",
    "model.c360.int_customer__orders": "models/intermediate/customer/int_customer__orders.sql",
    "model.c360.customer_identity_map": "models/marts/identity/customer_identity_map.sql",
    "model.c360.customer_360": "models/marts/core/customer_360.sql",
    "model.c360.audience_sms_marketing": "models/marts/consent/audience_sms_marketing.sql",
    "model.c360.customer_ltv": "models/marts/ltv/customer_ltv.sql",
}


def test_node_paths_from_manifest() -> None:
    manifest = {"nodes": {k: {"original_file_path": v} for k, v in PATHS.items()}, "sources": {}}
    assert bench.node_paths(manifest) == PATHS


def test_layer_of() -> None:
    assert bench.layer_of("test.c360.x.1") == "tests"
    assert bench.layer_of("seed.c360.x") == "seeds"
    assert bench.layer_of("operation.c360.c360-on-run-start-0") == "hooks"
    assert bench.layer_of("model.c360.a", "models/intermediate/identity/a.sql") == "intermediate/identity"
    assert bench.layer_of("model.c360.a", "models/intermediate/ltv/a.sql") == "intermediate/other"
    assert bench.layer_of("model.c360.a", "models/marts/privacy/a.sql") == "marts/core+consent+privacy"
    assert bench.layer_of("model.c360.a", "models/marts/ltv/a.sql") == "marts/ltv"
    # no manifest: by name prefix
    assert bench.layer_of("model.c360.stg_x") == "staging"
    assert bench.layer_of("model.c360.int_x") == "intermediate/other"


def test_aggregate_run_results() -> None:
    agg = bench.aggregate_run_results(FAKE_RUN_RESULTS, PATHS, slowest=3)
    layers = agg["layers"]
    assert list(layers) == [
        "hooks", "seeds", "staging", "intermediate/identity", "intermediate/other", "marts/identity",
        "marts/core+consent+privacy", "marts/ltv", "tests",
    ]
    assert layers["staging"] == {"seconds": 5.0, "nodes": 2}
    assert layers["marts/core+consent+privacy"] == {"seconds": 5.25, "nodes": 2}
    assert layers["tests"] == {"seconds": 1.25, "nodes": 2}
    assert sum(v["seconds"] for v in layers.values()) == pytest.approx(
        sum(r["execution_time"] for r in FAKE_RUN_RESULTS["results"]))
    assert [m["model"] for m in agg["slowest_models"]] == ["int_candidate_pairs", "customer_ltv", "customer_360"]
    assert agg["statuses"] == {"fail": 1, "pass": 1, "success": 10}
    assert agg["models"] == 8 and agg["nodes"] == 12 and agg["elapsed_time"] == 30.0


def test_aggregate_reads_a_run_results_file(tmp_path: Path) -> None:
    f = tmp_path / "run_results.json"
    f.write_text(json.dumps(FAKE_RUN_RESULTS), encoding="utf-8")
    agg = bench.aggregate_run_results(json.loads(f.read_text(encoding="utf-8")))
    # without paths the name prefix decides: customer_* models are "other models"
    assert agg["layers"]["staging"]["seconds"] == 5.0
    assert agg["layers"]["other models"]["nodes"] == 4


DBT_LOG = """\
\x1b[0m19:27:50  1 of 3 START sql table model staging.stg_crm__contacts ............... [RUN]
\x1b[0m19:27:51  1 of 3 OK created sql table model staging.stg_crm__contacts .......... [\x1b[32mOK\x1b[0m in 1.23s]
\x1b[0m19:27:51  2 of 3 START sql incremental model intermediate.int_customer_id_assignments  [RUN]
\x1b[0m19:27:53  2 of 3 OK created sql incremental model intermediate.int_customer_id_assignments  [\x1b[32mOK\x1b[0m in 2.50s]
\x1b[0m19:27:53  3 of 3 START sql table model intermediate.int_candidate_pairs ........ [RUN]
"""


def test_progress_from_log() -> None:
    pr = bench.progress_from_log(DBT_LOG)
    assert pr["nodes_total"] == 3
    assert pr["models_completed"] == [
        {"model": "staging.stg_crm__contacts", "seconds": 1.23},
        {"model": "intermediate.int_customer_id_assignments", "seconds": 2.5},
    ]
    assert pr["running_when_stopped"] == ["intermediate.int_candidate_pairs"]
    assert pr["nodes_finished"] == 2


def test_combine_dirs(tmp_path: Path) -> None:
    base, inc, out = tmp_path / "b", tmp_path / "i", tmp_path / "o"
    base.mkdir()
    inc.mkdir()
    (base / "a.csv").write_text("id,x\n1,a\n2,b", encoding="utf-8")  # no final newline
    (inc / "a.csv").write_text("id,x\n2,c\n", encoding="utf-8")
    (base / "b.csv").write_text("id\n1\n", encoding="utf-8")
    bench.combine_dirs(base, inc, out)
    assert (out / "a.csv").read_text(encoding="utf-8") == "id,x\n1,a\n2,b\n2,c\n"
    assert (out / "b.csv").read_text(encoding="utf-8") == "id\n1\n"
    (inc / "b.csv").write_text("other\n1\n", encoding="utf-8")
    with pytest.raises(ValueError):
        bench.combine_dirs(base, inc, tmp_path / "o2")


def test_id_stability() -> None:
    cols = ["record_key", "source_system", "record_id", "customer_id"]
    before = pl.DataFrame(
        [
            ("crm:1", "crm", "1", "A"), ("ecom:1", "ecom", "1", "A"),  # unchanged, keeps A
            ("crm:2", "crm", "2", "B"),  # touched by the increment
            ("crm:3", "crm", "3", "C"), ("web:x", "web", "x", "C"),  # unchanged, split
            ("pos_card:9", "pos_card", "6123 4", "D"),  # unchanged, renamed
            ("crm:5", "crm", "5", "G"), ("crm:6", "crm", "6", "H"),  # unchanged, merged: G's id wins
            ("crm:7", "crm", "7", "I"), ("crm:8", "crm", "8", "I"),  # unchanged, crm:8 erased
            ("crm:10", "crm", "10", "J"), ("crm:11", "crm", "11", "K"),  # unchanged, merged by a new record
        ],
        schema=cols, orient="row",
    )
    after = pl.DataFrame(
        [
            ("crm:1", "crm", "1", "A"), ("ecom:1", "ecom", "1", "A"), ("crm:new", "crm", "new", "A"),
            ("crm:2", "crm", "2", "B"),
            ("crm:3", "crm", "3", "C"), ("web:x", "web", "x", "E"),
            ("pos_card:9", "pos_card", "6123 4", "F"),
            ("crm:5", "crm", "5", "G"), ("crm:6", "crm", "6", "G"),
            ("crm:7", "crm", "7", "I"),
            ("crm:10", "crm", "10", "J"), ("crm:11", "crm", "11", "J"), ("crm:12", "crm", "12", "J"),
        ],
        schema=cols, orient="row",
    )
    st = bench.id_stability(before, after, {"crm": {"2"}, "pos_card": set()})
    assert st["customers_before"] == 9 and st["customers_after"] == 8
    assert st["customers_unchanged"] == 8 and st["customers_unchanged_kept_id"] == 3
    assert st["customers_unchanged_split"] == 2
    assert st["customers_touched"] == 1 and st["customers_touched_kept_id"] == 1
    assert st["records_unchanged"] == 11 and st["records_unchanged_kept_id"] == 6
    # the five that lost their id, by cause: C split, H merged into G and K into J, I lost a
    # record, D none
    assert (st["customers_unchanged_lost_id_split"], st["customers_unchanged_lost_id_merged"],
            st["customers_unchanged_lost_id_record_gone"], st["customers_unchanged_lost_id_unexplained"]) == (1, 2, 1, 1)
    # K joined J through crm:12, a record the increment brought; H joined G by old records only
    assert st["customers_unchanged_lost_id_merged_via_increment"] == 1
    assert st["customers_unchanged_lost_id_merged_old_records_only"] == 1
    # a touched card is found through its digits
    st2 = bench.id_stability(before, after, {"pos_card": {"61234"}})
    assert st2["customers_unchanged"] == 8 and st2["customers_touched"] == 1
    # a merge through a re-exported (touched) record counts as through the increment
    st3 = bench.id_stability(before, after, {"crm": {"5"}})
    assert st3["customers_unchanged_lost_id_merged_via_increment"] == 2
    assert st3["customers_unchanged_lost_id_merged_old_records_only"] == 0


def _result(persons: int, killed: bool = False) -> dict:
    rr = bench.aggregate_run_results(FAKE_RUN_RESULTS, PATHS)
    build = {"seconds": 12.5, "peak_mb": 480.0, "returncode": 0, "killed": killed}
    if killed:
        build["progress"] = bench.progress_from_log(DBT_LOG)
    else:
        build["run_results"] = rr
    return {
        "persons": persons, "seed": 42, "started": "s", "finished": "f", "load_start": "3.10, 2.00, 1.00",
        "load_end_build": "2.0, 2.0, 2.0", "load_end": "4.20, 3.00, 2.00", "input_mb": 10.0,
        "warehouse_mb": None if killed else 55.5, "build": build,
        "rows": None if killed else {"marts.customer_identity_map": 1234, "marts.customer_360": 1000},
        "quality": None if killed else {
            "pairwise": {"precision": 0.99, "recall": 0.95, "f1": 0.9696},
            "bcubed": {"precision": 0.995, "recall": 0.97, "f1": 0.982},
            "records": 1234, "predicted_customers": 1000, "true_persons": 990,
        },
    }


def test_render_report() -> None:
    machine = {"nproc": 2, "ram_gb": 23.4, "python": "3.11", "platform": "Linux", "versions": {"dbt-core": "1.11"},
               "threads": "2", "git": "abc123"}
    text = bench.render_report({"20000": _result(20000), "1000000": _result(1000000, killed=True)}, machine, "note")
    assert "| 20,000 | ok | 12 | 480 | 56 | 0.9900 | 0.9500 | 0.9696 | 0.9820 | 1,234 | 1,000 | – | 3.10 → 4.20 |" in text
    assert "| 1,000,000 | killed |" in text
    assert "| intermediate/identity | 1 | 9.0 |" in text
    assert "| `int_candidate_pairs` | intermediate/identity | 9.0 |" in text
    assert "running when stopped: `intermediate.int_candidate_pairs`" in text
    assert "**Incremental runs**" in text
    assert "machine is shared" in text
    assert text.index("20,000 persons") < text.index("1,000,000 persons")


def test_render_incremental_run() -> None:
    r = _result(20000)
    r["stability"] = {
        "increment_rows": 500, "rerun": {"seconds": 2.5, "peak_mb": 300.0, "returncode": 0,
                                         "run_results": r["build"]["run_results"]},
        "quality": {"pairwise": {"precision": 0.99, "recall": 0.95, "f1": 0.9700}},
        "rebuild": {"seconds": 13.0, "peak_mb": 470.0, "returncode": 0},
        "rebuild_quality": {"pairwise": {"f1": 0.9695}},
        "equal_to_rebuild": True, "customers_unchanged": 1000, "customers_unchanged_kept_id": 999,
        "share_unchanged_customers_kept_id": 0.999,
    }
    text = bench.render_report({"20000": r}, {"nproc": 2}, "note")
    assert "| 1,234 | 1,000 | 2 (20%) |" in text
    assert "| **incremental / full build time** | **20.0%** |" in text
    assert "| pairwise F1 of the fresh full build / difference | 0.9695 / +0.000500 |" in text
    assert "| every table equal to the fresh build (`c360 compare-builds`) | True |" in text
    assert "| intermediate/identity | 9.0 | 9.0 |" in text


def test_render_targets() -> None:
    small, big = _result(100000), _result(1000000)
    big["build"].update(seconds=900.0, peak_mb=5000.0)
    small["build"]["seconds"] = 60.0
    small["stability"] = {
        "rerun": {"seconds": 30.0, "returncode": 0}, "share_unchanged_customers_kept_id": 0.9995,
        "quality": {"pairwise": {"f1": 0.9100}}, "rebuild_quality": {"pairwise": {"f1": 0.9085}},
    }
    text = "\n".join(bench.render_targets({"100000": small, "1000000": big}))
    assert "| full build ≤ 600 s | 1,000,000 | 900 s | **missed** (1.5× the target) |" in text
    assert "| peak memory ≤ 6 GiB (6,144 MB) | 1,000,000 | 5,000 MB | met |" in text
    assert "| 100,000 | 50.0% | **missed** (5.0× the target) |" in text
    assert "| 100,000 | 99.950% | met |" in text
    # F1 differs by 0.0015 > 0.001
    assert "| 100,000 | 0.9100 vs 0.9085 | **missed** |" in text
    # 60 s -> 900 s for 10x the persons: k = log(15) / log(10) = 1.18
    assert "k = 1.18 (60 → 900 s) | **missed** (grows faster than linear) |" in text
    # a growth figure over two commits says so
    small["code"], big["code"] = "aaaa111", "bbbb222"
    text = "\n".join(bench.render_targets({"100000": small, "1000000": big}))
    assert "| **missed** (grows faster than linear); measured on different code (aaaa111 vs bbbb222) |" in text


def test_combine_dirs_combines_truth(tmp_path: Path) -> None:
    base, inc, out = tmp_path / "base", tmp_path / "inc", tmp_path / "out"
    for d, rows, persons in ((base, "crm_contacts,C1,P1\ncrm_contacts,C2,P2\n", "P1,western,false\nP2,japanese,false\n"),
                             (inc, "crm_contacts,C3,P3\n", "P2,japanese,true\nP3,western,false\n")):
        (d / "_truth").mkdir(parents=True)
        (d / "crm_contacts.csv").write_text("contact_id\n" + "".join(
            line.split(",")[1] + "\n" for line in rows.splitlines()), encoding="utf-8")
        (d / "_truth" / "records.csv").write_text("source_table,record_id,person_id\n" + rows, encoding="utf-8")
        (d / "_truth" / "persons.csv").write_text("person_id,persona,is_erased\n" + persons, encoding="utf-8")
    bench.combine_dirs(base, inc, out)
    assert (out / "crm_contacts.csv").read_text(encoding="utf-8") == "contact_id\nC1\nC2\nC3\n"
    records = (out / "_truth" / "records.csv").read_text(encoding="utf-8").splitlines()
    assert [r.split(",")[1] for r in records[1:]] == ["C1", "C2", "C3"]
    persons = (out / "_truth" / "persons.csv").read_text(encoding="utf-8").splitlines()
    assert persons[1:] == ["P1,western,false", "P2,japanese,true", "P3,western,false"]


def test_write_report_keeps_earlier_sizes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "make_plot", lambda results, path: False)
    report = tmp_path / "benchmark.md"
    machine = {"nproc": 2, "ram_gb": 8}
    bench.write_report(report, [_result(20000)], machine)
    bench.write_report(report, [_result(100000)], machine)
    text = report.read_text(encoding="utf-8")
    assert "| 20,000 | ok |" in text and "| 100,000 | ok |" in text
    assert "matplotlib is not installed" in text
    assert set(bench.read_report_data(report)["results"]) == {"20000", "100000"}


def test_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "plot.png"
    assert bench.make_plot({"20000": _result(20000), "1000000": _result(1000000, killed=True)}, out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_calibrate_runs_the_fixed_workload(tmp_path: Path) -> None:
    cal = bench.calibrate(tmp_path / "work", rows=20_000, memory_limit="256MB")
    # every row is in the sort and joins exactly itself (md5 of distinct integers differ)
    assert cal["check"][1:] == [20_000, 20_000]
    assert 0 < cal["check"][0] <= 20_000
    assert cal["seconds"] > 0 and cal["rows"] == 20_000
    assert not (tmp_path / "work" / "calibration.tmp").exists()
