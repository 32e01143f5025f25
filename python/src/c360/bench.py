"""``c360 bench``: cost and quality of a FULL ``dbt build`` at several sizes.

For each size N (``--persons N`` or ``--sizes 20000,100000,...``):

1. generate ``<data-root>/bench_<N>`` with ``c360 generate`` unless it is already there;
2. run ``dbt build --exclude test_type:unit`` on a fresh warehouse ``<data-root>/bench_<N>.duckdb``
   (``C360_DATA_DIR`` / ``C360_DB_PATH``; ``--target-path`` / ``--log-path`` under the data root so
   the working ``target/`` is untouched), measuring wall seconds and the peak resident memory of
   the dbt process tree (psutil, sampled every 0.2 s in a thread);
3. from ``run_results.json`` + ``manifest.json``: seconds per layer (sum of ``execution_time`` by
   folder) and the slowest models; the warehouse file size; rows of the main tables;
4. pairwise and B-cubed precision / recall / F1 with :func:`c360.evaluate.evaluate`;
5. optional: ``--splink`` (``c360 bench-splink`` on the same warehouse), ``--stability`` (a second
   ``dbt build`` without ``--full-refresh`` on base + increment data, and the share of unchanged
   customers that keep their customer_id).

The results go to a rich table and to a markdown report (default ``docs/benchmark.md``) that is
updated in place: the figures of every size ever written are kept in a JSON block at the end of
the report, so running one size at a time accumulates the table.  A PNG plot (seconds vs persons)
is drawn when matplotlib is installed (``requirements-bench.txt``), otherwise skipped with a note.

``--timeout SECONDS`` kills the dbt process tree after that many seconds; the report then shows
how far the build got (the models that completed, from dbt's log).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterable

from c360.compare_builds import compare, save_suppression_list, seed_suppression_list

REPO = Path(__file__).resolve().parents[3]
# the dbt project that is built: the working tree, or an export of HEAD (--snapshot)
PROJECT = REPO
DEFAULT_REPORT = Path("docs/benchmark.md")
DEFAULT_PLOT = "benchmark_time.png"
# the DuckDB profile's default dbt threads (profiles.yml)
DEFAULT_THREADS = "1"
DATA_MARK = "<!-- bench-data"
LAYERS = [
    "hooks",
    "seeds",
    "staging",
    "intermediate/identity",
    "intermediate/other",
    "marts/identity",
    "marts/core+consent+privacy",
    "marts/ltv",
    "other models",
    "tests",
]
MAIN_TABLES = ["marts.customer_identity_map", "marts.customer_360"]


# --- run_results parsing (pure) ----------------------------------------------------------------


def node_paths(manifest: dict[str, Any]) -> dict[str, str]:
    """unique_id -> original_file_path for every node of a dbt manifest."""
    out = {}
    for section in ("nodes", "sources", "unit_tests"):
        for uid, node in (manifest.get(section) or {}).items():
            out[uid] = node.get("original_file_path") or node.get("path") or ""
    return out


def layer_of(unique_id: str, path: str | None = None) -> str:
    """The benchmark layer of a run_results entry, from its resource type and model folder
    (falls back to the model name's prefix when the path is unknown)."""
    kind = unique_id.split(".", 1)[0]
    if kind == "test" or kind == "unit_test":
        return "tests"
    if kind == "seed":
        return "seeds"
    if kind == "operation":
        return "hooks"
    p = (path or "").replace("\\", "/")
    if p.startswith("models/"):
        parts = p.split("/")
        top = parts[1] if len(parts) > 2 else ""
        sub = parts[2] if len(parts) > 3 else ""
        if top == "staging":
            return "staging"
        if top == "intermediate":
            return "intermediate/identity" if sub == "identity" else "intermediate/other"
        if top == "marts":
            if sub == "identity":
                return "marts/identity"
            if sub == "ltv":
                return "marts/ltv"
            if sub in ("core", "consent", "privacy"):
                return "marts/core+consent+privacy"
        return "other models"
    name = unique_id.rsplit(".", 1)[-1]
    if name.startswith("stg_"):
        return "staging"
    if name.startswith("int_"):
        return "intermediate/other"
    return "other models"


def aggregate_run_results(run_results: dict[str, Any], paths: dict[str, str] | None = None,
                          slowest: int = 8) -> dict[str, Any]:
    """Per-layer seconds (sum of execution_time), node counts, statuses and the slowest models."""
    paths = paths or {}
    layers: dict[str, dict[str, Any]] = {}
    models = []
    statuses: dict[str, int] = {}
    for r in run_results.get("results", []):
        uid = r.get("unique_id", "")
        secs = float(r.get("execution_time") or 0.0)
        layer = layer_of(uid, paths.get(uid))
        entry = layers.setdefault(layer, {"seconds": 0.0, "nodes": 0})
        entry["seconds"] += secs
        entry["nodes"] += 1
        status = str(r.get("status"))
        statuses[status] = statuses.get(status, 0) + 1
        if uid.startswith("model."):
            models.append({"model": uid.rsplit(".", 1)[-1], "layer": layer, "seconds": round(secs, 3),
                           "status": status})
    ordered = {k: {"seconds": round(layers[k]["seconds"], 3), "nodes": layers[k]["nodes"]}
               for k in LAYERS if k in layers}
    for k in layers:
        if k not in ordered:
            ordered[k] = {"seconds": round(layers[k]["seconds"], 3), "nodes": layers[k]["nodes"]}
    models.sort(key=lambda m: -m["seconds"])
    return {
        "elapsed_time": run_results.get("elapsed_time"),
        "layers": ordered,
        "statuses": dict(sorted(statuses.items())),
        "slowest_models": models[:slowest],
        "models": len(models),
        "nodes": len(run_results.get("results", [])),
    }


_LOG_MODEL = re.compile(r"(\d+) of (\d+) OK created .*? model ([\w.]+)[\s.]*\[\S+ in ([\d.]+)s\]")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOG_START = re.compile(r"(\d+) of (\d+) START (?:sql )?(?:\w+ )*model ([\w.]+)")


def progress_from_log(text: str) -> dict[str, Any]:
    """How far a (possibly killed) dbt build got, from its console output: models that completed
    (with seconds), the total node count and the models started but not finished."""
    done: dict[str, float] = {}
    started: list[str] = []
    total = None
    text = _ANSI.sub("", text)
    for line in text.splitlines():
        m = _LOG_MODEL.search(line)
        if m:
            total = int(m.group(2))
            done[m.group(3)] = float(m.group(4))
            continue
        m = _LOG_START.search(line)
        if m:
            total = int(m.group(2))
            started.append(m.group(3))
    finished_nodes = len(re.findall(r"\d+ of \d+ (?:OK|ERROR|PASS|FAIL|WARN|SKIP)\b", text))
    return {
        "models_completed": [{"model": k, "seconds": v} for k, v in done.items()],
        "running_when_stopped": [s for s in started if s not in done],
        "nodes_total": total,
        "nodes_finished": finished_nodes,
    }


# --- measuring ---------------------------------------------------------------------------------


class PeakSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop_event.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join(timeout=2)
        return self.peak


def _kill_tree(pid: int) -> None:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [*root.children(recursive=True), root]
    except psutil.Error:
        return
    for p in procs:
        try:
            p.kill()
        except psutil.Error:
            pass


def run_measured(cmd: list[str], env: dict[str, str], log_path: Path, timeout: float | None = None,
                 cwd: Path | None = None) -> dict[str, Any]:
    """Run ``cmd``, output to ``log_path``; wall seconds, peak RSS of the tree, return code."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd or PROJECT, stdout=log, stderr=subprocess.STDOUT)
        sampler = PeakSampler(proc.pid)
        sampler.start()
        killed = False
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            killed = True
            _kill_tree(proc.pid)
            rc = proc.wait()
        seconds = time.perf_counter() - t0
        peak = sampler.stop()
    return {"seconds": round(seconds, 2), "peak_mb": round(peak / 2**20, 1), "returncode": rc, "killed": killed}


def machine_facts() -> dict[str, Any]:
    import platform

    import psutil

    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


CALIBRATION_ROWS = 10_000_000


def calibrate(work: Path, rows: int = CALIBRATION_ROWS, memory_limit: str = "1GB") -> dict[str, Any]:
    """A fixed DuckDB workload timed before each size, so that builds measured on different
    machine instances (or under other load) can be compared: `rows` hashed strings are grouped,
    sorted and self-joined with a memory limit that makes DuckDB spill, like the large builds do.
    Same rows, same plan, every run; lower seconds mean a faster machine at that moment."""
    import duckdb

    work.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:", config={"memory_limit": memory_limit,
                                             "temp_directory": str(work / "calibration.tmp")})
    try:
        t0 = time.perf_counter()
        con.execute(f"create table t as select i, md5(cast(i as varchar)) as s from range({int(rows)}) r(i)")
        groups = con.execute("select count(*) from (select substr(s, 1, 5) as k, count(*) from t group by k)").fetchone()
        ordered = con.execute("select count(*) from (select s from t order by s)").fetchone()
        joined = con.execute("select count(*) from t as a inner join t as b on a.s = b.s").fetchone()
        secs = time.perf_counter() - t0
    finally:
        con.close()
        shutil.rmtree(work / "calibration.tmp", ignore_errors=True)
    return {"seconds": round(secs, 2), "rows": int(rows), "memory_limit": memory_limit,
            "check": [int(groups[0]), int(ordered[0]), int(joined[0])]}


def load_average() -> str:
    try:
        out = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
        return out.split("load average:")[-1].strip() if "load average" in out else out
    except OSError:
        la = os.getloadavg()
        return ", ".join(f"{x:.2f}" for x in la)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _versions() -> dict[str, str]:
    out = {}
    for mod in ("dbt.version", "duckdb"):
        try:
            m = __import__(mod, fromlist=["x"])
            out[mod.split(".")[0]] = str(getattr(m, "__version__", None) or getattr(m, "installed", ""))
        except Exception:  # noqa: BLE001
            pass
    try:
        from importlib.metadata import version

        out["dbt-core"] = version("dbt-core")
        out["dbt-duckdb"] = version("dbt-duckdb")
        out["duckdb"] = version("duckdb")
        out.pop("dbt", None)
    except Exception:  # noqa: BLE001
        pass
    return out


TESTS_ERROR = "data_tests:\n  c360:\n    +severity: error"


def snapshot_head(root: Path, tests_warn: bool = False, rev: str = "HEAD") -> tuple[Path, str]:
    """Export git HEAD (``git archive``) to ``root/project_<sha>``: a clean, committed project to
    build while others edit the working tree.  ``tests_warn``: in the export only, the project's
    data tests get severity warn, so a failing test does not skip the models downstream of it
    (the build is timed in full; failures still show as warn in the statuses)."""
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout.strip()
    dest = root / (f"project_{sha}" + ("_testswarn" if tests_warn else ""))
    if not (dest / "dbt_project.yml").exists():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha], cwd=REPO, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
        if tests_warn:
            proj = dest / "dbt_project.yml"
            text = proj.read_text(encoding="utf-8")
            if TESTS_ERROR not in text:
                raise ValueError("--tests-warn: dbt_project.yml has no 'data_tests: c360: +severity: error' block")
            proj.write_text(text.replace(TESTS_ERROR, TESTS_ERROR.replace("error", "warn")), encoding="utf-8")
    return dest.resolve(), sha


def _git_commit() -> str:
    if PROJECT != REPO:
        name = PROJECT.name.removeprefix("project_")
        warn = name.endswith("_testswarn")
        return (f"{name.removesuffix('_testswarn')} (clean export of that commit, built outside the working tree"
                + ("; data tests with severity warn so that a failing test skips nothing" if warn else "") + ")")
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "models", "macros", "dbt_project.yml"],
                               cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()
        return head + (" (+ uncommitted model changes)" if dirty else "")
    except OSError:
        return "?"


def _bin(name: str) -> str:
    cand = Path(sys.executable).parent / name
    return str(cand) if cand.exists() else name


def table_rows(db: Path, tables: Iterable[str] = MAIN_TABLES) -> dict[str, int | None]:
    import duckdb

    out: dict[str, int | None] = {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        for t in tables:
            try:
                out[t] = int(con.execute(f"select count(*) from {t}").fetchall()[0][0])
            except duckdb.Error:
                out[t] = None
        try:
            out["customers"] = int(con.execute(
                "select count(distinct customer_id) from marts.customer_identity_map").fetchall()[0][0])
        except duckdb.Error:
            out["customers"] = None
    finally:
        con.close()
    return out


def dbt_build(data_dir: Path, db: Path, work: Path, tag: str, timeout: float | None = None,
              full_refresh: bool = False, exclude: tuple[str, ...] = ("test_type:unit",)) -> dict[str, Any]:
    """One ``dbt build --exclude <exclude>`` (default: unit tests) with its target/log paths
    under ``work``."""
    target, logs = work / f"target_{tag}", work / f"logs_{tag}"
    env = {**os.environ, "C360_DATA_DIR": str(data_dir.resolve()), "C360_DB_PATH": str(db.resolve()),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    cmd = [_bin("dbt"), "build", "--exclude", *exclude, "--target-path", str(target.resolve()),
           "--log-path", str(logs.resolve())]
    if full_refresh:
        cmd.append("--full-refresh")
    console = work / f"dbt_{tag}.log"
    res = run_measured(cmd, env, console, timeout)
    res["console_log"] = str(console)
    rr_path, man_path = target / "run_results.json", target / "manifest.json"
    if rr_path.exists() and not res["killed"] and rr_path.stat().st_mtime >= time.time() - res["seconds"] - 5:
        rr = json.loads(rr_path.read_text(encoding="utf-8"))
        paths = node_paths(json.loads(man_path.read_text(encoding="utf-8"))) if man_path.exists() else {}
        res["run_results"] = aggregate_run_results(rr, paths)
    else:
        res["progress"] = progress_from_log(console.read_text(encoding="utf-8", errors="replace"))
    return res


# --- increment / id stability --------------------------------------------------------------------


def combine_truth(base: Path, inc: Path, out: Path) -> None:
    """Ground truth of base + increment: ``records.csv`` rows of both in file order (the combined
    exports hold base rows then increment rows, and evaluate pairs records by position), persons
    and profiles of both with the increment's row winning (a base person erased by the increment)."""
    import polars as pl

    out.mkdir(parents=True, exist_ok=True)
    for name in sorted(p.name for p in base.glob("*.csv")):
        frames = [pl.read_csv(d / name, infer_schema=False) for d in (base, inc) if (d / name).exists()]
        df = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
        if name != "records.csv" and "person_id" in df.columns:
            df = df.unique("person_id", keep="last", maintain_order=True)
        df.write_csv(out / name)
    for f in base.glob("*.json"):
        shutil.copyfile(f, out / f.name)


def combine_dirs(base: Path, inc: Path, out: Path) -> None:
    """``out/<file>.csv`` = base rows then increment rows (same header), for every source CSV;
    ``out/_truth`` the truth of both (when both have one)."""
    out.mkdir(parents=True, exist_ok=True)
    if (base / "_truth" / "records.csv").exists() and (inc / "_truth" / "records.csv").exists():
        combine_truth(base / "_truth", inc / "_truth", out / "_truth")
    for f in sorted(base.glob("*.csv")):
        g = inc / f.name
        dst = out / f.name
        with f.open("rb") as src, dst.open("wb") as w:
            shutil.copyfileobj(src, w)
        if not g.exists() or g.stat().st_size == 0:
            continue
        with f.open("rb") as fh:
            base_header = fh.readline().strip()
        with g.open("rb") as gh, dst.open("ab") as w:
            inc_header = gh.readline().strip()
            if inc_header != base_header:
                raise ValueError(f"{g}: header differs from {f}")
            if f.stat().st_size > 0:
                with f.open("rb") as fh:
                    fh.seek(-1, os.SEEK_END)
                    if fh.read(1) != b"\n":
                        w.write(b"\n")
            shutil.copyfileobj(gh, w)


def changed_records(inc: Path) -> dict[str, set[str]]:
    """Identity records (source_system -> record ids, as in the map) that the increment touches:
    re-exported or new rows, and derived records (cards, subscribers, devices) with new rows."""
    import polars as pl

    from c360.evaluate import DIRECT_TABLES, EVENT_KEYS, _read_raw, norm_card, norm_id

    out: dict[str, set[str]] = {}
    records = pl.read_csv(inc / "_truth" / "records.csv", infer_schema=False, columns=["source_table", "record_id"])
    for system, table in DIRECT_TABLES.items():
        ids = records.filter(pl.col("source_table") == table).select(norm_id(pl.col("record_id")))
        out[system] = set(ids.drop_nulls().to_series().to_list())
    cards = pl.concat([
        _read_raw(inc / "loyalty_members.csv", ["card_no"]).rename({"card_no": "c"}),
        _read_raw(inc / "pos_transactions.csv", ["loyalty_card_no"]).rename({"loyalty_card_no": "c"}),
    ]).select(norm_card(pl.col("c")))
    out["pos_card"] = set(cards.drop_nulls().to_series().to_list())
    for system, (table, _event, key) in EVENT_KEYS.items():
        ids = _read_raw(inc / f"{table}.csv", [key]).select(norm_id(pl.col(key)))
        out[system] = set(ids.drop_nulls().to_series().to_list())
    return out


def id_stability(before: Any, after: Any, changed: dict[str, set[str]]) -> dict[str, Any]:
    """Compare two identity maps (polars frames: record_key, source_system, record_id,
    customer_id).  A customer of ``before`` is *unchanged* when none of its records is touched by
    the increment; it *keeps its id* when every one of its records has that customer_id after."""
    import polars as pl

    from c360.evaluate import norm_id

    touched = pl.DataFrame(
        [(s, i) for s, ids in changed.items() for i in ids], schema=["source_system", "_rid"], orient="row"
    ) if any(changed.values()) else pl.DataFrame(schema={"source_system": pl.String, "_rid": pl.String})
    b = before.select("record_key", "source_system", norm_id(pl.col("record_id")).alias("_rid"),
                      pl.col("customer_id").alias("cid_before"))
    card = pl.col("_rid").str.replace_all(r"\D", "")
    b = b.with_columns(pl.when(pl.col("source_system") == "pos_card").then(card).otherwise(pl.col("_rid"))
                       .alias("_rid"))
    b = b.join(touched.with_columns(pl.lit(True).alias("touched")), on=["source_system", "_rid"], how="left")
    b = b.with_columns(pl.col("touched").fill_null(False))
    a = after.select("record_key", pl.col("customer_id").alias("cid_after"))
    j = b.join(a, on="record_key", how="left")
    per_cust = j.group_by("cid_before").agg(
        pl.col("touched").any().alias("touched"),
        (pl.col("cid_after") == pl.col("cid_before")).fill_null(False).all().alias("kept"),
        pl.col("cid_after").is_null().any().alias("lost_record"),
        pl.col("cid_after").n_unique().alias("after_ids"),
    )
    # how many customers of the first build each id of the second build gathers (> 1: a merge),
    # and whether that customer holds a record the increment brought or touched (a merge through
    # the new data, which the merge rule requires; else two old customers joined by old records:
    # a decision that flipped with the re-estimated parameters)
    touched_keys = j.filter(pl.col("touched")).select("record_key")
    a_flag = a.join(b.select("record_key", pl.lit(True).alias("_old")), on="record_key", how="left").join(
        touched_keys.with_columns(pl.lit(True).alias("_touched")), on="record_key", how="left")
    via_increment = a_flag.group_by("cid_after").agg(
        (pl.col("_old").is_null() | pl.col("_touched").fill_null(False)).any().alias("via_increment"))
    gathered = j.drop_nulls("cid_after").group_by("cid_after").agg(
        pl.col("cid_before").n_unique().alias("gathered")).join(via_increment, on="cid_after", how="left")
    per_cust = per_cust.join(
        j.drop_nulls("cid_after").group_by("cid_before").agg(pl.col("cid_after").first()),
        on="cid_before", how="left",
    ).join(gathered, on="cid_after", how="left")
    unchanged = per_cust.filter(~pl.col("touched"))
    n_unch = unchanged.height
    kept = unchanged.filter(pl.col("kept")).height
    lost = unchanged.filter(~pl.col("kept"))
    lost_erased = lost.filter(pl.col("lost_record"))
    lost_split = lost.filter(~pl.col("lost_record") & (pl.col("after_ids") > 1))
    lost_merged = lost.filter(~pl.col("lost_record") & (pl.col("after_ids") == 1) & (pl.col("gathered") > 1))
    rec_unch = j.filter(~pl.col("touched"))
    rec_kept = rec_unch.filter(pl.col("cid_after") == pl.col("cid_before")).height
    return {
        "customers_before": per_cust.height,
        "customers_after": after.get_column("customer_id").n_unique(),
        "customers_unchanged": n_unch,
        "customers_unchanged_kept_id": kept,
        "share_unchanged_customers_kept_id": round(kept / n_unch, 6) if n_unch else None,
        "customers_unchanged_split": unchanged.filter(pl.col("after_ids") > 1).height,
        # why unchanged customers lost their id: split, merged with another customer of the first
        # build whose id survived (oldest id, ties: smallest), a record gone (erased), or none of
        # these (an id re-issued without cause: should be 0)
        "customers_unchanged_lost_id_split": lost_split.height,
        "customers_unchanged_lost_id_merged": lost_merged.height,
        "customers_unchanged_lost_id_merged_via_increment": lost_merged.filter(pl.col("via_increment")).height,
        "customers_unchanged_lost_id_merged_old_records_only": lost_merged.filter(~pl.col("via_increment")).height,
        "customers_unchanged_lost_id_record_gone": lost_erased.height,
        "customers_unchanged_lost_id_unexplained": lost.height - lost_split.height - lost_merged.height
        - lost_erased.height,
        "customers_touched": per_cust.height - n_unch,
        "customers_touched_kept_id": per_cust.filter(pl.col("touched") & pl.col("kept")).height,
        "records_unchanged": rec_unch.height,
        "records_unchanged_kept_id": rec_kept,
        "share_unchanged_records_kept_id": round(rec_kept / rec_unch.height, 6) if rec_unch.height else None,
        "records_before": before.height,
        "records_after": after.height,
    }


def _read_map(db: Path) -> Any:
    from c360.evaluate import read_identity_map

    return read_identity_map(db)


# --- one size -------------------------------------------------------------------------------------


def ensure_data(n: int, seed: int, root: Path, increment: bool = False) -> tuple[Path, float | None]:
    out = root / f"bench_{n}"
    inc = root / f"bench_{n}_inc"
    have = (out / "_truth" / "records.csv").exists() and (not increment or (inc / "_truth" / "records.csv").exists())
    if have:
        return out, None
    cmd = [_bin("c360"), "generate", "--persons", str(n), "--seed", str(seed), "--out", str(out), "--no-progress"]
    if increment:
        cmd += ["--increment-out", str(inc), "--increment-fraction", "0.01"]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO)
    return out, round(time.perf_counter() - t0, 1)


