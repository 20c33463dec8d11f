"""Measure the detectors and the learned scorer on labelled transactions, with a time split.

The labelled transactions, ordered by (timestamp, transaction id), are cut at `train_share`
(default 0.6): the scorer trains on the first part, both are measured on the rest. Every
transaction counts in its own part, also where a typology instance straddles the cut. This is
the one module (with the training step) that reads ``labels``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from illicitflow.detect.api import prepare
from illicitflow.detect.config import TypologyConfig, load_config
from illicitflow.detect.features import feature_names, feature_rows
from illicitflow.detect.scorer import corroboration, save_model, train
from illicitflow.store import Store

_LABELLED = """
SELECT t.row_id, l.is_illicit, l.typology, l.instance_id, CAST(t.amount_usd AS DOUBLE)
FROM transactions t JOIN labels l ON l.source = t.source AND l.transaction_id = t.transaction_id
ORDER BY t.timestamp, TRY_CAST(t.transaction_id AS BIGINT) NULLS LAST, t.transaction_id
"""


class NoLabels(RuntimeError):
    """The store holds no labelled transactions."""


def has_labels(store: Store) -> bool:
    con = store.con
    found = con.execute("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_name = 'labels'").fetchall()[0][0]
    return bool(found) and con.execute("SELECT count(*) FROM labels").fetchall()[0][0] > 0


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    """Area under the precision-recall curve (average precision, ties grouped)."""
    positives = y.sum()
    if positives == 0:
        return 0.0
    order = np.argsort(-s, kind="stable")
    ys, ss = y[order], s[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(ys) + 1)
    last = np.r_[ss[1:] != ss[:-1], True]  # evaluate at the end of each tie group
    tp, k = tp[last], k[last]
    precision = tp / k
    recall = tp / positives
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def metrics(y: np.ndarray, flagged: np.ndarray, score: np.ndarray, typology: np.ndarray,
            usd: np.ndarray, decoy: np.ndarray | None = None) -> dict[str, Any]:
    """Illicit-class precision, recall, F1, PR-AUC, alert rate, recall per typology,
    recall of illicit USD and, with `decoy` (typology-shaped rows), the ceiling F1."""
    y = y.astype(bool)
    flagged = flagged.astype(bool)
    tp = int((y & flagged).sum())
    precision = tp / flagged.sum() if flagged.sum() else 0.0
    recall = tp / y.sum() if y.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per = {}
    for name in sorted({t for t, v in zip(typology, y, strict=True) if v and t is not None}):
        mask = y & (typology == name)
        per[name] = round(float(flagged[mask].mean()), 4)
    out: dict[str, Any] = {
        "f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4),
        "pr_auc": round(average_precision(y.astype(np.int64), score), 4),
        "alert_rate": round(float(flagged.mean()) if len(flagged) else 0.0, 6),
        "per_typology": per,
        "usd_recall": round(float(usd[y & flagged].sum() / usd[y].sum()) if y.any() else 0.0, 4),
    }
    if decoy is not None and decoy.any():
        shaped = decoy | (typology != None)  # noqa: E711 - numpy elementwise
        ctp = int((y & shaped).sum())
        cp = ctp / shaped.sum() if shaped.sum() else 0.0
        cr = ctp / y.sum() if y.sum() else 0.0
        out["ceiling_f1"] = round(2 * cp * cr / (cp + cr) if cp + cr else 0.0, 4)
    return out


def _labelled_features(store: Store, names: list[str], row_id: np.ndarray) -> np.ndarray:
    """The features `names` of the transactions `row_id`, in that order, read batch by batch
    so that only the labelled rows are held."""
    order = np.argsort(row_id, kind="stable")
    wanted = row_id[order]
    x = np.zeros((len(row_id), len(names)))
    for tx, batch in feature_rows(store, names):
        if not len(tx):
            continue
        lo, hi = np.searchsorted(wanted, tx[0]), np.searchsorted(wanted, tx[-1], side="right")
        x[order[lo:hi]] = batch[np.searchsorted(tx, wanted[lo:hi])]
    return x


def evaluate(store: Store, train_share: float = 0.6, config: TypologyConfig | None = None,
             progress: Callable[[str, int, int], None] | None = None,
             keep_model: bool = True) -> dict[str, Any]:
    """Run detectors and features, train on the first `train_share` of the labelled rows by
    time, and measure both on the rest. Raises :class:`NoLabels` without labels."""
    if not has_labels(store):
        raise NoLabels("the store holds no labels: import a source that has them "
                       "(a world folder, AMLSim with is_sar, IBM AMLworld)")
    config = config or load_config()
    prepare(store, config, progress)
    names = feature_names(config)
    rows = store.con.execute(_LABELLED).fetchall()
    row_id = np.array([r[0] for r in rows], dtype=np.int64)
    y = np.array([bool(r[1]) for r in rows])
    typology = np.array([r[2] if r[1] else None for r in rows], dtype=object)
    decoy = np.array([(r[3] is not None) and not r[1] for r in rows])
    usd = np.array([r[4] for r in rows], dtype=np.float64)
    x = _labelled_features(store, names, row_id)
    cut = round(len(rows) * train_share)
    test = slice(cut, None)
    if progress:
        progress("train", 0, 1)
    model = train(x[:cut], y[:cut].astype(np.int64), names)
    if progress:
        progress("train", 1, 1)
    chosen = {"feature_set": model.feature_set, "oob_f1": model.oob_f1,
              "unseen_rules_flagged": model.seen is not None}
    if keep_model:
        save_model(store, model, {"rows": cut, "positives": int(y[:cut].sum()),
                                  "split": f"time:{train_share}", **chosen})
    score = model.score(x[test][:, [names.index(f) for f in model.features]])
    det_score = corroboration(x[test], names)
    n_alerts = x[test][:, names.index("n_alerts")]
    has_decoys = bool(decoy.any())
    learned = metrics(y[test], score >= model.threshold, score, typology[test], usd[test],
                      decoy[test] if has_decoys else None)
    detectors = metrics(y[test], n_alerts > 0, det_score, typology[test], usd[test],
                        decoy[test] if has_decoys else None)
    learned.update({"threshold": round(model.threshold, 6), **chosen, "train_rows": cut,
                    "test_rows": len(rows) - cut, "test_positives": int(y[test].sum()),
                    "detectors_only": detectors})
    return learned
