"""The detect stage as functions: prepare the graph, run detectors, score, write ALERTS."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from illicitflow.detect.config import TypologyConfig, load_config
from illicitflow.detect.features import compute_features, feature_names, feature_rows
from illicitflow.detect.graph import build_graph
from illicitflow.detect.run import run_detectors
from illicitflow.store import Store

Progress = Callable[[str, int, int], None]

_ALERT_LISTS = """
SELECT t.row_id, t.transaction_id,
       coalesce(a.alert_ids, []) AS alert_ids, coalesce(a.typologies, []) AS typologies
FROM transactions t
LEFT JOIN (SELECT j.row_id, list(DISTINCT j.alert_id ORDER BY j.alert_id) AS alert_ids,
                  list(DISTINCT a.typology ORDER BY a.typology) AS typologies
           FROM alert_transactions j JOIN alerts a ON a.alert_id = j.alert_id
           GROUP BY j.row_id) a ON a.row_id = t.row_id
ORDER BY t.row_id
"""


def prepare(store: Store, config: TypologyConfig | None = None,
            progress: Progress | None = None) -> int:
    """Build the graph, run every detector and compute the features of every transaction
    (:func:`.features.compute_features`: in the session's temporary tables, read by the scorer
    through :func:`.features.feature_rows`; those of the transactions in alerts also in the
    store's ``transaction_features``, read by ``explain``). Returns the number of
    transactions."""
    config = config or load_config()
    report = progress or (lambda step, done, total: None)
    report("graph", 0, 1)
    build_graph(store, config.transfer_channels)
    report("graph", 1, 1)
    run_detectors(store, config, progress, build=False)
    report("features", 0, 1)
    n = compute_features(store, config)
    report("features", 1, 1)
    return n


def detect(store: Store, out: str | Path, config: TypologyConfig | None = None,
           progress: Progress | None = None) -> dict[str, Any]:
    """Run the detectors and the scorer; write one row per transaction to `out` (Parquet):
    ``transaction_id, score, alert_ids, typologies``.

    The score is the stored model's where one exists (``evaluate`` or ``train`` leaves it),
    else the detectors' (:func:`~illicitflow.detect.scorer.corroboration`: the more rules
    fired, the higher). Alerts stay in the store for ``explain``.
    """
    from illicitflow.detect.scorer import corroboration, load_model

    config = config or load_config()
    n = prepare(store, config, progress)
    names = feature_names(config)
    model = load_model(store, names)
    detectors = [f for f in names if f.startswith(("det_", "fired_"))]
    scores = []
    done = 0
    for _, x in feature_rows(store, model.features if model is not None else detectors):
        scores.append(model.score(x) if model is not None else corroboration(x, detectors))
        done += len(x)
        if progress:
            progress("score", done, n)
    score = np.concatenate(scores) if scores else np.zeros(0)
    scorer = "lightgbm" if model is not None else "detectors"
    lists = store.con.sql(_ALERT_LISTS).to_arrow_table()
    table = pa.table({
        "transaction_id": lists.column("transaction_id"),
        "score": pa.array(score, pa.float64()),
        "alert_ids": lists.column("alert_ids"),
        "typologies": lists.column("typologies"),
    })
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    pq.write_table(table, tmp)
    tmp.replace(out)
    alerts = store.con.execute("SELECT count(*) FROM alerts").fetchall()[0][0]
    flagged = int(sum(1 for v in lists.column("alert_ids").to_pylist() if v))
    return {"transactions": table.num_rows, "alerts": int(alerts), "flagged": flagged,
            "scorer": scorer, "out": str(out)}