def _timeout(args: argparse.Namespace) -> float | None:
    """Seconds left for the next step: --timeout, capped by --deadline (UTC HH:MM today)."""
    t = args.timeout
    if getattr(args, "deadline", None):
        now = dt.datetime.now(dt.timezone.utc)
        hh, mm = (int(x) for x in args.deadline.split(":"))
        end = now.replace(hour=hh, minute=mm, second=0, microsecond=0)
        left = max(1.0, (end - now).total_seconds())
        t = left if t is None else min(t, left)
    return t


def bench_size(n: int, args: argparse.Namespace, say: Any = print) -> dict[str, Any]:
    root: Path = args.data_root
    root.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {"persons": n, "seed": args.seed, "started": _now(), "load_start": load_average(),
                           "code": _git_commit()}
    data, gen_s = ensure_data(n, args.seed, root, increment=args.stability)
    res["data_dir"], res["generate_seconds"] = str(data), gen_s
    res["input_mb"] = round(sum(f.stat().st_size for f in data.glob("*.csv")) / 2**20, 1)
    db = root / f"bench_{n}.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    work = root / f"bench_{n}_run"
    shutil.rmtree(work, ignore_errors=True)
    res["calibration"] = calibrate(work)
    say(f"[{_now()}] machine calibration: {res['calibration']['seconds']:.1f} s")
    say(f"[{_now()}] {n:,} persons: dbt build (load {res['load_start']})")
    build = dbt_build(data, db, work, "full", timeout=_timeout(args))
    res["build"] = build
    res["warehouse_mb"] = round(db.stat().st_size / 2**20, 1) if db.exists() else None
    res["load_end_build"] = load_average()
    say(f"[{_now()}] build: {build['seconds']:.0f} s, peak {build['peak_mb']:.0f} MB, rc {build['returncode']}"
        + (" (KILLED)" if build["killed"] else ""))
    return finish_size(res, data, db, work, args, say)


