"""The PHI and secrets gate: a planted identifier stops every public output, masked and located.

All values are fictional, planted the way a careless export or a pasted note would carry them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, write_project

CHECKLIST = "# Ops\n\n## Backups\n\n- [ ] Restore tested {#restore}\n"
SIDECAR = """\
title: Restore notes
kind: other
covers: [restore]
collected: 2026-11-02
collected_by: Ops (fictional)
valid_for: 92d
publish: {publish}
description: {description}
"""


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_project(tmp_path / "p", {"content/checklists/ops.md": CHECKLIST, **files})


def sidecar(publish: bool = False, description: str = "Fictional notes") -> str:
    return SIDECAR.format(publish=str(publish).lower(), description=description)


def assert_refused(root: Path, where: str) -> None:
    result = run_cli(root, "build")
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: build failed: not published: {where} looks like ")
    assert result.output.endswith("Remove them, or keep the file unpublished\n")
    assert "123-45-6789" not in result.output and "AKIAIOSFODNN7EXAMPLE" not in result.output
    assert not (root / "site").exists()


def test_an_ssn_in_a_checklist_stops_the_build_at_its_line(tmp_path: Path) -> None:
    text = CHECKLIST + "- [ ] Call back the patient (SSN 123-45-6789) {#call}\n"
    root = project(tmp_path, {"content/checklists/ops.md": text})
    assert_refused(root, "content/checklists/ops.md:6")


def test_a_key_in_a_published_evidence_file_stops_the_build(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "evidence/notes.txt": "rotated keys\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
            "evidence/notes.txt.meta.yml": sidecar(publish=True),
        },
    )
    assert_refused(root, "evidence/notes.txt:2")


def test_an_ssn_in_a_sidecar_description_stops_the_build(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "evidence/notes.txt": "fictional notes\n",
            "evidence/notes.txt.meta.yml": sidecar(description="Case of SSN 123-45-6789"),
        },
    )
    assert_refused(root, "evidence/notes.txt.meta.yml:8")


def test_a_file_copied_from_docs_dir_is_scanned_too(tmp_path: Path) -> None:
    root = project(tmp_path, {"content/data/export.csv": "name,ssn\nJ. Roe,123-45-6789\n"})
    assert_refused(root, "content/data/export.csv:2")


def test_unpublished_evidence_is_not_public_and_not_refused(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "evidence/notes.txt": "patient SSN 123-45-6789 (fictional)\n",
            "evidence/notes.txt.meta.yml": sidecar(publish=False),
        },
    )
    assert run_cli(root, "build").exit_code == 0
    assert "123-45-6789" not in "".join(
        p.read_text("utf-8", "replace") for p in (root / "site").rglob("*") if p.is_file()
    )


def test_check_lists_every_hit_masked_and_fails_the_gate(tmp_path: Path) -> None:
    text = CHECKLIST + "- [ ] SSN 123-45-6789 and MRN: 00482913 {#x}\n- [ ] jane.roe@gmail.com\n"
    root = project(tmp_path, {"content/checklists/ops.md": text})
    result = run_cli(root, "check", "--format", "text")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "[sensitive-data]" in line]
    assert lines == [
        "content/checklists/ops.md:6: error: looks like a Social Security number "
        "(…89, 11 characters): remove it before publishing [sensitive-data]",
        "content/checklists/ops.md:6: error: looks like a medical record or member number "
        "(…13, 13 characters): remove it before publishing [sensitive-data]",
        "content/checklists/ops.md:7: warning: looks like an e-mail address "
        "(…om, 18 characters): remove it before publishing [sensitive-data]",
    ]


@pytest.mark.packet
def test_the_public_packet_is_refused_the_full_one_is_not(tmp_path: Path) -> None:
    text = CHECKLIST + "- [ ] SSN 123-45-6789 {#x}\n"
    root = project(tmp_path, {"content/checklists/ops.md": text})
    public = run_cli(root, "packet", "--public", "-o", "public.pdf")
    assert public.exit_code == 2 and not (root / "public.pdf").exists()
    full = run_cli(root, "packet", "-o", "full.pdf")
    assert full.exit_code == 0, full.output
    assert (root / "full.pdf").read_bytes().startswith(b"%PDF-")


def test_the_demo_passes_the_gate() -> None:
    from auditbook.engine.project import load_project
    from auditbook.inputs.exposure import CODE
    from auditbook.runner import load_config, settings_of
    from conftest import REPO

    settings = settings_of(load_config(str(REPO / "mkdocs.yml")), None)
    findings = load_project(settings).assessment.findings
    assert [f for f in findings if f.code == CODE] == []


def test_a_recorded_review_lets_a_published_file_through_as_a_note(tmp_path: Path) -> None:
    review = (
        "sensitive_data_reviewed:\n  by: Dana Okafor (Privacy Officer)\n  date: 2026-11-20\n"
        "  why: synthetic identifiers from the test data generator\n"
    )
    root = project(
        tmp_path,
        {
            "evidence/notes.txt": "test patient SSN 123-45-6789 (synthetic)\n",
            "evidence/notes.txt.meta.yml": sidecar(publish=True) + review,
        },
    )
    assert run_cli(root, "build").exit_code == 0
    check = run_cli(root, "check", "--format", "text")
    [line] = [line for line in check.output.splitlines() if "[sensitive-data]" in line]
    assert line == (
        "evidence/notes.txt:1: info: looks like a Social Security number (…89, 11 characters); "
        "reviewed by Dana Okafor (Privacy Officer) on 2026-11-20: synthetic identifiers from "
        "the test data generator [sensitive-data]"
    )


def test_a_review_without_its_reason_does_not_count(tmp_path: Path) -> None:
    review = "sensitive_data_reviewed:\n  by: Dana Okafor\n  date: 2026-11-20\n"
    root = project(
        tmp_path,
        {
            "evidence/notes.txt": "SSN 123-45-6789\n",
            "evidence/notes.txt.meta.yml": sidecar(publish=True) + review,
        },
    )
    check = run_cli(root, "check", "--format", "text")
    assert "missing why [sidecar-missing-key]" in check.output
    assert run_cli(root, "build").exit_code == 2
