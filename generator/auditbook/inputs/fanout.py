"""Work on many evidence files spread over forked processes, where that is safe and pays.

Reading and scanning 2,000 files is a cold build's largest cost after MkDocs itself, and
it is one file at a time on one core. A forked process starts in milliseconds with every
module already imported, so the files are split among as many processes as there are
cores (domain.cores), a few batches each so that one slow file does not hold up the rest.
Forking is safe only while this process runs no other thread (a lock held by one would
stay held in the child): under `mkdocs serve`, or with AUDITBOOK_PROCESSES=1, the work
is done here, one file after another, with the same results in the same order.

Two ways to split: `fan_out` for work whose cost varies from file to file (a pool takes
small batches as processes come free), `in_shares` for work that costs the same for every
item (hashing thousands of small files): one equal share per process, this one taking the
first, with no pool to start and nothing to send but the results.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, BinaryIO, TypeVar

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


def in_shares(work: Callable[[T], R], items: Sequence[T], count: int) -> Iterator[R]:
    """`work` on every item, in order, the items split in `count` equal shares: the first
    worked here, each other in a process forked now (call this before starting a thread).
    A share whose process fails is worked here instead. One process, or where forking is
    not safe: everything here."""
    if count < 2 or not can_fork():
        return (work(item) for item in items)
    size = -(-len(items) // count)
    shares = [items[start : start + size] for start in range(0, len(items), size)]
    children = [_Child.fork(work, share) for share in shares[1:]]
    return _gathered(work, shares, children)


def _gathered(
    work: Callable[[T], R], shares: list[Sequence[T]], children: list[_Child]
) -> Iterator[R]:
    try:
        yield from (work(item) for item in shares[0])
        for share, child in zip(shares[1:], children, strict=True):
            found = child.results()
            yield from found if found is not None else (work(item) for item in share)
    finally:  # also when the caller stops early: no child is left behind
        for child in children:
            child.wait()


class _Child:
    """A forked process working on one share, and the pipe its results come back through."""

    def __init__(self, pid: int, pipe: BinaryIO) -> None:
        self.pid = pid
        self.pipe: BinaryIO | None = pipe
        self.status: int | None = None

    @classmethod
    def fork(cls, work: Callable[[T], R], share: Sequence[T]) -> _Child:
        readable, writable = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, send, and leave without running the parent's exit code
            status = 1
            try:
                os.close(readable)
                data = pickle.dumps([work(item) for item in share], pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writable, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(writable)
        return cls(pid, os.fdopen(readable, "rb"))

    def results(self) -> list[Any] | None:
        """What the child sent, or None when it did not finish its share."""
        data = self.pipe.read() if self.pipe is not None else b""
        if not self.wait():
            return None
        try:
            found = pickle.loads(data)  # our own child's bytes, through our own pipe
        except (pickle.UnpicklingError, EOFError):
            return None
        return found if isinstance(found, list) else None

    def wait(self) -> bool:
        """The pipe closed (a child still writing then stops) and the child reaped, once;
        whether it exited cleanly."""
        if self.pipe is not None:
            self.pipe.close()
            self.pipe = None
        if self.status is None:
            _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)
        return self.status == 0