def finish_size(res: dict[str, Any], data: Path, db: Path, work: Path, args: argparse.Namespace,
                say: Any = print) -> dict[str, Any]:
    """After the build: rows, quality, optional Splink and id stability; deletes the warehouse
    unless --keep."""
    n, build = res["persons"], res["build"]
    ok = build["returncode"] == 0 and not build["killed"]
    if db.exists() and not build["killed"]:
        res["rows"] = table_rows(db)
        try:
            from c360.evaluate import evaluate

            ev = evaluate(db, data / "_truth")
            res["quality"] = {"pairwise": ev["pairwise"], "bcubed": ev["bcubed"], "records": ev["records"],
                              "predicted_customers": ev["predicted_customers"], "true_persons": ev["true_persons"],
                              "unmatched_rows": ev["map"]["unmatched_rows"], "seconds": ev["seconds"]}
        except Exception as e:  # noqa: BLE001 (a failed build may lack the map)
            res["quality_error"] = f"{type(e).__name__}: {e}"
    ok = ok or (not build["killed"] and (res.get("rows") or {}).get("marts.customer_identity_map") is not None)
    if args.splink and ok:
        out = work / "splink.json"
        cmd = [_bin("c360"), "bench-splink", "--data", str(data), "--db", str(db), "--out", str(out),
               "--our-seconds", str(build["seconds"]), "--our-peak-mb", str(build["peak_mb"])]
        say(f"[{_now()}] bench-splink")
        sp = run_measured(cmd, dict(os.environ), work / "splink.log", _timeout(args))
        res["splink"] = {"seconds": sp["seconds"], "peak_mb": sp["peak_mb"], "returncode": sp["returncode"]}
        if out.exists():
            s = json.loads(out.read_text(encoding="utf-8"))["splink"]
            res["splink"].update({
                "splink_seconds": s.get("seconds_total"), "splink_peak_mb": s.get("peak_mb"),
                "pairwise": s["evaluation"]["pairwise"], "bcubed": s["evaluation"]["bcubed"],
            })
    if args.stability and ok:
        res["stability"] = stability_run(n, data, args.data_root / f"bench_{n}_inc", db, work, args, say)
    res["load_end"] = load_average()
    res["finished"] = _now()
    if not args.keep:
        for p in (db, Path(str(db) + ".wal")):
            p.unlink(missing_ok=True)
    return res


