"""Equal shares of uniform work: this process works the first, forked ones the others; the
results come back in order, a failed share is worked here, and no child is left behind."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditbook.inputs.fanout import in_shares

PARENT = os.getpid()


def pid(_: int) -> int:
    return os.getpid()


def fails_away_from_home(n: int) -> int:
    """Raises in any process but the test's own: a child that dies mid-share."""
    if os.getpid() != PARENT:
        raise RuntimeError("fictional failure in a child")
    return n * n


def children() -> set[str]:
    """This process's children, running or not yet reaped (Linux's own list of them)."""
    found: set[str] = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children", encoding="ascii") as listed:
            found.update(listed.read().split())
    return found


@pytest.fixture
def reaped() -> Iterator[None]:
    """Every child the test forked is gone (reaped) when it ends."""
    before = children()
    yield
    assert children() == before


@pytest.mark.usefixtures("reaped")
def test_results_come_back_in_order_from_several_processes() -> None:
    items = list(range(1000))
    assert list(in_shares(str, items, 3)) == [str(n) for n in items]
    pids = list(in_shares(pid, items, 3))
    assert pids[:334] == [os.getpid()] * 334  # the first share is worked here
    assert len(set(pids[334:])) == 2 and os.getpid() not in pids[334:]


def size_or_error(path: str) -> int | OSError:
    try:
        return os.stat(path).st_size
    except OSError as error:
        return error


def test_outcomes_that_are_errors_come_back_as_they_are(tmp_path: Path) -> None:
    paths = [str(tmp_path / str(n)) for n in range(10)]
    found = list(in_shares(size_or_error, paths, 2))
    assert all(isinstance(outcome, FileNotFoundError) for outcome in found)
    assert [outcome.filename for outcome in found] == paths  # type: ignore[union-attr]


@pytest.mark.usefixtures("reaped")
def test_a_failed_share_is_worked_here() -> None:
    items = list(range(100))
    assert list(in_shares(fails_away_from_home, items, 2)) == [n * n for n in items]


@pytest.mark.usefixtures("reaped")
def test_stopping_early_leaves_no_child_behind() -> None:
    results = in_shares(str, list(range(200_000)), 2)  # the child's results fill the pipe
    assert next(results) == "0"
    results.close()


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert set(in_shares(pid, list(range(100)), 2)) == {os.getpid()}
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("count", [0, 1])
def test_one_process_works_everything_here(count: int) -> None:
    assert set(in_shares(pid, list(range(10)), count)) == {os.getpid()}
