"""`auditbook build --strict` fails like `mkdocs build --strict`: exit 1 on a warning (the
gate), while unusable input stays exit 2."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, write_project

YML = "site_name: S\ntheme: material\nplugins:\n  - auditbook:\n      as_of: 2026-11-21\n"


def test_a_warning_fails_a_strict_build_with_the_gates_exit_code(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {"mkdocs.yml": YML, "docs/l.md": "# L\n\n- [ ] A\n"})
    result = run_cli(project, "build", "--strict")  # no evidence folder: a warning
    assert result.exit_code == 1
    assert result.output.endswith(
        "error: build failed: Aborted with 1 warnings in strict mode!\n"
    ), result.output
    assert not (project / "site").exists()  # nothing half-built left behind
    assert run_cli(project, "build").exit_code == 0  # without --strict it builds


def test_unusable_input_is_still_exit_2(tmp_path: Path) -> None:
    yml = YML.replace("as_of: 2026-11-21", "as_of: someday")
    project = write_project(tmp_path / "p", {"mkdocs.yml": yml, "docs/l.md": "# L\n"})
    assert run_cli(project, "build", "--strict").exit_code == 2
