"""The benchmark's quick variant: its generated project is valid and builds, its report has rows.

No timing is asserted anywhere: the numbers are the benchmark's business (`make bench`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from benchmarks.build_bench import VARIANTS, build_once, build_section
from benchmarks.generate import KINDS, QUICK, Generated, Spec, generate_project
from benchmarks.hash_bench import hash_section
from benchmarks.report import table
from benchmarks.runner import Run

BUILD_ROWS = {
    "build.cold.wall",
    "build.cold.cpu",
    "build.cold.plain",
    "build.rss.pages",
    "build.rss.plain",
}
HASH_ROWS = {"hash.rate", "hash.cached"}


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
        hash_section(list(built.generated.evidence)[:20], root, 1, "hashing"),
    ]
    keys = {row.key for section in sections for row in section.rows}
    assert keys == BUILD_ROWS | HASH_ROWS
    assert all(row.ratio is not None and row.ratio > 0 for s in sections for row in s.rows)
    printed = table(sections)
    assert all(row.label in printed for section in sections for row in section.rows)
