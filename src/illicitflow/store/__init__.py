"""The embedded store: FtM entities and every stage's tables in one DuckDB file."""

from illicitflow.store.store import Store

__all__ = ["Store"]
