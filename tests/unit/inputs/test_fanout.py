"""Evidence read and scanned on several cores gives what one core gives, in the same order;
forking is refused while another thread runs; a text file named .pdf is scanned as text."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from auditbook.domain.model import Checks, Verdict
from auditbook.inputs.catalog import load_catalog
from auditbook.inputs.evidence import collect_evidence
from auditbook.inputs.exposure import scan_public
from auditbook.inputs.fanout import fan_out
from auditbook.inputs.project import Inputs
from auditbook.inputs.settings import Settings

READERS = Path(__file__).resolve().parents[2] / "fixtures" / "readers"
KINDS = {
    "audit/cloudtrail.jsonl": "audit-log",
    "audit/app-drift.csv": "audit-log",
    "audit/pgaudit-session.log": "audit-log",
    "restore/pgbackrest-restore-ok.log": "backup-restore",
    "restore/pgbackrest-restore-error.log": "backup-restore",
    "baa/executed-complete.md": "baa",
}
SIDECAR = (
    "title: Sample\nkind: {kind}\ncollected: 2026-11-14\n"
    "collected_by: Dana Okafor (fictional)\nfictional: true\npublish: {publish}\n"
)


def pid(_: int) -> int:
    return os.getpid()


def test_work_is_spread_over_processes_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITBOOK_PROCESSES", "2")
    assert fan_out(str, list(range(100)), worth=10) == [str(n) for n in range(100)]
    pids = set(fan_out(pid, list(range(100)), worth=10))
    assert pids and os.getpid() not in pids  # each batch went to a forked process


def test_no_fork_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITBOOK_PROCESSES", "2")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert set(fan_out(pid, list(range(100)), worth=10)) == {os.getpid()}
    finally:
        stop.set()
        other.join()


def test_too_little_work_stays_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITBOOK_PROCESSES", "2")
    assert set(fan_out(pid, list(range(19)), worth=10)) == {os.getpid()}


def write_project(root: Path, copies: int) -> Path:
    """Each reader fixture many times over, half of the copies published (so scanned)."""
    for n in range(copies):
        for name, kind in KINDS.items():
            path = root / "evidence" / f"set-{n:02}" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes((READERS / name).read_bytes())
            sidecar = SIDECAR.format(kind=kind, publish=str(n % 2 == 0).lower())
            path.with_name(path.name + ".meta.yml").write_text(sidecar, "utf-8")
    notes = root / "evidence" / "notes.pdf"  # text, whatever its name says
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text("Fictional call notes\nSSN 123-45-6789 (fictional)\n", "utf-8")
    sidecar = SIDECAR.format(kind="other", publish="true")
    notes.with_name("notes.pdf.meta.yml").write_text(sidecar, "utf-8")
    return root


def collect_and_scan(root: Path) -> tuple[object, ...]:
    settings = Settings(root, root / "content", root / "evidence")
    evidence, findings = collect_evidence(settings.evidence_dir, Checks(), root=root)
    inputs = Inputs(settings, (), evidence, findings, load_catalog(), None, "", ())
    return evidence, [e.findings for e in evidence], findings, scan_public(inputs)


def test_many_files_on_two_cores_give_what_one_core_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path, copies=12)  # 72 files: two processes' worth
    monkeypatch.setenv("AUDITBOOK_PROCESSES", "1")
    alone = collect_and_scan(root)
    monkeypatch.setenv("AUDITBOOK_PROCESSES", "2")
    spread = collect_and_scan(root)
    assert spread == alone
    evidence = spread[0]
    assert len(evidence) == 73
    assert {e.verdict for e in evidence} == {Verdict.PASSES, Verdict.FAILS, None}


def test_text_named_pdf_is_scanned_as_text(tmp_path: Path) -> None:
    root = write_project(tmp_path, copies=0)
    *_, scanned = collect_and_scan(root)
    hits = [(f.path, f.line) for f in scanned if f.code == "sensitive-data"]
    assert ("evidence/notes.pdf", 2) in hits


def test_binary_named_pdf_is_unscannable_when_published(tmp_path: Path) -> None:
    root = write_project(tmp_path, copies=0)
    (root / "evidence" / "notes.pdf").write_bytes(b"not a PDF\n\0\x01\x02 123-45-6789\n")
    *_, scanned = collect_and_scan(root)
    found = [(f.path, f.level.name, f.message) for f in scanned]
    assert found == [
        (
            "evidence/notes.pdf.meta.yml",
            "WARNING",
            "published, but a binary file cannot be scanned for PHI or secrets: "
            "check it yourself, or set publish: false",
        )
    ]
