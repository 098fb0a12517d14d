"""Findings: what the build has to say about its inputs, with the file and line concerned."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# Findings of one code kept per file; the rest are summed up in one more finding.
MAX_PER_CODE = 20


def visible(text: str) -> str:
    """Text with its control characters written out (`\\n`, `\\x1b`): one line, no escapes run."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class Level(IntEnum):
    """Severity, ordered so that a gate can compare levels."""

    INFO = 10
    WARNING = 20
    ERROR = 30

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Level:
        try:
            return cls[text.upper()]
        except KeyError:
            choices = ", ".join(level.label for level in cls)
            raise ValueError(f"unknown level {text!r} (choose from {choices})") from None


@dataclass(frozen=True, order=True)
class Finding:
    """One message about one place in the inputs."""

    level: Level
    code: str
    message: str
    path: str | None = None
    line: int | None = None
    # Text copied from the file (a failing log line, an unparseable value): shown where the
    # file itself may be seen, never on public outputs of a file that is not published.
    excerpt: str = ""

    def without_excerpt(self) -> Finding:
        return replace(self, excerpt="") if self.excerpt else self

    @property
    def text(self) -> str:
        """The message, and the excerpt after it when there is one, as one printable line."""
        message = visible(self.message)
        return f"{message}: {visible(self.excerpt)}" if self.excerpt else message

    @property
    def location(self) -> str:
        """`path:line` as one printable line, whatever characters the file name holds."""
        if self.path is None:
            return ""
        path = visible(self.path)
        return path if self.line is None else f"{path}:{self.line}"

    def describe(self) -> str:
        """The finding without its level, for loggers that print the level themselves."""
        where = self.location
        return f"{where + ': ' if where else ''}{self.text} [{self.code}]"

    def __str__(self) -> str:
        where = self.location
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.level.label}: {self.text} [{self.code}]"

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level.label,
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "excerpt": self.excerpt,
        }


def sort_findings(findings: list[Finding] | tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Worst first, then by place, so reports read the same on every run."""
    return tuple(
        sorted(findings, key=lambda f: (-f.level, f.path or "", f.line or 0, f.code, f.message))
    )


def cap_findings(findings: Iterable[Finding], limit: int = MAX_PER_CODE) -> list[Finding]:
    """At most `limit` findings of one code per file; the rest summed up in one more each.

    A hostile file can hold thousands of bad lines: the report stays readable and bounded.
    """
    kept: list[Finding] = []
    counts: Counter[tuple[str | None, str]] = Counter()
    levels: dict[tuple[str | None, str], Level] = {}
    for finding in findings:
        key = (finding.path, finding.code)
        counts[key] += 1
        levels[key] = max(finding.level, levels.get(key, finding.level))
        if counts[key] <= limit:
            kept.append(finding)
    for (path, code), count in counts.items():
        if count > limit:
            more = count - limit
            message = f"{more:,} more of this kind in this file are not listed (only {limit} are)"
            kept.append(Finding(levels[(path, code)], code, message, path))
    return kept
