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
from benchmarks.runner import Run, run, tool

REPO = Path(__file__).resolve().parent.parent
DEMO_PARTS = ("mkdocs.yml", "content", "evidence", "templates")


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


def _child(what: str, folder: Path) -> tuple[dict[str, Any], Run]:
    argv = [sys.executable, "-m", "benchmarks.pdf_child", what, str(folder)]
    done = run(argv, cwd=REPO).check()
    return json.loads(done.stdout.strip().splitlines()[-1]), done


def packet_rows(
    name: str, project: Path, site: Path, build_cpu: float | None = None
) -> tuple[list[Row], str]:
    """Seconds per page and peak RSS of the packet against the reference render."""
    packet, packet_run = _child("packet", project)
    reference, reference_run = _child("reference", site)
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
        Row.compare(
            f"packet.{name}.rss",
            f"packet peak RSS, {name}",
            packet_run.peak_rss_kb * 1024.0,
            reference_run.peak_rss_kb * 1024.0,
            "MB",
        ),
    ]
    if build_cpu is not None:  # the site build (--no-packet) against the packet alone
        label = f"packet render / site build, CPU, {name}"
        rows.append(Row.compare(f"packet.{name}.share", label, packet["cpu"], build_cpu, "s"))
    note = (
        f"{name}: packet {packet['pages']} pages, {packet['cpu']:.1f} s CPU, "
        f"{packet['bytes'] / 2**20:.1f} MB; reference {reference['pages']} pages from "
        f"{reference['files']} site pages, {reference['cpu']:.1f} s CPU"
    )
    return rows, note


Target = tuple[str, Path, Path, float | None]


def packet_section(targets: list[Target], title: str) -> Section:
    """Rows per (name, project folder, its built site, CPU seconds of its site build)."""
    rows: list[Row] = []
    notes: list[str] = []
    for name, project, site, build_cpu in targets:
        more, note = packet_rows(name, project, site, build_cpu)
        rows += more
        notes.append(note)
    notes.append(
        "reference = plain WeasyPrint of the built site's pages with the packet's content "
        "(evidence pages sampled); render time only, project loading excluded"
    )
    return Section(title, tuple(rows), tuple(notes))
