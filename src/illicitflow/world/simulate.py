"""Run a world and write it: entities, accounts, transactions, shipments, lists and the truth.

Output folder (see docs/design.md for every column)::

    manifest.json            scenario, seed, arguments, version, counts
    entities.ftm.jsonl       FollowTheMoney entities and links
    accounts.parquet         bank accounts and their holders
    customers.parquet        know-your-customer records, bank by bank
    transactions.parquet     every transaction, legitimate and illicit, in time order
    shipments.parquet        cargo movements with declared and market value
    sanctions/sdn.csv ...    the world's designations in OFAC's SDN CSV layout
    truth_transactions.parquet, truth_entities.parquet, truth_listings.parquet
    revenue.parquet          monthly revenue per stream, baseline and under the policy
    truth_books.parquet      the hub's books per stream: proceeds and where they went
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing as mp
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

import duckdb
import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from illicitflow import __version__
from illicitflow.model import tables
from illicitflow.world import names, publish
from illicitflow.world.cast import Actor, Cast, build_economy, build_regime_cast, rng_for
from illicitflow.world.economy import (
    CHANNEL_CODES,
    KINDS,
    LOOKALIKES,
    REFERENCES,
    Economy,
    time_order,
)
from illicitflow.world.policy import Policy
from illicitflow.world.regime import DAY, Ledger, Run, period_end, to_seconds
from illicitflow.world.scenario import Scenario

Progress = Callable[[str, int, int], None]
DRAFT_ROWS = 3_000_000  # legitimate rows drafted ahead while the regime runs (memory bound)


def _noop(_step: str, _done: int, _total: int) -> None:
    return None


def money(cents: np.ndarray) -> pa.Array:
    """Exact decimal(18,2) array from integer cents."""
    cents = np.ascontiguousarray(cents, dtype=np.int64)
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = cents >> 63
    return pa.Array.from_buffers(tables.MONEY, len(cents), [None, pa.py_buffer(words)])


def run_regime(cast: Cast, policy: Policy | None) -> tuple[Ledger, Ledger]:
    """The baseline run and the run under the policy (the same run when there is none)."""
    baseline = Run(cast, None, emit=policy is None).run()
    if policy is None:
        return baseline, baseline
    return baseline, Run(cast, policy, emit=True).run()


class _Beside:
    """A function run in a forked child process; its result comes back through a pipe.

    Nothing is pickled on the way in (the child shares the parent's memory as it was at the
    fork), so the parent may go on changing its objects while the child works.
    """

    def __init__(self, fn: Callable[[], object]) -> None:
        ctx = mp.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_child, args=(fn, send), daemon=True)
        self._proc.start()
        send.close()

    def done(self) -> bool:
        return self._recv.poll()

    def result(self) -> object:
        try:
            ok, value = self._recv.recv()
        except EOFError:
            raise RuntimeError("the regime's process ended without a result") from None
        finally:
            self._proc.join()
        if not ok:
            raise value
        return value


def _child(fn: Callable[[], object], send: Connection) -> None:
    try:
        send.send((True, fn()))
    except BaseException as exc:
        send.send((False, exc))
    finally:
        send.close()


class _Inline:
    def __init__(self, fn: Callable[[], object]) -> None:
        self.value = fn()

    def done(self) -> bool:
        return True

    def result(self) -> object:
        return self.value


def _regime_beside(cast: Cast, policy: Policy | None) -> _Beside | _Inline:
    """Run the regime in a child process (plain Python, one core) while the caller builds the
    legitimate economy (numpy) on the other; inline where processes cannot fork."""
    fn = partial(run_regime, cast, policy)
    return _Beside(fn) if "fork" in mp.get_all_start_methods() else _Inline(fn)


def _draft_months(econ: Economy, months: list[int], end: int, full: np.ndarray,
                  regime: _Beside | _Inline) -> dict[int, object]:
    """Draw legitimate months ahead while the regime runs. Drafts have the month's full share
    of transactions and are trimmed once the regime's count is known, so the result does not
    depend on how many months were drafted meanwhile."""
    bounds = [*months, end]
    drafts: dict[int, object] = {}
    m, rows = 0, 0
    while not regime.done() and m < len(months) and rows < DRAFT_ROWS:
        drafts[m] = econ.month(m, months[m], bounds[m + 1] - months[m], int(full[m]))
        rows += int(full[m])
        m += 1
    return drafts


def _per_month(n: int, months: int) -> np.ndarray:
    per = np.full(months, n // months)
    per[: n % months] += 1
    return per


def simulate(scenario: Scenario, seed: int, out: Path, n_transactions: int = 1_000_000,
             policy: Policy | None = None, arguments: dict | None = None,
             progress: Progress = _noop) -> dict:
    """Simulate the world and write it to `out`; return the manifest."""
    if n_transactions < 1:
        raise ValueError("--transactions must be at least 1")
    progress("cast", 0, 1)
    cast = build_regime_cast(scenario, seed)
    if policy is not None:
        Run(cast, policy, emit=False)  # refuses unknown targets before anything is written
    months = [to_seconds(m) for m in scenario.months()]
    full = _per_month(n_transactions, scenario.period.months)
    with tempfile.TemporaryDirectory(prefix="illicitflow-") as tmp:
        scratch = Path(tmp)  # entity lines written early, assembled at the end
        regime = _regime_beside(cast, policy)
        build_economy(cast, n_transactions)
        progress("cast", 1, 1)
        progress("regime", 0, 1)
        econ = Economy(cast, len(cast.acc_bank))
        drafts = _draft_months(econ, months, period_end(scenario), full, regime)
        if not regime.done():
            _people_lines(cast, scratch / "people.jsonl")
        baseline, world = regime.result()  # type: ignore[misc]
        progress("regime", 1, 1)
        out.mkdir(parents=True, exist_ok=True)
        _adopt(cast, world)
        account_ids = _account_ids(cast)
        n_legit = max(n_transactions - len(world.tx["t"]), 0)
        with ThreadPoolExecutor(max_workers=1) as background:  # DuckDB writes off the GIL
            entities = background.submit(_write_entities, cast, account_ids, out, scratch)
            counts = _write_transactions(cast, world, account_ids, econ, drafts, full,
                                         _per_month(n_legit, scenario.period.months), out,
                                         progress)
            _write_shipments(cast, world, n_transactions, out)
            _write_accounts(cast, account_ids, out)
            _write_customers(cast, out)
            n_entities = entities.result()
    _write_truth_entities(cast, out)
    listings = _write_sanctions(cast, world, policy, out)
    _write_revenue(cast, [baseline] + ([world] if policy else []), out)
    _write_books([baseline] + ([world] if policy else []), out)
    manifest = {
        "scenario": scenario.name,
        "seed": seed,
        "arguments": arguments or {"transactions": n_transactions},
        "version": __version__,
        "policy": policy.name if policy else None,
        "policy_definition": policy.model_dump(mode="json") if policy else None,
        "scenario_definition": scenario.model_dump(mode="json"),
        "period": {"start": scenario.months()[0].isoformat(),
                   "end": (dt.date(1970, 1, 1) + dt.timedelta(
                       seconds=period_end(scenario) - 1)).isoformat()},
        "banks": {b.id: b.country for b in cast.banks},
        "counts": {**counts, "entities": n_entities, "accounts": len(account_ids),
                   "listings": listings},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _adopt(cast: Cast, world: Ledger) -> None:
    """Accounts and actors the network created while adapting become part of the world.

    The run numbered its new accounts after the accounts the cast had when the run began; the
    legitimate economy may have opened accounts since, so those numbers move up past them.
    """
    shift = len(cast.acc_bank) - world.first_new_account
    if shift:
        def move(i: int | None) -> int | None:
            return i + shift if i is not None and i >= world.first_new_account else i

        world.tx["payer"] = [move(i) for i in world.tx["payer"]]
        world.tx["bene"] = [move(i) for i in world.tx["bene"]]
        for a in world.new_actors:
            a.accounts = [move(i) for i in a.accounts]  # type: ignore[misc]
    for bank, holder, currency, opened in world.new_accounts:
        cast.acc_bank.append(bank)
        cast.acc_holder.append(holder)
        cast.acc_currency.append(currency)
        cast.acc_opened.append(opened)
    known = {e["id"] for e in cast.entities}
    for a in world.new_actors:
        holders = {cast.acc_holder[i] for i in a.accounts}
        for h in sorted(holders - known):
            rng = rng_for(cast.seed, "new", h)
            name = _replacement_name(rng, a)
            cast.entity("Company", h, name=name, jurisdiction=a.country, sector="trading")
            reg_no = f"{a.country.upper()}{int(rng.integers(10**8, 10**9))}"
            cast.profiles[h] = {"type": "company", "name": name, "nationality": a.country,
                                "occupation": "trading", "id_type": "registration",
                                "id_number": reg_no}
            cast.role(h, a.role if a.role != "regime_bank" else "front_company", a.stream, True)
            known.add(h)
    for i in range(len(cast.acc_bank) - len(world.new_accounts), len(cast.acc_bank)):
        holder = cast.acc_holder[i]
        if (cast.acc_bank[i], holder) not in cast._kyc_seen:
            cast._kyc_seen.add((cast.acc_bank[i], holder))
            cast._kyc(cast.banks[cast.acc_bank[i]], holder)


def _replacement_name(rng: np.random.Generator, a: Actor) -> str:
    from illicitflow.world import registry

    return registry.company_name(rng, a.country)


def _account_ids(cast: Cast) -> np.ndarray:
    """Random-looking, unique account numbers prefixed by the bank's country and number."""
    n = len(cast.acc_bank)
    rng = rng_for(cast.seed, "account-numbers")
    nums = rng.choice(9 * 10**9, size=n, replace=False) + 10**9
    prefix = [f"{b.country.upper()}{b.index:03d}" for b in cast.banks]
    return np.array([prefix[b] + str(x) for b, x in zip(cast.acc_bank, nums, strict=True)],
                    dtype=object)


