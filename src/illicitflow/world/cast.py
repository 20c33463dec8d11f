"""The cast of the world: banks, the regime's network, and the legitimate economy around it.

Everything here is an entity (FollowTheMoney-shaped dict), an account at a bank, a know-your-
customer record, and a ground-truth role. Entity ids are hashes of the seed and an internal key,
so that nothing in an id tells an observer what the entity is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from illicitflow.world import names, registry
from illicitflow.world.scenario import Scenario

CENT = 100


def rng_for(seed: int, *key: object) -> np.random.Generator:
    """An independent random stream for one part of the world (same seed, same stream)."""
    words = [zlib.crc32(str(k).encode()) for k in key]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, *words])))


@dataclass
class Bank:
    index: int
    id: str
    name: str
    country: str
    kind: str  # retail | complicit | regime
    aliases: list[str] = field(default_factory=list)


@dataclass
class Actor:
    """A member of the regime's network (or a counterpart it deals with) that money passes."""

    id: str
    role: str
    country: str
    name: str
    stream: str | None = None
    accounts: list[int] = field(default_factory=list)
    capacity_cents: int = 0  # per month
    active_from: float = 0.0  # month index when it starts operating
    ramp_months: float = 0.0
    currency: str = "USD"


@dataclass
class Cast:
    scenario: Scenario
    seed: int
    banks: list[Bank] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    truth: list[tuple[str, str, str | None, bool]] = field(default_factory=list)
    # accounts, by index
    acc_bank: list[int] = field(default_factory=list)
    acc_holder: list[str] = field(default_factory=list)
    acc_currency: list[str] = field(default_factory=list)
    acc_opened: list[dt.date] = field(default_factory=list)
    customers: list[tuple] = field(default_factory=list)
    actors: dict[str, list[Actor]] = field(default_factory=dict)
    by_id: dict[str, Actor] = field(default_factory=dict)
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    pools: dict[str, np.ndarray] = field(default_factory=dict)
    people: dict[str, np.ndarray] = field(default_factory=dict)  # legitimate people, vectorised
    kp_diplomat_accounts: list[int] = field(default_factory=list)
    kyc_rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))
    _kyc_seen: set[tuple[int, str]] = field(default_factory=set)

    # -- building blocks ---------------------------------------------------------------
    def rng(self, *key: object) -> np.random.Generator:
        return rng_for(self.seed, *key)

    def make_id(self, prefix: str, key: str) -> str:
        digest = hashlib.sha1(f"{self.seed}:{key}".encode()).hexdigest()[:16]
        return f"{prefix}-{digest}"

    def entity(self, schema: str, eid: str, **props: Any) -> str:
        clean = {k: (v if isinstance(v, list) else [v]) for k, v in props.items() if v not in
                 (None, "", [])}
        clean = {k: [str(x) for x in v] for k, v in clean.items()}
        self.entities.append({"id": eid, "schema": schema, "properties": clean})
        return eid

    def link(self, schema: str, key: str, **props: Any) -> str:
        return self.entity(schema, self.make_id(schema.lower(), key), **props)

    def role(self, eid: str, role: str, stream: str | None, illicit: bool) -> None:
        self.truth.append((eid, role, stream, illicit))

    def currency(self, country: str) -> str:
        return self.scenario.countries[country].currency

    def open_account(self, bank: Bank, holder: str, opened: dt.date | None = None,
                     currency: str | None = None) -> int:
        idx = len(self.acc_bank)
        self.acc_bank.append(bank.index)
        self.acc_holder.append(holder)
        self.acc_currency.append(currency or self.currency(bank.country))
        self.acc_opened.append(opened or self._opened(holder))
        if (bank.index, holder) not in self._kyc_seen:
            self._kyc_seen.add((bank.index, holder))
            self._kyc(bank, holder)
        return idx

    def _opened(self, holder: str) -> dt.date:
        start = self.scenario.period.start
        days = int(zlib.crc32(holder.encode()) % 3000)
        return start - dt.timedelta(days=30 + days)

    def _kyc(self, bank: Bank, holder: str) -> None:
        p = self.profiles.get(holder)
        if p is None:
            return
        rng = self.kyc_rng
        name = p["name"]
        if p.get("korean") is not None:
            name = names.render(p["korean"], rng)
        elif p.get("variants"):
            name = p["variants"][int(rng.integers(len(p["variants"])))]
        self.customers.append((bank.id, holder, p["type"], name, p.get("birth_date"),
                               p.get("nationality"), p.get("address"), p.get("phone"),
                               p.get("id_type"), p.get("id_number"), p.get("occupation")))

    def banks_in(self, country: str, kinds: tuple[str, ...] = ("retail",)) -> list[Bank]:
        return [b for b in self.banks if b.country == country and b.kind in kinds]

    def add_actor(self, actor: Actor, illicit: bool = True) -> Actor:
        self.actors.setdefault(actor.role, []).append(actor)
        self.by_id[actor.id] = actor
        self.role(actor.id, actor.role, actor.stream, illicit)
        return actor


