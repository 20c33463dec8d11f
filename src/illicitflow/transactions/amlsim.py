"""AMLSim import: the output folder of IBM AMLSim (github.com/IBM/AMLSim), either layout.

Current layout: ``transactions.csv`` (``tran_id, orig_acct, bene_acct, tx_type, base_amt,
tran_timestamp, is_sar, alert_id``), optionally ``cash_tx.csv`` with the same columns,
``accounts.csv`` (``acct_id, ..., bank_id, ...``) and ``alert_transactions.csv`` or
``alert_accounts.csv`` (``alert_id -> alert_type``). Labels: ``is_sar`` is the truth;
``alert_id >= 0`` names the typology instance, also for false-alert instances
(``is_sar=False``), whose rows keep ``instance_id`` and ``typology`` with ``is_illicit`` false.
``accounts.prior_sar_count`` is true for every alert member: a label leak, never imported.

Older layout: ``tx.csv`` (``TXN_ID, ACCOUNT_ID, COUNTER_PARTY_ACCOUNT_NUM,
TXN_SOURCE_TYPE_CODE, tx_count, TXN_AMOUNT_ORIG, start, end``) and ``cash_tx.csv`` (``TXN_ID,
ACCOUNT_ID, BRANCH_ID, TXN_SOURCE_TYPE_CODE, tx_count, TXN_AMOUNT_ORIG, RUN_DATE, end``), steps
as days from AMLSim's default base date 2017-01-01. Its alerts are per account
(``alerts.csv``), so it gives no transaction labels.

Cash: AMLSim writes a cash-in as (account -> branch) and a cash-out as (branch -> account)
(``CashOutModel.makeTransaction(step, amount, branch, account, ...)``; in the older sample every
``CASH-OUT`` has the same ``ACCOUNT_ID``, the branch). So a ``CASH-IN`` is a deposit into the
originator column's account and a ``CASH-OUT`` a withdrawal from the beneficiary column's.
Every other type (``TRANSFER, WIRE, CREDIT, CHECK, DEPOSIT, ...``) is an account-to-account
``wire``. Amounts are in the base currency, taken as USD.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from illicitflow.store import Store
from illicitflow.transactions.load import (
    ImportReport,
    Rejected,
    TransactionImportError,
    columns_table,
    read_records,
    write_import,
)

BASE_DATE = "2017-01-01"
TRANSFER_TYPES = ("TRANSFER", "WIRE", "CREDIT", "CHECK", "DEPOSIT", "PAYMENT", "DEBIT")
_ROW_COLUMNS = ("id", "orig", "bene", "type", "amount", "ts", "is_sar", "alert_id")

_CURRENT = {"id": "tran_id", "orig": "orig_acct", "bene": "bene_acct", "type": "tx_type",
            "amount": "base_amt", "ts": "tran_timestamp", "is_sar": "is_sar",
            "alert_id": "alert_id"}
_OLD_TX = {"id": "TXN_ID", "orig": "ACCOUNT_ID", "bene": "COUNTER_PARTY_ACCOUNT_NUM",
           "type": "TXN_SOURCE_TYPE_CODE", "amount": "TXN_AMOUNT_ORIG", "ts": "start"}
_OLD_CASH = {"id": "TXN_ID", "orig": "ACCOUNT_ID", "bene": "BRANCH_ID",
             "type": "TXN_SOURCE_TYPE_CODE", "amount": "TXN_AMOUNT_ORIG", "ts": "RUN_DATE"}

_STAGE = """
WITH r AS (
    SELECT *, CASE
        WHEN upper(type) = 'CASH-IN' THEN 'cash_deposit'
        WHEN upper(type) = 'CASH-OUT' THEN 'cash_withdrawal'
        WHEN list_contains($transfer_types, upper(type)) THEN 'wire' END AS kind,
        TRY_CAST(amount AS DECIMAL(26,8)) AS amt
    FROM _rows
), s AS (
    SELECT *,
        CASE WHEN kind = 'cash_deposit' THEN NULL
             WHEN kind = 'cash_withdrawal' THEN bene ELSE orig END AS payer,
        CASE WHEN kind = 'cash_deposit' THEN orig
             WHEN kind = 'cash_withdrawal' THEN NULL ELSE bene END AS beneficiary
    FROM r
)
SELECT s.file, s.line, s.raw, s.id AS transaction_id,
    CASE WHEN regexp_full_match(s.ts, '[0-9]{1,6}')
         THEN CAST($base_date AS TIMESTAMP) + to_days(CAST(s.ts AS INTEGER))
         ELSE coalesce(try_strptime(s.ts, '%Y-%m-%dT%H:%M:%SZ'),
                       try_strptime(s.ts, '%Y-%m-%dT%H:%M:%S'),
                       try_strptime(s.ts, '%Y-%m-%d %H:%M:%S'),
                       try_strptime(s.ts, '%Y-%m-%d')) END AS ts,
    s.ts AS ts_text,
    s.payer AS payer_account, pb.bank_id AS payer_bank,
    s.beneficiary AS beneficiary_account, bb.bank_id AS beneficiary_bank,
    s.amt AS amount, s.amount AS amount_text, 'USD' AS currency, 'USD' AS currency_text,
    TRY_CAST(s.amt AS DECIMAL(18,2)) AS amount_usd,
    s.kind AS channel, s.type AS type_text, NULL AS reference,
    $has_label AS has_label,
    CASE WHEN s.alert_id IS NOT NULL AND TRY_CAST(s.alert_id AS BIGINT) IS NULL THEN NULL
         WHEN lower(s.is_sar) IN ('true', '1', 'yes') THEN true
         WHEN lower(s.is_sar) IN ('false', '0', 'no') THEN false END AS is_illicit,
    concat_ws(' / ', 'is_sar=' || s.is_sar, 'alert_id=' || s.alert_id) AS label_text,
    CASE WHEN TRY_CAST(s.alert_id AS BIGINT) >= 0 THEN a.alert_type END AS typology,
    CASE WHEN TRY_CAST(s.alert_id AS BIGINT) >= 0 THEN s.alert_id END AS instance_id,
    NULL AS money_path
