"""The regime's revenue system, month by month: sales, money paths, counter-measures, adaptation.

Each sale is an *instance*: proceeds that travel, hop by hop, from the buyer to the hub along one
of the typologies of SYSTEM.md's second table, chained with the repatriation leg through bank
representatives. Every hop is a real transaction between accounts (or a cash deposit or
withdrawal) and every cent is on the books: for each stream,
``proceeds = delivered + costs + frozen + in_transit``.

Randomness is drawn per instance from a stream keyed by (seed, stream, month, k), so the run
without a policy and the run with it face the same sales: the difference is the policy.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace

import numpy as np

from illicitflow.world.cast import CENT, Actor, Cast, rng_for
from illicitflow.world.policy import Policy
from illicitflow.world.scenario import Scenario

DAY = 86_400
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
NEVER = 2**62


def to_seconds(d: dt.date) -> int:
    return int((dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC) - EPOCH).total_seconds())


def period_end(scenario: Scenario) -> int:
    """The first second after the scenario's last month."""
    last = scenario.months()[-1]
    return to_seconds(dt.date(last.year + last.month // 12, last.month % 12 + 1, 1))


@dataclass
class Lot:
    """Money of one instance at one place: an account, or cash in someone's hands."""

    cents: int
    t: int
    account: int | None = None


@dataclass
class Books:
    proceeds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    delivered: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    costs: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    frozen: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    in_transit: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class Ledger:
    """What one run produced: transactions, shipments, revenue and the books."""

    policy: str
    tx: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    shipments: list[tuple] = field(default_factory=list)
    revenue: dict[tuple[int, str], int] = field(default_factory=lambda: defaultdict(int))
    books: Books = field(default_factory=Books)
    flows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    new_accounts: list[tuple[int, str, str, dt.date]] = field(default_factory=list)
    first_new_account: int = 0  # index the run gave its first new account
    new_actors: list[Actor] = field(default_factory=list)


class Run:
    """One run of the regime's economy over the scenario's period, under an optional policy."""

    def __init__(self, cast: Cast, policy: Policy | None = None, emit: bool = True) -> None:
        self.cast, self.s, self.policy, self.emit = cast, cast.scenario, policy, emit
        self.months = [to_seconds(m) for m in self.s.months()]
        self.end = period_end(self.s)
        self.L = Ledger(policy.name if policy else "baseline")
        self.L.first_new_account = len(cast.acc_bank)
        self.acc_bank = list(cast.acc_bank)
        self.acc_holder = list(cast.acc_holder)
        self.acc_currency = list(cast.acc_currency)
        # The run's own copies: de-risking moves accounts, and the cast serves many runs.
        self.actors = {role: [replace(a, accounts=list(a.accounts)) for a in v]
                       for role, v in cast.actors.items()}
        self.used: dict[tuple[str, int], int] = {}
        self.designated: dict[str, int] = {}
        self.bank_designated: dict[int, int] = {}
        self.closed: dict[int, tuple[int, int]] = {}  # account -> (time, new account)
        self.redesign: int | None = None
        self.input_cut: dict[str, int] = {}
        self.regime_linked = {eid for eid, _, _, bad in cast.truth if bad}
        self.hub = self.actors["hub"][0]
        self.enforcing = [self.s.countries[b.country].enforces for b in cast.banks]
        fees = self.s.laundering.fees
        self.fees = {k: float(getattr(fees, k).value) for k in type(fees).model_fields}
        self.rates = {c.currency: c.per_usd for c in self.s.countries.values()}
        self.rates.setdefault("USD", 1.0)
        if policy is not None:
            self._apply_policy(policy)
        self.interventions = bool(self.designated or self.bank_designated or self.closed)

    # -- counter-measures --------------------------------------------------------------
    def _apply_policy(self, policy: Policy) -> None:
        delay = policy.adaptation_delay_months
        if delay is None:
            delay = float(self.s.adaptation.delay_months.value)
        bank_ids = {b.id: b for b in self.cast.banks}
        for act in sorted(policy.actions, key=lambda a: a.date):
            t = to_seconds(act.date)
            if act.action == "designate":
                if act.target in bank_ids:  # the bank's books abroad and its customers
                    self.bank_designated[bank_ids[act.target].index] = t
                    self.designated[act.target] = min(t, self.designated.get(act.target, NEVER))
                elif act.target in self.cast.by_id or act.target in self.regime_linked or any(
                        e["id"] == act.target for e in self.cast.entities):
                    self.designated[act.target] = min(t, self.designated.get(act.target, NEVER))
                else:
                    raise ValueError(f"policy action designate: unknown target '{act.target}'")
                self._replace(act.target, t, delay)
            elif act.action == "redesign_currency":
                self.redesign = t
            elif act.action == "cut_input":
                known = {k for st in self.s.streams.values() for k in st.inputs}
                if act.target not in known:
                    raise ValueError(f"policy action cut_input: unknown input '{act.target}'; "
                                     f"allowed values: {', '.join(sorted(known))}")
                self.input_cut[act.target] = t
            elif act.action == "derisk":
                if act.target not in bank_ids:
                    raise ValueError(f"policy action derisk: unknown bank '{act.target}'")
                self._derisk(bank_ids[act.target].index, t, act.country, act.customer_type)

    def _replace(self, target: str, t: int, delay: float) -> None:
        """After the delay the network rebuilds what was cut: new actors, new accounts."""
        a = self.s.adaptation
        m = self.month_of(t) + delay
        bank = next((b.index for b in self.cast.banks if b.id == target), None)
        lost = [x for xs in self.actors.values() for x in xs
                if x.id == target or any(self.acc_holder[i] == target or self.acc_bank[i] == bank
                                         for i in x.accounts)]
        rng = rng_for(self.cast.seed, "replace", target)
        for old in lost:
            if old.role in ("hub", "official", "bureaucrat", "vessel", "embassy", "diplomat"):
                continue
            country = old.country
            banks = [b for b in self.cast.banks_in(country) if b.index not in
                     self.bank_designated] or self.cast.banks_in("hk")
            key = f"{self.L.policy}:{old.id}"
            new = Actor(self.cast.make_id("company", "replacement:" + key), old.role, country,
                        old.name, stream=old.stream, currency=old.currency,
                        capacity_cents=int(old.capacity_cents * float(a.replacement_share.value)),
                        active_from=m, ramp_months=float(a.ramp_months.value))
            if old.role == "regime_bank":
                new.id = old.id  # the same bank, through new nested accounts
            opened = self.s.months()[0] + dt.timedelta(days=int(m * 30.4))
            for _ in range(max(1, len(old.accounts))):
                bank = banks[int(rng.integers(len(banks)))]
                holder = new.id if old.role != "regime_bank" else self.cast.make_id(
                    "company", "nested:" + key)
                new.accounts.append(self._open(bank.index, holder, "USD", opened))
                self.regime_linked.add(holder)
            self.actors.setdefault(old.role, []).append(new)
            self.L.new_actors.append(new)

    def _derisk(self, bank: int, t: int, country: str | None, ctype: str | None) -> None:
        rng = rng_for(self.cast.seed, "derisk", bank)
        for role, actors in self.actors.items():
            for a in actors:
                prof = self.cast.profiles.get(a.id, {})
                hit = (country is not None and prof.get("nationality") == country) or (
                    ctype is not None and (role == ctype or prof.get("occupation") == ctype))
                if not hit:
                    continue
                for k, acc in enumerate(a.accounts):
                    if self.acc_bank[acc] != bank:
                        continue
                    cc = self.cast.banks[bank].country
                    others = [b for b in self.cast.banks_in(cc) if b.index != bank]
                    if not others:
                        continue
                    nb = others[int(rng.integers(len(others)))]
                    new = self._open(nb.index, self.acc_holder[acc], self.acc_currency[acc],
                                     dt.date(1970, 1, 1) + dt.timedelta(seconds=t + 7 * DAY))
                    self.closed[acc] = (t, new)
                    a.accounts[k] = new

    def _open(self, bank: int, holder: str, currency: str, opened: dt.date) -> int:
        idx = len(self.acc_bank)
        self.acc_bank.append(bank)
        self.acc_holder.append(holder)
        self.acc_currency.append(currency)
        self.L.new_accounts.append((bank, holder, currency, opened))
        return idx

    # -- state -------------------------------------------------------------------------
    def month_of(self, t: int) -> int:
        return bisect.bisect_right(self.months, t) - 1

    def freeze_time(self, acc: int) -> int:
        """When the account freezes; banks in states that do not enforce never freeze."""
        if not self.enforcing[self.acc_bank[acc]]:
            return NEVER
        holder = self.acc_holder[acc]
        t = self.designated.get(holder, NEVER)
        if self.acc_bank[acc] in self.bank_designated and holder in self.regime_linked:
            t = min(t, self.bank_designated[self.acc_bank[acc]])
        return t

    def usable(self, acc: int, t: int) -> bool:
        return self.freeze_time(acc) > t and (acc not in self.closed or self.closed[acc][0] > t)

    def capacity_left(self, a: Actor, month: int) -> int:
        """Cents the actor can still take in the month (ramping up after it appears)."""
        if month < a.active_from:
            return 0
        cap = a.capacity_cents
        if a.ramp_months > 0:
            cap = int(cap * min(1.0, (month - a.active_from + 1) / a.ramp_months))
        return cap - self.used.get((a.id, month), 0)

    def _fits(self, a: Actor, month: int, need: int) -> bool:
        """Room this month; a lot larger than the whole capacity needs an unused month."""
        left = self.capacity_left(a, month)
        return left >= need or (left > 0 and (a.id, month) not in self.used)

    def active(self, a: Actor, t: int) -> bool:
        if a.active_from and self.month_of(t) < a.active_from:
            return False
        if not self.interventions:
            return True
        if self.designated.get(a.id, NEVER) <= t:
            return False
        return not a.accounts or any(self.usable(i, t) for i in a.accounts)

    def pick(self, rng: np.random.Generator, role: str, t: int, need: int = 0,
             where: set[str] | None = None, stream: str | None = None) -> Actor | None:
        """One actor of the role that can take `need` cents at t, weighted by capacity."""
        month = self.month_of(t)
        cands: list[Actor] = []
        weights: list[int] = []
        for a in self.actors.get(role, ()):
            if (where is not None and a.country not in where) or (
                    stream is not None and a.stream is not None and a.stream != stream):
                continue
            if (a.active_from and month < a.active_from) or (
                    self.interventions and not self.active(a, t)):
                continue
            if need > 0 and a.capacity_cents and not self._fits(a, month, need):
                continue
            cands.append(a)
            weights.append(a.capacity_cents or 1)
        if not cands:
            return None
        x = rng.random() * sum(weights)
        k = 0
        while k < len(cands) - 1 and x >= weights[k]:
            x -= weights[k]
            k += 1
        a = cands[k]
        if need > 0 and a.capacity_cents:
            self.used[(a.id, month)] = self.used.get((a.id, month), 0) + need
        return a

    def wait_pick(self, rng: np.random.Generator, role: str, t: int, need: int = 0,
                  **kw: object) -> tuple[Actor | None, int]:
        """Pick an actor; when none can take the money now, wait for the next month."""
        while t < self.end:
            a = self.pick(rng, role, t, need, **kw)  # type: ignore[arg-type]
            if a is not None:
                return a, t
            m = self.month_of(t) + 1
            if m >= len(self.months):
                break
            t = self.months[m] + int(rng.integers(0, 5 * DAY))
        return None, t

    def account_of(self, rng: np.random.Generator, a: Actor, t: int) -> int | None:
        ok = [i for i in a.accounts if self.usable(i, t)]
        return ok[int(rng.integers(len(ok)))] if ok else None

    # -- money movements ---------------------------------------------------------------
    def _record(self, t: int, payer: int | None, bene: int | None, cents: int, channel: str,
                ref: str, tag: tuple[str, str, str, str]) -> None:
        if bene is not None:
            holder = self.acc_holder[bene]
            self.L.flows[holder] += cents
            self.L.flows[self.cast.banks[self.acc_bank[bene]].id] += cents
        if not self.emit:
            return
        tx = self.L.tx
        tx["t"].append(t)
        tx["payer"].append(payer)
        tx["bene"].append(bene)
        tx["cents"].append(cents)
        tx["channel"].append(channel)
        tx["ref"].append(ref)
        tx["stream"].append(tag[0])
        tx["typology"].append(tag[1])
        tx["instance"].append(tag[2])
        tx["pattern"].append(tag[3])

    def _settle_closed(self, lot: Lot, t: int, tag: tuple) -> None:
        """A de-risked account: its balance follows the customer to the new bank."""
        while lot.account is not None and lot.account in self.closed:
            tc, new = self.closed[lot.account]
            if tc > t:
                break
            when = max(lot.t, tc) + DAY
            if when >= self.end:
                break
            self._record(when, lot.account, new, lot.cents, "wire", "ACCOUNT TRANSFER",
                         (tag[0], tag[1], tag[2], "account_move"))
            lot.account, lot.t = new, when

    def stuck(self, lot: Lot, t: int, stream: str) -> bool:
        """True (and booked) when the money cannot move at t: frozen or out of time."""
        if lot.cents <= 0:
            return True
        if lot.account is not None and self.freeze_time(lot.account) <= t:
            self.L.books.frozen[stream] += lot.cents
            return True
        if t >= self.end:
            self.L.books.in_transit[stream] += lot.cents
            return True
        return False

    def fee(self, lot: Lot, rate: float, stream: str) -> None:
        f = round(lot.cents * rate)
        self.L.books.costs[stream] += f
        lot.cents -= f

    def destination(self, to: int, t: int) -> int:
        while to in self.closed and self.closed[to][0] <= t:
            to = self.closed[to][1]
        return to

    def blocked(self, cents: int, to: int, t: int, stream: str) -> bool:
        """Money sent to a frozen account is blocked on arrival and stays frozen."""
        if self.freeze_time(to) <= t:
            self.L.books.frozen[stream] += cents
            return True
        return False

    def wire(self, lot: Lot, to: int, t: int, tag: tuple, channel: str = "wire",
             ref: str = "", rate: float = 0.0) -> Lot | None:
        self._settle_closed(lot, t, tag)
        if self.stuck(lot, t, tag[0]):
            return None
        self.fee(lot, rate, tag[0])
        to = self.destination(to, t)
        if self.blocked(lot.cents, to, t, tag[0]):
            return None
        self._record(t, lot.account, to, lot.cents, channel, ref, tag)
        return Lot(lot.cents, t, to)

    def withdraw(self, lot: Lot, t: int, tag: tuple, rate: float = 0.0) -> Lot | None:
        self._settle_closed(lot, t, tag)
        if self.stuck(lot, t, tag[0]):
            return None
        self._record(t, lot.account, None, lot.cents, "cash_withdrawal", "", tag)
        lot = Lot(lot.cents, t, None)
        self.fee(lot, rate, tag[0])
        return lot

    def deposit(self, lot: Lot, to: int, t: int, tag: tuple, ref: str = "") -> Lot | None:
        if self.stuck(lot, t, tag[0]):
            return None
        to = self.destination(to, t)
        if self.blocked(lot.cents, to, t, tag[0]):
            return None
        self._record(t, None, to, lot.cents, "cash_deposit", ref, tag)
        return Lot(lot.cents, t, to)

    def deliver(self, lot: Lot, t: int, tag: tuple) -> None:
        """Money reaches the hub: a wire from a nested account or cash paid in at home."""
        self._settle_closed(lot, t, tag)
        if self.stuck(lot, t, tag[0]):
            return
        bank = self.acc_bank[lot.account] if lot.account is not None else None
        hub_accounts = self.hub.accounts
        to = hub_accounts[0]
        for i in hub_accounts:
            if bank is not None and self.acc_holder[lot.account] == self.cast.banks[
                    self.acc_bank[i]].id:
                to = i
        pattern = (tag[0], tag[1], tag[2], "delivery")
        if lot.account is None:
            self._record(t, None, to, lot.cents, "cash_deposit", "", pattern)
        else:
            self._record(t, lot.account, to, lot.cents, "wire", "TRANSFER", pattern)
        self.L.books.delivered[tag[0]] += lot.cents
        self.L.revenue[(self.month_of(t), tag[0])] += lot.cents

    def split(self, cents: int, sizes: list[int]) -> list[int]:
        """Split cents into the given sizes; the last part takes the remainder exactly."""
        out, left = [], cents
        for s in sizes:
            if left <= s:
                break
            out.append(s)
            left -= s
        out.append(left)
        return out

    def round_sizes(self, rng: np.random.Generator, cents: int, mean_usd: float, sigma: float,
                    currency: str, cap_usd: float | None = None) -> list[int]:
        """Round-sum amounts in the local currency, converted to exact USD cents."""
        rate = self.rates.get(currency, 1.0)
        sizes, total = [], 0
        while total < cents:
            usd = mean_usd * math.exp(sigma * rng.standard_normal() - sigma * sigma / 2)
            if cap_usd is not None:
                usd = min(usd, cap_usd * rng.uniform(0.90, 0.99))
            unit = 10 ** max(0, int(math.log10(max(usd * rate, 10))) - 1)
            local = max(unit, round(usd * rate / unit) * unit)
            c = round(local / rate * CENT)
            sizes.append(c)
            total += c
        return self.split(cents, sizes)

    # -- the month loop ----------------------------------------------------------------
    def run(self) -> Ledger:
        for m in range(len(self.months)):
            for stream in self.s.active_streams:
                self._sell(stream, m)
        return self.L

    def production_factor(self, stream: str, t: int) -> float:
        st = self.s.streams[stream]
        f = 1.0
        for name, inp in st.inputs.items():
            cut = self.input_cut.get(name)
            if cut is not None:
                months_after = (t - cut) / (30.4 * DAY) - inp.stock_months
                if months_after > 0:
                    f *= inp.residual + (1 - inp.residual) * math.exp(-months_after / 12)
        if self.redesign is not None and stream == "supernotes" and t >= self.redesign:
            delay = float(st.redesign_copy_delay_months.value) if st.redesign_copy_delay_months \
                else 0.0
            if (t - self.redesign) < delay * 30.4 * DAY:
                return 0.0
        return f

    def _sell(self, stream: str, m: int) -> None:
        from illicitflow.world import typologies

        st = self.s.streams[stream]
        rng = rng_for(self.cast.seed, "sales", stream, m)
        t0 = self.months[m]
        lam = float(st.deals_per_month.value) * self.production_factor(stream, t0)
        n = int(rng.poisson(lam)) if lam > 0 else 0
        typ_names = list(st.typologies)
        typ_w = np.array([st.typologies[k] for k in typ_names], dtype=float)
        for k in range(n):
            irng = rng_for(self.cast.seed, "instance", stream, m, k)
            t = t0 + int(irng.integers(0, 28 * DAY))
            units = _lognormal(irng, float(st.units_per_deal.value), st.units_per_deal.sigma)
            price = _lognormal(irng, float(st.price_per_unit_usd.value),
                               st.price_per_unit_usd.sigma)
            typology = typ_names[int(irng.choice(len(typ_names), p=typ_w / typ_w.sum()))]
            inst = f"{stream}-{m:03d}-{k:02d}"
            interdicted = irng.random() < float(st.interdiction_rate.value)
            deal = typologies.Deal(stream, typology, inst, t, units, price, interdicted, irng)
            typologies.PATHS[typology](self, deal)

    def open_books(self, stream: str, cents: int) -> None:
        """A sale is made: its proceeds enter the stream's books."""
        self.L.books.proceeds[stream] += cents


def _lognormal(rng: np.random.Generator, mean: float, sigma: float) -> float:
    if sigma <= 0:
        return mean
    return mean * math.exp(sigma * rng.standard_normal() - sigma * sigma / 2)
