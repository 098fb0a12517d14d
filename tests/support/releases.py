"""A small project released for real: the releases tests, the diff and the browser share it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import run_cli, write_project
from support.shared import Facts

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


# Material as a reader sees it: the version selector, tabs, search and the light/dark toggle
# (test_browser.py clicks them), no web fonts (the browser tests run offline).
RELEASES_YML = """\
site_name: Release fixture
docs_dir: content
theme:
  name: material
  features: [navigation.tabs, search.highlight]
  font: false
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/brightness-7, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/brightness-4, name: Switch to light mode}
plugins:
  - search
  - auditbook:
      organisation: Example Clinic (fictional)
      system: Release fixture
      as_of: 2026-11-21
markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.tasklist:
      custom_checkbox: true
"""


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


def build_releases(folder: Path) -> Facts:
    """folder/one: the first state released as 1.0 (alias latest). folder/two: a copy of
    it with the second state released as 2.0 (alias latest)."""
    one = write_project(folder / "one", {**V1_FILES, "mkdocs.yml": RELEASES_YML})
    release(one, "1.0", "--alias", "latest")
    two = Path(shutil.copytree(one, folder / "two", symlinks=True))
    apply_second_state(two)
    release(two, "2.0", "--alias", "latest")
    return {}
