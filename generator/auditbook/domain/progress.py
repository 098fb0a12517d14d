"""Progress of long work: a bar in a terminal, one line at the start and one at the end in a
log (CI), always on stderr: standard output carries reports."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

# Under MkDocs' logger, so `mkdocs build` shows the lines too (a name, not an import).
PROGRESS_LOG = "mkdocs.plugins.auditbook.progress"
log = logging.getLogger(PROGRESS_LOG)


class Tracker:
    """What the work reports as it goes: how much is done, and what it is doing now."""

    def __init__(self, bar: Progress | None, task: TaskID | None) -> None:
        self._bar = bar
        self._task = task
        self.result = ""  # what the line at the end says (else "WHAT: done")

    def advance(self, amount: float = 1, *, now: str | None = None) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=amount, description=now)


@contextmanager
def progress(
    what: str, total: float, *, bytes_: bool = False, started: float | None = None
) -> Iterator[Tracker]:
    """Show the progress of `what` ("hashing 12 evidence files"): a bar when stderr is a
    terminal, else a line now and one at the end: the tracker's `result`, and the time taken
    (since `started`, a `time.monotonic()`, when the work began before it could be shown)."""
    from rich.console import Console

    console = Console(stderr=True)
    started = time.monotonic() if started is None else started
    if not console.is_terminal or console.is_dumb_terminal:
        log.info("%s ...", what)
        tracker = Tracker(None, None)
        yield tracker
        log.info("%s in %.1f s", tracker.result or f"{what}: done", time.monotonic() - started)
        return
    with _bar(console, bytes_) as bar:
        task = bar.add_task(what, total=total)
        tracker = Tracker(bar, task)
        yield tracker
        bar.update(task, completed=total, description=what)


def _bar(console: Console, bytes_: bool) -> Progress:
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    amount = DownloadColumn() if bytes_ else MofNCompleteColumn()
    columns = (TextColumn("{task.description}"), BarColumn(), amount, TimeElapsedColumn())
    # Never redirect stdout: `auditbook check` writes its report there.
    return Progress(*columns, console=console, redirect_stdout=False, redirect_stderr=False)
