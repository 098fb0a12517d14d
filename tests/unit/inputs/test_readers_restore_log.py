"""The backup-restore reader on pg_restore and pgBackRest output as those tools print it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

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
    # The message with the file's own text after it, as the terminal shows a finding.
    return [(f.level.label, f.code, f.text, f.line) for f in result.findings]


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


def test_bare_pg_restore_output_is_not_enough_to_tell(tmp_path: Path) -> None:
    """pg_restore prints nothing when it finishes: without an exit status, no verdict."""
    result = read(tmp_path, PG_BODY)
    assert result.verdict is Verdict.UNDECIDED
    assert [f.code for f in result.findings] == ["restore-no-exit-status"]
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
        (
            "error",
            "restore-failed",
            "restore command end: aborted with exception [055]",
            5,
        )
    ]


def test_pgbackrest_without_end_is_incomplete(tmp_path: Path) -> None:
    result = read(tmp_path, BR_OK.rsplit("\n", 2)[0] + "\n")
    assert [f.code for f in result.findings] == ["restore-incomplete"]
    assert result.passed is False


def test_other_logs_are_not_recognised(tmp_path: Path) -> None:
    result = read(tmp_path, "2026-11-02 02:00:01 backup done\nall good\n")
    assert [(f.code, f.line) for f in result.findings] == [("restore-log-unrecognised", None)]
    assert result.findings[0].message.startswith("not a restore log of pg_restore, pgBackRest")
    assert result.verdict is Verdict.WRONG_KIND
    empty = read(tmp_path, "")
    assert empty.verdict is Verdict.WRONG_KIND
    assert empty.findings[0].message.endswith("the file is empty")


def test_a_restore_that_never_ended_has_no_duration(tmp_path: Path) -> None:
    """Two close timestamps are not a duration: only a real start and a real end are."""
    text = BR_OK.splitlines(keepends=True)
    result = read(tmp_path, "".join(text[:3]))
    assert facts(result)["Duration"] == "unknown"
    assert facts(result)["End"] == "not recorded"
    assert facts(result)["Within RTO"] == "unknown"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("stanza: main\n    status: ok\n\n        full backup: 20261101-010001F\n", "info"),
        (
            "2026-11-03 06:00:00.112 P00   INFO: check command begin 2.54.0: --stanza=main\n"
            "2026-11-03 06:00:01.004 P00   INFO: check command end: completed successfully\n",
            "check",
        ),
        (
            "P00   INFO: archive-push command begin 2.54.0: [pg_wal/000000010000000000000003]\n",
            "archive-push",
        ),
        ("INFO: 2026/11/01 01:00:00.502117 Calling pg_start_backup()\n", "backup-push"),
    ],
)
def test_other_commands_are_the_wrong_kind_and_named(
    tmp_path: Path, text: str, command: str
) -> None:
    result = read(tmp_path, text)
    assert result.verdict is Verdict.WRONG_KIND
    assert [f.code for f in result.findings] == ["restore-not-a-restore"]
    assert command in result.findings[0].message
    assert result.quotes[0].decided == "which command this is"


def test_walg_fetch_failure_fails_and_is_quoted(tmp_path: Path) -> None:
    text = (
        "INFO: 2026/11/02 10:15:01.123456 Selecting the latest backup...\n"
        "ERROR: 2026/11/02 10:15:02.000001 Failed to fetch backup: object not found\n"
    )
    result = read(tmp_path, text)
    assert result.verdict is Verdict.FAILS
    assert result.recognised == "WAL-G backup-fetch log"
    assert [(q.line, q.decided) for q in result.quotes] == [
        (1, "restore started"),
        (2, "first failure"),
    ]


def test_clients_refused_during_recovery_are_not_failures(tmp_path: Path) -> None:
    text = (
        "2026-11-02 10:30:00.164 UTC [7] LOG:  starting archive recovery\n"
        "2026-11-02 10:30:01.007 UTC [9] FATAL:  the database system is starting up\n"
        "2026-11-02 10:30:03.781 UTC [7] LOG:  archive recovery complete\n"
        "2026-11-02 10:30:04.340 UTC [5] LOG:  database system is ready to accept connections\n"
    )
    result = read(tmp_path, text)
    assert result.verdict is Verdict.PASSES
    assert facts(result)["Duration"] == "4 s"
    assert read(tmp_path, text.replace("the database system is starting up", "x")).passed is False


def test_aws_job_pending_is_not_enough_to_tell(tmp_path: Path) -> None:
    job = '{"RestoreJobId": "r-1", "Status": "PENDING", "CreationDate": 1793614500}'
    result = read(tmp_path, job)
    assert result.verdict is Verdict.UNDECIDED
    assert [f.code for f in result.findings] == ["restore-pending"]
    done = job.replace("PENDING", "COMPLETED").replace("}", ', "CompletionDate": 1793618100}')
    assert facts(read(tmp_path, done))["Duration"] == "1 h 0 min"


def test_a_bracketed_log_is_not_mistaken_for_json(tmp_path: Path) -> None:
    result = read(tmp_path, PG_OK.replace("2026-11-02 02:00:01 UTC", "[2026-11-02 02:00:01 UTC]"))
    assert result.passed is True


def test_long_logs_are_streamed(tmp_path: Path) -> None:
    """Memory must not grow with the file: a long log is read line by line."""
    body = 'pg_restore: processing data for table "public.visit"\n' * 200_000
    result = read(tmp_path, PG_OK.replace(PG_BODY, PG_BODY + body))
    assert result.passed is True
