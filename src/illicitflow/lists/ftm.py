"""FollowTheMoney entities as JSON lines (OpenSanctions' `entities.ftm.json`), ids unchanged.

One entity per line: `{"id", "schema", "properties", ...}`; other keys (`datasets`,
`referents`, `first_seen`, ...) are not kept. A file that is one JSON array is read too. Lines
that are not JSON objects with an id and a known schema are quarantined; values of properties
the schema does not have are kept as notes; the same id on several lines is merged. The list is
named `ftm-<file stem>`, or `ftm-<folder>` when the stem is a generic one such as `entities`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson

from illicitflow.lists.entity import schema_of
from illicitflow.lists.model import ParsedList, Quarantined, SourceFile
from illicitflow.lists.text import decode
from illicitflow.store.merge import caption_of, merge_fragments

SUFFIXES = (".json", ".jsonl", ".ndjson")

#: File stems that say nothing about the list: the folder names it instead.
GENERIC_STEMS = frozenset({"entities", "export", "targets", "data", "full", "default", "all"})


def is_ftm(path: Path) -> bool:
    """Whether `path` has a FtM JSON file name."""
    return path.suffix.lower() in SUFFIXES


def list_name(path: Path) -> str:
    """`ftm-<stem>` (`entities.ftm.json` in folder `zala` -> `ftm-zala`)."""
    stem = path.name
    for suffix in (*SUFFIXES, ".ftm"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    if stem.lower() in GENERIC_STEMS or not stem:
        stem = path.resolve().parent.name or stem
    slug = re.sub(r"[^a-z0-9_]+", "-", stem.lower()).strip("-")
    return f"ftm-{slug or 'entities'}"


def entity_from(data: Any) -> dict[str, Any]:
    """A stored entity dict from one parsed JSON value; raises `ValueError` saying why not."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    entity_id, schema_name = data.get("id"), data.get("schema")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise ValueError("no id")
    try:
        schema = schema_of(str(schema_name))
    except KeyError:
        raise ValueError(f"unknown schema {schema_name!r}") from None
    raw = data.get("properties") or {}
    if not isinstance(raw, dict):
        raise ValueError("properties is not an object")
    properties: dict[str, list[str]] = {}
    notes: list[str] = []
    for prop, values in raw.items():
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list):
            raise ValueError(f"values of {prop!r} are not a list")
        texts = [str(v) for v in values if v is not None and str(v).strip()]
        if prop in schema.properties:
            properties.setdefault(prop, [])
            properties[prop].extend(t for t in texts if t not in properties[prop])
        else:
            notes.extend(f"{prop}: {t}" for t in texts)
    if notes:
        properties.setdefault("notes", []).append("; ".join(notes))
    caption = data.get("caption") if isinstance(data.get("caption"), str) else None
    return {"id": entity_id, "schema": schema.name,
            "caption": caption or caption_of(schema, properties), "properties": properties}


def parse_ftm(path: Path, name: str | None = None) -> ParsedList:
    """Parse a FtM JSON lines file (or JSON array file) into a list version."""
    data = path.read_bytes()
    text, encoding = decode(data)
    parsed = ParsedList(name or list_name(path), [SourceFile.of(path, data, encoding)])
    records: list[tuple[int, str, Any]] = []
    if text.lstrip().startswith("["):
        try:
            records = [(0, "", item) for item in orjson.loads(text)]
        except orjson.JSONDecodeError as exc:
            parsed.quarantine.append(Quarantined(str(path), 0, f"invalid JSON: {exc}",
                                                 text[:2000]))
    else:
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                records.append((number, line, orjson.loads(line)))
            except orjson.JSONDecodeError as exc:
                parsed.quarantine.append(Quarantined(str(path), number,
                                                     f"invalid JSON: {exc}", line[:2000]))
    by_id: dict[str, dict[str, Any]] = {}
    for number, line, item in records:
        try:
            entity = entity_from(item)
        except ValueError as exc:
            raw = line or orjson.dumps(item).decode()
            parsed.quarantine.append(Quarantined(str(path), number, str(exc), raw[:2000]))
            continue
        if entity["id"] in by_id:
            by_id[entity["id"]] = merge_fragments([by_id[entity["id"]], entity])
        else:
            by_id[entity["id"]] = entity
    parsed.entities = list(by_id.values())
    return parsed