def stability_run(n: int, data: Path, inc: Path, db: Path, work: Path, args: argparse.Namespace,
                  say: Any) -> dict[str, Any]:
    """Second ``dbt build`` (no --full-refresh) on base + increment, and id stability."""
    before = _read_map(db)
    combined = args.data_root / f"bench_{n}_combined"
    shutil.rmtree(combined, ignore_errors=True)
    combine_dirs(data, inc, combined)
    # the append-only suppression list the rerun starts from, for the fresh rebuild to start from
    saved_list = work / "suppression_list_before_rerun.parquet"
    have_list = getattr(args, "rebuild", False) and save_suppression_list(db, saved_list)
    say(f"[{_now()}] rerun on base + increment (load {load_average()})")
    rerun = dbt_build(combined, db, work, "rerun", timeout=_timeout(args))
    out: dict[str, Any] = {"rerun": rerun, "increment_rows": sum(
        max(0, sum(1 for _ in f.open("rb")) - 1) for f in inc.glob("*.csv"))}
    say(f"[{_now()}] rerun: {rerun['seconds']:.0f} s, peak {rerun['peak_mb']:.0f} MB, rc {rerun['returncode']}")
    if rerun["returncode"] == 0 or (not rerun["killed"] and db.exists()):
        try:
            after = _read_map(db)
            out.update(id_stability(before, after, changed_records(inc)))
        except Exception as e:  # noqa: BLE001
            out["error"] = f"{type(e).__name__}: {e}"
        out["quality"] = _quality(db, combined / "_truth", out)
    if getattr(args, "rebuild", False) and not rerun["killed"]:
        fresh = db.with_name(db.stem + "_rebuild.duckdb")
        for p in (fresh, Path(str(fresh) + ".wal")):
            p.unlink(missing_ok=True)
        if have_list:
            seed_suppression_list(saved_list, fresh)
        say(f"[{_now()}] full rebuild on base + increment (load {load_average()})")
        rebuild = dbt_build(combined, fresh, work, "rebuild", timeout=_timeout(args))
        out["rebuild"] = rebuild
        say(f"[{_now()}] rebuild: {rebuild['seconds']:.0f} s, peak {rebuild['peak_mb']:.0f} MB, "
            f"rc {rebuild['returncode']}")
        if fresh.exists() and not rebuild["killed"]:
            out["rebuild_quality"] = _quality(fresh, combined / "_truth", out)
            if rerun["returncode"] == 0 and rebuild["returncode"] == 0:
                report = compare(db, fresh, samples=0)
                out["equal_to_rebuild"] = report["equal"]
                out["tables_differing"] = sorted(t for t, v in report["tables"].items() if not v["equal"])
                say(f"[{_now()}] incremental == rebuild: {report['equal']} {out['tables_differing']}")
            if not args.keep:
                for p in (fresh, Path(str(fresh) + ".wal")):
                    p.unlink(missing_ok=True)
    shutil.rmtree(combined, ignore_errors=True)
    return out


