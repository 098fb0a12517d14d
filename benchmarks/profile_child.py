"""`python -m benchmarks.profile_child OUT.prof ARGS...`: run `auditbook ARGS` under cProfile.

The profiler keeps its own clock (wall time, read without a system call). A CPU clock
(time.process_time) costs a system call on every call and return: a 27 s build took
246 s of CPU under it, most of it the clock's. On a busy machine wall time includes what other
processes take; the bench reports the build's CPU time beside it. Work done in forked
processes is charged to the function that waits for it.
"""

from __future__ import annotations

import cProfile
import sys

from auditbook.cli import main as auditbook_main


def main() -> None:
    out, args = sys.argv[1], sys.argv[2:]
    sys.argv = ["auditbook", *args]
    profiler = cProfile.Profile()
    code: str | int | None = 0
    profiler.enable()
    try:
        auditbook_main()
    except SystemExit as done:
        code = done.code
    finally:
        profiler.disable()
        profiler.dump_stats(out)
    sys.exit(code)


if __name__ == "__main__":
    main()
