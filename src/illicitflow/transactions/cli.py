"""``illicitflow transactions import``: a typer app and the plain function behind it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from illicitflow.store import Store
from illicitflow.transactions.api import FORMATS, import_transactions
from illicitflow.transactions.load import TransactionImportError

app = typer.Typer(help="Import bank transactions.", no_args_is_help=True, add_completion=False)


def import_command(path: Path, format: str, store: Path) -> int:
    """Import PATH into STORE; print the report as JSON; 2 on a path that is not FORMAT."""
    if format not in FORMATS:
        print(f"error: --format must be one of {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    with Store.open(store) as s:
        try:
            report = import_transactions(s, path, format)
        except TransactionImportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    print(json.dumps(report.as_dict(), indent=2))
    return 0


@app.command("import")
def import_cli(path: Annotated[Path, typer.Argument(help="World/view folder, AMLSim folder or "
                                                    "IBM AMLworld CSV.")],
               format: Annotated[str, typer.Option(help="native | amlsim | ibm-aml")],
               store: Annotated[Path, typer.Option(help="The store (DuckDB file).")]) -> None:
    """Import transactions (labels to a separate table, bad rows to quarantine)."""
    raise typer.Exit(import_command(path, format, store))
