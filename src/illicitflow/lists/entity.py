"""Building FtM entities from list records without losing values.

`Builder.add` cleans a value with its FtM property type (countries from names such as
`Korea, North` to `kp`, dates, IMO numbers, ...). A value that the entity's schema has no
property for, or that does not clean, is not dropped: identifiers fall back to
`registrationNumber` / `idNumber` where the schema has them, everything else is kept as a
`Label: value` note. The builder holds plain lists rather than an FtM proxy: lists have
hundreds of thousands of values and the proxy's bookkeeping is most of the parse time.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from followthemoney import model, registry
from followthemoney.schema import Schema

from illicitflow.store.merge import caption_of

#: Types whose cleaning is only whitespace, which `Builder.add` does itself.
TEXT_TYPES = frozenset({registry.name, registry.string, registry.text, registry.address})

#: Where an identifier goes when the schema lacks its own property (e.g. a vessel's tax number).
IDENTIFIER_FALLBACKS = ("registrationNumber", "idNumber")


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code (lower case) of a country name or code, or None."""
    if not text or not text.strip():
        return None
    return registry.country.clean(text.strip())


def schema_of(name: str) -> Schema:
    """The FtM schema called `name` (raises `KeyError` for an unknown one)."""
    schema = model.get(name)
    if schema is None:
        raise KeyError(name)
    return schema


@cache
def _text_properties(schema: str) -> frozenset[str]:
    """Names of the schema's properties whose values need no cleaning but whitespace."""
    return frozenset(name for name, prop in schema_of(schema).properties.items()
                     if prop.type in TEXT_TYPES)


class Builder:
    """An FtM entity under construction."""

    def __init__(self, schema: str, entity_id: str) -> None:
        self.schema = schema_of(schema)
        self._text = _text_properties(self.schema.name)
        self.id = entity_id
        self.properties: dict[str, list[str]] = {}
        self.notes: list[str] = []

    def has(self, prop: str) -> bool:
        return prop in self.schema.properties

    def add(self, prop: str, value: str | None, label: str | None = None,
            fallbacks: tuple[str, ...] = (), cleaned: bool = False) -> bool:
        """Add `value` to `prop` (or the first fallback the schema has); else note it.

        `cleaned` says the value is already in the property type's form (an ISO date or
        country code this package made), so FtM's cleaning is skipped.
        """
        if value is None:
            return False
        value = " ".join(str(value).split())
        if not value:
            return False
        for name in (prop, *fallbacks):
            schema_prop = self.schema.properties.get(name)
            if schema_prop is None:
                continue
            if not cleaned and name not in self._text:
                clean = schema_prop.type.clean_text(value, format=schema_prop.format)
                if clean is None:
                    break  # the schema has the property but the value does not clean
                value = clean
            values = self.properties.setdefault(name, [])
            if value not in values:
                values.append(value)
            return True
        self.note(f"{label or prop}: {value}")
        return False

    def add_all(self, prop: str, values: list[str], cleaned: bool = False) -> None:
        for value in values:
            self.add(prop, value, cleaned=cleaned)

    def note(self, text: str) -> None:
        text = " ".join(text.split())
        if text and text not in self.notes:
            self.notes.append(text)

    def to_dict(self) -> dict[str, Any]:
        """The FtM entity dict (`id`, `schema`, `caption`, `properties`); notes become one value."""
        properties = dict(self.properties)
        if self.notes:
            properties["notes"] = [*properties.get("notes", []), "; ".join(self.notes)]
        return {"id": self.id, "schema": self.schema.name,
                "caption": caption_of(self.schema, properties), "properties": properties}
