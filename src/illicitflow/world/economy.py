"""The legitimate economy: salaries, purchases, transfers, business and trade payments, cash.

Generated month by month with vectorised numpy, so that a world of ten million transactions
takes seconds. Look-alikes are part of it on purpose: busy import firms (fan-in and fan-out),
cash businesses with bulk deposits (some at the complicit bank), other states' diplomats with
several accounts and cash deposits, people depositing just under the reporting threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from illicitflow.world.cast import CENT, Cast, rng_for

#: Channel codes used in the columnar month tables (index into this tuple).
CHANNEL_CODES = ("wire", "cash_deposit", "cash_withdrawal", "trade_settlement", "card", "crypto")
KINDS = ("salary", "purchase", "transfer", "business", "trade", "cash_deposit",
         "cash_withdrawal", "diplomatic")
#: Mean USD amount and lognormal sigma of each kind.
AMOUNTS = {"salary": (1800, 0.6), "purchase": (70, 1.0), "transfer": (450, 1.1),
           "business": (9000, 1.2), "trade": (60000, 1.0), "cash_deposit": (2500, 1.2),
           "cash_withdrawal": (200, 0.8), "diplomatic": (4000, 0.7)}
REFERENCES = {"salary": "SALARY ", "purchase": "POS ", "transfer": "TRANSFER ",
              "business": "INV ", "trade": "LC ", "cash_deposit": "", "cash_withdrawal": "ATM ",
              "diplomatic": "ALLOWANCE "}


@dataclass
class MonthTable:
    """One month of transactions as columns (account indices; -1 where there is none)."""

    t: np.ndarray
    payer: np.ndarray
    bene: np.ndarray
    local_cents: np.ndarray
    usd_cents: np.ndarray
    currency: np.ndarray  # index into Economy.currencies
    channel: np.ndarray  # index into CHANNEL_CODES
    ref_prefix: np.ndarray  # index into KINDS (reference prefix)
    ref_number: np.ndarray
    lookalike: np.ndarray  # index into LOOKALIKES, -1 for none


    def take(self, rows: np.ndarray) -> MonthTable:
        """The same month with only the given rows (kept in time order)."""
        return MonthTable(*(getattr(self, f.name)[rows] for f in fields(self)))


def time_order(offsets: np.ndarray) -> np.ndarray:
    """Stable argsort of non-negative integer offsets, by sorting unique keys (much faster)."""
    n = len(offsets)
    return np.sort(offsets.astype(np.int64) * n + np.arange(n)) % n


LOOKALIKES = ("busy_import_firm", "cash_business", "honest_diplomat", "below_threshold_cash")


class Economy:
    """Draws the legitimate transactions of each month."""

    def __init__(self, cast: Cast, n_accounts: int) -> None:
        self.cast = cast
        s = cast.scenario
        self.currencies = sorted({c.currency for c in s.countries.values()} | {"USD"})
        cur_index = {c: i for i, c in enumerate(self.currencies)}
        rates = {c.currency: c.per_usd for c in s.countries.values()}
        rates["USD"] = 1.0
        self.rate = np.array([rates[c] for c in self.currencies])
        self.acc_currency = np.array([cur_index[c] for c in cast.acc_currency[:n_accounts]],
                                     dtype=np.int16)
        bank_country = [b.country for b in cast.banks]
        countries = sorted(set(bank_country))
        cc_index = {c: i for i, c in enumerate(countries)}
        self.acc_country = np.array([cc_index[bank_country[b]] for b in
                                     cast.acc_bank[:n_accounts]], dtype=np.int16)
        thresholds = np.array([s.countries[c].reporting_threshold_usd for c in countries])
        self.acc_threshold = thresholds[self.acc_country]
        mix = s.economy.mix
        p = np.array([float(getattr(mix, k).value) for k in KINDS])
        self.mix = p / p.sum()
        rng = rng_for(cast.seed, "economy-activity")
        # Weighted draws by "tickets": each account holds tickets in proportion to how active
        # it is, so a draw is one uniform index (cheaper than a search over a CDF).
        self.pools = {}
        for name, accounts in cast.pools.items():
            accounts = np.asarray(accounts, dtype=np.int64)
            activity = rng.lognormal(0.0, 1.0, size=len(accounts))
            if name == "import_firm":
                activity *= 5.0  # busy: many counterparties in and out
            tickets = np.maximum(1, np.round(activity / max(activity.mean(), 1e-9) * 4))
            self.pools[name] = np.repeat(accounts, tickets.astype(np.int64))
        # Persons by country, for domestic payments.
        persons = np.asarray(cast.pools["person"], dtype=np.int64)
        order = np.argsort(self.acc_country[persons], kind="stable")
        self.persons_sorted = persons[order]
        counts = np.bincount(self.acc_country[persons], minlength=len(countries))
        self.person_start = np.concatenate([[0], np.cumsum(counts)[:-1]])
        self.person_count = counts

    def _draw(self, rng: np.random.Generator, pool: str, n: int) -> np.ndarray:
        tickets = self.pools[pool]
        if len(tickets) == 0:
            return np.full(n, -1, dtype=np.int64)
        return tickets[rng.integers(0, len(tickets), size=n)]

    def _domestic_person(self, rng: np.random.Generator, like: np.ndarray) -> np.ndarray:
        cc = self.acc_country[like]
        count = self.person_count[cc]
        fallback = self._draw(rng, "person", len(like))
        idx = self.person_start[cc] + (rng.random(len(like)) * np.maximum(count, 1)).astype(
            np.int64)
        pick = self.persons_sorted[np.minimum(idx, len(self.persons_sorted) - 1)]
        return np.where(count > 0, pick, fallback)

    def month_trimmed(self, draft: MonthTable, m: int, keep: int) -> MonthTable:
        """Drop rows at random (seeded by month) so that `keep` remain."""
        n = len(draft.t)
        if keep >= n:
            return draft
        drop = rng_for(self.cast.seed, "economy-trim", m).choice(n, n - keep, replace=False)
        rows = np.ones(n, dtype=bool)
        rows[drop] = False
        return draft.take(rows)

    def month(self, m: int, start: int, seconds: int, n: int) -> MonthTable:
        """The legitimate transactions of month m (n of them), starting at `start` (epoch s)."""
        rng = rng_for(self.cast.seed, "economy", m)
        kind = rng.choice(len(KINDS), size=n, p=self.mix).astype(np.int8)
        payer = np.full(n, -1, dtype=np.int64)
        bene = np.full(n, -1, dtype=np.int64)
        channel = np.zeros(n, dtype=np.int8)
        look = np.full(n, -1, dtype=np.int8)
        t = start + (rng.random(n) * seconds).astype(np.int64)
        usd = np.empty(n)
        for k, name in enumerate(KINDS):
            sel = np.flatnonzero(kind == k)
            c = len(sel)
            if not c:
                continue
            mean, sigma = AMOUNTS[name]
            usd[sel] = rng.lognormal(np.log(mean) - sigma * sigma / 2, sigma, size=c)
            if name == "salary":
                payer[sel] = self._draw(rng, "firm", c)
                bene[sel] = self._domestic_person(rng, payer[sel])
                day = rng.integers(23, 28, size=c)
                t[sel] = start + day * 86400 + rng.integers(28800, 64800, size=c)
            elif name == "purchase":
                payer[sel] = self._draw(rng, "person", c)
                shop = rng.random(c) < 0.5
                bene[sel] = np.where(shop, self._draw(rng, "cash_business", c),
                                     self._draw(rng, "firm", c))
                channel[sel] = CHANNEL_CODES.index("card")
            elif name == "transfer":
                payer[sel] = self._draw(rng, "person", c)
                bene[sel] = self._domestic_person(rng, payer[sel])
            elif name == "business":
                payer[sel] = self._draw(rng, "firm", c)
                bene[sel] = self._draw(rng, "firm", c)
            elif name == "trade":
                out = rng.random(c) < 0.5
                busy = self._draw(rng, "import_firm", c)
                other = self._draw(rng, "firm", c)
                payer[sel] = np.where(out, busy, other)
                bene[sel] = np.where(out, other, busy)
                channel[sel] = CHANNEL_CODES.index("trade_settlement")
                look[sel] = LOOKALIKES.index("busy_import_firm")
            elif name == "cash_deposit":
                biz = rng.random(c) < 0.6
                bene[sel] = np.where(biz, self._draw(rng, "cash_business", c),
                                     self._draw(rng, "person", c))
                usd[sel] = np.where(biz, usd[sel] * 6, usd[sel])
                look[sel] = np.where(biz, LOOKALIKES.index("cash_business"), -1)
                thr = self.acc_threshold[bene[sel]]
                under = (~biz) & (rng.random(c) < 0.04) & (thr > 0)
                usd[sel] = np.where(under, thr * rng.uniform(0.9, 0.99, size=c), usd[sel])
                look[sel] = np.where(under, LOOKALIKES.index("below_threshold_cash"), look[sel])
                channel[sel] = CHANNEL_CODES.index("cash_deposit")
            elif name == "cash_withdrawal":
                payer[sel] = self._draw(rng, "person", c)
                channel[sel] = CHANNEL_CODES.index("cash_withdrawal")
            elif name == "diplomatic":
                dep = rng.random(c) < 0.4
                dipl = self._draw(rng, "diplomat", c)
                payer[sel] = np.where(dep, -1, self._draw(rng, "mission", c))
                bene[sel] = dipl
                channel[sel] = np.where(dep, CHANNEL_CODES.index("cash_deposit"), 0)
                look[sel] = LOOKALIKES.index("honest_diplomat")
        # Nobody pays their own account: redraw the beneficiary among the pool's neighbours.
        same = np.flatnonzero((payer == bene) & (payer >= 0))
        for pool in ("person", "firm"):
            if len(same):
                tickets = self.pools[pool]
                alt = tickets[rng.integers(0, len(tickets), size=len(same))]
                bene[same] = np.where(alt == payer[same], bene[same], alt)
                same = np.flatnonzero((payer == bene) & (payer >= 0))
        if len(same):
            payer[same] = -1  # still the same account: book it as a cash deposit
            channel[same] = CHANNEL_CODES.index("cash_deposit")
        src = np.where(payer >= 0, payer, bene)
        cur = self.acc_currency[src]
        rate = self.rate[cur]
        local = np.round(usd * rate * CENT)
        cash = (channel == CHANNEL_CODES.index("cash_deposit")) | (
            channel == CHANNEL_CODES.index("cash_withdrawal"))
        unit = np.power(10.0, np.maximum(np.floor(np.log10(np.maximum(usd * rate, 10))) - 1, 0))
        local = np.where(cash & (look != LOOKALIKES.index("below_threshold_cash")),
                         np.maximum(np.round(usd * rate / unit), 1) * unit * CENT, local)
        local = np.maximum(local, 1).astype(np.int64)
        usd_cents = np.maximum(np.round(local / rate), 1).astype(np.int64)
        o = time_order(t - start)  # in time order, so merging with the regime's is cheap
        return MonthTable(t[o], payer[o], bene[o], local[o], usd_cents[o],
                          cur.astype(np.int16)[o], channel[o], kind[o],
                          rng.integers(10000, 999999, size=n), look[o])
