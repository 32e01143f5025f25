"""``python -m c360.ltv --db WAREHOUSE [--truth DIR]``: the calibration/holdout check."""

import sys

from .holdout import main

sys.exit(main())
