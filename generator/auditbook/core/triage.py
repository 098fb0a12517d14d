"""Findings as people act on them: one entry per cause, worst for an audit first.

The build's findings stay as they are (the CI gate and report.json count every one);
this is how pages present them. A failed evidence file says so once, with the lines
that failed beneath; a repair of a page's text encoding is told in words, not escapes,
and never ranks among the worst findings: the text was repaired, nothing is unproven.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from auditbook.domain.findings import Finding, Level, visible

# Repairs of a page's bytes: worth knowing, never what blocks an audit.
SOURCE_CODES = frozenset(
    {"source-encoding", "source-mojibake", "source-mojibake-restored", "source-nul"}
    | {"source-control"}
)
# Within a level, what blocks an audit most comes first: evidence that disproves, then
# controls with nothing behind them, then dates, then everything else; source repairs last.
_RANK = {
    "evidence-failing": 0,
    "evidence-expired": 1,
    "coverage-gap": 2,
    "item-overdue": 3,
    "evidence-expiring": 4,
    "item-due-soon": 5,
}
_OTHER = 6
_SOURCE = 9

_PEOPLE = {
    "source-mojibake": (
        "characters garbled by a copy and paste (often an emoji) could not be repaired and were "
        "left out of this line: retype them if they mattered"
    ),
}


@dataclass(frozen=True)
class Entry:
    """One cause: its headline finding, and the findings it explains (shown beneath it)."""

    finding: Finding
    details: tuple[Finding, ...] = ()

    @property
    def level(self) -> Level:
        return max((self.finding.level, *(d.level for d in self.details)))

    @property
    def code(self) -> str:
        return self.finding.code

    @property
    def path(self) -> str | None:
        return self.finding.path

    @property
    def line(self) -> int | None:
        return self.finding.line

    @property
    def location(self) -> str:
        return self.finding.location

    @property
    def message(self) -> str:
        """The finding as a person reads it (repairs in words, not code points); a failing
        file says what failed first."""
        if self.details:
            first = self.details[0]
            more = len(self.details) - 1
            also = f" (and {more} more)" if more else ""
            where = f" at line {first.line}" if first.line else ""
            return f"evidence shows a failure: {visible(first.message)}{where}{also}"
        return _PEOPLE.get(self.finding.code, self.finding.text)

    @property
    def source_repair(self) -> bool:
        return self.finding.code in SOURCE_CODES


def _rank(entry: Entry) -> tuple[int, int, str, int, str]:
    rank = _SOURCE if entry.source_repair else _RANK.get(entry.code, _OTHER)
    return (-entry.level, rank, entry.path or "", entry.line or 0, entry.finding.message)


def triage(findings: Iterable[Finding]) -> list[Entry]:
    """Findings grouped by cause and ranked: a failing file's own errors join its entry."""
    findings = list(findings)
    failing = {f.path for f in findings if f.code == "evidence-failing" and f.path}
    explained: dict[str, list[Finding]] = {path: [] for path in failing}
    heads: list[Finding] = []
    for finding in findings:
        if finding.path in failing and finding.code != "evidence-failing":
            explained[finding.path].append(finding)
        else:
            heads.append(finding)
    entries = [
        Entry(f, tuple(explained[f.path]) if f.code == "evidence-failing" and f.path else ())
        for f in heads
    ]
    return sorted(entries, key=_rank)


def worst(entries: Sequence[Entry], limit: int) -> list[Entry]:
    """Warnings and errors that block an audit, worst first (source repairs never)."""
    return [e for e in entries if e.level >= Level.WARNING and not e.source_repair][:limit]
