"""Work on many evidence files spread over forked processes, where that is safe and pays.

Reading and scanning 2,000 files is a cold build's largest cost after MkDocs itself, and
it is one file at a time on one core. A forked process starts in milliseconds with every
module already imported, so the files are split among as many processes as there are
cores (domain.cores), a few batches each so that one slow file does not hold up the rest.
Forking is safe only while this process runs no other thread (a lock held by one would
stay held in the child): under `mkdocs serve`, or with AUDITBOOK_PROCESSES=1, the work
is done here, one file after another, with the same results in the same order.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from auditbook.domain.cores import processes

T = TypeVar("T")
R = TypeVar("R")
BATCHES_PER_PROCESS = 4


def can_fork() -> bool:
    """Whether a child forked now would hold no lock another thread of this one holds.

    Linux only: macOS offers fork, but its system libraries are not safe across one."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def fan_out(work: Callable[[T], R], items: Sequence[T], *, worth: int) -> list[R]:
    """`work` on every item, in order; in forked processes when there are at least `worth`
    items per process. `work` must be a module-level function (it is sent by name)."""
    count = min(processes(), len(items) // max(worth, 1))
    if count < 2 or not can_fork():
        return [work(item) for item in items]
    size = -(-len(items) // (count * BATCHES_PER_PROCESS))
    batches = [list(items[start : start + size]) for start in range(0, len(items), size)]
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_batch, work, batch) for batch in batches]
            return [result for future in futures for result in future.result()]
    except BrokenProcessPool:  # a process killed (out of memory?): the work is done here
        return [work(item) for item in items]


def _batch(work: Callable[[T], R], items: list[T]) -> list[R]:
    return [work(item) for item in items]
