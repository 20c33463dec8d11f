"""The real OFAC, UN and OpenSanctions files in ../shared/data/sanctions (skipped if absent).

Counts are those SOURCES.md gives for these files.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from illicitflow.lists.load import load_paths
from illicitflow.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sanctions"
SDN = DATA / "ofac_sdn_2024-05-03"
SDN_AUX = DATA / "ofac_sdn_aux_2025-12-24"
CONS = DATA / "ofac_non_sdn_2025-12-19"
UN = DATA / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml"
FTM = DATA / "opensanctions_ftm_samples"

#: The store, the new versions by list, every entity by id, and the seconds the load took.
Loaded = tuple[Store, dict[str, dict[str, Any]], dict[str, dict[str, Any]], float]

if not (SDN / "sdn.csv").exists() or not UN.exists():
    pytest.skip(f"real list files not found in {DATA}", allow_module_level=True)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    path = tmp_path_factory.mktemp("real") / "lists.duckdb"
    started = time.perf_counter()
    with Store.open(path) as store:
        versions = load_paths(store, [SDN, SDN_AUX, CONS, UN, FTM], published=date(2024, 5, 3))
        seconds = time.perf_counter() - started
        entities = {e["id"]: e for e in store.entities()}
        yield store, {v["list"]: v for v in versions}, entities, seconds


def is_dprk(entity: dict) -> bool:
    return any("DPRK" in p or "NKSPEA" in p for p in entity["properties"].get("program", []))


def test_sdn_dprk_entries(loaded: Loaded) -> None:
    _, versions, entities, _ = loaded
    assert versions["ofac-sdn"]["entities"] == 14965
    sdn = [e for e in entities.values() if "ofac-sdn" in e["lists"]]
    dprk = [e for e in sdn if is_dprk(e)]
    assert len(dprk) == 484
    kinds = Counter({"Organization": "entity", "Company": "entity", "LegalEntity": "entity"}
                    .get(e["schema"], e["schema"]) for e in dprk)
    assert kinds == {"Person": 164, "entity": 199, "Vessel": 105, "Airplane": 16}
    programs = Counter(p for e in dprk for p in e["properties"]["program"]
                       if "DPRK" in p or "NKSPEA" in p)
    assert programs == {"DPRK": 57, "DPRK2": 111, "DPRK3": 147, "DPRK4": 174, "DPRK-NKSPEA": 2}
    vessel = entities["ofac-17069"]
    assert vessel["schema"] == "Vessel" and vessel["properties"]["imoNumber"] == ["IMO7937317"]
    assert vessel["properties"]["flag"] == ["kp"]
    komid = entities["ofac-9345"]["properties"]
    assert komid["program"] == ["NPWMD", "DPRK2"] and "KOMID" in komid["weakAlias"]
    paek = entities["ofac-15667"]["properties"]
    assert paek["birthDate"] == ["1964-06-18"] and paek["passportNumber"] == ["381420754"]


def test_unknown_entity_rows_are_quarantined_and_counted(loaded: Loaded) -> None:
    store, versions, _, _ = loaded
    with (SDN / "sdn.csv").open(encoding="ascii", newline="") as handle:
        known = {row[0] for row in csv.reader(handle) if len(row) == 12}
    with (SDN_AUX / "alt.csv").open(encoding="ascii", newline="") as handle:
        alt = [row for row in csv.reader(handle) if len(row) == 5]
    orphans = [row for row in alt if row[0] not in known]
    quarantined = [q for q in store.quarantine("ofac-sdn")
                   if q["file"].endswith("alt.csv") and q["reason"] == "unknown entity"]
    assert len(quarantined) == len(orphans) == 2460
    ids = {q["raw"].split(",")[0] for q in quarantined}
    assert len({row[0] for row in alt}) == 8653 and len(ids) == 8653 - 7086
    reasons = Counter((Path(q["file"]).name, q["reason"]) for q in store.quarantine("ofac-sdn"))
    assert reasons[("add.csv", "unknown entity")] == 4893
    assert sum(reasons.values()) == versions["ofac-sdn"]["quarantined"]


def test_un_list(loaded: Loaded) -> None:
    _, versions, entities, _ = loaded
    un = versions["un-sc"]
    assert un["entities"] == 1003 and un["quarantined"] == 0
    assert un["published"] == date(2026, 2, 27) and un["published_from"] == "file"
    assert un["sha256"] == hashlib.sha256(UN.read_bytes()).hexdigest()
    records = [e for e in entities.values() if "un-sc" in e["lists"]]
    assert Counter(e["schema"] for e in records) == {"Person": 730, "Organization": 273}
    dprk = [e for e in records if e["properties"].get("program") == ["DPRK"]]
    assert len(dprk) == 155
    assert Counter(e["id"][:6] for e in dprk) == {"un-KPi": 80, "un-KPe": 75}
    ri = entities["un-KPi.033"]
    assert ri["caption"] == "RI WON HO" and ri["properties"]["nationality"] == ["kp"]


def test_entry_in_both_ofac_lists_is_one_entity(loaded: Loaded) -> None:
    store, versions, entities, _ = loaded
    assert versions["ofac-cons"]["entities"] == 442
    both = [e for e in entities.values() if {"ofac-sdn", "ofac-cons"} <= set(e["lists"])]
    assert len(both) == 61
    rows = store.con.execute(
        "SELECT count(*) FROM memberships WHERE entity_id = 'ofac-17018'").fetchone()
    assert rows == (2,)
    assert store.con.execute("SELECT count(*) FROM entities").fetchone() == (len(entities),)


def test_ftm_samples_and_versions(loaded: Loaded) -> None:
    _, versions, entities, _ = loaded
    assert versions["ftm-t1"]["entities"] == 7 and versions["ftm-zala"]["entities"] == 91
    assert versions["ftm-t1"]["published_from"] == "argument"
    assert entities["NK-2GdmHtZTeNXjNVrBGEXZNj"]["schema"] == "Organization"


def test_load_is_fast(loaded: Loaded) -> None:
    *_, seconds = loaded
    assert seconds < 20  # a few seconds on two cores; generous for a loaded CI machine
