"""Schemas of the tables that hold money and goods.

The world writes these tables; a bank's file import will produce the same ones. Amounts are
exact decimals (two places): the world's books balance to the cent, so the tables must too.
Timestamps are UTC.
"""

from __future__ import annotations

import pyarrow as pa

MONEY = pa.decimal128(18, 2)

#: Channels a transaction can take.
CHANNELS = (
    "wire",  # account-to-account transfer, domestic or cross-border
    "cash_deposit",  # cash paid into an account: no payer account
    "cash_withdrawal",  # cash taken out of an account: no beneficiary account
    "trade_settlement",  # payment against an invoice for goods or services
    "card",  # card purchase at a merchant
    "crypto",  # on-chain transfer between wallet addresses
)

TRANSACTIONS = pa.schema(
    [
        pa.field("transaction_id", pa.int64(), nullable=False),
        pa.field("timestamp", pa.timestamp("ms", tz="UTC"), nullable=False),  # Parquet: no "s"
        pa.field("payer_account", pa.string()),  # null for cash deposits
        pa.field("payer_bank", pa.string()),
        pa.field("beneficiary_account", pa.string()),  # null for cash withdrawals
        pa.field("beneficiary_bank", pa.string()),
        pa.field("amount", MONEY, nullable=False),  # in `currency`
        pa.field("currency", pa.string(), nullable=False),  # ISO 4217
        pa.field("amount_usd", MONEY, nullable=False),
        pa.field("channel", pa.string(), nullable=False),  # one of CHANNELS
        pa.field("reference", pa.string()),  # free text as the payer wrote it
    ]
)

SHIPMENTS = pa.schema(
    [
        pa.field("shipment_id", pa.int64(), nullable=False),
        pa.field("date", pa.date32(), nullable=False),
        pa.field("goods", pa.string(), nullable=False),  # as declared on the manifest
        pa.field("quantity", pa.float64(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("declared_value_usd", MONEY, nullable=False),
        pa.field("market_value_usd", MONEY, nullable=False),
        pa.field("origin", pa.string(), nullable=False),  # ISO country where loaded
        pa.field("declared_origin", pa.string(), nullable=False),  # origin on the manifest
        pa.field("destination", pa.string(), nullable=False),
        pa.field("vessel_id", pa.string()),  # entity id; null when not by sea
        pa.field("shipper_id", pa.string()),
        pa.field("consignee_id", pa.string()),
        pa.field("ais_gap_hours", pa.int32(), nullable=False),  # transponder off en route
        pa.field("ship_to_ship", pa.bool_(), nullable=False),  # cargo moved at sea
    ]
)

#: Bank accounts and who holds them (the world's; a view holds its bank's own).
ACCOUNTS = pa.schema(
    [
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("bank_id", pa.string(), nullable=False),
        pa.field("holder_id", pa.string(), nullable=False),  # entity id of the customer
        pa.field("currency", pa.string(), nullable=False),
        pa.field("opened", pa.date32(), nullable=False),
    ]
)

#: Know-your-customer records as a bank holds them.
CUSTOMERS = pa.schema(
    [
        pa.field("bank_id", pa.string(), nullable=False),
        pa.field("customer_id", pa.string(), nullable=False),  # entity id
        pa.field("customer_type", pa.string(), nullable=False),  # person | company | organization
        pa.field("name", pa.string(), nullable=False),  # as written at this bank
        pa.field("date_of_birth", pa.date32()),
        pa.field("nationality", pa.string()),  # ISO 3166 alpha-2, lower case
        pa.field("address", pa.string()),
        pa.field("phone", pa.string()),
        # passport | diplomatic_passport | national_id | registration
        pa.field("id_type", pa.string()),
        pa.field("id_number", pa.string()),
        pa.field("occupation", pa.string()),  # declared: diplomat, trader, ...
    ]
)

TRUTH_TRANSACTIONS = pa.schema(
    [
        pa.field("transaction_id", pa.int64(), nullable=False),
        pa.field("is_illicit", pa.bool_(), nullable=False),
        pa.field("stream", pa.string()),  # revenue stream; null when legitimate
        pa.field("typology", pa.string()),  # money path (SYSTEM.md second table)
        pa.field("instance_id", pa.string()),  # one sale's money path from sale to hub
        pa.field("pattern", pa.string()),  # shape of this leg: structuring, fan_in, ...
        pa.field("lookalike", pa.string()),  # legitimate look-alike kind, else null
    ]
)

TRUTH_ENTITIES = pa.schema(
    [
        pa.field("entity_id", pa.string(), nullable=False),
        pa.field("role", pa.string(), nullable=False),
        pa.field("stream", pa.string()),  # null when the role serves every stream
        pa.field("is_illicit", pa.bool_(), nullable=False),
    ]
)

REVENUE = pa.schema(
    [
        pa.field("month", pa.date32(), nullable=False),  # first day of the month
        pa.field("stream", pa.string(), nullable=False),
        pa.field("usd", MONEY, nullable=False),  # delivered to the hub that month
        pa.field("policy", pa.string(), nullable=False),  # 'baseline' or the policy's name
    ]
)

#: The hub's books per stream at the end of a run:
#: proceeds = delivered + costs + frozen + in_transit.
BOOKS = pa.schema(
    [
        pa.field("policy", pa.string(), nullable=False),
        pa.field("stream", pa.string(), nullable=False),
        pa.field("proceeds", MONEY, nullable=False),
        pa.field("delivered", MONEY, nullable=False),
        pa.field("costs", MONEY, nullable=False),
        pa.field("frozen", MONEY, nullable=False),
        pa.field("in_transit", MONEY, nullable=False),
    ]
)
