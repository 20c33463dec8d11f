"""Benchmark of the detect stage (issue 4, point 5): quality and throughput.

    python bench/detect.py quality [--world-transactions N] [--json FILE]
    python bench/detect.py throughput --transactions N [--json FILE]

``quality``: `evaluate` (time split 0.6) on the default world (seed 7) and on every AMLSim set
in ../shared/data/aml that has labels. ``throughput``: a default world of N transactions,
imported, then graph + all detectors + features timed; transactions per second and the peak
resident memory of the detect stage's process (VmHWM; the world is made and imported in
another) are reported.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from illicitflow.detect.api import prepare
from illicitflow.detect.evaluate import evaluate
from illicitflow.detect.features import feature_names
from illicitflow.store import Store
from illicitflow.transactions import import_transactions
from illicitflow.world.scenario import load_scenario
from illicitflow.world.simulate import simulate

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "aml"
#: DuckDB's memory limit for the throughput run (it spills to disk beyond it), so that the
#: whole process stays within the 8 GB target at 10M transactions.
MEMORY_LIMIT = "5GB"


def _peak_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM, where there is one: ru_maxrss
    carries the high-water mark of the parent a process was forked from across exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _world(n: int, folder: Path) -> Path:
    out = folder / f"world-{n}"
    if not (out / "transactions.parquet").exists():
        simulate(load_scenario("default"), 7, out, n)
    return out


def quality(world_transactions: int, work: Path) -> dict:
    results = {}
    sets = [("world", _world(world_transactions, work), "native")]
    sets += [(p.name, p, "amlsim") for p in sorted(DATA.glob("amlsim_*")) if p.is_dir()]
    for name, path, fmt in sets:
        store = Store.open(work / f"{name}.duckdb")
        import_transactions(store, path, fmt)
        started = time.perf_counter()
        try:
            result = evaluate(store)
        except RuntimeError as exc:
            result = {"skipped": str(exc)}
        result["seconds"] = round(time.perf_counter() - started, 1)
        results[name] = result
        store.close()
        print(name, json.dumps(result), file=sys.stderr)
    return results


def throughput(n: int, work: Path) -> dict:
    """Simulate and import in this process; time the detect stage in a fresh one, so that its
    peak memory is the detect stage's alone."""
    import concurrent.futures
    import multiprocessing

    world = _world(n, work)
    path = work / f"throughput-{n}.duckdb"
    for stale in (path, path.with_name(path.name + ".wal")):  # a fresh store for every run
        stale.unlink(missing_ok=True)
    with Store.open(path) as store:
        import_transactions(store, world, "native")
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(_detect_stage, path, n).result()


def _detect_stage(path: Path, n: int) -> dict:
    store = Store.open(path)
    store.con.execute("SET threads = 2")
    store.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    started = time.perf_counter()
    prepare(store)
    seconds = time.perf_counter() - started
    runs = store.con.execute("SELECT typology, rule, alerts, seconds FROM detector_runs"
                             ).fetchall()
    return {"transactions": n, "seconds": round(seconds, 2),
            "transactions_per_second": round(n / seconds),
            "features": len(feature_names()), "peak_rss_mb": round(_peak_mb()),
            "duckdb_memory_limit": MEMORY_LIMIT,
            "detectors": [{"typology": t, "rule": r, "alerts": a, "seconds": round(s, 2)}
                          for t, r, a, s in runs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["quality", "throughput"])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--world-transactions", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-detect-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.mode == "quality":
        result = quality(args.world_transactions, work)
    else:
        result = throughput(args.transactions, work)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
