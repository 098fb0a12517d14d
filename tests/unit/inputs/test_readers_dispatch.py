"""read_evidence: dispatch on the kind, unreadable files, and the repository's sample evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditbook.domain.model import Checks, EvidenceMeta, ReaderResult, Verdict
from auditbook.inputs.readers import read_evidence
from conftest import REPO

SAMPLES = REPO / "evidence"


def meta(kind: str) -> EvidenceMeta:
    return EvidenceMeta("x.meta.yml", "sample", kind, dt.date(2026, 11, 21), "tester")


@pytest.mark.parametrize("kind", ["policy", "report", "screenshot", "attestation", "other"])
def test_generic_kinds_give_an_empty_result(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "file.bin"
    path.write_bytes(b"\x00\xff anything")
    assert read_evidence(path, "evidence/file.bin", meta(kind), Checks()) == ReaderResult()


@pytest.mark.parametrize("kind", ["audit-log", "backup-restore", "baa", "sign-off"])
def test_missing_file_is_an_error_finding(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "gone.csv"
    result = read_evidence(path, "evidence/gone.csv", meta(kind), Checks())
    assert result.verdict is Verdict.UNDECIDED
    [finding] = result.findings
    assert (finding.code, finding.path) == ("evidence-unreadable", "evidence/gone.csv")
    assert finding.message.startswith("cannot read file: ")


@pytest.mark.parametrize(
    ("name", "kind", "passed", "fact", "value"),
    [
        ("audit-logs/api-audit-2026-10.csv", "audit-log", True, "Records", "200"),
        ("audit-logs/api-audit-2026-11.jsonl", "audit-log", True, "Missing fields", "none"),
        ("backups/pg_restore-2026-11-02.log", "backup-restore", True, "Within RTO", "yes"),
        ("backups/pgbackrest-restore-2026-08-14.log", "backup-restore", False, "Result", "failed"),
        ("baa/digitalocean-baa-2026.pdf", "baa", True, "Signed", "yes, by both parties"),
        (
            "sign-offs/compliance-officer.yml",
            "sign-off",
            True,
            "Decision",
            "approved-with-conditions",
        ),
        ("sign-offs/security-lead.yml", "sign-off", True, "Decision", "approved"),
    ],
)
def test_sample_evidence_reads_as_its_readme_says(
    name: str, kind: str, passed: bool, fact: str, value: str
) -> None:
    result = read_evidence(SAMPLES / name, f"evidence/{name}", meta(kind), Checks())
    assert result.passed is passed
    assert {f.label: f.value for f in result.facts}[fact] == value
    assert all(f.level.label == "error" for f in result.findings) or not result.findings
    assert bool(result.findings) is not passed
