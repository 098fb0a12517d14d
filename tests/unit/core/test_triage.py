"""Findings as pages present them: one entry per cause, ranked for an audit, repairs in words."""

from __future__ import annotations

from auditbook.core.triage import triage, worst
from auditbook.domain.findings import Finding, Level

LOG = "evidence/backups/restore.log"
FAILING = Finding(Level.ERROR, "evidence-failing", "evidence shows a failure", LOG)
RESTORE = Finding(Level.ERROR, "restore-failed", "restore failed", LOG, 16)
ORDER = Finding(Level.WARNING, "restore-order", "restore took 5 h (RTO 4 h)", LOG, 20)
EXPIRED = Finding(Level.WARNING, "evidence-expired", "evidence expired", "evidence/pentest.md")
GAP = Finding(Level.WARNING, "coverage-gap", "§ 164.308(a)(2) Assigned ...", "mapping.yml")
MOJIBAKE = Finding(
    Level.WARNING,
    "source-mojibake",
    "stripped unrecoverable mis-decoded characters '\\xf0\\u0178\\u201d'",
    "content/checklists/deployment.md",
    3,
)
OTHER = Finding(Level.WARNING, "sidecar-key", "unknown key 'titel'", "a.meta.yml", 2)


def test_a_failing_file_is_one_entry_with_its_failed_lines_beneath() -> None:
    entries = triage([RESTORE, FAILING, ORDER, EXPIRED])
    assert [e.code for e in entries] == ["evidence-failing", "evidence-expired"]
    failing = entries[0]
    assert failing.details == (RESTORE, ORDER)
    assert failing.level is Level.ERROR
    assert failing.message == "evidence shows a failure: restore failed at line 16 (and 1 more)"


def test_findings_of_a_file_that_does_not_fail_stay_entries_of_their_own() -> None:
    entries = triage([RESTORE, ORDER])  # no evidence-failing: nothing to group under
    assert [e.finding for e in entries] == [RESTORE, ORDER]
    assert all(e.details == () for e in entries)


def test_within_a_level_what_blocks_an_audit_comes_first_and_repairs_last() -> None:
    entries = triage([MOJIBAKE, OTHER, GAP, EXPIRED])
    assert [e.code for e in entries] == [
        "evidence-expired",
        "coverage-gap",
        "sidecar-key",
        "source-mojibake",
    ]


def test_a_repair_is_told_in_words_and_never_among_the_worst() -> None:
    entries = triage([MOJIBAKE, EXPIRED])
    repair = next(e for e in entries if e.code == "source-mojibake")
    assert "\\x" not in repair.message and "\\u" not in repair.message
    assert "copy and paste" in repair.message
    assert [e.code for e in worst(entries, 10)] == ["evidence-expired"]


def test_worst_keeps_warnings_and_errors_up_to_the_limit() -> None:
    info = Finding(Level.INFO, "coverage-undecided", "§ 164.310(d)(2)(iii) ...", "m.yml")
    entries = triage([info, GAP, EXPIRED, FAILING])
    assert [e.code for e in worst(entries, 2)] == ["evidence-failing", "evidence-expired"]
    assert "coverage-undecided" not in [e.code for e in worst(entries, 10)]