def _illicit_columns(tx: dict[str, list], sel: np.ndarray) -> dict[str, np.ndarray]:
    """The illicit events of one month as arrays (account index -1 where there is none)."""
    def idx(key: str) -> np.ndarray:
        return np.array([-1 if tx[key][i] is None else tx[key][i] for i in sel], np.int64)

    return {"payer": idx("payer"), "bene": idx("bene"),
            "usd": np.array([tx["cents"][i] for i in sel], np.int64),
            "channel": np.array([CHANNEL_CODES.index(tx["channel"][i]) for i in sel], np.int8)}


def _optional(values: pa.Array, positions: np.ndarray) -> pa.Array:
    """values.take(positions), null where the position is -1."""
    return values.take(pa.array(positions, mask=positions < 0))


def _write_transactions(cast: Cast, world: Ledger, account_ids: np.ndarray, econ: Economy,
                        drafts: dict, full: np.ndarray, per_month: np.ndarray, out: Path,
                        progress: Progress) -> dict:
    months = [to_seconds(m) for m in cast.scenario.months()]
    bounds = [*months, period_end(cast.scenario)]
    tx = world.tx
    il_t = np.asarray(tx["t"], dtype=np.int64)
    il_order = np.argsort(il_t, kind="stable")
    il_month = np.searchsorted(np.asarray(bounds), il_t[il_order], side="right") - 1
    # Account numbers have one length: gathering fixed-width values is a plain memory copy.
    width = len(account_ids[0]) if len(account_ids) else 1
    acc_ids = pa.array(account_ids, type=pa.string()).cast(pa.binary(width))
    bank_of = pa.array([cast.banks[b].id for b in cast.acc_bank], type=pa.string())
    currencies = pa.array(econ.currencies, type=pa.string())
    cur_index = {c: i for i, c in enumerate(econ.currencies)}
    acc_cur = np.array([cur_index[c] for c in cast.acc_currency], np.int16)
    channels = pa.array(CHANNEL_CODES, type=pa.string())
    prefixes = pa.array([REFERENCES[k] for k in KINDS], pa.string())
    lookalikes = pa.array(LOOKALIKES, pa.string())
    truth_cols = {k: pa.array(tx[k], pa.string()) for k in ("stream", "typology", "instance",
                                                             "pattern", "ref")}
    stats = ["transaction_id", "timestamp"]
    tw = pq.ParquetWriter(out / "transactions.parquet", tables.TRANSACTIONS,
                          write_statistics=stats)
    truth_w = pq.ParquetWriter(out / "truth_transactions.parquet", tables.TRUTH_TRANSACTIONS,
                               write_statistics=["transaction_id"])
    # Parquet encoding releases the GIL: write month m while month m+1 is drawn, each file in
    # its own thread (one writer per file keeps its row groups in order).
    tx_pool, truth_pool = ThreadPoolExecutor(max_workers=1), ThreadPoolExecutor(max_workers=1)
    pending: list[Future] = []
    next_id, n_ill_written = 0, 0
    for m in range(len(months)):
        progress("transactions", m, len(months))
        draft = drafts.pop(m, None) or econ.month(m, months[m], bounds[m + 1] - months[m],
                                                  int(full[m]))
        leg = econ.month_trimmed(draft, m, int(per_month[m]))
        sel = il_order[il_month == m]
        il = _illicit_columns(tx, sel)
        n_l, n = len(leg.t), len(leg.t) + len(sel)
        t = np.concatenate([leg.t, il_t[sel]])
        payer = np.concatenate([leg.payer, il["payer"]])
        bene = np.concatenate([leg.bene, il["bene"]])
        usd = np.concatenate([leg.usd_cents, il["usd"]])
        il_cur = acc_cur[np.where(il["payer"] >= 0, il["payer"], il["bene"])]
        cur = np.concatenate([leg.currency, il_cur])
        local = np.concatenate([leg.local_cents,
                                np.round(il["usd"] * econ.rate[il_cur]).astype(np.int64)])
        chan = np.concatenate([leg.channel, il["channel"]])
        order = time_order(t - months[m])
        ids = np.arange(next_id, next_id + n, dtype=np.int64)
        next_id += n
        # Legitimate references: a prefix and a number (none on cash deposits).
        refs_l = pc.binary_join_element_wise(
            prefixes.take(pa.array(leg.ref_prefix)),
            pc.cast(pa.array(leg.ref_number), pa.string()), "")
        refs_l = pc.if_else(pa.array(leg.ref_prefix == KINDS.index("cash_deposit")),
                            pa.scalar("", pa.string()), refs_l)
        refs = pa.concat_arrays([refs_l, truth_cols["ref"].take(pa.array(sel))])
        p, b = payer[order], bene[order]
        table = pa.table({
            "transaction_id": ids,
            "timestamp": pa.array(t[order] * 1000, pa.timestamp("ms", tz="UTC")),
            "payer_account": _optional(acc_ids, p).cast(pa.string()),
            "payer_bank": _optional(bank_of, p),
            "beneficiary_account": _optional(acc_ids, b).cast(pa.string()),
            "beneficiary_bank": _optional(bank_of, b),
            "amount": money(local[order]),
            "currency": currencies.take(pa.array(cur[order].astype(np.int32))),
            "amount_usd": money(usd[order]),
            "channel": channels.take(pa.array(chan[order].astype(np.int32))),
            "reference": refs.take(pa.array(order)),
        }, schema=tables.TRANSACTIONS)
        pending.append(tx_pool.submit(tw.write_table, table))
        # Truth: position of each row among the illicit events, -1 for legitimate rows.
        where = np.concatenate([np.full(n_l, -1, np.int64), sel])[order]
        look = np.concatenate([leg.lookalike, np.full(len(sel), -1, np.int8)])[order]
        truth = pa.table({
            "transaction_id": ids, "is_illicit": where >= 0,
            "stream": _optional(truth_cols["stream"], where),
            "typology": _optional(truth_cols["typology"], where),
            "instance_id": _optional(truth_cols["instance"], where),
            "pattern": _optional(truth_cols["pattern"], where),
            "lookalike": _optional(lookalikes, look.astype(np.int64)),
        }, schema=tables.TRUTH_TRANSACTIONS)
        pending.append(truth_pool.submit(truth_w.write_table, truth))
        n_ill_written += len(sel)
        while len(pending) > 4:
            pending.pop(0).result()
    for fut in pending:
        fut.result()
    tx_pool.shutdown()
    truth_pool.shutdown()
    progress("transactions", len(months), len(months))
    tw.close()
    truth_w.close()
    return {"transactions": int(next_id), "illicit_transactions": int(n_ill_written)}


