"""`mkdocs build` with mkdocs-to-pdf, run by the bench's own environment (benchmarks.bench_env).

`python -m benchmarks.topdf_child CONFIG`: builds the site and its PDF as `mkdocs build -f
CONFIG` does, and prints one JSON line: the PDF's pages and the time the plugin's own work
took (its page and post-build events, wall and CPU), so the site part can be told apart.
Imports nothing from auditbook: that environment has none of it.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

SPENT = {"seconds": 0.0, "cpu": 0.0}
PAGES: list[int] = []


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timed(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), _cpu()
        try:
            return method(*args, **kwargs)
        finally:
            SPENT["seconds"] += time.perf_counter() - wall
            SPENT["cpu"] += _cpu() - cpu

    return wrapper


def _instrument() -> None:
    from mkdocs_to_pdf.plugin import WithPdfPlugin  # type: ignore[import-not-found,unused-ignore]
    from weasyprint.document import Document

    for name in ("on_nav", "on_post_page", "on_post_build"):
        setattr(WithPdfPlugin, name, _timed(getattr(WithPdfPlugin, name)))
    write_pdf = Document.write_pdf

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        PAGES.append(len(self.pages))
        return write_pdf(self, *args, **kwargs)

    Document.write_pdf = counting


def main() -> None:
    _instrument()
    from mkdocs.__main__ import cli

    cli.main(["build", "--quiet", "-f", sys.argv[1]], standalone_mode=False)
    print(json.dumps({**SPENT, "pages": sum(PAGES), "documents": len(PAGES)}))


if __name__ == "__main__":
    main()
