"""The store: tables, list versions replaced atomically, entities merged across lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from illicitflow.store import Store
from illicitflow.store.merge import merge_fragments


def person(entity_id: str, *names: str, **props: list[str]) -> dict[str, Any]:
    return {"id": entity_id, "schema": "Person", "caption": names[0],
            "properties": {"name": list(names), **props}}


def replace(store: Store, name: str, entities: list[dict[str, Any]],
            quarantine: list[dict[str, Any]] | None = None,
            published: date = date(2024, 5, 3), sha256: str = "0" * 64) -> dict[str, Any]:
    return store.replace_list(name, entities, quarantine or [], source=f"/data/{name}",
                              files=[{"path": f"/data/{name}", "sha256": sha256}],
                              sha256=sha256, published=published, published_from="argument")


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "sub" / "store.duckdb") as opened:
        yield opened


def test_open_creates_file_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "new" / "store.duckdb"
    with Store.open(path) as store:
        tables = {r[0] for r in store.con.execute("SHOW TABLES").fetchall()}
        assert {"entities", "memberships", "list_versions", "quarantine"} <= tables
    assert path.exists()
    with Store.open(path) as store:  # reopening keeps the schema version row single
        assert store.con.execute("SELECT count(*) FROM store_meta").fetchone() == (1,)
        assert list(store.entities()) == [] and store.list_versions() == []


def test_duckdb_progress_bar_off_when_stdout_is_piped(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def setting(store: Store) -> bool:
        return store.con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]

    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    with Store.open(tmp_path / "a.duckdb") as store:  # piped: JSON or CSV on stdout stays clean
        assert setting(store) is False


def test_replace_list_and_read(store: Store) -> None:
    version = replace(store, "a", [person("a-1", "Kim Yong Chol"), person("a-2", "Ri Won Ho")],
                      [{"file": "/data/a", "line": 7, "reason": "bad ent_num", "raw": "x"}])
    assert version["version_id"] == "a@2024-05-03.1"
    assert version["entities"] == 2 and version["quarantined"] == 1 and version["is_current"]
    assert version["published"] == date(2024, 5, 3) and version["published_from"] == "argument"
    assert version["sha256"] == "0" * 64 and version["files"][0]["path"] == "/data/a"
    entities = list(store.entities())
    assert [e["id"] for e in entities] == ["a-1", "a-2"]
    assert entities[0] == {"id": "a-1", "schema": "Person", "caption": "Kim Yong Chol",
                           "properties": {"name": ["Kim Yong Chol"]}, "lists": ["a"]}
    assert store.entity("a-2")["caption"] == "Ri Won Ho"
    assert store.entity("nope") is None
    assert store.quarantine() == [{"version_id": "a@2024-05-03.1", "list": "a",
                                   "file": "/data/a", "line": 7, "reason": "bad ent_num",
                                   "raw": "x"}]


def test_newer_version_replaces_only_its_list(store: Store) -> None:
    replace(store, "a", [person("a-1", "Old A1"), person("a-2", "Old A2")],
            [{"file": "f", "line": 1, "reason": "r", "raw": ""}])
    replace(store, "b", [person("b-1", "B1")])
    new = replace(store, "a", [person("a-1", "New A1"), person("a-3", "New A3")],
                  published=date(2024, 6, 1), sha256="1" * 64)
    assert new["version_id"] == "a@2024-06-01.2"
    assert {e["id"]: e["caption"] for e in store.entities()} == \
        {"a-1": "New A1", "a-3": "New A3", "b-1": "B1"}
    assert [e["id"] for e in store.entities(["b"])] == ["b-1"]
    assert [e["id"] for e in store.entities(["a"])] == ["a-1", "a-3"]
    versions = store.list_versions()
    assert [(v["version_id"], v["is_current"]) for v in versions] == \
        [("a@2024-05-03.1", False), ("b@2024-05-03.1", True), ("a@2024-06-01.2", True)]
    assert [v["version_id"] for v in store.list_versions(current=True)] == \
        ["b@2024-05-03.1", "a@2024-06-01.2"]
    assert store.quarantine("a") == []  # the old version's quarantine is history


def test_entity_on_two_lists_is_one_entity(store: Store) -> None:
    replace(store, "ofac-sdn", [person("ofac-17018", "SBERBANK", alias=["SBERBANK ROSSII"])])
    replace(store, "ofac-cons", [
        {"id": "ofac-17018", "schema": "Company", "caption": "SBERBANK",
         "properties": {"name": ["SBERBANK"], "program": ["UKRAINE-EO13662"]}}])
    # Person and Company cannot meet: the first list's schema wins, the rest is kept
    merged = store.entity("ofac-17018")
    assert merged["lists"] == ["ofac-cons", "ofac-sdn"]
    assert store.con.execute("SELECT count(*) FROM entities").fetchone() == (1,)
    assert store.con.execute("SELECT count(*) FROM memberships").fetchone() == (2,)
    assert merged["properties"]["name"] == ["SBERBANK"]


def test_merge_properties_and_schema(store: Store) -> None:
    org = {"id": "ofac-1", "schema": "Organization", "caption": "ACME",
           "properties": {"name": ["ACME"], "program": ["SDGT"]}}
    company = {"id": "ofac-1", "schema": "Company", "caption": "ACME",
               "properties": {"name": ["ACME", "ACME LTD"], "program": ["SSI"],
                              "taxNumber": ["123"]}}
    replace(store, "ofac-sdn", [org])
    replace(store, "ofac-cons", [company])
    merged = store.entity("ofac-1")
    assert merged["schema"] == "Company"
    assert merged["properties"] == {"name": ["ACME", "ACME LTD"], "program": ["SSI", "SDGT"],
                                    "taxNumber": ["123"]}
    # a new SDN version without the entity leaves the non-SDN fragment alone
    replace(store, "ofac-sdn", [person("ofac-2", "Someone")])
    left = store.entity("ofac-1")
    assert left["lists"] == ["ofac-cons"] and left["properties"]["program"] == ["SSI"]
    # and an empty version of the non-SDN list removes it
    replace(store, "ofac-cons", [])
    assert store.entity("ofac-1") is None


def test_failed_load_rolls_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    replace(store, "a", [person("a-1", "Kept")])

    def boom(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_merge_entities", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        replace(store, "a", [person("a-2", "Never")])
    assert [e["id"] for e in store.entities()] == ["a-1"]
    assert [v["version_id"] for v in store.list_versions()] == ["a@2024-05-03.1"]
    assert store.list_versions()[0]["is_current"]


def test_replace_list_checks_its_input(store: Store) -> None:
    with pytest.raises(ValueError, match="unique"):
        replace(store, "a", [person("x", "A"), person("x", "B")])
    with pytest.raises(ValueError, match="published_from"):
        store.replace_list("a", [], [], source="s", files=[], sha256="", published=date.today(),
                           published_from="guess")
    assert store.list_versions() == []


def test_parameterised_sql_takes_hostile_ids(store: Store) -> None:
    evil = "x'); DROP TABLE entities; --"
    replace(store, "a'; --", [person(evil, "Robert'); DROP TABLE")])
    assert store.entity(evil)["lists"] == ["a'; --"]
    assert [e["id"] for e in store.entities(["a'; --"])] == [evil]


def test_read_only_open(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        replace(store, "a", [person("a-1", "A")])
    with Store.open(path, read_only=True) as store:
        assert store.entity("a-1") is not None
        with pytest.raises(duckdb.Error):
            store.con.execute("DELETE FROM entities")


def test_merge_fragments_conflicting_schemas() -> None:
    merged = merge_fragments([
        person("x", "A"),
        {"id": "x", "schema": "Vessel", "caption": "A",
         "properties": {"name": ["A"], "imoNumber": ["IMO1234567"]}},
    ])
    assert merged["schema"] == "Person"
    assert merged["properties"]["notes"] == ["imoNumber: IMO1234567"]
