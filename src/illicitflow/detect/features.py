"""Per-transaction features for the learned scorer, as two SQL statements: over the graph and
over the alerts.

Graph features in the spirit of IBM's Graph Feature Preprocessor: degree and amount statistics
of both accounts, over all time and in a window around the transaction, how often the pair has
traded, how many first-time counterparties (accounts met once) both accounts have, and the
outputs of every detector: the highest score of the alerts of each typology that hold the
transaction, of the first-time-counterparty rules together, and whether each rule of the typology
file fired on it (``fired_<typology>_<rule>``, 0 or 1). Reads ``_edges``, ``_nodes``, ``_pairs``
and the alert tables; never ``labels``. The detector outputs are 0 for the nine transactions in
ten that no alert holds, so they are kept for the others only and filled in as the scorer reads.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from illicitflow.detect.config import TypologyConfig, load_config
from illicitflow.detect.detectors import DETECTORS
from illicitflow.detect.dialect import bind
from illicitflow.store import Store

TYPOLOGIES = tuple(DETECTORS)
WINDOW_DAYS = 7

GRAPH_FEATURES_SQL = """
WITH src_win AS (
    SELECT tx, count(*) OVER (PARTITION BY src ORDER BY t
        RANGE BETWEEN $window_s PRECEDING AND $window_s FOLLOWING) AS src_out_window
    FROM _edges WHERE src IS NOT NULL
), dst_win AS (
    SELECT tx, count(*) OVER (PARTITION BY dst ORDER BY t
        RANGE BETWEEN $window_s PRECEDING AND $window_s FOLLOWING) AS dst_in_window
    FROM _edges WHERE dst IS NOT NULL
)
SELECT e.tx,
       ln(1 + e.usd) AS log_usd,
       CAST(e.channel = 'cash_deposit' AS TINYINT) AS is_cash_deposit,
       CAST(e.channel = 'cash_withdrawal' AS TINYINT) AS is_cash_withdrawal,
       CAST(e.is_transfer AS TINYINT) AS is_transfer,
       CAST(round(e.usd) = e.usd AND e.usd >= 100 AS TINYINT) AS round_amount,
       CAST(coalesce(ns.out_n, 0) AS INTEGER) AS src_out_n,
       CAST(coalesce(ns.in_n, 0) AS INTEGER) AS src_in_n,
       CAST(coalesce(nd.out_n, 0) AS INTEGER) AS dst_out_n,
       CAST(coalesce(nd.in_n, 0) AS INTEGER) AS dst_in_n,
       CAST(coalesce(ns.out_peers, 0) AS INTEGER) AS src_out_peers,
       CAST(coalesce(nd.in_peers, 0) AS INTEGER) AS dst_in_peers,
       CAST(coalesce(p.n_all, 0) AS INTEGER) AS pair_n,
       CAST(p.first_t = e.t AS TINYINT) AS pair_first,
       coalesce(e.usd / nullif(ns.out_all_usd / ns.out_all_n, 0), 0) AS usd_vs_src_mean,
       coalesce(e.usd / nullif(nd.in_all_usd / nd.in_all_n, 0), 0) AS usd_vs_dst_mean,
       CAST(coalesce(sw.src_out_window, 0) AS INTEGER) AS src_out_window,
       CAST(coalesce(dw.dst_in_window, 0) AS INTEGER) AS dst_in_window,
       coalesce(nd.out_usd / nullif(nd.in_usd, 0), 0) AS dst_out_in_ratio,
       CAST(coalesce(ns.first_out_n, 0) AS INTEGER) AS src_first_out_n,
       CAST(coalesce(ns.first_in_n, 0) AS INTEGER) AS src_first_in_n,
       CAST(coalesce(nd.first_out_n, 0) AS INTEGER) AS dst_first_out_n,
       CAST(coalesce(nd.first_in_n, 0) AS INTEGER) AS dst_first_in_n
FROM _edges e
LEFT JOIN _nodes ns ON ns.a = e.src
LEFT JOIN _nodes nd ON nd.a = e.dst
LEFT JOIN _pairs p ON p.src = e.src AND p.dst = e.dst
LEFT JOIN src_win sw ON sw.tx = e.tx
LEFT JOIN dst_win dw ON dw.tx = e.tx
"""

# One row per transaction that some alert holds; every other transaction's alert features are 0.
ALERT_FEATURES_SQL = """
SELECT j.row_id AS tx,
{det_columns},
       max(CASE WHEN a.rule = 'first_time' THEN a.score ELSE 0 END) AS det_first_time,
{fired_columns}
       CAST(count(*) AS INTEGER) AS n_alerts
