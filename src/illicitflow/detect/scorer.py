"""The learned scorer: LightGBM over :mod:`.features`, trained on labels with a time split.

The model is kept in the store (``models``: model_id, created_at, features JSON, threshold
DOUBLE, booster VARCHAR (LightGBM's text format), trained JSON (rows, positives, split, the
chosen variant and, where it flags them, the rule combinations seen)) with its feature list,
so scoring never depends on code that has moved on. The operating point is the threshold that
maximises F1 over the training rows, each scored by a model fitted without its block of time
(:data:`FOLDS` blocks); the final model is then fitted on all of them.

Two feature sets compete on those out-of-block scores: every feature, and only which detector
rules fired. With a few hundred labelled rows (AMLSim's sets) the full set lets the trees learn
the degrees of the few accounts they saw, while the rules generalise; with thousands (the world)
the full set wins. Each set is tried as it is and with the detectors' verdict standing where
the training rows never show the transaction's combination of fired rules (the trees have no
evidence there, only an extrapolation): such a transaction scores 1. Of the variants whose
out-of-block F1 is within one standard error of the best, the simplest is kept (see
:func:`train`): differences smaller than that are the noise of a few hundred positives.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from illicitflow.store import Store

PARAMS: dict[str, Any] = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 5,
    "feature_fraction": 0.9, "bagging_fraction": 0.9, "bagging_freq": 1, "lambda_l2": 1.0,
    "verbose": -1, "num_threads": 2, "seed": 7, "deterministic": True,
}
ROUNDS = 300

MODELS_DDL = """CREATE TABLE IF NOT EXISTS models (
    model_id VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, features JSON NOT NULL,
    threshold DOUBLE NOT NULL, booster VARCHAR NOT NULL, trained JSON NOT NULL)"""


def corroboration(x: np.ndarray, names: list[str]) -> np.ndarray:
    """The detectors' own score per row of `x` (columns `names`), for a store without a model:
    rows on which more rules fired (``fired_*``) come first, and among those the higher
    detector score (``det_*``, in [0, 1]). With n rules fired and m the highest detector
    score, ``1 - (1 - m) / (n + 1) - m / (n + 2)``: between ``1 - 1/(n + 1)`` and
    ``1 - 1/(n + 2)``, and 0 where nothing fired. Rules that agree on a transaction
    corroborate each other; one alert's own score grows with its size, which a busy account's
    ordinary payments reach easily."""
    fired = (x[:, [i for i, c in enumerate(names) if c.startswith("fired_")]] > 0).sum(axis=1)
    det = x[:, [i for i, c in enumerate(names) if c.startswith("det_")]]
    top = det.max(axis=1) if det.shape[1] else np.zeros(len(x))
    return 1.0 - (1.0 - top) / (fired + 1.0) - top / (fired + 2.0)


def rule_combinations(x: np.ndarray, names: list[str]) -> list[str | None]:
    """Per row of `x` (columns `names`), which ``fired_*`` rules fired, as a key (hex of the
    bits in the order of `names`), or None where none did."""
    fired = x[:, [i for i, n in enumerate(names) if n.startswith("fired_")]] > 0
    packed = np.packbits(fired, axis=1)
    keys: list[str | None] = [None] * len(x)
    for i in np.flatnonzero(fired.any(axis=1)):
        keys[i] = packed[i].tobytes().hex()
    return keys


@dataclass
class Model:
    """A fitted booster, the feature columns it reads (in order) and its operating point; with
    `seen` (the combinations of fired rules of the training rows, :func:`rule_combinations`),
    a transaction whose combination is not among them scores 1, as the detectors flag it."""

    booster: Any
    features: list[str]
    threshold: float
    feature_set: str = "all"
    oob_f1: float | None = None
    seen: frozenset[str] | None = None

    def score(self, x: np.ndarray) -> np.ndarray:
        s = np.asarray(self.booster.predict(x), dtype=np.float64)
        if self.seen is not None:
            s[self.unseen(x)] = 1.0
        return s

    def unseen(self, x: np.ndarray) -> np.ndarray:
        """Rows where some rule fired in a combination the training rows never show (all
        False without `seen`)."""
        if self.seen is None:
            return np.zeros(len(x), dtype=bool)
        return np.array([k is not None and k not in self.seen
                         for k in rule_combinations(x, self.features)], dtype=bool)

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Per-feature contributions to the log-odds (SHAP values), last column the bias."""
        return np.asarray(self.booster.predict(x, pred_contrib=True), dtype=np.float64)


