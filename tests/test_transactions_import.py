"""Importers: native, AMLSim (both layouts) and IBM AMLworld; quarantine loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from illicitflow.model.tables import TRANSACTIONS, TRUTH_TRANSACTIONS
from illicitflow.store import Store
from illicitflow.transactions import TransactionImportError, import_transactions
from illicitflow.transactions.cli import import_command

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "aml"


def _rows(store: Store, sql: str, params: list | None = None) -> list[tuple]:
    return store.con.execute(sql, params or []).fetchall()


def _lost_nothing(store: Store, report) -> None:
    assert report.rows_read == report.imported + report.quarantined
    n = _rows(store, "SELECT count(*) FROM transactions WHERE source = ?", [report.source])
    q = _rows(store, "SELECT count(*) FROM transaction_quarantine WHERE source = ?",
              [report.source])
    assert (n[0][0], q[0][0]) == (report.imported, report.quarantined)


AMLSIM_HEADER = "tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id\n"


def test_amlsim_current_layout_quarantines_bad_rows(tmp_path: Path) -> None:
    folder = tmp_path / "amlsim"
    folder.mkdir()
    (folder / "transactions.csv").write_text(
        AMLSIM_HEADER
        + "1,10,20,TRANSFER,100.5,2017-01-01T00:00:00Z,False,-1\n"      # line 2 good
        + "2,10,21,TRANSFER,abc,2017-01-01T00:00:00Z,False,-1\n"        # 3 bad amount
        + "3,11,20,TRANSFER,50,not-a-date,False,-1\n"                   # 4 bad timestamp
        + "4,12,20,TRANSFER,-5,2017-01-02T00:00:00Z,False,-1\n"         # 5 negative
        + "5,12,20,TELEPORT,5,2017-01-02T00:00:00Z,False,-1\n"          # 6 unknown type
        + "6,12,20,TRANSFER,5\n"                                        # 7 short row
        + "1,13,20,TRANSFER,7,2017-01-03T00:00:00Z,False,-1\n"          # 8 duplicate id
        + "7,13,20,TRANSFER,7,2017-01-03T00:00:00Z,maybe,-1\n"          # 9 bad label
        + "\n"
        + "8,30,31,WIRE,150,2017-01-04T00:00:00Z,True,0\n"              # 11 good, SAR
        + "9,32,33,WIRE,160,2017-01-05T00:00:00Z,False,1\n"             # 12 good, decoy
        + "10,34,,CASH-OUT,20,2017-01-05T00:00:00Z,False,-1\n")         # 13 no beneficiary
    (folder / "cash_tx.csv").write_text(
        AMLSIM_HEADER + "11,40,0,CASH-IN,900,2017-01-06T00:00:00Z,False,-1\n")
    (folder / "alert_transactions.csv").write_text(
        "alert_id,alert_type,is_sar,tran_id,orig_acct,bene_acct,tx_type,base_amt,"
        "tran_timestamp\n0,fan_in,True,8,30,31,WIRE,150,2017-01-04T00:00:00Z\n"
        "1,cycle,False,9,32,33,WIRE,160,2017-01-05T00:00:00Z\n")
    (folder / "accounts.csv").write_text("acct_id,dsply_nm,prior_sar_count,bank_id\n"
                                         "10,C_10,false,bank_a\n20,C_20,false,bank_b\n")
    store = Store.open(tmp_path / "s.duckdb")
    report = import_transactions(store, folder, "amlsim")
    _lost_nothing(store, report)
    assert (report.rows_read, report.imported, report.quarantined) == (12, 4, 8)
    reasons = dict(_rows(store, "SELECT line, reason FROM transaction_quarantine"))
    assert reasons[3].startswith("bad amount")
    assert reasons[4].startswith("bad timestamp")
    assert reasons[5].startswith("negative amount")
    assert reasons[6].startswith("unknown transaction type")
    assert reasons[7] == "expected 8 fields, found 5"
    assert reasons[8].startswith("duplicate transaction id")
    assert reasons[9].startswith("bad label")
    assert reasons[13] == "no account on either side"  # a cash-out names it as beneficiary
    good = {r[0]: r[1:] for r in _rows(
        store, "SELECT transaction_id, payer_account, payer_bank, beneficiary_account, "
               "beneficiary_bank, amount_usd, channel FROM transactions")}
    assert good["1"] == ("10", "bank_a", "20", "bank_b", Decimal("100.50"), "wire")
    assert good["11"] == (None, None, "40", None, Decimal("900.00"), "cash_deposit")
    labels = _rows(store, "SELECT transaction_id, is_illicit, typology, instance_id FROM labels "
                          "ORDER BY transaction_id")
    assert ("8", True, "fan_in", "0") in labels
    assert ("9", False, "cycle", "1") in labels  # a false-alert instance keeps its shape
    assert ("1", False, None, None) in labels
    assert "prior_sar_count" not in str(_rows(store, "DESCRIBE kyc_accounts"))


def test_reimport_replaces_source(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "transactions.csv").write_text(
        AMLSIM_HEADER + "1,1,2,TRANSFER,1,2017-01-01T00:00:00Z,False,-1\n")
    store = Store.open(tmp_path / "s.duckdb")
    import_transactions(store, folder, "amlsim")
    report = import_transactions(store, folder, "amlsim")
    assert report.imported == 1
    assert _rows(store, "SELECT count(*) FROM transactions")[0][0] == 1
    assert _rows(store, "SELECT count(*) FROM transaction_imports")[0][0] == 1


def test_amlsim_old_layout_cash_sides(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "tx.csv").write_text(
        "TXN_ID,ACCOUNT_ID,COUNTER_PARTY_ACCOUNT_NUM,TXN_SOURCE_TYPE_CODE,tx_count,"
        "TXN_AMOUNT_ORIG,start,end\n2,15,25,CHECK,1,125.05,1,1\n")
    (folder / "cash_tx.csv").write_text(
        "TXN_ID,ACCOUNT_ID,BRANCH_ID,TXN_SOURCE_TYPE_CODE,tx_count,TXN_AMOUNT_ORIG,RUN_DATE,end\n"
        "1,0,11,CASH-OUT,1,99.87,1,1\n17,19,0,CASH-IN,1,77.58,5,5\n")
    store = Store.open(tmp_path / "s.duckdb")
    report = import_transactions(store, folder, "amlsim")
    assert (report.imported, report.labelled) == (3, 0)
    rows = dict((r[0], r[1:]) for r in _rows(
        store, "SELECT transaction_id, payer_account, beneficiary_account, channel, timestamp "
               "FROM transactions"))
    assert rows["2"] == ("15", "25", "wire", datetime(2017, 1, 2))
    assert rows["1"][:3] == ("11", None, "cash_withdrawal")
    assert rows["17"][:3] == (None, "19", "cash_deposit")


IBM_HEADER = ("Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,"
              "Amount Paid,Payment Currency,Payment Format,Is Laundering\n")


def test_ibm_aml_ids_are_row_indexes(tmp_path: Path) -> None:
    csv = tmp_path / "HI-Tiny_Trans.csv"
    csv.write_text(
        IBM_HEADER
        + "2022/09/01 00:20,010,8000EBD30,010,8000EBD30,3697.34,US Dollar,3697.34,US Dollar,"
          "Reinvestment,0\n"
        + "2022/09/01 00:21,3208,8000F4580,1,8000F5340,0.01,US Dollar,0.01,US Dollar,Cheque\n"
        + "2022/09/01 00:22,3209,8000F4670,3209,8000F4670,14675.57,Euro,14675.57,Euro,Wire,1\n"
        + "2022/09/01 00:23,12,8000F5030,12,8000F5040,2.5,Bitcoin,2.5,Bitcoin,Bitcoin,0\n"
        + "2022/09/01 00:24,12,8000F5030,12,8000F5040,2.5,Zorkmid,2.5,Zorkmid,Wire,0\n")
    store = Store.open(tmp_path / "s.duckdb")
    report = import_transactions(store, csv, "ibm-aml")
    _lost_nothing(store, report)
    assert (report.imported, report.quarantined, report.labelled) == (3, 2, 3)
    rows = {r[0]: r[1:] for r in _rows(
        store, "SELECT transaction_id, payer_account, beneficiary_account, currency, amount_usd, "
               "channel FROM transactions")}
    assert set(rows) == {"0", "2", "3"}  # 0-based data-row index, refused rows counted
    assert rows["2"] == ("8000F4670", "8000F4670", "EUR", Decimal("15409.35"), "wire")
    assert rows["3"][2:] == ("XBT", Decimal("50000.00"), "crypto")
    q = dict(_rows(store, "SELECT line, reason FROM transaction_quarantine"))
    assert q[3] == "expected 11 fields, found 10"
    assert q[6].startswith("unknown currency")
    assert _rows(store, "SELECT transaction_id FROM labels WHERE is_illicit") == [("2",)]


def _world(folder: Path, with_truth: bool = True) -> None:
    folder.mkdir(parents=True)
    ts = [datetime(2005, 1, d, tzinfo=UTC) for d in (1, 2, 3)]
    tx = pa.table({
        "transaction_id": [0, 1, 2], "timestamp": ts,
        "payer_account": ["A", None, "B"], "payer_bank": ["b1", None, "b1"],
        "beneficiary_account": ["B", "A", None], "beneficiary_bank": ["b1", "b1", None],
        "amount": [Decimal("10.00"), Decimal("20.00"), Decimal("5.00")],
        "currency": ["USD"] * 3, "amount_usd": [Decimal("10.00"), Decimal("20.00"),
                                                Decimal("5.00")],
        "channel": ["wire", "cash_deposit", "teleport"], "reference": [None] * 3,
    }, schema=TRANSACTIONS)
    pq.write_table(tx, folder / "transactions.parquet")
    if with_truth:
        truth = pa.table({"transaction_id": [0, 1, 2], "is_illicit": [True, False, False],
                          "stream": ["drugs", None, None],
                          "typology": ["drugs_via_partner_crime_group", None, None],
                          "instance_id": ["i1", None, None], "pattern": ["fan_in", None, None],
                          "lookalike": [None] * 3}, schema=TRUTH_TRANSACTIONS)
        pq.write_table(truth, folder / "truth_transactions.parquet")


def test_native_world_and_view(tmp_path: Path) -> None:
    _world(tmp_path / "world")
    _world(tmp_path / "view", with_truth=False)
    store = Store.open(tmp_path / "s.duckdb")
    world = import_transactions(store, tmp_path / "world", "native")
    _lost_nothing(store, world)
    assert (world.imported, world.quarantined, world.labelled) == (2, 1, 2)
    assert _rows(store, "SELECT line, reason FROM transaction_quarantine") == [
        (3, "unknown transaction type: teleport")]
    assert _rows(store, "SELECT typology, money_path, instance_id FROM labels WHERE is_illicit"
                 ) == [("fan_in", "drugs_via_partner_crime_group", "i1")]
    view = import_transactions(store, tmp_path / "view", "native")
    assert (view.imported, view.labelled) == (2, 0)


def test_not_a_source(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.duckdb")
    with pytest.raises(TransactionImportError):
        import_transactions(store, tmp_path, "native")
    with pytest.raises(TransactionImportError):
        import_transactions(store, tmp_path, "amlsim")
    assert import_command(tmp_path, "csv", tmp_path / "s2.duckdb") == 2


@pytest.mark.skipif(not DATA.is_dir(), reason="shared AML data absent")
@pytest.mark.parametrize(("folder", "rows", "positives", "decoy_rows"), [
    ("amlsim_decoys_dev", 198_787, 486, 164),
    ("amlsim_typologies_389", 9_904, 33, 0),
    ("amlsim_exports_v2", 10_333, 51, 0),
    ("amlsim_format_examples", 133, 0, 0),
])
def test_shared_amlsim_sets(tmp_path: Path, folder: str, rows: int, positives: int,
                            decoy_rows: int) -> None:
    store = Store.open(tmp_path / "s.duckdb")
    report = import_transactions(store, DATA / folder, "amlsim")
    _lost_nothing(store, report)
    assert (report.rows_read, report.imported, report.quarantined) == (rows, rows, 0)
    pos, decoys = _rows(store, "SELECT count(*) FILTER (WHERE is_illicit), count(*) FILTER "
                               "(WHERE NOT is_illicit AND instance_id IS NOT NULL) FROM labels")[0]
    assert (pos, decoys) == (positives, decoy_rows)
