"""NUL bytes and control characters in text evidence: a damaged export, said at its line.

A CSV cut by a crash, a log padded with NULs by a full disk, an export carrying a
terminal's escape codes: readers skip what they cannot parse, so the damage would pass
without a word. The file is streamed (never held whole) and only text types are read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from auditbook.domain.findings import Finding, Level

if TYPE_CHECKING:
    from pathlib import Path

# Where a NUL means damage: every text type. Where other control characters do too: data
# formats (a log may well hold a terminal's colour codes).
_TEXT = (".txt", ".log", ".md", ".out")
_DATA = (".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".yml", ".yaml", ".xml")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_CONTROL = re.compile(b"[" + re.escape(_CONTROL_BYTES) + b"]")
_CHUNK = 1 << 20


class _First:
    """The first occurrence of something in a stream: its line, and how many there are."""

    def __init__(self) -> None:
        self.line: int | None = None
        self.count = 0
        self.shown = ""

    def see(self, position: int | None, lines_before: int, chunk: bytes, count: int) -> None:
        if count and self.line is None and position is not None:
            self.line = lines_before + chunk.count(b"\n", 0, position) + 1
            self.shown = repr(chr(chunk[position]))[1:-1]
        self.count += count


def scan_text(path: Path, rel: str) -> list[Finding]:
    """Findings for NUL bytes (and, in data formats, other control characters) in a file."""
    name = path.name.lower()
    data = name.endswith(_DATA)
    if not (data or name.endswith(_TEXT)):
        return []
    nul, control = _First(), _First()
    lines = 0
    with path.open("rb") as file:
        head = file.read(2)
        if head in _UTF16_BOMS:  # UTF-16: every other byte of ASCII text is a NUL
            return []
        file.seek(0)
        while chunk := file.read(_CHUNK):
            nuls = chunk.count(b"\0")
            nul.see(chunk.find(b"\0") if nuls else None, lines, chunk, nuls)
            if data:
                controls = _count_control(chunk)
                first = _CONTROL.search(chunk) if controls else None
                control.see(first.start() if first else None, lines, chunk, controls)
            lines += chunk.count(b"\n")
    return _findings(nul, control, rel)


def _count_control(chunk: bytes) -> int:
    """How many control characters `chunk` holds: deleting them is a table lookup per byte,
    where a pattern tries every position."""
    return len(chunk) - len(chunk.translate(None, _CONTROL_BYTES))


def _findings(nul: _First, control: _First, rel: str) -> list[Finding]:
    findings = []
    if nul.count:
        message = (
            f"{_count(nul.count, 'NUL byte')} (the first on line {nul.line}): the file is "
            "damaged or not text; export it again"
        )
        findings.append(Finding(Level.WARNING, "evidence-nul", message, rel, nul.line))
    if control.count:
        message = (
            f"{_count(control.count, 'control character')} (the first, {control.shown}, on line "
            f"{control.line}): not text a {rel.rsplit('.', 1)[-1].upper()} export holds; "
            "export it again"
        )
        findings.append(Finding(Level.WARNING, "evidence-control", message, rel, control.line))
    return findings


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"
