"""The common half of every importer: check staged rows, write the good ones, quarantine the rest.

An importer turns its files into a *staged* relation (DuckDB SQL over the rows it read) with
the columns of :data:`STAGED`; :func:`write_import` checks every row with one SQL statement,
writes the good rows to ``transactions`` (and their labels to ``labels``) and every other row
to ``transaction_quarantine`` with its reason, inside one transaction that first removes what an
earlier import of the same source left. Nothing is dropped: ``rows_read = imported +
quarantined``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from illicitflow.store import Store
from illicitflow.transactions.tables import DELETE_SOURCE, TABLES, ensure_tables

RAW_MAX = 2000

#: Columns an importer's staging SQL must return, in this order.
STAGED = ("file", "line", "raw", "transaction_id", "ts", "ts_text", "payer_account",
          "payer_bank", "beneficiary_account", "beneficiary_bank", "amount", "amount_text",
          "currency", "currency_text", "amount_usd", "channel", "type_text", "reference",
          "has_label", "is_illicit", "label_text", "typology", "instance_id", "money_path")

_CHECK = """
CREATE OR REPLACE TEMP TABLE _checked AS
SELECT *, CASE
    WHEN transaction_id IS NULL THEN 'missing transaction id'
    WHEN ts IS NULL THEN 'bad timestamp: ' || coalesce(ts_text, '<empty>')
    WHEN amount IS NULL THEN 'bad amount: ' || coalesce(amount_text, '<empty>')
    WHEN amount < 0 THEN 'negative amount: ' || amount_text
    WHEN currency IS NULL THEN 'unknown currency: ' || coalesce(currency_text, '<empty>')
    WHEN channel IS NULL THEN 'unknown transaction type: ' || coalesce(type_text, '<empty>')
    WHEN payer_account IS NULL AND beneficiary_account IS NULL
        THEN 'no account on either side'
    WHEN payer_account IS NULL AND channel <> 'cash_deposit' THEN 'no payer account'
    WHEN beneficiary_account IS NULL AND channel <> 'cash_withdrawal'
        THEN 'no beneficiary account'
    WHEN amount_usd IS NULL THEN 'amount out of range: ' || coalesce(amount_text, '')
    WHEN has_label AND is_illicit IS NULL THEN 'bad label: ' || coalesce(label_text, '<empty>')
    WHEN row_number() OVER (PARTITION BY transaction_id ORDER BY line) > 1
        THEN 'duplicate transaction id: ' || transaction_id
END AS reason
FROM _staged
"""

_INSERT_TRANSACTIONS = """
INSERT INTO transactions
SELECT $source, $base + row_number() OVER (ORDER BY file, line) - 1, transaction_id, ts,
       payer_account, payer_bank, beneficiary_account, beneficiary_bank, amount, currency,
       amount_usd, channel, reference
