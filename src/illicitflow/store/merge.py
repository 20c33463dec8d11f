"""Merging fragments of one entity: what each list says about it, as one FtM entity.

An OFAC ent_num in both the SDN and the non-SDN files is one entity (`ofac-<ent_num>`) with a
fragment from each list. The merged entity takes the most specific schema both fragments allow
(FtM's `common_schema`: LegalEntity + Company -> Company) and the union of their values, in
order. Where schemas cannot meet (Person and Vessel), the first fragment's schema wins and
values it has no property for are kept as notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from followthemoney import model, registry
from followthemoney.exc import InvalidData
from followthemoney.schema import Schema
from rigour.names import pick_name


def caption_of(schema: Schema, properties: dict[str, list[str]]) -> str:
    """FtM's caption: the first caption property with a value (the best of several names)."""
    for name in schema.caption:
        values = properties.get(name)
        if not values:
            continue
        if len(values) > 1 and schema.properties[name].type == registry.name:
            best = pick_name(sorted(values))
            if best is not None:
                return best
        return values[0]
    return schema.label


def merge_schema(names: Sequence[str]) -> Schema:
    """The most specific schema all `names` allow; the first one where they conflict."""
    schema = model.get(names[0])
    if schema is None:
        raise KeyError(names[0])
    for name in names[1:]:
        try:
            schema = model.common_schema(schema, name)
        except InvalidData:
            continue
    return schema


def merge_fragments(fragments: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One entity dict (`id`, `schema`, `caption`, `properties`) from fragments of one id."""
    if len(fragments) == 1:
        first = fragments[0]
        return {"id": first["id"], "schema": first["schema"], "caption": first.get("caption")
                or caption_of(merge_schema([first["schema"]]), first["properties"]),
                "properties": first["properties"]}
    schema = merge_schema([f["schema"] for f in fragments])
    properties: dict[str, list[str]] = {}
    notes: list[str] = []
    for fragment in fragments:
        for prop, values in fragment["properties"].items():
            if prop not in schema.properties:
                notes.extend(f"{prop}: {v}" for v in values)
                continue
            merged = properties.setdefault(prop, [])
            merged.extend(v for v in values if v not in merged)
    if notes:
        properties.setdefault("notes", []).append("; ".join(notes))
    return {"id": fragments[0]["id"], "schema": schema.name,
            "caption": caption_of(schema, properties), "properties": properties}
