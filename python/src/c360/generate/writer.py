"""CSV output (UTF-8, header, `"` quoting when needed, empty string = missing) and progress."""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import polars as pl

TRUTH_DIR = "_truth"


def write_csv(df: pl.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.write_csv(path, include_header=True, null_value="", quote_style="necessary", line_terminator="\n")


class TruthWriter:
    """Appends (source_table, record_id, person_id) rows to _truth/records.csv table by table."""

    def __init__(self, out: Path) -> None:
        self.path = out / TRUTH_DIR / "records.csv"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "wb")
        self._fh.write(b"source_table,record_id,person_id\n")

    def append(self, truth: pl.DataFrame) -> None:
        truth.select("source_table", "record_id", "person_id").write_csv(
            self._fh, include_header=False, null_value="", quote_style="necessary", line_terminator="\n")

    def close(self) -> None:
        self._fh.close()


def write_json(obj: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


class Progress:
    """One rich progress bar per stage; silent when disabled."""

    def __init__(self, enabled: bool, total_stages: int) -> None:
        self.enabled = enabled
        self._p = None
        self.timings: dict[str, float] = {}
        self.rss: dict[str, float] = {}
        if enabled:
            from rich.progress import BarColumn, Progress as RP, TextColumn, TimeElapsedColumn

            self._p = RP(TextColumn("{task.description:<34}"), BarColumn(), TextColumn("{task.fields[info]}"),
                         TimeElapsedColumn())
            self._p.start()
            self._overall = self._p.add_task("[bold]generate", total=total_stages, info="")

    @contextmanager
    def stage(self, name: str) -> Iterator[dict]:
        info: dict = {}
        task = self._p.add_task(name, total=1, info="") if self._p else None
        t = time.perf_counter()
        try:
            yield info
        finally:
            self.timings[name] = time.perf_counter() - t
            self.rss[name] = _rss_mib()
            if self._p is not None:
                self._p.update(task, completed=1, info=str(info.get("rows", "")) + (" rows" if "rows" in info else ""))
                self._p.advance(self._overall)

    def close(self) -> None:
        if self._p is not None:
            self._p.stop()
        if os.environ.get("C360_GEN_PROFILE"):
            for k, v in self.timings.items():
                print(f"{k:<34} {v:7.2f}s  rss {self.rss[k]:8.0f} MiB", file=sys.stderr)


def _rss_mib() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except Exception:  # pragma: no cover
        return float("nan")
