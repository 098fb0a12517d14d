"""Audit logs, recognised by their content: pgaudit, Kubernetes, CloudTrail, app exports.

Each record is asked for the eight concepts an audit record tells (who, what, resource,
before, after, where, client, when) wherever its format keeps them; the file passes when
every required concept is there and its records are readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditbook.domain.model import Verdict
from auditbook.inputs.readers._common import LineTooLong, Notes, open_text
from auditbook.inputs.readers._jsonarray import JsonArrayError
from auditbook.inputs.readers.audit import csv_tally, sources
from auditbook.inputs.readers.audit.concepts import (
    ESSENTIAL,
    aliases_of,
    required_concepts,
)
from auditbook.inputs.readers.audit.families import APP, BadRecord, classify, family_of_columns
from auditbook.inputs.readers.audit.pgaudit import PgLog
from auditbook.inputs.readers.audit.report import recognised, report
from auditbook.inputs.readers.audit.resolve import Resolver
from auditbook.inputs.readers.audit.sniff import sniff
from auditbook.inputs.readers.audit.tally import GIVE_UP_AFTER, Tally

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from auditbook.domain.model import Checks, ReaderResult


class NotAuditLog(Exception):
    """The file is readable but holds no audit records."""


def read_audit_log(path: Path, rel: str, checks: Checks) -> ReaderResult:
    """Read an audit log record by record, never the whole file at once."""
    notes = Notes(rel)
    required, unknown = required_concepts(checks.audit_log_fields)
    aliases, unknown_aliases = aliases_of(checks.audit_log_aliases)
    if unknown or unknown_aliases:
        names = ", ".join(repr(name) for name in unknown + unknown_aliases)
        notes.error("audit-log-config", f"unknown audit-log field(s) in the checks: {names}")
        return notes.result(Verdict.UNDECIDED)
    sniffed = sniff(path)
    if sniffed.why_not:
        return _wrong_kind(notes, sniffed.why_not)
    if not sniffed.format:
        notes.error("audit-log-empty", "the file is empty")
        return notes.result(Verdict.UNDECIDED)
    tally = Tally(required, checks.audit_log_max_gap_days)
    log = PgLog()
    try:
        _read(path, sniffed.format, sniffed.delimiter, notes, tally, log, Resolver(aliases))
    except NotAuditLog as exc:
        return _wrong_kind(notes, str(exc))
    return _conclude(notes, tally, sniffed.format, log)


def _read(
    path: Path,
    kind: str,
    delimiter: str,
    notes: Notes,
    tally: Tally,
    log: PgLog,
    resolver: Resolver,
) -> None:
    with open_text(path) as stream:
        try:
            if kind == "csv":
                _read_csv(sources.rows(stream, notes, delimiter), delimiter, notes, tally, resolver)
                return
            for entry in sources.entries(kind, stream, notes, log):
                if not _add(entry, notes, tally, resolver):
                    break
        except LineTooLong as exc:
            notes.error("audit-log-line-too-long", f"{exc}; reading stopped", exc.line)
        except JsonArrayError as exc:
            notes.error("audit-log-bad-record", f"{exc.message}; reading stopped", exc.line)


def _read_csv(
    rows: Iterator[tuple[int, list[str]]],
    delimiter: str,
    notes: Notes,
    tally: Tally,
    resolver: Resolver,
) -> None:
    """The header says whether the file is an audit log and, for an application export,
    which cell of every row holds each concept: then its rows are counted from their cells."""
    first = next(rows, None)
    if first is None:
        return
    line, header = first
    found, _layout = resolver.resolve(APP, dict.fromkeys(header, ""))
    if not any(concept in found for concept in ESSENTIAL):
        raise NotAuditLog("a CSV file with no user, action or time column")
    tally.header_line = line
    tally.header_missing = tuple(c for c in tally.required if c not in found)
    columns = sources.Columns(header, delimiter)
    family = family_of_columns(header)
    plan = resolver.plan(family, header) if family else None
    if plan is not None and csv_tally.fits(tally, plan[0]):
        csv_tally.add_rows(rows, columns, plan, tally, notes)
        return
    for line, cells in rows:  # each record looked at: its format, or the user's aliases
        entry = sources.Entry(line, family=family, cells=cells, columns=columns)
        if not _add(entry, notes, tally, resolver):
            return


def _add(entry: sources.Entry, notes: Notes, tally: Tally, resolver: Resolver) -> bool:
    family = entry.family
    if family is not None and entry.cells is not None and entry.columns is not None:
        found, layout = resolver.resolve_row(family, entry.columns.header, entry.cells)
        return tally.add(entry, family, found, layout, notes)
    record: dict[str, Any] = entry.record
    if family is None:
        try:
            family, record = classify(record)
        except BadRecord as exc:
            notes.error("audit-log-bad-record", str(exc), entry.line)
            return True
        entry.record = record
    found, layout = resolver.resolve(family, record)
    return tally.add(entry, family, found, layout, notes)


def _conclude(notes: Notes, tally: Tally, kind: str, log: PgLog) -> ReaderResult:
    if tally.records and not tally.audit_like:
        first = min(tally.records, GIVE_UP_AFTER)
        return _wrong_kind(notes, f"none of the first {first} records has a user, action or time")
    if kind == "pglog" and not tally.records and not notes.has_errors:
        why = "a PostgreSQL server log without pgaudit entries (is pgaudit.log set?)"
        return _wrong_kind(notes, why)
    if log.zones:
        zones = ", ".join(sorted(log.zones))
        message = f"time zone {zones} read as UTC; log with %m in UTC or with an offset"
        notes.warning("audit-log-time-zone", message)
    report(tally, kind, notes)
    if tally.records == 0:
        notes.error("audit-log-empty", "no records")
        return notes.result(Verdict.UNDECIDED)
    notes.recognise(recognised(tally, kind, log))
    return notes.result()


def _wrong_kind(notes: Notes, why: str) -> ReaderResult:
    notes.error("audit-log-wrong-kind", f"not an audit log: {why}")
    return notes.result(Verdict.WRONG_KIND)