FROM s
LEFT JOIN _alert_types a ON a.alert_id = s.alert_id
LEFT JOIN _banks pb ON pb.acct_id = s.payer
LEFT JOIN _banks bb ON bb.acct_id = s.beneficiary
"""

_ACCOUNTS = """INSERT INTO kyc_accounts
    SELECT $source, acct_id, bank_id, holder_id, currency, NULL FROM _banks"""


def _picks(header: list[str], mapping: dict[str, str], file: Path) -> list[int | None]:
    lower = [h.lower() for h in header]
    out: list[int | None] = []
    for name in _ROW_COLUMNS:
        col = mapping.get(name)
        if col is None:
            out.append(None)
            continue
        if col.lower() not in lower:
            raise TransactionImportError(f"{file}: no column '{col}' in the header")
        out.append(lower.index(col.lower()))
    return out


def _read(file: Path, mapping: dict[str, str], rejected: Rejected) -> pa.Table:
    header, records = read_records(file, rejected)
    if not header:
        return _empty()
    picks = _picks(header, mapping, file)
    present = [(n, i) for n, i in zip(_ROW_COLUMNS, picks, strict=True) if i is not None]
    table = columns_table(file, [n for n, _ in present], records, [i for _, i in present])
    for name in _ROW_COLUMNS:
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(table.num_rows, pa.string()))
    return table.select(["file", "line", "raw", *_ROW_COLUMNS])


def _empty() -> pa.Table:
    schema = pa.schema([("file", pa.string()), ("line", pa.int64()), ("raw", pa.string()),
                        *[(n, pa.string()) for n in _ROW_COLUMNS]])
    return schema.empty_table()


def _header(file: Path) -> list[str]:
    with file.open(newline="", encoding="utf-8-sig", errors="replace") as f:
        line = f.readline()
    return [h.strip() for h in line.split(",")]


def _small_csv(file: Path) -> list[dict[str, str]]:
    import csv

    with file.open(newline="", encoding="utf-8-sig", errors="replace") as f:
        return [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                for row in csv.DictReader(f)]


def _banks(path: Path) -> pa.Table:
    rows = _small_csv(path / "accounts.csv") if (path / "accounts.csv").is_file() else []
    acct, bank, holder, cur = [], [], [], []
    seen: set[str] = set()
    for row in rows:
        aid = row.get("acct_id") or row.get("account_id")
        if not aid or aid in seen:
            continue
        seen.add(aid)
        acct.append(aid)
        bank.append(row.get("bank_id") or None)
        holder.append(row.get("dsply_nm") or row.get("primary_customer_id") or None)
        cur.append(row.get("acct_rptng_crncy") or None)
    return pa.table({"acct_id": pa.array(acct, pa.string()), "bank_id": pa.array(bank, pa.string()),
                     "holder_id": pa.array(holder, pa.string()),
                     "currency": pa.array(cur, pa.string())})


def _alert_types(path: Path) -> pa.Table:
    types: dict[str, str] = {}
    for name in ("alert_transactions.csv", "alert_accounts.csv"):
        if (path / name).is_file():
            for row in _small_csv(path / name):
                if row.get("alert_id") and row.get("alert_type"):
                    types.setdefault(row["alert_id"], row["alert_type"])
    return pa.table({"alert_id": pa.array(list(types), pa.string()),
                     "alert_type": pa.array(list(types.values()), pa.string())})


def import_amlsim(store: Store, path: Path, source: str) -> ImportReport:
    """Import an AMLSim output folder (see the module doc)."""
    if not path.is_dir():
        raise TransactionImportError(f"{path}: not a folder (AMLSim's output folder)")
    rejected = Rejected()
    parts: list[pa.Table] = []
    if (path / "transactions.csv").is_file():
        has_label = "is_sar" in [h.lower() for h in _header(path / "transactions.csv")]
        parts.append(_read(path / "transactions.csv", _CURRENT, rejected))
        cash = path / "cash_tx.csv"
        if cash.is_file() and "tran_id" in [h.lower() for h in _header(cash)]:
            parts.append(_read(cash, _CURRENT, rejected))
    elif (path / "tx.csv").is_file():
        has_label = False
        parts.append(_read(path / "tx.csv", _OLD_TX, rejected))
        if (path / "cash_tx.csv").is_file():
            parts.append(_read(path / "cash_tx.csv", _OLD_CASH, rejected))
    else:
        raise TransactionImportError(f"{path}: neither transactions.csv nor tx.csv (not AMLSim)")
    if not has_label:
        parts = [p.set_column(p.column_names.index("is_sar"), "is_sar",
                              pa.nulls(p.num_rows, pa.string())) for p in parts]
    rows = pa.concat_tables(parts)
    banks = _banks(path)
    return write_import(
        store, source=source, fmt="amlsim", path=path, staging_sql=_STAGE,
        params={"transfer_types": list(TRANSFER_TYPES), "base_date": BASE_DATE,
                "has_label": has_label},
        rejected=rejected,
        arrow={"_rows": rows, "_banks": banks, "_alert_types": _alert_types(path)},
        extra={"kyc_accounts": (_ACCOUNTS, {})} if banks.num_rows else None)
