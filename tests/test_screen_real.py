"""Screening on the real data in ../shared/data (skipped when it is absent)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from illicitflow.screen import DEFAULT_THRESHOLD, ScreenIndex, score_names
from illicitflow.screen.cli import screen_command
from illicitflow.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PAIRS = DATA / "screening"
UN_XML = DATA / "sanctions" / "un_sc_consolidated_2026-02-27"

pytestmark = pytest.mark.skipif(not DATA.exists(), reason="no ../shared/data")


def _f1(path: Path) -> float:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    tp = fp = fn = 0
    for row in rows:
        hit = score_names(row["name1"], row["name2"], row["schema"]) >= DEFAULT_THRESHOLD
        match = row["is_match"].strip().lower() == "true"
        tp += hit and match
        fp += hit and not match
        fn += match and not hit
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return 2 * precision * recall / max(1e-9, precision + recall)


@pytest.mark.parametrize("name", ["nomenklatura_name_bench_cases.csv",
                                  "watchman_cascade_name_pairs.csv"])
def test_pair_sets_stay_above_logic_v2(name: str) -> None:
    """A regression floor (logic-v2 scores 0.796 and 0.568 on these files)."""
    if not (PAIRS / name).exists():
        pytest.skip(f"no {name}")
    assert _f1(PAIRS / name) >= 0.8


@pytest.fixture(scope="module")
def un_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not UN_XML.exists():
        pytest.skip("no UN consolidated list")
    from illicitflow.lists.load import load_paths

    path = tmp_path_factory.mktemp("un") / "un.duckdb"
    with Store.open(path) as store:
        load_paths(store, [UN_XML])
    return path


def test_dprk_entries_are_found_in_any_spelling(un_store: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text(
        "full_name,schema\n"
        "Ri Pyong Chol,Person\n"
        "Lee Pyong-chul,Person\n"
        "리병철,Person\n"
        "Korea Mining Development Trading Corp.,Company\n"
        "KOMID,Organization\n",
        encoding="utf-8")
    out = tmp_path / "r.csv"
    screen_command(queries, un_store, out, top=1)
    with out.open(encoding="utf-8") as handle:
        found = {int(r["query_row"]): r["entity_id"] for r in csv.DictReader(handle)}
    assert found == {0: "un-KPi.076", 1: "un-KPi.076", 2: "un-KPi.076", 3: "un-KPe.001",
                     4: "un-KPe.001"}


def test_un_index_round_trip(un_store: Path) -> None:
    with Store.open(un_store) as store:
        built = ScreenIndex.for_store(store)
        loaded = ScreenIndex.load(store.con)
    assert loaded is not None and loaded.names == built.names
    assert len(built.entity_ids) == 1003
