"""Sanctions lists: parsers of the official formats to FtM entities, loading, fetching.

One module per format: `ofac` (legacy CSV, remarks in `ofac_remarks`), `un` (consolidated
XML), `ftm` (FollowTheMoney JSON lines). `load.load_paths` recognises files and loads them into
the store as list versions; `fetch.fetch` downloads the current official files.
"""

from illicitflow.lists.model import ListFormatError, ParsedList, Quarantined, SourceFile

__all__ = ["ListFormatError", "ParsedList", "Quarantined", "SourceFile"]
