"""``c360 summary --db PATH``: where the DuckDB warehouse is and its headline figures.

Reads the warehouse read-only and prints, with rich tables:

- the warehouse file (absolute path, size);
- per source table: rows in the raw view (schema ``raw``), rows staged (the ``stg_`` view of
  that table in schema ``staging``) and rows rejected (``staging.stg_rejects``);
- rejected rows by source table and reason;
- the number of customers: ``marts.customer_360`` when built, else the clusters of
  ``intermediate.int_identity_clusters``, else a note that identity resolution has not run;
- when the marts are built: erased customers, marketing consent status by channel
  (``marts.customer_consent``), audience sizes (``marts.audience_*``), segment sizes
  (``marts.customer_segments``) and the fitted LTV parameters (``marts.ltv_parameters``).

Every figure is optional: a warehouse with only some layers built (or a raw view whose CSV file
has moved) prints what is there and says what is not, instead of failing.
"""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RAW_SCHEMA = "raw"
STAGING_SCHEMA = "staging"
REJECTS = ("staging", "stg_rejects")
# where the number of customers comes from, in order of preference: (schema, table, SQL count)
CUSTOMER_SOURCES = (
    ("marts", "customer_360", "count(*)"),
    ("intermediate", "int_identity_clusters", "count(distinct cluster_key)"),
)


@dataclass
class SourceRow:
    table: str
    raw_rows: int | None = None
    staged_rows: int | None = None
    rejected_rows: int | None = None
    staged_model: str | None = None
    error: str | None = None


