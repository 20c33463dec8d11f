"""Command-line shells of screening: ``illicitflow screen`` and ``illicitflow match-pairs``.

:func:`screen_command` and :func:`match_pairs_command` are plain functions (paths and options
in, the number of rows written out; :class:`ScreenInputError` on bad input, with nothing
written); :data:`app` is a typer app with both commands, for mounting in the main CLI.
Output is written to a temporary file beside the target and renamed into place when complete.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from illicitflow.screen.api import (
    PAIR_COLUMNS,
    RESULT_COLUMNS,
    ScreeningError,
    ScreenInputError,
    match_pairs,
    screen,
)
from illicitflow.screen.logic import ALGORITHM, DEFAULT_THRESHOLD

Progress = Callable[[int, int], None]

__all__ = ["ScreenInputError", "ScreeningError", "app", "match_pairs_command", "read_csv",
           "screen_command"]


def read_csv(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """Rows (as dicts of strings) and header of a CSV file in UTF-8 (with or without BOM) or
    CP1252. Raises :class:`ScreenInputError` for a missing, empty, binary or malformed file."""
    header, rows = iter_csv(path)
    try:
        return list(rows), header
    except csv.Error as exc:
        raise ScreenInputError(f"{path}: unreadable CSV ({exc})") from exc


def iter_csv(path: Path) -> tuple[list[str], Iterator[dict[str, str]]]:
    """The header of a CSV file and an iterator over its rows (see :func:`read_csv`); the
    iterator raises :class:`ScreenInputError` on a malformed row."""
    path = Path(path)
    if not path.is_file():
        raise ScreenInputError(f"{path}: no such file")
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise ScreenInputError(f"{path}: not a CSV file (binary content)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ScreenInputError(f"{path}: not UTF-8 or CP1252 text")
    if not text.strip():
        raise ScreenInputError(f"{path}: empty file (a header row is needed)")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ScreenInputError(f"{path}: unreadable CSV ({exc})") from exc
    if not header or not any(header):
        raise ScreenInputError(f"{path}: no header row")
    reader.fieldnames = header

    def rows() -> Iterator[dict[str, str]]:
        try:
            for row in reader:
                yield {k: v for k, v in row.items() if k is not None}
        except csv.Error as exc:
            raise ScreenInputError(f"{path}: unreadable CSV ({exc})") from exc

    return header, rows()


@contextmanager
def _atomic(path: Path) -> Iterator[io.TextIOWrapper]:
    """A text file that appears at ``path`` only when the block completes without error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    with _atomic(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c)) for c in columns})


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.4f}"
    return "" if value is None else value


def match_pairs_command(pairs: Path, out: Path, progress: Progress | None = None) -> int:
    """Score ``pairs`` (CSV with schema,name1,name2) into ``out`` (schema,name1,name2,score).

    Returns the number of rows written; raises :class:`ScreenInputError` on bad input.
    """
    rows, _ = read_csv(pairs)
    scored = match_pairs(rows, progress=progress)
    _write_csv(out, PAIR_COLUMNS, scored)
    return len(scored)


def screen_command(queries: Path, store: Path, out: Path, threshold: float = DEFAULT_THRESHOLD,
                   top: int | None = None, workers: int | None = None,
                   progress: Progress | None = None,
                   index_progress: Progress | None = None) -> int:
    """Screen ``queries`` (CSV) against the lists in ``store`` into ``out`` (RESULTS.csv).

    Writes ``out`` (the contract columns, then list_versions and context columns) and
    ``out.versions.json`` (the list versions screened against). Returns the number of result
    rows; raises :class:`ScreenInputError` on bad input, with nothing written.
    """
    from illicitflow.screen.index import ScreenIndex
    from illicitflow.store import Store

    header, rows = iter_csv(queries)
    if not any(c in header for c in ("full_name", "name")):
        raise ScreenInputError(
            f"{queries}: queries need a name column: full_name or name (found: "
            f"{', '.join(header)})")
    if not 0.0 <= threshold <= 1.0:
        raise ScreenInputError(f"--threshold must be between 0 and 1, got {threshold}")
    if top is not None and top < 1:
        raise ScreenInputError(f"--top must be at least 1, got {top}")
    store = Path(store)
    if not store.exists():
        raise ScreenInputError(f"{store}: no such store (load lists first: illicitflow lists "
                               "load PATH... --store STORE)")
    try:
        lists = Store.open(store)
    except Exception:  # locked by another process: screen with a read-only view
        lists = Store.open(store, read_only=True)
    with lists as opened:
        if not opened.list_versions(current=True):
            raise ScreenInputError(f"{store}: the store holds no lists")
        index = ScreenIndex.for_store(opened, progress=index_progress)
    columns = (*RESULT_COLUMNS, "list_versions", "query_name", "schema", "caption", "lists")
    queries_seen = results = 0
    with _atomic(out) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        # chunks keep memory flat for a million names; query_row counts across chunks
        for chunk in _chunks(rows, CHUNK):
            if queries_seen == 0 and len(chunk) == CHUNK:
                index.warm()  # a long file: analyse every list name once, before forking
            part = screen(chunk, index, threshold=threshold, top=top, workers=workers,
                          progress=_offset(progress, queries_seen))
            for row in part:
                row["query_row"] += queries_seen
                writer.writerow({c: _cell(row.get(c)) for c in columns})
            queries_seen += len(chunk)
            results += len(part)
            if progress:
                progress(queries_seen, queries_seen)
    versions = {"algorithm": ALGORITHM, "threshold": threshold, "top": top,
                "queries": queries_seen, "results": results,
                "index_built_at": index.built_at, "list_versions": index.list_versions}
    with _atomic(Path(f"{out}.versions.json")) as handle:
        handle.write(orjson.dumps(versions, option=orjson.OPT_INDENT_2).decode() + "\n")
    return results


