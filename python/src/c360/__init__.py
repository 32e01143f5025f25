"""Customer 360 tooling: synthetic data with ground truth, match evaluation, benchmarks."""

__version__ = "0.1.0"
