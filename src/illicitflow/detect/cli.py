"""Command-line shells of the detect stage: ``detect``, ``evaluate`` and ``explain``.

Plain functions (:func:`detect_command`, :func:`evaluate_command`, :func:`explain_command`)
return an exit code; :data:`app` is a typer app with the three commands for the main CLI.
``evaluate`` exits 2 when the store holds no labels.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from illicitflow.progress import counted, steps
from illicitflow.store import Store

app = typer.Typer(help="Detect laundering typologies, evaluate, explain.",
                  no_args_is_help=True, add_completion=False)


def _store(path: Path) -> Store:
    if not path.exists():
        print(f"error: {path}: no such store", file=sys.stderr)
        raise SystemExit(2)
    return Store.open(path)


_MEMORY = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


def detect_command(store: Path, out: Path, typologies: Path | None = None,
                   memory_limit: str | None = None) -> int:
    from illicitflow.detect.api import detect
    from illicitflow.detect.config import load_config

    if memory_limit is not None and not _MEMORY.match(memory_limit.strip()):
        print(f"error: --memory-limit must be a size such as 5GB, not '{memory_limit}'",
              file=sys.stderr)
        return 2
    with _store(store) as s:
        if memory_limit is not None:  # validated above; SET takes no bound parameters
            s.con.execute(f"SET memory_limit = '{memory_limit.strip()}'")
        with counted() as bar:
            result = detect(s, out, load_config(typologies), steps(bar))
    print(f"wrote {result['out']}: {result['transactions']} transactions, "
          f"{result['alerts']} alerts, {result['flagged']} transactions in an alert, "
          f"scored by {result['scorer']}", file=sys.stderr)
    return 0


def evaluate_command(store: Path, split: str = "time:0.6", json_out: Path | None = None,
                     typologies: Path | None = None) -> int:
    from illicitflow.detect.config import load_config
    from illicitflow.detect.evaluate import NoLabels, evaluate

    kind, _, share = split.partition(":")
    if kind != "time" or not share:
        print("error: --split must be time:SHARE, e.g. time:0.6", file=sys.stderr)
        return 2
    with _store(store) as s:
        try:
            with counted() as bar:
                result = evaluate(s, float(share), load_config(typologies), steps(bar))
        except NoLabels as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    text = json.dumps(result, indent=2, sort_keys=True)
    print(text)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(text + "\n")
    return 0


def explain_command(alert_id: str, store: Path, as_json: bool = False) -> int:
    from illicitflow.detect.explain import UnknownAlert, explain, render

    with _store(store) as s:
        try:
            result = explain(s, alert_id)
        except UnknownAlert:
            print(f"error: no alert '{alert_id}' in {store}", file=sys.stderr)
            return 2
    print(json.dumps(result, indent=2, default=str) if as_json else render(result))
    return 0


StoreOpt = Annotated[Path, typer.Option(help="The store (DuckDB file).")]
TypOpt = Annotated[Path | None, typer.Option(help="Typology file (default: the packaged one).")]


@app.command("detect")
def detect_cli(store: StoreOpt, out: Annotated[Path, typer.Option(help="ALERTS.parquet")],
               typologies: TypOpt = None,
               memory_limit: Annotated[str | None, typer.Option(
                   help="DuckDB's memory limit, e.g. 5GB (it spills to disk beyond it).")]
               = None) -> None:
    """Run every detector and the scorer; write one row per transaction to OUT."""
    raise typer.Exit(detect_command(store, out, typologies, memory_limit))


@app.command("evaluate")
def evaluate_cli(store: StoreOpt,
                 split: Annotated[str, typer.Option(help="time:SHARE")] = "time:0.6",
                 json_out: Annotated[Path | None, typer.Option("--json")] = None,
                 typologies: TypOpt = None) -> None:
    """Train on the first part of the labelled transactions by time, measure on the rest."""
    raise typer.Exit(evaluate_command(store, split, json_out, typologies))


@app.command("explain")
def explain_cli(alert_id: str, store: StoreOpt,
                as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Print an alert: typology, the path of money, the features that drove the score."""
    raise typer.Exit(explain_command(alert_id, store, as_json))
