"""Site build: `auditbook build` against plain `mkdocs build`, wall time, CPU time, peak RSS.

Two references, both plain MkDocs with the same theme and extensions, no auditbook plugin:
- "same pages": the pages the plugin hands MkDocs, written out as files first
  (benchmarks.prerender), so the ratio is what the plugin itself adds;
- "content/ only": the project's mkdocs.yml minus the plugin, over content/ as written.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from auditbook.render.site.pages import STYLESHEET as CSS
from benchmarks.generate import Spec, mkdocs_config, write_config
from benchmarks.report import Row, Section, median
from benchmarks.runner import Run, RunError, run, tool

REPO = Path(__file__).resolve().parent.parent
PLAIN, PAGES, PAGES_DIR = "mkdocs.plain.yml", "mkdocs.pages.yml", "plugin-pages"
CACHE_DIR = ".auditbook-cache"


@dataclass(frozen=True)
class Variant:
    key: str
    argv: tuple[str, ...]
    site: str
    cold: bool = False


# The packet is timed on its own (benchmarks.packet_bench): here the site build alone.
VARIANTS = (
    Variant("cold", ("auditbook", "build", "--no-packet"), "site", cold=True),
    Variant("warm", ("auditbook", "build", "--no-packet"), "site"),
    Variant("pages", ("mkdocs", "build", "-f", PAGES), "site-pages"),
    Variant("plain", ("mkdocs", "build", "-f", PLAIN), "site-plain"),
)
# (key, label, measure, variant, reference variant)
ROWS = (
    ("build.cold.wall", "build wall, cold cache / same pages", "wall", "cold", "pages"),
    ("build.cold.cpu", "build CPU, cold cache / same pages", "cpu", "cold", "pages"),
    ("build.warm.wall", "build wall, warm cache / same pages", "wall", "warm", "pages"),
    ("build.warm.cpu", "build CPU, warm cache / same pages", "cpu", "warm", "pages"),
    ("build.cold.plain", "build wall, cold cache / content/ only", "wall", "cold", "plain"),
    ("build.rss.pages", "peak RSS, cold cache / same pages", "rss", "cold", "pages"),
    ("build.rss.plain", "peak RSS, cold cache / content/ only", "rss", "cold", "plain"),
)
# Issue 15: the site build at most 10 % over plain MkDocs of the same pages, cold (no cache).
OVERHEAD_GOAL = 0.10
OVERHEAD_ROWS = (("build.overhead.cpu", "cpu", "CPU"), ("build.overhead.wall", "wall", "wall"))
MEASURES: dict[str, tuple[Callable[[Run], float], str]] = {
    "wall": (lambda done: done.seconds, "s"),
    "cpu": (lambda done: done.cpu_seconds, "s"),
    "rss": (lambda done: done.peak_rss_kb * 1024.0, "MB"),
}


def prepare_references(project: Path, spec: Spec) -> None:
    """Write both reference configs and the plugin's pages as plain files."""
    write_config(project / PLAIN, mkdocs_config(spec, plugin=False, site_dir="site-plain"))
    pages = mkdocs_config(spec, plugin=False, docs_dir=PAGES_DIR, site_dir="site-pages")
    pages["extra_css"] = [CSS]  # what the plugin's on_config adds
    write_config(project / PAGES, pages)
    shutil.rmtree(project / PAGES_DIR, ignore_errors=True)
    argv = [sys.executable, "-m", "benchmarks.prerender", str(project), str(project / PAGES_DIR)]
    run(argv, cwd=REPO).check()


def build_once(project: Path, variant: Variant) -> Run:
    """One build as a child process; a failed build stops the benchmark."""
    if variant.cold:
        shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    result = run([tool(variant.argv[0]), *variant.argv[1:]], cwd=project).check()
    if not any((project / variant.site / "checklists").glob("*/index.html")):
        raise RunError(f"{' '.join(variant.argv)} wrote no checklist pages in {variant.site}/")
    return result


def measure(project: Path, repeats: int, *, warm: bool = False) -> dict[str, list[Run]]:
    """Every variant `repeats` times, interleaved so a busy machine hurts all alike."""
    variants = [variant for variant in VARIANTS if warm or variant.key != "warm"]
    runs: dict[str, list[Run]] = {variant.key: [] for variant in variants}
    for _ in range(repeats):
        for variant in variants:  # warm right after cold: it reuses the cache cold wrote
            runs[variant.key].append(build_once(project, variant))
    return runs


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def overhead_rows(runs: dict[str, list[Run]]) -> list[Row]:
    """The cold build over plain MkDocs of the same pages, as a percentage, judged."""
    rows = []
    for key, what, name in OVERHEAD_ROWS:
        value, _ = MEASURES[what]
        mine = median([value(done) for done in runs["cold"]])
        theirs = median([value(done) for done in runs["pages"]])
        ratio = mine / theirs if theirs > 0 else None
        shown = f"{ratio - 1:+.0%}" if ratio is not None else "-"
        label = f"site build overhead, {name}, cold / same pages"
        row = Row(key, label, shown, "plain MkDocs", ratio)
        rows.append(row.within(f"<= +{OVERHEAD_GOAL:.0%}", 1 + OVERHEAD_GOAL))
    return rows


def build_section(project: Path, runs: dict[str, list[Run]], title: str) -> Section:
    """The build rows: medians, and ratios against the references."""
    rows = []
    for key, label, what, variant, reference in ROWS:
        if variant not in runs:
            continue
        value, unit = MEASURES[what]
        mine = median([value(done) for done in runs[variant]])
        theirs = median([value(done) for done in runs[reference]])
        rows.append(Row.compare(key, label, mine, theirs, unit))
    rows += overhead_rows(runs)
    pages = [html_pages(project / site) for site in ("site", "site-pages", "site-plain")]
    notes = (
        f"median of {len(runs['cold'])} run(s) each, interleaved; HTML pages: {pages[0]} "
        f"auditbook, {pages[1]} same pages, {pages[2]} content/ only",
        "same pages = plain `mkdocs build` (no plugin) of the pages the plugin generates, "
        "written out; content/ only = mkdocs.yml minus the plugin",
    )
    return Section(title, tuple(rows), notes)
