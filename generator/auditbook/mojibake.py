"""Repair emoji and symbols that were UTF-8 once and got decoded as Windows-1252 or Mac Roman.

A run of characters is taken for mojibake only when, mapped back to bytes through one of
these codepages, it starts with a UTF-8 lead byte followed by at least one continuation
byte. A complete sequence decodes back exactly; a sequence that lost bytes on the way
(Windows-1252 has no characters for 0x81, 0x8D, 0x8F, 0x90, 0x9D) cannot be restored
and is stripped, so that the page never shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

CODEPAGES = ("cp1252", "mac_roman")


@dataclass(frozen=True)
class Repair:
    """One run of mojibake on a line: restored (`fixed`) or stripped (`fixed` is None)."""

    line: int
    original: str
    fixed: str | None


def _byte_table(codepage: str) -> dict[str, int]:
    table = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode(codepage)] = byte
        except UnicodeDecodeError:
            continue
    return table


_TABLES = {codepage: _byte_table(codepage) for codepage in CODEPAGES}


def _sequence_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _match(line: str, start: int, table: dict[str, int]) -> tuple[int, bytes] | None:
    """Bytes of a mojibake run starting at `start`, or None if there is none."""
    lead = table.get(line[start])
    if lead is None:
        return None
    wanted = _sequence_length(lead)
    if not wanted:
        return None
    found = bytearray([lead])
    end = start + 1
    while end < len(line) and len(found) < wanted:
        byte = table.get(line[end])
        if byte is None or not 0x80 <= byte <= 0xBF:
            break
        found.append(byte)
        end += 1
    if len(found) < 2:
        return None
    return end, bytes(found)


def _repair_at(line: str, start: int) -> tuple[int, str | None] | None:
    """Try each codepage; a complete sequence wins over a broken one."""
    broken: tuple[int, str | None] | None = None
    for codepage in CODEPAGES:
        matched = _match(line, start, _TABLES[codepage])
        if matched is None:
            continue
        end, raw = matched
        try:
            return end, raw.decode("utf-8")
        except UnicodeDecodeError:
            broken = broken or (end, None)
    return broken


def repair_line(line: str, number: int) -> tuple[str, list[Repair]]:
    """Return the line with mojibake restored or stripped, and what was done."""
    if line.isascii():
        return line, []
    out: list[str] = []
    repairs: list[Repair] = []
    index = 0
    while index < len(line):
        result = _repair_at(line, index)
        if result is None:
            out.append(line[index])
            index += 1
            continue
        end, fixed = result
        repairs.append(Repair(number, line[index:end], fixed))
        out.append(fixed or "")
        index = end
        # A stripped emoji leaves no double space behind ("## Security", not "##  Security").
        if fixed is None and line[index : index + 1] == " " and (not out or out[-1][-1:] in " #"):
            index += 1
    return "".join(out), repairs


def repair_text(text: str) -> tuple[str, list[Repair]]:
    """Repair every line of a text; line numbers in the result are 1-based."""
    lines = text.split("\n")
    repairs: list[Repair] = []
    for number, line in enumerate(lines, start=1):
        fixed, found = repair_line(line, number)
        lines[number - 1] = fixed
        repairs.extend(found)
    return "\n".join(lines), repairs
