"""The store tables that hold imported transactions, their labels and what was refused.

Every table carries ``source`` (``<format>:<resolved path>``); importing a source again replaces
its rows in all of them inside one transaction. Timestamps are UTC (``TIMESTAMP``, no zone).

``transactions``: the columns of :data:`illicitflow.model.tables.TRANSACTIONS`, plus
    source          VARCHAR   where the rows came from
    row_id          BIGINT    unique across the store: the integer key the detectors use
    transaction_id  VARCHAR   as the source gives it (AMLSim ``tran_id``/``TXN_ID``, the world's
                              id, IBM AMLworld's 0-based data-row index)
    amount          DECIMAL(26,8): in ``currency`` (crypto amounts need more than two places)
    amount_usd      DECIMAL(18,2)

``labels``: the truth, where a source has it. **No detector or feature reads this table**
(`tests/test_detect_label_wall.py` fails if one does); only ``detect.evaluate`` and the
training step of the learned scorer do.
    source, transaction_id VARCHAR; is_illicit BOOLEAN; typology VARCHAR (AMLSim
    ``alert_type``, the world's ``pattern``); instance_id VARCHAR (AMLSim ``alert_id``, the
    world's instance; set also for AMLSim's false-alert instances, whose ``is_illicit`` is
    false); money_path VARCHAR (the world's ``typology``: its money path from sale to hub)

``transaction_quarantine``: rows that were not imported.
    source, file VARCHAR; line INTEGER (1-based line of the record in a CSV file, its 1-based
    row number in a Parquet file, 0 for a whole file); reason VARCHAR; raw VARCHAR (the record
    as read, cut at 2,000 characters)

``transaction_imports``: one row per import: source, format, path, imported_at, rows_read,
    imported, quarantined, labelled. ``rows_read = imported + quarantined`` always.

``kyc_accounts`` / ``kyc_customers`` / ``shipments``: the world's ``accounts``, ``customers`` and
    ``shipments`` tables (`model.tables`), plus ``source``; AMLSim's ``accounts.csv`` fills
    ``kyc_accounts`` (holder ``C_<id>``, no opening date). ``shipment_id`` is VARCHAR.
"""

from __future__ import annotations

TABLES = ("transactions", "labels", "transaction_quarantine", "transaction_imports",
          "kyc_accounts", "kyc_customers", "shipments")

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS transactions (
        source VARCHAR NOT NULL,
        row_id BIGINT NOT NULL,
        transaction_id VARCHAR NOT NULL,
        timestamp TIMESTAMP NOT NULL,
        payer_account VARCHAR,
        payer_bank VARCHAR,
        beneficiary_account VARCHAR,
        beneficiary_bank VARCHAR,
        amount DECIMAL(26,8) NOT NULL,
        currency VARCHAR NOT NULL,
        amount_usd DECIMAL(18,2) NOT NULL,
        channel VARCHAR NOT NULL,
        reference VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS labels (
        source VARCHAR NOT NULL,
        transaction_id VARCHAR NOT NULL,
        is_illicit BOOLEAN NOT NULL,
        typology VARCHAR,
        instance_id VARCHAR,
        money_path VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS transaction_quarantine (
        source VARCHAR NOT NULL,
        file VARCHAR NOT NULL,
        line INTEGER NOT NULL,
        reason VARCHAR NOT NULL,
        raw VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS transaction_imports (
        source VARCHAR NOT NULL,
        format VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        imported_at TIMESTAMP NOT NULL,
        rows_read BIGINT NOT NULL,
        imported BIGINT NOT NULL,
        quarantined BIGINT NOT NULL,
        labelled BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS kyc_accounts (
        source VARCHAR NOT NULL,
        account_id VARCHAR NOT NULL,
        bank_id VARCHAR,
        holder_id VARCHAR,
        currency VARCHAR,
        opened DATE)""",
    """CREATE TABLE IF NOT EXISTS kyc_customers (
        source VARCHAR NOT NULL,
        bank_id VARCHAR,
        customer_id VARCHAR NOT NULL,
        customer_type VARCHAR,
        name VARCHAR,
        date_of_birth DATE,
        nationality VARCHAR,
        address VARCHAR,
        phone VARCHAR,
        id_type VARCHAR,
        id_number VARCHAR,
        occupation VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS shipments (
        source VARCHAR NOT NULL,
        shipment_id VARCHAR NOT NULL,
        date DATE NOT NULL,
        goods VARCHAR,
        quantity DOUBLE,
        unit VARCHAR,
        declared_value_usd DECIMAL(18,2),
        market_value_usd DECIMAL(18,2),
        origin VARCHAR,
        declared_origin VARCHAR,
        destination VARCHAR,
        vessel_id VARCHAR,
        shipper_id VARCHAR,
        consignee_id VARCHAR,
        ais_gap_hours INTEGER,
        ship_to_ship BOOLEAN)""",
)

# One statement per table, fixed text: the table name is never formatted into SQL.
DELETE_SOURCE: dict[str, str] = {
    "transactions": "DELETE FROM transactions WHERE source = ?",
    "labels": "DELETE FROM labels WHERE source = ?",
    "transaction_quarantine": "DELETE FROM transaction_quarantine WHERE source = ?",
    "transaction_imports": "DELETE FROM transaction_imports WHERE source = ?",
    "kyc_accounts": "DELETE FROM kyc_accounts WHERE source = ?",
    "kyc_customers": "DELETE FROM kyc_customers WHERE source = ?",
    "shipments": "DELETE FROM shipments WHERE source = ?",
}


def ensure_tables(con) -> None:
    """Create the tables of this module where missing."""
    for statement in DDL:
        con.execute(statement)
