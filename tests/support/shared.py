"""Expensive builds made once per test run, each worker reading its own copy.

pytest-xdist runs a session fixture once in every worker; a release or a packet costs
seconds, so the first worker to ask builds it in the run's shared temporary folder (under
a lock) and every worker copies it. A test that changes the copy must copy it again.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

Facts = dict[str, Any]  # what a build reports besides its files, as JSON


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def built_once(
    factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Facts]
) -> tuple[Path, Facts]:
    """(this worker's copy of the folder `build` filled, the facts it returned).

    `build(folder)` runs once per test run, wherever `folder` is: what it makes must not
    depend on the folder's path (the copies live elsewhere).
    """
    mine = factory.mktemp(name)
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # one process: nothing to share
        return mine / "built", build(mine / "built")
    shared = factory.getbasetemp().parent / f"shared-{name}"  # the run's, not the worker's
    facts = shared.with_suffix(".json")
    with _locked(shared.with_suffix(".lock")):
        if not facts.is_file():
            shutil.rmtree(shared, ignore_errors=True)  # what a failed build left
            made = build(shared / "built")
            facts.write_text(json.dumps(made), "utf-8")  # last: a failed build is retried
    shutil.copytree(shared / "built", mine / "built", symlinks=True)
    return mine / "built", json.loads(facts.read_text("utf-8"))
