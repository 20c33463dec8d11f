"""Everything that depends on the SQL engine, in one place.

Detector and feature SQL is written once, in DuckDB's dialect (the default engine), with named
parameters (``$name``). :func:`transpile` carries it to another engine with sqlglot (Spark SQL:
``$name`` becomes ``:name``, ``list(...)`` ``collect_list(...)``, ``epoch`` ``unix_timestamp``,
as splink does). :func:`execute` binds only the parameters a statement uses (DuckDB refuses
unused ones). The few statements that only the DuckDB runner needs (unnesting alert lists into
rows) are here too, with their engine-neutral meaning in a comment.
"""

from __future__ import annotations

import re
from typing import Any

DEFAULT_DIALECT = "duckdb"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def parameters(sql: str) -> set[str]:
    """Names of the ``$name`` parameters in `sql`."""
    return set(_PARAM.findall(sql))


def bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The subset of `params` that `sql` uses; KeyError naming any it lacks."""
    used = parameters(sql)
    missing = used - set(params)
    if missing:
        raise KeyError(f"SQL parameters without a value: {', '.join(sorted(missing))}")
    return {k: params[k] for k in used}


def execute(con: Any, sql: str, params: dict[str, Any] | None = None) -> Any:
    """Run `sql` on a DuckDB connection with the parameters it uses."""
    return con.execute(sql, bind(sql, params or {}))


def transpile(sql: str, dialect: str = "spark") -> str:
    """`sql` (DuckDB dialect) in another engine's dialect, by sqlglot."""
    import sqlglot

    if dialect == DEFAULT_DIALECT:
        return sql
    return ";\n".join(sqlglot.transpile(sql, read=DEFAULT_DIALECT, write=dialect, pretty=True))


# Runner statements. Each rule's hits are staged as they come: one row per alert, and one row
# per element of each hit's `txs`; the store's tables are made from the stages at the end, with
# one join to `transactions` for all rules.
STAGE_TXS = """
INSERT INTO _alert_txs_new
SELECT DISTINCT $prefix || alert_key, tx FROM (SELECT alert_key, unnest(txs) AS tx FROM _hits) x
WHERE tx IS NOT NULL
"""

STAGE_ALERTS = """
INSERT INTO _alert_rows_new
SELECT $prefix || alert_key, $typology, $rule, score, evidence, $detected_at FROM _hits
"""

FINAL_ALERT_TRANSACTIONS = """
INSERT INTO alert_transactions
SELECT j.alert_id, j.row_id, t.source, t.transaction_id
FROM _alert_txs_new j JOIN transactions t ON t.row_id = j.row_id
"""

FINAL_ALERTS = """
INSERT INTO alerts
SELECT a.alert_id, a.typology, a.rule, a.score,
       CAST(to_json(coalesce(m.accounts, [])) AS JSON), coalesce(m.n, 0),
       CAST(a.evidence AS JSON), a.detected_at
FROM _alert_rows_new a
LEFT JOIN (
    SELECT j.alert_id,
           list_sort(list_distinct(list_concat(list(t.payer_account),
                                               list(t.beneficiary_account)))) AS accounts,
           count(*) AS n
    FROM _alert_txs_new j JOIN transactions t ON t.row_id = j.row_id
    GROUP BY j.alert_id) m ON m.alert_id = a.alert_id
"""
