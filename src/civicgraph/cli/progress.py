"""Progress of long commands on stderr: drawn by rich on a terminal, silent otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from civicgraph.pipeline import Progress as ProgressCallback


@contextmanager
def stage_progress(title: str) -> Iterator[ProgressCallback | None]:
    """A callback for the library's ``progress`` argument, or ``None`` off a terminal
    (pipes and logs get no control characters)."""
    if not sys.stderr.isatty():
        yield None
        return
    console = Console(file=sys.stderr)
    with Progress(
        SpinnerColumn(),
        TextColumn(f"{title}: [progress.description]{{task.description}}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=None)

        def advance(description: str, stage: int, stages: int) -> None:
            bar.update(task, description=description, completed=stage - 1, total=stages)

        yield advance
