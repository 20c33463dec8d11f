"""Progress bars of the commands: rich, on stderr, drawn only on a terminal.

The stages report progress through a plain callback ``(step, done, total)``; :func:`steps`
makes one from a bar, with a line per step.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn

Reporter = Callable[[str, int, int], None]


def bar(*columns: ProgressColumn, label_width: int = 14) -> Progress:
    """A progress bar on stderr (description, bar, `columns`, elapsed time), silent when
    stderr is not a terminal."""
    console = Console(stderr=True)
    return Progress(TextColumn(f"{{task.description:<{label_width}}}"), BarColumn(), *columns,
                    TimeElapsedColumn(), console=console,
                    disable=not console.is_terminal and not sys.stderr.isatty())


def counted() -> Progress:
    """:func:`bar` with ``done/total`` after the bar."""
    return bar(TextColumn("{task.completed}/{task.total}"))


def steps(progress: Progress) -> Reporter:
    """A ``(step, done, total)`` callback that keeps one line of `progress` per step (a total of
    0 is an unknown total)."""
    tasks: dict[str, int] = {}

    def report(step: str, done: int, total: int) -> None:
        if step not in tasks:
            tasks[step] = progress.add_task(step, total=total or None)
        progress.update(tasks[step], completed=done, total=total or None)

    return report
