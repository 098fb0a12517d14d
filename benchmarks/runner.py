"""Running the project's tools as child processes, timing them and reading their peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENV = {"NO_MKDOCS_2_WARNING": "1"}


class RunError(Exception):
    """A tool the benchmark relies on failed; the message carries the end of its output."""


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    argv: tuple[str, ...]
    seconds: float
    cpu_seconds: float
    peak_rss_kb: int
    returncode: int
    stdout: str
    stderr: str
    # The largest peak of any one process of its tree, and how many processes the wrapper
    # waited for (more than 1: worker processes outlived the program; benchmarks.peak).
    tree_peak_kb: int = 0
    reaped: int = 1

    @property
    def workers(self) -> bool:
        """Whether processes besides the program itself ran (and were accounted for)."""
        return self.reaped > 1 or self.tree_peak_kb > self.peak_rss_kb

    def check(self) -> Run:
        """Self, or RunError with the last lines of output when the tool failed."""
        if self.returncode != 0:
            tail = "\n".join((self.stdout + self.stderr).splitlines()[-15:])
            raise RunError(f"{' '.join(self.argv)} exited with {self.returncode}:\n{tail}")
        return self


def tool(name: str) -> str:
    """A console script of this virtualenv, next to the running interpreter (not resolved)."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise RunError(f"{path} not found; run `make bench` so the virtualenv is installed")
    return str(path)


def run(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None, python: str = sys.executable
) -> Run:
    """Run a Python program (a console script, or `python -m`) to completion, measured.

    Wall time; the child's CPU time from wait4; its peak RSS as benchmarks.peak records it
    (wait4's would include the benchmark's own size, see there). Output goes to temporary
    files rather than pipes, so nothing has to be read while waiting with os.wait4.
    `python` runs it: another environment's interpreter (the bench's own, benchmarks.bench_env)
    runs its own console scripts, with only this repository (benchmarks.peak) on its path.
    CPU time covers the child's own children that it waited for (worker processes).
    """
    target = argv[1:] if argv[0] == python else argv
    paths = [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment = {**os.environ, **ENV, "PYTHONPATH": os.pathsep.join(paths), **(env or {})}
    with tempfile.TemporaryDirectory(prefix="auditbook-bench-run-") as folder:
        report = Path(folder) / "peak-kb"
        wrapped = [python, "-m", "benchmarks.peak", str(report), *target]
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            start = time.perf_counter()
            child = subprocess.Popen(
                wrapped, cwd=cwd, env=environment, stdout=stdout, stderr=stderr
            )
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        peaks = json.loads(report.read_text("ascii")) if report.exists() else {}
        texts = [path.read_bytes().decode("utf-8", "replace") for path in (out, err)]
    cpu = usage.ru_utime + usage.ru_stime  # the whole tree: benchmarks.peak waited for it
    peak = peaks.get("main_kb") or usage.ru_maxrss
    tree = peaks.get("tree_kb") or peak
    code, reaped = child.returncode, peaks.get("reaped", 1)
    return Run(tuple(argv), seconds, cpu, peak, code, texts[0], texts[1], tree, reaped)