def listed_variants(listed: str) -> list[str]:
    """Ways a clerk writes a listed name ("PAE, Won Uk"): order, hyphens, case, run-together."""
    surname, _, given = (x.strip() for x in listed.partition(","))
    sur = surname.capitalize()
    parts = given.replace("-", " ").split()
    if not parts:
        return [sur]
    hyphen = parts[0] + "".join("-" + p.lower() for p in parts[1:])
    joined = parts[0] + "".join(p.lower() for p in parts[1:])
    out = [f"{sur} {' '.join(parts)}", f"{sur} {hyphen}", f"{' '.join(parts)} {sur}",
           f"{sur} {joined}".upper(), f"{hyphen} {sur}"]
    return list(dict.fromkeys(out))


def _korean_person(cast: Cast, rng: np.random.Generator, key: str, occupation: str,
                   id_type: str = "passport", listed: str | None = None,
                   birth: dt.date | None = None, resident: str = "kp") -> tuple[str, str]:
    """A North Korean person: FtM Person with the romanisations an observer will meet."""
    gender = "male" if rng.random() < 0.85 else "female"
    kname = names.korean_name(rng, gender)
    variants = names.romanisations(kname)
    primary = names.render(kname, rng, style="dprk")
    if listed:  # a real listed person: the listed name rules, the others are variants
        primary = listed
    eid = cast.make_id("person", key)
    if birth is None:
        birth = dt.date(int(rng.integers(1950, 1985)), int(rng.integers(1, 13)),
                        int(rng.integers(1, 29)))
    country_name = cast.scenario.countries[resident].name
    doc = registry.document_number(rng, "kp", id_type)
    cast.profiles[eid] = {
        "type": "person", "name": primary, "korean": None if listed else kname,
        "birth_date": birth, "nationality": "kp", "id_type": id_type, "id_number": doc,
        "occupation": occupation, "phone": registry.phone(rng, resident),
        "address": registry.address(rng, resident, country_name),
    }
    if listed:
        aliases = listed_variants(listed)
        cast.profiles[eid]["variants"] = aliases
    else:
        aliases = [v for v in variants[:6] if v != primary] + [kname.hangul]
    props = {"name": primary, "alias": aliases, "birthDate": birth.isoformat(),
             "nationality": "kp", "gender": gender,
             "position": occupation, "country": resident}
    if id_type.endswith("passport"):
        props["passportNumber"] = doc
    cast.entity("Person", eid, **props)
    return eid, primary


def _company(cast: Cast, rng: np.random.Generator, key: str, country: str, occupation: str,
             address: str | None = None, phone: str | None = None,
             schema: str = "Company") -> tuple[str, str]:
    eid = cast.make_id("company", key)
    name = registry.company_name(rng, country)
    cname = cast.scenario.countries[country].name
    address = address or registry.address(rng, country, cname)
    phone = phone or registry.phone(rng, country)
    reg = registry.document_number(rng, country, "registration")
    cast.profiles[eid] = {"type": "company", "name": name, "nationality": country,
                          "address": address, "phone": phone, "id_type": "registration",
                          "id_number": reg, "occupation": occupation}
    cast.entity(schema, eid, name=name, jurisdiction=country, address=address,
                phone=phone, registrationNumber=reg, sector=occupation)
    return eid, name


