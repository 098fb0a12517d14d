"""Running the project's tools as child processes, timing them and reading their peak memory."""

from __future__ import annotations

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


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a Python program (a console script, or `python -m`) to completion, measured.

    Wall time; the child's CPU time from wait4; its peak RSS as benchmarks.peak records it
    (wait4's would include the benchmark's own size, see there). Output goes to temporary
    files rather than pipes, so nothing has to be read while waiting with os.wait4.
    """
    target = argv[1:] if argv[0] == sys.executable else argv
    paths = [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment = {**os.environ, **ENV, "PYTHONPATH": os.pathsep.join(paths), **(env or {})}
    with tempfile.TemporaryDirectory(prefix="auditbook-bench-run-") as folder:
        report = Path(folder) / "peak-kb"
        wrapped = [sys.executable, "-m", "benchmarks.peak", str(report), *target]
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            start = time.perf_counter()
            child = subprocess.Popen(
                wrapped, cwd=cwd, env=environment, stdout=stdout, stderr=stderr
            )
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        peak = int(report.read_text("ascii")) if report.exists() else usage.ru_maxrss
        texts = [path.read_bytes().decode("utf-8", "replace") for path in (out, err)]
    cpu = usage.ru_utime + usage.ru_stime
    return Run(tuple(argv), seconds, cpu, peak, child.returncode, texts[0], texts[1])
