"""`python -m benchmarks.profile_child OUT.prof ARGS...`: run `auditbook ARGS` under cProfile.

The profiler's clock is process CPU time, so time other processes take on a busy machine
is not charged to the build, and CPU spent in hashing threads while the main thread waits
on them is charged to the function that waits (hash_files).
"""

from __future__ import annotations

import cProfile
import sys
import time

from auditbook.cli import main as auditbook_main


def main() -> None:
    out, args = sys.argv[1], sys.argv[2:]
    sys.argv = ["auditbook", *args]
    profiler = cProfile.Profile(time.process_time)
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
