"""The backup-restore reader on pg_restore and pgBackRest output as those tools print it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from auditbook.domain.model import Checks, EvidenceMeta, ReaderResult, Verdict
from auditbook.inputs.readers import read_evidence

if TYPE_CHECKING:
    from pathlib import Path

REL = "evidence/backups/restore.log"

PG_BODY = """\
pg_restore: connecting to database for restore
pg_restore: creating TABLE "public.Patient"
pg_restore: creating TABLE "public.AuditLog"
pg_restore: processing data for table "public.Patient"
pg_restore: processing data for table "public.AuditLog"
pg_restore: creating INDEX "public.AuditLog_userId_idx"
"""

PG_OK = (
    "2026-11-02 02:00:01 UTC restore started: pg_restore --verbose -d scratch backup.dump\n"
    + PG_BODY
    + "2026-11-02 03:12:44 UTC restore finished (exit 0)\n"
)

PG_FAILED = """\
2026-11-02T02:00:01Z restore started
pg_restore: connecting to database for restore
pg_restore: creating TABLE "public.Patient"
pg_restore: error: could not execute query: ERROR:  relation "Patient" already exists
Command was: CREATE TABLE public."Patient" (id text NOT NULL);
pg_restore: processing data for table "public.Patient"
pg_restore: error: COPY failed for table "Patient": ERROR:  duplicate key value
pg_restore: warning: errors ignored on restore: 2
2026-11-02T02:05:10Z restore finished (exit 1)
"""

BR_OK = """\
2026-10-30 02:00:01.123 P00   INFO: restore command begin 2.54.0: --stanza=main --type=default
2026-10-30 02:00:01.300 P00   INFO: repo1: restore backup set 20261029-010001F, recovery will [...]
2026-10-30 02:00:02.000 P01 DETAIL: restore file /var/lib/postgresql/16/main/base/1/1259 (1GB)
2026-10-30 02:41:13.555 P00   INFO: restore command end: completed successfully (2472432ms)
"""

BR_FAILED = """\
2026-08-14 02:00:01.123 P00   INFO: restore command begin 2.54.0: --stanza=main --type=time
2026-08-14 02:00:01.335 P00   WARN: --delta or --force specified but unable to find 'PG_VERSION'
2026-08-14 02:13:29.485 P03  ERROR: [055]: unable to open missing file 'x.gz' for read
2026-08-14 02:13:29.504 P00  ERROR: [055]: unable to open missing file 'x.gz' for read
2026-08-14 02:13:29.508 P00   INFO: restore command end: aborted with exception [055]
"""


def read(tmp_path: Path, text: str, checks: Checks | None = None) -> ReaderResult:
    path = tmp_path / "restore.log"
    path.write_text(text, encoding="utf-8")
    meta = EvidenceMeta("x.meta.yml", "restore", "backup-restore", dt.date(2026, 11, 2), "tester")
    return read_evidence(path, REL, meta, checks or Checks())


def facts(result: ReaderResult) -> dict[str, str]:
    return {fact.label: fact.value for fact in result.facts}


def findings(result: ReaderResult) -> list[tuple[str, str, str, int | None]]:
    assert all(f.path == REL for f in result.findings)
    return [(f.level.label, f.code, f.message, f.line) for f in result.findings]


def test_pg_restore_success_within_rto(tmp_path: Path) -> None:
    result = read(tmp_path, PG_OK)
    assert result.findings == ()
    assert result.passed is True
    assert result.stale_after == dt.date(2026, 11, 2) + dt.timedelta(days=92)
    assert facts(result) == {
        "Tool": "pg_restore",
        "Result": "succeeded",
        "Errors": "0",
        "Warnings": "0",
        "Tables created": "2",
        "Exit status": "0",
        "Start": "2026-11-02T02:00:01Z",
        "End": "2026-11-02T03:12:44Z",
        "Duration": "1 h 12 min",
        "RTO target": "4 h",
        "Within RTO": "yes",
    }


def test_pg_restore_errors_fail_on_the_first_error_line(tmp_path: Path) -> None:
    result = read(tmp_path, PG_FAILED)
    assert result.passed is False
    assert findings(result) == [
        (
            "error",
            "restore-failed",
            'restore failed: error: could not execute query: ERROR:  relation "Patient" '
            "already exists",
            4,
        )
    ]
    assert facts(result)["Result"] == "failed"
    assert facts(result)["Errors"] == "2"
    assert facts(result)["Exit status"] == "1"
    assert facts(result)["Within RTO"] == "not applicable: the restore did not complete"
    assert result.stale_after is None


def test_nonzero_exit_alone_fails(tmp_path: Path) -> None:
    text = PG_OK.replace("(exit 0)", "(exit 3)")
    result = read(tmp_path, text)
    assert findings(result) == [("error", "restore-failed", "restore exited with status 3", 8)]


def test_restore_longer_than_the_rto_fails(tmp_path: Path) -> None:
    text = PG_OK.replace("03:12:44 UTC", "07:30:00 UTC")
    result = read(tmp_path, text)
    assert result.passed is False
    assert findings(result) == [
        ("error", "restore-over-rto", "restore took 5 h 29 min, longer than the RTO of 4 h", 8)
    ]
    assert facts(result)["Within RTO"] == "no"
    assert read(tmp_path, text, Checks(rto_hours=6)).passed is True


def test_bare_pg_restore_output_passes_with_warnings(tmp_path: Path) -> None:
    result = read(tmp_path, PG_BODY)
    assert result.passed is True
    assert [f.code for f in result.findings] == ["restore-no-exit-status", "restore-no-duration"]
    assert facts(result)["Duration"] == "unknown"
    assert result.stale_after is None


def test_log_cut_off_before_the_end_is_incomplete(tmp_path: Path) -> None:
    text = "2026-11-02 02:00:01 UTC restore started\n" + PG_BODY
    result = read(tmp_path, text)
    assert result.passed is False
    assert [f.code for f in result.findings] == ["restore-incomplete"]


def test_pgbackrest_success_uses_its_timestamps(tmp_path: Path) -> None:
    result = read(tmp_path, BR_OK)
    assert result.findings == ()
    assert result.passed is True
    assert result.stale_after == dt.date(2027, 1, 30)
    got = facts(result)
    assert got["Tool"] == "pgBackRest 2.54.0"
    assert got["Result"] == "succeeded"
    assert got["Backup set"] == "20261029-010001F"
    assert got["Duration"] == "41 min 12 s"
    assert got["Within RTO"] == "yes"


def test_pgbackrest_without_timestamps_uses_its_own_duration(tmp_path: Path) -> None:
    text = "\n".join(line.split(" ", 2)[2] for line in BR_OK.splitlines()) + "\n"
    result = read(tmp_path, text)
    assert facts(result)["Duration"] == "41 min 12 s"
    assert facts(result)["Start"] == "not recorded"
    assert result.passed is True


def test_pgbackrest_failure(tmp_path: Path) -> None:
    result = read(tmp_path, BR_FAILED)
    assert result.passed is False
    assert findings(result) == [
        (
            "error",
            "restore-failed",
            "restore failed: [055]: unable to open missing file 'x.gz' for read",
            3,
        )
    ]
    got = facts(result)
    assert (got["Result"], got["Errors"], got["Warnings"]) == ("failed", "2", "1")
    assert result.stale_after is None


def test_pgbackrest_aborted_without_error_lines(tmp_path: Path) -> None:
    text = BR_FAILED.replace("  ERROR:", " DETAIL:")
    result = read(tmp_path, text)
    assert findings(result) == [
        ("error", "restore-failed", "restore command end: aborted with exception [055]", 5)
    ]


def test_pgbackrest_without_end_is_incomplete(tmp_path: Path) -> None:
    result = read(tmp_path, BR_OK.rsplit("\n", 2)[0] + "\n")
    assert [f.code for f in result.findings] == ["restore-incomplete"]
    assert result.passed is False


def test_other_logs_are_not_recognised(tmp_path: Path) -> None:
    result = read(tmp_path, "2026-11-02 02:00:01 backup done\nall good\n")
    assert findings(result) == [
        ("error", "restore-log-unrecognised", "not a pg_restore or pgBackRest log", None)
    ]
    assert result.verdict is Verdict.WRONG_KIND
    assert read(tmp_path, "").verdict is Verdict.WRONG_KIND
