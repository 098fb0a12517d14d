"""Repair emoji and symbols that were UTF-8 once and got decoded as Windows-1252 or Mac Roman.

A run of characters is taken for mojibake only when, mapped back to bytes through one of
these codepages, it starts with a UTF-8 lead byte followed by at least one continuation
byte. A complete sequence decodes back exactly; a sequence that lost bytes on the way
(Windows-1252 has no characters for 0x81, 0x8D, 0x8F, 0x90, 0x9D) cannot be restored
and is stripped, so that the page never shows it.

Real text has such runs too ("José" before a curly apostrophe, "—über" in Mac Roman), so
a run must also be likely: a two-byte sequence must decode to a Latin letter or sign
(U+00A0 to U+017F), and a broken one is stripped only if one lost byte would complete it
to a symbol, punctuation or an emoji's marks (or it is a bare emoji start, "ðŸ");
otherwise the run is left as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

CODEPAGES = ("cp1252", "mac_roman")
_LOST_BYTES = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
# What a lost byte can have belonged to: symbols (emoji), punctuation, spaces, and the
# marks and format characters emoji sequences use (VS16, ZWJ).
_LOST_FROM = ("S", "P", "Z")
_LOST_FROM_MARKS = ("Mn", "Me", "Cf")


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


def _sequence_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


_TABLES = {codepage: _byte_table(codepage) for codepage in CODEPAGES}
# Characters that stand for a UTF-8 lead byte in some codepage: where a run can start.
_LEAD_CHARS = {c for t in _TABLES.values() for c, byte in t.items() if _sequence_length(byte)}
_LEADS = re.compile(f"[{re.escape(''.join(sorted(_LEAD_CHARS)))}]")


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


@lru_cache(maxsize=4096)
def _decoded(raw: bytes) -> str | None:
    """The character a complete sequence stands for, if text plausibly held it."""
    try:
        char = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(raw) == 2:
        return char if 0xA0 <= ord(char) <= 0x17F else None
    return None if unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs") else char


@lru_cache(maxsize=4096)
def _lost_bytes(raw: bytes) -> bool:
    """Whether Windows-1252 dropping bytes explains a broken sequence: emoji, symbols, ZWJ."""
    missing = _sequence_length(raw[0]) - len(raw)
    if missing != 1:
        return raw[:2] == b"\xf0\x9f" and missing == 2
    for position, lost in product(range(1, len(raw) + 1), _LOST_BYTES):
        try:
            char = (raw[:position] + bytes([lost]) + raw[position:]).decode("utf-8")
        except UnicodeDecodeError:
            continue
        category = unicodedata.category(char)
        if category[0] in _LOST_FROM or category in _LOST_FROM_MARKS:
            return True
    return False


def _repair_at(line: str, start: int) -> tuple[int, str | None] | None:
    """Try each codepage; a complete sequence wins over a broken one."""
    broken: tuple[int, str | None] | None = None
    for codepage in CODEPAGES:
        matched = _match(line, start, _TABLES[codepage])
        if matched is None:
            continue
        end, raw = matched
        fixed = _decoded(raw)
        if fixed is not None:
            return end, fixed
        if codepage == "cp1252" and _lost_bytes(raw):
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
        lead = _LEADS.search(line, index)
        if lead is None:
            out.append(line[index:])
            break
        if lead.start() > index:
            out.append(line[index : lead.start()])
            index = lead.start()
        result = _repair_at(line, index)
        if result is None:
            out.append(line[index])
            index += 1
            continue
        end, fixed = result
        repairs.append(Repair(number, line[index:end], fixed))
        index = end
        if fixed is not None:
            out.append(fixed)
        # A stripped emoji leaves no double space behind ("## Security", not "##  Security").
        elif line[index : index + 1] == " " and (not out or out[-1][-1:] in " #"):
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
