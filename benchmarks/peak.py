"""`python -m benchmarks.peak REPORT (SCRIPT | -m MODULE) ARGS...`: run it, record its peak RSS.

The peak is read at exit from /proc/self/status (VmHWM, in kB), which starts afresh with the
program. The rusage a parent gets from wait4 does not: Linux carries the pre-exec image's
high-water mark into it, so every child would seem at least as big as the benchmark process
that started it.
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def high_water_kb() -> int | None:
    """This process's peak resident set size in kB, or None where /proc has no VmHWM."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def main() -> None:
    report, target = Path(sys.argv[1]), sys.argv[2:]

    def record() -> None:
        peak = high_water_kb()
        if peak is not None:
            report.write_text(str(peak), encoding="ascii")

    atexit.register(record)
    if target[0] == "-m":
        sys.argv = [target[1], *target[2:]]
        runpy.run_module(target[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = target
        runpy.run_path(target[0], run_name="__main__")


if __name__ == "__main__":
    main()
