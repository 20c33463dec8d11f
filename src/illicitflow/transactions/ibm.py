"""IBM AMLworld import (the ``HI-*`` / ``LI-*`` ``_Trans.csv`` files of IBM's AML data sets).

Columns by position: ``Timestamp, From Bank, Account, To Bank, Account, Amount Received,
Receiving Currency, Amount Paid, Payment Currency, Payment Format, Is Laundering`` (the header
repeats ``Account``). Rows have no id: a transaction's id is its 0-based data-row index. The
payer's side is the transaction: ``amount`` is ``Amount Paid`` in ``Payment Currency``.
``Is Laundering`` (0/1) is the label; the files name no typology.

Currencies are named in words; :data:`CURRENCIES` maps them to ISO 4217 codes and approximate
USD rates of 2022, the period the data sets simulate (assumption: mid-market rates rounded;
amounts in USD are for ranking and thresholds, not accounting). Payment formats map to
channels: ``Cash`` to ``cash_deposit`` (both accounts are kept), ``Credit Card`` to ``card``,
``Bitcoin`` to ``crypto``, the rest (``Wire, ACH, Cheque, Reinvestment``) to ``wire``.
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

#: IBM's currency name -> (ISO 4217, USD per unit, approximate 2022).
CURRENCIES: dict[str, tuple[str, float]] = {
    "US Dollar": ("USD", 1.0), "Euro": ("EUR", 1.05), "UK Pound": ("GBP", 1.24),
    "Yen": ("JPY", 0.0076), "Yuan": ("CNY", 0.149), "Rupee": ("INR", 0.0127),
    "Canadian Dollar": ("CAD", 0.77), "Australian Dollar": ("AUD", 0.69),
    "Swiss Franc": ("CHF", 1.05), "Mexican Peso": ("MXN", 0.05), "Brazil Real": ("BRL", 0.19),
    "Ruble": ("RUB", 0.0145), "Saudi Riyal": ("SAR", 0.266), "Shekel": ("ILS", 0.29),
    "Bitcoin": ("XBT", 20000.0),
}
FORMATS = {"Cash": "cash_deposit", "Credit Card": "card", "Bitcoin": "crypto", "Wire": "wire",
           "ACH": "wire", "Cheque": "wire", "Reinvestment": "wire"}
_NAMES = ("ts", "from_bank", "from_account", "to_bank", "to_account", "amount_received",
          "receiving_currency", "amount_paid", "payment_currency", "payment_format",
          "is_laundering")

_STAGE = """
SELECT r.file, r.line, r.raw, CAST(r.idx AS VARCHAR) AS transaction_id,
    coalesce(try_strptime(r.ts, '%Y/%m/%d %H:%M'), try_strptime(r.ts, '%Y/%m/%d %H:%M:%S'))
        AS ts,
    r.ts AS ts_text,
    r.from_account AS payer_account, r.from_bank AS payer_bank,
    r.to_account AS beneficiary_account, r.to_bank AS beneficiary_bank,
    TRY_CAST(r.amount_paid AS DECIMAL(26,8)) AS amount, r.amount_paid AS amount_text,
    c.iso AS currency, r.payment_currency AS currency_text,
    TRY_CAST(TRY_CAST(r.amount_paid AS DECIMAL(26,8)) * c.usd AS DECIMAL(18,2)) AS amount_usd,
    f.channel, r.payment_format AS type_text, NULL AS reference,
    true AS has_label,
    CASE r.is_laundering WHEN '1' THEN true WHEN '0' THEN false END AS is_illicit,
    r.is_laundering AS label_text, NULL AS typology, NULL AS instance_id, NULL AS money_path
FROM _rows r
LEFT JOIN _currencies c ON c.name = r.payment_currency
LEFT JOIN _formats f ON f.name = r.payment_format
"""


def import_ibm(store: Store, path: Path, source: str) -> ImportReport:
    """Import one IBM AMLworld transactions CSV (see the module doc)."""
    if not path.is_file():
        raise TransactionImportError(f"{path}: not a file (IBM AMLworld's CSV)")
    rejected = Rejected()
    header, records = read_records(path, rejected, width=len(_NAMES))
    if not header or header[0].lower() != "timestamp" or len(header) != len(_NAMES):
        raise TransactionImportError(
            f"{path}: not an IBM AMLworld CSV (header must be {len(_NAMES)} columns, "
            "starting with Timestamp)")
    rows = columns_table(path, _NAMES, records)
    currencies = pa.table({"name": list(CURRENCIES), "iso": [v[0] for v in CURRENCIES.values()],
                           "usd": [v[1] for v in CURRENCIES.values()]})
    formats = pa.table({"name": list(FORMATS), "channel": list(FORMATS.values())})
    return write_import(store, source=source, fmt="ibm-aml", path=path, staging_sql=_STAGE,
                        rejected=rejected,
                        arrow={"_rows": rows, "_currencies": currencies, "_formats": formats})
