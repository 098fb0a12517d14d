"""pgaudit entries in a PostgreSQL server log, whatever its log_line_prefix.

An entry is `<prefix>LOG:  AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.account,"select
...",<not logged>`; the statement is a CSV field and may run over several lines. Who
and when come from the prefix, if it carries them (`%u`, `%m`/`%t`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditbook.inputs.readers._common import MAX_LINE, cap

if TYPE_CHECKING:
    from collections.abc import Iterator

# A PostgreSQL message: severity, a colon and two spaces (pgBackRest writes one space).
PG_LINE = re.compile(
    r"\b(?:LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DEBUG[1-5]?|STATEMENT|DETAIL|HINT|CONTEXT):  "
)
AUDIT_MARK = re.compile(r"\bAUDIT: (?:SESSION|OBJECT),")
_ENTRY = re.compile(
    r"^(?P<prefix>.*?)\b(?:LOG|INFO|NOTICE|WARNING|DEBUG[1-5]?):\s+AUDIT: (?P<body>.*)$", re.DOTALL
)
_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)"
    r"(?:\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5}\b))?"
)
_USER = re.compile(
    r"\b(?:user|usr|u)=([^\s,;\[\]]+)|(?<![\w.@])([A-Za-z_][\w$.-]*)@[A-Za-z_\[][\w$.\]-]*"
)
_HOST = re.compile(
    r"\b(?:host|client|remote|h)=([^\s,;\]]+)"
    r"|(\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]*:[0-9A-Fa-f:]+|\[local\])\(\d+\)"
)
_APP = re.compile(r"\b(?:app|application|application_name|appname)=([^,;\]\s]+)")
_UNKNOWN = ("", "[unknown]", "unknown", "[local]_")
NOT_LOGGED = "<not logged>"
# A statement longer than this many lines is taken as a broken entry.
MAX_ENTRY_LINES = 100_000


@dataclass
class PgLog:
    """What the log held besides audit entries: how many server lines, odd time zones."""

    server_lines: int = 0
    classes: set[str] = field(default_factory=set)
    zones: set[str] = field(default_factory=set)


@dataclass
class PgEntry:
    line: int
    text: str
    record: dict[str, Any] | None
    problem: str = ""


def entries(lines: Iterator[str], log: PgLog) -> Iterator[PgEntry]:
    """Each pgaudit entry of the log, with the line it starts on; other lines are counted."""
    number = 0
    for text in lines:
        number += 1
        if PG_LINE.search(text):
            log.server_lines += 1
        mark = AUDIT_MARK.search(text)
        if mark is None:
            continue
        start, body = number, [text]
        quotes, size = text.count('"', mark.end()), len(text)
        while quotes % 2 == 1:  # a quoted statement runs on over the next lines
            more = next(lines, None)
            if more is None or size > MAX_LINE or len(body) > MAX_ENTRY_LINES:
                yield PgEntry(start, text, None, "the statement's quotes are never closed")
                return
            number += 1
            body.append(more)
            quotes, size = quotes + more.count('"'), size + len(more)
        yield _entry(start, text, "".join(body), log)


def _entry(line: int, first: str, text: str, log: PgLog) -> PgEntry:
    match = _ENTRY.match(text.rstrip("\r\n"))
    if match is None:
        return PgEntry(line, first, None, "an AUDIT entry without a log severity before it")
    try:
        fields = next(csv.reader(io.StringIO(match["body"])), [])
    except csv.Error as exc:
        return PgEntry(line, first, None, f"cannot parse the AUDIT entry: {cap(exc, 80)}")
    if len(fields) < 8 or fields[0] not in ("SESSION", "OBJECT"):
        return PgEntry(line, first, None, "the AUDIT entry has fewer than 8 fields")
    log.classes.add(fields[0].lower())
    record = _prefix(match["prefix"], log)
    record["AUDIT type"] = fields[0]
    record["AUDIT class"] = cap(fields[3], 40)
    record["AUDIT command"] = cap(fields[4], 80)
    if fields[6]:
        record["AUDIT object_name"] = cap(fields[6])
    if fields[7] and fields[7] != NOT_LOGGED:
        record["AUDIT statement"] = cap(fields[7])
    return PgEntry(line, first, record)


def _prefix(prefix: str, log: PgLog) -> dict[str, Any]:
    record: dict[str, Any] = {}
    stamp = _time(prefix, log)
    if stamp is not None:
        record["prefix %m/%t"] = stamp
        prefix = prefix.replace(_TIME.search(prefix)[0], " ", 1)  # type: ignore[index]
    user = _USER.search(prefix)
    if user and (user[1] or user[2]) not in _UNKNOWN:
        record["prefix %u"] = cap(user[1] or user[2], 80)
    host = _HOST.search(prefix)
    if host and (host[1] or host[2]) not in _UNKNOWN:
        record["prefix %r/%h"] = cap(host[1] or host[2], 80)
    app = _APP.search(prefix)
    if app and app[1] not in _UNKNOWN:
        record["prefix %a"] = cap(app[1], 80)
    return record


def _time(prefix: str, log: PgLog) -> str | None:
    match = _TIME.search(prefix)
    if match is None:
        return None
    day, clock, zone = match[1], match[2], match[3] or ""
    if zone in ("", "Z", "UTC", "GMT", "UT"):
        offset = "+00:00"
    elif zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        offset = f"{zone[0]}{digits[:2]}:{digits[2:4] or '00'}"
    else:
        log.zones.add(cap(zone, 8))
        offset = "+00:00"
    try:
        stamp = dt.datetime.fromisoformat(f"{day}T{clock}{offset}")
    except ValueError:
        return None
    return stamp.isoformat()