def _write_shipments(cast: Cast, world: Ledger, n_transactions: int, out: Path) -> None:
    """The regime's cargoes and, around them, legitimate trade (declared close to market)."""
    s = cast.scenario
    rng = rng_for(cast.seed, "legit-shipments")
    importers = np.array([h for h, role, _, _ in cast.truth if role == "import_firm"]
                         or ["unknown"], dtype=object)
    countries = np.array([c for c, v in s.countries.items() if v.weight > 0], dtype=object)
    goods = np.array(["textiles", "machinery", "electronics", "seafood", "steel", "timber",
                      "garments", "chemicals", "anthracite coal", "paper products",
                      "medical supplies"], dtype=object)
    n = max(50, n_transactions // 500)
    start = to_seconds(s.months()[0])
    market = (rng.lognormal(np.log(250_000), 1.0, size=n) * 100).astype(np.int64)
    origin = countries[rng.integers(0, len(countries), n)]
    sts = rng.random(n) < 0.01
    legit = {
        "t": start + rng.integers(0, period_end(s) - start, n),
        "goods": goods[rng.integers(0, len(goods), n)],
        "quantity": np.round(rng.lognormal(4, 1, n), 2), "unit": np.full(n, "tonnes", object),
        "declared": (market * rng.uniform(0.85, 1.1, n)).astype(np.int64), "market": market,
        "origin": origin, "declared_origin": origin,
        "destination": countries[rng.integers(0, len(countries), n)],
        "vessel": np.full(n, None, object),
        "shipper": importers[rng.integers(0, len(importers), n)],
        "consignee": importers[rng.integers(0, len(importers), n)],
        "gap": np.where(sts, rng.integers(0, 48, n), rng.integers(0, 8, n)), "sts": sts,
    }
    keys = list(legit)
    illicit = list(zip(*world.shipments, strict=True)) or [[] for _ in keys]
    cols = {k: np.concatenate([np.array(illicit[i], dtype=legit[k].dtype), legit[k]])
            for i, k in enumerate(keys)}
    order = np.lexsort((cols["market"], cols["t"]))
    cols = {k: v[order] for k, v in cols.items()}
    pq.write_table(pa.table({
        "shipment_id": np.arange(len(order), dtype=np.int64),
        "date": pa.array((cols["t"] // DAY).astype("datetime64[D]"), pa.date32()),
        "goods": cols["goods"], "quantity": cols["quantity"].astype(float),
        "unit": cols["unit"],
        "declared_value_usd": money(cols["declared"]), "market_value_usd": money(cols["market"]),
        "origin": cols["origin"], "declared_origin": cols["declared_origin"],
        "destination": cols["destination"], "vessel_id": cols["vessel"],
        "shipper_id": cols["shipper"], "consignee_id": cols["consignee"],
        "ais_gap_hours": cols["gap"].astype(np.int32), "ship_to_ship": cols["sts"],
    }, schema=tables.SHIPMENTS), out / "shipments.parquet")


def _write_accounts(cast: Cast, account_ids: np.ndarray, out: Path) -> None:
    pq.write_table(pa.table({
        "account_id": pa.array(account_ids, pa.string()),
        "bank_id": [cast.banks[b].id for b in cast.acc_bank],
        "holder_id": cast.acc_holder,
        "currency": cast.acc_currency,
        "opened": pa.array(cast.acc_opened, pa.date32()),
    }, schema=tables.ACCOUNTS), out / "accounts.parquet")


def _write_customers(cast: Cast, out: Path) -> None:
    """KYC records: the regime's and the firms' one by one, the people's as columns."""
    p = cast.people
    n = len(p["id"])
    rng = rng_for(cast.seed, "kyc-people")
    occupations = pa.array(["clerk", "teacher", "engineer", "shop owner", "nurse", "driver",
                            "student", "retired", "accountant", "sales manager"])
    bank_ids = pa.array([b.id for b in cast.banks]).take(
        pa.array(np.asarray(cast.acc_bank)[p["account"]]))
    nationality = pa.array(p["nationality"], pa.string())
    people = pa.table({
        "bank_id": bank_ids, "customer_id": pa.array(p["id"], pa.string()),
        "customer_type": pa.array(np.full(n, "person")),
        "name": pa.array(p["name"], pa.string()),
        "date_of_birth": pa.array(p["birth_date"]).cast(pa.date32()),
        "nationality": nationality,
        "address": pa.nulls(n, pa.string()), "phone": pa.nulls(n, pa.string()),
        "id_type": pa.array(np.full(n, "passport")),
        "id_number": pc.binary_join_element_wise(
            pc.utf8_upper(nationality),
            pc.cast(pa.array(rng.integers(10**7, 10**8, size=n)), pa.string()), ""),
        "occupation": occupations.take(pa.array(rng.integers(0, len(occupations), n))),
    }, schema=tables.CUSTOMERS)
    cols = list(zip(*cast.customers, strict=True))
    records = pa.table({f.name: pa.array(list(c), f.type) for f, c in zip(
        tables.CUSTOMERS, cols, strict=True)}, schema=tables.CUSTOMERS)
    pq.write_table(pa.concat_tables([records, people]), out / "customers.parquet")


def _lists(values: pa.Array) -> pa.Array:
    """Each value as a one-element list, as FtM properties are."""
    return pa.ListArray.from_arrays(pa.array(np.arange(len(values) + 1, dtype=np.int32)), values)


def _entity_table(ids: pa.Array, schema: str, props: dict[str, pa.Array]) -> pa.Table:
    keys = sorted(props)  # sorted like the orjson lines, so every line has one key order
    struct = pa.StructArray.from_arrays([_lists(props[k]) for k in keys], names=keys)
    return pa.table({"id": ids, "properties": struct,
                     "schema": pa.array([schema] * len(ids), pa.string())})


def _json_lines(table: pa.Table, path: Path) -> Path:
    """Write a table as JSON lines with DuckDB's writer (native code, off the GIL)."""
    con = duckdb.connect(config={"threads": 1})  # beside the transactions: one core is enough
    con.register("part", table)
    target = str(path).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM part) TO '{target}' (FORMAT JSON)")  # noqa: S608
    con.close()
    return path


def _people_lines(cast: Cast, path: Path) -> Path:
    """The legitimate people as FtM Person lines."""
    p = cast.people
    return _json_lines(_entity_table(pa.array(p["id"], pa.string()), "Person", {
        "name": pa.array(p["name"], pa.string()), "firstName": pa.array(p["given"], pa.string()),
        "lastName": pa.array(p["surname"], pa.string()),
        "gender": pa.array(p["gender"], pa.string()),
        "birthDate": pa.array(np.datetime_as_string(p["birth_date"]), pa.string()),
        "nationality": pa.array(p["nationality"], pa.string()),
        "country": pa.array(p["residence"], pa.string())}), path)


def _write_entities(cast: Cast, account_ids: np.ndarray, out: Path, scratch: Path) -> int:
    """FtM entities, one JSON object a line: the regime's and the registries' by orjson, the
    bulk (people, accounts, holdings) by DuckDB."""
    people = scratch / "people.jsonl"
    if not people.exists():
        _people_lines(cast, people)
    acc = pa.array(account_ids, pa.string())
    acc_entity = pc.binary_join_element_wise("account-", pc.utf8_lower(acc), "")
    bank = pa.array(cast.acc_bank, pa.int32())
    accounts = _json_lines(_entity_table(acc_entity, "BankAccount", {
        "accountNumber": acc,
        "bank": pa.array([b.id for b in cast.banks], pa.string()).take(bank),
        "bankName": pa.array([b.name for b in cast.banks], pa.string()).take(bank),
        "currency": pa.array(cast.acc_currency, pa.string()),
        "country": pa.array([b.country for b in cast.banks], pa.string()).take(bank)}),
        scratch / "accounts.jsonl")
    holdings = _json_lines(_entity_table(
        pc.binary_join_element_wise("holding-", pc.utf8_lower(acc), ""), "Ownership",
        {"asset": acc_entity, "owner": pa.array(cast.acc_holder, pa.string()),
         "role": pa.array(["account holder"] * len(acc), pa.string())}),
        scratch / "holdings.jsonl")
    with (out / "entities.ftm.jsonl").open("wb") as f:
        f.write(b"".join(orjson.dumps(e, option=orjson.OPT_SORT_KEYS |
                                      orjson.OPT_APPEND_NEWLINE) for e in cast.entities))
        for part in (people, accounts, holdings):
            with part.open("rb") as src:
                shutil.copyfileobj(src, f, 1 << 20)
    return len(cast.entities) + len(cast.people["id"]) + 2 * len(account_ids)


def _write_truth_entities(cast: Cast, out: Path) -> None:
    rows = list(dict.fromkeys(cast.truth))
    ids = [r[0] for r in rows] + list(cast.people["id"])
    k = len(cast.people["id"])
    pq.write_table(pa.table({
        "entity_id": ids,
        "role": [r[1] for r in rows] + ["customer"] * k,
        "stream": [r[2] for r in rows] + [None] * k,
        "is_illicit": [r[3] for r in rows] + [False] * k,
    }, schema=tables.TRUTH_ENTITIES), out / "truth_entities.parquet")


def _listing(cast: Cast, eid: str, title: str = "") -> publish.Listing | None:
    ent = next((e for e in cast.entities if e["id"] == eid), None)
    if ent is None:
        return None
    props = ent["properties"]
    name = props["name"][0]
    schema = ent["schema"]
    prof = cast.profiles.get(eid, {})
    if schema == "Person":
        listed = name if "," in name else names.list_style(name)
        aliases = [("aka", a if "," in a else names.list_style(a))
                   for a in props.get("alias", [])[:4]]
        remarks = []
        if "birthDate" in props:
            d = dt.date.fromisoformat(props["birthDate"][0])
            remarks.append(f"DOB {d.strftime('%d %b %Y')}")
        remarks.append("nationality Korea, North")
        if "gender" in props:
            remarks.append(f"Gender {props['gender'][0].capitalize()}")
        if prof.get("id_type", "").endswith("passport"):
            remarks.append(f"Passport {prof['id_number']} (Korea, North)")
        return publish.Listing(eid, listed, "individual", title=title or prof.get(
            "occupation", ""), remarks=remarks, aliases=aliases)
    aliases = [("aka", a) for a in props.get("alias", [])]
    if schema == "Vessel":
        remarks = [f"Vessel Registration Identification {props['imoNumber'][0]}"]
        aliases += [("fka", p) for p in props.get("previousName", [])]
        return publish.Listing(eid, name, "vessel", remarks=remarks, aliases=aliases,
                               vessel={"flag": props.get("flag", [""])[0].upper(),
                                       "type": props.get("type", [""])[0]})
    remarks = []
    if "phone" in props:
        remarks.append(f"PHONE {props['phone'][0]}")
    addr = None
    if "address" in props:
        street, *rest = props["address"][0].split(", ")
        addr = (street, rest[0] if rest else "", rest[-1] if len(rest) > 1 else "")
    return publish.Listing(eid, name.upper(), "", remarks=remarks, address=addr,
                           aliases=[(k, a.upper()) for k, a in aliases])


def _write_sanctions(cast: Cast, world: Ledger, policy: Policy | None, out: Path) -> int:
    """Designations at the start (the seeded listed entities) and those of the policy."""
    s = cast.scenario
    start_ids = [s.regime.hub.id] + [b.id for b in s.regime.regime_banks]
    listed_names = {p.name for p in s.regime.listed_people}
    start_ids += [e["id"] for e in cast.entities if e["schema"] == "Person"
                  and e["properties"]["name"][0] in listed_names]
    # Earlier designations of part of the network: listed, yet still operating, because the
    # banks it used did not screen against the list (2005).
    rng = rng_for(cast.seed, "listed-at-start")
    share = float(s.regime.listed_at_start_share.value)
    for role in ("front_company", "bank_representative", "diplomat", "vessel"):
        for a in cast.actors.get(role, []):
            if rng.random() < share:
                start_ids.append(a.id)
    dated = [(s.period.start, i) for i in start_ids]
    if policy is not None:
        dated += [(a.date, a.target) for a in policy.actions if a.action == "designate"]
    seen, listings = set(), []
    for when, eid in dated:
        if eid in seen:
            continue
        seen.add(eid)
        item = _listing(cast, eid)
        if item is not None:
            item.listed_on = when
            listings.append(item)
    ent_nums = publish.write_sdn(listings, out / "sanctions")
    pq.write_table(pa.table({
        "ent_num": pa.array(ent_nums, pa.int64()),
        "entity_id": [x.entity_id for x in listings],
        "listed_on": pa.array([x.listed_on for x in listings], pa.date32()),
    }), out / "truth_listings.parquet")
    return len(listings)


def _write_revenue(cast: Cast, runs: list[Ledger], out: Path) -> None:
    months = cast.scenario.months()
    streams = cast.scenario.active_streams
    rows = [(months[m], st, r.revenue.get((m, st), 0), r.policy)
            for r in runs for m in range(len(months)) for st in streams]
    pq.write_table(pa.table({
        "month": pa.array([x[0] for x in rows], pa.date32()),
        "stream": [x[1] for x in rows],
        "usd": money(np.array([x[2] for x in rows], dtype=np.int64)),
        "policy": [x[3] for x in rows],
    }, schema=tables.REVENUE), out / "revenue.parquet")


def _write_books(runs: list[Ledger], out: Path) -> None:
    rows = [(r.policy, st, r.books.proceeds[st], r.books.delivered[st], r.books.costs[st],
             r.books.frozen[st], r.books.in_transit[st])
            for r in runs for st in sorted(r.books.proceeds)]
    cols = list(zip(*rows, strict=True)) if rows else [[]] * 7
    pq.write_table(pa.table({
        "policy": list(cols[0]), "stream": list(cols[1]),
        **{k: money(np.array(cols[i], dtype=np.int64)) for i, k in enumerate(
            ("proceeds", "delivered", "costs", "frozen", "in_transit"), start=2)},
    }, schema=tables.BOOKS), out / "truth_books.parquet")


def simulate_view(scenario: Scenario, seed: int, out: Path, observer: str,
                  **kwargs: object) -> dict:
    """Simulate, then keep only what the observer sees (the whole world is not written)."""
    from illicitflow.world.view import write_view

    with tempfile.TemporaryDirectory(prefix="illicitflow-world-") as tmp:
        simulate(scenario, seed, Path(tmp), **kwargs)  # type: ignore[arg-type]
        manifest = write_view(Path(tmp), observer, out)
        shutil.rmtree(tmp, ignore_errors=True)
    return manifest
