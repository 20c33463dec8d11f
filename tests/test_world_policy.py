"""Counter-measures: designation freezes money, the redesign stops supernotes, the network adapts,
and designating the true chokepoints cuts revenue far more than designating at random."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from illicitflow.world.cast import build_cast
from illicitflow.world.chokepoints import (
    compare,
    random_designations,
    regime_linked,
    revenue_window,
    true_chokepoints,
)
from illicitflow.world.policy import policy_from_actions
from illicitflow.world.regime import Run
from illicitflow.world.simulate import simulate

COUNTERFEIT = ("counterfeit_cigarettes", "counterfeit_pharmaceuticals", "supernotes")
SEP_2005 = 8  # month index of 2005-09 in the default period
CAST_SIZE = 20_000


def _designate_bank(scenario):
    bank = scenario.regime.complicit_banks[0].id
    return policy_from_actions("bank_311", [{"date": dt.date(2005, 9, 15),
                                             "action": "designate", "target": bank}])


def _window(ledger, first: int, streams: tuple[str, ...] | None = None, months: int = 12) -> int:
    return sum(v for (m, st), v in ledger.revenue.items()
               if first <= m < first + months and (streams is None or st in streams))


# --- revenue.parquet ---------------------------------------------------------------------------


def test_revenue_has_baseline_and_policy_rows(policy_db, base_db) -> None:
    assert {r[0] for r in policy_db.execute("SELECT DISTINCT policy FROM revenue").fetchall()} \
        == {"baseline", "bda_311"}
    assert {r[0] for r in base_db.execute("SELECT DISTINCT policy FROM revenue").fetchall()} \
        == {"baseline"}


def test_baseline_rows_do_not_depend_on_the_policy(policy_db, base_db) -> None:
    query = "SELECT month, stream, usd FROM revenue WHERE policy = 'baseline' ORDER BY 1, 2"
    assert policy_db.execute(query).fetchall() == base_db.execute(query).fetchall()


def test_bda_311_freezes_money_and_lowers_revenue(policy_db) -> None:
    frozen = dict(policy_db.execute("SELECT stream, frozen FROM truth_books "
                                    "WHERE policy = 'bda_311'").fetchall())
    assert sum(frozen[s] for s in COUNTERFEIT) > 0
    base_frozen = policy_db.execute("SELECT sum(frozen) FROM truth_books "
                                    "WHERE policy = 'baseline'").fetchone()[0]
    assert base_frozen == 0
    rows = dict(policy_db.execute("""
        SELECT policy, sum(usd) FROM revenue
        WHERE month >= DATE '2005-09-01' AND month < DATE '2006-09-01' GROUP BY 1""").fetchall())
    assert rows["bda_311"] < rows["baseline"]
    before = dict(policy_db.execute("""
        SELECT policy, sum(usd) FROM revenue WHERE month < DATE '2005-09-01'
        GROUP BY 1""").fetchall())
    assert before["bda_311"] == before["baseline"], "nothing changes before the first action"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_designating_the_complicit_bank_freezes_and_cuts(scenario, seed: int) -> None:
    cast = build_cast(scenario, seed, CAST_SIZE)
    baseline = Run(cast, emit=False).run()
    after = Run(cast, _designate_bank(scenario), emit=False).run()
    assert sum(after.books.frozen[s] for s in COUNTERFEIT) > 0
    assert _window(after, SEP_2005) < _window(baseline, SEP_2005)
    assert _window(after, SEP_2005, COUNTERFEIT) < _window(baseline, SEP_2005, COUNTERFEIT)
    assert _window(after, 0, months=SEP_2005) == _window(baseline, 0, months=SEP_2005)


def _quiet_months(policy: list[int], baseline: list[int], first: int) -> tuple[int, int]:
    """The longest run of months from `first` on with no revenue under the policy while the
    baseline earns: (start, length)."""
    best, start, run = (first, 0), first, 0
    for m in range(first, len(policy)):
        if policy[m] == 0 and baseline[m] > 0:
            if run == 0:
                start = m
            run += 1
            best = max(best, (start, run), key=lambda x: x[1])
        else:
            run = 0
    return best


def _check_copy_delay(policy: list[int], baseline: list[int], scenario) -> None:
    months = scenario.months()
    redesign = months.index(dt.date(2006, 1, 1))
    delay = int(scenario.streams["supernotes"].redesign_copy_delay_months.value)
    start, length = _quiet_months(policy, baseline, redesign)
    # the last old-design sales still arrive for a month or two, then nothing for the delay
    assert start <= redesign + 3
    assert length >= delay - 2
    assert policy[:redesign] != [0] * redesign
    # copies of the new design return after the delay (the ink stock still lasts)
    assert sum(policy[start + length:]) > 0


def test_redesign_and_ink_cut_stop_supernotes_for_the_copy_delay(policy_db, scenario) -> None:
    rows = policy_db.execute("""
        SELECT policy, list(usd ORDER BY month) FROM revenue WHERE stream = 'supernotes'
        GROUP BY 1""").fetchall()
    revenue = dict(rows)
    _check_copy_delay(revenue["bda_311"], revenue["baseline"], scenario)


@pytest.mark.parametrize("seed", [0, 1])
def test_supernotes_fall_to_zero_in_fast_runs(scenario, bda_311, seed: int) -> None:
    cast = build_cast(scenario, seed, CAST_SIZE)
    months = range(scenario.period.months)
    ledger = Run(cast, bda_311, emit=False).run()
    base = Run(cast, emit=False).run()
    _check_copy_delay([ledger.revenue.get((m, "supernotes"), 0) for m in months],
                      [base.revenue.get((m, "supernotes"), 0) for m in months], scenario)


def test_ink_cut_alone_fades_supernotes(scenario) -> None:
    cast = build_cast(scenario, 1, CAST_SIZE)
    cut = policy_from_actions("ink", [{"date": dt.date(2004, 1, 1), "action": "cut_input",
                                       "target": "colour_shifting_ink"}])
    base, after = Run(cast, emit=False).run(), Run(cast, cut, emit=False).run()
    stock = scenario.streams["supernotes"].inputs["colour_shifting_ink"].stock_months
    early = int(stock) - 12  # the stock bought before the cut lasts into 2005-07
    assert _window(after, 0, ("supernotes",), early) == _window(base, 0, ("supernotes",), early)
    tail = _window(after, 18, ("supernotes",), 6)
    assert 0 < tail < 0.7 * _window(base, 18, ("supernotes",), 6)
    both = ("cocaine", "arms")
    assert _window(after, 0, both, 24) == _window(base, 0, both, 24)


# --- adaptation --------------------------------------------------------------------------------


def test_replacements_appear_and_carry_flow_later(policy_db, base_db, scenario) -> None:
    before = {r[0] for r in base_db.execute("SELECT entity_id FROM truth_entities").fetchall()}
    new = policy_db.execute("SELECT entity_id, role, is_illicit FROM truth_entities").fetchall()
    replacements = {eid: role for eid, role, _ in new if eid not in before}
    assert replacements
    assert all(bad for eid, _, bad in new if eid in replacements)
    assert set(replacements.values()) <= {"bulk_cash_holder", "front_company"}
    policy_db.register("replacement_ids", pa.table(
        {"entity_id": sorted(replacements)}))
    first, total = policy_db.execute("""
        SELECT min(t.timestamp), sum(t.amount_usd) FROM transactions t
        JOIN truth_transactions tt USING (transaction_id)
        WHERE tt.is_illicit AND (
          t.payer_account IN (SELECT account_id FROM accounts
                              WHERE holder_id IN (SELECT entity_id FROM replacement_ids))
          OR t.beneficiary_account IN (SELECT account_id FROM accounts
                              WHERE holder_id IN (SELECT entity_id FROM replacement_ids)))
        """).fetchone()
    assert total is not None and total > 0
    delay = int(scenario.adaptation.delay_months.value)
    assert first.date() >= scenario.months()[SEP_2005 + delay]
    # their accounts were opened after the designation, at banks that are not designated
    opened = policy_db.execute("""
        SELECT min(opened), bool_or(bank_id = ?) FROM accounts
        WHERE holder_id IN (SELECT entity_id FROM replacement_ids)""",
                               [scenario.regime.complicit_banks[0].id]).fetchone()
    assert opened[0] > dt.date(2005, 9, 15) and not opened[1]


def test_replacements_restore_part_of_the_flow(scenario) -> None:
    cast = build_cast(scenario, 2, CAST_SIZE)
    policy = _designate_bank(scenario)
    run = Run(cast, policy, emit=False)
    ledger = run.run()
    assert ledger.new_actors
    share = float(scenario.adaptation.replacement_share.value)
    for actor in ledger.new_actors:
        old = next(a for a in cast.actors[actor.role] if a.id == actor.id or a.name == actor.name)
        assert actor.capacity_cents == int(old.capacity_cents * share)
        assert actor.active_from == SEP_2005 + scenario.adaptation.delay_months.value
    carried = sum(ledger.flows.get(a.id, 0) for a in ledger.new_actors
                  if a.role == "bulk_cash_holder")
    assert carried > 0


def test_adaptation_delay_of_the_policy_overrides_the_scenario(scenario) -> None:
    cast = build_cast(scenario, 2, CAST_SIZE)
    bank = scenario.regime.complicit_banks[0].id
    slow = policy_from_actions("slow", [{"date": dt.date(2005, 9, 15), "action": "designate",
                                         "target": bank}])
    slow = slow.model_copy(update={"adaptation_delay_months": 10})
    ledger = Run(cast, slow, emit=False).run()
    assert ledger.new_actors and all(a.active_from == SEP_2005 + 10 for a in ledger.new_actors)


# --- de-risking --------------------------------------------------------------------------------


def test_simulate_with_a_derisk_policy(scenario, tmp_path: Path) -> None:
    policy = policy_from_actions("derisk", [{"date": dt.date(2005, 4, 1), "action": "derisk",
                                             "target": "bank-vn-0",
                                             "customer_type": "diplomat"}])
    simulate(scenario, 3, tmp_path / "w", 20_000, policy)
    assert (tmp_path / "w" / "manifest.json").exists()


def test_derisked_customers_leave_the_bank(scenario) -> None:
    cast = build_cast(scenario, 3, CAST_SIZE)
    bank = next(b for b in cast.banks if b.id == "bank-vn-0")
    t0 = int((dt.datetime(2005, 4, 1, tzinfo=dt.UTC) - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
              ).total_seconds())
    exited = {i for a in cast.actors.get("diplomat", []) for i in a.accounts
              if cast.acc_bank[i] == bank.index}
    assert exited, "the test needs diplomats banking at bank-vn-0"
    policy = policy_from_actions("derisk", [{"date": dt.date(2005, 4, 1), "action": "derisk",
                                             "target": bank.id, "customer_type": "diplomat"}])
    run = Run(cast, policy, emit=True)
    ledger = run.run()
    late = [(t, p, b) for t, p, b in zip(ledger.tx["t"], ledger.tx["payer"], ledger.tx["bene"],
                                         strict=True) if t > t0 and b in exited]
    assert late == []
    moved = {acc: new for acc, (_, new) in run.closed.items() if acc in exited}
    assert set(moved) == exited
    assert all(run.acc_bank[new] != bank.index for new in moved.values())
    assert all(cast.banks[run.acc_bank[new]].country == "vn" for new in moved.values())


# --- chokepoints -------------------------------------------------------------------------------


def test_chokepoints_are_regime_linked_and_carry_the_most(scenario) -> None:
    cast = build_cast(scenario, 7, CAST_SIZE)
    baseline = Run(cast, emit=False).run()
    top = true_chokepoints(cast, baseline, 5)
    linked = set(regime_linked(cast))
    assert len(top) == 5 and set(top) <= linked
    assert scenario.regime.hub.id not in top
    flows = [baseline.flows[e] for e in top]
    assert flows == sorted(flows, reverse=True)
    assert min(flows) >= max(baseline.flows.get(e, 0) for e in linked - set(top))
    draws = random_designations(cast, 5, 3, 7)
    assert len(draws) == 3 and all(len(set(d)) == 5 and set(d) <= linked for d in draws)
    assert revenue_window(baseline, 0, 24) == sum(baseline.books.delivered.values())


@pytest.mark.parametrize("seed", [7, 2])
def test_designating_chokepoints_cuts_revenue_3x_random(scenario, seed: int) -> None:
    cast = build_cast(scenario, seed, CAST_SIZE)
    result = compare(cast, 5, dt.date(2005, 7, 1), draws=20)
    assert result["chokepoints"] > 0.2
    assert result["chokepoints"] >= 3 * result["random_mean"]
    assert result["chokepoints"] > result["random_max"]
    assert len(result["targets"]) == 5
