"""Partial observability: what one bank (or every enforcing bank) sees, the world's sanctions
list in OFAC's layout, and the spellings of regime-linked names."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from followthemoney import model
from typer.testing import CliRunner

from illicitflow.cli import app
from illicitflow.model import tables
from illicitflow.world.names import KoreanName, romanisations
from illicitflow.world.view import ViewError, observer_banks, write_view

KYC = ("name", "date_of_birth", "nationality", "address", "phone", "id_type", "id_number",
       "occupation")
NEVER_IN_A_VIEW = ("truth_transactions.parquet", "truth_entities.parquet",
                   "truth_listings.parquet", "revenue.parquet", "truth_books.parquet",
                   "shipments.parquet")
REGIME_PEOPLE = ("diplomat", "bank_representative", "courier", "official", "bureaucrat")


@pytest.fixture(scope="module")
def diplomat_bank(policy_db) -> str:
    """The bank with the most customers who declare themselves diplomats."""
    return policy_db.execute("""
        SELECT bank_id FROM customers WHERE occupation = 'diplomat' AND bank_id LIKE 'bank-%'
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""").fetchone()[0]


@pytest.fixture(scope="module")
def bank_view(world_policy: Path, diplomat_bank: str, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("view-bank") / "view"
    write_view(world_policy, f"bank:{diplomat_bank}", out)
    return out


@pytest.fixture(scope="module")
def all_view(world_policy: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("view-all") / "view"
    write_view(world_policy, "all", out)
    return out


@pytest.fixture(scope="module")
def complicit_view(world_policy: Path, scenario, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("view-complicit") / "view"
    write_view(world_policy, f"bank:{scenario.regime.complicit_banks[0].id}", out)
    return out


def _ids(path: Path, column: str) -> list:
    return pq.read_table(path, columns=[column]).column(0).to_pylist()


# --- one bank ----------------------------------------------------------------------------------


def test_bank_view_holds_only_its_own_transactions(bank_view: Path, policy_db,
                                                   diplomat_bank: str) -> None:
    table = pq.read_table(bank_view / "transactions.parquet")
    assert table.num_rows > 0
    for payer, bene in zip(table.column("payer_bank").to_pylist(),
                           table.column("beneficiary_bank").to_pylist(), strict=True):
        assert diplomat_bank in (payer, bene)
    expected = [r[0] for r in policy_db.execute(
        "SELECT transaction_id FROM transactions WHERE payer_bank = ? OR beneficiary_bank = ? "
        "ORDER BY transaction_id", [diplomat_bank, diplomat_bank]).fetchall()]
    assert table.column("transaction_id").to_pylist() == expected


def test_bank_view_holds_only_its_customers_and_accounts(bank_view: Path, policy_db,
                                                         diplomat_bank: str) -> None:
    accounts = pq.read_table(bank_view / "accounts.parquet")
    customers = pq.read_table(bank_view / "customers.parquet")
    assert set(accounts.column("bank_id").to_pylist()) == {diplomat_bank}
    assert set(customers.column("bank_id").to_pylist()) == {diplomat_bank}
    world_accounts = {r[0] for r in policy_db.execute(
        "SELECT account_id FROM accounts WHERE bank_id = ?", [diplomat_bank]).fetchall()}
    assert set(accounts.column("account_id").to_pylist()) == world_accounts
    assert set(customers.column("customer_id").to_pylist()) == set(
        accounts.column("holder_id").to_pylist())


def test_bank_view_keeps_the_kyc_records(bank_view: Path) -> None:
    customers = pq.read_table(bank_view / "customers.parquet")
    assert set(KYC) <= set(customers.column_names)
    rows = customers.to_pylist()
    assert any(r["occupation"] == "diplomat" for r in rows)
    assert any(r["id_type"] == "diplomatic_passport" for r in rows)
    assert all(r["name"] for r in rows)
    people = [r for r in rows if r["customer_type"] == "person"]
    assert people and all(r["date_of_birth"] and r["nationality"] for r in people)
    kp = [r for r in rows if r["nationality"] == "kp" and r["customer_type"] == "person"]
    assert kp and all(r["id_number"] for r in kp)


def test_view_never_holds_the_truth(bank_view: Path, all_view: Path) -> None:
    for view in (bank_view, all_view):
        names = {p.name for p in view.rglob("*")}
        for secret in NEVER_IN_A_VIEW:
            assert secret not in names
        assert not any(n.startswith("truth") for n in names)
        assert {"transactions.parquet", "accounts.parquet", "customers.parquet",
                "entities.ftm.jsonl", "manifest.json", "sdn.csv"} <= names


def test_view_tables_keep_the_world_schemas(bank_view: Path, world_policy: Path) -> None:
    for name, schema in (("transactions", tables.TRANSACTIONS), ("accounts", tables.ACCOUNTS),
                         ("customers", tables.CUSTOMERS)):
        got = pq.read_schema(bank_view / f"{name}.parquet")
        world = pq.read_schema(world_policy / f"{name}.parquet")
        assert got.names == schema.names
        for field, want, model_field in zip(got, world, schema, strict=True):
            assert field.type == want.type, (name, field.name)
            assert field.nullable == model_field.nullable, (name, field.name)


def test_view_entities_are_its_customers_as_ftm(bank_view: Path, diplomat_bank: str) -> None:
    customers = set(_ids(bank_view / "customers.parquet", "customer_id"))
    accounts = set(_ids(bank_view / "accounts.parquet", "account_id"))
    seen_customers, seen_accounts = set(), set()
    with (bank_view / "entities.ftm.jsonl").open(encoding="utf-8") as f:
        for line in f:
            data = json.loads(line)
            proxy = model.get_proxy(data)
            assert set(data["properties"]) <= set(proxy.schema.properties)
            if data["schema"] == "BankAccount":
                seen_accounts |= set(data["properties"]["accountNumber"])
                assert data["properties"]["bank"] == [diplomat_bank]
            elif data["schema"] != "Ownership":
                bank, _, customer = data["id"].partition(":")
                assert bank == diplomat_bank
                seen_customers.add(customer)
    assert seen_customers == customers
    assert seen_accounts == accounts


def test_view_manifest(bank_view: Path, diplomat_bank: str) -> None:
    manifest = json.loads((bank_view / "manifest.json").read_text())
    assert manifest["observer"] == f"bank:{diplomat_bank}"
    assert manifest["banks"] == [diplomat_bank]
    assert manifest["world"]["seed"] == 7 and manifest["world"]["scenario"] == "default"
    assert manifest["counts"]["transactions"] == pq.read_metadata(
        bank_view / "transactions.parquet").num_rows


def test_view_keeps_the_public_sanctions_list(bank_view: Path, world_policy: Path) -> None:
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        assert (bank_view / "sanctions" / name).read_bytes() == (
            world_policy / "sanctions" / name).read_bytes()


def test_complicit_bank_sees_concentrated_bulk_cash(complicit_view: Path) -> None:
    """FinCEN on Banco Delta Asia: 2 account holders over 30% of the bulk-cash turnover."""
    table = pq.read_table(complicit_view / "transactions.parquet").to_pylist()
    per_account: dict[str, float] = {}
    for row in table:
        if row["channel"] == "cash_deposit":
            acc = row["beneficiary_account"]
            per_account[acc] = per_account.get(acc, 0.0) + float(row["amount_usd"])
    total = sum(per_account.values())
    top_two = sum(sorted(per_account.values(), reverse=True)[:2])
    assert total > 0 and top_two / total > 0.3


def test_rewriting_a_view_replaces_it(world_policy: Path, tmp_path: Path) -> None:
    out = tmp_path / "view"
    write_view(world_policy, "bank:bank-cn-0", out)
    first = (out / "transactions.parquet").read_bytes()
    write_view(world_policy, "bank:bank-cn-0", out)
    assert (out / "transactions.parquet").read_bytes() == first
    write_view(world_policy, "bank:bank-jp-1", out)
    banks = set(_ids(out / "accounts.parquet", "bank_id"))
    assert banks == {"bank-jp-1"}


# --- every enforcing bank ----------------------------------------------------------------------


def test_all_is_the_union_of_the_enforcing_banks(all_view: Path, policy_db, scenario) -> None:
    manifest = json.loads((all_view / "manifest.json").read_text())
    world_banks = {r[0] for r in policy_db.execute(
        "SELECT DISTINCT bank_id FROM accounts").fetchall()}
    enforcing = {b for b in world_banks
                 if scenario.countries[b.split("-")[1]].enforces}
    assert set(manifest["banks"]) == enforcing
    assert {b.id for b in scenario.regime.regime_banks}.isdisjoint(enforcing)
    expected = policy_db.execute("""
        SELECT count(*) FROM transactions
        WHERE (payer_bank IS NOT NULL AND payer_bank NOT LIKE 'bank-kp-%')
           OR (beneficiary_bank IS NOT NULL AND beneficiary_bank NOT LIKE 'bank-kp-%')
        """).fetchone()[0]
    assert pq.read_metadata(all_view / "transactions.parquet").num_rows == expected
    accounts = set(_ids(all_view / "accounts.parquet", "bank_id"))
    assert accounts == enforcing
    hidden = policy_db.execute("""
        SELECT count(*) FROM transactions
        WHERE coalesce(payer_bank, 'bank-kp-') LIKE 'bank-kp-%'
          AND coalesce(beneficiary_bank, 'bank-kp-') LIKE 'bank-kp-%'""").fetchone()[0]
    assert hidden > 0, "cash paid in at home: the regime's own banks keep it to themselves"


def test_all_view_holds_every_bank_view(all_view: Path, bank_view: Path) -> None:
    everything = set(_ids(all_view / "transactions.parquet", "transaction_id"))
    assert set(_ids(bank_view / "transactions.parquet", "transaction_id")) <= everything
    customers = pq.read_table(all_view / "customers.parquet").to_pylist()
    assert any(r["occupation"] == "diplomat" for r in customers)


# --- bad observers -----------------------------------------------------------------------------


def test_unknown_bank_is_a_view_error(world_policy: Path, tmp_path: Path) -> None:
    with pytest.raises(ViewError, match="unknown bank 'bank-zz-9'"):
        write_view(world_policy, "bank:bank-zz-9", tmp_path / "v")
    with pytest.raises(ViewError, match="bank:ID"):
        write_view(world_policy, "customs", tmp_path / "v")
    with pytest.raises(ViewError, match="not a world folder"):
        write_view(tmp_path, "all", tmp_path / "v")
    assert not (tmp_path / "v").exists()


def test_observer_banks(world_policy: Path) -> None:
    assert observer_banks(world_policy, "bank:bank-cn-0") == ["bank-cn-0"]
    banks = observer_banks(world_policy, "all")
    assert banks == sorted(banks) and "bank-cn-0" in banks
    assert not any(b.startswith("bank-kp-") for b in banks)


# --- the command line --------------------------------------------------------------------------


def test_simulate_with_an_observer_writes_a_view(tmp_path: Path) -> None:
    out = tmp_path / "view"
    result = CliRunner().invoke(app, ["simulate", "--scenario", "default", "--seed", "5",
                                      "--out", str(out), "--transactions", "5000",
                                      "--observer", "bank:bank-hk-0"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.rglob("*")}
    assert "entities.ftm.jsonl" in names and "transactions.parquet" in names
    for secret in NEVER_IN_A_VIEW:
        assert secret not in names
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["observer"] == "bank:bank-hk-0"
    assert manifest["world"]["seed"] == 5
    banks = set(_ids(out / "accounts.parquet", "bank_id"))
    assert banks == {"bank-hk-0"}


def test_cli_world_view(world_policy: Path, tmp_path: Path, diplomat_bank: str,
                        bank_view: Path) -> None:
    out = tmp_path / "view"
    result = CliRunner().invoke(app, ["world", "view", str(world_policy), "--observer",
                                      f"bank:{diplomat_bank}", "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for name in ("transactions.parquet", "customers.parquet", "accounts.parquet",
                 "entities.ftm.jsonl"):
        assert (out / name).read_bytes() == (bank_view / name).read_bytes(), name


# --- names as the banks write them -------------------------------------------------------------


def test_regime_people_are_spelled_differently_at_different_banks(policy_db) -> None:
    rows = policy_db.execute("""
        SELECT c.customer_id, count(DISTINCT c.bank_id), count(DISTINCT c.name)
        FROM customers c JOIN truth_entities e ON c.customer_id = e.entity_id
        WHERE e.role IN ('diplomat', 'bank_representative', 'courier') AND c.nationality = 'kp'
        GROUP BY 1 HAVING count(DISTINCT c.bank_id) > 1""").fetchall()
    assert len(rows) >= 5
    varied = [r for r in rows if r[2] > 1]
    assert varied, "some regime person is written differently at two banks"
    assert len(varied) < len(rows), "and sometimes the same"


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def test_spellings_are_romanisations_of_one_name(world_policy: Path, policy_db) -> None:
    """Each bank writes one of the romanisations of the person's Korean name."""
    rows = policy_db.execute("""
        SELECT c.customer_id, list(DISTINCT c.name), count(DISTINCT c.date_of_birth)
        FROM customers c JOIN truth_entities e ON c.customer_id = e.entity_id
        WHERE e.role IN ('diplomat', 'bank_representative', 'courier') AND c.nationality = 'kp'
        GROUP BY 1 HAVING count(DISTINCT c.name) > 1""").fetchall()
    assert rows
    wanted = {r[0] for r in rows}
    known: dict[str, set[str]] = {}
    with (world_policy / "entities.ftm.jsonl").open(encoding="utf-8") as f:
        for line in f:
            data = json.loads(line)
            if data["id"] not in wanted:
                continue
            props = data["properties"]
            hangul = [a for a in props["alias"] if _hangul(a)]
            if hangul:  # a drawn Korean name: any of its romanisations, either order
                spellings = set(romanisations(KoreanName.from_hangul(hangul[0])))
                spellings |= {f"{s.split(' ', 1)[1]} {s.split(' ', 1)[0]}" for s in spellings}
            else:  # a real listed person: the listed name and its variants
                spellings = set(props["name"]) | set(props["alias"])
            known[data["id"]] = spellings
    assert known.keys() == wanted
    for eid, spellings, births in rows:
        assert births == 1
        for spelling in spellings:
            assert spelling in known[eid], (eid, spelling)