def _quality(db: Path, truth: Path, out: dict[str, Any]) -> dict[str, Any] | None:
    """Pairwise and B-cubed figures of the identity map in ``db`` against ``truth`` (None on failure,
    with the error in ``out``)."""
    if not (truth / "records.csv").exists():
        return None
    try:
        from c360.evaluate import evaluate

        ev = evaluate(db, truth)
        return {"pairwise": ev["pairwise"], "bcubed": ev["bcubed"]}
    except Exception as e:  # noqa: BLE001
        out["quality_error"] = f"{type(e).__name__}: {e}"
        return None


# --- report ------------------------------------------------------------------------------------------


def _f(x: Any, fmt: str = ".4f") -> str:
    return "–" if x is None else format(x, fmt)


def _human_rows(rows: dict[str, Any] | None) -> str:
    if not rows:
        return "–"
    return ", ".join(f"{k.split('.')[-1]} {_f(v, ',')}" for k, v in rows.items())


def _threads_note(threads: str) -> str:
    if str(threads) == "1":
        return "1 dbt thread, so nodes ran one at a time"
    return f"{threads} dbt threads, so the sum can exceed the wall time"


def render_size(r: dict[str, Any]) -> list[str]:
    b = r.get("build", {})
    q = r.get("quality") or {}
    pw, b3 = q.get("pairwise") or {}, q.get("bcubed") or {}
    status = "killed at timeout" if b.get("killed") else ("ok" if b.get("returncode") == 0 else
                                                          f"dbt exit code {b.get('returncode')}")
    lines = [
        f"### {r['persons']:,} persons",
        "",
        f"Run {r.get('started')} → {r.get('finished')}; load average (1, 5, 15 min) at start "
        f"{r.get('load_start')}, after the build {r.get('load_end_build')}, at the end {r.get('load_end')}."
        + (f" Code: git {r['code']}." if r.get("code") else ""),
        "",
        "| measure | value |",
        "|---|---|",
        f"| build status | {status} |",
        f"| wall seconds (full `dbt build`) | {_f(b.get('seconds'), '.1f')} |",
        f"| machine calibration seconds (`bench.calibrate`, fixed DuckDB workload; lower is faster) | "
        f"{_f((r.get('calibration') or {}).get('seconds'), '.1f')} |",
        f"| peak memory, dbt process tree (MB) | {_f(b.get('peak_mb'), ',.0f')} |",
        f"| warehouse file (MB) | {_f(r.get('warehouse_mb'), ',.1f')} |",
        f"| source CSVs (MB) | {_f(r.get('input_mb'), ',.1f')} |",
        f"| rows | {_human_rows(r.get('rows'))} |",
        f"| pairwise precision / recall / F1 | {_f(pw.get('precision'))} / {_f(pw.get('recall'))} / "
        f"{_f(pw.get('f1'))} |",
        f"| B-cubed precision / recall / F1 | {_f(b3.get('precision'))} / {_f(b3.get('recall'))} / "
        f"{_f(b3.get('f1'))} |",
    ]
    if q:
        lines.append(f"| identity records / predicted customers / true persons | {q.get('records', 0):,} / "
                     f"{q.get('predicted_customers', 0):,} / {q.get('true_persons', 0):,} |")
    if r.get("generate_seconds") is not None:
        lines.append(f"| data generation seconds (not in the build time) | {r['generate_seconds']:.1f} |")
    sp = r.get("splink")
    if sp:
        spw = sp.get("pairwise") or {}
        lines.append(f"| Splink (`c360 bench-splink`): pairwise P / R / F1, B-cubed F1 | {_f(spw.get('precision'))} "
                     f"/ {_f(spw.get('recall'))} / {_f(spw.get('f1'))}, {_f((sp.get('bcubed') or {}).get('f1'))} |")
        lines.append(f"| Splink seconds (load + train + predict + cluster) / whole command / peak MB | "
                     f"{_f(sp.get('splink_seconds'), '.1f')} / {_f(sp.get('seconds'), '.1f')} / "
                     f"{_f(sp.get('peak_mb'), ',.0f')} |")
    if r.get("quality_error"):
        lines.append(f"| evaluation | failed: {r['quality_error']} |")
    lines.append("")
    rr = b.get("run_results")
    if rr:
        total = sum(v["seconds"] for v in rr["layers"].values())
        lines += [
            f"Seconds per layer (sum of `execution_time` in run_results.json; {_threads_note(r.get('threads', '2'))}; dbt's own elapsed_time {_f(rr.get('elapsed_time'), '.1f')} s; "
            f"node statuses {', '.join(f'{k} {v}' for k, v in rr['statuses'].items())}):",
            "",
            "| layer | nodes | seconds | share |",
            "|---|---:|---:|---:|",
        ]
        for k, v in rr["layers"].items():
            share = v["seconds"] / total if total else 0
            lines.append(f"| {k} | {v['nodes']} | {v['seconds']:.1f} | {share:.0%} |")
        lines += ["", "Slowest models:", "", "| model | layer | seconds |", "|---|---|---:|"]
        for m in rr["slowest_models"]:
            lines.append(f"| `{m['model']}` | {m['layer']} | {m['seconds']:.1f} |")
        lines.append("")
    pr = b.get("progress")
    if pr:
        done = pr["models_completed"]
        lines += [
            f"The build did not finish; from dbt's console log: {pr['nodes_finished']} of "
            f"{pr['nodes_total']} nodes finished, {len(done)} models completed"
            + (f", running when stopped: {', '.join('`' + s + '`' for s in pr['running_when_stopped'])}"
               if pr["running_when_stopped"] else "") + ".",
            "",
        ]
        if done:
            lines += ["| completed model | seconds |", "|---|---:|"]
            for m in done:
                lines.append(f"| `{m['model']}` | {m['seconds']:.1f} |")
            lines.append("")
    st = r.get("stability")
    if st:
        rb = st.get("rerun", {})
        full_s = b.get("seconds")
        finished = rb.get("returncode") == 0
        ratio = rb.get("seconds") / full_s if finished and rb.get("seconds") and full_s else None
        qa, qr = st.get("quality") or {}, st.get("rebuild_quality") or {}
        fa, fr = (qa.get("pairwise") or {}).get("f1"), (qr.get("pairwise") or {}).get("f1")
        reb = st.get("rebuild") or {}
        lines += [
            "Incremental run on base + 1 % increment (the same warehouse built again with `dbt build`, no "
            "`--full-refresh`, on the exports with the increment appended) and customer_id stability:",
            "",
            "| measure | value |",
            "|---|---|",
            f"| increment rows (all files) | {_f(st.get('increment_rows'), ',')} |",
            f"| **incremental build wall seconds** / peak MB | **{_f(rb.get('seconds'), '.1f')}** / "
            f"{_f(rb.get('peak_mb'), ',.0f')} (exit code {rb.get('returncode')}) |",
            f"| **incremental / full build time** | **{_f(ratio, '.1%')}**"
            + ("" if finished else " (the incremental build did not finish)") + " |",
            f"| pairwise P / R / F1 after the increment | {_f((qa.get('pairwise') or {}).get('precision'))} / "
            f"{_f((qa.get('pairwise') or {}).get('recall'))} / {_f(fa)} |",
        ]
        if reb:
            lines += [
                f"| fresh full build on base + increment: wall seconds / peak MB | {_f(reb.get('seconds'), '.1f')} / "
                f"{_f(reb.get('peak_mb'), ',.0f')} (exit code {reb.get('returncode')}) |",
                f"| pairwise F1 of the fresh full build / difference | {_f(fr)} / "
                f"{_f(None if fa is None or fr is None else fa - fr, '+.6f')} |",
                f"| every table equal to the fresh build (`c360 compare-builds`) | {st.get('equal_to_rebuild')}"
                + (f" (differ: {', '.join(st.get('tables_differing') or [])})" if st.get("tables_differing") else "")
                + " |",
            ]
        lines += [
            f"| customers before / after | {_f(st.get('customers_before'), ',')} / "
            f"{_f(st.get('customers_after'), ',')} |",
            f"| **unchanged customers keeping their customer_id** | **{_f(st.get('customers_unchanged_kept_id'), ',')}"
            f" of {_f(st.get('customers_unchanged'), ',')} = {_f(st.get('share_unchanged_customers_kept_id'), '.4%')}**"
            " |",
            f"| unchanged customers split over several ids | {_f(st.get('customers_unchanged_split'), ',')} |",
            "| unchanged customers that lost their id: split / merged with another customer (its id won) / a"
            f" record gone / no cause | {_f(st.get('customers_unchanged_lost_id_split'), ',')} / "
            f"{_f(st.get('customers_unchanged_lost_id_merged'), ',')} / "
            f"{_f(st.get('customers_unchanged_lost_id_record_gone'), ',')} / "
            f"{_f(st.get('customers_unchanged_lost_id_unexplained'), ',')} |",
            "| of those merged: through a record the increment brought or touched (the merge rule at work) /"
            f" old records only (a decision that flipped) | {_f(st.get('customers_unchanged_lost_id_merged_via_increment'), ',')}"
            f" / {_f(st.get('customers_unchanged_lost_id_merged_old_records_only'), ',')} |",
            f"| unchanged records keeping their customer_id | {_f(st.get('records_unchanged_kept_id'), ',')} of "
            f"{_f(st.get('records_unchanged'), ',')} = {_f(st.get('share_unchanged_records_kept_id'), '.4%')} |",
            f"| customers touched by the increment keeping their id | {_f(st.get('customers_touched_kept_id'), ',')}"
            f" of {_f(st.get('customers_touched'), ',')} |",
            "",
        ]
        ipr = rb.get("progress")
        if ipr:
            done = ipr["models_completed"]
            lines += [f"The incremental build did not finish: {ipr['nodes_finished']} of {ipr['nodes_total']} nodes, "
                      f"{len(done)} models completed"
                      + (f", running when stopped: {', '.join('`' + x + '`' for x in ipr['running_when_stopped'])}"
                         if ipr["running_when_stopped"] else "") + ".", "",
                      "| model completed in the incremental build | seconds |", "|---|---:|"]
            for m in sorted(done, key=lambda m: -m["seconds"])[:12]:
                lines.append(f"| `{m['model']}` | {m['seconds']:.1f} |")
            lines.append("")
        irr = rb.get("run_results")
        if irr:
            lines += ["Incremental run, seconds per layer and slowest models:", "",
                      "| layer | seconds (incremental) | seconds (full) |", "|---|---:|---:|"]
            full_layers = (rr or {}).get("layers", {})
            for k, v in irr["layers"].items():
                lines.append(f"| {k} | {v['seconds']:.1f} | {_f((full_layers.get(k) or {}).get('seconds'), '.1f')} |")
            lines += ["", "| model (incremental run) | layer | seconds |", "|---|---|---:|"]
            for m in irr["slowest_models"]:
                lines.append(f"| `{m['model']}` | {m['layer']} | {m['seconds']:.1f} |")
            lines.append("")
        if st.get("error"):
            lines += [f"Stability comparison failed: {st['error']}", ""]
    return lines


