"""Shared worlds for the world tests: each is simulated once per session.

``world_base`` and ``world_policy`` are the same world (default scenario, seed 7, 20,000
transactions) without a policy and under the sample ``bda_311`` policy; ``world_million`` is the
default-size world (1,000,000 transactions) for the slow tests only.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from illicitflow.world.policy import Policy, load_policy
from illicitflow.world.scenario import Scenario, load_scenario
from illicitflow.world.simulate import simulate

SEED = 7
SMALL = 20_000


def open_world(folder: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with every parquet file of `folder` registered by its stem."""
    con = duckdb.connect()
    for path in sorted(folder.glob("*.parquet")):
        con.register(path.stem, pq.read_table(path))
    return con


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return load_scenario("default")


@pytest.fixture(scope="session")
def bda_311_path() -> Path:
    return Path(str(resources.files("illicitflow.world") / "policies" / "bda_311.yaml"))


@pytest.fixture(scope="session")
def bda_311(bda_311_path: Path) -> Policy:
    return load_policy(bda_311_path)


@pytest.fixture(scope="session")
def world_base(scenario: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world-base") / "world"
    simulate(scenario, SEED, out, SMALL)
    return out


@pytest.fixture(scope="session")
def world_policy(scenario: Scenario, bda_311: Policy,
                 tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world-policy") / "world"
    simulate(scenario, SEED, out, SMALL, bda_311)
    return out


@pytest.fixture(scope="session")
def world_million(scenario: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world-million") / "world"
    simulate(scenario, SEED, out, 1_000_000)
    return out


@pytest.fixture(scope="session")
def base_db(world_base: Path) -> duckdb.DuckDBPyConnection:
    return open_world(world_base)


@pytest.fixture(scope="session")
def policy_db(world_policy: Path) -> duckdb.DuckDBPyConnection:
    return open_world(world_policy)


@pytest.fixture(scope="session")
def opener() -> Callable[[Path], duckdb.DuckDBPyConnection]:
    """`open_world` for tests that write their own worlds or views."""
    return open_world
