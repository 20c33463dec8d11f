"""Money is conserved to the cent, and the world's revenue lands on the public figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from pydantic import BaseModel

from illicitflow.world.cast import build_cast
from illicitflow.world.policy import policy_from_actions
from illicitflow.world.regime import Ledger, Run
from illicitflow.world.scenario import InputParam, Param, Scenario

SEEDS = (0, 1, 2, 3, 4)
CAST_SIZE = 20_000
BOOK_KEYS = ("proceeds", "delivered", "costs", "frozen", "in_transit")


def _books(con) -> dict[tuple[str, str], dict[str, Decimal]]:
    rows = con.execute("SELECT policy, stream, proceeds, delivered, costs, frozen, in_transit "
                       "FROM truth_books").fetchall()
    return {(r[0], r[1]): dict(zip(BOOK_KEYS, r[2:], strict=True)) for r in rows}


def _check_ledger(ledger: Ledger, months: int) -> None:
    """The books balance per stream and the monthly revenue adds up to what was delivered."""
    b = ledger.books
    streams = set(b.proceeds) | set(b.delivered) | set(b.costs) | set(b.frozen) | set(
        b.in_transit)
    assert streams
    for st in streams:
        assert b.proceeds[st] == b.delivered[st] + b.costs[st] + b.frozen[st] + \
            b.in_transit[st], st
        for key in BOOK_KEYS:
            assert getattr(b, key)[st] >= 0, (st, key)
    revenue: dict[str, int] = defaultdict(int)
    for (m, st), cents in ledger.revenue.items():
        assert 0 <= m < months
        revenue[st] += cents
    for st in streams:
        assert revenue[st] == b.delivered[st], st


# --- the books of a written world --------------------------------------------------------------


@pytest.mark.parametrize("db", ["base_db", "policy_db"])
def test_books_balance_to_the_cent(db: str, request, scenario: Scenario) -> None:
    books = _books(request.getfixturevalue(db))
    policies = {p for p, _ in books}
    assert policies == ({"baseline"} if db == "base_db" else {"baseline", "bda_311"})
    for policy in policies:
        assert {s for p, s in books if p == policy} == set(scenario.active_streams)
    for (policy, stream), b in books.items():
        assert b["proceeds"] > 0, (policy, stream)
        assert b["proceeds"] == b["delivered"] + b["costs"] + b["frozen"] + b["in_transit"], (
            policy, stream)
        assert min(b.values()) >= 0


def test_policy_does_not_change_the_sales(policy_db) -> None:
    """The run under a policy faces the same sales as the baseline: the proceeds match."""
    books = _books(policy_db)
    for (policy, stream), b in books.items():
        if policy == "bda_311" and stream != "supernotes":  # the redesign stops supernote sales
            assert b["proceeds"] == books[("baseline", stream)]["proceeds"], stream
    assert books[("bda_311", "supernotes")]["proceeds"] < books[("baseline", "supernotes")][
        "proceeds"]


@pytest.mark.parametrize(("db", "policy"), [("base_db", "baseline"), ("policy_db", "bda_311")])
def test_revenue_and_deliveries_match_the_books(db: str, policy: str, request) -> None:
    con = request.getfixturevalue(db)
    books = _books(con)
    revenue = dict(con.execute("SELECT policy || '/' || stream, sum(usd) FROM revenue "
                               "GROUP BY 1").fetchall())
    for (p, stream), b in books.items():
        assert revenue[f"{p}/{stream}"] == b["delivered"], (p, stream)
    # the transactions are those of the run under `policy`: each delivery is one of them
    delivered = dict(con.execute("""
        SELECT tt.stream, sum(t.amount_usd) FROM truth_transactions tt
        JOIN transactions t USING (transaction_id) WHERE tt.pattern = 'delivery'
        GROUP BY 1""").fetchall())
    for (p, stream), b in books.items():
        if p == policy:
            assert delivered.get(stream, Decimal(0)) == b["delivered"], stream
    assert set(delivered) == {s for p, s in books if p == policy}


def test_revenue_rows_cover_every_month_and_stream(policy_db, scenario: Scenario) -> None:
    rows = policy_db.execute("SELECT policy, count(*), count(DISTINCT month), "
                             "count(DISTINCT stream), min(month), max(month), min(usd) "
                             "FROM revenue GROUP BY 1 ORDER BY 1").fetchall()
    months, streams = scenario.period.months, len(scenario.active_streams)
    for _policy, n, n_months, n_streams, first, last, lowest in rows:
        assert (n, n_months, n_streams) == (months * streams, months, streams)
        assert first == scenario.period.start and last == dt.date(2006, 12, 1)
        assert lowest >= 0


# --- fast runs over several seeds --------------------------------------------------------------


@pytest.fixture(scope="module")
def baselines(scenario: Scenario) -> dict[int, Ledger]:
    return {seed: Run(build_cast(scenario, seed, CAST_SIZE), emit=False).run() for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_fast_runs_balance(scenario: Scenario, bda_311, baselines, seed: int) -> None:
    _check_ledger(baselines[seed], scenario.period.months)
    _check_ledger(Run(build_cast(scenario, seed, CAST_SIZE), bda_311, emit=False).run(),
                  scenario.period.months)


def _stress_policy(scenario: Scenario, seed: int):
    """Designations of every kind of actor plus de-risking by country and by customer type."""
    cast = build_cast(scenario, seed, CAST_SIZE)
    by_role: dict[str, list[str]] = defaultdict(list)
    for eid, role, _, bad in cast.truth:
        if bad:
            by_role[role].append(eid)
    targets = [by_role[r][i] for r in ("front_company", "diplomat", "courier", "shell_company",
                                       "bank_representative", "bulk_cash_holder", "distributor")
               for i in range(2)] + [scenario.regime.regime_banks[0].id]
    actions = [{"date": dt.date(2005, 6, 1), "action": "designate", "target": t}
               for t in targets]
    actions += [
        {"date": dt.date(2005, 4, 1), "action": "derisk", "target": "bank-cn-0", "country": "kp"},
        {"date": dt.date(2005, 5, 1), "action": "derisk", "target": "bank-hk-1",
         "customer_type": "front_company"},
        {"date": dt.date(2005, 5, 1), "action": "derisk", "target": "bank-vn-0",
         "customer_type": "diplomat"},
        {"date": dt.date(2006, 1, 1), "action": "redesign_currency", "target": "USD100"},
        {"date": dt.date(2005, 3, 1), "action": "cut_input", "target": "colour_shifting_ink"},
    ]
    return policy_from_actions("stress", actions)


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_books_balance_under_a_heavy_policy(scenario: Scenario, baselines, seed: int) -> None:
    policy = _stress_policy(scenario, seed)
    ledger = Run(build_cast(scenario, seed, CAST_SIZE), policy, emit=True).run()
    _check_ledger(ledger, scenario.period.months)
    assert sum(ledger.books.frozen.values()) > 0
    delivered: dict[str, int] = defaultdict(int)
    for stream, pattern, cents in zip(ledger.tx["stream"], ledger.tx["pattern"],
                                      ledger.tx["cents"], strict=True):
        if pattern == "delivery":
            delivered[stream] += cents
    assert delivered == {k: v for k, v in ledger.books.delivered.items() if v}
    assert sum(ledger.books.delivered.values()) < sum(baselines[seed].books.delivered.values())


def test_a_run_does_not_change_its_cast(scenario: Scenario, baselines) -> None:
    cast = build_cast(scenario, 3, CAST_SIZE)
    policy = policy_from_actions("derisk", [{"date": dt.date(2005, 4, 1), "action": "derisk",
                                             "target": "bank-vn-0",
                                             "customer_type": "diplomat"}])
    Run(cast, policy, emit=False).run()
    again = Run(cast, emit=False).run()
    assert dict(again.books.delivered) == dict(baselines[3].books.delivered)


def test_same_cast_same_run(scenario: Scenario, baselines, bda_311) -> None:
    cast = build_cast(scenario, 0, CAST_SIZE)
    first = Run(cast, bda_311, emit=False).run()
    second = Run(cast, bda_311, emit=False).run()
    assert dict(first.revenue) == dict(second.revenue)
    assert dict(Run(cast, emit=False).run().revenue) == dict(baselines[0].revenue)


# --- calibration -------------------------------------------------------------------------------


def _per_year(ledger: Ledger, scenario: Scenario, streams: tuple[str, ...] | None = None) -> float:
    years = scenario.period.months / 12
    cents = sum(v for k, v in ledger.books.delivered.items() if streams is None or k in streams)
    return cents / 100 / years


@pytest.mark.parametrize("seed", SEEDS)
def test_yearly_illicit_income_is_half_to_one_billion(scenario: Scenario, baselines,
                                                      seed: int) -> None:
    assert 0.5e9 <= _per_year(baselines[seed], scenario) <= 1.0e9


@pytest.mark.parametrize("seed", SEEDS)
def test_counterfeit_cigarettes_earn_the_regime_share(scenario: Scenario, baselines,
                                                      seed: int) -> None:
    assert 80e6 <= _per_year(baselines[seed], scenario, ("counterfeit_cigarettes",)) <= 160e6


@pytest.mark.parametrize("seed", SEEDS)
def test_supernotes_earn_15_to_25_million(scenario: Scenario, baselines, seed: int) -> None:
    assert 15e6 <= _per_year(baselines[seed], scenario, ("supernotes",)) <= 25e6


def test_calibration_holds_on_average(scenario: Scenario, baselines) -> None:
    mean = sum(_per_year(b, scenario) for b in baselines.values()) / len(baselines)
    assert 0.5e9 <= mean <= 1.0e9
    every = {s for b in baselines.values() for s, v in b.books.delivered.items() if v > 0}
    assert every == set(scenario.active_streams)


def _params(node: object, path: str = "") -> list[tuple[str, object]]:
    """Every Param (and InputParam) in the model, with its path."""
    found: list[tuple[str, object]] = []
    if isinstance(node, Param | InputParam):
        found.append((path, node))
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            found += _params(getattr(node, name), f"{path}.{name}".lstrip("."))
    elif isinstance(node, dict):
        for key, value in node.items():
            found += _params(value, f"{path}.{key}")
    elif isinstance(node, list | tuple):
        for i, value in enumerate(node):
            found += _params(value, f"{path}[{i}]")
    return found


def test_every_parameter_has_a_source(scenario: Scenario) -> None:
    params = _params(scenario)
    assert len(params) > 80
    paths = {p for p, _ in params}
    assert {"streams.supernotes.price_per_unit_usd", "laundering.fees.bulk_cash",
            "regime.missions", "streams.supernotes.inputs.colour_shifting_ink",
            "economy.mix.salary", "adaptation.delay_months"} <= paths
    for path, param in params:
        assert param.source.strip(), path
        assert len(param.source.strip()) >= 3, path
    for named in [scenario.regime.hub, *scenario.regime.regime_banks,
                  *scenario.regime.complicit_banks, *scenario.regime.listed_people,
                  *scenario.regime.crime_groups]:
        assert named.source.strip()
