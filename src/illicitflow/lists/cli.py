"""`illicitflow lists ...`: load list files into a store, fetch the official ones.

A typer sub-app (`app`), mounted by the main CLI as `illicitflow lists`; a thin shell over
`lists.load.load_paths` and `lists.fetch.fetch`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import duckdb
import typer
from rich.console import Console
from rich.progress import DownloadColumn
from rich.table import Table

from illicitflow.progress import bar as progress_bar
from illicitflow.progress import steps

app = typer.Typer(help="Load sanctions lists into a store; fetch the official files.",
                  no_args_is_help=True, add_completion=False)
err = Console(stderr=True)

HOW = {"file": "from file", "argument": "--published", "load_date": "load date"}


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(
        help="OFAC CSV files or folders (sdn.csv, alt.csv, add.csv, sdn_comments.csv; "
             "cons_*.csv), UN consolidated XML, FtM JSON lines.")],
    store: Annotated[Path, typer.Option(help="The store (a DuckDB file; created if missing).")],
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) for files that do not carry one.")] = None,
) -> None:
    """Load list files into STORE: each list's new version replaces its previous one."""
    from illicitflow.lists.load import load_paths
    from illicitflow.lists.model import ListFormatError
    from illicitflow.store import Store

    when = None
    if published is not None:
        try:
            when = date.fromisoformat(published)
        except ValueError:
            _fail(f"--published {published!r}: not a date (YYYY-MM-DD)")
    with progress_bar(label_width=24) as bar:
        task = bar.add_task("read", total=1)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        try:
            with Store.open(store) as opened:
                versions = load_paths(opened, paths, when, progress)
        except ListFormatError as exc:
            _fail(str(exc))
        except (duckdb.Error, OSError) as exc:
            _fail(f"{store}: cannot open or write the store ({exc})")
    table = Table(title=f"lists loaded into {store}")
    for column in ("list", "version", "published", "entities", "quarantined"):
        table.add_column(column, justify="right" if column in ("entities", "quarantined")
                         else "left")
    for v in versions:
        table.add_row(v["list"], v["version_id"],
                      f"{v['published'].isoformat()} ({HOW[v['published_from']]})",
                      f"{v['entities']:,}", f"{v['quarantined']:,}")
    Console(width=160).print(table)


@app.command()
def fetch(
    out: Annotated[Path, typer.Option(help="Folder to write the files to.")],
    list_: Annotated[list[str] | None, typer.Option(
        "--list", help="Only these lists (ofac-sdn, ofac-cons, un-sc); default all.")] = None,
) -> None:
    """Download the current official OFAC (SDN and non-SDN) and UN files into OUT."""
    from illicitflow.lists.fetch import FetchError
    from illicitflow.lists.fetch import fetch as fetch_files

    with progress_bar(DownloadColumn(), label_width=24) as bar:
        try:
            paths = fetch_files(out, lists=list_, progress=steps(bar))
        except ValueError as exc:
            _fail(str(exc))
        except FetchError as exc:
            _fail(str(exc), code=1)
    for path in paths:
        typer.echo(str(path))
