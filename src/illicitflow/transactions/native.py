"""Native import: a world folder or an observer's view of it, as `illicitflow simulate` writes.

``transactions.parquet`` (:data:`~illicitflow.model.tables.TRANSACTIONS`) gives the rows;
``truth_transactions.parquet``, when present (a world, not a view), gives the labels:
``typology`` is the truth's ``pattern`` (the shape of the leg: ``fan_in``, ``structuring``...),
``money_path`` its ``typology``. ``accounts``, ``customers`` and ``shipments`` go to
``kyc_accounts``, ``kyc_customers`` and ``shipments``.
"""

from __future__ import annotations

from pathlib import Path

from illicitflow.model.tables import CHANNELS
from illicitflow.store import Store
from illicitflow.transactions.load import ImportReport, TransactionImportError, write_import

_STAGE = """
SELECT $file AS file, t.file_row_number + 1 AS line,
       concat_ws(',', t.transaction_id, t.timestamp, t.payer_account, t.beneficiary_account,
                 t.amount, t.currency, t.channel) AS raw,
       CAST(t.transaction_id AS VARCHAR) AS transaction_id,
       CAST(t.timestamp AS TIMESTAMP) AS ts, CAST(t.timestamp AS VARCHAR) AS ts_text,
       nullif(t.payer_account, '') AS payer_account, t.payer_bank,
       nullif(t.beneficiary_account, '') AS beneficiary_account, t.beneficiary_bank,
       CAST(t.amount AS DECIMAL(26,8)) AS amount, CAST(t.amount AS VARCHAR) AS amount_text,
       nullif(t.currency, '') AS currency, t.currency AS currency_text,
       CAST(t.amount_usd AS DECIMAL(18,2)) AS amount_usd,
       CASE WHEN list_contains($channels, t.channel) THEN t.channel END AS channel,
       t.channel AS type_text, t.reference,
       $has_truth AS has_label, l.is_illicit, CAST(l.is_illicit AS VARCHAR) AS label_text,
       l.pattern AS typology, l.instance_id, l.typology AS money_path
FROM read_parquet($file, file_row_number = true) t
LEFT JOIN {truth} l ON l.transaction_id = t.transaction_id
"""

_ACCOUNTS = """INSERT INTO kyc_accounts SELECT $source, account_id, bank_id, holder_id, currency,
    opened FROM read_parquet($file)"""
_CUSTOMERS = """INSERT INTO kyc_customers SELECT $source, bank_id, customer_id, customer_type, name,
    date_of_birth, nationality, address, phone, id_type, id_number, occupation
    FROM read_parquet($file)"""
_SHIPMENTS = """INSERT INTO shipments SELECT $source, CAST(shipment_id AS VARCHAR), date, goods,
    quantity, unit, declared_value_usd, market_value_usd, origin, declared_origin, destination,
    vessel_id, shipper_id, consignee_id, ais_gap_hours, ship_to_ship FROM read_parquet($file)"""

_WITH_TRUTH = _STAGE.replace("{truth}", "read_parquet($truth)")
_WITHOUT_TRUTH = _STAGE.replace(
    "{truth}", "(SELECT NULL::BIGINT AS transaction_id, NULL::BOOLEAN AS is_illicit, "
    "NULL::VARCHAR AS pattern, NULL::VARCHAR AS instance_id, NULL::VARCHAR AS typology "
    "WHERE false)")


def import_native(store: Store, path: Path, source: str) -> ImportReport:
    """Import a world or view folder (see the module doc)."""
    tx = path / "transactions.parquet"
    if not tx.is_file():
        raise TransactionImportError(f"{path}: no transactions.parquet (not a world or view)")
    truth = path / "truth_transactions.parquet"
    params = {"file": str(tx), "channels": list(CHANNELS), "has_truth": truth.is_file()}
    if truth.is_file():
        params["truth"] = str(truth)
    extra = {}
    for table, name, sql in (("kyc_accounts", "accounts", _ACCOUNTS),
                             ("kyc_customers", "customers", _CUSTOMERS),
                             ("shipments", "shipments", _SHIPMENTS)):
        file = path / f"{name}.parquet"
        if file.is_file():
            extra[table] = (sql, {"file": str(file)})
    return write_import(store, source=source, fmt="native", path=path,
                        staging_sql=_WITH_TRUTH if truth.is_file() else _WITHOUT_TRUTH,
                        params=params, extra=extra)
