"""Chokepoints: the few entities every money path passes, and what designating them does.

The ground truth ranks regime-linked entities by the illicit money that passed through their
accounts in the run without a policy; designating the top of that ranking is the benchmark any
designation planner is measured against, and random designations are the floor.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from illicitflow.world.cast import Cast, rng_for
from illicitflow.world.policy import policy_from_actions
from illicitflow.world.regime import Ledger, Run


def true_chokepoints(cast: Cast, baseline: Ledger, k: int) -> list[str]:
    """The k regime-linked entities (not the hub) that carried the most illicit money."""
    linked = {eid for eid, role, _, bad in cast.truth if bad and role != "hub"}
    ranked = sorted(((usd, eid) for eid, usd in baseline.flows.items() if eid in linked),
                    key=lambda x: (-x[0], x[1]))
    return [eid for _, eid in ranked[:k]]


def regime_linked(cast: Cast) -> list[str]:
    """Every regime-linked entity a designation could name (not the hub itself)."""
    return sorted({eid for eid, role, _, bad in cast.truth if bad and role != "hub"})


def revenue_window(ledger: Ledger, first_month: int, months: int = 12) -> int:
    """Cents delivered to the hub in [first_month, first_month + months)."""
    return sum(v for (m, _), v in ledger.revenue.items()
               if first_month <= m < first_month + months)


def designation_cut(cast: Cast, baseline: Ledger, targets: list[str], when: dt.date,
                    name: str = "designations") -> float:
    """Share of the 12-month revenue after `when` that designating `targets` removes."""
    policy = policy_from_actions(name, [{"date": when, "action": "designate", "target": t}
                                        for t in targets])
    run = Run(cast, policy, emit=False)
    first = run.month_of(run.months[0] + (when - cast.scenario.period.start).days * 86400)
    base = revenue_window(baseline, first)
    after = revenue_window(run.run(), first)
    return (base - after) / base if base else 0.0


def random_designations(cast: Cast, k: int, draws: int, seed: int) -> list[list[str]]:
    pool = regime_linked(cast)
    rng = rng_for(seed, "random-designations")
    return [[pool[i] for i in rng.choice(len(pool), size=k, replace=False)]
            for _ in range(draws)]


def compare(cast: Cast, k: int, when: dt.date, draws: int = 20) -> dict[str, float]:
    """Revenue cut of the true chokepoints against the mean of random designations."""
    baseline = Run(cast, None, emit=False).run()
    top = true_chokepoints(cast, baseline, k)
    cut_top = designation_cut(cast, baseline, top, when, "chokepoints")
    cuts = [designation_cut(cast, baseline, ts, when, f"random-{i}")
            for i, ts in enumerate(random_designations(cast, k, draws, cast.seed))]
    return {"chokepoints": cut_top, "random_mean": float(np.mean(cuts)),
            "random_max": float(np.max(cuts)), "targets": top}  # type: ignore[dict-item]
