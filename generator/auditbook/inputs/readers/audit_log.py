"""Audit-log exports (CSV, JSON array, JSON Lines): fields present, span, users and gaps."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditbook.inputs.readers._common import (
    MAX_LINE,
    MAX_TEXT,
    LineTooLong,
    Notes,
    bounded_lines,
    cap,
    human_duration,
    iso,
    open_text,
    parse_instant,
)
from auditbook.inputs.readers._jsonarray import JsonArrayError, json_array_records

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator
    from pathlib import Path

    from auditbook.domain.model import Checks, ReaderResult

    Records = Iterator[tuple[int, dict[str, Any]]]

FORMATS = {".csv": "CSV", ".json": "JSON", ".jsonl": "JSON Lines", ".ndjson": "JSON Lines"}
TIME_FIELD = "time"
USER_FIELD = "userId"
# Distinct users are counted exactly up to this many, so memory stays bounded.
MAX_USERS = 100_000


def read_audit_log(path: Path, rel: str, checks: Checks) -> ReaderResult:
    """Read an audit-log export record by record, never the whole file at once."""
    notes = Notes(rel)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        choices = ", ".join(FORMATS)
        notes.error("audit-log-format", f"unknown audit-log format {path.suffix!r} (use {choices})")
        return notes.result()
    stats = _Stats(checks, per_record_fields=kind != "CSV")
    with open_text(path) as stream:
        try:
            for line, record in _records(kind, stream, notes, stats):
                stats.add(line, record, notes)
        except LineTooLong as exc:
            notes.error("audit-log-line-too-long", f"{exc}; reading stopped", exc.line)
        except JsonArrayError as exc:
            notes.error("audit-log-bad-record", f"{exc.message}; reading stopped", exc.line)
    stats.report(kind, notes)
    return notes.result()


def _records(kind: str, stream: Any, notes: Notes, stats: _Stats) -> Records:
    if kind == "CSV":
        return _csv_records(bounded_lines(stream), notes, stats)
    if kind == "JSON":
        return _objects(json_array_records(stream), notes)
    return _objects(_jsonl_values(bounded_lines(stream), notes), notes)


def _csv_records(lines: Iterator[str], notes: Notes, stats: _Stats) -> Records:
    if csv.field_size_limit() < MAX_LINE:
        csv.field_size_limit(MAX_LINE)
    reader = csv.reader(lines)
    header: list[str] | None = None
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            notes.error("audit-log-bad-record", f"cannot parse CSV: {exc}; reading stopped", start)
            return
        line, start = start, reader.line_num + 1
        if not row or row == [""]:
            continue
        if header is None:
            header = [name.strip() for name in row]
            stats.header = tuple(header)
            _check_header(header, line, notes, stats.checks)
        elif len(row) != len(header):
            message = f"record has {len(row)} field(s), the header has {len(header)}"
            notes.error("audit-log-bad-record", message, line)
        else:
            yield line, dict(zip(header, row, strict=True))


def _check_header(header: list[str], line: int, notes: Notes, checks: Checks) -> None:
    missing = [name for name in checks.audit_log_fields if name not in header]
    if missing:
        names = ", ".join(missing)
        notes.error("audit-log-missing-field", f"missing required field(s): {names}", line)


def _jsonl_values(lines: Iterator[str], notes: Notes) -> Iterator[tuple[int, object]]:
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            notes.error("audit-log-bad-record", f"invalid JSON: {exc.msg}", number)
        except (ValueError, RecursionError) as exc:  # a 5000-digit number, deep nesting
            notes.error("audit-log-bad-record", f"invalid JSON: {cap(exc, 80)}", number)
        else:
            yield number, value


def _objects(values: Iterator[tuple[int, object]], notes: Notes) -> Records:
    for line, value in values:
        if isinstance(value, dict):
            yield line, value
        else:
            notes.error("audit-log-bad-record", "record is not a JSON object", line)


@dataclass
class _Gap:
    seconds: float
    before: dt.datetime
    after: dt.datetime
    line: int


@dataclass
class _Stats:
    """What the records add up to, kept small enough for a multi-GB export."""

    checks: Checks
    per_record_fields: bool
    records: int = 0
    header: tuple[str, ...] = ()
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    previous: dt.datetime | None = None
    users: set[str] = field(default_factory=set)
    too_many_users: bool = False
    gaps: int = 0
    longest: _Gap | None = None
    unordered: bool = False
    # field -> [line of the first record lacking it, records lacking it]
    lacking: dict[str, list[int]] = field(default_factory=dict)

    def add(self, line: int, record: dict[str, Any], notes: Notes) -> None:
        self.records += 1
        if self.per_record_fields:
            self._check_fields(line, record)
        self._count_user(record.get(USER_FIELD))
        if TIME_FIELD in record:
            self._add_time(line, record[TIME_FIELD], notes)

    def _check_fields(self, line: int, record: dict[str, Any]) -> None:
        for name in self.checks.audit_log_fields:
            if name not in record:
                self.lacking.setdefault(name, [line, 0])[1] += 1

    def _count_user(self, user: object) -> None:
        if user is None or user == "" or self.too_many_users:
            return
        self.users.add(user[:MAX_TEXT] if isinstance(user, str) else cap(user))
        if len(self.users) > MAX_USERS:
            self.too_many_users = True
            self.users.clear()

    def _add_time(self, line: int, raw: object, notes: Notes) -> None:
        stamp = parse_instant(raw) if isinstance(raw, str) else None
        if stamp is None:
            notes.error("audit-log-bad-time", f"unparseable time: {cap(raw, 60)!r}", line)
            return
        previous, self.previous = self.previous, stamp
        if previous is None or self.first is None or self.last is None:
            self.first = self.last = stamp
            return
        self.first, self.last = min(self.first, stamp), max(self.last, stamp)
        seconds = abs((stamp - previous).total_seconds())
        if stamp < previous and not self.unordered:
            self.unordered = True
            message = "records are not in time order: gaps are measured in file order"
            notes.warning("audit-log-unordered", message, line)
        longest = self.longest.seconds if self.longest else -1.0
        limit = self.checks.audit_log_max_gap_days * 86400
        if seconds > longest or seconds > limit:
            gap = _Gap(seconds, min(previous, stamp), max(previous, stamp), line)
            self.longest = gap if seconds > longest else self.longest
            if seconds > limit:
                self._add_gap(gap, notes)

    def _add_gap(self, gap: _Gap, notes: Notes) -> None:
        self.gaps += 1
        limit = _days(self.checks.audit_log_max_gap_days)
        message = (
            f"gap of {human_duration(gap.seconds)} with no records "
            f"({iso(gap.before)} to {iso(gap.after)}), longer than {limit}"
        )
        notes.warning("audit-log-gap", message, gap.line)

    def report(self, kind: str, notes: Notes) -> None:
        self._report_missing(notes)
        if self.records == 0:
            notes.error("audit-log-empty", "no records")
        notes.fact("Format", kind)
        notes.fact("Records", self.records)
        notes.fact("First record", iso(self.first) if self.first else "none")
        notes.fact("Last record", iso(self.last) if self.last else "none")
        if self.first and self.last:
            notes.fact("Span", f"{(self.last - self.first).total_seconds() / 86400:.1f} days")
        self._report_fields(notes)
        users = f"more than {MAX_USERS}" if self.too_many_users else len(self.users)
        notes.fact("Distinct users", users)
        notes.fact(f"Gaps over {_days(self.checks.audit_log_max_gap_days)}", self.gaps)
        if self.longest:
            gap = self.longest
            span = f"{iso(gap.before)} to {iso(gap.after)}"
            notes.fact("Longest gap", f"{human_duration(gap.seconds)} ({span})")

    def _report_fields(self, notes: Notes) -> None:
        required = self.checks.audit_log_fields
        if self.records == 0 and not self.header:
            notes.fact("Required fields", "unknown (no records)")
            return
        missing = [name for name in required if name in self._missing_fields()]
        notes.fact("Required fields", f"{len(required) - len(missing)} of {len(required)} present")
        notes.fact("Missing fields", ", ".join(missing) or "none")

    def _missing_fields(self) -> set[str]:
        if self.per_record_fields:
            return set(self.lacking)
        return {name for name in self.checks.audit_log_fields if name not in self.header}

    def _report_missing(self, notes: Notes) -> None:
        by_line: dict[int, list[str]] = {}
        for name, (line, _count) in self.lacking.items():
            by_line.setdefault(line, []).append(name)
        for line, names in sorted(by_line.items()):
            counts = {self.lacking[name][1] for name in names}
            if len(counts) == 1:
                described = f"{', '.join(names)} ({counts.pop()} of {self.records} records)"
            else:
                described = ", ".join(
                    f"{name} ({self.lacking[name][1]} of {self.records} records)" for name in names
                )
            notes.error("audit-log-missing-field", f"missing required field(s): {described}", line)


def _days(value: float) -> str:
    return f"{value:g} day" + ("" if value == 1 else "s")