def _offset(progress: Progress | None, done: int) -> Progress | None:
    """A progress callback for one chunk that reports the queries of earlier chunks too."""
    if progress is None:
        return None
    report = progress

    def chunk_progress(completed: int, total: int) -> None:
        report(done + completed, done + total)

    return chunk_progress


#: Queries screened per chunk by :func:`screen_command`.
CHUNK = 20_000


def _chunks(rows: Iterator[dict[str, str]], size: int) -> Iterator[list[dict[str, str]]]:
    chunk: list[dict[str, str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- typer shells -----------------------------------------------------------------------------


def _make_app() -> typer.Typer:
    from rich.console import Console

    from illicitflow.progress import counted as bar

    err = Console(stderr=True)
    screen_app = typer.Typer(help="Screen names against sanctions lists.", add_completion=False,
                             no_args_is_help=True)

    def fail(message: str, code: int = 2) -> None:
        err.print(f"[bold red]error:[/] {message}")
        raise typer.Exit(code)

    @screen_app.command("screen")
    def screen_cli(
        queries: Annotated[Path, typer.Argument(help="QUERIES.csv: full_name or name, "
                                                "optional date_of_birth, nationality, gender, "
                                                "schema.")],
        store: Annotated[Path, typer.Option(help="The store holding the lists.")],
        out: Annotated[Path, typer.Option(help="RESULTS.csv to write.")],
        threshold: Annotated[float, typer.Option(
            help="Report candidates scoring at least this.")] = DEFAULT_THRESHOLD,
        top: Annotated[int | None, typer.Option(help="At most this many per query.")] = None,
        workers: Annotated[int | None, typer.Option(help="Processes (default: CPUs).")] = None,
    ) -> None:
        """Screen QUERIES.csv against the lists in STORE into RESULTS.csv."""
        with bar() as progress:
            task_index = progress.add_task("index", total=None)
            task = progress.add_task("screening", total=None)
            try:
                count = screen_command(
                    queries, store, out, threshold, top, workers,
                    progress=lambda d, t: progress.update(task, completed=d, total=t),
                    index_progress=lambda d, t: progress.update(task_index, completed=d,
                                                                total=t or None))
            except ScreenInputError as exc:
                fail(str(exc))
            except ScreeningError as exc:
                fail(f"{exc}; nothing was written", 1)
        err.print(f"{count} results written to {out}")

    @screen_app.command("match-pairs")
    def match_pairs_cli(
        pairs: Annotated[Path, typer.Argument(help="PAIRS.csv with schema,name1,name2.")],
        out: Annotated[Path, typer.Option(help="SCORED.csv to write.")],
    ) -> None:
        """Score name pairs: schema,name1,name2 -> schema,name1,name2,score."""
        with bar() as progress:
            task = progress.add_task("scoring", total=None)
            try:
                count = match_pairs_command(
                    pairs, out, progress=lambda d, t: progress.update(task, completed=d,
                                                                      total=t))
            except ScreenInputError as exc:
                fail(str(exc))
            except ScreeningError as exc:
                fail(f"{exc}; nothing was written", 1)
        err.print(f"{count} pairs written to {out}")

    return screen_app


app = _make_app()
