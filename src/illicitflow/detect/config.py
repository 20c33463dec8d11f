"""The typology file: parameters of every detector, read from ``typologies.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from illicitflow.detect.detectors import DETECTORS


@dataclass
class Rule:
    """One parameter set of one detector."""

    typology: str
    rule: str
    params: dict[str, Any]
    source: str = ""


@dataclass
class TypologyConfig:
    transfer_channels: list[str]
    rules: list[Rule] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def rule(self, typology: str, rule: str = "default") -> Rule:
        for r in self.rules:
            if r.typology == typology and r.rule == rule:
                return r
        raise KeyError(f"{typology}/{rule}")


#: Rule names become column names of the features (``fired_<typology>_<rule>``).
RULE_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


def _seconds(params: dict[str, Any]) -> dict[str, Any]:
    out = dict(params)
    for key, value in params.items():
        if key.endswith("_days"):
            out[key[:-5] + "_s"] = int(float(value) * 86400)
        elif key.endswith("_hours"):
            out[key[:-6] + "_s"] = int(float(value) * 3600)
    return out


def load_config(path: str | Path | None = None,
                overrides: dict[str, dict[str, Any]] | None = None) -> TypologyConfig:
    """Read the typology file (the packaged one by default); `overrides` maps a typology
    (or ``typology/rule``) to parameters that replace the file's."""
    if path is None:
        text = (resources.files("illicitflow.detect") / "typologies.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    raw = yaml.safe_load(text) or {}
    defaults = raw.get("defaults", {})
    config = TypologyConfig(list(defaults.get("transfer_channels", ["wire"])), raw=raw)
    overrides = overrides or {}
    for typology, spec in raw.items():
        if typology == "defaults":
            continue
        if typology not in DETECTORS:
            raise ValueError(f"typology file: unknown detector '{typology}'")
        if not spec.get("enabled", True):
            continue
        shared = spec.get("params") or {}
        rules = spec.get("rules") or {"default": {}}
        for name, params in rules.items():
            if not isinstance(name, str) or not RULE_NAME.fullmatch(name):
                raise ValueError(f"typology file: rule name {name!r} of '{typology}' must be "
                                 "lower-case letters, digits and underscores")
            merged = {**shared, **(params or {}), **overrides.get(typology, {}),
                      **overrides.get(f"{typology}/{name}", {})}
            config.rules.append(Rule(typology, name, _seconds(merged), spec.get("source", "")))
    return config
