"""Same seed and arguments, same bytes; another seed, another world. And the HTML report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from illicitflow.cli import app
from illicitflow.world.simulate import simulate


def _args(world: Path) -> tuple[int, int]:
    """Seed and transaction count the session's world was simulated with."""
    manifest = json.loads((world / "manifest.json").read_text())
    return manifest["seed"], manifest["arguments"]["transactions"]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _same_bytes(a: Path, b: Path) -> None:
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    assert len(fa) >= 14
    for name in fa:
        assert fa[name] == fb[name], name


def test_same_seed_same_bytes(world_base: Path, scenario, tmp_path: Path) -> None:
    again = tmp_path / "again"
    seed, n = _args(world_base)
    simulate(scenario, seed, again, n)
    _same_bytes(world_base, again)


def test_same_seed_same_bytes_with_a_policy(world_policy: Path, scenario, bda_311,
                                            tmp_path: Path) -> None:
    again = tmp_path / "again"
    seed, n = _args(world_policy)
    simulate(scenario, seed, again, n, bda_311)
    _same_bytes(world_policy, again)


def test_cli_same_seed_same_bytes(bda_311_path: Path, tmp_path: Path) -> None:
    runs = []
    for name in ("one", "two"):
        out = tmp_path / name
        result = CliRunner().invoke(app, ["simulate", "--scenario", "default", "--seed", "11",
                                          "--out", str(out), "--transactions", "5000",
                                          "--policy", str(bda_311_path)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        runs.append(out)
    _same_bytes(*runs)
    manifest = json.loads((runs[0] / "manifest.json").read_text())
    assert manifest["arguments"]["seed"] == 11
    assert manifest["arguments"]["transactions"] == 5000
    assert manifest["arguments"]["policy"] == str(bda_311_path)


def test_another_seed_another_world(world_base: Path, scenario, tmp_path: Path) -> None:
    other = tmp_path / "other"
    seed, n = _args(world_base)
    simulate(scenario, seed + 1, other, n)
    fa, fb = _files(world_base), _files(other)
    assert sorted(fa) == sorted(fb)
    for name in ("transactions.parquet", "truth_transactions.parquet", "entities.ftm.jsonl",
                 "accounts.parquet", "customers.parquet", "revenue.parquet",
                 "truth_books.parquet", "shipments.parquet", "manifest.json"):
        assert fa[name] != fb[name], name
    ids_a = set(pq.read_table(world_base / "accounts.parquet").column("holder_id").to_pylist())
    ids_b = set(pq.read_table(other / "accounts.parquet").column("holder_id").to_pylist())
    # entity ids are hashes of the seed: only the scenario's named entities are shared
    shared = ids_a & ids_b
    assert scenario.regime.hub.id in shared
    assert len(shared) < 0.05 * len(ids_a)


def test_the_transaction_count_is_an_argument(world_base: Path, scenario,
                                              tmp_path: Path) -> None:
    seed, n = _args(world_base)
    bigger = tmp_path / "bigger"
    manifest = simulate(scenario, seed, bigger, 2 * n)
    assert manifest["counts"]["transactions"] == 2 * n
    assert pq.read_metadata(bigger / "transactions.parquet").num_rows == 2 * n
    illicit = pq.read_table(bigger / "truth_transactions.parquet", columns=["is_illicit"])
    small = pq.read_table(world_base / "truth_transactions.parquet", columns=["is_illicit"])
    # the regime does not depend on the size of the legitimate economy around it
    assert illicit.column(0).to_numpy().sum() == small.column(0).to_numpy().sum()


def test_manifest_does_not_depend_on_the_time_zone(world_base: Path, tmp_path: Path) -> None:
    out = tmp_path / "tz"
    seed, n = _args(world_base)
    env = {**os.environ, "TZ": "America/Los_Angeles"}
    code = ("from pathlib import Path; from illicitflow.world.scenario import load_scenario; "
            "from illicitflow.world.simulate import simulate; "
            f"simulate(load_scenario('default'), {seed}, Path({str(out)!r}), {n})")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=300)
    assert (out / "manifest.json").read_bytes() == (world_base / "manifest.json").read_bytes()
    assert (out / "transactions.parquet").read_bytes() == (
        world_base / "transactions.parquet").read_bytes()


# --- the report --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_html(world_policy: Path, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(app, ["report", str(world_policy), "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_report_is_html_about_the_streams(report_html: str, scenario) -> None:
    assert report_html.startswith("<!DOCTYPE html>")
    assert report_html.rstrip().endswith("</html>")
    for stream in scenario.active_streams:
        assert stream in report_html or stream.replace("_", " ") in report_html, stream
    assert "bda_311" in report_html
    assert "default" in report_html


def test_report_is_deterministic(report_html: str, world_policy: Path, tmp_path: Path) -> None:
    out = tmp_path / "again.html"
    result = CliRunner().invoke(app, ["report", str(world_policy), "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == report_html
