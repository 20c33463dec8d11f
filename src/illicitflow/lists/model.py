"""What every list parser produces: a list version's entities, quarantined rows and provenance.

A parser turns the files of one list version into a `ParsedList`: FtM entity dicts (`id`,
`schema`, `caption`, `properties`), the rows it could not use (`Quarantined`, with file, 1-based
line and reason) and the files it read (`SourceFile`, with their SHA-256 and detected encoding).
The store takes a `ParsedList` as one unit: all of it replaces the list's previous version, or
nothing changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


class ListFormatError(ValueError):
    """A file that cannot be read as the list format it claims to be (nothing is loaded)."""


@dataclass(frozen=True)
class SourceFile:
    """A file a list version was read from."""

    path: Path
    sha256: str
    size: int
    encoding: str | None = None  # for text formats: utf-8, utf-8-sig or cp1252

    @classmethod
    def of(cls, path: Path, data: bytes, encoding: str | None = None) -> SourceFile:
        return cls(path, hashlib.sha256(data).hexdigest(), len(data), encoding)

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "sha256": self.sha256, "size": self.size,
                "encoding": self.encoding}


@dataclass(frozen=True)
class Quarantined:
    """A row that was not loaded, and why."""

    file: str
    line: int  # 1-based; 0 when the problem is not tied to one line
    reason: str
    raw: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "reason": self.reason, "raw": self.raw}


@dataclass
class ParsedList:
    """One version of one list, parsed and ready for the store."""

    name: str  # ofac-sdn | ofac-cons | un-sc | ftm-<name>
    files: list[SourceFile]
    entities: list[dict[str, Any]] = field(default_factory=list)
    quarantine: list[Quarantined] = field(default_factory=list)
    published: date | None = None  # from the file itself, where the format carries a date

    @property
    def sha256(self) -> str:
        """The file's SHA-256; for a set of files, the SHA-256 of their `sha256sum` manifest."""
        if len(self.files) == 1:
            return self.files[0].sha256
        manifest = "".join(f"{f.sha256}  {f.path.name}\n"
                           for f in sorted(self.files, key=lambda f: f.path.name))
        return hashlib.sha256(manifest.encode()).hexdigest()

    @property
    def source(self) -> str:
        """The source path(s), separated by ' + '."""
        return " + ".join(str(f.path) for f in self.files)

