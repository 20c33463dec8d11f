"""Per-transaction features for the learned scorer, as one SQL statement over the graph.

Graph features in the spirit of IBM's Graph Feature Preprocessor: degree and amount statistics
of both accounts, over all time and in a window around the transaction, how often the pair has
traded, how many first-time counterparties (accounts met once) both accounts have, and the
outputs of every detector: the highest score of the alerts of each typology that hold the
transaction, of the first-time-counterparty rules together, and whether each rule of the typology
file fired on it (``fired_<typology>_<rule>``, 0 or 1). Reads ``_edges``, ``_nodes``, ``_pairs``
and the alert tables; never ``labels``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from illicitflow.detect.config import TypologyConfig, load_config
from illicitflow.detect.detectors import DETECTORS
from illicitflow.detect.dialect import bind
from illicitflow.store import Store

TYPOLOGIES = tuple(DETECTORS)
WINDOW_DAYS = 7

FEATURES_SQL = """
WITH src_win AS (
    SELECT tx, count(*) OVER (PARTITION BY src ORDER BY t
        RANGE BETWEEN $window_s PRECEDING AND $window_s FOLLOWING) AS src_out_window
    FROM _edges WHERE src IS NOT NULL
), dst_win AS (
    SELECT tx, count(*) OVER (PARTITION BY dst ORDER BY t
        RANGE BETWEEN $window_s PRECEDING AND $window_s FOLLOWING) AS dst_in_window
    FROM _edges WHERE dst IS NOT NULL
), hits AS (
    SELECT j.row_id AS tx,
{hit_columns},
           max(CASE WHEN a.rule = 'first_time' THEN a.score ELSE 0 END) AS det_first_time,
{fired_hits}
           count(*) AS n_alerts
    FROM alert_transactions j JOIN alerts a ON a.alert_id = j.alert_id
    GROUP BY j.row_id
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
       CAST(coalesce(nd.first_in_n, 0) AS INTEGER) AS dst_first_in_n,
{feature_columns},
       coalesce(h.det_first_time, 0) AS det_first_time,
{fired_columns}
       CAST(coalesce(h.n_alerts, 0) AS INTEGER) AS n_alerts
FROM _edges e
LEFT JOIN _nodes ns ON ns.a = e.src
LEFT JOIN _nodes nd ON nd.a = e.dst
LEFT JOIN _pairs p ON p.src = e.src AND p.dst = e.dst
LEFT JOIN src_win sw ON sw.tx = e.tx
LEFT JOIN dst_win dw ON dw.tx = e.tx
LEFT JOIN hits h ON h.tx = e.tx
""".replace("{hit_columns}", ",\n".join(
    f"           max(CASE WHEN a.typology = '{t}' THEN a.score ELSE 0 END) AS det_{t}"
    for t in TYPOLOGIES)).replace("{feature_columns}", ",\n".join(
    f"       coalesce(h.det_{t}, 0) AS det_{t}" for t in TYPOLOGIES))

FEATURES = ("log_usd", "is_cash_deposit", "is_cash_withdrawal", "is_transfer", "round_amount",
            "src_out_n", "src_in_n", "dst_out_n", "dst_in_n", "src_out_peers", "dst_in_peers",
            "pair_n", "pair_first", "usd_vs_src_mean", "usd_vs_dst_mean", "src_out_window",
            "dst_in_window", "dst_out_in_ratio", "src_first_out_n", "src_first_in_n",
            "dst_first_out_n", "dst_first_in_n", *(f"det_{t}" for t in TYPOLOGIES),
            "det_first_time", "n_alerts")


def fired_columns(config: TypologyConfig) -> list[str]:
    """``fired_<typology>_<rule>`` for every rule of the typology file, in its order."""
    return [f"fired_{r.typology}_{r.rule}" for r in config.rules]


def feature_names(config: TypologyConfig | None = None) -> list[str]:
    """Every column of ``transaction_features`` after ``tx``: :data:`FEATURES`, then
    :func:`fired_columns`."""
    return [*FEATURES, *fired_columns(config or load_config())]


def features_sql(config: TypologyConfig) -> str:
    """:data:`FEATURES_SQL` with one ``fired_*`` column per rule of `config` (typology and rule
    names are checked identifiers, see :mod:`.config`)."""
    fired = list(zip(config.rules, fired_columns(config), strict=True))
    hits = "".join(f"           max(CASE WHEN a.typology = '{r.typology}' AND a.rule = "
                   f"'{r.rule}' THEN 1 ELSE 0 END) AS {c},\n" for r, c in fired)
    columns = "".join(f"       CAST(coalesce(h.{c}, 0) AS TINYINT) AS {c},\n" for _, c in fired)
    return FEATURES_SQL.replace("{fired_hits}\n", hits).replace("{fired_columns}\n", columns)


def compute_features(store: Store, config: TypologyConfig | None = None) -> int:
    """The features (``tx`` plus :func:`feature_names`) of every transaction, into the
    connection's temporary table ``_features`` (read by the scorer in the same session), and of
    the transactions that some alert holds into the store's ``transaction_features`` too (read
    by ``explain`` later): writing every row to the store would cost more than computing it.
    Returns the number of transactions.

    Needs the graph (:func:`~illicitflow.detect.graph.build_graph`) and the alert tables
    (:func:`~illicitflow.detect.run.run_detectors`) of the same `config`."""
    sql = features_sql(config or load_config())
    con = store.con
    con.execute("CREATE OR REPLACE TEMP TABLE _features AS " + sql,
                bind(sql, {"window_s": WINDOW_DAYS * 86400}))
    con.execute("CREATE OR REPLACE TABLE transaction_features AS "
                "SELECT * FROM _features WHERE n_alerts > 0")
    return int(con.execute("SELECT count(*) FROM _features").fetchall()[0][0])


def matrix(table: pa.Table, names: list[str] | tuple[str, ...] = FEATURES) -> np.ndarray:
    """The columns `names` of a feature table as a float matrix, in that order."""
    missing = [n for n in names if n not in table.column_names]
    if missing:
        raise ValueError(f"features missing from the table: {', '.join(missing)}; "
                         "run detect or evaluate again")
    return np.column_stack([table.column(f).to_numpy(zero_copy_only=False).astype(np.float64)
                            for f in names])
