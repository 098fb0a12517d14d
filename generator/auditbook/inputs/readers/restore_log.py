"""Backup-restore logs of pg_restore (wrapped by a timestamping script) and pgBackRest."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditbook.domain.model import Verdict
from auditbook.inputs.readers._common import (
    LineTooLong,
    Notes,
    bounded_lines,
    cap,
    human_duration,
    iso,
    open_text,
)

if TYPE_CHECKING:
    from pathlib import Path

    from auditbook.domain.model import Checks, ReaderResult

# A timestamp at the start of a line, as a wrapper script or pgBackRest writes it.
_STAMP = re.compile(
    r"^\[?(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{2}:\d{2}:\d{2}(?:[.,]\d+)?)"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\]?(?:\s+|$)"
)
# pg_restore's own lines; old versions print the final count without the prefix.
_PG = re.compile(r"^(?:pg_restore:\s*|(?=WARNING: errors ignored))(?P<msg>.*)$")
_PG_IGNORED = re.compile(r"errors ignored on restore:\s*(?P<count>\d{1,9})", re.IGNORECASE)
_EXIT = re.compile(
    r"\bexit(?:ed)?(?:\s+with)?(?:\s+(?:code|status))?\s*[:=]?\s*(?P<code>\d{1,9})\b", re.IGNORECASE
)
_BR = re.compile(r"^P\d{2,}\s+(?P<level>[A-Z]+):\s(?P<msg>.*)$")
_BR_BEGIN = re.compile(r"restore command begin (?P<version>\S+?):?(?:\s|$)")
_BR_END = re.compile(r"restore command end: (?P<how>.*)$")
_BR_MS = re.compile(r"completed successfully \((?P<ms>\d{1,15})ms\)")


@dataclass
class _Log:
    """What one pass over the log found, for both tools at once."""

    pg_lines: int = 0
    br_lines: int = 0
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    end_line: int | None = None
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: int = 0
    ignored: int = 0
    ignored_line: int | None = None
    exit_code: int | None = None
    exit_line: int | None = None
    started: bool = False
    tables: int = 0
    version: str = ""
    ended: str | None = None
    ended_line: int | None = None
    end_ms: int | None = None
    backup_set: str = ""


def read_restore_log(path: Path, rel: str, checks: Checks) -> ReaderResult:
    """Decide from the content which tool wrote the log, then judge the restore."""
    notes = Notes(rel)
    log = _Log()
    with open_text(path) as stream:
        try:
            for number, text in enumerate(bounded_lines(stream), start=1):
                _scan(log, number, text.rstrip("\r\n"))
        except LineTooLong as exc:
            notes.error("restore-log-line-too-long", f"{exc}; reading stopped", exc.line)
    if log.br_lines and log.br_lines >= log.pg_lines:
        _judge_pgbackrest(log, notes)
    elif log.pg_lines:
        _judge_pg_restore(log, notes)
    else:
        notes.error("restore-log-unrecognised", "not a pg_restore or pgBackRest log")
        return notes.result(Verdict.WRONG_KIND)
    _judge_duration(log, notes, checks, failed=notes.has_errors)
    # Only a good test goes stale: a failed one keeps failing until a new test replaces it.
    finished = log.end or log.start
    if notes.has_errors or finished is None:
        return notes.result()
    interval = dt.timedelta(days=checks.restore_test_interval_days)
    return notes.result(stale_after=finished.date() + interval)


def _scan(log: _Log, number: int, text: str) -> None:
    stamp, rest = _split_stamp(text)
    if stamp is not None:
        log.start = log.start or stamp
        log.end, log.end_line = stamp, number
    if match := _BR.match(rest):
        log.br_lines += 1
        _scan_pgbackrest(log, number, match["level"], match["msg"])
    elif match := _PG.match(rest):
        log.pg_lines += 1
        _scan_pg_restore(log, number, match["msg"])
    elif stamp is not None:
        _scan_wrapper(log, number, rest)


def _split_stamp(text: str) -> tuple[dt.datetime | None, str]:
    match = _STAMP.match(text)
    if not match:
        return None, text
    zone = match["zone"] or "UTC"
    zone = "+00:00" if zone in ("Z", "UTC", "GMT") else zone
    if len(zone) == 3:
        zone += ":00"
    try:
        stamp = dt.datetime.fromisoformat(
            f"{match['date']}T{match['time'].replace(',', '.')}{zone}"
        )
    except ValueError:
        return None, text
    return stamp, text[match.end() :]


def _scan_pg_restore(log: _Log, number: int, message: str) -> None:
    lowered = message.lower()
    if ignored := _PG_IGNORED.search(message):
        log.ignored += int(ignored["count"])
        log.ignored_line = log.ignored_line or number
    elif lowered.startswith(("error:", "fatal:")) or (
        lowered.startswith("[") and "error" in lowered
    ):
        log.errors.append((number, message))
    elif lowered.startswith("warning:"):
        log.warnings += 1
    elif message.startswith("creating TABLE "):
        log.tables += 1


def _scan_wrapper(log: _Log, number: int, message: str) -> None:
    lowered = message.lower()
    if "restore started" in lowered or "starting restore" in lowered:
        log.started = True
    if (code := _EXIT.search(message)) and ("restore" in lowered or "pg_restore" in lowered):
        log.exit_code, log.exit_line = int(code["code"]), number


def _scan_pgbackrest(log: _Log, number: int, level: str, message: str) -> None:
    if level in ("ERROR", "ASSERT"):
        log.errors.append((number, message))
    elif level == "WARN":
        log.warnings += 1
    if begin := _BR_BEGIN.search(message):
        log.started, log.version = True, begin["version"]
    elif end := _BR_END.search(message):
        log.ended, log.ended_line = end["how"], number
        if ms := _BR_MS.search(end["how"]):
            log.end_ms = int(ms["ms"])
    elif message.startswith("repo") and "restore backup set" in message:
        log.backup_set = message.split("restore backup set", 1)[1].split(",")[0].strip()


def _judge_pg_restore(log: _Log, notes: Notes) -> None:
    notes.fact("Tool", "pg_restore")
    failed = bool(log.errors) or bool(log.ignored) or bool(log.exit_code)
    notes.fact("Result", "failed" if failed else "succeeded")
    _count_facts(log, notes)
    notes.fact("Tables created", log.tables)
    if log.exit_code is not None:
        notes.fact("Exit status", log.exit_code)
    if log.errors:
        line, message = log.errors[0]
        notes.error("restore-failed", f"restore failed: {cap(message)}", line)
    elif log.ignored:
        message = f"restore failed: {log.ignored} error(s) ignored on restore"
        notes.error("restore-failed", message, log.ignored_line)
    elif log.exit_code:
        notes.error("restore-failed", f"restore exited with status {log.exit_code}", log.exit_line)
    elif log.started and log.exit_code is None:
        message = "the log ends before the restore finished (no exit status)"
        notes.error("restore-incomplete", message, log.end_line)
    elif log.exit_code is None:
        message = "no exit status recorded: wrap pg_restore in a script that logs it"
        notes.warning("restore-no-exit-status", message)


def _judge_pgbackrest(log: _Log, notes: Notes) -> None:
    notes.fact("Tool", f"pgBackRest {log.version}".strip())
    ended_ok = log.ended is not None and log.ended.startswith("completed successfully")
    failed = bool(log.errors) or (log.ended is not None and not ended_ok)
    notes.fact("Result", "failed" if failed else "succeeded" if ended_ok else "incomplete")
    _count_facts(log, notes)
    if log.backup_set:
        notes.fact("Backup set", log.backup_set)
    if log.errors:
        line, message = log.errors[0]
        notes.error("restore-failed", f"restore failed: {cap(message)}", line)
    elif failed:
        notes.error("restore-failed", f"restore command end: {cap(log.ended)}", log.ended_line)
    elif log.ended is None:
        message = "the log ends before 'restore command end' (truncated or still running)"
        notes.error("restore-incomplete", message, log.end_line)


def _count_facts(log: _Log, notes: Notes) -> None:
    # pg_restore prints each error, then their total: count them once.
    notes.fact("Errors", max(len(log.errors), log.ignored))
    notes.fact("Warnings", log.warnings)


def _judge_duration(log: _Log, notes: Notes, checks: Checks, *, failed: bool) -> None:
    seconds: float | None = None
    if log.start and log.end and log.end > log.start:
        seconds = (log.end - log.start).total_seconds()
    elif log.end_ms is not None:
        seconds = log.end_ms / 1000
    notes.fact("Start", iso(log.start) if log.start else "not recorded")
    notes.fact("End", iso(log.end) if log.end else "not recorded")
    notes.fact("Duration", human_duration(seconds) if seconds is not None else "unknown")
    notes.fact("RTO target", f"{checks.rto_hours:g} h")
    if failed:
        notes.fact("Within RTO", "not applicable: the restore did not complete")
        return
    if seconds is None:
        notes.fact("Within RTO", "unknown")
        message = "no timestamps in the log: the duration cannot be checked against the RTO"
        notes.warning("restore-no-duration", message)
        return
    within = seconds <= checks.rto_hours * 3600
    notes.fact("Within RTO", "yes" if within else "no")
    if not within:
        message = (
            f"restore took {human_duration(seconds)}, longer than the RTO of {checks.rto_hours:g} h"
        )
        notes.error("restore-over-rto", message, log.end_line)
