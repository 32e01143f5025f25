"""Synthetic source data with hidden ground truth (``c360 generate``)."""

from .config import GenerateConfig

__all__ = ["GenerateConfig", "generate"]


def generate(cfg: GenerateConfig) -> None:
    from .run import run

    run(cfg)
