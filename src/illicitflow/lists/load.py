"""Loading list files into the store: recognise each path, parse, replace list versions.

`load_paths` accepts files and folders (searched recursively) in any mix:
  - OFAC CSV files, grouped by set whatever folder each lies in: `sdn.csv`, `alt.csv`,
    `add.csv`, `sdn_comments.csv` -> list `ofac-sdn`; `cons_prim.csv`, `cons_alt.csv`,
    `cons_add.csv`, `cons_comments.csv` -> list `ofac-cons`;
  - the UN Security Council consolidated XML -> list `un-sc`;
  - FtM JSON lines (`.json`, `.jsonl`, `.ndjson`) -> list `ftm-<name>`, one per file.
In a folder, files of no known kind are skipped; a file named on its own must be known.

Everything is parsed before the store is touched, and all lists are replaced in one
transaction: a bad file (`ListFormatError`) leaves every list as it was. The publication date
is the file's own where the format has one (UN `dateGenerated`), else `published`, else the
day of the load, and the version records which (`file`, `argument`, `load_date`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from illicitflow.lists.ftm import is_ftm, list_name, parse_ftm
from illicitflow.lists.model import ListFormatError, ParsedList
from illicitflow.lists.ofac import ofac_part, parse_ofac
from illicitflow.lists.un import is_un_xml, parse_un
from illicitflow.store import Store

#: progress(step, done, total), as the CLI's progress bars take it.
Progress = Callable[[str, int, int], None]


@dataclass
class ListFiles:
    """The files of one list version, before parsing."""

    kind: str  # ofac | un | ftm
    name: str
    parts: dict[str, Path] = field(default_factory=dict)  # part -> path

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.parts.values())


def _kind(path: Path) -> tuple[str, str, str] | None:
    """(kind, list name, part) of a file we can read, else None."""
    if (found := ofac_part(path)) is not None:
        return ("ofac", *found)
    if path.suffix.lower() == ".xml":
        return ("un", "un-sc", "xml") if is_un_xml(path) else None
    if is_ftm(path):
        return ("ftm", list_name(path), "json")
    return None


def recognise(paths: Sequence[Path]) -> list[ListFiles]:
    """Group `paths` (files and folders) into list versions; raises `ListFormatError`."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*")) if p.is_file() and _kind(p)]
            if not found:
                raise ListFormatError(f"{path}: no OFAC CSV, UN XML or FtM JSON files in folder")
            files.extend(found)
        elif path.is_file():
            if _kind(path) is None:
                raise ListFormatError(
                    f"{path}: not a list file this version reads (OFAC sdn.csv/alt.csv/add.csv/"
                    "sdn_comments.csv or cons_*.csv, UN consolidated XML, FtM .json/.jsonl)")
            files.append(path)
        else:
            raise ListFormatError(f"{path}: no such file or folder")
    groups: dict[str, ListFiles] = {}
    for path in dict.fromkeys(p.resolve() for p in files):
        kind = _kind(path)
        assert kind is not None
        group = groups.setdefault(kind[1], ListFiles(kind[0], kind[1]))
        if kind[2] in group.parts:
            raise ListFormatError(f"two files for the same part of list {kind[1]}: "
                                  f"{group.parts[kind[2]]} and {path}")
        group.parts[kind[2]] = path
    return list(groups.values())


def parse(files: ListFiles) -> ParsedList:
    """Parse one list version's files."""
    if files.kind == "ofac":
        return parse_ofac(files.parts, files.name)
    if files.kind == "un":
        return parse_un(files.parts["xml"])
    return parse_ftm(files.parts["json"], files.name)


def store_parsed(store: Store, parsed: Sequence[ParsedList],
                 published: date | None = None) -> list[dict[str, Any]]:
    """Replace each parsed list's version in `store`, all in one transaction."""
    today = datetime.now(UTC).date()
    results = []
    with store.transaction():
        for p in parsed:
            if p.published is not None:
                when, how = p.published, "file"
            elif published is not None:
                when, how = published, "argument"
            else:
                when, how = today, "load_date"
            results.append(store.replace_list(
                p.name, p.entities, [q.to_dict() for q in p.quarantine], source=p.source,
                files=[f.to_dict() for f in p.files], sha256=p.sha256, published=when,
                published_from=how))
    return results


def load_paths(store: Store, paths: Sequence[Path], published: date | None = None,
               progress: Progress | None = None) -> list[dict[str, Any]]:
    """Load list files into `store`; returns the new `list_versions` rows, one per list.

    Raises `ListFormatError` (and changes nothing) when a path is unknown or a file broken.
    """
    groups = recognise(paths)
    total = sum(g.size for g in groups) or 1
    done = 0
    parsed = []
    for group in groups:
        if progress:
            progress(f"parse {group.name}", done, total)
        parsed.append(parse(group))
        done += group.size
    if progress:
        progress("store", done, total)
    results = store_parsed(store, parsed, published)
    if progress:
        progress("done", total, total)
    return results
