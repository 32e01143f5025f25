"""c360 compare-builds: equal up to customer-id labels, run times and double rounding; any other
difference is reported."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from c360.compare_builds import compare

ID1, ID2, ID7, ID8 = (f"cus_{i:016x}" for i in (1, 2, 7, 8))


def _warehouse(path: Path, ids: dict[str, str], ltv: float = 12.5, city: str = "Osaka",
               fitted_at: str = "2026-01-01") -> Path:
    con = duckdb.connect(str(path))
    for schema in ("staging", "intermediate", "marts"):
        con.execute(f"create schema {schema}")
    con.execute("create table marts.customer_identity_map (record_key varchar, customer_id varchar)")
    con.execute("create table intermediate.int_privacy__erased_records (record_key varchar, customer_id varchar)")
    con.executemany("insert into marts.customer_identity_map values (?, ?)",
                    [(k, v) for k, v in ids.items() if k != "crm:9"])
    con.execute("insert into intermediate.int_privacy__erased_records values ('crm:9', ?)", [ids["crm:9"]])
    con.execute("create table marts.customer_360 (customer_id varchar, city varchar, ltv double, fitted_at varchar)")
    con.execute("insert into marts.customer_360 values (?, ?, ?, ?), (?, 'Tokyo', 3.0, ?)",
                [ids["crm:1"], city, ltv, fitted_at, ids["crm:9"], fitted_at])
    con.execute("create table intermediate.purchase_days (purchase_day_key varchar, n integer)")
    con.execute("insert into intermediate.purchase_days values (? || '|2024-06-07', 1), ('other', 2)", [ids["crm:1"]])
    con.close()
    return path


def test_relabelled_customer_ids_and_run_times_are_equal(tmp_path: Path) -> None:
    a = _warehouse(tmp_path / "a.duckdb", {"crm:1": ID1, "ecom:1": ID1, "crm:9": ID2})
    b = _warehouse(tmp_path / "b.duckdb", {"crm:1": ID7, "ecom:1": ID7, "crm:9": ID8},
                   ltv=12.5 * (1 + 1e-13), fitted_at="2026-02-02")
    report = compare(a, b)
    assert report["equal"], report
    assert report["left_out"] == {"marts.customer_360": "columns fitted_at"}


@pytest.mark.parametrize("change", [
    {"city": "Kyoto"},
    {"ltv": 12.6},
])
def test_a_different_value_is_reported(tmp_path: Path, change: dict) -> None:
    a = _warehouse(tmp_path / "a.duckdb", {"crm:1": ID1, "ecom:1": ID1, "crm:9": ID2})
    b = _warehouse(tmp_path / "b.duckdb", {"crm:1": ID1, "ecom:1": ID1, "crm:9": ID2}, **change)
    report = compare(a, b)
    assert not report["equal"]
    t = report["tables"]["marts.customer_360"]
    assert (t["only_a"], t["only_b"]) == (1, 1)


def test_a_different_cluster_is_reported(tmp_path: Path) -> None:
    # same labels, but ecom:1 belongs to another customer in B: the 360 row of c-1 stands for
    # {crm:1, ecom:1} in A and {crm:1} in B; compared by smallest record key both are crm:1, so
    # the difference shows in the identity map itself
    a = _warehouse(tmp_path / "a.duckdb", {"crm:1": ID1, "ecom:1": ID1, "crm:9": ID2})
    b = _warehouse(tmp_path / "b.duckdb", {"crm:1": ID1, "ecom:1": ID7, "crm:9": ID2})
    report = compare(a, b)
    assert not report["equal"]
    assert not report["tables"]["marts.customer_identity_map"]["equal"]


def _one_table(path: Path, column_type: str, values: list[int]) -> Path:
    con = duckdb.connect(str(path))
    for schema in ("staging", "intermediate", "marts"):
        con.execute(f"create schema {schema}")
    con.execute("create table marts.customer_identity_map (record_key varchar, customer_id varchar)")
    con.execute(f"create table staging.counts (n {column_type})")
    con.executemany("insert into staging.counts values (?)", [(v,) for v in values])
    con.close()
    return path


def test_rows_are_compared_as_multisets(tmp_path: Path) -> None:
    # same row count, same distinct rows, one repeated on each side: the fingerprints differ
    # and EXCEPT ALL counts one row only in A and one only in B
    a = _one_table(tmp_path / "a.duckdb", "integer", [1, 1, 2])
    b = _one_table(tmp_path / "b.duckdb", "integer", [1, 2, 2])
    t = compare(a, b)["tables"]["staging.counts"]
    assert (t["rows_a"], t["rows_b"], t["only_a"], t["only_b"], t["equal"]) == (3, 3, 1, 1, False)


def test_equal_values_of_another_type_are_equal(tmp_path: Path) -> None:
    # the fingerprint hashes typed values; when the types differ, EXCEPT ALL decides
    a = _one_table(tmp_path / "a.duckdb", "integer", [1, 2, 3])
    b = _one_table(tmp_path / "b.duckdb", "bigint", [3, 2, 1])
    report = compare(a, b)
    assert report["equal"], report


def test_suppression_list_seeds_a_new_warehouse(tmp_path: Path) -> None:
    from c360.compare_builds import save_suppression_list, seed_suppression_list

    day1 = tmp_path / "day1.duckdb"
    con = duckdb.connect(str(day1))
    con.execute("create schema marts")
    con.execute("create table marts.pii_suppression_list (identifier_type varchar, identifier_hash varchar, "
                "suppressed_at timestamp)")
    con.execute("insert into marts.pii_suppression_list values ('email', 'h1', '2026-01-01'), "
                "('phone', 'h2', null)")
    con.close()
    saved = tmp_path / "list.parquet"
    assert save_suppression_list(day1, saved)
    fresh = tmp_path / "fresh.duckdb"
    seed_suppression_list(saved, fresh)
    con = duckdb.connect(str(fresh), read_only=True)
    rows = con.execute("select * from marts.pii_suppression_list order by identifier_hash").fetchall()
    types = con.execute("select data_type from information_schema.columns where table_name = "
                        "'pii_suppression_list' order by ordinal_position").fetchall()
    con.close()
    assert [r[:2] for r in rows] == [("email", "h1"), ("phone", "h2")] and rows[1][2] is None
    assert [t[0] for t in types] == ["VARCHAR", "VARCHAR", "TIMESTAMP"]
    with pytest.raises(FileExistsError):
        seed_suppression_list(saved, fresh)


def test_no_suppression_list_saves_nothing(tmp_path: Path) -> None:
    from c360.compare_builds import save_suppression_list

    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    saved = tmp_path / "list.parquet"
    assert not save_suppression_list(empty, saved)
    assert not saved.exists()
