"""Reading a Markdown source as people really save it: BOMs, Latin-1 and mojibake."""

from __future__ import annotations

import re

from auditbook.domain.findings import Finding, Level
from auditbook.inputs.mojibake import Repair, repair_text

BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 controls but tab and newline, and DEL: no Markdown means them, HTML cannot hold most.
_CONTROL = re.compile(r"[\x01-\x08\x0b-\x1f\x7f]")
# Windows-1252 is what non-UTF-8 pages almost always are; Latin-1 fills its five holes.
_WINDOWS_1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _decode(raw: bytes, path: str) -> tuple[str, list[Finding]]:
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    if raw.startswith(_UTF16_BOMS):  # Notepad's "Unicode": every other byte a NUL as UTF-8
        message = "saved as UTF-16; read as such, save it as UTF-8"
        text = raw.decode("utf-16", errors="replace")
        return text, [Finding(Level.WARNING, "source-encoding", message, path, 1)]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start]
        text = "".join(_WINDOWS_1252[b] for b in raw)
        message = f"not valid UTF-8 (byte 0x{byte:02x}); read as Windows-1252, save it as UTF-8"
        return text, [Finding(Level.WARNING, "source-encoding", message, path, line)]


def _repair_findings(repairs: list[Repair], path: str) -> list[Finding]:
    findings = []
    stripped_lines: dict[int, list[str]] = {}
    for repair in repairs:
        if repair.fixed is None:
            stripped_lines.setdefault(repair.line, []).append(repair.original)
    for line, runs in sorted(stripped_lines.items()):
        shown = " ".join(ascii(run) for run in runs)
        message = f"stripped unrecoverable mis-decoded characters {shown}"
        findings.append(Finding(Level.WARNING, "source-mojibake", message, path, line))
    restored = [r for r in repairs if r.fixed is not None]
    if restored:
        lines = len({r.line for r in restored})
        message = (
            f"restored {_count(len(restored), 'mis-decoded character')} on {_count(lines, 'line')}"
        )
        findings.append(Finding(Level.INFO, "source-mojibake-restored", message, path, None))
    return findings


def read_source(raw: bytes, path: str) -> tuple[str, list[Finding]]:
    """Decode a page to clean text with Unix newlines, saying what had to be repaired."""
    text, findings = _decode(raw, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:  # not text at all there: a binary file, or a broken copy
        line = text.count("\n", 0, text.index("\x00")) + 1
        message = f"{_count(text.count(chr(0)), 'NUL byte')} removed (from line {line} on)"
        findings.append(Finding(Level.WARNING, "source-nul", message, path, line))
        text = text.replace("\x00", "")
    control = _CONTROL.search(text)
    if control is not None:  # a terminal's colour codes, a form feed: never shown on a page
        line = text.count("\n", 0, control.start()) + 1
        first = repr(control.group())[1:-1]
        count = _count(len(_CONTROL.findall(text)), "control character")
        message = f"{count} removed (the first, {first}, on line {line})"
        findings.append(Finding(Level.WARNING, "source-control", message, path, line))
        text = _CONTROL.sub("", text)
    text, repairs = repair_text(text)
    findings.extend(_repair_findings(repairs, path))
    return text, findings


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