def build_cast(scenario: Scenario, seed: int, n_transactions: int) -> Cast:
    """Create every entity and account of the world."""
    cast = build_regime_cast(scenario, seed)
    build_economy(cast, n_transactions)
    return cast


def build_regime_cast(scenario: Scenario, seed: int) -> Cast:
    """The banks and the regime's network: all that the regime's runs need."""
    cast = Cast(scenario, seed)
    cast.kyc_rng = cast.rng("kyc")
    _banks(cast)
    _regime(cast)
    return cast


def build_economy(cast: Cast, n_transactions: int) -> None:
    """Add the legitimate economy (its size follows the number of transactions)."""
    _economy(cast, n_transactions)


def _banks(cast: Cast) -> None:
    s = cast.scenario
    rng = cast.rng("banks")
    words = ["Commercial", "Merchants", "Pacific", "Union", "Industrial", "Harbour", "Capital",
             "Orient", "National", "Cooperative", "Development", "Trust"]
    n = int(s.banks_per_country.value)
    for cc, c in s.countries.items():
        if cc == "kp":
            continue
        for i in range(n):
            name = f"{c.name} {rng.choice(words)} Bank" if i else f"Bank of {c.name}"
            bank = Bank(len(cast.banks), f"bank-{cc}-{i}", name, cc, "retail")
            cast.banks.append(bank)
    for b in s.regime.complicit_banks:
        cast.banks.append(Bank(len(cast.banks), b.id, b.name, b.country, "complicit", b.aliases))
    for b in s.regime.regime_banks:
        cast.banks.append(Bank(len(cast.banks), b.id, b.name, "kp", "regime", b.aliases))
    for b in cast.banks:
        cast.entity("Company", b.id, name=b.name, alias=b.aliases, jurisdiction=b.country,
                    sector="banking")
        kind = {"retail": ("bank", False), "complicit": ("complicit_bank", True),
                "regime": ("regime_bank", True)}[b.kind]
        cast.role(b.id, kind[0], None, kind[1])


