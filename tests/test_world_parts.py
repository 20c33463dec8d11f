"""Every part of SYSTEM.md's system exists in a world: roles, streams, typologies, look-alikes."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

DEFAULT_STREAMS = ("arms", "methamphetamine", "heroin", "cocaine", "counterfeit_pharmaceuticals",
                   "supernotes", "counterfeit_cigarettes", "wildlife", "minerals_gold")
REGIME_ROLES = ("hub", "regime_bank", "official", "bureaucrat", "diplomat", "embassy",
                "crime_group", "crime_group_member", "front_company", "shell_company",
                "bank_representative", "complicit_bank", "courier", "vessel", "distributor",
                "buyer")
SALE_TYPOLOGIES = ("drugs_via_partner_crime_group", "counterfeit_bulk_cash", "diplomat_smuggling",
                   "arms_front_contract", "banned_exports_ship_to_ship")
TYPOLOGIES = (*SALE_TYPOLOGIES, "bank_representative_nested")


def _hub_accounts(con, scenario) -> set[str]:
    rows = con.execute("SELECT account_id FROM accounts WHERE holder_id = ?",
                       [scenario.regime.hub.id]).fetchall()
    return {r[0] for r in rows}


# --- the regime's network ----------------------------------------------------------------------


@pytest.mark.parametrize("db", ["base_db", "policy_db"])
def test_every_regime_role_exists_and_is_illicit(db: str, request) -> None:
    con = request.getfixturevalue(db)
    roles = {role: (n, bad) for role, n, bad in con.execute(
        "SELECT role, count(*), bool_and(is_illicit) FROM truth_entities GROUP BY 1").fetchall()}
    for role in REGIME_ROLES:
        assert role in roles, role
        assert roles[role][1], f"every {role} is regime-linked"
    assert roles["hub"][0] == 1
    for role in ("honest_diplomat", "import_firm", "cash_business", "bank", "customer"):
        assert role in roles, role
        assert con.execute("SELECT count(*) FROM truth_entities WHERE role = ? AND is_illicit",
                           [role]).fetchone()[0] == 0, role


def test_counts_follow_the_scenario(base_db, scenario) -> None:
    reg = scenario.regime
    count = dict(base_db.execute("SELECT role, count(*) FROM truth_entities GROUP BY 1"
                                 ).fetchall())
    assert count["official"] == reg.officials.value
    assert count["bureaucrat"] == reg.bureaucrats.value
    assert count["vessel"] == reg.vessels.value
    assert count["courier"] == reg.couriers.value
    assert count["bank_representative"] == reg.bank_representatives.value
    assert count["crime_group"] == len(reg.crime_groups)
    assert count["crime_group_member"] == sum(g.members for g in reg.crime_groups)
    assert count["embassy"] == reg.missions.value
    assert count["regime_bank"] == len(reg.regime_banks)
    assert count["complicit_bank"] == len(reg.complicit_banks)
    assert count["distributor"] == sum(reg.distributors.value.values())
    assert count["buyer"] == sum(reg.buyers.value.values())
    # fronts of the network; shells of the representatives plus those taking split payments
    assert count["front_company"] == reg.fronts.value
    assert count["shell_company"] == reg.shells.value + (
        reg.bank_representatives.value * reg.accounts_per_representative.value)


def test_hub_is_bureau_39_with_accounts_at_regime_banks(base_db, scenario) -> None:
    hub = scenario.regime.hub
    assert hub.name == "OFFICE 39" and "BUREAU 39" in hub.aliases
    banks = {r[0] for r in base_db.execute("SELECT bank_id FROM accounts WHERE holder_id = ?",
                                           [hub.id]).fetchall()}
    assert banks == {b.id for b in scenario.regime.regime_banks}


def test_every_default_stream_has_illicit_transactions(base_db, scenario) -> None:
    assert set(scenario.active_streams) == set(DEFAULT_STREAMS)
    counts = dict(base_db.execute("SELECT stream, count(*) FROM truth_transactions "
                                  "WHERE is_illicit GROUP BY 1").fetchall())
    for stream in DEFAULT_STREAMS:
        assert counts.get(stream, 0) > 0, stream


def test_streams_use_their_typologies(base_db, scenario) -> None:
    pairs = set(base_db.execute("SELECT DISTINCT stream, typology FROM truth_transactions "
                                "WHERE is_illicit").fetchall())
    for stream in DEFAULT_STREAMS:
        allowed = set(scenario.streams[stream].typologies) | {"bank_representative_nested"}
        used = {t for s, t in pairs if s == stream}
        assert used <= allowed, stream
        assert used & set(scenario.streams[stream].typologies), stream


def _instances(con, typology: str) -> dict[str, list[tuple]]:
    """The transactions of every instance that has a leg of this typology, in time order."""
    rows = con.execute("""
        SELECT tt.instance_id, t.transaction_id, t.timestamp, t.payer_account,
               t.beneficiary_account, tt.pattern, tt.typology, t.amount_usd
        FROM truth_transactions tt JOIN transactions t USING (transaction_id)
        WHERE tt.instance_id IN (SELECT DISTINCT instance_id FROM truth_transactions
                                 WHERE typology = ?)
        ORDER BY tt.instance_id, t.transaction_id""", [typology]).fetchall()
    out: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        out[row[0]].append(row[1:])
    return out


def _chains_to_hub(legs: list[tuple], hub: set[str]) -> bool:
    """Money of the sale reaches the hub's account along the instance's own transactions."""
    first = next((leg for leg in legs if leg[3] is not None and leg[4] != "delivery"), None)
    deliveries = [leg for leg in legs if leg[4] == "delivery" and leg[3] in hub]
    if first is None or not deliveries:
        return False
    reached, t_reached = {first[3]}, {first[3]: first[1]}
    changed = True
    while changed:  # follow money forward in time from the first account paid
        changed = False
        for _, t, payer, bene, _, _, _ in legs:
            if payer in reached and bene is not None and bene not in reached \
                    and t >= t_reached[payer]:
                reached.add(bene)
                t_reached[bene] = t
                changed = True
    return bool(reached & hub) and max(d[1] for d in deliveries) >= first[1]


@pytest.mark.parametrize("typology", TYPOLOGIES)
def test_typology_occurs_and_chains_from_sale_to_hub(base_db, scenario, typology: str) -> None:
    hub = _hub_accounts(base_db, scenario)
    instances = _instances(base_db, typology)
    assert instances, typology
    chained = [i for i, legs in instances.items() if _chains_to_hub(legs, hub)]
    assert chained, f"no {typology} instance chains from its sale to the hub"
    assert len(chained) >= 0.5 * len(instances)


def test_deliveries_pay_the_hub(base_db, scenario) -> None:
    hub = _hub_accounts(base_db, scenario)
    rows = base_db.execute("""
        SELECT t.beneficiary_account, t.channel FROM truth_transactions tt
        JOIN transactions t USING (transaction_id) WHERE tt.pattern = 'delivery'""").fetchall()
    assert len(rows) > 100
    assert {r[0] for r in rows} <= hub
    assert {r[1] for r in rows} <= {"wire", "cash_deposit"}
    # and nothing else pays the hub
    others = base_db.execute("""
        SELECT count(*) FROM transactions t JOIN truth_transactions tt USING (transaction_id)
        WHERE t.beneficiary_account IN (SELECT account_id FROM accounts WHERE holder_id = ?)
          AND (tt.pattern IS NULL OR tt.pattern <> 'delivery')""",
                             [scenario.regime.hub.id]).fetchone()[0]
    assert others == 0


def test_red_flag_patterns_occur(base_db) -> None:
    patterns = {r[0] for r in base_db.execute(
        "SELECT DISTINCT pattern FROM truth_transactions WHERE is_illicit").fetchall()}
    assert {"structuring", "fan_in", "bulk_cash", "scatter_gather", "stack",
            "rapid_pass_through", "delivery", "diplomat_accounts"} <= patterns


def test_structuring_stays_below_the_threshold(base_db, scenario) -> None:
    rows = base_db.execute("""
        SELECT t.beneficiary_bank, t.amount_usd FROM truth_transactions tt
        JOIN transactions t USING (transaction_id) WHERE tt.pattern = 'structuring'""").fetchall()
    assert len(rows) > 20
    in_band = 0
    for bank, usd in rows:
        threshold = scenario.countries[bank.split("-")[1]].reporting_threshold_usd
        assert float(usd) < threshold
        in_band += 0.89 * threshold <= float(usd)
    assert in_band >= 0.8 * len(rows), "structured deposits sit just under the threshold"


def test_diplomats_hold_several_accounts(base_db, scenario) -> None:
    per = base_db.execute("""
        SELECT count(*) FROM accounts WHERE holder_id IN
        (SELECT entity_id FROM truth_entities WHERE role = 'diplomat') GROUP BY holder_id
        """).fetchall()
    assert per and min(n for (n,) in per) == scenario.regime.accounts_per_earning_diplomat.value


def test_illicit_shipments_leave_red_flags(world_base: Path, base_db) -> None:
    roles = dict(base_db.execute("SELECT entity_id, role FROM truth_entities").fetchall())
    ships = pq.read_table(world_base / "shipments.parquet").to_pylist()
    sts = [s for s in ships if roles.get(s["consignee_id"]) == "buyer"]
    fake = [s for s in ships if roles.get(s["consignee_id"]) == "distributor"]
    assert sts and fake
    for s in sts:  # banned exports: ship-to-ship, transponder off, priced below market
        assert s["ship_to_ship"] and s["ais_gap_hours"] >= 24
        assert s["declared_value_usd"] < s["market_value_usd"]
        assert roles.get(s["vessel_id"]) == "vessel"
    for s in fake:  # counterfeits under a false origin
        assert s["origin"] == "kp" and s["declared_origin"] != "kp"
    legit = [s for s in ships if roles.get(s["consignee_id"]) not in ("buyer", "distributor")]
    assert legit and all(s["origin"] == s["declared_origin"] for s in legit)


# --- the legitimate economy --------------------------------------------------------------------


def test_lookalikes_occur(base_db) -> None:
    kinds = dict(base_db.execute("SELECT lookalike, count(*) FROM truth_transactions "
                                 "WHERE lookalike IS NOT NULL GROUP BY 1").fetchall())
    assert set(kinds) == {"busy_import_firm", "cash_business", "honest_diplomat",
                          "below_threshold_cash"}
    assert base_db.execute("SELECT count(*) FROM truth_transactions "
                           "WHERE lookalike IS NOT NULL AND is_illicit").fetchone()[0] == 0


def test_below_threshold_lookalikes_are_below_the_threshold(base_db, scenario) -> None:
    rows = base_db.execute("""
        SELECT t.beneficiary_bank, t.amount_usd, t.channel FROM truth_transactions tt
        JOIN transactions t USING (transaction_id)
        WHERE tt.lookalike = 'below_threshold_cash'""").fetchall()
    assert rows
    for bank, usd, channel in rows:
        threshold = scenario.countries[bank.split("-")[1]].reporting_threshold_usd
        assert channel == "cash_deposit"
        assert 0.89 * threshold <= float(usd) < threshold


@pytest.mark.slow
def test_complicit_bank_also_serves_honest_cash_businesses(world_million: Path, opener,
                                                           scenario) -> None:
    bank = scenario.regime.complicit_banks[0].id
    honest = opener(world_million).execute("""
        SELECT count(*) FROM accounts a JOIN truth_entities e ON a.holder_id = e.entity_id
        WHERE a.bank_id = ? AND e.role = 'cash_business'""", [bank]).fetchone()[0]
    assert honest > 0


@pytest.mark.slow
def test_default_world_is_at_least_99_percent_legitimate(world_million: Path) -> None:
    truth = pq.read_table(world_million / "truth_transactions.parquet", columns=["is_illicit"])
    n = truth.num_rows
    assert n >= 1_000_000
    illicit = truth.column(0).to_numpy().sum()
    assert illicit > 1000
    assert (n - illicit) / n >= 0.99
