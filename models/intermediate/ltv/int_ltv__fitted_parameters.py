"""Fit BG/NBD and Gamma-Gamma on int_ltv__rfm_summary: one row per model and parameter.

DuckDB only (dbt-duckdb runs Python models in-process). The maths is c360.ltv (python/src/c360/ltv),
installed in the project's venv by `make venv`, so the fit here and the CDNOW check in
python/tests/test_ltv.py run the same code. A model that cannot be fitted (no customers, or nobody with a
repeat purchase for Gamma-Gamma) has no rows, and the scores that need it are null.
"""

import pyarrow as pa

from c360.ltv.fit import PARAMETER_COLUMNS, fit_parameter_rows

SCHEMA = pa.schema([
    ("model", pa.string()),
    ("parameter_name", pa.string()),
    ("parameter_value", pa.float64()),
    ("log_likelihood", pa.float64()),
    ("n_customers", pa.int64()),
    ("converged", pa.bool_()),
    ("time_unit", pa.string()),
    ("observation_end_date", pa.date32()),
    ("fitted_at", pa.timestamp("us")),
])


def model(dbt, session):
    dbt.config(materialized="table")
    # only the columns the fit takes (the fit pools identical customers itself: c360.ltv.models)
    summary = dbt.ref("int_ltv__rfm_summary").project(
        "frequency, recency_days, t_days, monetary_value_jpy, observation_end_date"
    ).fetchnumpy()
    frequency = summary["frequency"]
    rows = []
    if len(frequency) > 0:
        # a model that cannot be fitted (e.g. nobody with a repeat purchase) has no rows
        rows = fit_parameter_rows(
            frequency,
            summary["recency_days"],
            summary["t_days"],
            summary["monetary_value_jpy"],
            observation_end=summary["observation_end_date"][0].astype("datetime64[D]").item(),
        )
    assert SCHEMA.names == list(PARAMETER_COLUMNS)
    return pa.Table.from_pylist(rows, schema=SCHEMA)