def _regime(cast: Cast) -> None:
    s, reg = cast.scenario, cast.scenario.regime
    rng = cast.rng("regime")
    kp_banks = [b for b in cast.banks if b.kind == "regime"]
    complicit = [b for b in cast.banks if b.kind == "complicit"]
    fees = s.laundering.capacity_usd_per_month
    usd = lambda p: int(float(p.value) * CENT)  # noqa: E731

    def pick_bank(country: str) -> Bank:
        banks = cast.banks_in(country)
        return banks[int(rng.integers(len(banks)))]

    # The hub and its accounts at the regime banks.
    hub = reg.hub
    cast.entity("Organization", hub.id, name=hub.name, alias=hub.aliases, jurisdiction="kp",
                topics="gov.soe")
    cast.profiles[hub.id] = {"type": "organization", "name": hub.name, "nationality": "kp"}
    hub_actor = Actor(hub.id, "hub", "kp", hub.name)
    for b in kp_banks:
        hub_actor.accounts.append(cast.open_account(b, hub.id, currency="USD"))
    cast.add_actor(hub_actor)

    # Regime banks: correspondent (nested) accounts abroad, some at the complicit bank.
    corr_countries = ["cn", "hk", "mo", "ru", "sg"]
    for b in kp_banks:
        a = Actor(b.id, "regime_bank", "kp", b.name, capacity_cents=usd(fees.representative) * 4)
        cast.profiles[b.id] = {"type": "company", "name": b.name, "nationality": "kp",
                               "id_type": "registration", "id_number": f"KP{b.index:06d}"}
        for cc in rng.choice(corr_countries, size=2, replace=False):
            a.accounts.append(cast.open_account(pick_bank(str(cc)), b.id, currency="USD"))
        for cb in complicit:
            a.accounts.append(cast.open_account(cb, b.id, currency="USD"))
        cast.actors.setdefault("regime_bank", []).append(a)
        cast.by_id[a.id] = a

    # Officials and bureaucrats (no accounts abroad; they direct fronts and are family).
    officials = []
    for role, param in (("official", reg.officials), ("bureaucrat", reg.bureaucrats)):
        for i in range(int(param.value)):
            eid, name = _korean_person(cast, rng, f"{role}:{i}", role.replace("_", " "))
            officials.append(eid)
            cast.add_actor(Actor(eid, role, "kp", name))
            cast.link("Membership", f"{role}:{i}", member=eid, organization=hub.id,
                      role="Military official" if role == "official" else "Party bureaucrat")

    # Embassies and diplomats.
    mission_countries = [cc for cc, c in s.countries.items() if c.mission]
    n_missions = min(int(reg.missions.value), len(mission_countries) * 2)
    mission_cc = [mission_countries[i % len(mission_countries)] for i in range(n_missions)]
    listed_dipl = [p for p in reg.listed_people if p.role == "diplomat"]
    for m, cc in enumerate(mission_cc):
        cname = s.countries[cc].name
        kind = "Embassy" if m < len(mission_countries) else "Consulate General"
        emb_name = f"{kind} of the Democratic People's Republic of Korea in {cname}"
        emb = cast.make_id("publicbody", f"embassy:{m}")
        addr = registry.address(rng, cc, cname)
        cast.entity("PublicBody", emb, name=emb_name, country=cc, address=addr,
                    topics="role.diplo")
        cast.profiles[emb] = {"type": "organization", "name": emb_name, "nationality": "kp",
                              "address": addr, "occupation": "diplomatic mission"}
        emb_actor = Actor(emb, "embassy", cc, emb_name)
        emb_actor.accounts.append(cast.open_account(pick_bank(cc), emb))
        cast.add_actor(emb_actor)
        for d in range(max(1, int(rng.poisson(reg.diplomats_per_mission.value)))):
            listed = next((p for p in listed_dipl if p.country == cc), None)
            if listed is not None:
                listed_dipl.remove(listed)
            eid, name = _korean_person(
                cast, rng, f"diplomat:{m}:{d}", "diplomat", "diplomatic_passport",
                listed=listed.name if listed else None,
                birth=listed.birth_date if listed else None, resident=cc)
            cast.link("Employment", f"posting:{m}:{d}", employee=eid, employer=emb,
                      role=str(rng.choice(["Counsellor", "Second Secretary", "Attaché",
                                           "Third Secretary", "Commercial Counsellor"])))
            if listed is not None or rng.random() < reg.earning_share.value:
                a = Actor(eid, "diplomat", cc, name, capacity_cents=usd(fees.diplomat))
                banks = cast.banks_in(cc)
                for k in range(int(reg.accounts_per_earning_diplomat.value)):
                    a.accounts.append(cast.open_account(banks[k % len(banks)], eid))
                cast.add_actor(a)
                if officials and rng.random() < 0.3:
                    cast.link("Family", f"family:{m}:{d}", person=eid,
                              relative=officials[int(rng.integers(len(officials)))],
                              relationship=str(rng.choice(["brother", "son", "nephew"])))
            else:  # an honest diplomat: one account, salary and allowances only
                cast.kp_diplomat_accounts.append(cast.open_account(pick_bank(cc), eid))
                cast.role(eid, "honest_diplomat", None, False)

    # Fronts, shells and the bank representatives who control them.
    fc = reg.front_countries.value
    f_codes, f_w = list(fc), np.array(list(fc.values()), dtype=float)
    fronts: list[Actor] = []
    for i in range(int(reg.fronts.value)):
        cc = str(rng.choice(f_codes, p=f_w / f_w.sum()))
        eid, name = _company(cast, rng, f"front:{i}", cc, str(rng.choice(registry.GOODS)) +
                             " trading")
        a = Actor(eid, "front_company", cc, name, capacity_cents=usd(fees.front))
        a.accounts.append(cast.open_account(pick_bank(cc), eid, currency="USD"))
        if rng.random() < 0.5:
            a.accounts.append(cast.open_account(pick_bank(cc), eid))
        director = officials[int(rng.integers(len(officials)))]
        cast.link("Directorship", f"front-dir:{i}", director=director, organization=eid,
                  role="Director")
        cast.link("Ownership", f"front-own:{i}", owner=hub.id, asset=eid, percentage="100")
        fronts.append(cast.add_actor(a))
    # Bulk-cash holders: fronts with accounts at the complicit bank.
    for i, cb in enumerate(complicit):
        for j in range(3):
            eid, name = _company(cast, rng, f"bulk:{i}:{j}", cb.country, "general trading")
            a = Actor(eid, "bulk_cash_holder", cb.country, name,
                      capacity_cents=usd(fees.complicit_bank) // 3)
            a.accounts.append(cast.open_account(cb, eid, currency="USD"))
            a.accounts.append(cast.open_account(cb, eid))
            cast.link("Ownership", f"bulk-own:{i}:{j}", owner=hub.id, asset=eid)
            cast.add_actor(a)
    listed_reps = [p for p in reg.listed_people if p.role == "bank_representative"]
    for r in range(int(reg.bank_representatives.value)):
        listed = listed_reps[r] if r < len(listed_reps) else None
        cc = listed.country if listed else str(rng.choice(["cn", "hk", "ru", "sg", "mo"]))
        eid, name = _korean_person(cast, rng, f"rep:{r}", "trade representative",
                                   listed=listed.name if listed else None,
                                   birth=listed.birth_date if listed else None, resident=cc)
        bank = kp_banks[r % len(kp_banks)]
        cast.link("Representation", f"rep:{r}", agent=eid, client=bank.id,
                  role="Representative abroad")
        a = Actor(eid, "bank_representative", cc, name, capacity_cents=usd(fees.representative))
        a.stream = None
        # The accounts a representative controls are held by shells sharing his address/phone.
        prof = cast.profiles[eid]
        for k in range(int(reg.accounts_per_representative.value)):
            sid, _ = _company(cast, rng, f"shell:{r}:{k}", cc, "trading",
                              address=prof["address"] if k % 2 == 0 else None,
                              phone=prof["phone"])
            cast.link("Directorship", f"shell-dir:{r}:{k}", director=eid, organization=sid,
                      role="Authorised signatory")
            cast.role(sid, "shell_company", None, True)
            a.accounts.append(cast.open_account(pick_bank(cc), sid, currency="USD"))
        cast.add_actor(a)
    for i in range(int(reg.shells.value)):  # shells that take buyers' split payments
        f = fronts[i % len(fronts)]
        prof = cast.profiles[f.id]
        eid, name = _company(cast, rng, f"shell:x:{i}", f.country, "trading",
                             address=prof["address"], phone=prof["phone"] if i % 2 else None)
        a = Actor(eid, "shell_company", f.country, name, capacity_cents=usd(fees.front))
        a.accounts.append(cast.open_account(pick_bank(f.country), eid, currency="USD"))
        cast.add_actor(a)

    for i in range(int(reg.couriers.value)):
        cc = str(rng.choice(["cn", "ru", "mo", "hk"]))
        eid, name = _korean_person(cast, rng, f"courier:{i}", "driver", resident=cc)
        cast.add_actor(Actor(eid, "courier", cc, name, capacity_cents=usd(fees.courier)))

    # Partner crime groups.
    for g_i, g in enumerate(reg.crime_groups):
        gid = cast.make_id("organization", f"crime:{g_i}")
        cast.entity("Organization", gid, name=g.name, country=g.country,
                    topics="crime", sourceUrl=None)
        cast.profiles[gid] = {"type": "organization", "name": g.name, "nationality": g.country}
        a = Actor(gid, "crime_group", g.country, g.name, currency=g.currency)
        cast.add_actor(a)
        people = names.random_people(rng, g.members)
        for m in range(g.members):
            mid = cast.make_id("person", f"crime:{g_i}:{m}")
            nm = str(people["name"][m])
            cast.entity("Person", mid, name=nm, nationality=g.country, country=g.country)
            cast.profiles[mid] = {"type": "person", "name": nm, "nationality": g.country,
                                  "birth_date": people["birth_date"][m].item(),
                                  "occupation": "business owner"}
            cast.open_account(pick_bank(g.country), mid)
            cast.link("Membership", f"crime-m:{g_i}:{m}", member=mid, organization=gid)
            cast.role(mid, "crime_group_member", None, True)

    # Distributors and buyers: the counterparts who pay the regime.
    for key, role in (("distributors", "distributor"), ("buyers", "buyer")):
        counts = getattr(reg, key).value
        where = getattr(reg, key.rstrip("s") + "_countries").value
        for stream, n in counts.items():
            for i in range(int(n)):
                cc = str(where[stream][i % len(where[stream])])
                eid, name = _company(cast, rng, f"{role}:{stream}:{i}", cc,
                                     "construction" if stream == "arms" else "wholesale trade")
                a = Actor(eid, role, cc, name, stream=stream)
                a.accounts.append(cast.open_account(pick_bank(cc), eid, currency="USD"))
                cast.add_actor(a)

    # State-linked vessels, owned through fronts, with renames and flag hops.
    flags = ["kp", "kh", "sl", "tz", "mn", "bz"]
    for i in range(int(reg.vessels.value)):
        vid = cast.make_id("vessel", f"vessel:{i}")
        owner = fronts[int(rng.integers(len(fronts)))]
        prev = [f"{rng.choice(registry.FIRST)} {int(rng.integers(1, 30))}".upper()
                for _ in range(int(rng.integers(0, 3)))]
        vname = f"{rng.choice(['CHON MA', 'MU SAN', 'RYONG GANG', 'KUM UN', 'PAEK MA', 'JI SONG'])}"
        vname += f" {int(rng.integers(1, 9))}" if rng.random() < 0.5 else ""
        cast.entity("Vessel", vid, name=vname, previousName=prev,
                    imoNumber=registry.imo_number(rng),
                    flag=str(rng.choice(flags)), pastFlags="kp", type="General Cargo")
        cast.link("Ownership", f"vessel-own:{i}", owner=owner.id, asset=vid)
        cast.add_actor(Actor(vid, "vessel", "kp", vname))


def _economy(cast: Cast, n_transactions: int) -> None:
    """The legitimate economy: people, firms, look-alikes, other states' diplomats."""
    s, e = cast.scenario, cast.scenario.economy
    rng = cast.rng("economy")
    countries = [cc for cc, c in s.countries.items() if c.weight > 0]
    w = np.array([s.countries[c].weight for c in countries], dtype=float)
    w /= w.sum()
    per_k = n_transactions / 1000
    n_people = max(200, int(e.people_per_1000_tx.value * per_k))
    n_firms = max(50, int(e.firms_per_1000_tx.value * per_k))

    retail = {cc: [b.index for b in cast.banks_in(cc)] for cc in countries}
    complicit = [b for b in cast.banks if b.kind == "complicit"]
    people = names.random_people(rng, n_people)
    res = rng.choice(len(countries), size=n_people, p=w)
    people["residence"] = np.array(countries)[res]
    # Random 64-bit ids: unique for any realistic size, and they say nothing of the person.
    raw = cast.rng("people-ids").integers(0, 2**63, size=n_people, dtype=np.int64)
    ids = [f"person-{x:016x}" for x in raw.tolist()]
    people["id"] = np.array(ids, dtype=object)
    # A bank in the country of residence; accounts are numbered country by country.
    first = len(cast.acc_bank)
    choice = rng.random(n_people)
    by_country = [np.flatnonzero(res == i) for i in range(len(countries))]
    bank = np.empty(n_people, dtype=np.int64)
    for i, cc in enumerate(countries):
        banks = np.array(retail[cc])
        bank[by_country[i]] = banks[(choice[by_country[i]] * len(banks)).astype(int)]
    seq = np.concatenate(by_country)  # person of each new account, in account order
    currency = np.array([cast.currency(cc) for cc in countries], dtype=object)
    cast.acc_bank.extend(bank[seq].tolist())
    cast.acc_holder.extend(people["id"][seq].tolist())
    cast.acc_currency.extend(currency[res[seq]].tolist())
    order = np.argsort(seq, kind="stable")  # account of each person
    people["account"] = first + order
    days = rng.integers(30, 3030, size=n_people)[seq]
    opened = np.datetime64(s.period.start) - days.astype("timedelta64[D]")
    cast.acc_opened.extend(opened.astype(object).tolist())
    cast.people = people

    # Firms: ordinary, busy import firms, cash businesses (some at the complicit bank).
    kinds = rng.choice(3, size=n_firms, p=[1 - e.import_firm_share.value -
                                            e.cash_business_share.value,
                                            e.import_firm_share.value,
                                            e.cash_business_share.value])
    fcc = rng.choice(len(countries), size=n_firms, p=w)
    pools: dict[str, list[int]] = {"firm": [], "import_firm": [], "cash_business": []}
    for i in range(n_firms):
        cc = countries[fcc[i]]
        kind = ("firm", "import_firm", "cash_business")[kinds[i]]
        occupation = {"firm": registry.pick(rng, registry.GOODS) + " supplier",
                      "import_firm": "import and export",
                      "cash_business": registry.pick(rng, ["restaurant", "casino", "money exchange",
                                                         "supermarket", "jewellery"])}[kind]
        eid, _ = _company(cast, rng, f"firm:{i}", cc, occupation)
        cast.role(eid, kind, None, False)
        banks = retail[cc]
        bank = cast.banks[banks[int(rng.integers(len(banks)))]]
        if kind == "cash_business" and complicit and cc == complicit[0].country and i % 2:
            bank = complicit[0]
        pools[kind].append(cast.open_account(bank, eid))
        if kind != "firm":
            pools[kind].append(cast.open_account(bank, eid, currency="USD"))

    # Legitimate DPRK traders (state-linked directors, honest trade).
    traders = []
    officials = [a.id for a in cast.actors.get("official", [])]
    for i in range(int(e.legit_kp_traders.value)):
        cc = str(rng.choice(["cn", "hk", "ru", "sg", "my"]))
        eid, _ = _company(cast, rng, f"kptrader:{i}", cc, str(rng.choice(registry.GOODS)) +
                          " trading")
        cast.link("Directorship", f"kptrader-dir:{i}", director=officials[i % len(officials)],
                  organization=eid)
        cast.role(eid, "firm", None, False)
        bank = cast.banks[retail[cc][int(rng.integers(len(retail[cc])))]]
        traders.append(cast.open_account(bank, eid, currency="USD"))
    pools["import_firm"] += traders

    # Other states' missions and their diplomats (diplomatic accounts that are honest).
    missions, diplomats = [], []
    foreign = ["us", "gb", "de", "jp", "in", "ru", "cn", "th", "my", "br"]
    for cc in countries:
        for j in range(int(e.foreign_missions_per_country.value)):
            home = foreign[(j + len(cc)) % len(foreign)]
            if home == cc:
                continue
            hname = s.countries[home].name if home in s.countries else home.upper()
            mid = cast.make_id("publicbody", f"mission:{cc}:{j}")
            nm = f"Embassy of {hname} in {s.countries[cc].name}"
            cast.entity("PublicBody", mid, name=nm, country=cc, topics="role.diplo")
            cast.profiles[mid] = {"type": "organization", "name": nm, "nationality": home,
                                  "occupation": "diplomatic mission"}
            cast.role(mid, "mission", None, False)
            bank = cast.banks[retail[cc][j % len(retail[cc])]]
            missions.append(cast.open_account(bank, mid))
            staff = names.random_people(rng, int(e.honest_diplomats_per_mission.value) + 1)
            for k in range(len(staff["name"])):
                did = cast.make_id("person", f"mdipl:{cc}:{j}:{k}")
                nm = str(staff["name"][k])
                cast.entity("Person", did, name=nm, nationality=home, position="diplomat")
                cast.profiles[did] = {"type": "person", "name": nm, "nationality": home,
                                      "birth_date": staff["birth_date"][k].item(),
                                      "id_type": "diplomatic_passport",
                                      "id_number": registry.document_number(rng, home,
                                                                            "diplomatic_passport"),
                                      "occupation": "diplomat"}
                cast.role(did, "honest_diplomat", None, False)
                diplomats.append(cast.open_account(bank, did))
                if k % 2 == 0:  # several accounts, as the red flag says: honest ones too
                    diplomats.append(cast.open_account(bank, did, currency="USD"))
    # DPRK diplomats, earning or not, are paid and spend like the others.
    diplomats += cast.kp_diplomat_accounts
    diplomats += [a.accounts[0] for a in cast.actors.get("diplomat", [])]
    cast.pools = {
        "person": people["account"],
        "firm": np.array(pools["firm"] + pools["import_firm"]),
        "import_firm": np.array(pools["import_firm"]),
        "cash_business": np.array(pools["cash_business"]),
        "mission": np.array(missions),
        "diplomat": np.array(diplomats),
    }
