"""auditbook's packet against mkdocs-to-pdf on the same checklist pages, per page and whole.

A project of its own (generate.COMPARE: ten checklist pages, little evidence, so the content
is the checklists) is printed both ways, interleaved, each round starting cold:
- `auditbook packet -o FILE`, the project's cache removed first (it holds packets);
- `mkdocs build` with mkdocs-to-pdf over the same checklist pages (runbooks excluded), in the
  bench's own environment (benchmarks.bench_env), through benchmarks.topdf_child.
Per page is each whole command's time over the pages of the PDF it made (as issue 15 counted).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from benchmarks.bench_env import BenchEnv
from benchmarks.generate import Spec, generate_project, mkdocs_config, write_config
from benchmarks.report import Row, Section, median
from benchmarks.runner import Run, RunError, run, tool

CONFIG, SITE, PDF = "mkdocs.topdf.yml", "site-topdf", "checklists.pdf"
PACKET = "packet.pdf"
CACHE_DIR = ".auditbook-cache"
COMPARE = Spec(items=500, checklists=10, files=20, max_mb=0.1, seed=20261129)
COMPARE_QUICK = Spec(items=40, checklists=4, files=8, max_mb=0.05, seed=20261129)
# Issue 15's target: a packet page at most 1/5 of mkdocs-to-pdf's time; 1/8 the stretch.
GOAL, STRETCH = 1 / 5, 1 / 8


def topdf_config(spec: Spec) -> dict[str, Any]:
    """The plain-MkDocs config of the project's content, with mkdocs-to-pdf on its checklists."""
    config = mkdocs_config(spec, plugin=False, site_dir=SITE)
    options = {"output_path": PDF, "exclude_pages": ["runbooks/"], "cover_title": "Checklists"}
    config["plugins"] = ["search", {"to-pdf": options}]
    config["nav"] = [entry for entry in config["nav"] if "Checklists" in entry]
    return config


def prepare(folder: Path, spec: Spec) -> Path:
    """Generate the comparison project with both configs; its root."""
    project = generate_project(folder, spec).root
    write_config(project / CONFIG, topdf_config(spec))
    return project


def packet_once(project: Path) -> tuple[Run, int]:
    """`auditbook packet` from cold (no hash or packet cache); the run and the PDF's pages."""
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    (project / PACKET).unlink(missing_ok=True)
    done = run([tool("auditbook"), "packet", "-o", PACKET], cwd=project).check()
    return done, len(PdfReader(project / PACKET).pages)


def topdf_once(project: Path, python: str) -> tuple[Run, dict[str, Any]]:
    """mkdocs-to-pdf's `mkdocs build`; the run and what the child measured inside."""
    import json

    shutil.rmtree(project / SITE, ignore_errors=True)
    argv = [python, "-m", "benchmarks.topdf_child", CONFIG]
    done = run(argv, cwd=project, python=python).check()
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if not (project / SITE / PDF).is_file() or measured["pages"] < 1:
        raise RunError(f"mkdocs-to-pdf wrote no {SITE}/{PDF}:\n{done.stderr[-2000:]}")
    return done, measured


def measure(project: Path, python: str, rounds: int) -> dict[str, list[Any]]:
    """Both commands `rounds` times, alternating, so a busy machine hurts both alike."""
    runs: dict[str, list[Any]] = {"packet": [], "topdf": []}
    for _ in range(rounds):
        runs["packet"].append(packet_once(project))
        runs["topdf"].append(topdf_once(project, python))
    return runs


def rows(runs: dict[str, list[Any]]) -> tuple[list[Row], dict[str, float]]:
    """Per page and whole command, wall and CPU, peak RSS; medians over the rounds."""
    ours = [done for done, _ in runs["packet"]]
    theirs = [done for done, _ in runs["topdf"]]
    pages = max(1, runs["packet"][0][1])
    their_pages = max(1, runs["topdf"][0][1]["pages"])
    wall, their_wall = median([d.seconds for d in ours]), median([d.seconds for d in theirs])
    cpu, their_cpu = median([d.cpu_seconds for d in ours]), median([d.cpu_seconds for d in theirs])
    per_page = Row.compare(
        "topdf.page.wall",
        "packet wall s/page / mkdocs-to-pdf",
        wall / pages,
        their_wall / their_pages,
        "s",
    )
    found = [
        per_page.within("<= 0.20x (1/5)", GOAL),
        Row.compare(
            "topdf.page.cpu",
            "packet CPU s/page / mkdocs-to-pdf",
            cpu / pages,
            their_cpu / their_pages,
            "s",
        ),
        Row.compare(
            "topdf.whole.wall", "whole command wall / mkdocs-to-pdf", wall, their_wall, "s"
        ),
        Row.compare("topdf.whole.cpu", "whole command CPU / mkdocs-to-pdf", cpu, their_cpu, "s"),
        Row.compare(
            "topdf.rss",
            "peak RSS / mkdocs-to-pdf",
            median([d.peak_rss_kb * 1024.0 for d in ours]),
            median([d.peak_rss_kb * 1024.0 for d in theirs]),
            "MB",
        ),
    ]
    inner = [measured for _, measured in runs["topdf"]]
    facts = {
        "pages": pages,
        "their_pages": their_pages,
        "their_pdf_wall": median([m["seconds"] for m in inner]),
        "their_pdf_cpu": median([m["cpu"] for m in inner]),
        "ratio": per_page.ratio or 0.0,
    }
    return found, facts


def topdf_section(
    folder: Path, spec: Spec, env: BenchEnv, rounds: int, title: str, *, skipped: str = ""
) -> Section:
    """The comparison, or one line saying plainly why it was not made."""
    if skipped or env.python is None:
        return Section(title, (), (f"mkdocs-to-pdf not measured: {skipped or env.problem}",))
    project = prepare(folder, spec)
    found, facts = rows(measure(project, env.python, rounds))
    stretch = "met" if facts["ratio"] <= STRETCH else "not met"
    notes = (
        f"{spec.checklists} checklist pages, {spec.items} items, {spec.files} evidence files; "
        f"median of {rounds} round(s), interleaved, each from cold",
        f"auditbook packet {facts['pages']:.0f} pages (the full packet, evidence attached); "
        f"mkdocs-to-pdf {facts['their_pages']:.0f} pages, of which the PDF part took "
        f"{facts['their_pdf_wall']:.1f} s wall, {facts['their_pdf_cpu']:.1f} s CPU",
        f"stretch target 1/8 = 0.125x: {stretch} (the wall ratio would have to fall by "
        f"{max(0.0, 1 - STRETCH / facts['ratio']) if facts['ratio'] else 0:.0%})",
        f"bench environment: {', '.join(env.requirements)}",
    )
    return Section(title, tuple(found), notes)
