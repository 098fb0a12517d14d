"""Reading and scanning results reused between builds: the same answer, and only what changed
read again. Every build here is real: files on disk, the readers and the scan themselves;
the only stand-in is a counter wrapped around the reader and the scan, to see them run."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from auditbook.domain.model import Checks
from auditbook.inputs import exposure, readers, results_cache
from auditbook.inputs.catalog import load_catalog
from auditbook.inputs.evidence import collect_evidence
from auditbook.inputs.exposure import scan_public
from auditbook.inputs.localcache import open_cache
from auditbook.inputs.project import Inputs
from auditbook.inputs.results_cache import ResultCache
from auditbook.inputs.settings import Settings

READERS = Path(__file__).resolve().parents[2] / "fixtures" / "readers"
CODE = "code-1"  # stands in for auditbook's own digest, so a test can change it
SIDECAR = (
    "title: Sample\nkind: {kind}\ncollected: {collected}\n"
    "collected_by: Dana Okafor (fictional)\nfictional: true\npublish: {publish}\n"
)
# (path under evidence/, file its bytes come from or its text, kind; None: no sidecar)
FILES: list[tuple[str, Path | str | bytes, str | None]] = [
    ("audit/cloudtrail.jsonl", READERS / "audit/cloudtrail.jsonl", "audit-log"),
    ("audit/app-drift.csv", READERS / "audit/app-drift.csv", "audit-log"),
    ("backups/restore.log", READERS / "restore/pgbackrest-restore-ok.log", "backup-restore"),
    ("backups/failed.log", READERS / "restore/pgbackrest-restore-error.log", "backup-restore"),
    ("baa/hosting.md", READERS / "baa/executed-complete.md", "baa"),
    ("sign-offs/lead.yml", "name: Priya Raman\nrole: Security Lead\ndate: 2026-11-13\n"
     "decision: approved\nversion: '1.2'\nscope: Security controls\n", "sign-off"),
    ("damaged.csv", b"a,b\n1,\x00\x1b[31m\n", "other"),
    ("notes.txt", "call back, SSN 123-45-6789 (fictional)\n", "other"),
    ("empty.txt", "", "other"),
    ("loose.log", b"no sidecar, and a NUL: \x00\n", None),
]  # fmt: skip


def write_project(root: Path, *, publish: bool = True) -> Path:
    for rel, source, kind in FILES:
        path = root / "evidence" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes() if isinstance(source, Path) else source
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if kind is not None:
            sidecar(root, rel, kind=kind, publish=publish and kind == "other")
    settle()
    return root


def sidecar(root: Path, rel: str, **fields: Any) -> None:
    values = {"kind": "other", "collected": "2026-11-14", "publish": False, **fields}
    values["publish"] = str(values["publish"]).lower()
    text = SIDECAR.format(**values) + fields.get("extra", "")
    (root / "evidence" / (rel + ".meta.yml")).write_text(text, "utf-8")


def settle() -> None:
    """Let files just written grow older than the margin a cached result needs."""
    time.sleep(results_cache.SETTLE_NS / 1e9 + 0.02)


Build = tuple[Any, ...]


def build(
    root: Path,
    *,
    cache: bool = True,
    code: str = CODE,
    checks: Checks | None = None,
    since_ns: int | None = None,
) -> Build:
    """Collect and scan as a build does; with the cache, through a fresh ResultCache.

    `since_ns` says when the build began, if not now (for a file changed as it ran)."""
    checks = checks or Checks()
    settings = Settings(root, root / "content", root / "evidence", checks=checks)
    local = open_cache(root / ".auditbook-cache", root) if cache else None
    results = ResultCache.open(local, code=code)
    assert (results is not None) == cache
    if results and since_ns is not None:
        results.since_ns = since_ns
    evidence, findings = collect_evidence(settings.evidence_dir, checks, root=root, results=results)
    inputs = Inputs(settings, (), evidence, findings, load_catalog(), None, "", (), results)
    # Evidence leaves its findings out of ==: compare them on their own.
    return evidence, [e.findings for e in evidence], findings, scan_public(inputs)


@dataclasses.dataclass
class Runs:
    """Which files the readers read and which sidecars the scan scanned, by path."""

    read: Counter[str] = dataclasses.field(default_factory=Counter)
    scanned: Counter[str] = dataclasses.field(default_factory=Counter)

    def clear(self) -> None:
        self.read.clear()
        self.scanned.clear()


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Runs:
    seen = Runs()
    read, scan = readers.read_evidence, exposure.scan_file

    def counted_read(path: Path, rel: str, *args: Any) -> Any:
        seen.read[rel] += 1
        return read(path, rel, *args)

    def counted_scan(path: Path) -> Any:
        seen.scanned[path.name] += 1
        return scan(path)

    monkeypatch.setattr(readers, "read_evidence", counted_read)
    monkeypatch.setattr(exposure, "scan_file", counted_scan)
    return seen


READ = {f"evidence/{rel}" for rel, source, kind in FILES if kind and source}


def test_a_warm_build_is_the_cold_build_and_reads_nothing_again(tmp_path: Path, runs: Runs) -> None:
    root = write_project(tmp_path / "p")
    cold = build(root, cache=False)
    assert set(runs.read) == READ and runs.scanned  # the readers do run without a cache
    assert build(root) == cold  # fills the cache
    runs.clear()
    assert build(root) == cold
    assert runs == Runs()
    codes = {f.code for f in cold[2]} | {f.code for f in cold[3]}
    assert {"evidence-nul", "evidence-control", "evidence-empty", "sensitive-data"} <= codes
    assert {"restore-failed", "audit-log-gap"} <= codes


def warm(root: Path, runs: Runs) -> None:
    build(root)
    runs.clear()


def test_changed_bytes_are_read_again_and_nothing_else(tmp_path: Path, runs: Runs) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    with (root / "evidence/backups/restore.log").open("a") as log:
        log.write("2026-11-14 09:00:00.000 P00  ERROR: [041]: unable to open file (fictional)\n")
    again = build(root)
    assert runs.read == Counter({"evidence/backups/restore.log": 1})
    assert again == build(root, cache=False)


@pytest.mark.parametrize(
    "fields",
    [
        {"collected": "2026-11-10"},  # before the signature: the reader says so
        {"kind": "other"},  # no reader at all now
        {"publish": True},  # published: the raw file is scanned as well
        {"extra": "description: for case SSN 123-45-6789\n"},  # only its words: a new hit
    ],
)
def test_a_changed_sidecar_reads_its_file_again(
    tmp_path: Path, runs: Runs, fields: dict[str, Any]
) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    sidecar(root, "sign-offs/lead.yml", **{"kind": "sign-off", **fields})
    again = build(root)
    assert set(runs.read) <= {"evidence/sign-offs/lead.yml"}
    assert runs.scanned["lead.yml.meta.yml"] == 1 and len(runs.scanned) == 1 + fields.get(
        "publish", False
    )
    assert again == build(root, cache=False)


def test_new_checks_read_every_file_again(tmp_path: Path, runs: Runs) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    checks = Checks(audit_log_max_gap_days=365.0, rto_hours=0.001)
    again = build(root, checks=checks)
    assert set(runs.read) == READ
    assert again == build(root, cache=False, checks=checks) != build(root, cache=False)


def test_other_code_reads_and_scans_every_file_again(tmp_path: Path, runs: Runs) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    again = build(root, code="code-2")
    assert set(runs.read) == READ
    assert runs.scanned["hosting.md.meta.yml"] == 1
    assert again == build(root, cache=False)


def test_a_moved_file_is_read_again_under_its_new_name(tmp_path: Path, runs: Runs) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    (root / "evidence/archive").mkdir()
    for name in ("failed.log", "failed.log.meta.yml", "loose.log"):  # loose.log: no sidecar
        source = root / "evidence" / ("backups/" if "failed" in name else "") / name
        source.rename(root / "evidence/archive" / name)
    again = build(root)
    assert runs.read == Counter({"evidence/archive/failed.log": 1})
    assert again == build(root, cache=False)
    paths = {f.path for f in again[2]}
    assert {"evidence/archive/failed.log", "evidence/archive/loose.log"} <= paths


def test_a_published_file_with_new_bytes_is_scanned_again(tmp_path: Path, runs: Runs) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    (root / "evidence/notes.txt").write_text("called back (fictional)\n", "utf-8")
    again = build(root)
    assert runs.scanned == Counter({"notes.txt.meta.yml": 1, "notes.txt": 1})
    assert again == build(root, cache=False)
    assert not [f for f in again[3] if f.path == "evidence/notes.txt"]


def test_a_file_no_longer_published_is_not_reported_as_published(
    tmp_path: Path, runs: Runs
) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    # A name outside the folder: never published raw, though its sidecar says so.
    os.link(root / "evidence/notes.txt", tmp_path / "elsewhere.txt")
    again = build(root)
    assert again == build(root, cache=False)
    assert not [f for f in again[3] if f.path == "evidence/notes.txt"]


def test_a_review_added_to_a_sidecar_is_applied_to_what_the_scan_found(
    tmp_path: Path, runs: Runs
) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    review = "sensitive_data_reviewed:\n  by: Dana Okafor\n  date: 2026-11-20\n  why: synthetic\n"
    sidecar(root, "notes.txt", publish=True, extra=review)
    again = build(root)
    assert again == build(root, cache=False)
    assert [f.level.label for f in again[3] if f.path == "evidence/notes.txt"] == ["info"]


def test_only_what_the_last_build_used_is_kept(tmp_path: Path, runs: Runs) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    folder = root / ".auditbook-cache/results"
    before = {name: entries(folder / name) for name in ("readers.json", "scans.json")}
    (root / "evidence/baa/hosting.md").unlink()
    build(root)
    for name, count in before.items():
        assert entries(folder / name) == count - 1
    mtime = (folder / "readers.json").stat().st_mtime_ns
    build(root)  # nothing changed: nothing written
    assert (folder / "readers.json").stat().st_mtime_ns == mtime


def entries(path: Path) -> int:
    return len(json.loads(path.read_text("ascii"))["entries"])


def test_a_copied_project_does_not_trust_the_results_it_brings(tmp_path: Path, runs: Runs) -> None:
    root = write_project(tmp_path / "p")
    warm(root, runs)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)  # the secret's inode and change time are new: not believed
    settle()
    again = build(copy)
    assert set(runs.read) == READ
    assert again == build(copy, cache=False)
