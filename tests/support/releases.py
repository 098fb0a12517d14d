"""A small project released for real: the releases tests, the diff and the browser share it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import run_cli, write_project

CHECKLIST = """\
# Operations

## Backups

- [ ] Backups restored in a test {#backup-restore}
- [x] Backups encrypted {#backup-encrypted}

## Access

- [ ] MFA enforced for every administrator {#mfa}
- [ ] Audit logs reviewed weekly {#audit-review}
"""


def sidecar(title: str, covers: str, collected: str = "2026-11-01", valid: str = "90d") -> str:
    return (
        f"title: {title}\nkind: other\ncovers: [{covers}]\ncollected: {collected}\n"
        f"collected_by: Dana Okafor (Security Lead)\nvalid_for: {valid}\nfictional: true\n"
    )


V1_FILES: dict[str, str | bytes] = {
    "content/checklists/ops.md": CHECKLIST,
    "content/runbook.md": "# Runbook\n\nRestore from the nightly backup (fictional).\n",
    "evidence/restore.txt": "restore finished in 42 minutes (fictional)\n",
    "evidence/restore.txt.meta.yml": sidecar("Restore test", "backup-restore"),
    "evidence/encryption.txt": "volumes encrypted with AES-256 (fictional)\n",
    "evidence/encryption.txt.meta.yml": sidecar("Encryption report", "backup-encrypted"),
    "evidence/review.txt": "weekly audit-log review notes (fictional)\n",
    "evidence/review.txt.meta.yml": sidecar("Audit-log review", "audit-review"),
}


def write_release_project(root: Path) -> Path:
    """The first state of a small fictional project: three current evidence files."""
    return write_project(root, V1_FILES)


def apply_second_state(project: Path) -> None:
    """Evidence changes between the releases: added, removed, replaced and expired."""
    (project / "evidence/mfa.txt").write_text("MFA enforced for admins (fictional)\n", "utf-8")
    (project / "evidence/mfa.txt.meta.yml").write_text(sidecar("MFA report", "mfa"), "utf-8")
    (project / "evidence/encryption.txt").unlink()
    (project / "evidence/encryption.txt.meta.yml").unlink()
    (project / "evidence/restore.txt").write_text("restore finished in 38 minutes\n", "utf-8")
    expired = sidecar("Audit-log review", "audit-review", collected="2026-06-01", valid="30d")
    (project / "evidence/review.txt.meta.yml").write_text(expired, "utf-8")


def release(project: Path, *args: str) -> None:
    result = run_cli(project, "release", *args)
    assert result.exit_code == 0, result.output


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder (dotfiles too) and its SHA-256, to compare trees exactly."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
