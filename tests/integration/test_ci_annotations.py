"""`check --format github` and `--format sarif`: what CI and code scanning read."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic_sarif.model import StaticAnalysisResultsFormatSarifVersion210JsonSchema as SarifLog

from conftest import run_cli, write_project

SIDECAR = """\
title: Restore drill
kind: backup-restore
covers: [restore]
collected: 2026-11-02
collected_by: Ops (fictional)
valid_for: 92d
"""
FILES = {
    "content/checklists/ops.md": "# Ops\n\n## Backups\n\n- [ ] Restore tested {#restore}\n",
    "evidence/restore, 100%.log": (
        "2026-11-02 02:00:01.000 P00   INFO: restore command begin 2.54.0: --stanza=main\n"
        "2026-11-02 02:03:10.000 P00  ERROR: [055]: unable to open missing file 'base/1.gz'\n"
        "2026-11-02 02:03:10.000 P00   INFO: restore command end: aborted with exception [055]\n"
    ),
    "evidence/restore, 100%.log.meta.yml": SIDECAR,
}


def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "p", FILES)


def test_github_annotations_carry_file_line_and_level(tmp_path: Path) -> None:
    result = run_cli(project(tmp_path), "check", "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    failed = next(line for line in lines if "title=restore-failed" in line)
    # `,` and `%` in a file name are escaped so the runner reads one property each.
    assert failed.startswith(
        "::error file=evidence/restore%2C 100%25.log,line=2,title=restore-failed::"
    )
    assert failed.endswith("::restore failed: [055]: unable to open missing file 'base/1.gz'")
    assert lines[-1].startswith("auditbook: ") and lines[-1].endswith(
        "gate FAILED (fails on warning)"
    )


def test_sarif_is_valid_sarif_2_1_0_with_a_rule_per_code(tmp_path: Path) -> None:
    result = run_cli(project(tmp_path), "check", "--format", "sarif")
    assert result.exit_code == 1
    data = json.loads(result.output)
    SarifLog.model_validate(data)  # the official schema, as strict models
    [run] = data["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    failed = next(r for r in run["results"] if r["ruleId"] == "restore-failed")
    assert rules[failed["ruleIndex"]] == "restore-failed"
    location = failed["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "evidence/restore%2C%20100%25.log"},
        "region": {"startLine": 2},
    }
    assert failed["level"] == "error"


def test_a_clean_project_is_an_empty_valid_sarif_run(tmp_path: Path) -> None:
    root = write_project(tmp_path / "clean", {"content/checklists/ops.md": "# Ops\n\n- [ ] One\n"})
    data = json.loads(run_cli(root, "check", "--format", "sarif").output)
    SarifLog.model_validate(data)
