"""The files a world writes: schemas, FollowTheMoney entities, transactions, the manifest."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from followthemoney import model

from illicitflow import __version__
from illicitflow.model import tables

SCHEMAS = {
    "transactions": tables.TRANSACTIONS,
    "shipments": tables.SHIPMENTS,
    "accounts": tables.ACCOUNTS,
    "customers": tables.CUSTOMERS,
    "truth_transactions": tables.TRUTH_TRANSACTIONS,
    "truth_entities": tables.TRUTH_ENTITIES,
    "revenue": tables.REVENUE,
    "truth_books": tables.BOOKS,
}
FTM_SCHEMAS = ("Person", "Organization", "PublicBody", "Company", "BankAccount", "Vessel",
               "Ownership", "Directorship", "Membership", "Family", "Representation", "Employment")
SAMPLE = 200  # entities checked per schema


def _entities(world: Path) -> list[dict]:
    with (world / "entities.ftm.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="module")
def entities(world_policy: Path) -> list[dict]:
    return _entities(world_policy)


# --- schemas -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEMAS))
@pytest.mark.parametrize("which", ["world_base", "world_policy"])
def test_parquet_schemas_are_the_model_tables(name: str, which: str, request) -> None:
    world = request.getfixturevalue(which)
    schema = pq.read_schema(world / f"{name}.parquet").remove_metadata()
    expected = SCHEMAS[name]
    assert schema.names == expected.names
    for got, want in zip(schema, expected, strict=True):
        if pa.types.is_timestamp(want.type):  # the unit has its own test below
            assert pa.types.is_timestamp(got.type) and got.type.tz == want.type.tz
        else:
            assert got.type == want.type, (name, got.name)
        assert got.nullable == want.nullable, (name, got.name)
    assert pq.read_metadata(world / f"{name}.parquet").num_rows > 0


def test_timestamp_unit_is_the_model_unit(world_base: Path) -> None:
    field = pq.read_schema(world_base / "transactions.parquet").field("timestamp")
    assert field.type == tables.TRANSACTIONS.field("timestamp").type


def test_world_folder_layout(world_policy: Path) -> None:
    files = {p.relative_to(world_policy).as_posix() for p in world_policy.rglob("*")
             if p.is_file()}
    assert files == {
        "manifest.json", "entities.ftm.jsonl", "accounts.parquet", "customers.parquet",
        "transactions.parquet", "shipments.parquet", "truth_transactions.parquet",
        "truth_entities.parquet", "truth_listings.parquet", "revenue.parquet",
        "truth_books.parquet", "sanctions/sdn.csv", "sanctions/alt.csv", "sanctions/add.csv",
    }


# --- FollowTheMoney entities -------------------------------------------------------------------


def test_entities_are_valid_followthemoney(entities: list[dict]) -> None:
    by_schema: dict[str, list[dict]] = defaultdict(list)
    for e in entities:
        by_schema[e["schema"]].append(e)
    assert set(FTM_SCHEMAS) <= set(by_schema), set(FTM_SCHEMAS) - set(by_schema)
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)), "entity ids must be unique"
    known = set(ids)
    for schema, items in by_schema.items():
        for data in items[:SAMPLE] + items[-SAMPLE:]:
            proxy = model.get_proxy(data)
            assert proxy.schema.name == schema
            assert proxy.id == data["id"]
            assert set(data["properties"]) <= set(proxy.schema.properties), (schema, data)
            for prop in proxy.schema.required:
                assert proxy.get(prop), (schema, prop, data)
            for name, values in data["properties"].items():
                assert values and all(isinstance(v, str) and v for v in values), (schema, name)
                if proxy.schema.properties[name].type.name == "entity":
                    assert set(values) <= known, (schema, name, values)


def test_entities_cover_accounts_and_their_holders(world_policy: Path,
                                                   entities: list[dict]) -> None:
    accounts = pq.read_table(world_policy / "accounts.parquet").to_pydict()
    by_id = {e["id"]: e for e in entities}
    numbers = {v for e in entities if e["schema"] == "BankAccount"
               for v in e["properties"]["accountNumber"]}
    assert numbers == set(accounts["account_id"])
    assert set(accounts["holder_id"]) <= set(by_id)
    assert set(accounts["bank_id"]) <= set(by_id)
    holder_schemas = Counter(by_id[h]["schema"] for h in set(accounts["holder_id"]))
    assert holder_schemas.keys() <= {"Person", "Company", "Organization", "PublicBody"}


INVALID_VALUES = [
    pytest.param("PublicBody", "topics"),
    pytest.param("Vessel", "imoNumber"),
    pytest.param("Company", "phone"),
    pytest.param("Person", "birthDate"),
    pytest.param("Person", "nationality"),
    pytest.param("Company", "jurisdiction"),
    pytest.param("BankAccount", "currency"),
]


@pytest.mark.parametrize(("schema", "prop"), INVALID_VALUES)
def test_property_values_survive_followthemoney_validation(entities: list[dict], schema: str,
                                                           prop: str) -> None:
    """Re-validated (cleaned=False) as an FtM consumer does, no value may be dropped."""
    checked = 0
    for data in entities:
        if data["schema"] != schema or prop not in data["properties"]:
            continue
        proxy = model.get_proxy(data, cleaned=False)
        assert len(proxy.get(prop)) == len(set(data["properties"][prop])), data
        checked += 1
    assert checked > 0


# --- transactions ------------------------------------------------------------------------------


WORLDS = ["world_base", "world_policy",
          pytest.param("world_million", marks=pytest.mark.slow)]


@pytest.mark.parametrize("which", WORLDS)
def test_transaction_ids_unique_and_in_time_order(which: str, request) -> None:
    world = request.getfixturevalue(which)
    table = pq.read_table(world / "transactions.parquet", columns=["transaction_id",
                                                                   "timestamp"])
    ids = table.column("transaction_id").to_numpy()
    ts = table.column("timestamp").cast("int64").to_numpy()
    assert len(np.unique(ids)) == len(ids)
    assert np.all(np.diff(ids) > 0), "ids ascend in file order"
    assert np.all(np.diff(ts) >= 0), "and so do timestamps"
    manifest = json.loads((world / "manifest.json").read_text())
    assert manifest["counts"]["transactions"] == len(ids)
    truth = pq.read_table(world / "truth_transactions.parquet", columns=["transaction_id"])
    assert np.array_equal(truth.column(0).to_numpy(), ids), "truth rows match transactions"


def test_transactions_lie_in_the_period(base_db) -> None:
    first, last = base_db.execute(
        "SELECT min(timestamp), max(timestamp) FROM transactions").fetchone()
    assert (first.year, first.month) == (2005, 1)
    assert (last.year, last.month) == (2006, 12)


@pytest.mark.parametrize("which", WORLDS)
def test_channels_and_cash_nulls(which: str, request) -> None:
    transactions = pq.read_table(request.getfixturevalue(which) / "transactions.parquet",
                                 columns=["channel", "payer_account", "beneficiary_account",
                                          "payer_bank", "beneficiary_bank"])
    channel = transactions.column("channel")
    assert set(pc.unique(channel).to_pylist()) <= set(tables.CHANNELS)
    is_deposit = pc.equal(channel, "cash_deposit").to_numpy(zero_copy_only=False)
    is_withdrawal = pc.equal(channel, "cash_withdrawal").to_numpy(zero_copy_only=False)
    assert is_deposit.any() and is_withdrawal.any()
    payer_null = transactions.column("payer_account").is_null().to_numpy(zero_copy_only=False)
    bene_null = transactions.column("beneficiary_account").is_null().to_numpy(
        zero_copy_only=False)
    assert np.array_equal(payer_null, is_deposit)
    assert np.array_equal(bene_null, is_withdrawal)
    payer_bank_null = transactions.column("payer_bank").is_null().to_numpy(zero_copy_only=False)
    bene_bank_null = transactions.column("beneficiary_bank").is_null().to_numpy(
        zero_copy_only=False)
    assert np.array_equal(payer_bank_null, payer_null)
    assert np.array_equal(bene_bank_null, bene_null)


def test_transactions_match_accounts(policy_db) -> None:
    """Every account side exists, at the bank named, in the currency the amount is in."""
    con = policy_db
    assert con.execute("""
        SELECT count(*) FROM transactions t LEFT JOIN accounts a
        ON t.payer_account = a.account_id
        WHERE t.payer_account IS NOT NULL AND (a.account_id IS NULL OR a.bank_id <> t.payer_bank
              OR a.currency <> t.currency)""").fetchone()[0] == 0
    assert con.execute("""
        SELECT count(*) FROM transactions t LEFT JOIN accounts a
        ON t.beneficiary_account = a.account_id
        WHERE t.beneficiary_account IS NOT NULL
          AND (a.account_id IS NULL OR a.bank_id <> t.beneficiary_bank)""").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM transactions t JOIN accounts a "
                       "ON t.beneficiary_account = a.account_id "
                       "WHERE t.timestamp::DATE < a.opened").fetchone()[0] == 0


def test_amounts_are_positive_and_consistent(policy_db, scenario) -> None:
    con = policy_db
    assert con.execute("SELECT count(*) FROM transactions WHERE amount <= 0 OR amount_usd <= 0"
                       ).fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM transactions WHERE currency = 'USD' "
                       "AND amount <> amount_usd").fetchone()[0] == 0
    rates = {c.currency: c.per_usd for c in scenario.countries.values()}
    rows = con.execute("SELECT currency, sum(amount), sum(amount_usd) FROM transactions "
                       "GROUP BY 1").fetchall()
    assert len(rows) > 5
    for currency, local, usd in rows:
        rate = rates.get(currency, 1.0)
        assert abs(float(local) / float(usd) - rate) / rate < 0.01, currency


def test_truth_transactions_are_consistent(policy_db, scenario) -> None:
    con = policy_db
    bad = con.execute("""
        SELECT count(*) FROM truth_transactions WHERE
          (is_illicit AND (stream IS NULL OR typology IS NULL OR instance_id IS NULL
                           OR pattern IS NULL OR lookalike IS NOT NULL))
          OR (NOT is_illicit AND (stream IS NOT NULL OR typology IS NOT NULL
                                  OR instance_id IS NOT NULL))""").fetchone()[0]
    assert bad == 0
    streams = {r[0] for r in con.execute(
        "SELECT DISTINCT stream FROM truth_transactions WHERE is_illicit").fetchall()}
    assert streams <= set(scenario.active_streams)
    manifest_count = con.execute(
        "SELECT count(*) FROM truth_transactions WHERE is_illicit").fetchone()[0]
    assert manifest_count > 1000


def test_no_transaction_pays_its_own_account(base_db) -> None:
    assert base_db.execute("SELECT count(*) FROM transactions "
                           "WHERE payer_account = beneficiary_account").fetchone()[0] == 0


# --- manifest ----------------------------------------------------------------------------------


def test_manifest(world_policy: Path, bda_311) -> None:
    manifest = json.loads((world_policy / "manifest.json").read_text())
    assert manifest["scenario"] == "default"
    assert manifest["seed"] == 7
    assert manifest["arguments"] == {"transactions": 20_000}
    assert manifest["version"] == __version__
    assert manifest["policy"] == "bda_311"
    assert manifest["policy_definition"]["name"] == bda_311.name
    assert manifest["period"] == {"start": "2005-01-01", "end": "2006-12-31"}
    counts = manifest["counts"]
    assert counts["transactions"] == pq.read_metadata(
        world_policy / "transactions.parquet").num_rows
    assert counts["accounts"] == pq.read_metadata(world_policy / "accounts.parquet").num_rows
    with (world_policy / "entities.ftm.jsonl").open() as f:
        assert counts["entities"] == sum(1 for _ in f)


def test_manifest_without_policy(world_base: Path) -> None:
    manifest = json.loads((world_base / "manifest.json").read_text())
    assert {"scenario", "seed", "arguments", "version"} <= set(manifest)
    assert manifest["policy"] is None
    assert manifest["scenario_definition"]["name"] == "default"
