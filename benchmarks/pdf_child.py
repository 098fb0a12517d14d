"""PDF renders timed inside a child process; prints one JSON line of measurements.

`python -m benchmarks.pdf_child packet PROJECT`: auditbook's full packet of the project, the
render alone timed (the project is loaded first, untimed).
`python -m benchmarks.pdf_child reference SITE`: the reference, a plain WeasyPrint render
of the built site's own HTML pages, merged into one PDF.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

# The reference is a rate (seconds per page): it stops once it has this many pages
# (fewer in a quick run: benchmarks.packet_bench passes its cap in this variable).
MAX_REFERENCE_PAGES = int(os.environ.get("AUDITBOOK_BENCH_REFERENCE_PAGES", "100"))
MAX_EVIDENCE_PAGES = 20
SKIPPED = ("search/", "downloads/", "changes/", "evidence-files/")
# Cheap, varied pages first, so the cap keeps a mix: dashboard, checklists, coverage, other
# pages, findings, the register, then a sample of evidence pages.
ORDER = ("index.html", "checklists/", "coverage/", "", "findings/", "evidence/index.html")
# Material lays pages out with flexbox, which WeasyPrint does not split across pages: every
# site page would be cut after two PDF pages. Plain block layout, and no site chrome.
PRINT_FIX = """
html, body, .md-container, .md-main, .md-main__inner, .md-content, .md-content__inner {
  display: block !important; height: auto !important; min-height: 0 !important;
  overflow: visible !important;
}
.md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-top, .md-dialog, .md-skip {
  display: none !important;
}
"""


def _cpu() -> float:
    """CPU time of this process and of the worker processes it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class _Clock:
    """Wall and CPU time since it was made (CPU time is steadier on a busy machine)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), _cpu()

    def read(self) -> dict[str, float]:
        return {"seconds": time.perf_counter() - self.wall, "cpu": _cpu() - self.cpu}


def render_packet(project: Path) -> dict[str, Any]:
    """The one function that knows auditbook's packet API."""
    from mkdocs.config import load_config

    from auditbook.engine.project import load_project
    from auditbook.options import settings_from
    from auditbook.render.packet.packet import write_packet

    config = load_config(str(project / "mkdocs.yml"))
    settings = settings_from(config, config.plugins["auditbook"].config)
    loaded = load_project(settings)
    clock = _Clock()
    # The full packet, as `auditbook packet` writes it: every attachment a sidecar allows
    # (the 1,005 for the generated project), written to a file, never held whole.
    target = project / "bench-packet.pdf"
    packet = write_packet(loaded, target, full=True)
    # A packet taken from the cache times nothing: the caller clears it, this tells.
    # The largest worker process's peak, for a renderer that splits the work (0: none).
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        **clock.read(),
        "cpu_before": clock.cpu,  # the tree's CPU minus this: the render's, workers included
        "pages": packet.pages,
        "bytes": target.stat().st_size,
        "reused": bool(getattr(packet, "reused", False)),
        "children_peak_kb": children_kb,
    }


def _rank(rel: str) -> int:
    if rel.startswith("evidence/") and rel != "evidence/index.html":
        return len(ORDER)
    exact = [i for i, prefix in enumerate(ORDER) if prefix and rel.startswith(prefix)]
    return exact[0] if exact else ORDER.index("")


def reference_pages(site: Path) -> list[Path]:
    """The site pages holding the packet's content, in the order the reference takes them."""
    ranked: dict[int, list[Path]] = {}
    for page in sorted(site.rglob("index.html")):
        rel = page.relative_to(site).as_posix()
        if not rel.startswith(SKIPPED):
            ranked.setdefault(_rank(rel), []).append(page)
    evidence = ranked.pop(len(ORDER), [])
    step = max(1, -(-len(evidence) // MAX_EVIDENCE_PAGES))
    return [page for rank in sorted(ranked) for page in ranked[rank]] + evidence[::step]


def render_reference(site: Path) -> dict[str, Any]:
    """WeasyPrint straight on the site's HTML (plus PRINT_FIX), merged into one PDF."""
    from weasyprint import CSS, HTML

    fix = CSS(string=PRINT_FIX)
    clock = _Clock()
    documents = []
    for path in reference_pages(site):
        documents.append(HTML(filename=str(path)).render(stylesheets=[fix]))
        if sum(len(document.pages) for document in documents) >= MAX_REFERENCE_PAGES:
            break
    every_page = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(every_page).write_pdf()
    return {**clock.read(), "pages": len(every_page), "bytes": len(pdf), "files": len(documents)}


def main() -> None:
    what, folder = sys.argv[1], Path(sys.argv[2])
    result = render_packet(folder) if what == "packet" else render_reference(folder)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
