"""Evaluation arithmetic, the operating point, exit 2 without labels, detect and explain."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from illicitflow.detect.cli import evaluate_command, explain_command
from illicitflow.detect.evaluate import average_precision, metrics
from illicitflow.detect.scorer import (
    Variant,
    best_threshold,
    corroboration,
    preferred,
    train,
)
from illicitflow.store import Store
from illicitflow.transactions import import_transactions

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "aml"


def test_metrics_arithmetic() -> None:
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0], dtype=bool)
    flagged = np.array([1, 1, 0, 1, 0, 0, 0, 0], dtype=bool)
    typ = np.array(["fan_in", "cycle", "cycle", None, None, None, None, None], dtype=object)
    usd = np.array([100, 300, 600, 5, 5, 5, 5, 5], dtype=float)
    decoy = np.array([0, 0, 0, 1, 1, 0, 0, 0], dtype=bool)
    m = metrics(y, flagged, flagged.astype(float), typ, usd, decoy)
    assert (m["precision"], m["recall"], m["f1"]) == (0.6667, 0.6667, 0.6667)
    assert m["alert_rate"] == 0.375
    assert m["per_typology"] == {"cycle": 0.5, "fan_in": 1.0}
    assert m["usd_recall"] == 0.4
    # Ceiling: flag the 3 illicit and 2 decoy (typology-shaped) rows: P 3/5, R 1, F1 0.75.
    assert m["ceiling_f1"] == 0.75
    assert "ceiling_f1" not in metrics(y, flagged, flagged.astype(float), typ, usd)


def test_average_precision_and_threshold() -> None:
    y = np.array([1, 0, 1, 0])
    s = np.array([0.9, 0.8, 0.7, 0.1])
    assert average_precision(y, s) == pytest.approx((1.0 + 2 / 3) / 2)
    assert average_precision(np.array([1, 1, 0]), np.array([0.5, 0.5, 0.5])) == pytest.approx(
        2 / 3)  # ties count as one cut
    assert best_threshold(y, s) == pytest.approx(0.7)


def test_corroboration_ranks_by_rules_fired_then_detector_score() -> None:
    names = ["det_fan_in", "det_cycle", "fired_fan_in_default", "fired_cycle_default",
             "n_alerts"]
    x = np.array([[0.0, 0.0, 0, 0, 0],     # nothing fired
                  [0.9, 0.0, 1, 0, 1],     # one rule, a large alert
                  [0.2, 0.0, 1, 0, 1],     # one rule, a small alert
                  [0.3, 0.4, 1, 1, 2]])    # two rules agree
    s = corroboration(x, names)
    assert s[0] == 0.0
    assert list(np.argsort(-s)) == [3, 1, 2, 0]
    assert s[1] == pytest.approx(1 - 0.1 / 2 - 0.9 / 3)
    assert 0.5 <= s[2] < s[1] <= 2 / 3 <= s[3] <= 0.75


def test_the_simplest_variant_within_one_standard_error_is_kept() -> None:
    def variant(f1: float, set_name: str, unseen: bool, se: float = 0.02) -> Variant:
        return Variant(f1, 0.5, se, set_name, [], unseen)

    tried = [variant(0.823, "all", False), variant(0.822, "all", True),
             variant(0.799, "rules", False), variant(0.819, "rules", True)]
    assert preferred(tried) is tried[3]  # 0.004 below the best: noise
    tried[3] = variant(0.79, "rules", True)
    assert preferred(tried) is tried[1]  # the rules are more than an error below
    world = [variant(0.9987, "all", False, 0.0004), variant(0.9981, "all", True, 0.0004),
             variant(0.709, "rules", False, 0.005), variant(0.709, "rules", True, 0.005)]
    assert preferred(world) is world[0]


def test_too_few_positives_to_compare_keep_the_rules_at_one_half() -> None:
    rng = np.random.default_rng(3)
    names = ["src_out_n", "fired_fan_in_default", "fired_cycle_default"]
    x = np.c_[rng.integers(1, 50, 400), np.zeros(400), np.zeros(400)]
    y = np.zeros(400, dtype=np.int64)
    y[[10, 20, 30]] = 1  # all in the first of four blocks
    x[[10, 20, 30], 1] = 1
    model = train(x, y, names)
    assert (model.feature_set, model.threshold, model.oob_f1) == ("rules", 0.5, None)
    assert model.features == ["fired_fan_in_default", "fired_cycle_default"]
    unseen = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])  # a cycle: no training row shows it
    assert list(model.score(unseen) == 1.0) == [True, False, False]


def test_evaluate_exits_2_without_labels(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "tx.csv").write_text(
        "TXN_ID,ACCOUNT_ID,COUNTER_PARTY_ACCOUNT_NUM,TXN_SOURCE_TYPE_CODE,tx_count,"
        "TXN_AMOUNT_ORIG,start,end\n2,15,25,CHECK,1,125.05,1,1\n")
    with Store.open(tmp_path / "s.duckdb") as store:
        import_transactions(store, folder, "amlsim")
    assert evaluate_command(tmp_path / "s.duckdb") == 2
    assert "no labels" in capsys.readouterr().err


@pytest.mark.skipif(not (DATA / "amlsim_typologies_389").is_dir(), reason="shared data absent")
def test_evaluate_detect_explain_on_small_amlsim(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from illicitflow.detect.cli import detect_command

    store_path = tmp_path / "s.duckdb"
    with Store.open(store_path) as store:
        import_transactions(store, DATA / "amlsim_typologies_389", "amlsim")
    out = tmp_path / "eval.json"
    assert evaluate_command(store_path, "time:0.6", out) == 0
    result = json.loads(out.read_text())
    for key in ("f1", "precision", "recall", "pr_auc", "alert_rate", "per_typology",
                "detectors_only"):
        assert key in result
    assert set(result["detectors_only"]) >= {"f1", "precision", "recall", "pr_auc",
                                              "alert_rate", "per_typology"}
    alerts_path = tmp_path / "ALERTS.parquet"
    assert detect_command(store_path, alerts_path, memory_limit="1 GB; DROP TABLE x") == 2
    assert not alerts_path.exists()
    assert detect_command(store_path, alerts_path, memory_limit="1GB") == 0
    table = pq.read_table(alerts_path)
    assert table.column_names == ["transaction_id", "score", "alert_ids", "typologies"]
    assert table.num_rows == 9904
    flagged = [r for r in table.to_pylist() if r["alert_ids"]]
    assert flagged and all(r["typologies"] for r in flagged)
    capsys.readouterr()
    alert_id = flagged[0]["alert_ids"][0]
    assert explain_command(alert_id, store_path) == 0
    text = capsys.readouterr().out
    assert alert_id in text and "path of money" in text and "features that drove it" in text
    assert "=None" not in text  # evidence a rule does not use is left out
    assert explain_command("nope", store_path) == 2


def test_training_keeps_the_feature_set_that_generalises_out_of_block() -> None:
    """A rule that fires on most positives competes with an account id that marks the positives
    of each block of time (accounts active then): within a block the id separates them, out of
    block it does not, so the rule set wins and the model reads only the rule columns."""
    from illicitflow.detect.scorer import feature_sets, train

    rng = np.random.default_rng(0)
    n = 4000
    y = (rng.random(n) < 0.05).astype(np.int64)
    fired = np.where(y == 1, rng.random(n) < 0.9, rng.random(n) < 0.01)
    band = np.arange(n) // 1000 * 250 + rng.integers(0, 10, n)
    account = np.where(y == 1, band, rng.integers(0, 1000, n))
    names = ["account", "fired_fan_in_default"]
    x = np.column_stack([account, fired]).astype(np.float64)
    assert feature_sets(names) == {"all": names, "rules": ["fired_fan_in_default"]}
    model = train(x, y, names)
    assert model.feature_set == "rules" and model.features == ["fired_fan_in_default"]
    assert model.oob_f1 is not None and model.oob_f1 > 0.8
    assert model.score(x[:, [1]]).shape == (n,)


def test_unseen_rule_combinations_keep_the_detectors_verdict(tmp_path: Path) -> None:
    """In each block of time the positives fire a rule that no other block shows: out of block
    the trees have never seen it and score it low, so flagging unseen combinations wins, and
    the stored model flags a combination its training rows never show."""
    from illicitflow.detect.scorer import load_model, save_model, train

    rng = np.random.default_rng(1)
    n = 4000
    y = (rng.random(n) < 0.05).astype(np.int64)
    block = np.arange(n) // 1000
    names = [f"fired_r{k}_default" for k in range(4)] + ["fired_noise_default"]
    x = np.zeros((n, 5))
    x[np.arange(n), block] = y  # positives of block k fire rule k
    x[:, 4] = (rng.random(n) < 0.02) & (y == 0)  # a noisy rule on ordinary rows
    model = train(x, y, names)
    assert model.seen is not None and model.oob_f1 is not None and model.oob_f1 > 0.9
    both = np.array([[1.0, 0, 0, 1, 0]])  # r0 with r3: never seen together
    nothing = np.zeros((1, 5))
    assert model.score(both)[0] == 1.0 and model.unseen(both).tolist() == [True]
    assert model.score(nothing)[0] < model.threshold
    assert model.unseen(x).sum() == 0  # every training row's combination is known
    with Store.open(tmp_path / "s.duckdb") as store:
        save_model(store, model, {"rows": n})
        assert load_model(store).seen == model.seen


def test_stored_model_on_other_features_is_refused(tmp_path: Path) -> None:
    from illicitflow.detect.scorer import Model, _fit, load_model, save_model

    x = np.array([[0.0], [1.0]] * 20)
    y = np.array([0, 1] * 20)
    with Store.open(tmp_path / "s.duckdb") as store:
        save_model(store, Model(_fit(x, y, ["fired_x_default"]), ["fired_x_default"], 0.5),
                   {"rows": 40})
        assert load_model(store, ["fired_x_default", "n_alerts"]).features == ["fired_x_default"]
        with pytest.raises(ValueError, match="train it again"):
            load_model(store, ["n_alerts"])


def test_rule_names_must_be_identifiers(tmp_path: Path) -> None:
    from illicitflow.detect.config import load_config

    path = tmp_path / "t.yaml"
    path.write_text("fan_in:\n  rules:\n    \"x' OR 1=1\":\n      window_days: 1\n")
    with pytest.raises(ValueError, match="lower-case letters"):
        load_config(path)


def test_rules_set_what_differs_from_the_shared_params(tmp_path: Path) -> None:
    from illicitflow.detect.config import load_config

    path = tmp_path / "t.yaml"
    path.write_text("fan_in:\n  params:\n    window_days: 10\n    min_payers: 4\n"
                    "  rules:\n    default: {}\n    wide:\n      window_days: 30\n"
                    "fan_out:\n  params:\n    window_days: 5\n")
    rules = {(r.typology, r.rule): r.params for r in load_config(path).rules}
    assert rules[("fan_in", "default")] == {"window_days": 10, "window_s": 864000,
                                            "min_payers": 4}
    assert rules[("fan_in", "wide")]["window_days"] == 30
    assert rules[("fan_in", "wide")]["min_payers"] == 4
    assert rules[("fan_out", "default")] == {"window_days": 5, "window_s": 432000}
