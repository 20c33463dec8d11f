"""The transaction graph the detectors and features read: three temporary tables.

``_acct``: one row per (source, account): ``a`` BIGINT, the account's integer code.
``_edges``: one row per transaction: ``tx`` (the store's ``row_id``), ``src``/``dst`` (account
codes; null for the cash side), ``t`` (epoch seconds, UTC), ``usd`` (DOUBLE), ``channel``,
``is_transfer`` (account to account on a transfer channel), ``src_bank``, ``dst_bank``,
``source``.
``_nodes``: per account with transfers: ``out_n``, ``in_n`` (transfers sent and received),
``out_usd``, ``in_usd``.

Built from ``transactions`` only; never from ``labels``.
"""

from __future__ import annotations

from collections.abc import Sequence

from illicitflow.detect.dialect import execute
from illicitflow.store import Store

GRAPH_SQL: tuple[tuple[str, str], ...] = (
    ("_acct", """
SELECT row_number() OVER (ORDER BY source, account) AS a, source, account
FROM (SELECT DISTINCT source, payer_account AS account FROM transactions
      WHERE payer_account IS NOT NULL
      UNION
      SELECT DISTINCT source, beneficiary_account AS account FROM transactions
      WHERE beneficiary_account IS NOT NULL) accounts
"""),
    ("_edges", """
SELECT t.row_id AS tx, p.a AS src, b.a AS dst, CAST(epoch(t.timestamp) AS BIGINT) AS t,
       CAST(t.amount_usd AS DOUBLE) AS usd, t.channel,
       (p.a IS NOT NULL AND b.a IS NOT NULL AND list_contains($transfer_channels, t.channel))
           AS is_transfer,
       t.payer_bank AS src_bank, t.beneficiary_bank AS dst_bank, t.source
FROM transactions t
LEFT JOIN _acct p ON p.source = t.source AND p.account = t.payer_account
LEFT JOIN _acct b ON b.source = t.source AND b.account = t.beneficiary_account
"""),
    ("_nodes", """
SELECT a, sum(out_n) AS out_n, sum(in_n) AS in_n, sum(out_usd) AS out_usd,
       sum(in_usd) AS in_usd
FROM (SELECT src AS a, 1 AS out_n, 0 AS in_n, usd AS out_usd, 0.0 AS in_usd
      FROM _edges WHERE is_transfer
      UNION ALL
      SELECT dst AS a, 0 AS out_n, 1 AS in_n, 0.0 AS out_usd, usd AS in_usd
      FROM _edges WHERE is_transfer) sides
GROUP BY a
"""),
)


def build_graph(store: Store, transfer_channels: Sequence[str]) -> int:
    """(Re)build ``_acct``, ``_edges`` and ``_nodes``; return the number of edges."""
    con = store.con
    for name, sql in GRAPH_SQL:
        execute(con, "CREATE OR REPLACE TEMP TABLE " + name + " AS " + sql,
                {"transfer_channels": list(transfer_channels)})
    return int(con.execute("SELECT count(*) FROM _edges").fetchall()[0][0])