FROM alert_transactions j JOIN alerts a ON a.alert_id = j.alert_id
GROUP BY j.row_id
""".replace("{det_columns}", ",\n".join(
    f"       max(CASE WHEN a.typology = '{t}' THEN a.score ELSE 0 END) AS det_{t}"
    for t in TYPOLOGIES))

GRAPH_FEATURES = (
    "log_usd", "is_cash_deposit", "is_cash_withdrawal", "is_transfer", "round_amount",
    "src_out_n", "src_in_n", "dst_out_n", "dst_in_n", "src_out_peers", "dst_in_peers", "pair_n",
    "pair_first", "usd_vs_src_mean", "usd_vs_dst_mean", "src_out_window", "dst_in_window",
    "dst_out_in_ratio", "src_first_out_n", "src_first_in_n", "dst_first_out_n",
    "dst_first_in_n")
FEATURES = (*GRAPH_FEATURES, *(f"det_{t}" for t in TYPOLOGIES), "det_first_time", "n_alerts")


def fired_columns(config: TypologyConfig) -> list[str]:
    """``fired_<typology>_<rule>`` for every rule of the typology file, in its order."""
    return [f"fired_{r.typology}_{r.rule}" for r in config.rules]


def feature_names(config: TypologyConfig | None = None) -> list[str]:
    """Every column of ``transaction_features`` after ``tx``: :data:`FEATURES`, then
    :func:`fired_columns`."""
    return [*FEATURES, *fired_columns(config or load_config())]


def alert_features_sql(config: TypologyConfig) -> str:
    """:data:`ALERT_FEATURES_SQL` with one ``fired_*`` column per rule of `config` (typology and
    rule names are checked identifiers, see :mod:`.config`)."""
    fired = "".join(
        f"       CAST(max(CASE WHEN a.typology = '{r.typology}' AND a.rule = '{r.rule}' "
        f"THEN 1 ELSE 0 END) AS TINYINT) AS {c},\n"
        for r, c in zip(config.rules, fired_columns(config), strict=True))
    return ALERT_FEATURES_SQL.replace("{fired_columns}\n", fired)


def compute_features(store: Store, config: TypologyConfig | None = None) -> int:
    """The features of every transaction, into two temporary tables of the connection (read by
    the scorer in the same session, through :func:`feature_rows`): ``_features``, the
    :data:`GRAPH_FEATURES` of every transaction, and ``_alert_features``, the detector outputs
    of the transactions some alert holds (those of every other transaction are 0, so they are
    not written out). Both together, for the transactions in alerts, go to the store's
    ``transaction_features`` (``tx`` plus :func:`feature_names`), read by ``explain`` later.
    Returns the number of transactions.

    Needs the graph (:func:`~illicitflow.detect.graph.build_graph`) and the alert tables
    (:func:`~illicitflow.detect.run.run_detectors`) of the same `config`."""
    con = store.con
    con.execute("CREATE OR REPLACE TEMP TABLE _features AS " + GRAPH_FEATURES_SQL,
                bind(GRAPH_FEATURES_SQL, {"window_s": WINDOW_DAYS * 86400}))
    con.execute("CREATE OR REPLACE TEMP TABLE _alert_features AS "
                + alert_features_sql(config or load_config()))
    con.execute("CREATE OR REPLACE TABLE transaction_features AS "
                "SELECT f.*, a.* EXCLUDE (tx) FROM _alert_features a "
                "JOIN _features f ON f.tx = a.tx")
    return int(con.execute("SELECT count(*) FROM _features").fetchall()[0][0])


def feature_rows(store: Store, names: list[str] | tuple[str, ...],
                 size: int = 1_000_000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``(tx, x)`` for every transaction, in batches of `size` by ``tx``: ``x`` holds the
    features `names` (in that order) from the tables of :func:`compute_features`, with 0 for the
    alert features of a transaction no alert holds."""
    con = store.con
    graph = [i for i, n in enumerate(names) if n in GRAPH_FEATURES]
    alert = [i for i, n in enumerate(names) if n not in GRAPH_FEATURES]
    held = con.sql("SELECT * FROM _alert_features ORDER BY tx").to_arrow_table()
    held_tx = held.column("tx").to_numpy()
    held_x = matrix(held, [names[i] for i in alert])  # refuses a name neither table has
    columns = ", ".join(["tx", *(names[i] for i in graph)])  # names of GRAPH_FEATURES only
    query = f"SELECT {columns} FROM _features ORDER BY tx"  # noqa: S608
    for batch in con.sql(query).to_arrow_reader(size):
        table = pa.Table.from_batches([batch])
        tx = table.column("tx").to_numpy()
        x = np.zeros((len(tx), len(names)))
        x[:, graph] = matrix(table, [names[i] for i in graph])
        pos = np.searchsorted(held_tx, tx)
        hit = pos < len(held_tx)
        hit[hit] = held_tx[pos[hit]] == tx[hit]
        x[np.ix_(hit, alert)] = held_x[pos[hit]]
        yield tx, x


def matrix(table: pa.Table, names: list[str] | tuple[str, ...] = FEATURES) -> np.ndarray:
    """The columns `names` of a feature table as a float matrix, in that order."""
    missing = [n for n in names if n not in table.column_names]
    if missing:
        raise ValueError(f"features missing from the table: {', '.join(missing)}; "
                         "run detect or evaluate again")
    if not names:
        return np.zeros((table.num_rows, 0))
    return np.column_stack([table.column(f).to_numpy(zero_copy_only=False).astype(np.float64)
                            for f in names])
