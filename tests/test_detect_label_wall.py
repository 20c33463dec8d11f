"""The label wall: no detector or feature reads ``labels``; portability to Spark SQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from illicitflow.detect.config import load_config
from illicitflow.detect.detectors import DETECTORS
from illicitflow.detect.dialect import transpile
from illicitflow.detect.features import GRAPH_FEATURES_SQL, alert_features_sql
from illicitflow.detect.graph import GRAPH_SQL

WALLED = {**{f"detector {k}": v for k, v in DETECTORS.items()},
          **{f"graph {k}": v for k, v in GRAPH_SQL}, "graph features": GRAPH_FEATURES_SQL,
          "alert features": alert_features_sql(load_config())}
FORBIDDEN = {"labels", "truth_transactions"}


def tables_read(sql: str) -> set[str]:
    """Every table name a statement reads (CTE names excluded)."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    return {t.name.lower() for t in tree.find_all(exp.Table)} - ctes


@pytest.mark.parametrize("name", sorted(WALLED))
def test_no_detector_or_feature_reads_labels(name: str) -> None:
    read = tables_read(WALLED[name])
    assert read, name  # the parser saw the statement
    assert not read & FORBIDDEN, f"{name} reads {read & FORBIDDEN}"


def test_the_wall_catches_a_leak() -> None:
    leaky = "WITH x AS (SELECT * FROM _edges e JOIN labels l ON l.transaction_id = e.tx) " \
            "SELECT * FROM x"
    assert "labels" in tables_read(leaky)


@pytest.mark.parametrize("name", sorted(WALLED))
def test_every_statement_transpiles_to_spark(name: str) -> None:
    spark = transpile(WALLED[name], "spark")
    assert "$" not in spark  # parameters became :name markers
    sqlglot.parse_one(spark, read="spark")  # and Spark's parser reads it back


def test_detectors_ignore_labels_at_run_time(tmp_path: Path) -> None:
    """Same alerts with the labels table present, emptied of positives, or gone."""
    from illicitflow.detect.run import run_detectors
    from illicitflow.store import Store
    from illicitflow.transactions.tables import ensure_tables

    store = Store.open(tmp_path / "s.duckdb")
    ensure_tables(store.con)
    for i in range(5):
        store.con.execute("INSERT INTO transactions VALUES ('t', ?, ?, TIMESTAMP '2020-01-01' + "
                          "to_days(?), ?, 'b', 'H', 'b', 100, 'USD', 100, 'wire', NULL)",
                          [i, str(i), i, f"p{i}"])
        store.con.execute("INSERT INTO labels VALUES ('t', ?, ?, 'fan_in', '1', NULL)",
                          [str(i), i % 2 == 0])

    def alerts() -> list[tuple]:
        run_detectors(store)
        return store.con.execute("SELECT alert_id, score, CAST(evidence AS VARCHAR) FROM alerts "
                                 "ORDER BY alert_id").fetchall()

    before = alerts()
    store.con.execute("UPDATE labels SET is_illicit = false")
    flipped = alerts()
    store.con.execute("DROP TABLE labels")
    assert before == flipped == alerts() and before
