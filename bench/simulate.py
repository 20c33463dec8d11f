"""Benchmark: how fast the world is generated, and its peak memory.

    .venv/bin/python bench/simulate.py [--sizes 1000000 10000000] [--seed 7]

Each size runs `illicitflow.world.simulate.simulate` in a fresh child process (so that peak
memory is that size's own), writing the whole world to a temporary folder, and prints
transactions per second over the whole command (cast, regime, economy, all files) and the
child's peak resident memory.

Anchor (not run here: it needs Java and is not part of this project): IBM's AMLSim produced
about 200,000 transactions in about 25 s on this kind of machine, about 8,000 per second.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time

CHILD = """
import json, resource, sys, time
from pathlib import Path
from illicitflow.world.scenario import load_scenario
from illicitflow.world.simulate import simulate
n, seed, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
t = time.perf_counter()
manifest = simulate(load_scenario("default"), seed, out, n)
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"n": manifest["counts"]["transactions"], "seconds": seconds, "peak": peak,
                  "illicit": manifest["counts"]["illicit_transactions"]}))
"""


def run(n: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-world-") as tmp:
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, str(n), str(seed), tmp],
                             check=True, capture_output=True, text=True)
        wall = time.perf_counter() - start
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{'transactions':>14} {'seconds':>8} {'tx/s':>10} {'peak MB':>8} {'illicit %':>9}")
    for n in args.sizes:
        r = run(n, args.seed)
        rate = r["n"] / r["seconds"]
        print(f"{r['n']:>14,} {r['seconds']:>8.2f} {rate:>10,.0f} {r['peak'] / 2**20:>8.0f} "
              f"{100 * r['illicit'] / r['n']:>9.2f}")
    print("anchor: IBM AMLSim about 8,000 tx/s on this kind of machine (200,000 in about 25 s;"
          " quoted, not run)")


if __name__ == "__main__":
    main()
