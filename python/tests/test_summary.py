"""c360 summary: headline figures of a DuckDB warehouse, whatever layers it has."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from c360 import summary
from c360.cli import main


def _warehouse(path: Path, *, with_marts: bool = False, with_clusters: bool = False) -> Path:
    """A tiny warehouse with the schemas dbt builds: raw views, staging views, rejects."""
    con = duckdb.connect(str(path))
    con.execute("create schema raw; create schema staging")
    con.execute("create table main.crm_contacts_file as select * from range(5) t(contact_id)")
    con.execute("create view raw.crm_contacts as select * from main.crm_contacts_file")
    con.execute("create view raw.erasure_requests as select * from range(2) t(request_id)")
    con.execute("create view raw.web_events as select * from range(1200) t(event_id)")
    con.execute("create view staging.stg_crm__contacts as select * from range(3) t(contact_id)")
    con.execute("create view staging.stg_privacy__erasure_requests as select * from range(2) t(request_id)")
    con.execute("create view staging.stg_web__events as select * from range(1195) t(event_id)")
    con.execute(
        """
        create table staging.stg_rejects as
        select * from (values
            ('crm', 'crm_contacts', 'C1', 'duplicate_record_id'),
            ('crm', 'crm_contacts', null, 'missing_record_id'),
            ('web', 'web_events', 'W1', 'unparseable_timestamp'),
            ('web', 'web_events', 'W2', 'unparseable_timestamp'),
            ('web', 'web_events', 'W3', 'unparseable_timestamp'),
            ('web', 'web_events', 'W4', 'unparseable_timestamp'),
            ('web', 'web_events', 'W5', 'duplicate_record_id')
        ) t(source_system, source_table, record_id, reject_reason)
        """
    )
    if with_clusters:
        con.execute("create schema intermediate")
        con.execute(
            "create table intermediate.int_identity_clusters as "
            "select * from (values ('crm:C1', 'k1'), ('web:W1', 'k1'), ('crm:C2', 'k2')) t(record_key, cluster_key)"
        )
    if with_marts:
        con.execute("create schema marts")
        con.execute("create table marts.customer_360 as select 'cust-' || range as customer_id from range(42)")
    con.close()
    return path


def _render(s: summary.Summary) -> str:
    out = io.StringIO()
    summary.render(s, Console(file=out, width=160, color_system=None))
    return out.getvalue()


def test_collect_counts_raw_staged_and_rejected(tmp_path: Path) -> None:
    s = summary.collect(_warehouse(tmp_path / "w.duckdb"))
    rows = {r.table: r for r in s.sources}
    assert set(rows) == {"crm_contacts", "erasure_requests", "web_events"}
    assert (rows["crm_contacts"].raw_rows, rows["crm_contacts"].staged_rows, rows["crm_contacts"].rejected_rows) == (5, 3, 2)
    assert rows["erasure_requests"].staged_model == "stg_privacy__erasure_requests"
    assert (rows["erasure_requests"].raw_rows, rows["erasure_requests"].rejected_rows) == (2, 0)
    assert (rows["web_events"].raw_rows, rows["web_events"].staged_rows, rows["web_events"].rejected_rows) == (1200, 1195, 5)
    assert ("web_events", "unparseable_timestamp", 4) in s.rejects
    assert s.customers is None


def test_output_without_identity_layers(tmp_path: Path) -> None:
    text = _render(summary.collect(_warehouse(tmp_path / "w.duckdb")))
    assert str((tmp_path / "w.duckdb").resolve()) in text
    assert "1,200" in text and "1,195" in text  # raw and staged web events
    assert "unparseable_timestamp" in text and "duplicate_record_id" in text
    assert "identity resolution not built yet" in text
    assert "Customers" not in text


def test_customers_from_clusters_then_marts(tmp_path: Path) -> None:
    s = summary.collect(_warehouse(tmp_path / "a.duckdb", with_clusters=True))
    assert (s.customers, s.customers_from) == (2, "intermediate.int_identity_clusters")
    s = summary.collect(_warehouse(tmp_path / "b.duckdb", with_clusters=True, with_marts=True))
    assert (s.customers, s.customers_from) == (42, "marts.customer_360")
    assert "Customers 42 (from marts.customer_360)" in _render(s)


def test_raw_view_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    path = _warehouse(tmp_path / "w.duckdb")
    con = duckdb.connect(str(path))
    con.execute("drop table main.crm_contacts_file")  # the view's input is gone, like a moved CSV file
    con.close()
    s = summary.collect(path)
    crm = next(r for r in s.sources if r.table == "crm_contacts")
    assert crm.raw_rows is None and crm.error
    assert crm.staged_rows == 3
    assert "crm_contacts" in _render(s)


def test_empty_warehouse(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    s = summary.collect(path)
    assert s.sources == [] and s.customers is None
    text = _render(s)
    assert "dbt has not run here" in text


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _warehouse(tmp_path / "w.duckdb", with_marts=True)
    assert main(["summary", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Rows per source table" in out and "marts.customer_360" in out
    assert main(["summary", "--db", str(tmp_path / "missing.duckdb")]) == 1
    assert "no DuckDB warehouse" in capsys.readouterr().out


def test_run_reports_missing_file(tmp_path: Path) -> None:
    assert summary.run(argparse.Namespace(db=tmp_path / "nope.duckdb")) == 1


def test_marts_figures(tmp_path: Path) -> None:
    """Erased customers, consent by channel and audience sizes are read from the marts."""
    import duckdb

    path = tmp_path / "m.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create table marts.customer_360 as select 'c' || range as customer_id, range < 3 as is_erased from range(10)")
    con.execute("create table marts.audience_email_marketing as select 'c' || range as customer_id from range(4)")
    con.execute(
        "create table marts.customer_consent as select * from (values "
        "('c1', 'email', 'marketing', 'granted'), ('c2', 'email', 'marketing', 'denied'), "
        "('c3', 'email', 'marketing', 'granted'), ('c1', 'sms', 'profiling', 'granted')) "
        "as t(customer_id, channel, purpose, consent_status)"
    )
    con.close()
    s = summary.collect(path)
    figures = {title: rows for title, _, rows in s.marts}
    assert figures["Customers by erasure"] == [("active", 7), ("erased", 3)]
    assert figures["Audiences (consent-safe)"] == [("audience_email_marketing", 4)]
    consent = figures["Marketing consent by channel (marts.customer_consent)"]
    assert consent == [("email", "denied", 1), ("email", "granted", 2)]
    text = _render(s)
    assert "audience_email_marketing" in text and "erased" in text
