"""The money paths of SYSTEM.md's second table, from sale to hub.

Each function takes one sale (a :class:`Deal`) and moves its proceeds through the network with
the :class:`~illicitflow.world.regime.Run` primitives (wire, deposit, withdraw, deliver), so that
every hop is a transaction and every cent is booked. The last leg of most paths is
:func:`repatriate`, the bank-representative (nested correspondent) typology.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from illicitflow.world.cast import CENT, Actor
from illicitflow.world.regime import DAY, Lot, Run

ASIA = {"cn", "ru", "mn", "vn", "la", "kh", "th", "my", "sg", "id", "mm"}
FRONT_HUBS = {"hk", "cn", "mo", "sg", "my", "th", "ae"}
GOODS_DECLARED = {
    "counterfeit_cigarettes": ("paper products", "cartons"),
    "counterfeit_pharmaceuticals": ("medical supplies", "cartons"),
    "minerals_gold": ("anthracite coal", "tonnes"),
}


@dataclass
class Deal:
    stream: str
    typology: str
    instance: str
    t: int
    units: float
    price: float
    interdicted: bool
    rng: np.random.Generator

    @property
    def cents(self) -> int:
        return round(self.units * self.price * CENT)

    def tag(self, pattern: str, typology: str | None = None) -> tuple[str, str, str, str]:
        return (self.stream, typology or self.typology, self.instance, pattern)


def _later(deal: Deal, t: int, lo: float, hi: float) -> int:
    return t + int(deal.rng.uniform(lo, hi) * DAY)


def repatriate(run: Run, deal: Deal, lot: Lot | None, t: int) -> None:
    """Front -> representative-controlled account -> nested correspondent -> hub."""
    if lot is None:
        return
    fees, rng, typ = run.fees, deal.rng, "bank_representative_nested"
    rep, t = run.wait_pick(rng, "bank_representative", t, lot.cents)
    bank, t = run.wait_pick(rng, "regime_bank", t) if rep else (None, t)
    corr = run.account_of(rng, bank, t) if bank else None
    rep_acc = run.account_of(rng, rep, t) if rep else None
    if rep_acc is None or corr is None:  # no wire route: cash out and carry it home
        lot = run.withdraw(lot, t, deal.tag("cash_out", typ), fees["front"])
        if lot is not None:
            _courier_home(run, deal, lot, _later(deal, t, 2, 15))
        return
    lot = run.wire(lot, rep_acc, t, deal.tag("stack", typ), ref="TRADE PAYMENT",
                   rate=fees["front"])
    if lot is None:
        return
    t = _later(deal, t, 0.1, 2.0)
    lot = run.wire(lot, corr, t, deal.tag("rapid_pass_through", typ), ref="PAYMENT",
                   rate=fees["representative"])
    if lot is None:
        return
    run.fee(lot, fees["bank"], deal.stream)
    run.deliver(lot, _later(deal, t, 0.5, 5), deal.tag("delivery", typ))


def _courier_home(run: Run, deal: Deal, cash: Lot, t: int) -> None:
    """Cash carried home by couriers (or the diplomatic bag), a bag at a time."""
    cap = int(float(run.s.laundering.capacity_usd_per_month.courier.value) * CENT)
    left = cash.cents
    while left > 0:
        bag = min(left, max(CENT, int(cap * deal.rng.uniform(0.4, 0.9))))
        left -= bag
        courier, when = run.wait_pick(deal.rng, "courier", t, bag)
        if courier is None:  # no one to carry it before the period ends: still abroad
            run.stuck(Lot(bag, when), max(when, run.end), deal.stream)
            continue
        lot = Lot(bag, when)
        run.fee(lot, run.fees["courier"], deal.stream)
        run.deliver(lot, _later(deal, when, 1, 5), deal.tag("delivery"))


def place_with_diplomats(run: Run, deal: Deal, cash: Lot, t: int,
                         prefer: Actor | None = None) -> None:
    """Cash proceeds: part goes home in the bag, the rest is banked by diplomats abroad."""
    s, rng = run.s.laundering, deal.rng
    home = int(cash.cents * float(s.cash_home_share.value))
    if home:
        _courier_home(run, deal, Lot(home, t), _later(deal, t, 3, 20))
    left = cash.cents - home
    cap = int(float(s.capacity_usd_per_month.diplomat.value) * CENT)
    while left > 0:
        chunk = min(left, int(cap * rng.uniform(0.3, 0.7)))
        dipl = prefer if prefer is not None and run.active(prefer, t) else None
        if dipl is None:
            dipl = run.pick(rng, "diplomat", t, chunk, where=ASIA)
        if dipl is None:
            dipl, t = run.wait_pick(rng, "diplomat", t, chunk)
        prefer = None
        if dipl is None:
            run.stuck(Lot(left, t), max(t, run.end), deal.stream)
            return
        left -= chunk
        _diplomat_banks(run, deal, dipl, Lot(chunk, t), t)


def _diplomat_banks(run: Run, deal: Deal, dipl: Actor, cash: Lot, t: int) -> None:
    s, fees, rng = run.s.laundering, run.fees, deal.rng
    run.fee(cash, fees["diplomat"], deal.stream)
    threshold = run.s.countries[dipl.country].reporting_threshold_usd
    sizes: list[int] = []
    if threshold and rng.random() < float(s.structuring_share.value):
        few = int(rng.integers(4, 9))
        sizes = [int(threshold * rng.uniform(0.90, 0.99)) * CENT for _ in range(few)]
    rest = cash.cents - sum(sizes)
    if rest < 0:
        sizes, rest = [], cash.cents
    currency = run.acc_currency[dipl.accounts[0]]
    sizes += run.round_sizes(rng, rest, float(s.diplomat_deposit_usd.value),
                             s.diplomat_deposit_usd.sigma, currency)
    held: dict[int, Lot] = {}
    for c in sizes:
        if c <= 0:
            continue
        t = _later(deal, t, 0.3, 3)
        acc = run.account_of(rng, dipl, t)
        if acc is None:  # his accounts froze while he held the cash: carry it home instead
            _courier_home(run, deal, Lot(c, t), _later(deal, t, 2, 10))
            continue
        pattern = "structuring" if threshold and c < threshold * CENT else "diplomat_accounts"
        lot = run.deposit(Lot(c, t), acc, t, deal.tag(pattern))
        if lot is None:
            continue
        prev = held.get(acc)
        held[acc] = Lot(lot.cents + (prev.cents if prev else 0), t, acc)
    if not held:
        return
    # Each account pays the same front (fan-in), which sends the sum home in one go.
    t2 = _later(deal, t, 1, 6)
    total = sum(lot.cents for lot in held.values())
    front, t2 = run.wait_pick(rng, "front_company", t2, total, where=FRONT_HUBS)
    to = run.account_of(rng, front, t2) if front else None
    gathered: Lot | None = None
    for lot in held.values():
        if to is None:
            repatriate(run, deal, lot, t2)
            continue
        moved = run.wire(lot, to, _later(deal, t2, 0, 2), deal.tag("fan_in"),
                         ref="CONSULTING FEE")
        if moved is not None:
            gathered = Lot(moved.cents + (gathered.cents if gathered else 0), moved.t, to)
    if gathered is not None:
        repatriate(run, deal, gathered, _later(deal, gathered.t, 1, 7))


def drugs_via_partner_crime_group(run: Run, deal: Deal) -> None:
    group, t = run.wait_pick(deal.rng, "crime_group", deal.t)
    if group is None or deal.interdicted:
        return
    run.open_books(deal.stream, deal.cents)
    place_with_diplomats(run, deal, Lot(deal.cents, t), _later(deal, t, 1, 10))


def _ship(run: Run, deal: Deal, shipper: Actor | None, consignee: Actor, t: int,
          ship_to_ship: bool) -> None:
    rng = deal.rng
    goods, unit = GOODS_DECLARED.get(deal.stream, ("general cargo", "tonnes"))
    vessel = run.pick(rng, "vessel", t)
    market = deal.cents
    declared = int(market * rng.uniform(0.15, 0.35) if not ship_to_ship else
                   market * rng.uniform(0.5, 0.8))
    gap = int(rng.integers(30, 240)) if ship_to_ship else int(rng.integers(0, 6))
    run.L.shipments.append((
        t, goods, round(deal.units, 2), unit, declared, market, "kp",
        "ru" if ship_to_ship else "cn", consignee.country, vessel.id if vessel else None,
        shipper.id if shipper else None, consignee.id, gap, ship_to_ship))


def counterfeit_bulk_cash(run: Run, deal: Deal) -> None:
    s, fees, rng = run.s, run.fees, deal.rng
    dist, t = run.wait_pick(rng, "distributor", deal.t, stream=deal.stream)
    if dist is None:
        return
    if s.streams[deal.stream].shipped is not None:
        front = run.pick(rng, "front_company", t)
        _ship(run, deal, front, dist, t, ship_to_ship=False)
    if deal.interdicted:
        return
    run.open_books(deal.stream, deal.cents)
    t = _later(deal, t, 5, 20)
    if deal.stream == "counterfeit_cigarettes" and rng.random() < 0.3:
        # Part of the trade settles against an invoice for the declared goods.
        front, t = run.wait_pick(rng, "front_company", t, where=FRONT_HUBS)
        src = run.account_of(rng, dist, t)
        to = run.account_of(rng, front, t) if front else None
        if src is not None and to is not None:
            lot = run.wire(Lot(deal.cents, t, src), to, t, deal.tag("trade_mispricing"),
                           channel="trade_settlement", ref="INV PAPER PRODUCTS")
            repatriate(run, deal, lot, _later(deal, t, 2, 10))
            return
    cash = Lot(deal.cents, t)
    run.fee(cash, fees["courier"], deal.stream)
    holder, t = run.pick(rng, "bulk_cash_holder", t, cash.cents), t
    if holder is None:  # the complicit bank is gone and no replacement yet: diplomats
        place_with_diplomats(run, deal, cash, t)
        return
    run.fee(cash, fees["bulk_cash"], deal.stream)
    lay = run.s.laundering.bulk_deposit_usd
    acc = run.account_of(rng, holder, t)
    lot: Lot | None = None
    for c in run.round_sizes(rng, cash.cents, float(lay.value), lay.sigma, "USD"):
        t = _later(deal, t, 0.2, 2)
        got = run.deposit(Lot(c, t), acc, t, deal.tag("bulk_cash"), ref="CASH DEPOSIT")
        if got is not None:
            lot = Lot(got.cents + (lot.cents if lot else 0), t, acc)
    if lot is None:
        return
    t = _later(deal, t, 20, 70)  # balances sit at the complicit bank before they move on
    bank, t = run.wait_pick(rng, "regime_bank", t)
    corr = run.account_of(rng, bank, t) if bank else None
    if corr is None:
        repatriate(run, deal, lot, t)
        return
    lot = run.wire(lot, corr, t, deal.tag("nested_transfer"), ref="TRANSFER",
                   rate=fees["bank"])
    if lot is not None:
        run.deliver(lot, _later(deal, t, 0.5, 4), deal.tag("delivery"))


def diplomat_smuggling(run: Run, deal: Deal) -> None:
    reg, rng = run.s.regime, deal.rng
    st = run.s.streams[deal.stream]
    sources = set(reg.smuggling_source_countries.value) if deal.stream == "wildlife" else {
        "ae", "za", "zw", "ao", "mz"}
    dipl, t = run.wait_pick(rng, "diplomat", deal.t, where=sources)
    if dipl is None:
        dipl, t = run.wait_pick(rng, "diplomat", deal.t)
    if dipl is None:
        return
    share = float(st.purchase_share.value) if st.purchase_share else 0.0
    purchase = int(deal.cents * share)
    acc = run.account_of(rng, dipl, t)
    if acc is not None and purchase:  # cash drawn to buy the goods at source
        run._record(t, acc, None, purchase, "cash_withdrawal", "", deal.tag("purchase"))
    if deal.interdicted:
        return
    buyer, t = run.wait_pick(rng, "buyer", _later(deal, t, 5, 25), stream=deal.stream)
    if buyer is None:
        return
    run.open_books(deal.stream, deal.cents)
    lot = Lot(deal.cents, t)
    lot.cents -= purchase
    run.L.books.costs[deal.stream] += purchase
    src = run.account_of(rng, buyer, t)
    to = run.account_of(rng, dipl, t)
    if src is not None and to is not None and rng.random() < 0.3:
        paid = run.wire(Lot(lot.cents, t, src), to, t, deal.tag("diplomat_accounts"),
                        channel="trade_settlement", ref="GOODS")
        if paid is None:
            return
        t2 = _later(deal, t, 1, 6)
        front, t2 = run.wait_pick(rng, "front_company", t2, paid.cents, where=FRONT_HUBS)
        dest = run.account_of(rng, front, t2) if front else None
        if dest is None:
            repatriate(run, deal, paid, t2)
            return
        moved = run.wire(paid, dest, t2, deal.tag("fan_in"), ref="CONSULTING FEE")
        repatriate(run, deal, moved, _later(deal, t2, 1, 5))
        return
    place_with_diplomats(run, deal, lot, _later(deal, t, 2, 10), prefer=dipl)


def arms_front_contract(run: Run, deal: Deal) -> None:
    st, fees, rng = run.s.streams[deal.stream], run.fees, deal.rng
    client, t = run.wait_pick(rng, "buyer", deal.t, stream=deal.stream)
    if client is None or deal.interdicted:
        return
    front, t = run.wait_pick(rng, "front_company", t, where={"my", "ae", "sg", "cn", "hk"})
    if front is None:
        return
    run.open_books(deal.stream, deal.cents)
    n = int(st.installments.value) if st.installments else 1
    parts = run.split(deal.cents, [deal.cents // n] * (n - 1))
    src = client.accounts[0]
    for i, c in enumerate(parts):
        ti = t + i * int(rng.uniform(25, 40) * DAY)
        to = run.account_of(rng, front, ti)
        if to is None:
            alt, ti = run.wait_pick(rng, "front_company", ti, where={"my", "ae", "sg"})
            to = run.account_of(rng, alt, ti) if alt else None
        if to is None:
            run.stuck(Lot(c, ti, src), max(ti, run.end), deal.stream)
            continue
        lot = run.wire(Lot(c, ti, src), to, ti, deal.tag("trade_settlement"),
                       channel="trade_settlement", ref="TECHNICAL SERVICES CONTRACT")
        if lot is None:
            continue
        t2 = _later(deal, ti, 2, 10)
        if rng.random() < 0.5:  # settled in cash (or gold) carried home
            cash = run.withdraw(lot, t2, deal.tag("cash_out"), fees["front"])
            if cash is not None:
                _courier_home(run, deal, cash, _later(deal, t2, 3, 15))
        else:
            repatriate(run, deal, lot, t2)


def banned_exports_ship_to_ship(run: Run, deal: Deal) -> None:
    s, fees, rng = run.s, run.fees, deal.rng
    buyer, t = run.wait_pick(rng, "buyer", deal.t, stream=deal.stream)
    if buyer is None:
        return
    front = run.pick(rng, "front_company", t)
    _ship(run, deal, front, buyer, t, ship_to_ship=True)
    if deal.interdicted:
        return
    run.open_books(deal.stream, deal.cents)
    t = _later(deal, t, 3, 12)
    pay = s.laundering.shell_payment_usd
    sizes = run.round_sizes(rng, deal.cents, float(pay.value), pay.sigma, "USD")
    hub, t = run.wait_pick(rng, "front_company", t, deal.cents, where=FRONT_HUBS)
    hub_acc = run.account_of(rng, hub, t) if hub else None
    src = run.account_of(rng, buyer, t)
    src = buyer.accounts[0] if src is None else src
    gathered: Lot | None = None
    for c in sizes:
        ti = _later(deal, t, 0, 3)
        shell = run.pick(rng, "shell_company", ti)
        acc = run.account_of(rng, shell, ti) if shell else None
        if acc is None or hub_acc is None:
            run.stuck(Lot(c, ti, src), max(ti, run.end), deal.stream)
            continue
        lot = run.wire(Lot(c, ti, src), acc, ti, deal.tag("scatter_gather"), ref="PAYMENT")
        if lot is None:
            continue
        lot = run.wire(lot, hub_acc, _later(deal, ti, 1, 4), deal.tag("scatter_gather"),
                       ref="SETTLEMENT", rate=fees["shell"])
        if lot is not None:
            gathered = Lot(lot.cents + (gathered.cents if gathered else 0), lot.t, hub_acc)
    if gathered is not None:
        repatriate(run, deal, gathered, _later(deal, gathered.t, 1, 5))


def _counterpart(run: Run, deal: Deal, t: int) -> Actor | None:
    """Who pays (an employer of workers, the exchange robbed): the stream's buyers, else any."""
    return run.pick(deal.rng, "buyer", t, stream=deal.stream) or run.pick(deal.rng, "buyer", t)


