"""Typology detection: SQL detectors, graph features, a learned scorer, evaluation, explanations."""

from illicitflow.detect.api import detect, prepare
from illicitflow.detect.config import load_config
from illicitflow.detect.run import run_detectors

__all__ = ["detect", "load_config", "prepare", "run_detectors"]
