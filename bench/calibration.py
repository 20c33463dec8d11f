"""The world against the published figures, and the chokepoint experiment.

    .venv/bin/python bench/calibration.py [--seeds 0 1 2 3 4] [--chokepoint-seeds 7 2]

For each seed: the yearly illicit income delivered to the hub (total and per stream) in the
default scenario, against SYSTEM.md's ranges (total $0.5-1B; counterfeit cigarettes, regime
share, $80-160M; supernotes $15-25M). Then, for the chokepoint seeds: the share of the 12-month
revenue after 2005-07-01 cut by designating the 5 true chokepoints, against the mean of 20
draws of 5 random regime-linked entities.
"""

from __future__ import annotations

import argparse
import datetime as dt

from illicitflow.world.cast import build_cast
from illicitflow.world.chokepoints import compare
from illicitflow.world.regime import Run
from illicitflow.world.scenario import load_scenario

RANGES = {"total": (500e6, 1000e6), "counterfeit_cigarettes": (80e6, 160e6),
          "supernotes": (15e6, 25e6)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--chokepoint-seeds", type=int, nargs="+", default=[7, 2])
    args = parser.parse_args()
    scenario = load_scenario("default")
    years = scenario.period.months / 12
    print(f"{'seed':>4} {'total $M/yr':>12} {'cigarettes':>11} {'supernotes':>11}  "
          f"{'illicit tx':>10}")
    for seed in args.seeds:
        ledger = Run(build_cast(scenario, seed, 20_000)).run()
        per = {k: v / 100 / years for k, v in ledger.books.delivered.items()}
        row = {"total": sum(per.values()), **per}
        flags = "".join(" !" if not lo <= row[k] <= hi else "" for k, (lo, hi) in RANGES.items())
        print(f"{seed:>4} {row['total'] / 1e6:>12.1f} {row['counterfeit_cigarettes'] / 1e6:>11.1f}"
              f" {row['supernotes'] / 1e6:>11.1f}  {len(ledger.tx['t']):>10}{flags}")
    print("ranges: total 500-1000, cigarettes 80-160, supernotes 15-25 ($M a year)")
    for seed in args.chokepoint_seeds:
        r = compare(build_cast(scenario, seed, 20_000), 5, dt.date(2005, 7, 1), draws=20)
        ratio = (f"{r['chokepoints'] / r['random_mean']:.0f}x" if r["random_mean"] > 0
                 else "random designations cut nothing on average")
        print(f"seed {seed}: chokepoints cut {r['chokepoints']:.1%} of 12-month revenue, "
              f"random designations {r['random_mean']:.2%} on average (max "
              f"{r['random_max']:.2%}): {ratio}; targets {', '.join(r['targets'])}")


if __name__ == "__main__":
    main()
