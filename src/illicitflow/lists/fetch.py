"""Downloading the current official list files from their publishers.

OFAC publishes its legacy CSV files through the Sanctions List Service
(`https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV`, ...; the
old `treasury.gov/ofac/downloads/` addresses redirect there) and the UN its consolidated list at
`https://scsanctions.un.org/resources/xml/en/consolidated.xml`. Files are saved under the names
`lists load` recognises (`sdn.csv`, ..., `cons_prim.csv`, ..., `un_consolidated.xml`), each
written to a `.part` file first and renamed when complete, so an interrupted download never
leaves a truncated list behind.
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from illicitflow import __version__

#: Publisher -> base address of its files.
BASE_URLS: dict[str, str] = {
    "ofac": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/",
    "un": "https://scsanctions.un.org/resources/xml/en/",
}

#: List -> (publisher, [(name at the publisher, local file name)]).
SOURCES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "ofac-sdn": ("ofac", (("SDN.CSV", "sdn.csv"), ("ALT.CSV", "alt.csv"),
                          ("ADD.CSV", "add.csv"), ("SDN_COMMENTS.CSV", "sdn_comments.csv"))),
    "ofac-cons": ("ofac", (("CONS_PRIM.CSV", "cons_prim.csv"), ("CONS_ALT.CSV", "cons_alt.csv"),
                           ("CONS_ADD.CSV", "cons_add.csv"),
                           ("CONS_COMMENTS.CSV", "cons_comments.csv"))),
    "un-sc": ("un", (("consolidated.xml", "un_consolidated.xml"),)),
}

CHUNK = 1 << 16

#: progress(step, done, total): bytes of the file being downloaded (total 0 when unknown).
Progress = Callable[[str, int, int], None]


class FetchError(RuntimeError):
    """A file could not be downloaded (offline, address gone, server error)."""


def urls(base_urls: Mapping[str, str] | None = None,
         lists: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(address, local file name) of every file to fetch.

    `base_urls` maps a publisher (`ofac`, `un`) to another base address (a mirror, a test
    server), or a local file name (`sdn.csv`) to the full address of that one file.
    """
    overrides = dict(base_urls or {})
    wanted = list(lists) if lists else list(SOURCES)
    unknown = [name for name in wanted if name not in SOURCES]
    if unknown:
        raise ValueError(f"unknown lists {unknown}; known: {sorted(SOURCES)}")
    found = []
    for name in wanted:
        publisher, files = SOURCES[name]
        base = overrides.get(publisher, BASE_URLS[publisher])
        base = base if base.endswith("/") else base + "/"
        for remote, local in files:
            found.append((overrides.get(local, base + remote), local))
    return found


def download(url: str, target: Path, progress: Progress | None = None,
             timeout: float = 120.0) -> Path:
    """Download `url` to `target` (through `target.part`); raises `FetchError`."""
    request = urllib.request.Request(url, headers={"User-Agent": f"illicitflow/{__version__}"})
    partial = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, \
                partial.open("wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            while chunk := response.read(CHUNK):
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(target.name, done, total)
    except urllib.error.HTTPError as exc:
        partial.unlink(missing_ok=True)
        raise FetchError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        partial.unlink(missing_ok=True)
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: cannot download ({reason}); are you online?") from None
    shutil.move(partial, target)
    return target


def fetch(out_dir: Path, base_urls: Mapping[str, str] | None = None,
          lists: Sequence[str] | None = None, progress: Progress | None = None,
          timeout: float = 120.0) -> list[Path]:
    """Download the current official OFAC and UN files into `out_dir`; returns their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [download(url, out_dir / local, progress, timeout)
            for url, local in urls(base_urls, lists)]
