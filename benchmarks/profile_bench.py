"""Where a build's time goes: one `auditbook build` under cProfile, summed by phase."""

from __future__ import annotations

import pstats
import sys
from pathlib import Path

from benchmarks.report import Row, Section
from benchmarks.runner import run

TOP = 8
# (file path ending, function, label); phases missing from a profile are left out. Work
# done in forked processes (hashing, readers, scans, packet pieces) shows as the time the
# function that hands it out waits for it.
PHASES = (
    ("auditbook/engine/project.py", "load_project", "auditbook core (read, scan, assess)"),
    ("auditbook/inputs/pages.py", "read_pages", "  parse checklists"),
    ("auditbook/inputs/hashing.py", "hash_files", "  hash evidence"),
    ("auditbook/inputs/sidecar.py", "load_sidecar", "  read sidecars"),
    ("auditbook/inputs/examine.py", "examine_all", "  evidence readers, damage scan"),
    ("auditbook/inputs/exposure.py", "scan_public", "  PHI and secrets scan"),
    ("auditbook/core/project.py", "assess_project", "  assess"),
    ("auditbook/export/report.py", "report_json", "report.json (as data)"),
    ("auditbook/engine/build.py", "pages", "auditbook site pages (Markdown)"),
    ("mkdocs/commands/build.py", "_populate_page", "MkDocs: Markdown to HTML"),
    ("mkdocs/commands/build.py", "_build_page", "MkDocs: theme templates, write"),
    ("material/plugins/search/plugin.py", "on_post_build", "search index"),
    ("auditbook/engine/build.py", "write_outputs", "auditbook outputs beside the pages"),
    ("auditbook/engine/build.py", "_publish_evidence", "  copy published evidence"),
    ("auditbook/render/packet/packet.py", "write_packet", "  PDF packet"),
    ("weasyprint/__init__.py", "render", "    WeasyPrint layout"),
    ("weasyprint/document.py", "write_pdf", "    PDF writing, attachments"),
    ("auditbook/export/manifest.py", "site_manifest", "  manifest"),
)


def _cumulative(stats: pstats.Stats) -> dict[tuple[str, str], float]:
    found: dict[tuple[str, str], float] = {}
    table = stats.stats  # type: ignore[attr-defined]  # pstats keeps it untyped
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in table.items():
        for ending, name, _label in PHASES:
            if function == name and filename.replace("\\", "/").endswith(ending):
                key = (ending, name)
                found[key] = max(found.get(key, 0.0), cumulative)
    return found


def _top_own_time(stats: pstats.Stats) -> list[str]:
    table = stats.stats  # type: ignore[attr-defined]
    ranked = sorted(table.items(), key=lambda entry: entry[1][2], reverse=True)[:TOP]
    lines = []
    for (filename, line, function), (_cc, calls, own, _cum, _callers) in ranked:
        where = "/".join(Path(filename).parts[-2:])
        lines.append(f"{own:7.1f} s own  {calls:>9,} calls  {where}:{line} {function}")
    return lines


def profile_section(project: Path, title: str) -> Section:
    """Profile one build of the project (its hash cache as the last build left it)."""
    out = project / "build.prof"
    argv = [sys.executable, "-m", "benchmarks.profile_child", str(out), "build"]
    done = run(argv, cwd=project).check()
    stats = pstats.Stats(str(out))
    total = float(stats.total_tt)  # type: ignore[attr-defined]
    found = _cumulative(stats)
    rows = tuple(
        Row(
            f"profile.{name}",
            label,
            f"{found[(ending, name)]:.1f} s",
            f"{found[(ending, name)] / total:.0%} of {total:.0f} s",
            None,
        )
        for ending, name, label in PHASES
        if (ending, name) in found
    )
    notes = (
        f"wall seconds under cProfile; the profiled build took {done.cpu_seconds:.0f} s CPU "
        f"(with its worker processes) in {done.seconds:.0f} s; top own time:",
        *_top_own_time(stats),
    )
    return Section(title, rows, notes)
