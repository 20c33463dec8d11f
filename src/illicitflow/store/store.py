"""The embedded store: one DuckDB file with the tables of `store.tables`.

`Store.open(path)` creates the file and tables when missing. Lists are written only through
`replace_list`, which swaps one list's current version for a new one inside a transaction:
the list's fragments in `memberships` are replaced, the merged `entities` of every id it
touches are recomputed from all lists' fragments, and a failure leaves the store as it was.
Every query takes its values as parameters; no data is ever formatted into SQL.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from illicitflow.store.tables import DDL, PUBLISHED_FROM, SCHEMA_VERSION

VERSION_COLUMNS = ("version_id", "list", "source", "files", "sha256", "published",
                   "published_from", "loaded_at", "entities", "quarantined", "is_current")

_ENTITIES_SQL = """
    SELECT e.id, e.schema, e.caption, e.properties, m.lists
    FROM entities e
    JOIN (SELECT entity_id, list_sort(list(DISTINCT list)) AS lists
          FROM memberships GROUP BY entity_id) m ON m.entity_id = e.id
"""

_BATCH = 2000


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


class Store:
    """A DuckDB file holding the lists (and, later, every stage's tables)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None = None) -> None:
        self._con = con
        self.path = path
        self._depth = 0  # nesting of `transaction()`

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> Store:
        """Open the store at `path`, creating the file and its tables if missing."""
        path = Path(path)
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only)
        if not sys.stdout.isatty():
            # DuckDB draws its own progress bar on stdout for long statements: only on a
            # terminal, so that piped output (JSON, CSV) stays clean
            con.execute("SET enable_progress_bar = false")
        store = cls(con, path)
        if not read_only:
            store._create()
        return store

    def _create(self) -> None:
        with self.transaction():
            for statement in DDL:
                self._con.execute(statement)
            found = self._con.execute(
                "SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
            if found is None:
                self._con.execute("INSERT INTO store_meta VALUES ('schema_version', ?)",
                                  [SCHEMA_VERSION])

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for the stages that add their own tables."""
        return self._con

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One DuckDB transaction; nested uses join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._con.begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._con.rollback()
            raise
        else:
            self._con.commit()
        finally:
            self._depth = 0

    # -- lists: reading ------------------------------------------------------------------

    def entities(self, lists: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """Entities of the current list versions (of `lists` only, if given), by id.

        Each is an FtM dict (`id`, `schema`, `caption`, `properties`) plus `lists`, the lists
        it is on; its properties merge what every list says about it.
        """
        cursor = self._con.cursor()
        try:
            if lists is None:
                cursor.execute(_ENTITIES_SQL + " ORDER BY e.id")
            else:
                cursor.execute(_ENTITIES_SQL + " WHERE list_has_any(m.lists, ?) ORDER BY e.id",
                               [list(lists)])
            while rows := cursor.fetchmany(_BATCH):
                for entity_id, schema, caption, properties, on_lists in rows:
                    yield {"id": entity_id, "schema": schema, "caption": caption,
                           "properties": orjson.loads(properties), "lists": list(on_lists)}
        finally:
            cursor.close()

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """One entity by id (as `entities` gives it), or None."""
        row = self._con.execute(_ENTITIES_SQL + " WHERE e.id = ?", [entity_id]).fetchone()
        if row is None:
            return None
        entity_id, schema, caption, properties, on_lists = row
        return {"id": entity_id, "schema": schema, "caption": caption,
                "properties": orjson.loads(properties), "lists": list(on_lists)}

    def list_versions(self, current: bool = False) -> list[dict[str, Any]]:
        """Every load of every list (only the current ones if `current`), oldest first."""
        sql = ("SELECT version_id, list, source, files, sha256, published, published_from, "
               "loaded_at, entities, quarantined, is_current FROM list_versions")
        if current:
            sql += " WHERE is_current"
        rows = self._con.execute(sql + " ORDER BY loaded_at, list, version_id").fetchall()
        versions = [dict(zip(VERSION_COLUMNS, row, strict=True)) for row in rows]
        for version in versions:
            version["files"] = orjson.loads(version["files"])
        return versions

    def quarantine(self, list: str | None = None) -> builtins.list[dict[str, Any]]:
        """Quarantined rows of the current list versions (of one list, if given)."""
        sql = ("SELECT q.version_id, q.list, q.file, q.line, q.reason, q.raw FROM quarantine q "
               "JOIN list_versions v ON v.version_id = q.version_id AND v.is_current")
        if list is not None:
            sql += " WHERE q.list = ?"
        params = [] if list is None else [list]
        rows = self._con.execute(sql + " ORDER BY q.list, q.file, q.line", params).fetchall()
        keys = ("version_id", "list", "file", "line", "reason", "raw")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    # -- lists: writing ------------------------------------------------------------------

    def replace_list(self, name: str, entities: Sequence[dict[str, Any]],
                     quarantine: Sequence[dict[str, Any]], *, source: str,
                     files: Sequence[dict[str, Any]], sha256: str, published: date,
                     published_from: str) -> dict[str, Any]:
        """Make a new version of list `name` current, replacing its previous one atomically.

        `entities` are FtM dicts with unique ids; `quarantine` rows have `file`, `line`,
        `reason` and `raw`. Returns the new `list_versions` row. Other lists are untouched,
        except that entities they share with this list are merged anew.
        """
        if published_from not in PUBLISHED_FROM:
            raise ValueError(f"published_from must be one of {PUBLISHED_FROM}")
        ids = [e["id"] for e in entities]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{name}: entity ids must be unique within a list version")
        con = self._con
        with self.transaction():
            count = con.execute("SELECT count(*) FROM list_versions WHERE list = ?",
                                [name]).fetchone()
            version_id = f"{name}@{published.isoformat()}.{(count[0] if count else 0) + 1}"
            con.execute("UPDATE list_versions SET is_current = false WHERE list = ?", [name])
            con.execute("INSERT INTO list_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)",
                        [version_id, name, source, _json(list(files)), sha256, published,
                         published_from, datetime.now(UTC).replace(tzinfo=None),
                         len(entities), len(quarantine)])
            old_ids = {row[0] for row in con.execute(
                "SELECT entity_id FROM memberships WHERE list = ?", [name]).fetchall()}
            con.execute("DELETE FROM memberships WHERE list = ?", [name])
            self._insert("memberships", pa.table({
                "entity_id": ids,
                "list": [name] * len(ids),
                "version_id": [version_id] * len(ids),
                "schema": [e["schema"] for e in entities],
                "caption": [e.get("caption") for e in entities],
                "properties": [_json(e["properties"]) for e in entities],
            }))
            self._merge_entities(name, entities, old_ids)
            self._insert("quarantine", pa.table({
                "version_id": [version_id] * len(quarantine),
                "list": [name] * len(quarantine),
                "file": [str(q["file"]) for q in quarantine],
                "line": pa.array([int(q["line"]) for q in quarantine], pa.int32()),
                "reason": [str(q["reason"]) for q in quarantine],
                "raw": [q.get("raw") for q in quarantine],
            }, schema=pa.schema([("version_id", pa.string()), ("list", pa.string()),
                                 ("file", pa.string()), ("line", pa.int32()),
                                 ("reason", pa.string()), ("raw", pa.string())])))
        found = [v for v in self.list_versions() if v["version_id"] == version_id]
        return found[0]

    def _insert(self, table: str, rows: pa.Table) -> None:
        """Append an Arrow table to one of our tables (columns in the table's order)."""
        if rows.num_rows == 0:
            return
        statements = {
            "memberships": "INSERT INTO memberships SELECT entity_id, list, version_id, schema, "
                           "caption, CAST(properties AS JSON) FROM _incoming",
            "entities": "INSERT INTO entities SELECT id, schema, caption, "
                        "CAST(properties AS JSON) FROM _incoming",
            "quarantine": "INSERT INTO quarantine SELECT version_id, list, file, line, reason, "
                          "raw FROM _incoming",
        }
        self._con.register("_incoming", rows)
        try:
            self._con.execute(statements[table])
        finally:
            self._con.unregister("_incoming")

    def _merge_entities(self, name: str, entities: Sequence[dict[str, Any]],
                        old_ids: set[str]) -> None:
        """Recompute `entities` rows for the ids list `name` had or has now."""
        con = self._con
        affected = old_ids | {e["id"] for e in entities}
        if not affected:
            return
        con.register("_affected", pa.table({"id": sorted(affected)}))
        try:
            others: dict[str, list[dict[str, Any]]] = {}
            for entity_id, schema, caption, properties in con.execute(
                    "SELECT m.entity_id, m.schema, m.caption, m.properties FROM memberships m "
                    "JOIN _affected a ON a.id = m.entity_id WHERE m.list <> ? "
                    "ORDER BY m.list", [name]).fetchall():
                others.setdefault(entity_id, []).append(
                    {"id": entity_id, "schema": schema, "caption": caption,
                     "properties": orjson.loads(properties)})
            con.execute("DELETE FROM entities WHERE id IN (SELECT id FROM _affected)")
        finally:
            con.unregister("_affected")
        from illicitflow.store.merge import merge_fragments  # FtM is slow to import: on use

        merged = [merge_fragments([e, *others.get(e["id"], [])]) for e in entities]
        new_ids = {e["id"] for e in entities}
        merged.extend(merge_fragments(fragments) for entity_id, fragments in others.items()
                      if entity_id not in new_ids)
        self._insert("entities", pa.table({
            "id": [e["id"] for e in merged],
            "schema": [e["schema"] for e in merged],
            "caption": [e["caption"] for e in merged],
            "properties": [_json(e["properties"]) for e in merged],
        }))
