"""Scanning text and files line by line, bounded, for what rules.find_in_line reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditbook.inputs.sensitive.candidates import candidate_lines
from auditbook.inputs.sensitive.rules import Hit, find_in_line

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

# A line longer than this is scanned in its first part only; a file only up to MAX_SCAN.
MAX_LINE = 64 * 1024
MAX_SCAN = 32 << 20
# A file is read this much at a time: the lines of a block are looked for together.
_BLOCK = 1 << 20


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
    """Hits in a file read as text (bad bytes replaced); TooLargeToScan past MAX_SCAN.

    Its lines are those of reading it line by line (universal newlines), numbered from 1;
    only the candidate_lines of each block are scanned."""
    if path.stat().st_size > MAX_SCAN:
        raise TooLargeToScan(path)
    with path.open(encoding="utf-8", errors="replace") as stream:
        first, rest = 1, ""  # the number of the first line of `rest`, an unfinished line
        while block := stream.read(_BLOCK):
            text = rest + block
            end = text.rfind("\n") + 1
            for index, line in candidate_lines(text[:end]):
                for hit in find_in_line(line[:MAX_LINE]):
                    yield first + index, hit
            first += text.count("\n", 0, end)
            rest = text[end:]
        for _, line in candidate_lines(rest):
            for hit in find_in_line(line[:MAX_LINE]):
                yield first, hit
