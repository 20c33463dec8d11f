"""What one observer sees of a world: a bank its own customers, or every bank together.

A view holds ``transactions.parquet`` (the transactions that touch the observer's accounts,
with both sides' account numbers), ``accounts.parquet`` (the observer's accounts),
``customers.parquet`` (its know-your-customer records), ``entities.ftm.jsonl`` (those customers
and accounts as FollowTheMoney entities, written as the bank knows them), the public sanctions
list and a manifest. Never the ground truth, the revenue or the hub's books.

``all`` is the union of every bank that could observe: the banks of states that enforce
sanctions. The regime's own banks never share their books.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq


class ViewError(ValueError):
    """An observer that does not exist in the world, or a folder that is not a world."""


def observer_banks(world: Path, observer: str) -> list[str]:
    entities = _bank_entities(world)
    if observer == "all":
        return sorted(b for b, enforces in entities.items() if enforces)
    if not observer.startswith("bank:"):
        raise ViewError(f"observer must be 'bank:ID' or 'all', got '{observer}'")
    bank = observer[5:]
    if bank not in entities:
        raise ViewError(f"unknown bank '{bank}'; banks in this world: "
                        f"{', '.join(sorted(entities)[:20])} ...")
    return [bank]


def _bank_entities(world: Path) -> dict[str, bool]:
    """Every bank of the world, and whether its state enforces sanctions."""
    manifest_path = world / "manifest.json"
    if not manifest_path.exists():
        raise ViewError(f"{world}: not a world folder (no manifest.json)")
    manifest = json.loads(manifest_path.read_text())
    countries = manifest["scenario_definition"]["countries"]
    return {bank: bool(countries[cc].get("enforces", True))
            for bank, cc in manifest["banks"].items()}


def write_view(world: Path, observer: str, out: Path) -> dict:
    """Write the observer's view of the world at `world` into `out`."""
    banks = observer_banks(world, observer)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*"):
        if stale.is_file():
            stale.unlink()
    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE banks(bank_id VARCHAR)")
    con.executemany("INSERT INTO banks VALUES (?)", [[b] for b in banks])
    src = {name: str(world / f"{name}.parquet") for name in ("transactions", "accounts",
                                                             "customers")}
    queries = {
        "transactions": "SELECT * FROM read_parquet($src) WHERE payer_bank IN (SELECT bank_id "
                        "FROM banks) OR beneficiary_bank IN (SELECT bank_id FROM banks) "
                        "ORDER BY transaction_id",
        "accounts": "SELECT * FROM read_parquet($src) WHERE bank_id IN (SELECT bank_id FROM "
                    "banks) ORDER BY account_id",
        "customers": "SELECT * FROM read_parquet($src) WHERE bank_id IN (SELECT bank_id FROM "
                     "banks) ORDER BY bank_id, customer_id",
    }
    counts = {}
    for name, sql in queries.items():
        table = con.sql(sql, params={"src": src[name]}).to_arrow_table()
        schema = pq.read_schema(src[name])
        pq.write_table(table.cast(schema), out / f"{name}.parquet")
        counts[name] = table.num_rows
    counts["entities"] = _write_entities(con, out)
    if (world / "sanctions").exists():
        shutil.copytree(world / "sanctions", out / "sanctions", dirs_exist_ok=True)
    source = json.loads((world / "manifest.json").read_text())
    manifest = {"observer": observer, "banks": banks, "counts": counts,
                "world": {k: source[k] for k in ("scenario", "seed", "arguments", "version")}}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _write_entities(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """The observer's customers and accounts as FtM entities, from its own records."""
    n = 0
    schema = {"person": "Person", "company": "Company", "organization": "Organization"}
    with (out / "entities.ftm.jsonl").open("w", encoding="utf-8") as f:
        rows = con.execute(
            "SELECT customer_id, customer_type, name, date_of_birth, nationality, address, "
            "phone, id_type, id_number, occupation, bank_id FROM read_parquet($p) "
            "ORDER BY bank_id, customer_id", {"p": str(out / "customers.parquet")}).fetchall()
        for cid, ctype, name, dob, nat, addr, phone, id_type, id_no, occ, bank in rows:
            props: dict[str, list[str]] = {"name": [name]}
            for key, val in (("address", addr), ("phone", phone), ("idNumber", id_no)):
                if val:
                    props[key] = [val]
            if ctype == "person":
                if dob:
                    props["birthDate"] = [dob.isoformat()]
                if nat:
                    props["nationality"] = [nat]
                if occ:
                    props["position"] = [occ]
                if id_type and id_type.endswith("passport") and id_no:
                    props["passportNumber"] = [id_no]
            else:
                if nat:
                    props["jurisdiction"] = [nat]
            f.write(json.dumps({"id": f"{bank}:{cid}", "schema": schema.get(ctype, "LegalEntity"),
                                "properties": props}, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
        for acc, bank, holder, cur in con.execute(
                "SELECT account_id, bank_id, holder_id, currency FROM read_parquet($p) "
                "ORDER BY account_id", {"p": str(out / "accounts.parquet")}).fetchall():
            aid = f"account-{acc.lower()}"
            f.write(json.dumps({"id": aid, "schema": "BankAccount", "properties": {
                "accountNumber": [acc], "bank": [bank], "currency": [cur]}},
                sort_keys=True) + "\n")
            f.write(json.dumps({"id": f"holding-{acc.lower()}", "schema": "Ownership",
                                "properties": {"owner": [f"{bank}:{holder}"], "asset": [aid]}},
                               sort_keys=True) + "\n")
            n += 2
    return n


def write_screening_queries(folder: Path, out: Path) -> int:
    """A world's or a view's KYC records as screening queries (the `screen` command's layout)."""
    path = folder / "customers.parquet"
    if not path.exists():
        raise ViewError(f"{folder}: no customers.parquet")
    out.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    target = str(out).replace("'", "''")
    con.execute(
        "CREATE TEMP TABLE q AS SELECT name AS full_name, date_of_birth, nationality, "
        "CASE customer_type WHEN 'person' THEN 'Person' WHEN 'company' THEN 'Company' "
        "ELSE 'Organization' END AS schema, bank_id, customer_id FROM read_parquet(?) "
        "ORDER BY bank_id, customer_id", [str(path)])
    con.execute(f"COPY q TO '{target}' (HEADER)")  # our own output path, quotes doubled
    return int(con.execute("SELECT count(*) FROM q").fetchall()[0][0])
