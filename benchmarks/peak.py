"""`python -m benchmarks.peak REPORT (SCRIPT | -m MODULE) ARGS...`: run it, record its peaks.

The program runs in a forked child; this process makes itself the child subreaper of the
tree and waits for every process in it, so worker processes are accounted for even when
they are not the program's own children (a forkserver's workers are orphaned when the
program exits). The parent that started this one then gets the CPU time of the whole tree
from wait4. REPORT receives, as JSON:
- `main_kb`: the program's own peak resident set, read at its exit from /proc/self/status
  (VmHWM), which starts afresh with the program; the rusage a parent gets from wait4 does
  not (Linux carries the pre-exec image's high-water mark into it);
- `tree_kb`: the largest peak of any one process of the tree (the program included);
- `reaped`: how many processes this one waited for (more than 1: workers outlived it).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import json
import os
import resource
import runpy
import sys
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


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


def _subreaper() -> None:
    """Orphaned descendants come to this process rather than to init (Linux; else no-op)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _program(main_report: Path, target: list[str]) -> None:
    def record() -> None:
        peak = high_water_kb()
        if peak is not None:
            main_report.write_text(str(peak), encoding="ascii")

    atexit.register(record)
    if target[0] == "-m":
        sys.argv = [target[1], *target[2:]]
        runpy.run_module(target[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = target
        runpy.run_path(target[0], run_name="__main__")


def _reap_all(program: int) -> tuple[int, int]:
    """Wait for every process of the tree; the program's exit code and how many were reaped."""
    code, reaped = 1, 0
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            return code, reaped
        reaped += 1
        if pid == program:
            code = os.waitstatus_to_exitcode(status)
            code = 128 - code if code < 0 else code  # killed by a signal, as a shell says


def main() -> None:
    report, target = Path(sys.argv[1]), sys.argv[2:]
    main_report = report.with_name(report.name + ".main")
    _subreaper()
    sys.stdout.flush()
    sys.stderr.flush()
    program = os.fork()
    if program == 0:
        _program(main_report, target)
        return
    code, reaped = _reap_all(program)
    main_kb = int(main_report.read_text("ascii")) if main_report.exists() else None
    tree_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = {"main_kb": main_kb, "tree_kb": tree_kb, "reaped": reaped}
    report.write_text(json.dumps(summary), encoding="ascii")
    sys.exit(code)


if __name__ == "__main__":
    main()
