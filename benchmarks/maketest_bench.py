"""`--make-test`: the wall time of `make test`, against the figure recorded for issue 15.

Opt-in because it takes minutes. There is nothing to interleave it with: the reference is
a recorded figure, so it is printed with the day it was taken, and this run's load beside it.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from benchmarks.report import Row, Section

REPO = Path(__file__).resolve().parent.parent
RECORDED_SECONDS, RECORDED_ON = 178.0, "2026-11-29"
GOAL = 0.5  # issue 15: `make test` in at most half of today's time


def make_test(log: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (make and all it waited for) and exit code; output to log."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    with log.open("wb") as output:
        start = time.perf_counter()
        child = subprocess.Popen(
            ["make", "test"], cwd=REPO, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_utime + usage.ru_stime, child.returncode


def make_test_section(log: Path, title: str) -> Section:
    load = os.getloadavg()[0]
    seconds, cpu, code = make_test(log)
    row = Row.compare(
        "make_test.wall",
        f"`make test` wall / today's ({RECORDED_ON})",
        seconds,
        RECORDED_SECONDS,
        "s",
    )
    outcome = "passed" if code == 0 else f"FAILED (exit {code}): the time is of a failed run"
    notes = (
        f"reference: {RECORDED_SECONDS:.0f} s, the figure recorded on {RECORDED_ON} for issue 15 "
        f"(not re-measured here); this run {outcome}, {cpu:.0f} s CPU, load {load:.1f} "
        f"at start; output in {log}",
    )
    return Section(title, (row.within("<= 0.50x", GOAL),), notes)
