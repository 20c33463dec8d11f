"""The illicitflow command line: a thin shell over the stage functions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from illicitflow import __version__
from illicitflow.detect import cli as detect_cli
from illicitflow.lists.cli import app as lists_app
from illicitflow.progress import counted, steps
from illicitflow.screen.cli import app as screen_app
from illicitflow.transactions.cli import app as transactions_app

app = typer.Typer(help="Simulate and hunt the illicit financial flows of sanctioned states.",
                  no_args_is_help=True, add_completion=False)
world_app = typer.Typer(help="Work with simulated worlds.", no_args_is_help=True)
app.add_typer(world_app, name="world")
app.add_typer(lists_app, name="lists", help="Load and fetch sanctions lists.")
app.add_typer(transactions_app, name="transactions", help="Import bank transactions.")
app.command("detect")(detect_cli.detect_cli)
app.command("evaluate")(detect_cli.evaluate_cli)
app.command("explain")(detect_cli.explain_cli)
app.registered_commands.extend(screen_app.registered_commands)  # screen, match-pairs
err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


@app.command()
def simulate(
    scenario: Annotated[str, typer.Option(help="Built-in scenario name or a scenario file.")],
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same world.")],
    out: Annotated[Path, typer.Option(help="Folder to write the world (or the view) to.")],
    transactions: Annotated[int, typer.Option(help="Number of transactions.")] = 1_000_000,
    policy: Annotated[Path | None, typer.Option(help="Policy file (YAML or JSON).")] = None,
    observer: Annotated[str | None, typer.Option(
        help="Write only what 'bank:ID' or 'all' banks see.")] = None,
) -> None:
    """Simulate a world of the regime's revenue system and write it to OUT."""
    from illicitflow.world.policy import load_policy
    from illicitflow.world.scenario import ScenarioError, load_scenario
    from illicitflow.world.simulate import simulate as run_world
    from illicitflow.world.simulate import simulate_view
    from illicitflow.world.view import ViewError

    try:
        sc = load_scenario(scenario)
        pol = load_policy(policy) if policy else None
    except ScenarioError as exc:
        _fail(str(exc))
    if transactions < 1:
        _fail("--transactions must be at least 1")
    args = {"scenario": scenario, "seed": seed, "transactions": transactions,
            "policy": str(policy) if policy else None, "observer": observer}
    with counted() as bar:
        progress = steps(bar)
        try:
            if observer:
                manifest = simulate_view(sc, seed, out, observer, n_transactions=transactions,
                                         policy=pol, arguments=args, progress=progress)
            else:
                manifest = run_world(sc, seed, out, transactions, pol, args, progress)
        except (ValueError, ViewError) as exc:
            _fail(str(exc))
    counts = manifest["counts"]
    err.print(f"wrote {out}: {counts.get('transactions')} transactions")


@world_app.command("view")
def world_view(
    world: Annotated[Path, typer.Argument(help="A world folder written by simulate.")],
    observer: Annotated[str, typer.Option(help="'bank:ID' or 'all'.")],
    out: Annotated[Path, typer.Option(help="Folder for the view.")],
) -> None:
    """Write what an observer sees of WORLD: its transactions and customer records."""
    from illicitflow.world.view import ViewError, write_view

    try:
        manifest = write_view(world, observer, out)
    except ViewError as exc:
        _fail(str(exc))
    err.print(f"wrote {out}: {manifest['counts']['transactions']} transactions, "
              f"{manifest['counts']['customers']} customer records")


@world_app.command("queries")
def world_queries(
    folder: Annotated[Path, typer.Argument(help="A world or view folder.")],
    out: Annotated[Path, typer.Option(help="CSV of screening queries to write.")],
) -> None:
    """Write the folder's customer records as screening queries (for `illicitflow screen`)."""
    from illicitflow.world.view import ViewError, write_screening_queries

    try:
        n = write_screening_queries(folder, out)
    except ViewError as exc:
        _fail(str(exc))
    err.print(f"wrote {out}: {n} queries")


@app.command()
def report(
    world: Annotated[Path, typer.Argument(help="A world folder written by simulate.")],
    out: Annotated[Path, typer.Option(help="HTML file to write.")] = Path("report/index.html"),
) -> None:
    """Write the HTML report of a world: network, revenue, policy effect, typologies."""
    from illicitflow.report.html import write_report

    if not (world / "manifest.json").exists():
        _fail(f"{world}: not a world folder (no manifest.json)")
    path = write_report(world, out)
    err.print(f"wrote {path}")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)
