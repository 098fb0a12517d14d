"""The repository's own demo project: every status appears, and the gate tells the truth."""

from __future__ import annotations

import dataclasses
import datetime as dt

from mkdocs.config import load_config

from auditbook.domain.model import Status
from auditbook.engine.project import load_project
from auditbook.options import settings_from
from conftest import REPO, run_cli

AS_OF = dt.date(2026, 11, 21)


def test_every_status_appears_in_the_demo() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    settings = settings_from(config, config.plugins["auditbook"].config)
    settings = dataclasses.replace(settings, as_of=AS_OF, cache_dir=None)  # write nothing
    overall = load_project(settings).assessment.overall
    assert {status for status in Status if overall.count(status) == 0} == set()


def test_check_on_the_demo_names_the_expired_and_failing_evidence() -> None:
    result = run_cli(REPO, "check", "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "evidence/reports/pentest-summary-2025-03.md: warning: evidence expired on 2026-03-01: "
        "collect it again [evidence-expired]"
    ) in lines
    assert (
        "evidence/backups/pgbackrest-restore-2026-08-14.log: error: evidence shows a failure "
        "(see its findings) [evidence-failing]"
    ) in lines
