"""Each detector on a small hand-built graph whose answer is known, and on a near miss."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from illicitflow.detect.config import load_config
from illicitflow.detect.run import run_detectors
from illicitflow.store import Store
from illicitflow.transactions.tables import ensure_tables

T0 = datetime(2020, 1, 1)
Tx = tuple  # (payer, beneficiary, usd, day offset[, channel, bank])


def _store(tmp_path: Path, txs: list[Tx], customers: list[tuple] = (),
           accounts: list[tuple] = (), shipments: list[tuple] = ()) -> Store:
    store = Store.open(tmp_path / "s.duckdb")
    con = store.con
    ensure_tables(con)
    for i, t in enumerate(txs):
        payer, bene, usd, day = t[:4]
        channel = t[4] if len(t) > 4 else "wire"
        bank = t[5] if len(t) > 5 else "bank-1"
        con.execute("INSERT INTO transactions VALUES ('test', ?, ?, ?, ?, ?, ?, ?, ?, 'USD', ?, "
                    "?, NULL)", [i, str(i), T0 + timedelta(days=day), payer,
                                 bank if payer else None, bene, bank if bene else None, usd,
                                 usd, channel])
    for c in customers:  # (customer_id, occupation, id_type, phone, address, type, name)
        con.execute("INSERT INTO kyc_customers VALUES ('test', 'bank-1', ?, ?, ?, NULL, NULL, "
                    "?, ?, ?, NULL, ?)", [c[0], c[5] if len(c) > 5 else "person",
                                          c[6] if len(c) > 6 else c[0], c[4], c[3], c[2], c[1]])
    for a in accounts:  # (account_id, holder_id)
        con.execute("INSERT INTO kyc_accounts VALUES ('test', ?, 'bank-1', ?, 'USD', NULL)",
                    list(a))
    for s in shipments:  # (id, day, declared, market, consignee)
        con.execute("INSERT INTO shipments VALUES ('test', ?, ?, 'coal', 1, 't', ?, ?, 'kp', "
                    "'cn', 'cn', NULL, NULL, ?, 0, false)",
                    [s[0], (T0 + timedelta(days=s[1])).date(), s[2], s[3], s[4]])
    return store


def _alerts(store: Store, typology: str, rule: str = "default",
            **params: Any) -> list[dict[str, Any]]:
    config = load_config(overrides={f"{typology}/{rule}": params} if params else None)
    config.rules = [r for r in config.rules if r.typology == typology and r.rule == rule]
    run_detectors(store, config)
    rows = store.con.execute(
        "SELECT a.alert_id, a.evidence, list(j.transaction_id ORDER BY j.row_id) FROM alerts a "
        "LEFT JOIN alert_transactions j ON j.alert_id = a.alert_id GROUP BY ALL").fetchall()
    return [{"id": r[0], "evidence": r[1], "txs": sorted(r[2] or [], key=int)} for r in rows]


def test_fan_in(tmp_path: Path) -> None:
    txs = [(f"p{i}", "H", 150.0, i * 5) for i in range(4)] + [("X", "Y", 10.0, 1)]
    found = _alerts(_store(tmp_path, txs), "fan_in")
    assert [a["txs"] for a in found] == [["0", "1", "2", "3"]]


def test_fan_in_near_miss(tmp_path: Path) -> None:
    txs = [(f"p{i}", "H", 150.0, i * 5) for i in range(3)]  # three payers, four needed
    busy = [("p0", f"z{i}", 5.0, i) for i in range(8)]  # ... and p0 is no collection account
    txs += [(f"q{i}", "H", 150.0, 10) for i in range(1)] + busy
    assert _alerts(_store(tmp_path, txs), "fan_in") == []


def test_fan_out(tmp_path: Path) -> None:
    txs = [("S", f"b{i}", 150.0, i) for i in range(5)]
    assert [a["txs"] for a in _alerts(_store(tmp_path, txs), "fan_out")] == [
        ["0", "1", "2", "3", "4"]]
    txs = [("S", f"b{i}", 150.0, i * 200) for i in range(4)]  # spread over 600 days
    assert _alerts(_store(tmp_path / "miss", txs), "fan_out") == []


def test_scatter_gather(tmp_path: Path) -> None:
    txs = [("S", f"m{i}", 1000.0, 0) for i in range(3)]
    txs += [(f"m{i}", "D", 980.0, 3) for i in range(3)]
    found = _alerts(_store(tmp_path, txs), "scatter_gather")
    assert [a["txs"] for a in found] == [["0", "1", "2", "3", "4", "5"]]
    miss = txs[:3] + [(f"m{i}", "D", 400.0, 3) for i in range(3)]  # most of it kept back
    assert _alerts(_store(tmp_path / "miss", miss), "scatter_gather") == []


def test_gather_scatter(tmp_path: Path) -> None:
    txs = [(f"p{i}", "H", 500.0, i) for i in range(3)]
    txs += [("H", f"b{i}", 700.0, 5 + i) for i in range(2)]
    assert [a["txs"] for a in _alerts(_store(tmp_path, txs), "gather_scatter")] == [
        ["0", "1", "2", "3", "4"]]
    miss = txs[:4]  # three in, one out
    assert _alerts(_store(tmp_path / "miss", miss), "gather_scatter") == []


def test_cycle_layered_return(tmp_path: Path) -> None:
    txs = [("A", "B", 1000.0, 0), ("B", "C", 980.0, 2), ("C", "A", 960.0, 4),
           ("A", "Z", 5.0, 1)]
    found = _alerts(_store(tmp_path, txs), "cycle", "layered_return")
    assert [a["txs"] for a in found] == [["0", "1", "2"]]
    assert found[0]["evidence"].count('"hops":3') == 1


def test_cycle_near_misses(tmp_path: Path) -> None:
    out_of_order = [("A", "B", 1000.0, 4), ("B", "C", 980.0, 2), ("C", "A", 960.0, 0)]
    assert _alerts(_store(tmp_path, out_of_order), "cycle", "layered_return") == []
    growing = [("A", "B", 1000.0, 0), ("B", "C", 1500.0, 2), ("C", "A", 2000.0, 4)]
    assert _alerts(_store(tmp_path / "g", growing), "cycle", "layered_return") == []


def test_cycle_closed_loop_any_order(tmp_path: Path) -> None:
    ring = ["A", "B", "C", "D", "E"]
    txs = [(ring[i], ring[(i + 1) % 5], 100.0 + 50 * i, (7 * i) % 5) for i in range(5)]
    found = _alerts(_store(tmp_path, txs), "cycle", "closed_loop")
    assert [a["txs"] for a in found] == [["0", "1", "2", "3", "4"]]
    open_chain = txs[:4]
    assert _alerts(_store(tmp_path / "miss", open_chain), "cycle", "closed_loop") == []


@pytest.mark.parametrize("shift", [0, 7, 13, 29, 31, 44])
def test_cycle_closed_loop_across_time_slices(tmp_path: Path, shift: int) -> None:
    """The pruning by time slice and component keeps any loop within the window, wherever it
    falls, and a second loop sharing accounts with it; a loop wider than the window goes."""
    ring = ["A", "B", "C", "D", "E"]
    days = [0, 29, 5, 17, 11]  # spans 29 days, within the 30-day window
    txs = [(ring[i], ring[(i + 1) % 5], 100.0, shift + days[i]) for i in range(5)]
    other = ["C", "F", "G", "H", "I", "J"]  # shares C with the first loop
    txs += [(other[i], other[(i + 1) % 6], 100.0, shift + 3 + i) for i in range(6)]
    found = _alerts(_store(tmp_path, txs), "cycle", "closed_loop")
    assert sorted(a["txs"] for a in found) == [["0", "1", "2", "3", "4"],
                                              ["5", "6", "7", "8", "9", "10"]]
    wide = [(ring[i], ring[(i + 1) % 5], 100.0, shift + 8 * i) for i in range(5)]  # 32 days
    assert _alerts(_store(tmp_path / "wide", wide), "cycle", "closed_loop") == []


def _busy(account: str, n: int, day: float = 0) -> list[Tx]:
    """`n` payments between `account` and regular partners of its own (a busy account)."""
    return [(account, f"{account}-partner{i % 3}", 40.0, day + i % 25) for i in range(n)]


def test_cycle_via_quiet_accounts(tmp_path: Path) -> None:
    """A loop through two busy accounts whose other links do nothing else is found once; the
    closed-loop rule, which leaves busy accounts out, misses it."""
    ring = ["H1", "q1", "q2", "H2", "q3"]  # H1 -> q1 -> q2 -> H2 -> q3 -> H1
    txs = [(ring[i], ring[(i + 1) % 5], 300.0 + 90 * i, (11 * i) % 20) for i in range(5)]
    txs += _busy("H1", 40) + _busy("H2", 40)
    txs += [(f"new{i}", "H1", 20.0, i) for i in range(15)]  # H1 meets many accounts once
    found = _alerts(_store(tmp_path, txs), "cycle", "via_quiet_accounts")
    assert [a["txs"] for a in found] == [["0", "1", "2", "3", "4"]]
    assert '"paths":3' in found[0]["evidence"].replace(" ", "")  # once from each quiet account
    assert _alerts(_store(tmp_path / "c", txs), "cycle", "closed_loop") == []


def test_cycle_via_quiet_accounts_near_misses(tmp_path: Path) -> None:
    # three payments between busy accounts (H1 -> H2 -> H3 -> H4), one quiet link
    ring = ["H1", "H2", "H3", "H4", "q1"]
    txs = [(ring[i], ring[(i + 1) % 5], 300.0, i) for i in range(5)]
    txs += [p for h in ring[:4] for p in _busy(h, 20)]
    assert _alerts(_store(tmp_path, txs), "cycle", "via_quiet_accounts") == []
    two = [("H1", "H2", 300.0, 0), ("H2", "H3", 300.0, 1), ("H3", "q1", 300.0, 2),
           ("q1", "H1", 300.0, 3)] + [p for h in ring[:3] for p in _busy(h, 20)]
    found = _alerts(_store(tmp_path / "two", two), "cycle", "via_quiet_accounts")
    assert [a["txs"] for a in found] == [["0", "1", "2", "3"]]  # two busy hops are allowed
    # quiet links, but the loop takes 40 days, beyond the 30-day window
    ring = ["H1", "q1", "q2", "q3"]
    wide = [(ring[i], ring[(i + 1) % 4], 300.0, i * 13.4) for i in range(4)] + _busy("H1", 20)
    assert _alerts(_store(tmp_path / "w", wide), "cycle", "via_quiet_accounts") == []


def test_rapid_pass_through_of_a_single_use_account(tmp_path: Path) -> None:
    txs = [("X", "M", 830.0, 0), ("M", "Y", 250.0, 9)]  # one payment in, one out: any amount
    found = _alerts(_store(tmp_path, txs), "rapid_pass_through", "single_use")
    assert [a["txs"] for a in found] == [["0", "1"]]
    used = [*txs, ("M", "Z", 10.0, 12)]  # a third payment: an account in use
    assert _alerts(_store(tmp_path / "u", used), "rapid_pass_through", "single_use") == []
    late = [("X", "M", 830.0, 0), ("M", "Y", 250.0, 45)]  # passed on after 45 days
    assert _alerts(_store(tmp_path / "l", late), "rapid_pass_through", "single_use") == []


def test_strong_components() -> None:
    from illicitflow.detect.graph import strong_components

    comp = strong_components([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 4), (6, 6), (7, 1)])
    assert set(comp) == {1, 2, 3, 4, 5}
    assert comp[1] == comp[2] == comp[3] != comp[4] == comp[5]
    chain = [(i, i + 1) for i in range(5000)]  # deep: no recursion limit
    assert strong_components(chain) == {}
    assert len(set(strong_components([*chain, (5000, 0)]).values())) == 1


def test_cycle_edges_stay_behind_the_label_wall() -> None:
    import sqlglot
    from sqlglot import exp

    from illicitflow.detect.detectors import CYCLE_EDGES
    from illicitflow.detect.dialect import transpile

    tree = sqlglot.parse_one(CYCLE_EDGES, read="duckdb")
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    assert {t.name.lower() for t in tree.find_all(exp.Table)} - ctes == {"_edges", "_nodes"}
    sqlglot.parse_one(transpile(CYCLE_EDGES, "spark"), read="spark")


def test_bipartite(tmp_path: Path) -> None:
    txs = [(p, b, 200.0, 1) for p in ("P1", "P2") for b in ("B1", "B2")]
    assert [a["txs"] for a in _alerts(_store(tmp_path, txs), "bipartite")] == [
        ["0", "1", "2", "3"]]
    assert _alerts(_store(tmp_path / "miss", txs[:3]), "bipartite") == []


def test_stack(tmp_path: Path) -> None:
    txs = [("A", "B", 20000.0, 0), ("B", "C", 19800.0, 1), ("C", "D", 19600.0, 2)]
    assert [a["txs"] for a in _alerts(_store(tmp_path, txs), "stack")] == [["0", "1", "2"]]
    miss = [*txs[:2], ("C", "D", 5000.0, 2)]
    assert _alerts(_store(tmp_path / "miss", miss), "stack") == []


def test_rapid_pass_through(tmp_path: Path) -> None:
    txs = [("X", "M", 50000.0, 0), ("M", "Y", 49000.0, 0.4)]
    assert [a["txs"] for a in _alerts(_store(tmp_path, txs), "rapid_pass_through")] == [
        ["0", "1"]]
    slow = [("X", "M", 50000.0, 0), ("M", "Y", 49000.0, 10)]
    assert _alerts(_store(tmp_path / "miss", slow), "rapid_pass_through") == []


def test_structuring(tmp_path: Path) -> None:
    txs = [(None, "A", usd, day, "cash_deposit") for usd, day in
           ((9500.0, 0), (9600.0, 3), (9700.0, 9))]
    assert [a["txs"] for a in _alerts(_store(tmp_path, txs), "structuring")] == [
        ["0", "1", "2"]]
    miss = [(None, "A", 9500.0, 0, "cash_deposit"), (None, "A", 9600.0, 3, "cash_deposit"),
            (None, "A", 10500.0, 5, "cash_deposit")]  # one is above the threshold: reported
    assert _alerts(_store(tmp_path / "miss", miss), "structuring") == []


def test_diplomat_accounts(tmp_path: Path) -> None:
    txs = [(None, "D1", 3000.0, 0, "cash_deposit"), (None, "D2", 4000.0, 1, "cash_deposit"),
           (None, "T1", 3000.0, 0, "cash_deposit"), (None, "T2", 4000.0, 1, "cash_deposit")]
    customers = [("dip", "diplomat", "diplomatic_passport", None, None),
                 ("tea", "teacher", "passport", None, None)]
    accounts = [("D1", "dip"), ("D2", "dip"), ("T1", "tea"), ("T2", "tea")]
    found = _alerts(_store(tmp_path, txs, customers, accounts), "diplomat_accounts")
    assert [a["txs"] for a in found] == [["0", "1"]]
    assert '"accounts":2' in found[0]["evidence"]


def test_bulk_cash(tmp_path: Path) -> None:
    txs = [(None, "BIG", 50000.0, d, "cash_deposit") for d in range(4)]
    txs += [(None, f"s{i}", 1000.0, i, "cash_deposit") for i in range(5)]
    found = _alerts(_store(tmp_path, txs), "bulk_cash", min_share=0.3)
    assert [a["txs"] for a in found] == [["0", "1", "2", "3"]]
    even = [(None, f"s{i}", 50000.0, d, "cash_deposit") for i in range(5) for d in range(3)]
    assert _alerts(_store(tmp_path / "miss", even), "bulk_cash", min_share=0.3) == []


def test_trade_mispricing(tmp_path: Path) -> None:
    txs = [("CONS", "FRONT", 30000.0, 12, "trade_settlement"), ("CONS", "X", 10.0, 12)]
    accounts = [("CONS", "buyer")]
    shipments = [("s1", 5, 30000.0, 100000.0, "buyer"), ("s2", 5, 95000.0, 100000.0, "buyer")]
    found = _alerts(_store(tmp_path, txs, accounts=accounts, shipments=shipments),
                    "trade_mispricing")
    assert [(a["id"], a["txs"]) for a in found] == [("trade_mispricing:default:test|s1", ["0"])]


def test_shared_identifiers(tmp_path: Path) -> None:
    txs = [("F1", "F2", 1000.0, 0), ("Z", "Y", 5.0, 1)]
    customers = [("f1", None, "registration", "+852 5555", "1 Queen's Rd", "company"),
                 ("f2", None, "registration", "+852-5555", "9 Other St", "company")]
    accounts = [("F1", "f1"), ("F2", "f2")]
    found = _alerts(_store(tmp_path, txs, customers, accounts), "shared_identifiers")
    assert [(a["id"], a["txs"]) for a in found] == [
        ("shared_identifiers:default:test|phone|+8525555", ["0"])]
    alone = [("f1", None, "registration", "+852 5555", "1 Queen's Rd", "company"),
             ("f3", None, "registration", "+852 7777", "2 Queen's Rd", "company")]
    assert _alerts(_store(tmp_path / "miss", txs, alone, accounts), "shared_identifiers") == []


@pytest.mark.parametrize("typology", ["fan_in", "structuring"])
def test_alerts_carry_accounts_and_evidence(tmp_path: Path, typology: str) -> None:
    txs = [(f"p{i}", "H", 9500.0, i, "wire") for i in range(4)]
    txs += [(None, "H", 9500.0, i, "cash_deposit") for i in range(3)]
    store = _store(tmp_path, txs)
    _alerts(store, typology)
    accounts, n, evidence = store.con.execute(
        "SELECT accounts, n_transactions, evidence FROM alerts").fetchall()[0]
    assert "H" in accounts and n >= 3 and evidence.startswith("{")


def test_fan_in_of_first_time_payers(tmp_path: Path) -> None:
    # three payers meet the hub once each; they are busy elsewhere with regular partners
    txs = [(f"p{i}", "H", 150.0, i * 100) for i in range(3)]
    txs += [(f"p{i}", f"r{i}", 40.0, d) for i in range(3) for d in range(0, 300, 30)]
    found = _alerts(_store(tmp_path, txs), "fan_in", "first_time")
    assert [a["txs"] for a in found] == [["0", "1", "2"]]
    assert '"payers":3' in found[0]["evidence"].replace(" ", "")


def test_fan_in_of_regular_partners_is_not_first_time(tmp_path: Path) -> None:
    # the same three payers pay the hub every month: partners, not recruits
    txs = [(f"p{i}", "H", 150.0, d + i) for i in range(3) for d in range(0, 90, 30)]
    assert _alerts(_store(tmp_path, txs), "fan_in", "first_time") == []


def test_fan_in_of_one_amount(tmp_path: Path) -> None:
    # four busy payers each pay the hub 234.08 once (one of them twice); the hub's other
    # receipts differ
    txs = [(f"p{i}", "H", 234.08, i * 40) for i in range(4)] + [("p0", "H", 234.08, 200)]
    txs += [(f"p{i}", f"r{k}", 50.0 + k + i / 4, d) for i in range(4) for k in range(3)
            for d in range(0, 300, 30)]
    txs += [(f"q{i}", "H", 100.0 + i, i) for i in range(6)]
    found = _alerts(_store(tmp_path, txs), "fan_in", "same_amount")
    assert [a["txs"] for a in found] == [["0", "1", "2", "3"]]
    assert found[0]["id"].endswith("@234.08")
    evidence = found[0]["evidence"].replace(" ", "")
    assert '"payers":4' in evidence and '"same_amount_usd":234.08' in evidence
    # three payers of one amount are too few; a standing order of one amount is one payer
    three = [t for t in txs if t[:2] != ("p0", "H")]
    assert _alerts(_store(tmp_path / "three", three), "fan_in", "same_amount") == []
    rent = [("T", "H", 900.0, d) for d in range(0, 360, 30)]
    assert _alerts(_store(tmp_path / "rent", rent), "fan_in", "same_amount") == []


def test_scatter_gather_through_first_time_intermediaries(tmp_path: Path) -> None:
    txs = [("S", f"m{i}", 180.0, i) for i in range(3)] + [
        (f"m{i}", "G", 180.0, i + 2) for i in range(3)]
    found = _alerts(_store(tmp_path, txs), "scatter_gather", "first_time")
    assert [a["txs"] for a in found] == [["0", "1", "2", "3", "4", "5"]]
    # an intermediary that keeps a third of the money breaks the shape
    txs[3] = ("m0", "G", 120.0, 2)
    assert _alerts(_store(tmp_path / "b", txs), "scatter_gather", "first_time") == []


def test_scatter_gather_takes_in_a_busy_intermediary_once_found(tmp_path: Path) -> None:
    # three quiet intermediaries find the scheme; a fourth, busy with 20 other payments, relays
    # the same money between the same two accounts and belongs to it too
    txs = [("S", f"m{i}", 180.0, i) for i in range(4)] + [
        (f"m{i}", "G", 180.0, i + 2) for i in range(4)]
    txs += [("m3", f"z{i}", 30.0, i) for i in range(20)]
    found = _alerts(_store(tmp_path, txs), "scatter_gather")
    assert [a["txs"] for a in found] == [[str(i) for i in range(8)]]
    assert '"intermediaries":4' in found[0]["evidence"].replace(" ", "")
    # busy intermediaries alone find nothing
    txs += [("m2", f"y{i}", 30.0, i) for i in range(20)]
    txs += [("m1", f"x{i}", 30.0, i) for i in range(20)]
    assert _alerts(_store(tmp_path / "busy", txs), "scatter_gather") == []


def test_fan_out_of_an_account_that_seldom_pays_anyone_once(tmp_path: Path) -> None:
    # S pays its two suppliers every month, then five accounts once each
    regular = [("S", f"r{i}", 900.0, d) for i in range(2) for d in range(0, 360, 30)]
    once = [("S", f"b{i}", 150.0, 100 + i * 40) for i in range(5)]
    found = _alerts(_store(tmp_path, once + regular), "fan_out", "few_new_counterparties")
    assert [a["txs"] for a in found] == [["0", "1", "2", "3", "4"]]
    # a payroll account that pays 15 people once each is ordinary
    payroll = once + [("S", f"c{i}", 150.0, 3 * i) for i in range(10)] + regular
    assert _alerts(_store(tmp_path / "payroll", payroll), "fan_out",
                   "few_new_counterparties") == []


# R pays its landlord and its payroll every 7 days: days 0, 7, ..., 63, 70, ...
WEEKLY = [("R", f"r{i % 2}", 900.0, d) for i, d in enumerate(range(0, 140, 7))]


@pytest.mark.parametrize(("day", "off", "extra"), [(66, 1, 0), (63, 0, 1)])
def test_off_schedule_payment_to_a_new_account(tmp_path: Path, day: int, off: int,
                                               extra: int) -> None:
    # a new account paid off R's weekday, or on it beside the week's regular payment
    found = _alerts(_store(tmp_path, [("R", "new", 300.0, day), *WEEKLY]), "off_schedule")
    assert [a["txs"] for a in found] == [["0"]]
    evidence = found[0]["evidence"].replace(" ", "")
    assert '"period_days":7' in evidence
    assert f'"off_schedule":{off}' in evidence and f'"extra_on_schedule":{extra}' in evidence


def test_off_schedule_ordinary_payments(tmp_path: Path) -> None:
    # a regular partner paid off the weekday
    partner = [("R", "r0", 300.0, 66), *WEEKLY]
    assert _alerts(_store(tmp_path / "partner", partner), "off_schedule") == []
    # a payer that pays a new account every week pays a second new one on its weekday
    weekly_new = [("N", f"n{i}", 900.0, d) for i, d in enumerate(range(0, 140, 7))]
    txs = [("N", "new", 300.0, 63), *weekly_new]
    assert _alerts(_store(tmp_path / "new", txs), "off_schedule") == []
    # a payer that pays its regular payees every day pays a new one
    daily = [("D", f"r{i % 2}", 900.0, d) for i, d in enumerate(range(40))]
    txs = [("D", "new", 300.0, 20), *daily]
    assert _alerts(_store(tmp_path / "daily", txs), "off_schedule") == []


def test_off_schedule_needs_a_schedule(tmp_path: Path) -> None:
    # most gaps are 3 days, but only 7 of 12 payments fall on one day of the 3: no schedule
    days = [0, 3, 8, 11, 18, 21, 23, 29, 32, 36, 41, 44]
    txs = [("P", f"c{i}", 100.0, d) for i, d in enumerate(days)]
    assert _alerts(_store(tmp_path, txs), "off_schedule") == []
    loose = _alerts(_store(tmp_path / "loose", txs), "off_schedule", min_regular_share=0.5)
    assert [a["txs"] for a in loose] == [["0", "1", "4", "5", "9"]]
    # nor has one with too few payments to know it
    txs = [("P", "new", 300.0, 66)] + [("P", "r0", 900.0, d) for d in range(0, 42, 7)]
    assert _alerts(_store(tmp_path / "few", txs), "off_schedule") == []


def test_feature_rows_fill_detector_outputs_only_where_alerts_hold(tmp_path: Path) -> None:
    from illicitflow.detect.api import prepare
    from illicitflow.detect.features import GRAPH_FEATURES, feature_names, feature_rows, matrix

    txs = [(f"p{i}", "H", 150.0, i * 5) for i in range(4)] + [("X", "Y", 10.0, 1)]
    store = _store(tmp_path, txs)
    config = load_config()
    config.rules = [r for r in config.rules if r.typology == "fan_in" and r.rule == "default"]
    assert prepare(store, config) == 5
    names = feature_names(config)
    parts = list(feature_rows(store, names, size=2))
    tx = [int(t) for part in parts for t in part[0]]
    x = {t: row for part in parts for t, row in zip(part[0], part[1], strict=True)}
    assert tx == sorted(tx) and len(tx) == 5
    det, fired, n = (names.index(c) for c in ("det_fan_in", "fired_fan_in_default", "n_alerts"))
    held = store.con.execute("SELECT row_id FROM transactions WHERE payer_account <> 'X'"
                             ).fetchall()
    lone = store.con.execute("SELECT row_id FROM transactions WHERE payer_account = 'X'"
                             ).fetchall()[0][0]
    for (t,) in held:
        assert x[t][det] > 0 and x[t][fired] == 1 and x[t][n] == 1
    assert x[lone][det] == 0 and x[lone][fired] == 0 and x[lone][n] == 0
    assert x[lone][names.index("log_usd")] == pytest.approx(np.log(11.0))
    # the stored copy, for explain, holds the alerted transactions with the same values
    stored = store.con.sql("SELECT * FROM transaction_features ORDER BY tx").to_arrow_table()
    assert stored.column("tx").to_pylist() == sorted(t for (t,) in held)
    for t, row in zip(stored.column("tx").to_pylist(), matrix(stored, names), strict=True):
        assert np.allclose(row, x[t], equal_nan=True)
    # a rules-only reader gets the detector outputs alone
    only = np.vstack([p[1] for p in feature_rows(store, ["fired_fan_in_default"])])
    assert sorted(only[:, 0].tolist()) == [0, 1, 1, 1, 1]
    assert set(GRAPH_FEATURES) < set(names)
    with pytest.raises(ValueError, match="no_such_feature"):
        next(feature_rows(store, ["no_such_feature"]))


def test_detect_reports_each_step(tmp_path: Path) -> None:
    from illicitflow.detect.api import detect
    from illicitflow.progress import steps

    store = _store(tmp_path, [(f"p{i}", "H", 150.0, i * 5) for i in range(4)])
    seen: list[tuple[str, int, int]] = []
    detect(store, tmp_path / "alerts.parquet", progress=lambda *a: seen.append(a))
    assert [s for s, _, _ in seen if s != "detect"] == ["graph", "graph", "features",
                                                        "features", "score"]
    assert ("score", 4, 4) in seen and ("detect", 0, len(load_config().rules)) in seen

    class Bar:  # what steps() needs of a rich Progress
        def __init__(self) -> None:
            self.tasks: dict[int, dict[str, Any]] = {}

        def add_task(self, name: str, total: int | None) -> int:
            self.tasks[len(self.tasks)] = {"name": name, "total": total}
            return len(self.tasks) - 1

        def update(self, task: int, completed: int, total: int | None) -> None:
            self.tasks[task].update(completed=completed, total=total)

    bar = Bar()
    report = steps(bar)  # type: ignore[arg-type]
    report("fetch", 5, 0)
    report("fetch", 7, 0)
    report("parse", 1, 2)
    assert bar.tasks == {0: {"name": "fetch", "total": None, "completed": 7},
                         1: {"name": "parse", "total": 2, "completed": 1}}