def best_threshold(y: np.ndarray, s: np.ndarray) -> float:
    """The score threshold that maximises F1 of ``s >= threshold`` on (y, s)."""
    if y.sum() == 0:
        return 0.5
    order = np.argsort(-s, kind="stable")
    ys, ss = y[order], s[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(ys) + 1)
    f1 = 2 * tp / (k + y.sum())
    # Only cut between distinct scores.
    last = np.r_[ss[1:] != ss[:-1], True]
    i = int(np.argmax(np.where(last, f1, -1)))
    return float(ss[i])


def _fit(x: np.ndarray, y: np.ndarray, names: list[str], rounds: int = ROUNDS) -> Any:
    import lightgbm as lgb

    pos = max(1.0, float(y.sum()))
    params = {**PARAMS, "scale_pos_weight": min(10.0, (len(y) - pos) / pos)}
    return lgb.train(params, lgb.Dataset(x, label=y, feature_name=names), rounds)


#: Blocks of the training rows (in time order) whose out-of-block scores set the threshold.
FOLDS = 4
#: Resamples for the standard error of an out-of-block F1.
BOOTSTRAP = 100


def feature_sets(names: list[str]) -> dict[str, list[str]]:
    """The candidate feature sets: ``all`` of `names`, and ``rules`` (the ``fired_*`` ones)."""
    sets = {"all": list(names)}
    rules = [n for n in names if n.startswith("fired_")]
    if rules:
        sets["rules"] = rules
    return sets


def _out_of_block(x: np.ndarray, y: np.ndarray, names: list[str],
                  blocks: list[np.ndarray]) -> np.ndarray:
    """Every row's score by a model that did not see its block of time."""
    scores = np.zeros(len(y))
    for block in blocks:
        rest = np.ones(len(y), dtype=bool)
        rest[block] = False
        scores[block] = _fit(x[rest], y[rest], names).predict(x[block])
    return scores


def _unseen_out_of_block(keys: list[str | None], blocks: list[np.ndarray]) -> np.ndarray:
    """Rows whose combination of fired rules no row outside their block shows."""
    total = Counter(keys)
    unseen = np.zeros(len(keys), dtype=bool)
    for block in blocks:
        inside = Counter(keys[i] for i in block)
        unseen[block] = [keys[i] is not None and total[keys[i]] == inside[keys[i]]
                         for i in block]
    return unseen


def _f1(y: np.ndarray, flagged: np.ndarray) -> float:
    return float(2 * (flagged & (y == 1)).sum() / max(1, flagged.sum() + y.sum()))


def _best_cut(y: np.ndarray, scores: np.ndarray) -> tuple[float, float, float]:
    """(F1, threshold, standard error of that F1) of the best cut of `scores`; the standard
    error from :data:`BOOTSTRAP` resamples of the rows (seeded)."""
    threshold = best_threshold(y, scores)
    flagged = scores >= threshold
    rng = np.random.default_rng(PARAMS["seed"])
    resampled = [_f1(y[i], flagged[i]) for i in
                 (rng.integers(0, len(y), len(y)) for _ in range(BOOTSTRAP))]
    return _f1(y, flagged), threshold, float(np.std(resampled))


