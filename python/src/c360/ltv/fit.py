"""Fit both models on an RFM summary and lay the result out as rows of the ``ltv_parameters`` model."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import numpy as np
import numpy.typing as npt

from .models import FitResult, fit_bg_nbd, fit_gamma_gamma

__all__ = ["fit_parameter_rows", "PARAMETER_COLUMNS"]

PARAMETER_COLUMNS = (
    "model", "parameter_name", "parameter_value", "log_likelihood", "n_customers",
    "converged", "time_unit", "observation_end_date", "fitted_at",
)


def _rows(fit: FitResult, observation_end: date | None, fitted_at: datetime) -> list[dict[str, Any]]:
    return [
        {
            "model": fit.model,
            "parameter_name": name,
            "parameter_value": float(value),
            "log_likelihood": float(fit.log_likelihood),
            "n_customers": int(fit.n_customers),
            "converged": bool(fit.converged),
            "time_unit": "day",
            "observation_end_date": observation_end,
            "fitted_at": fitted_at,
        }
        for name, value in fit.params.as_dict().items()
    ]


def fit_parameter_rows(
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    T: npt.ArrayLike,
    monetary_value: npt.ArrayLike,
    *,
    observation_end: date | None = None,
    fitted_at: datetime | None = None,
) -> list[dict[str, Any]]:
    """BG/NBD on every customer, Gamma-Gamma on those with repeat purchases: one row per parameter.

    Columns: PARAMETER_COLUMNS. A model that cannot be fitted (no customers; for Gamma-Gamma, no
    repeat purchase with a positive value) has no rows.
    """
    fitted_at = fitted_at or datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    x = np.asarray(frequency, dtype=np.float64)
    rows: list[dict[str, Any]] = []
    try:
        rows += _rows(fit_bg_nbd(x, recency, T), observation_end, fitted_at)
    except ValueError:
        pass
    try:
        rows += _rows(fit_gamma_gamma(x, monetary_value), observation_end, fitted_at)
    except ValueError:
        pass
    return rows
