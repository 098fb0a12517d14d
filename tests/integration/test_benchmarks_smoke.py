"""The benchmark's quick variant: its generated project is valid and builds, its report has rows.

No timing is asserted anywhere: the numbers are the benchmark's business (`make bench`).
"""

from __future__ import annotations

import hashlib
import json
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from benchmarks import topdf_bench
from benchmarks.bench_env import BenchEnv
from benchmarks.build_bench import VARIANTS, build_once, build_section
from benchmarks.generate import KINDS, QUICK, Generated, Spec, generate_project
from benchmarks.hash_bench import hash_section
from benchmarks.rebuild_bench import changed_file, rebuild_section
from benchmarks.report import Row, Section, table
from benchmarks.runner import Run, run

BUILD_ROWS = {
    "build.cold.wall",
    "build.cold.cpu",
    "build.cold.plain",
    "build.rss.pages",
    "build.rss.plain",
    "build.overhead.cpu",
    "build.overhead.wall",
}
REBUILD_ROWS = {
    "rebuild.noop.wall",
    "rebuild.noop.cpu",
    "rebuild.changed.wall",
    "rebuild.changed.cpu",
}
HASH_ROWS = {"hash.rate", "hash.cached", "hash.small"}


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_generation_is_deterministic(tmp_path: Path) -> None:
    small = Spec(items=30, checklists=3, files=40, max_mb=0.2)
    first = generate_project(tmp_path / "a", small)
    second = generate_project(tmp_path / "b", small)
    assert _digests(first.root) == _digests(second.root)
    assert first.items == 30
    assert len(first.evidence) == 40


@dataclass(frozen=True)
class Built:
    generated: Generated
    run: Run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The quick project, generated and built once with `auditbook build` (cold cache)."""
    generated = generate_project(tmp_path_factory.mktemp("bench") / "project", QUICK)
    cold = next(variant for variant in VARIANTS if variant.key == "cold")
    return Built(generated, build_once(generated.root, cold))


def test_quick_project_builds_with_every_item_and_file(built: Built) -> None:
    generated, site = built.generated, built.generated.root / "site"
    assert built.run.returncode == 0
    assert generated.items == QUICK.items
    assert len(generated.evidence) == QUICK.files
    assert set(generated.kinds) == set(KINDS)
    assert all(path.with_name(path.name + ".meta.yml").is_file() for path in generated.evidence)
    assert generated.covering > 0
    report = json.loads((site / "report.json").read_text("utf-8"))
    codes = {finding["code"] for finding in report["findings"]}
    assert not {code for code in codes if code.startswith("sidecar-")}  # all sidecars valid
    assert "evidence-unknown-item" not in codes  # every `covers:` names a real item
    assert len(report["evidence"]) == QUICK.files
    assert (site / "evidence" / "index.html").is_file()
    assert len(list((site / "checklists").glob("*/index.html"))) == QUICK.checklists


def test_report_has_the_expected_rows(built: Built) -> None:
    root = built.generated.root
    # One build stands in for every variant: this checks the report's shape, not numbers.
    runs = {"cold": [built.run], "pages": [built.run], "plain": [built.run]}
    sections = [
        build_section(root, runs, "site build"),
        hash_section(list(built.generated.evidence)[:20], root, 1, "hashing", small_files=50),
    ]
    keys = {row.key for section in sections for row in section.rows}
    assert keys == BUILD_ROWS | HASH_ROWS
    assert all(row.ratio is not None and row.ratio > 0 for s in sections for row in s.rows)
    printed = table(sections)
    assert all(row.label in printed for section in sections for row in section.rows)


def test_targets_print_beside_their_values() -> None:
    met = Row.compare("a", "fast thing", 1.0, 10.0, "s").within("<= 0.20x", 0.2)
    missed = Row.compare("b", "slow thing", 5.0, 10.0, "s").within("<= 0.20x", 0.2)
    assert (met.target, missed.target) == ("<= 0.20x: met", "<= 0.20x: not met")
    printed = table([Section("targets", (met, missed))]).splitlines()
    assert printed[0].split() == ["measurement", "value", "reference", "ratio", "target"]
    assert any(line.endswith("<= 0.20x: not met") and "0.50x" in line for line in printed)


def test_build_overhead_and_rebuild_rows_are_judged(built: Built) -> None:
    root, done = built.generated.root, built.run
    build = build_section(root, {"cold": [done], "pages": [done], "plain": [done]}, "build")
    overhead = {row.key: row for row in build.rows if row.key.startswith("build.overhead")}
    assert {row.value for row in overhead.values()} == {"+0%"}
    assert all(row.target == "<= +10%: met" for row in overhead.values())
    target = changed_file(built.generated.evidence)
    assert target.suffix == ".txt"
    runs = {"cold": [done], "noop": [done], "changed": [done]}
    section = rebuild_section(root, runs, target, "rebuilds")
    assert {row.key for row in section.rows} == REBUILD_ROWS
    assert all(row.target.endswith(": not met") for row in section.rows if "noop" in row.key)


def test_mkdocs_to_pdf_config_and_a_plain_skip(tmp_path: Path) -> None:
    config = topdf_bench.topdf_config(QUICK)
    assert config["plugins"][1]["to-pdf"]["output_path"] == topdf_bench.PDF
    assert [list(entry) for entry in config["nav"]] == [["Checklists"]]
    missing = BenchEnv(None, ("mkdocs-to-pdf==0",), "no bench environment here")
    section = topdf_bench.topdf_section(tmp_path, QUICK, missing, 1, "to-pdf", skipped="")
    assert not section.rows
    assert section.notes == ("mkdocs-to-pdf not measured: no bench environment here",)
    assert not (tmp_path / "project").exists()  # nothing generated for a skipped comparison


def test_runs_account_for_workers_that_outlive_the_program(tmp_path: Path) -> None:
    """A worker orphaned by its program (as a forkserver's are) still counts: CPU and peak."""
    script = tmp_path / "orphan.py"
    busy = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass"
    script.write_text(
        textwrap.dedent(f"""
        import subprocess, sys
        subprocess.Popen([sys.executable, "-c", {busy!r}])
        """),
        encoding="utf-8",
    )
    done = run([sys.executable, str(script)], cwd=tmp_path).check()
    assert done.reaped == 2
    assert done.workers
    assert done.cpu_seconds >= 0.4
    assert done.peak_rss_kb > 0
