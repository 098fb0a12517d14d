"""`python -m benchmarks [--quick] [--repeat N] [--warm] [--profile] [--no-packet]
[--trail-mb N] [--keep]`.

Prints one table: site build against plain MkDocs, hashing against sha256sum, the PDF
packet against plain WeasyPrint, audit-trail readers against a plain csv/json parse;
every value beside the reference it is divided by.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.build_bench import build_section, measure, prepare_references
from benchmarks.generate import FULL, QUICK, Generated, GenerationError, generate_project
from benchmarks.hash_bench import DigestMismatch, hash_section
from benchmarks.packet_bench import (
    Target,
    build_site,
    copy_demo,
    packet_available,
    packet_section,
)
from benchmarks.parse_bench import parse_section
from benchmarks.profile_bench import profile_section
from benchmarks.reader_bench import reader_section
from benchmarks.report import Section, median, table
from benchmarks.runner import RunError

# Rendering the 1,083-page packet of the generated project alone takes ~200 s CPU here.
BUDGET_SECONDS = 420


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 items, 200 files (smoke run)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (median)")
    parser.add_argument("--warm", action="store_true", help="also build with a warm hash cache")
    parser.add_argument("--profile", action="store_true", help="also profile one build")
    parser.add_argument(
        "--no-packet",
        action="store_true",
        help="skip the packet section (auditbook build itself still renders the packet)",
    )
    parser.add_argument(
        "--trail-mb",
        type=int,
        default=None,
        help="size of each audit trail the readers read (default 1024, 16 with --quick; 0: skip)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated project")
    return parser.parse_args(argv)


def describe(generated: Generated, seconds: float) -> str:
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(generated.kinds.items()))
    return (
        f"generated project: {generated.items} items in {generated.spec.checklists} checklists, "
        f"{len(generated.evidence)} evidence files ({generated.evidence_bytes / 2**20:,.0f} MB: "
        f"{kinds}; {generated.covering} of them cover items) in {seconds:.1f} s"
    )


def run_benchmarks(options: argparse.Namespace, folder: Path) -> list[Section]:
    """Generate, then every section in turn; the project stays in `folder`."""
    spec = QUICK if options.quick else FULL
    progress("generating the project")
    start = time.perf_counter()
    generated = generate_project(folder / "project", spec)
    os.sync()  # let writeback finish, or the first build pays for it
    progress(describe(generated, time.perf_counter() - start))
    project = generated.root
    prepare_references(project, spec)
    progress(f"building: {options.repeat} round(s)")
    runs = measure(project, options.repeat, warm=options.warm)
    title = f"site build ({generated.items} items, {len(generated.evidence)} files)"
    sections = [build_section(project, runs, title)]
    progress("hashing")
    files = list(generated.evidence)
    sections.append(hash_section(files, project, max(3, options.repeat), "hashing"))
    if not options.no_packet:
        progress("packet: demo project and generated project")
        build_cpu = median([done.cpu_seconds for done in runs["cold"]])
        sections.append(_packet(folder, project, build_cpu))
    items = 10_000 if options.quick else 100_000
    progress(f"checklist parsing: {items:,} items")
    sections.append(
        parse_section(items, max(3, options.repeat), f"checklist parsing ({items:,} items)")
    )
    trail_mb = options.trail_mb if options.trail_mb is not None else (16 if options.quick else 1024)
    if trail_mb > 0:
        progress(f"audit-trail readers: {trail_mb} MB per family")
        title = f"audit-trail readers ({trail_mb} MB per family)"
        sections.append(reader_section(folder / "trails", trail_mb << 20, title))
    if options.profile:
        progress("profiling one build")
        sections.append(profile_section(project, "profile of one build (warm cache)"))
    return sections


def _packet(folder: Path, project: Path, build_cpu: float) -> Section:
    if not packet_available():
        return Section(
            "PDF packet", (), ("skipped: auditbook.render.packet.packet is not there yet",)
        )
    demo = copy_demo(folder / "demo")
    targets: list[Target] = [
        ("demo", demo, build_site(demo), None),
        ("generated", project, project / "site", build_cpu),
    ]
    return packet_section(targets, "PDF packet")


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    start = time.perf_counter()
    load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="auditbook-bench-"))
    try:
        sections = run_benchmarks(options, folder)
    except (RunError, GenerationError, DigestMismatch) as error:
        progress(f"failed: {error}")
        return 1
    finally:
        if options.keep:
            progress(f"kept {folder}")
        else:
            _remove(folder)
    elapsed = time.perf_counter() - start
    print(table(sections))
    print(
        f"\n{os.cpu_count()} CPUs, load average {load:.1f} at start; took {elapsed:.0f} s. "
        "Wall times suffer from other load; CPU-time ratios are steadier."
    )
    if not options.quick and elapsed > BUDGET_SECONDS:
        print(f"note: over the {BUDGET_SECONDS} s budget", file=sys.stderr)
    return 0


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