def overseas_workers(run: Run, deal: Deal) -> None:
    """Wages paid to an agency (a front) that keeps most and sends it home."""
    fees, rng = run.fees, deal.rng
    agency, t = run.wait_pick(rng, "front_company", deal.t, where={"ru", "cn", "ae", "my"})
    if agency is None:
        agency, t = run.wait_pick(rng, "front_company", deal.t)
    employer = _counterpart(run, deal, t)
    if agency is None or employer is None or deal.interdicted:
        return
    run.open_books(deal.stream, deal.cents)
    src = employer.accounts[0]
    to = run.account_of(rng, agency, t)
    if to is None:
        run.stuck(Lot(deal.cents, t, src), run.end, deal.stream)
        return
    lot = run.wire(Lot(deal.cents, t, src), to, t, deal.tag("wages_to_agency"),
                   channel="trade_settlement", ref="LABOUR SERVICES")
    if lot is None:
        return
    kept = run.withdraw(lot, _later(deal, t, 2, 8), deal.tag("cash_out"), fees["front"])
    if kept is not None:
        _courier_home(run, deal, kept, _later(deal, t, 5, 20))


def cyber_theft(run: Run, deal: Deal) -> None:
    """Hack -> fan-out to many addresses -> peel chain -> OTC desk -> fronts -> hub."""
    rng = deal.rng
    victim = _counterpart(run, deal, deal.t)
    if victim is None or deal.interdicted:
        return
    run.open_books(deal.stream, deal.cents)
    src = victim.accounts[0]
    n = int(rng.integers(8, 20))
    parts = run.split(deal.cents, [deal.cents // n] * (n - 1))
    otc, t = run.wait_pick(rng, "front_company", deal.t, where=FRONT_HUBS)
    otc_acc = run.account_of(rng, otc, t) if otc else None
    gathered: Lot | None = None
    for c in parts:
        hops = [run.pick(rng, "shell_company", t) for _ in range(3)]
        lot: Lot | None = Lot(c, t, src)
        pattern = "fan_out"
        for h in hops:
            acc = run.account_of(rng, h, t) if h else None
            if acc is None or lot is None:
                break
            lot = run.wire(lot, acc, _later(deal, lot.t, 0, 1), deal.tag(pattern),
                           channel="crypto")
            pattern = "peel_chain"
        if lot is None:
            continue
        if otc_acc is None:
            run.stuck(lot, run.end, deal.stream)
            continue
        lot = run.wire(lot, otc_acc, _later(deal, lot.t, 1, 30), deal.tag("otc_cash_out"),
                       channel="crypto")
        if lot is not None:
            gathered = Lot(lot.cents + (gathered.cents if gathered else 0), lot.t, otc_acc)
    if gathered is not None:
        repatriate(run, deal, gathered, _later(deal, gathered.t, 1, 5))


PATHS: dict[str, Callable[[Run, Deal], None]] = {
    "drugs_via_partner_crime_group": drugs_via_partner_crime_group,
    "counterfeit_bulk_cash": counterfeit_bulk_cash,
    "diplomat_smuggling": diplomat_smuggling,
    "arms_front_contract": arms_front_contract,
    "banned_exports_ship_to_ship": banned_exports_ship_to_ship,
    "overseas_workers": overseas_workers,
    "cyber_theft": cyber_theft,
}
