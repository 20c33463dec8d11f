"""The Python API of screening: score name pairs and screen queries, on DataFrames.

Both functions take a pandas DataFrame or a pyarrow Table (or a list of dicts) and return the
same kind they were given.

* :func:`match_pairs`: columns ``schema, name1, name2`` in (others ignored), the same rows in
  the same order out with exactly ``schema, name1, name2, score``;
* :func:`screen`: columns ``full_name`` (or ``name``), optional ``date_of_birth``,
  ``nationality`` (ISO code or country name), ``gender``, ``schema`` (default Person) and, where
  known, ``passport``, ``id_number``, ``imo_number``; one row out per (query, candidate) at or
  above the threshold, best first, at most ``top`` per query, starting with ``query_row,
  entity_id, candidate_name, score, explanation`` (``query_row`` is the 0-based row index of the
  query), then ``list_versions`` and some context columns.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

from illicitflow.screen import evidence as ev
from illicitflow.screen.index import ScreenIndex
from illicitflow.screen.logic import DEFAULT_THRESHOLD, score_names
from illicitflow.screen.names import analyse, load_name_tagger, schema_kind

#: Columns of match_pairs' output, in order.
PAIR_COLUMNS = ("schema", "name1", "name2", "score")
#: The contract columns that every screening result starts with, in order.
RESULT_COLUMNS = ("query_row", "entity_id", "candidate_name", "score", "explanation")
#: Columns that follow the contract columns.
EXTRA_COLUMNS = ("list_versions", "query_name", "schema", "caption", "lists")
#: Query name columns, in order of preference.
NAME_COLUMNS = ("full_name", "name")

Progress = Callable[[int, int], None]
BATCH = 500
#: From this many queries, every list name is analysed before screening starts.
WARM_AT = 20_000


class ScreenInputError(ValueError):
    """Input that cannot be screened or scored (a missing column, an invalid option)."""


class ScreeningError(RuntimeError):
    """A name the matcher failed on: a defect of the matcher, raised with the row and the name
    so that it can be reported; nothing of the run is written."""


def _failed(what: str, exc: Exception) -> ScreeningError:
    return ScreeningError(f"{what}: the matcher failed ({type(exc).__name__}: {exc})")


# --- tables in and out ------------------------------------------------------------------------


def _rows(data: Any) -> tuple[list[dict[str, Any]], list[str], str]:
    """Rows as dicts, the column names, and the kind of table given (pandas, arrow, rows)."""
    if isinstance(data, pa.Table):
        return data.to_pylist(), list(data.column_names), "arrow"
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # pandas
        frame = data.astype(object).where(data.notna(), None)
        return frame.to_dict("records"), [str(c) for c in data.columns], "pandas"
    rows = [dict(r) for r in data]
    columns = list(dict.fromkeys(k for r in rows for k in r))
    return rows, columns, "rows"


def _table(columns: Sequence[str], rows: list[dict[str, Any]], kind: str,
           types: Mapping[str, pa.DataType]) -> Any:
    arrays = {c: pa.array([r.get(c) for r in rows], types.get(c, pa.string())) for c in columns}
    table = pa.table(arrays) if rows else pa.table(
        {c: pa.array([], types.get(c, pa.string())) for c in columns})
    if kind == "arrow":
        return table
    if kind == "pandas":
        return table.to_pandas()
    return [{c: r.get(c) for c in columns} for r in rows]


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return "" if text.lower() == "nan" and not isinstance(value, str) else text


# --- match-pairs ------------------------------------------------------------------------------


def _score_pairs(rows: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row_no, row in rows:
        schema = _text(row.get("schema")).strip() or "Person"
        name1, name2 = _text(row.get("name1")), _text(row.get("name2"))
        try:
            score = score_names(name1, name2, schema) if name1.strip() and name2.strip() else 0.0
        except Exception as exc:
            raise _failed(f"pair row {row_no} ({name1!r}, {name2!r}, {schema})", exc) from exc
        out.append({"schema": _text(row.get("schema")), "name1": name1, "name2": name2,
                    "score": round(float(score), 4)})
    return out


def match_pairs(pairs: Any, progress: Progress | None = None,
                workers: int | None = None) -> Any:
    """Score name pairs: ``schema, name1, name2`` in, ``schema, name1, name2, score`` out.

    Rows keep their order; a missing schema is read as Person; the score is in [0, 1].
    From 10,000 pairs, ``workers`` processes (default: one per CPU, at most four) share them.
    Raises :class:`ScreeningError`, naming the row, for a pair the matcher fails on.
    """
    rows, columns, kind = _rows(pairs)
    missing = [c for c in ("schema", "name1", "name2") if c not in columns]
    if missing:
        raise ScreenInputError(
            f"pairs need the columns schema, name1, name2; missing: {', '.join(missing)}")
    total = len(rows)
    size = 4 * BATCH
    numbered = list(enumerate(rows))
    chunks = [numbered[i : i + size] for i in range(0, total, size)]
    workers = workers or min(os.cpu_count() or 1, 4)
    out: list[dict[str, Any]] = []
    if workers > 1 and total >= 10_000 and _can_fork():
        import multiprocessing

        load_name_tagger()  # once here, shared by the workers, not once in each
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap(_score_pairs, chunks):
                out += part
                if progress:
                    progress(len(out), total)
    else:
        for chunk in chunks:
            out += _score_pairs(chunk)
            if progress:
                progress(len(out), total)
    if progress and not chunks:
        progress(0, 0)
    return _table(PAIR_COLUMNS, out, kind, {"score": pa.float64()})


# --- screen -----------------------------------------------------------------------------------


def _name_column(columns: Sequence[str]) -> str:
    for name in NAME_COLUMNS:
        if name in columns:
            return name
    raise ScreenInputError(
        "queries need a name column: full_name or name (found: "
        f"{', '.join(columns) if columns else 'no columns'})")


def _check_options(threshold: float, top: int | None) -> None:
    if not 0.0 <= threshold <= 1.0:
        raise ScreenInputError(f"threshold must be between 0 and 1, got {threshold}")
    if top is not None and top < 1:
        raise ScreenInputError(f"top must be at least 1, got {top}")


_WORKER_INDEX: ScreenIndex | None = None


def _screen_rows(index: ScreenIndex, rows: Iterable[tuple[int, dict[str, Any]]], name_col: str,
                 threshold: float, top: int | None, versions: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row_no, row in rows:
        name = _text(row.get(name_col)).strip()
        if not name:
            continue
        schema = _text(row.get("schema")).strip() or "Person"
        try:
            forms = [analyse(name, schema_kind(schema))]
            query_ev = ev.query_evidence(row)
            candidates = index.search(forms, query_ev, threshold, top, schema)
        except Exception as exc:
            raise _failed(f"query row {row_no} ({name!r}, {schema})", exc) from exc
        for cand in candidates:
            score = cand.score
            pos = cand.entity_pos
            out.append({
                "query_row": row_no,
                "entity_id": index.entity_ids[pos],
                "candidate_name": score.match.right if score.match else index.captions[pos],
                "score": round(float(score.score), 4),
                "explanation": score.explain(),
                "list_versions": versions,
                "query_name": name,
                "schema": index.schemas[pos],
                "caption": index.captions[pos],
                "lists": ";".join(index.lists[pos]),
            })
    return out


def _worker(args: tuple[list[tuple[int, dict[str, Any]]], str, float, int | None, str]
            ) -> list[dict[str, Any]]:
    assert _WORKER_INDEX is not None
    return _screen_rows(_WORKER_INDEX, *args)


def versions_label(index: ScreenIndex) -> str:
    """The list versions an index was built from, as one string (list_versions column)."""
    return ";".join(str(v.get("version_id")) for v in index.list_versions)


def screen(queries: Any, index: ScreenIndex, threshold: float = DEFAULT_THRESHOLD,
           top: int | None = None, workers: int | None = None,
           progress: Progress | None = None) -> Any:
    """Screen queries against the lists of ``index`` (see :meth:`ScreenIndex.for_store`).

    ``workers`` processes share the work when there are 2,000 queries or more (default: one
    per CPU, at most four); each gets a copy-on-write view of the index. Raises
    :class:`ScreeningError`, naming the row, for a query the matcher fails on.
    """
    _check_options(threshold, top)
    rows, columns, kind = _rows(queries)
    name_col = _name_column(columns)
    versions = versions_label(index)
    total = len(rows)
    numbered = list(enumerate(rows))
    batches = [numbered[i : i + BATCH] for i in range(0, total, BATCH)]
    workers = workers or min(os.cpu_count() or 1, 4)
    out: list[dict[str, Any]] = []
    if total >= WARM_AT:
        index.warm()  # once in this process, not once per worker
    if workers > 1 and total >= 4 * BATCH and _can_fork():
        import multiprocessing

        global _WORKER_INDEX
        _WORKER_INDEX = index
        load_name_tagger()  # once here, shared by the workers, not once in each
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                done = 0
                args = [(b, name_col, threshold, top, versions) for b in batches]
                for part in pool.imap(_worker, args):
                    out += part
                    done += BATCH
                    if progress:
                        progress(min(done, total), total)
        finally:
            _WORKER_INDEX = None
    else:
        for k, batch in enumerate(batches):
            out += _screen_rows(index, batch, name_col, threshold, top, versions)
            if progress:
                progress(min((k + 1) * BATCH, total), total)
    if progress and not batches:
        progress(0, 0)
    return _table((*RESULT_COLUMNS, *EXTRA_COLUMNS), out, kind,
                  {"query_row": pa.int64(), "score": pa.float64()})


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def screen_store(queries: Any, store: Any, threshold: float = DEFAULT_THRESHOLD,
                 top: int | None = None, workers: int | None = None,
                 progress: Progress | None = None) -> Any:
    """:func:`screen` against a :class:`illicitflow.store.Store` (its index built if needed)."""
    return screen(queries, ScreenIndex.for_store(store), threshold, top, workers, progress)