TARGET_FULL_SECONDS_1M = 600.0
TARGET_PEAK_MB = 6144.0
TARGET_INCREMENTAL_SHARE = 0.10
TARGET_ID_STABILITY = 0.999
TARGET_F1_DIFFERENCE = 0.001


def _verdict(ok: bool | None, detail: str = "") -> str:
    if ok is None:
        return "not measured"
    return ("met" if ok else "**missed**") + (f" ({detail})" if detail else "")


def render_targets(results: dict[str, dict[str, Any]]) -> list[str]:
    """The issue's targets against the measured figures: 1M full build time and peak memory,
    incremental share, id stability and F1 after the increment per size, and how the wall time
    grows with the number of persons (the exponent k of t ~ n^k between consecutive sizes; 1 is
    linear). A missed target says by how much."""
    sizes = sorted(results.values(), key=lambda r: r["persons"])
    ok_builds = [r for r in sizes if (r.get("build") or {}).get("returncode") == 0 and r["build"].get("seconds")]
    lines = ["## Targets", "",
             "| target | size | measured | verdict |", "|---|---:|---|---|"]
    big = [r for r in sizes if r["persons"] >= 1_000_000]
    for r in big:
        b = r.get("build") or {}
        secs, peak = b.get("seconds"), b.get("peak_mb")
        ok = None if secs is None or b.get("returncode") != 0 else secs <= TARGET_FULL_SECONDS_1M
        lines.append(f"| full build ≤ {TARGET_FULL_SECONDS_1M:.0f} s | {r['persons']:,} | {_f(secs, '.0f')} s | "
                     + _verdict(ok, "" if ok or secs is None else f"{secs / TARGET_FULL_SECONDS_1M:.1f}× the target")
                     + " |")
        okp = None if peak is None else peak <= TARGET_PEAK_MB
        lines.append(f"| peak memory ≤ 6 GiB ({TARGET_PEAK_MB:,.0f} MB) | {r['persons']:,} | {_f(peak, ',.0f')} MB | "
                     + _verdict(okp) + " |")
    if not big:
        lines.append("| full build ≤ 600 s, peak ≤ 6 GiB | 1,000,000 | – | not measured |")
    for r in sizes:
        st = r.get("stability") or {}
        if not st:
            continue
        rb, full_s = st.get("rerun") or {}, (r.get("build") or {}).get("seconds")
        share = rb["seconds"] / full_s if rb.get("returncode") == 0 and rb.get("seconds") and full_s else None
        lines.append(f"| incremental run ≤ {TARGET_INCREMENTAL_SHARE:.0%} of the full build | {r['persons']:,} | "
                     f"{_f(share, '.1%')} | "
                     + _verdict(None if share is None else share <= TARGET_INCREMENTAL_SHARE,
                                "" if share is None or share <= TARGET_INCREMENTAL_SHARE
                                else f"{share / TARGET_INCREMENTAL_SHARE:.1f}× the target") + " |")
        kept = st.get("share_unchanged_customers_kept_id")
        lines.append(f"| unchanged customers keep their id ≥ {TARGET_ID_STABILITY:.1%} | {r['persons']:,} | "
                     f"{_f(kept, '.3%')} | " + _verdict(None if kept is None else kept >= TARGET_ID_STABILITY) + " |")
        fa = ((st.get("quality") or {}).get("pairwise") or {}).get("f1")
        fr = ((st.get("rebuild_quality") or {}).get("pairwise") or {}).get("f1")
        diff = None if fa is None or fr is None else abs(fa - fr)
        lines.append(f"| F1 after the increment within {TARGET_F1_DIFFERENCE} of a full rebuild | {r['persons']:,} | "
                     + (f"{_f(fa)} vs {_f(fr)}" if diff is not None else f"{_f(fa)} (no rebuild run)") + " | "
                     + _verdict(None if diff is None else diff <= TARGET_F1_DIFFERENCE) + " |")
    for a, b in zip(ok_builds, ok_builds[1:]):
        k = math.log(b["build"]["seconds"] / a["build"]["seconds"]) / math.log(b["persons"] / a["persons"])
        lines.append(f"| time grows close to linearly (t ~ n^k, k ≈ 1) | {a['persons']:,} → {b['persons']:,} | "
                     f"k = {k:.2f} ({a['build']['seconds']:.0f} → {b['build']['seconds']:.0f} s) | "
                     + ("linear or better" if k <= 1.15 else "**missed** (grows faster than linear)")
                     + _code_note(a, b) + " |")
    lines += ["", "Where the time goes: the slowest models and layers of each size below; what would change it: "
              "[incremental.md](incremental.md#what-is-not-incremental-yet-and-what-would-change-it).", ""]
    return lines


