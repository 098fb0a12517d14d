"""The PDF packet: seconds per page, against a plain WeasyPrint render of the site's pages.

Both renders run in child processes (benchmarks.pdf_child) that time the render alone;
the packet's API is used in one function there, `render_packet`.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks.report import Row, Section
from benchmarks.runner import Run, RunError, run, tool

REPO = Path(__file__).resolve().parent.parent
DEMO_PARTS = ("mkdocs.yml", "content", "evidence", "templates")
PACKET_CACHE = Path(".auditbook-cache") / "packets"
MEMORY_GOAL_MB = 500  # issue 15: the generated project's packet under 500 MB


def packet_available() -> bool:
    return importlib.util.find_spec("auditbook.render.packet.packet") is not None


def copy_demo(destination: Path) -> Path:
    """The repository's own project (the demo), copied so building it touches nothing here."""
    destination.mkdir(parents=True)
    for part in DEMO_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        elif source.is_file():
            shutil.copy2(source, destination / part)
    return destination


def build_site(project: Path) -> Path:
    run([tool("auditbook"), "build", "--no-packet"], cwd=project).check()
    return project / "site"


def _child(what: str, folder: Path, pages: int | None = None) -> tuple[dict[str, Any], Run]:
    """One render in a fresh process (its VmHWM is the render's own peak)."""
    if what == "packet":  # rendered before (a build, a rebuild bench): render it anew
        shutil.rmtree(folder / PACKET_CACHE, ignore_errors=True)
    argv = [sys.executable, "-m", "benchmarks.pdf_child", what, str(folder)]
    env = {"AUDITBOOK_BENCH_REFERENCE_PAGES": str(pages)} if pages else None
    done = run(argv, cwd=REPO, env=env).check()
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result.get("reused"):
        raise RunError(f"the packet of {folder} came from its cache: nothing was timed")
    return result, done


def memory_row(name: str, packet: dict[str, Any], done: Run, reference: Run) -> Row:
    """The packet's peak RSS against the reference's; judged for the generated project.

    With worker processes (their memory is the packet's too) it is judged on the packet
    process's own VmHWM plus the largest peak of any process of its tree: one worker at its
    largest beside the main process (an estimate; two workers at their peak at once is more).
    """
    peak = done.peak_rss_kb * 1024.0
    label = f"packet peak RSS, {name}"
    row = Row.compare(f"packet.{name}.rss", label, peak, reference.peak_rss_kb * 1024.0, "MB")
    if name != "generated":
        return row
    workers = done.workers or packet.get("children_peak_kb", 0) > 0
    total = peak + (done.tree_peak_kb * 1024.0 if workers else 0.0)
    goal = f"< {MEMORY_GOAL_MB} MB" + (", main + largest process" if workers else "")
    return row.judged(goal, total < MEMORY_GOAL_MB * 2**20)


def packet_rows(
    name: str,
    project: Path,
    site: Path,
    build_cpu: float | None = None,
    reference_pages: int | None = None,
) -> tuple[list[Row], str]:
    """Seconds per page and peak RSS of the packet against the reference render."""
    packet, packet_run = _child("packet", project)
    if packet_run.workers:  # forkserver workers are not the child's: count the whole tree's
        packet["cpu"] = max(packet["cpu"], packet_run.cpu_seconds - packet["cpu_before"])
    reference, reference_run = _child("reference", site, reference_pages)
    pages, reference_pages = max(1, packet["pages"]), max(1, reference["pages"])
    rows = [
        Row.compare(
            f"packet.{name}",
            f"packet CPU s/page, {name}",
            packet["cpu"] / pages,
            reference["cpu"] / reference_pages,
            "s",
        ),
        Row.compare(
            f"packet.{name}.wall",
            f"packet wall s/page, {name}",
            packet["seconds"] / pages,
            reference["seconds"] / reference_pages,
            "s",
        ),
        memory_row(name, packet, packet_run, reference_run),
    ]
    if build_cpu is not None:  # the site build (--no-packet) against the packet alone
        label = f"packet render / site build, CPU, {name}"
        rows.append(Row.compare(f"packet.{name}.share", label, packet["cpu"], build_cpu, "s"))
    note = (
        f"{name}: packet {packet['pages']} pages, {packet['cpu']:.1f} s CPU, "
        f"{packet['bytes'] / 2**20:.1f} MB; reference {reference['pages']} pages from "
        f"{reference['files']} site pages, {reference['cpu']:.1f} s CPU"
    )
    if packet_run.workers:
        note += (
            f"; worker processes: the largest process of the packet's tree peaked at "
            f"{packet_run.tree_peak_kb >> 10} MB (CPU times include the workers')"
        )
    return rows, note


Target = tuple[str, Path, Path, float | None]


def packet_section(
    targets: list[Target], title: str, reference_pages: int | None = None
) -> Section:
    """Rows per (name, project folder, its built site, CPU seconds of its site build)."""
    rows: list[Row] = []
    notes: list[str] = []
    for name, project, site, build_cpu in targets:
        more, note = packet_rows(name, project, site, build_cpu, reference_pages)
        rows += more
        notes.append(note)
    notes.append(
        "reference = plain WeasyPrint of the built site's pages with the packet's content "
        "(evidence pages sampled); render time only, project loading excluded; "
        "peak RSS = VmHWM of the render's own fresh process"
    )
    return Section(title, tuple(rows), tuple(notes))