def preferred(tried: list[tuple]) -> tuple:
    """Of variants ``(f1, threshold, standard error, set name, columns, column indices,
    unseen flagged)``, the first in order of preference (``rules`` before other sets, unseen
    rule combinations flagged before not) whose F1 is within one standard error of the best."""
    best_f1, _, best_se, *_ = max(tried, key=lambda t: t[0])
    ranked = sorted(tried, key=lambda t: (t[3] != "rules", not t[6]))
    return next(t for t in ranked if t[0] >= best_f1 - best_se)


def train(x: np.ndarray, y: np.ndarray, names: list[str]) -> Model:
    """Fit on rows in time order (`x` has the columns `names`): each feature set of
    :func:`feature_sets`, as it is and with unseen rule combinations flagged (see the module),
    is scored out of block (:data:`FOLDS` blocks in time order, so that a few hundred positives
    all count). The kept variant is the first, in order of preference, whose F1 there is
    within one standard error of the best (the one-standard-error rule): the rules before all
    features (they carry over from few labels), and in each set the detectors' verdict where
    the training rows have no evidence before the trees' extrapolation. It is kept with the
    threshold that gave it, and fitted on all rows."""
    blocks = np.array_split(np.arange(len(y)), FOLDS)
    if not all(y[b].sum() > 0 for b in blocks):
        # too few positives to compare: the preferred variant, at 0.5
        rules = feature_sets(names).get("rules")
        if rules is None:
            return Model(_fit(x, y, names), list(names), 0.5)
        cols = [names.index(c) for c in rules]
        return Model(_fit(x[:, cols], y, rules), rules, 0.5, "rules", None,
                     _seen(x[:, cols], rules))
    tried = []
    for set_name, columns in feature_sets(names).items():
        cols = [names.index(c) for c in columns]
        scores = _out_of_block(x[:, cols], y, columns, blocks)
        tried.append((*_best_cut(y, scores), set_name, columns, cols, False))
        if any(c.startswith("fired_") for c in columns):
            unseen = _unseen_out_of_block(rule_combinations(x[:, cols], columns), blocks)
            tried.append((*_best_cut(y, np.where(unseen, 1.0, scores)), set_name, columns,
                          cols, True))
    f1, threshold, _, set_name, columns, cols, fallback = preferred(tried)
    return Model(_fit(x[:, cols], y, columns), columns, threshold, set_name, round(f1, 4),
                 _seen(x[:, cols], columns) if fallback else None)


def _seen(x: np.ndarray, columns: list[str]) -> frozenset[str]:
    """The combinations of fired rules of the rows of `x` (columns `columns`)."""
    return frozenset(k for k in rule_combinations(x, columns) if k is not None)


def save_model(store: Store, model: Model, trained: dict[str, Any]) -> str:
    con = store.con
    con.execute(MODELS_DDL)
    model_id = "lgbm-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    if model.seen is not None:
        trained = {**trained, "seen_rule_combinations": sorted(model.seen)}
    con.execute("INSERT INTO models VALUES (?, ?, ?, ?, ?, ?)",
                [model_id, datetime.now(UTC).replace(tzinfo=None), json.dumps(model.features),
                 model.threshold, model.booster.model_to_string(), json.dumps(trained)])
    return model_id


def load_model(store: Store, available: list[str] | None = None) -> Model | None:
    """The newest model in the store, or None. With `available` (the feature columns at hand),
    a model that reads others is refused with a clear message."""
    import lightgbm as lgb

    con = store.con
    con.execute(MODELS_DDL)
    rows = con.execute("SELECT features, threshold, booster, trained FROM models "
                       "ORDER BY created_at DESC LIMIT 1").fetchall()
    if not rows:
        return None
    features, threshold, booster, trained = rows[0]
    seen = json.loads(trained).get("seen_rule_combinations")
    model = Model(lgb.Booster(model_str=booster), json.loads(features), float(threshold),
                  seen=None if seen is None else frozenset(seen))
    if available is not None and not set(model.features) <= set(available):
        raise ValueError("the stored model was trained on other features: train it again")
    return model