# --- the world's sanctions list ----------------------------------------------------------------


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.endswith(b"\r\n\x1a"), "a closing Ctrl-Z line"
    text = raw[:-1].decode("ascii")  # ASCII only
    assert "\n" not in text.replace("\r\n", ""), "CRLF line endings only"
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(("name", "width"), [("sdn.csv", 12), ("alt.csv", 5), ("add.csv", 6)])
def test_sanctions_files_follow_ofac_layout(world_policy: Path, name: str, width: int) -> None:
    rows = _csv_rows(world_policy / "sanctions" / name)
    assert rows
    for row in rows:
        assert len(row) == width, row
        assert row[0].isdigit(), "no header: every row starts with an ent_num"
        assert all(cell != "" for cell in row), "empty cells are written '-0- '"
        assert all(cell == "-0- " or cell.strip() == cell for cell in row)
    assert any("-0- " in row for row in rows)


def test_seeded_real_listings(world_policy: Path, scenario) -> None:
    sdn = _csv_rows(world_policy / "sanctions" / "sdn.csv")
    alt = _csv_rows(world_policy / "sanctions" / "alt.csv")
    by_name = {row[1]: row for row in sdn}
    for name in ("OFFICE 39", "KOREA DAESONG BANK", "PAE, Won Uk"):
        assert name in by_name, name
        assert by_name[name][3] == "DPRK"
    assert by_name["PAE, Won Uk"][2] == "individual"
    assert "DOB 22 Aug 1969" in by_name["PAE, Won Uk"][11]
    hub = by_name["OFFICE 39"][0]
    aliases = {row[3] for row in alt if row[0] == hub}
    assert "BUREAU 39" in aliases
    assert set(scenario.regime.hub.aliases) <= aliases
    for person in scenario.regime.listed_people:
        assert person.name in by_name, person.name
    ents = [int(row[0]) for row in sdn]
    assert len(set(ents)) == len(ents)
    assert {int(row[0]) for row in alt} <= set(ents)


