"""Shared by the readers: findings with a per-code cap, bounded line reading, dates and text."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditbook.domain.findings import MAX_PER_CODE, Finding, Level
from auditbook.domain.model import Fact, Quote, ReaderResult, Verdict

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import TextIO

# Longest string a reader puts into a fact or a message.
MAX_TEXT = 200
# Longest line a reader quotes, and how many lines it quotes from one file.
MAX_QUOTE = 300
MAX_QUOTES = 30
# Longest physical line a reader accepts: a single 10 MB CSV field fits, a runaway line stops.
MAX_LINE = 32 * 1024 * 1024

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def cap(value: object, limit: int = MAX_TEXT) -> str:
    """One line of at most `limit` characters, so a hostile file cannot flood a page."""
    text = _CONTROL.sub(" ", str(value)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class LineTooLong(Exception):
    """A physical line is longer than MAX_LINE characters."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line} is longer than {MAX_LINE // (1024 * 1024)} MiB")
        self.line = line


def bounded_lines(stream: TextIO, limit: int = MAX_LINE) -> Iterator[str]:
    """Physical lines of `stream`, one at a time, refusing any longer than `limit`."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit:
            raise LineTooLong(number)
        yield line


def open_text(path: Path) -> TextIO:
    """Open evidence as UTF-8 text; a BOM is dropped and bad bytes never stop the reader."""
    return path.open(encoding="utf-8-sig", errors="replace", newline="")


@dataclass
class Notes:
    """Collects a reader's facts and findings about one file."""

    rel: str
    facts: list[Fact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # What the content was recognised as, e.g. "CloudTrail records, 3 events".
    recognised: str = ""
    _counts: Counter[str] = field(default_factory=Counter)
    _levels: dict[str, Level] = field(default_factory=dict)

    def fact(self, label: str, value: object) -> None:
        self.facts.append(Fact(label, cap(value)))

    def quote(self, line: int | None, text: str, decided: str) -> None:
        """Keep a line that decided something, so the evidence page can show it."""
        if len(self.quotes) < MAX_QUOTES:
            self.quotes.append(Quote(line, cap(text, MAX_QUOTE), cap(decided)))

    def recognise(self, what: str) -> None:
        self.recognised = cap(what)

    def add(
        self, level: Level, code: str, message: str, line: int | None = None, excerpt: str = ""
    ) -> None:
        """A finding; text copied from the file goes in `excerpt`, never in `message`,
        so public outputs can leave it out for a file that is not published."""
        self._counts[code] += 1
        self._levels[code] = max(level, self._levels.get(code, level))
        if self._counts[code] <= MAX_PER_CODE:
            finding = Finding(level, code, message, self.rel, line, cap(excerpt, MAX_QUOTE))
            self.findings.append(finding)

    def error(self, code: str, message: str, line: int | None = None, excerpt: str = "") -> None:
        self.add(Level.ERROR, code, message, line, excerpt)

    def warning(self, code: str, message: str, line: int | None = None, excerpt: str = "") -> None:
        self.add(Level.WARNING, code, message, line, excerpt)

    @property
    def has_errors(self) -> bool:
        return any(level >= Level.ERROR for level in self._levels.values())

    def result(
        self, verdict: Verdict | None = None, stale_after: dt.date | None = None
    ) -> ReaderResult:
        """The reader's verdict; unless told otherwise, a file passes when it has no errors.

        A file that is `not this kind of file` or `not enough to tell` must say so
        explicitly, with a finding that tells the user why.
        """
        findings = list(self.findings)
        for code, count in sorted(self._counts.items()):
            if count > MAX_PER_CODE:
                more = count - MAX_PER_CODE
                message = f"{more} more finding(s) like the above not shown"
                findings.append(Finding(self._levels[code], code, message, self.rel))
        return ReaderResult(
            facts=tuple(self.facts),
            findings=tuple(findings),
            verdict=verdict or (Verdict.FAILS if self.has_errors else Verdict.PASSES),
            stale_after=stale_after,
            recognised=self.recognised,
            quotes=tuple(self.quotes),
        )


def parse_instant(text: str) -> dt.datetime | None:
    """An ISO 8601 date-time (`Z` or offset; none means UTC), as an aware datetime."""
    value = text.strip()
    if len(value) < 10 or len(value) > 40:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def iso(stamp: dt.datetime) -> str:
    """A timestamp as people read it in a report: UTC, seconds, `Z`."""
    return stamp.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def human_duration(seconds: float) -> str:
    """A duration short enough for a table cell: `2 h 13 min`, `45 s`, `3.5 days`."""
    if seconds >= 2 * 86400:
        return f"{seconds / 86400:.1f} days"
    if seconds >= 3600:
        hours, rest = divmod(round(seconds), 3600)
        return f"{hours} h {rest // 60} min"
    if seconds >= 60:
        minutes, rest = divmod(round(seconds), 60)
        return f"{minutes} min {rest} s"
    return f"{seconds:.0f} s" if seconds >= 1 else f"{seconds:.3f} s"
