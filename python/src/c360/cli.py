"""Command line entry point: ``c360 <subcommand> ...``.

Each subcommand is one entry in ``COMMANDS``: a name, a one-line help text, a function that
adds its arguments to an ``argparse`` sub-parser, and a function that runs it and returns an
exit code.  Keep the logic in modules; this file only wires arguments to functions.  To add a
subcommand, write ``_add_<name>_args`` and ``_run_<name>`` (or import them from the module
that implements it) and append a :class:`Command` to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_args: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# --- generate --------------------------------------------------------------------------------


def _add_generate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--persons", type=int, required=True, help="number of true persons")
    p.add_argument("--seed", type=int, default=42, help="random seed (same seed -> same bytes)")
    p.add_argument("--out", type=Path, required=True, help="output directory for the CSV files")
    p.add_argument(
        "--increment-out",
        type=Path,
        default=None,
        help="also write a follow-up batch (new and changed rows) into this directory",
    )
    p.add_argument(
        "--increment-fraction",
        type=float,
        default=0.01,
        help="size of the follow-up batch as a fraction of the base rows (default 0.01)",
    )
    p.add_argument("--no-progress", action="store_true", help="do not show progress bars")


def _run_generate(args: argparse.Namespace) -> int:
    from c360.generate import GenerateConfig, generate

    if args.persons < 1:
        print("--persons must be >= 1", file=sys.stderr)
        return 2
    if not 0.0 < args.increment_fraction <= 0.5:
        print("--increment-fraction must be in (0, 0.5]", file=sys.stderr)
        return 2
    cfg = GenerateConfig(
        persons=args.persons,
        seed=args.seed,
        out=args.out,
        increment_out=args.increment_out,
        increment_fraction=args.increment_fraction,
        progress=not args.no_progress,
    )
    generate(cfg)
    return 0


# --- evaluate, bench-splink (c360.evaluate, c360.bench_splink) -------------------------------


def _lazy(module: str, attr: str) -> Callable[..., int]:
    def call(arg):  # type: ignore[no-untyped-def]
        import importlib

        return getattr(importlib.import_module(module), attr)(arg)

    return call


COMMANDS: list[Command] = [
    Command(
        "generate",
        "write synthetic source CSVs plus hidden ground truth (DIR/_truth)",
        _add_generate_args,
        _run_generate,
    ),
    Command(
        "summary",
        "where the DuckDB warehouse is, rows per source (raw, staged, rejected), customers",
        _lazy("c360.summary", "add_args"),
        _lazy("c360.summary", "run"),
    ),
    Command(
        "evaluate",
        "score marts.customer_identity_map against the ground truth (pairwise, B-cubed)",
        _lazy("c360.evaluate", "add_args"),
        _lazy("c360.evaluate", "run"),
    ),
    Command(
        "diagnose",
        "where identity resolution loses pairs: ceilings, reasons for lost and false pairs, examples",
        _lazy("c360.diagnose", "add_args"),
        _lazy("c360.diagnose", "run"),
    ),
    Command(
        "ltv-check",
        "LTV calibration/holdout check and parameter recovery",
        _lazy("c360.ltv.holdout", "add_args"),
        _lazy("c360.ltv.holdout", "run"),
    ),
    Command(
        "bench-splink",
        "run Splink on the same identity records and compare with our pipeline",
        _lazy("c360.bench_splink", "add_args"),
        _lazy("c360.bench_splink", "run"),
    ),
    Command(
        "compare-builds",
        "do two warehouses hold the same rows (customer ids compared as the records they stand for)",
        _lazy("c360.compare_builds", "add_args"),
        _lazy("c360.compare_builds", "run"),
    ),
    Command(
        "incremental-check",
        "build day 1, then day 2 incrementally, and compare with a full rebuild of day 2",
        _lazy("c360.incremental_check", "add_args"),
        _lazy("c360.incremental_check", "run"),
    ),
    Command(
        "bench",
        "time a full dbt build at several sizes (seconds, peak memory, F1) and write docs/benchmark.md",
        _lazy("c360.bench", "add_args"),
        _lazy("c360.bench", "run"),
    ),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="c360", description="Customer 360 tooling")
    sub = parser.add_subparsers(dest="command", metavar="<command>")
    sub.required = True
    for cmd in COMMANDS:
        sp = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        cmd.add_args(sp)
        sp.set_defaults(_run=cmd.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args._run(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
