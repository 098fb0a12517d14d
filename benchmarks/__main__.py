"""`python -m benchmarks [--quick] [--repeat N] [--heavy-repeat N] [--warm] [--profile]
[--no-packet] [--make-test] [--trail-mb N] [--keep]`.

Prints one table: site build against plain MkDocs, hashing against sha256sum, the PDF
packet against plain WeasyPrint and against mkdocs-to-pdf, rebuilds against a cold build,
audit-trail readers against a plain csv/json parse, and (opt-in) `make test` against its
recorded time; every value beside the reference it is divided by, and issue 15's targets
beside theirs, met or not.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import bench_env, rebuild_bench, topdf_bench
from benchmarks.build_bench import build_section, measure, prepare_references
from benchmarks.generate import FULL, QUICK, Generated, GenerationError, generate_project
from benchmarks.hash_bench import DigestMismatch, hash_section
from benchmarks.maketest_bench import make_test_section
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
from benchmarks.runner import Run, RunError

# Rendering the 1,083-page packet of the generated project alone takes ~200-400 s CPU here,
# and the rebuild section renders it twice more (cold, one file changed).
BUDGET_SECONDS = 2400
QUICK_REFERENCE_PAGES = 30  # the plain-WeasyPrint reference's pages in a quick run
MAKE_TEST_LOG = bench_env.REPO / ".auditbook-cache" / "bench-make-test.log"


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 items, 200 files (smoke run)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="rounds of the site builds and of the mkdocs-to-pdf comparison (3; 1 with --quick)",
    )
    parser.add_argument(
        "--heavy-repeat",
        type=int,
        default=1,
        help="rounds of the rebuild sequence (cold, no-op, changed) of the generated project",
    )
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
    parser.add_argument(
        "--make-test", action="store_true", help="also time `make test` (takes minutes)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated project")
    options = parser.parse_args(argv)
    if options.repeat is None:
        options.repeat = 1 if options.quick else 3
    return options


def describe(generated: Generated, seconds: float) -> str:
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(generated.kinds.items()))
    return (
        f"generated project: {generated.items} items in {generated.spec.checklists} checklists, "
        f"{len(generated.evidence)} evidence files ({generated.evidence_bytes / 2**20:,.0f} MB: "
        f"{kinds}; {generated.covering} of them cover items) in {seconds:.1f} s"
    )


class Sections(list[Section]):
    """The report's sections; a section whose tool failed says so, and the rest still run."""

    failed = 0

    def add(self, title: str, make: Callable[[], Section]) -> Section | None:
        progress(title)
        try:
            section = make()
        except RunError as error:
            self.failed += 1
            lines = [line for line in str(error).splitlines() if line.strip()]
            summary = f"{lines[0]} ... {lines[-1]}" if len(lines) > 1 else str(error)
            self.append(Section(title, (), (f"FAILED, not measured: {summary}",)))
            progress(f"failed: {error}")
            return None
        self.append(section)
        progress("done:\n" + table([section]))  # kept in the log should a later one hang
        return section


def run_benchmarks(options: argparse.Namespace, folder: Path) -> Sections:
    """Generate, then every section in turn; the project stays in `folder`."""
    spec = QUICK if options.quick else FULL
    progress("generating the project")
    start = time.perf_counter()
    generated = generate_project(folder / "project", spec)
    os.sync()  # let writeback finish, or the first build pays for it
    progress(describe(generated, time.perf_counter() - start))
    project = generated.root
    sections = Sections()
    runs: dict[str, list[Run]] = {}

    title = f"site build ({generated.items} items, {len(generated.evidence)} files)"

    def builds() -> Section:
        prepare_references(project, spec)
        runs.update(measure(project, options.repeat, warm=options.warm))
        return build_section(project, runs, title)

    sections.add(title, builds)
    files = list(generated.evidence)
    sections.add("hashing", lambda: hash_section(files, project, max(3, options.repeat), "hashing"))
    if not options.no_packet:
        cpu = median([done.cpu_seconds for done in runs["cold"]]) if runs else None
        sections.add("PDF packet", lambda: _packet(folder, project, cpu, quick=options.quick))
    title = f"rebuilds of the generated project, {options.heavy_repeat} round(s)"
    sections.add(title, lambda: _rebuild(generated, options.heavy_repeat, title))
    title = "packet against mkdocs-to-pdf, same checklist pages"
    sections.add(title, lambda: _topdf(folder, options, title))
    items = 10_000 if options.quick else 100_000
    title = f"checklist parsing ({items:,} items)"
    sections.add(title, lambda: parse_section(items, max(3, options.repeat), title))
    trail_mb = options.trail_mb if options.trail_mb is not None else (16 if options.quick else 1024)
    if trail_mb > 0:
        trails = f"audit-trail readers ({trail_mb} MB per family)"
        sections.add(trails, lambda: reader_section(folder / "trails", trail_mb << 20, trails))
    if options.profile:
        title = "profile of one build (warm cache)"
        sections.add(title, lambda: profile_section(project, title))
    if options.make_test:
        MAKE_TEST_LOG.parent.mkdir(parents=True, exist_ok=True)
        sections.add("make test", lambda: make_test_section(MAKE_TEST_LOG, "make test"))
    return sections


def _packet(folder: Path, project: Path, build_cpu: float | None, *, quick: bool) -> Section:
    if not packet_available():
        return Section(
            "PDF packet", (), ("skipped: auditbook.render.packet.packet is not there yet",)
        )
    targets: list[Target] = [("generated", project, project / "site", build_cpu)]
    if quick:
        section = packet_section(targets, "PDF packet", QUICK_REFERENCE_PAGES)
        return Section(section.title, section.rows, (*section.notes, "demo: skipped in --quick"))
    demo = copy_demo(folder / "demo")
    return packet_section([("demo", demo, build_site(demo), None), *targets], "PDF packet")


def _rebuild(generated: Generated, rounds: int, title: str) -> Section:
    target = rebuild_bench.changed_file(generated.evidence)
    runs = rebuild_bench.measure(generated.root, target, rounds)
    return rebuild_bench.rebuild_section(generated.root, runs, target, title)


def _topdf(folder: Path, options: argparse.Namespace, title: str) -> Section:
    """The mkdocs-to-pdf comparison; --quick uses the bench environment only if it is there."""
    if options.quick:
        env = bench_env.find()
        skipped = (
            f"skipped in --quick: {env.problem} (`make bench` makes it)" if not env.python else ""
        )
        spec = topdf_bench.COMPARE_QUICK
    else:
        progress("bench environment: making it if needed (pip, once)")
        env, skipped, spec = bench_env.ensure(), "", topdf_bench.COMPARE
    rounds = options.repeat
    return topdf_bench.topdf_section(folder / "compare", spec, env, rounds, title, skipped=skipped)


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
    if sections.failed:
        print(f"\n{sections.failed} section(s) FAILED: see their lines above")
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