FROM _checked WHERE reason IS NULL
"""

_INSERT_LABELS = """
INSERT INTO labels
SELECT $source, transaction_id, is_illicit, typology, instance_id, money_path
FROM _checked WHERE reason IS NULL AND has_label
"""

_INSERT_QUARANTINE = """
INSERT INTO transaction_quarantine
SELECT $source, file, CAST(line AS INTEGER), reason, left(raw, 2000)
FROM _checked WHERE reason IS NOT NULL
"""


class TransactionImportError(ValueError):
    """A path or format that cannot be imported at all (nothing is written)."""


@dataclass
class Rejected:
    """Rows refused before staging (wrong number of fields, unreadable files)."""

    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, file: Path | str, line: int, reason: str, raw: str | None) -> None:
        self.rows.append({"file": str(file), "line": int(line), "reason": reason,
                          "raw": None if raw is None else raw[:RAW_MAX]})


@dataclass
class ImportReport:
    source: str
    format: str
    rows_read: int
    imported: int
    quarantined: int
    labelled: int
    tables: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def read_records(path: Path, rejected: Rejected, width: int | None = None,
                 ) -> tuple[list[str], Iterator[tuple[int, int, list[str]]]]:
    """Header and (line, index, fields) records of a CSV file (UTF-8, BOM allowed).

    `index` counts data rows from 0, rejected ones included. Blank lines are skipped (they
    hold no row). Records with another number of fields than `width` (default: the header's)
    go to `rejected`.
    """
    handle = path.open(newline="", encoding="utf-8-sig", errors="replace")
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        return [], iter(())
    expected = width or len(header)

    def records() -> Iterator[tuple[int, int, list[str]]]:
        start, index = reader.line_num + 1, -1
        with handle:
            for fields in reader:
                line, start = start, reader.line_num + 1
                if not fields or (len(fields) == 1 and not fields[0].strip()):
                    continue
                index += 1
                if len(fields) != expected:
                    rejected.add(path, line, f"expected {expected} fields, found {len(fields)}",
                                 ",".join(fields))
                    continue
                yield line, index, fields

    return [h.strip() for h in header], records()


def columns_table(file: Path, names: Sequence[str],
                  records: Iterator[tuple[int, int, list[str]]],
                  pick: Sequence[int] | None = None) -> pa.Table:
    """An Arrow table of strings (`names`, from the fields at `pick`) plus file, line, idx
    (the 0-based data-row index) and raw."""
    pick = list(pick) if pick is not None else list(range(len(names)))
    cols: list[list[str | None]] = [[] for _ in names]
    lines: list[int] = []
    idx: list[int] = []
    raws: list[str] = []
    for line, index, fields in records:
        lines.append(line)
        idx.append(index)
        raws.append(",".join(fields)[:RAW_MAX])
        for col, i in zip(cols, pick, strict=True):
            value = fields[i].strip()
            col.append(value if value else None)
    data: dict[str, Any] = {"file": pa.array([str(file)] * len(lines), pa.string()),
                            "line": pa.array(lines, pa.int64()), "idx": pa.array(idx, pa.int64()),
                            "raw": pa.array(raws, pa.string())}
    for name, col in zip(names, cols, strict=True):
        data[name] = pa.array(col, pa.string())
    return pa.table(data)


def write_import(store: Store, *, source: str, fmt: str, path: Path, staging_sql: str,
                 params: dict[str, Any] | None = None, rejected: Rejected | None = None,
                 arrow: dict[str, pa.Table] | None = None,
                 extra: dict[str, tuple[str, dict[str, Any]]] | None = None) -> ImportReport:
    """Check the rows `staging_sql` yields and write them; replace what `source` had.

    `arrow` tables are registered under their names for the staging SQL; `extra` maps a table
    of :mod:`~illicitflow.transactions.tables` (``kyc_accounts``, ...) to an INSERT statement
    that fills it for this source (``$source`` is bound).
    """
    con = store.con
    rejected = rejected or Rejected()
    arrow = arrow or {}
    for name, table in arrow.items():
        con.register(name, table)
    try:
        with store.transaction():
            ensure_tables(con)
            for table in TABLES:
                con.execute(DELETE_SOURCE[table], [source])
            con.execute("CREATE OR REPLACE TEMP TABLE _staged AS " + staging_sql, params or {})
            con.execute(_CHECK)
            found = con.execute("SELECT coalesce(max(row_id) + 1, 0) FROM transactions")
            base = found.fetchall()[0][0]
            con.execute(_INSERT_TRANSACTIONS, {"source": source, "base": base})
            con.execute(_INSERT_LABELS, {"source": source})
            con.execute(_INSERT_QUARANTINE, {"source": source})
            if rejected.rows:
                con.register("_rejected", pa.Table.from_pylist(rejected.rows, schema=pa.schema(
                    [("file", pa.string()), ("line", pa.int32()), ("reason", pa.string()),
                     ("raw", pa.string())])))
                try:
                    con.execute("INSERT INTO transaction_quarantine SELECT $source, file, line, "
                                "reason, raw FROM _rejected", {"source": source})
                finally:
                    con.unregister("_rejected")
            counts = {}
            for table, (sql, extra_params) in (extra or {}).items():
                con.execute(sql, {"source": source, **extra_params})
                counts[table] = _count(con, table, source)
            imported = _count(con, "transactions", source)
            quarantined = _count(con, "transaction_quarantine", source)
            labelled = _count(con, "labels", source)
            rows_read = con.execute("SELECT count(*) FROM _staged").fetchall()[0][0]
            rows_read += len(rejected.rows)
            con.execute("INSERT INTO transaction_imports VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [source, fmt, str(path), datetime.now(UTC).replace(tzinfo=None),
                         rows_read, imported, quarantined, labelled])
            con.execute("DROP TABLE IF EXISTS _staged")
            con.execute("DROP TABLE IF EXISTS _checked")
    finally:
        for name in arrow:
            con.unregister(name)
    return ImportReport(source, fmt, rows_read, imported, quarantined, labelled, counts)


_COUNT = {table: f"SELECT count(*) FROM {table} WHERE source = ?"  # noqa: S608 - fixed names
          for table in TABLES}


def _count(con, table: str, source: str) -> int:
    return int(con.execute(_COUNT[table], [source]).fetchall()[0][0])
