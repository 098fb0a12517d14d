"""Scanning text and files line by line, bounded, for what rules.find_in_line reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditbook.inputs.sensitive.rules import Hit, find_in_line

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

# A line longer than this is scanned in its first part only; a file only up to MAX_SCAN.
MAX_LINE = 64 * 1024
MAX_SCAN = 32 << 20


class TooLargeToScan(Exception):
    """A file is larger than MAX_SCAN: it cannot be shown clean, so it is not published."""


def scan_lines(lines: Iterable[str]) -> Iterator[tuple[int, Hit]]:
    """(line number, hit) for every hit in `lines`, numbered from 1."""
    for number, line in enumerate(lines, start=1):
        for hit in find_in_line(line[:MAX_LINE]):
            yield number, hit


def scan_text(text: str) -> Iterator[tuple[int, Hit]]:
    return scan_lines(text.splitlines())


def scan_file(path: Path) -> Iterator[tuple[int, Hit]]:
    """Hits in a file read as text (bad bytes replaced); TooLargeToScan past MAX_SCAN."""
    if path.stat().st_size > MAX_SCAN:
        raise TooLargeToScan(path)
    with path.open(encoding="utf-8", errors="replace") as stream:
        yield from scan_lines(line.rstrip("\r\n") for line in stream)