def _code_note(a: dict[str, Any], b: dict[str, Any]) -> str:
    """A warning for a growth figure whose two sizes were measured on different code."""
    ca, cb = a.get("code"), b.get("code")
    return f"; measured on different code ({ca} vs {cb})" if ca and cb and ca != cb else ""


def _incremental_cell(r: dict[str, Any]) -> str:
    rb = (r.get("stability") or {}).get("rerun") or {}
    full_s = (r.get("build") or {}).get("seconds")
    if not rb.get("seconds") or not full_s:
        return "–"
    if rb.get("returncode") != 0:
        return f"stopped after {rb['seconds']:.0f}"
    return f"{rb['seconds']:.0f} ({rb['seconds'] / full_s:.0%})"


def render_report(results: dict[str, dict[str, Any]], machine: dict[str, Any], plot_note: str) -> str:
    sizes = sorted(results.values(), key=lambda r: r["persons"])
    lines = [
        "# Benchmark: full `dbt build` at several sizes",
        "",
        "Written by `c360 bench` (python/src/c360/bench.py); rerun a size with e.g. "
        "`c360 bench --persons 100000 --data-root /tmp/bench`, and the other sizes here are kept.",
        "",
        "What is measured per size: a FULL `dbt build --exclude \"test_type:unit\"` (seeds, every model, every "
        "data test) on a fresh DuckDB file, over data from `c360 generate --persons N --seed S`: wall seconds, "
        "peak resident memory of the dbt process and its children (psutil, sampled every 0.2 s), the "
        "warehouse file size, seconds per layer and the slowest models (run_results.json), rows of the main "
        "tables, and pairwise / B-cubed precision, recall and F1 of `marts.customer_identity_map` against the "
        "generator's truth (`c360 evaluate`).",
        "",
        "**Caveat: the machine is shared.** It has "
        f"{machine.get('nproc')} cores and {machine.get('ram_gb')} GB RAM, and other engineers' builds "
        "(dbt, sqlfluff, Spark) were running at the same time; the load average (from `uptime`) is recorded at "
        "the start and end of each run. Timings are therefore noisy and pessimistic; memory and quality figures "
        "are not affected.",
        "",
        "**Incremental runs** (`--stability`, where shown): the warehouse of the full build is built again "
        "with `dbt build` (no `--full-refresh`) on the exports with a 1 % increment appended. The memoized "
        "models (docs/incremental.md) then compute only what the new and changed rows touch; the other "
        "models are rebuilt. With `--rebuild` a fresh full build of the same data is timed and scored too and "
        "`c360 compare-builds` checks that the two warehouses hold the same rows; the fresh build starts "
        "from the `pii_suppression_list` the incremental run started from (the list is append-only "
        "history, which a fresh warehouse would otherwise lack).",
        "",
        "## Summary",
        "",
        "| persons | status | wall s | peak MB | warehouse MB | pairwise P | pairwise R | pairwise F1 | B-cubed F1 "
        "| identity map rows | customer_360 rows | incremental s (share of full) | load avg start → end |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in sizes:
        b = r.get("build", {})
        q = r.get("quality") or {}
        rows = r.get("rows") or {}
        status = "killed" if b.get("killed") else ("ok" if b.get("returncode") == 0 else f"exit {b.get('returncode')}")
        lines.append(
            f"| {r['persons']:,} | {status} | {_f(b.get('seconds'), '.0f')} | {_f(b.get('peak_mb'), ',.0f')} | "
            f"{_f(r.get('warehouse_mb'), ',.0f')} | {_f((q.get('pairwise') or {}).get('precision'))} | "
            f"{_f((q.get('pairwise') or {}).get('recall'))} | {_f((q.get('pairwise') or {}).get('f1'))} | "
            f"{_f((q.get('bcubed') or {}).get('f1'))} | {_f(rows.get('marts.customer_identity_map'), ',')} | "
            f"{_f(rows.get('marts.customer_360'), ',')} | {_incremental_cell(r)} | "
            f"{r.get('load_start', '?').split(',')[0]} → "
            f"{str(r.get('load_end', '?')).split(',')[0]} |"
        )
    lines += ["", plot_note, ""] + render_targets(results) + ["## How to read the figures", "",
              "- *wall seconds*: the whole `dbt build` command, including dbt's start-up and a full parse of the "
              "project (a fresh target path, so no partial parsing; about 40 s on this machine under load); dbt's "
              "own `elapsed_time` (in each size's section) excludes the parse.",
              "- *seconds per layer*: sums of `execution_time` of the nodes of each model folder (tests: every data "
              "test); with more than one dbt thread (C360_THREADS) nodes overlap, so the sum can exceed the wall "
              "time, and each node's seconds include the time it waited for the cores the other thread used.",
              "- *peak memory*: the largest sum of RSS over the dbt process and its children seen in 0.2 s "
              "samples; DuckDB runs inside the dbt process.",
              "- *quality*: `c360 evaluate` scoring of `marts.customer_identity_map` (pairwise over record "
              "pairs, B-cubed over records) against `<data>/_truth`.",
              "- *customer_id stability* (where measured): the warehouse of the full build is built again with "
              "`dbt build` (no `--full-refresh`) on base + increment data (each increment file appended to the "
              "base file; for a re-exported record the later `updated_at` wins in staging). A customer of the "
              "first build is *unchanged* when none of its identity records is touched by the increment (not "
              "re-exported, and no new rows for its cards, e-mail subscribers or web devices); it *keeps its id* "
              "when every one of its records has the same customer_id after the second build. New records joining "
              "an unchanged customer do not make it changed.",
              "", "## Per size", ""]
    for r in sizes:
        lines += render_size(r)
    lines += [
        "## Machine and software",
        "",
        f"- cores (nproc): {machine.get('nproc')}; RAM: {machine.get('ram_gb')} GB; {machine.get('platform')}; "
        f"Python {machine.get('python')}",
        f"- {', '.join(f'{k} {v}' for k, v in (machine.get('versions') or {}).items())}; dbt threads: "
        f"{machine.get('threads')}",
        f"- code: git {machine.get('git')}",
        "- shared machine: see the load averages above (a load of 2 saturates both cores).",
        "",
    ]
    return "\n".join(lines)


def read_report_data(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    i = text.find(DATA_MARK)
    if i < 0:
        return {}
    body = text[i + len(DATA_MARK):]
    body = body[: body.find("-->")]
    try:
        return json.loads(body)
    except json.JSONDecodeError:
        return {}


def write_report(path: Path, new_results: list[dict[str, Any]], machine: dict[str, Any]) -> Path | None:
    data = read_report_data(path)
    results = {str(k): v for k, v in (data.get("results") or {}).items()}
    for r in new_results:
        results[str(r["persons"])] = r
    plot_path = path.parent / DEFAULT_PLOT
    made = make_plot(results, plot_path)
    note = (f"![seconds vs persons]({DEFAULT_PLOT})" if made else
            "(No plot: matplotlib is not installed; `pip install -r requirements-bench.txt` and rerun to draw "
            f"{DEFAULT_PLOT}.)")
    text = render_report(results, machine, note)
    blob = json.dumps({"machine": machine, "results": results}, indent=1, ensure_ascii=False)
    text += f"\n{DATA_MARK}\n{blob.replace('-->', '-- >')}\n-->\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return plot_path if made else None


def make_plot(results: dict[str, dict[str, Any]], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    pts = sorted((r["persons"], r["build"]["seconds"], bool(r["build"].get("killed")))
                 for r in results.values() if r.get("build", {}).get("seconds") is not None)
    if not pts:
        return False
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    done = [(p, s) for p, s, k in pts if not k]
    if done:
        ax.plot([p for p, _ in done], [s for _, s in done], "o-", label="full dbt build (completed)")
    cut = [(p, s) for p, s, k in pts if k]
    if cut:
        ax.plot([p for p, _ in cut], [s for _, s in cut], "x", color="red", markersize=10,
                label="killed at timeout (lower bound)")
    if done and len({p for p, _, _ in pts}) > 1:
        p0, s0 = done[0]
        xs = [p for p, _, _ in pts]
        ax.plot([p0, max(xs)], [s0, s0 * max(xs) / p0], "--", color="grey", label="linear from the smallest size")
    for p, sec, _k in pts:
        ax.annotate(f"{sec:.0f} s", (p, sec), textcoords="offset points", xytext=(6, -12), fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("persons")
    ax.set_ylabel("wall seconds")
    ax.set_title("c360 full dbt build, 2 cores, shared machine")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return True


# --- CLI --------------------------------------------------------------------------------------------


def add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--persons", type=int, default=None, help="one size (number of true persons)")
    p.add_argument("--sizes", default=None, help="comma-separated sizes, e.g. 20000,100000")
    p.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    p.add_argument("--data-root", type=Path, default=Path("data"),
                   help="where bench_<N>/ data, warehouses and dbt target/log folders go (default data/)")
    p.add_argument("--keep", action="store_true", help="keep the warehouse files (default: delete after measuring)")
    p.add_argument("--report", type=Path, default=DEFAULT_REPORT, help=f"markdown report (default {DEFAULT_REPORT})")
    p.add_argument("--no-report", action="store_true", help="do not write the report")
    p.add_argument("--splink", action="store_true", help="also run c360 bench-splink on the same warehouse")
    p.add_argument("--stability", action="store_true",
                   help="also run the incremental build on base + 1 %% increment: seconds, customer_id "
                        "stability, F1 after the increment")
    p.add_argument("--rebuild", action="store_true",
                   help="with --stability: also a fresh full build on base + increment (seconds, F1) and "
                        "c360 compare-builds of the incremental warehouse with it")
    p.add_argument("--timeout", type=float, default=None, help="kill a dbt build after this many seconds")
    p.add_argument("--deadline", default=None,
                   help="UTC time HH:MM today by which every dbt build is killed (like --timeout)")
    p.add_argument("--tests-warn", action="store_true",
                   help="with --snapshot: data tests warn instead of error, so a failing test skips no model")
    p.add_argument("--rev", default="HEAD", help="with --snapshot: the git revision to export (default HEAD)")
    p.add_argument("--snapshot", action="store_true",
                   help="build a clean export of git HEAD (git archive, under the data root) instead of the "
                        "working tree, which others may be editing")
    p.add_argument("--json", type=Path, default=None, help="also write the results as JSON")


def _print_table(results: list[dict[str, Any]]) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover
        print(json.dumps(results, indent=1))
        return
    t = Table(title="c360 bench (full dbt build)")
    for c in ("persons", "status", "wall s", "peak MB", "warehouse MB", "pairwise P", "pairwise R", "pairwise F1",
              "B3 F1", "map rows", "load start→end"):
        t.add_column(c, justify="right")
    for r in results:
        b, q = r["build"], r.get("quality") or {}
        t.add_row(f"{r['persons']:,}", "killed" if b["killed"] else str(b["returncode"]), _f(b["seconds"], ".0f"),
                  _f(b["peak_mb"], ",.0f"), _f(r.get("warehouse_mb"), ",.0f"),
                  _f((q.get("pairwise") or {}).get("precision")), _f((q.get("pairwise") or {}).get("recall")),
                  _f((q.get("pairwise") or {}).get("f1")), _f((q.get("bcubed") or {}).get("f1")),
                  _f((r.get("rows") or {}).get("marts.customer_identity_map"), ","),
                  f"{r['load_start'].split(',')[0]}→{r['load_end'].split(',')[0]}")
    Console(width=180).print(t)
    for r in results:
        rr = r["build"].get("run_results")
        if rr:
            Console(width=180).print(f"{r['persons']:,}: " + ", ".join(f"{k} {v['seconds']:.0f}s" for k, v in rr["layers"].items()))


def run(args: argparse.Namespace) -> int:
    sizes: list[int] = []
    if args.sizes:
        sizes += [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.persons:
        sizes.append(args.persons)
    if not sizes or min(sizes) < 1:
        print("give --persons N or --sizes N1,N2,...", file=sys.stderr)
        return 2
    global PROJECT
    args.data_root = args.data_root.resolve()
    if args.snapshot:
        args.data_root.mkdir(parents=True, exist_ok=True)
        PROJECT, _sha = snapshot_head(args.data_root, args.tests_warn, args.rev)
    machine = {**machine_facts(), "versions": _versions(), "threads": os.environ.get("C360_THREADS", DEFAULT_THREADS),
               "git": _git_commit()}
    results = []
    for n in dict.fromkeys(sizes):
        r = bench_size(n, args)
        r["threads"] = machine["threads"]
        results.append(r)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        if not args.no_report:
            write_report(args.report, [r], machine)  # after each size: a later kill keeps the earlier ones
    _print_table(results)
    if not args.no_report:
        print(f"report: {args.report}")
    return 0 if all(r["build"]["returncode"] == 0 and not r["build"]["killed"] for r in results) else 1
