"""Customer lifetime value: BG/NBD and Gamma-Gamma fitting, reference predictions, holdout check.

The SQL scoring lives in the dbt macros (macros/ltv); this package fits the parameters (used by
the dbt Python model int_ltv__fitted_parameters) and holds the numpy reference and the checks.
"""

from .fit import fit_parameter_rows
from .holdout import (
    HoldoutReport,
    check_report,
    holdout_report,
    load_generator_transactions,
    load_transactions,
    load_truth,
    main,
)
from .models import (
    BgNbdParams,
    FitResult,
    GammaGammaParams,
    bg_nbd_log_likelihood,
    discounted_clv,
    expected_average_value,
    expected_purchases,
    fit_bg_nbd,
    fit_gamma_gamma,
    gamma_gamma_log_likelihood,
    p_alive,
)
from .summary import RfmSummary, Transactions, rfm_summary

__all__ = [
    "BgNbdParams",
    "FitResult",
    "GammaGammaParams",
    "HoldoutReport",
    "RfmSummary",
    "Transactions",
    "bg_nbd_log_likelihood",
    "check_report",
    "discounted_clv",
    "expected_average_value",
    "expected_purchases",
    "fit_bg_nbd",
    "fit_gamma_gamma",
    "fit_parameter_rows",
    "gamma_gamma_log_likelihood",
    "holdout_report",
    "load_generator_transactions",
    "load_transactions",
    "load_truth",
    "main",
    "p_alive",
    "rfm_summary",
]
