"""Explanations a reviewer can use: what fired, the path of the money, what drove the score."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from illicitflow.detect.features import matrix
from illicitflow.store import Store

_ALERT = ("SELECT alert_id, typology, rule, score, accounts, n_transactions, evidence "
          "FROM alerts WHERE alert_id = ?")
_PATH = """
SELECT t.row_id, t.transaction_id, t.timestamp, t.payer_account, t.payer_bank,
       t.beneficiary_account, t.beneficiary_bank, CAST(t.amount AS DOUBLE), t.currency,
       CAST(t.amount_usd AS DOUBLE), t.channel, t.reference
FROM alert_transactions j JOIN transactions t ON t.row_id = j.row_id
WHERE j.alert_id = ? ORDER BY t.timestamp, t.row_id
"""
_PATH_KEYS = ("row_id", "transaction_id", "timestamp", "payer_account", "payer_bank",
              "beneficiary_account", "beneficiary_bank", "amount", "currency", "amount_usd",
              "channel", "reference")


class UnknownAlert(KeyError):
    """No alert with that id in the store."""


def explain(store: Store, alert_id: str, top: int = 6) -> dict[str, Any]:
    """The alert (typology, rule, score, evidence), its transactions in time order and, when a
    learned model is stored, the features that pushed its transactions' scores up most."""
    from illicitflow.detect.scorer import load_model

    con = store.con
    rows = con.execute(_ALERT, [alert_id]).fetchall()
    if not rows:
        raise UnknownAlert(alert_id)
    aid, typology, rule, score, accounts, n, evidence = rows[0]
    path = [dict(zip(_PATH_KEYS, r, strict=True)) for r in con.execute(_PATH, [alert_id])
            .fetchall()]
    for step in path:
        step["timestamp"] = step["timestamp"].isoformat()
    out: dict[str, Any] = {
        "alert_id": aid, "typology": typology, "rule": rule, "score": round(score, 4),
        "accounts": json.loads(accounts), "n_transactions": n,
        "evidence": json.loads(evidence), "path": path, "drivers": [], "model_scores": None,
    }
    model = load_model(store)
    if model is None or not path:
        return out
    feats = con.sql(
        "SELECT * FROM transaction_features WHERE tx IN "
        "(SELECT row_id FROM alert_transactions WHERE alert_id = $alert) ORDER BY tx",
        params={"alert": alert_id}).to_arrow_table()
    if not feats.num_rows:
        return out
    x = matrix(feats, model.features)
    contrib = model.contributions(x)[:, :-1].mean(axis=0)
    order = np.argsort(-contrib)[:top]
    out["drivers"] = [{"feature": model.features[i], "contribution": round(float(contrib[i]), 4),
                       "mean_value": round(float(x[:, i].mean()), 4)} for i in order]
    scores = model.score(x)
    out["model_scores"] = {"max": round(float(scores.max()), 4),
                           "mean": round(float(scores.mean()), 4),
                           "threshold": round(model.threshold, 4),
                           "unseen_rule_combinations": int(model.unseen(x).sum())}
    return out


def render(explanation: dict[str, Any]) -> str:
    """Plain text for the terminal."""
    e = explanation
    lines = [f"alert {e['alert_id']}", f"  typology  {e['typology']} (rule {e['rule']}), "
             f"score {e['score']}", f"  accounts  {', '.join(e['accounts'])}",
             "  evidence  " + ", ".join(f"{k}={v}" for k, v in e["evidence"].items()
                                        if v is not None),
             f"  path of money ({e['n_transactions']} transactions):"]
    for s in e["path"]:
        payer = s["payer_account"] or "(cash)"
        bene = s["beneficiary_account"] or "(cash)"
        lines.append(f"    {s['timestamp'][:19]}  {payer} -> {bene}  {s['amount']:,.2f} "
                     f"{s['currency']} (USD {s['amount_usd']:,.2f}, {s['channel']})  "
                     f"tx {s['transaction_id']}")
    if e["drivers"]:
        m = e["model_scores"]
        lines.append(f"  learned score: max {m['max']}, mean {m['mean']} "
                     f"(threshold {m['threshold']}); features that drove it:")
        for d in e["drivers"]:
            lines.append(f"    {d['feature']:<22} {d['contribution']:+.3f}  "
                         f"(mean value {d['mean_value']})")
        if m["unseen_rule_combinations"]:
            lines.append(f"  {m['unseen_rule_combinations']} of its transactions fire a "
                         "combination of rules no training transaction shows: they score 1, "
                         "as the detectors flag them")
    else:
        lines.append("  no learned model in the store: the score is the detector's")
    return "\n".join(lines)
