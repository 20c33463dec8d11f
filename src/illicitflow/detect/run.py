"""Run every detector of the typology file and keep the alerts, with their evidence, in the store.

Tables (replaced on each run):

``alerts``: alert_id VARCHAR (``<typology>:<rule>:<key>``), typology, rule VARCHAR, score
    DOUBLE, accounts JSON (the accounts of its transactions), n_transactions INTEGER,
    evidence JSON (the intermediate values that fired it), detected_at TIMESTAMP
``alert_transactions``: alert_id VARCHAR, row_id BIGINT, source, transaction_id VARCHAR
``detector_runs``: typology, rule VARCHAR, alerts, transactions BIGINT, seconds DOUBLE
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from illicitflow.detect.config import TypologyConfig, load_config
from illicitflow.detect.detectors import CYCLE_EDGES, DETECTORS
from illicitflow.detect.dialect import (
    FINAL_ALERT_TRANSACTIONS,
    FINAL_ALERTS,
    STAGE_ALERTS,
    STAGE_TXS,
    execute,
)
from illicitflow.detect.graph import build_graph, strong_components
from illicitflow.store import Store
from illicitflow.transactions.tables import ensure_tables

COLUMNS = {
    "alerts": """alert_id VARCHAR NOT NULL, typology VARCHAR NOT NULL, rule VARCHAR NOT NULL,
        score DOUBLE NOT NULL, accounts JSON NOT NULL, n_transactions INTEGER NOT NULL,
        evidence JSON NOT NULL, detected_at TIMESTAMP NOT NULL""",
    "alert_transactions": """alert_id VARCHAR NOT NULL, row_id BIGINT NOT NULL,
        source VARCHAR NOT NULL, transaction_id VARCHAR NOT NULL""",
    "detector_runs": """typology VARCHAR NOT NULL, rule VARCHAR NOT NULL,
        alerts BIGINT NOT NULL, transactions BIGINT NOT NULL, seconds DOUBLE NOT NULL""",
}
DDL = tuple(f"CREATE OR REPLACE TABLE {name} ({cols})" for name, cols in COLUMNS.items())
#: The temporary tables a run fills before it replaces the store's.
STAGING_DDL = (
    """CREATE OR REPLACE TEMP TABLE _alert_rows_new (alert_id VARCHAR, typology VARCHAR,
        rule VARCHAR, score DOUBLE, evidence VARCHAR, detected_at TIMESTAMP)""",
    "CREATE OR REPLACE TEMP TABLE _alert_txs_new (alert_id VARCHAR, row_id BIGINT)",
    f"CREATE OR REPLACE TEMP TABLE _detector_runs_new ({COLUMNS['detector_runs']})",
)

Progress = Callable[[str, int, int], None]

def _helpers(store: Store, config: TypologyConfig) -> None:
    """Register the small lists of the typology file as tables the SQL can join."""
    structuring = next((r.params for r in config.rules if r.typology == "structuring"), {})
    diplomats = next((r.params for r in config.rules if r.typology == "diplomat_accounts"), {})
    _list_table(store, "_thresholds", "thr", "DOUBLE",
                [float(x) for x in structuring.get("thresholds_usd", [10000])])
    _list_table(store, "_occupations", "pattern", "VARCHAR",
                [str(x).lower() for x in diplomats.get("occupations", ["%diplomat%"])])
    _list_table(store, "_id_types", "id_type", "VARCHAR",
                [str(x) for x in diplomats.get("id_types", ["diplomatic_passport"])])


def _list_table(store: Store, name: str, column: str, sql_type: str, values: list[Any]) -> None:
    """A temporary table ``name(column)`` of `values` (bound as one list parameter)."""
    store.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS "
                      f"SELECT CAST(unnest($values) AS {sql_type}) AS {column}",
                      {"values": values})


def _cycle_txs(store: Store, params: dict[str, Any]) -> None:
    """``_cycle_txs``: the payments a cycle rule may use (CYCLE_EDGES with its parameters)
    that can lie on one of its loops. A loop spans at most ``window_s``, so it lies inside one
    slice [k * w, (k + 2) * w) of time and inside one strongly connected component of that
    slice's payments: keep a payment whose two accounts share a non-trivial component in one of
    the two slices that hold it. Exact: the search finds the same loops, only sooner. The
    other rules keep every usable payment, as their search is narrow already: a time-ordered
    path looks only at payments in two slots of time after its last one, and a loop through
    quiet accounts starts only at a payment into one and is bounded by its busy hops."""
    con = store.con
    execute(con, "CREATE OR REPLACE TEMP TABLE _cycle_txs AS " + CYCLE_EDGES, params)
    if params["max_quiet_payments"] > 0 or params["time_ordered"]:
        return
    width = max(int(params["window_s"]), 1)
    slices: dict[int, list[tuple[int, int, int]]] = {}
    for tx, src, dst, t in con.execute("SELECT tx, src, dst, t FROM _cycle_txs").fetchall():
        k = int(t) // width
        slices.setdefault(k - 1, []).append((int(tx), int(src), int(dst)))
        slices.setdefault(k, []).append((int(tx), int(src), int(dst)))
    kept: set[int] = set()
    for edges in slices.values():
        comp = strong_components((src, dst) for _, src, dst in edges)
        kept.update(tx for tx, src, dst in edges
                    if src in comp and comp[src] == comp.get(dst))
    con.execute("CREATE OR REPLACE TEMP TABLE _cycle_txs AS SELECT * FROM _cycle_txs "
                "WHERE tx IN (SELECT unnest($kept))", {"kept": sorted(kept)})


def run_detectors(store: Store, config: TypologyConfig | None = None,
                  progress: Progress | None = None, build: bool = True) -> list[dict[str, Any]]:
    """Run every enabled rule; replace ``alerts`` and ``alert_transactions``. Returns the
    ``detector_runs`` rows (typology, rule, alerts, transactions, seconds)."""
    config = config or load_config()
    con = store.con
    ensure_tables(con)
    if build:
        build_graph(store, config.transfer_channels)
    _helpers(store, config)
    detected_at = datetime.now(UTC).replace(tzinfo=None)
    runs: list[dict[str, Any]] = []
    # each rule runs in its own statements into temporary tables (a long transaction would keep
    # every rule's intermediate tables alive until it ends); the store's tables are replaced
    # from them at the end, in one transaction
    for statement in STAGING_DDL:
        con.execute(statement)
    for i, rule in enumerate(config.rules):
        if progress:
            progress("detect", i, len(config.rules))
        started = time.perf_counter()
        if rule.typology == "cycle":
            _cycle_txs(store, rule.params)
        execute(con, "CREATE OR REPLACE TEMP TABLE _hits AS " + DETECTORS[rule.typology],
                rule.params)
        prefix = f"{rule.typology}:{rule.rule}:"
        n = con.execute("SELECT count(*) FROM _hits").fetchall()[0][0]
        (m,) = execute(con, STAGE_TXS, {"prefix": prefix}).fetchall()[0]
        execute(con, STAGE_ALERTS, {"prefix": prefix, "typology": rule.typology,
                                    "rule": rule.rule, "detected_at": detected_at})
        seconds = time.perf_counter() - started
        con.execute("INSERT INTO _detector_runs_new VALUES (?, ?, ?, ?, ?)",
                    [rule.typology, rule.rule, n, m, seconds])
        runs.append({"typology": rule.typology, "rule": rule.rule, "alerts": int(n),
                     "transactions": int(m), "seconds": round(seconds, 3)})
    con.execute("DROP TABLE IF EXISTS _hits")
    con.execute("DROP TABLE IF EXISTS _cycle_txs")
    with store.transaction():
        for statement in DDL:
            con.execute(statement)
        con.execute(FINAL_ALERT_TRANSACTIONS)
        con.execute(FINAL_ALERTS)
        con.execute("INSERT INTO detector_runs SELECT * FROM _detector_runs_new")
    for table in ("_alert_rows_new", "_alert_txs_new", "_detector_runs_new"):
        con.execute(f"DROP TABLE {table}")
    if progress:
        progress("detect", len(config.rules), len(config.rules))
    return runs
