"""The tables of the store (one DuckDB file) that hold sanctions lists.

``list_versions``: one row per load of a list.
    version_id      VARCHAR   ``<list>@<published>.<n>``, n counting that list's loads
    list            VARCHAR   ``ofac-sdn``, ``ofac-cons``, ``un-sc``, ``ftm-<name>``
    source          VARCHAR   the path(s) read, joined by `` + ``
    files           JSON      ``[{path, sha256, size, encoding}]``, one per file
    sha256          VARCHAR   the file's SHA-256; for a set of files, the SHA-256 of their
                              ``sha256sum``-style manifest (``<sha256>  <name>`` lines, sorted)
    published       DATE      the list's publication date
    published_from  VARCHAR   how it was found: ``file`` (the file says, as UN XML does),
                              ``argument`` (``--published``) or ``load_date`` (neither: the day
                              of the load)
    loaded_at       TIMESTAMP when it was loaded (UTC)
    entities        INTEGER   entities in this version
    quarantined     INTEGER   rows of this version that were not loaded
    is_current      BOOLEAN   the version the list's entities come from (one per list)

``memberships``: what each list's current version says about an entity (its fragment).
    entity_id, list, version_id, schema, caption VARCHAR; properties JSON

``entities``: every entity of a current list version, its fragments merged
(`store.merge`): an entity in two lists is one row here and two in ``memberships``.
    id, schema, caption VARCHAR; properties JSON (FtM: property -> list of values)

``quarantine``: rows that were not loaded, for every version.
    version_id, list, file VARCHAR; line INTEGER (1-based; 0 where no line applies);
    reason VARCHAR; raw VARCHAR (the line or record as read, cut at 2,000 characters)

``store_meta``: key, value VARCHAR (``schema_version``).

No primary keys or indexes: the store replaces rows in bulk inside one transaction, and a
scan of a list-sized table is faster than keeping an index in step.
"""

from __future__ import annotations

SCHEMA_VERSION = "1"

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS store_meta (
        key VARCHAR NOT NULL,
        value VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS list_versions (
        version_id VARCHAR NOT NULL,
        list VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        files JSON NOT NULL,
        sha256 VARCHAR NOT NULL,
        published DATE NOT NULL,
        published_from VARCHAR NOT NULL,
        loaded_at TIMESTAMP NOT NULL,
        entities INTEGER NOT NULL,
        quarantined INTEGER NOT NULL,
        is_current BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS entities (
        id VARCHAR NOT NULL,
        schema VARCHAR NOT NULL,
        caption VARCHAR,
        properties JSON NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS memberships (
        entity_id VARCHAR NOT NULL,
        list VARCHAR NOT NULL,
        version_id VARCHAR NOT NULL,
        schema VARCHAR NOT NULL,
        caption VARCHAR,
        properties JSON NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS quarantine (
        version_id VARCHAR NOT NULL,
        list VARCHAR NOT NULL,
        file VARCHAR NOT NULL,
        line INTEGER NOT NULL,
        reason VARCHAR NOT NULL,
        raw VARCHAR)""",
)

#: How a publication date was found.
PUBLISHED_FROM = ("file", "argument", "load_date")