@dataclass
class Summary:
    path: Path
    size_bytes: int
    sources: list[SourceRow] = field(default_factory=list)
    rejects: list[tuple[str, str, int]] = field(default_factory=list)
    has_rejects: bool = False
    customers: int | None = None
    customers_from: str | None = None
    # (title, column headers, rows) of the marts figures, in print order
    marts: list[tuple[str, list[str], list[tuple[Any, ...]]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# headline figures of the marts: (title, needed relation, query); a relation not built is skipped
MART_FIGURES: tuple[tuple[str, tuple[str, str], str], ...] = (
    ("Customers by erasure", ("marts", "customer_360"),
     "select case when is_erased then 'erased' else 'active' end as customers, count(*) as n "
     "from marts.customer_360 group by 1 order by 1"),
    ("Marketing consent by channel (marts.customer_consent)", ("marts", "customer_consent"),
     "select channel, consent_status, count(*) as customers from marts.customer_consent "
     "where purpose = 'marketing' group by all order by 1, 2"),
    ("RFM segments (marts.customer_segments)", ("marts", "customer_segments"),
     "select rfm_segment, count(*) as customers from marts.customer_segments group by 1 order by 2 desc, 1"),
    ("Lifecycle stages", ("marts", "customer_segments"),
     "select lifecycle_stage, count(*) as customers from marts.customer_segments group by 1 order by 2 desc, 1"),
    ("Value tiers", ("marts", "customer_segments"),
     "select value_tier, count(*) as customers from marts.customer_segments group by 1 order by 2 desc, 1"),
    ("LTV parameters (marts.ltv_parameters)", ("marts", "ltv_parameters"),
     "select model, parameter_name, round(parameter_value, 4) as value, round(log_likelihood, 2) as log_likelihood, "
     "n_customers, time_unit from marts.ltv_parameters order by 1, parameter_key"),
)


# ---- reading -----------------------------------------------------------------------------------


def _count(con: Any, schema: str, table: str, expr: str = "count(*)") -> int:
    return int(con.execute(f'select {expr} from "{schema}"."{table}"').fetchone()[0])


def _short_error(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 100 else text[:97] + "..."


def _raw_table_of(model: str, raw_tables: set[str]) -> str | None:
    """`stg_crm__contacts` -> `crm_contacts`; `stg_privacy__erasure_requests` -> `erasure_requests`."""
    m = re.fullmatch(r"stg_(\w+?)__(\w+)", model)
    if not m:
        return None
    for candidate in (f"{m.group(1)}_{m.group(2)}", m.group(2)):
        if candidate in raw_tables:
            return candidate
    return None


def collect(db_path: str | os.PathLike[str]) -> Summary:
    """Read the headline figures; raises FileNotFoundError when there is no warehouse file."""
    import duckdb

    path = Path(db_path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"no DuckDB warehouse at {path}")
    summary = Summary(path=path, size_bytes=path.stat().st_size)
    con = duckdb.connect(str(path), read_only=True)
    try:
        relations = {
            (schema, name)
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        raw_tables = {name for schema, name in relations if schema == RAW_SCHEMA}
        staged_models = sorted(
            name
            for schema, name in relations
            if schema == STAGING_SCHEMA and name.startswith("stg_") and name != REJECTS[1]
        )

        rejected_by_table: dict[str, int] = {}
        if REJECTS in relations:
            summary.has_rejects = True
            rows = con.execute(
                f'select source_table, reject_reason, count(*) from "{REJECTS[0]}"."{REJECTS[1]}" '
                "group by all order by 1, 3 desc, 2"
            ).fetchall()
            summary.rejects = [(str(t), str(r), int(n)) for t, r, n in rows]
            for table, _, n in summary.rejects:
                rejected_by_table[table] = rejected_by_table.get(table, 0) + n

        by_table = {t: SourceRow(table=t) for t in raw_tables}
        for model in staged_models:
            table = _raw_table_of(model, raw_tables) or model
            row = by_table.setdefault(table, SourceRow(table=table))
            row.staged_model = model
        for row in by_table.values():
            if row.table in raw_tables:
                try:
                    row.raw_rows = _count(con, RAW_SCHEMA, row.table)
                except duckdb.Error as exc:  # e.g. the view's CSV file moved since the build
                    row.error = _short_error(exc)
            if row.staged_model:
                try:
                    row.staged_rows = _count(con, STAGING_SCHEMA, row.staged_model)
                except duckdb.Error as exc:
                    row.error = row.error or _short_error(exc)
            if summary.has_rejects:
                row.rejected_rows = rejected_by_table.get(row.table, 0)
        summary.sources = sorted(by_table.values(), key=lambda r: r.table)

        if not raw_tables:
            summary.notes.append(f"no raw source views (schema {RAW_SCHEMA}): dbt has not run here")
        if not staged_models:
            summary.notes.append("staging not built")

        for schema, table, expr in CUSTOMER_SOURCES:
            if (schema, table) in relations:
                try:
                    summary.customers = _count(con, schema, table, expr)
                    summary.customers_from = f"{schema}.{table}"
                    break
                except duckdb.Error as exc:
                    summary.notes.append(f"{schema}.{table} unreadable: {_short_error(exc)}")
        if summary.customers is None:
            summary.notes.append(
                "customers: identity resolution not built yet (no marts.customer_360 or "
                "intermediate.int_identity_clusters)"
            )

        audiences = sorted(name for schema, name in relations if schema == "marts" and name.startswith("audience_"))
        if audiences:
            rows = [(name, _count(con, "marts", name)) for name in audiences]
            summary.marts.append(("Audiences (consent-safe)", ["audience", "customers"], rows))
        for title, relation, query in MART_FIGURES:
            if relation not in relations:
                continue
            try:
                cur = con.execute(query)
                headers = [d[0] for d in cur.description]
                summary.marts.append((title, headers, [tuple(r) for r in cur.fetchall()]))
            except duckdb.Error as exc:
                summary.notes.append(f"{title}: {_short_error(exc)}")
        summary.marts.sort(key=lambda m: 0 if m[0].startswith("Customers") else 1)
    finally:
        con.close()
    return summary


# ---- printing ----------------------------------------------------------------------------------


def _n(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


def render(summary: Summary, console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    console.print(f"[bold]Warehouse[/bold] {summary.path} ({_size(summary.size_bytes)})")

    if summary.sources:
        table = Table(title="Rows per source table")
        table.add_column("source table")
        table.add_column("raw", justify="right")
        table.add_column("staged", justify="right")
        table.add_column("rejected", justify="right")
        table.add_column("staging model", no_wrap=True)
        with_notes = any(row.error for row in summary.sources)
        if with_notes:
            table.add_column("note")
        for row in summary.sources:
            cells = [row.table, _n(row.raw_rows), _n(row.staged_rows), _n(row.rejected_rows), row.staged_model or "-"]
            table.add_row(*cells, *([row.error or ""] if with_notes else []))
        table.add_section()
        totals = [
            "total",
            _n(sum(r.raw_rows or 0 for r in summary.sources)),
            _n(sum(r.staged_rows or 0 for r in summary.sources)),
            _n(sum(r.rejected_rows or 0 for r in summary.sources)) if summary.has_rejects else "-",
            "",
        ]
        table.add_row(*totals, *([""] if with_notes else []))
        console.print(table)

    if summary.has_rejects:
        if summary.rejects:
            rejects = Table(title="Rejected rows (staging.stg_rejects)")
            rejects.add_column("source table")
            rejects.add_column("reason")
            rejects.add_column("rows", justify="right")
            for source_table, reason, n in summary.rejects:
                rejects.add_row(source_table, reason, _n(n))
            console.print(rejects)
        else:
            console.print("Rejected rows: none")

    if summary.customers is not None:
        console.print(f"[bold]Customers[/bold] {_n(summary.customers)} (from {summary.customers_from})")
    for title, headers, rows in summary.marts:
        figures = Table(title=title)
        for i, header in enumerate(headers):
            figures.add_column(header, justify="left" if i == 0 or isinstance(rows[0][i] if rows else "", str) else "right")
        for row in rows:
            figures.add_row(*["-" if v is None else _n(v) if isinstance(v, int) and not isinstance(v, bool) else str(v) for v in row])
        console.print(figures)
    for note in summary.notes:
        console.print(f"[yellow]{note}[/yellow]")


# ---- command line ------------------------------------------------------------------------------


def add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        type=Path,
        default=Path(os.environ.get("C360_DB_PATH", "data/c360.duckdb")),
        help="DuckDB warehouse file (default: $C360_DB_PATH or data/c360.duckdb)",
    )


def run(args: argparse.Namespace) -> int:
    import duckdb
    from rich.console import Console

    console = Console()
    try:
        summary = collect(args.db)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/red] (run `make demo`, or pass --db)")
        return 1
    except duckdb.Error as exc:  # e.g. locked by a running dbt build
        console.print(f"[red]cannot open {Path(args.db).resolve()}: {_short_error(exc)}[/red]")
        return 1
    render(summary, console)
    return 0