def _tokens(name: str) -> set[str]:
    words = [w for w in re.split(r"[^a-z]+", name.lower()) if w]
    joined = {"".join(words[i:]) for i in range(1, len(words))}
    return {w for w in words + sorted(joined) if len(w) > 1}


def test_listed_people_have_aliases_of_their_own_name(world_policy: Path, scenario) -> None:
    sdn = _csv_rows(world_policy / "sanctions" / "sdn.csv")
    alt = _csv_rows(world_policy / "sanctions" / "alt.csv")
    ent = {row[1]: row[0] for row in sdn}
    for person in scenario.regime.listed_people:
        aliases = [row[3] for row in alt if row[0] == ent[person.name]]
        own = _tokens(person.name)
        for alias in aliases:
            assert _tokens(alias) & own, (person.name, alias)


def test_policy_designations_are_published(world_policy: Path, world_base: Path,
                                           scenario) -> None:
    bank = scenario.regime.complicit_banks[0]
    listed = {r["entity_id"]: r["listed_on"] for r in
              pq.read_table(world_policy / "truth_listings.parquet").to_pylist()}
    assert str(listed[bank.id]) == "2005-09-15"
    assert str(listed[scenario.regime.hub.id]) == str(scenario.period.start)
    base = {r["entity_id"] for r in
            pq.read_table(world_base / "truth_listings.parquet").to_pylist()}
    assert bank.id not in base
    sdn = {row[1] for row in _csv_rows(world_policy / "sanctions" / "sdn.csv")}
    assert bank.name.upper() in sdn
    ent_nums = pq.read_table(world_policy / "truth_listings.parquet").column(
        "ent_num").to_pylist()
    assert len(ent_nums) == len(_csv_rows(world_policy / "sanctions" / "sdn.csv"))


def test_customer_records_become_screening_queries_that_find_listed_customers(
        world_base: Path, tmp_path: Path) -> None:
    """The demo's path: a world's KYC records screened against the world's own list."""
    from illicitflow.lists.load import load_paths
    from illicitflow.screen.api import screen_store
    from illicitflow.store import Store
    from illicitflow.world.view import write_screening_queries

    out = tmp_path / "queries.csv"
    n = write_screening_queries(world_base, out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert n == len(rows) > 0
    assert set(rows[0]) == {"full_name", "date_of_birth", "nationality", "schema", "bank_id",
                            "customer_id"}
    assert {r["schema"] for r in rows} <= {"Person", "Company", "Organization"}
    with Store.open(tmp_path / "s.duckdb") as store:
        load_paths(store, [world_base / "sanctions"])
        hits = screen_store(rows, store)
    found = {rows[int(h["query_row"])]["customer_id"] for h in hits}
    listed = set(pq.read_table(world_base / "truth_listings.parquet")
                 .column("entity_id").to_pylist())
    assert found & listed, "listed customers are found under the names their banks wrote"
    with pytest.raises(ViewError):
        write_screening_queries(tmp_path, tmp_path / "x.csv")
