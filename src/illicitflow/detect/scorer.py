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
from typing import Any, NamedTuple

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


def _columns(names: list[str], prefix: str) -> list[int]:
    """Positions of the `names` that start with `prefix` (``fired_``, ``det_``)."""
    return [i for i, n in enumerate(names) if n.startswith(prefix)]


def corroboration(x: np.ndarray, names: list[str]) -> np.ndarray:
    """The detectors' own score per row of `x` (columns `names`), for a store without a model:
    rows on which more rules fired (``fired_*``) come first, and among those the higher
    detector score (``det_*``, in [0, 1]). With n rules fired and m the highest detector
    score, ``1 - (1 - m) / (n + 1) - m / (n + 2)``: between ``1 - 1/(n + 1)`` and
    ``1 - 1/(n + 2)``, and 0 where nothing fired. Rules that agree on a transaction
    corroborate each other; one alert's own score grows with its size, which a busy account's
    ordinary payments reach easily."""
    fired = (x[:, _columns(names, "fired_")] > 0).sum(axis=1)
    det = x[:, _columns(names, "det_")]
    top = det.max(axis=1) if det.shape[1] else np.zeros(len(x))
    return 1.0 - (1.0 - top) / (fired + 1.0) - top / (fired + 2.0)


def rule_combinations(x: np.ndarray, names: list[str]) -> list[str | None]:
    """Per row of `x` (columns `names`), which ``fired_*`` rules fired, as a key (hex of the
    bits in the order of `names`), or None where none did."""
    fired = x[:, _columns(names, "fired_")] > 0
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
    rules = [names[i] for i in _columns(names, "fired_")]
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


class Variant(NamedTuple):
    """A candidate scorer measured out of block: its F1, threshold and the standard error of
    that F1; its feature set (name and columns); whether unseen rule combinations score 1."""

    f1: float
    threshold: float
    se: float
    set_name: str
    columns: list[str]
    unseen: bool


def _preference(set_name: str, unseen: bool) -> tuple[bool, bool]:
    """Order of preference: ``rules`` before other sets (they carry over from few labels), and
    in each set the detectors' verdict where the training rows have no evidence before the
    trees' extrapolation."""
    return set_name != "rules", not unseen


def preferred(tried: list[Variant]) -> Variant:
    """The first of the `tried` variants, in order of preference, whose F1 is within one
    standard error of the best (the one-standard-error rule)."""
    best = max(tried, key=lambda v: v.f1)
    ranked = sorted(tried, key=lambda v: _preference(v.set_name, v.unseen))
    return next(v for v in ranked if v.f1 >= best.f1 - best.se)


def train(x: np.ndarray, y: np.ndarray, names: list[str]) -> Model:
    """Fit on rows in time order (`x` has the columns `names`): each feature set of
    :func:`feature_sets`, as it is and, where it holds rules, with unseen rule combinations
    flagged (see the module), is scored out of block (:data:`FOLDS` blocks in time order, so
    that a few hundred positives all count), and :func:`preferred` picks one. With a block
    without positives nothing can be compared, and the most preferred variant is taken at a
    threshold of 0.5. The variant is fitted on all rows."""
    sets = feature_sets(names)
    # each set's columns of `x`, taken once (the set of all is `x` itself)
    xs = {n: x if cols == names else x[:, [names.index(c) for c in cols]]
          for n, cols in sets.items()}
    # which rules fired on each row: the same key in every set, as a set keeps x's rule columns
    # in their order
    keys = rule_combinations(x, names)
    candidates = sorted(((set_name, unseen) for set_name, columns in sets.items()
                         for unseen in ((True, False) if _columns(columns, "fired_") else
                                        (False,))),
                        key=lambda c: _preference(*c))
    blocks = np.array_split(np.arange(len(y)), FOLDS)
    if not all(y[b].sum() > 0 for b in blocks):
        (set_name, unseen), threshold, oob_f1 = candidates[0], 0.5, None
    else:
        scores: dict[str, np.ndarray] = {}
        unseen_out_of_block = _unseen_out_of_block(keys, blocks)
        tried = []
        for set_name, unseen in candidates:
            if set_name not in scores:
                scores[set_name] = _out_of_block(xs[set_name], y, sets[set_name], blocks)
            s = scores[set_name]
            if unseen:
                s = np.where(unseen_out_of_block, 1.0, s)
            tried.append(Variant(*_best_cut(y, s), set_name, sets[set_name], unseen))
        chosen = preferred(tried)
        set_name, unseen = chosen.set_name, chosen.unseen
        threshold, oob_f1 = chosen.threshold, round(chosen.f1, 4)
    columns = sets[set_name]
    seen = frozenset(k for k in keys if k is not None) if unseen else None
    return Model(_fit(xs[set_name], y, columns), list(columns), threshold, set_name, oob_f1,
                 seen)


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
