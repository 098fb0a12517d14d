"""Damage in text evidence: NUL bytes everywhere, other control characters in data formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditbook.inputs import textscan
from auditbook.inputs.textscan import scan_text

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

# Every byte below 0x20 and DEL, but NUL (its own finding), tab, line feed and carriage return.
CONTROL = [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]


def _messages(path: Path) -> list[tuple[str, int | None]]:
    return [(finding.message, finding.line) for finding in scan_text(path, path.name)]


def test_every_control_character_is_counted_and_the_first_is_named(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    lines = [b"who,what\tnote\r", *(b"ann,read" + bytes([byte]) for byte in CONTROL)]
    path.write_bytes(b"\n".join(lines) + b"\n")
    [(message, line)] = _messages(path)
    assert message.startswith(f"{len(CONTROL)} control characters (the first, \\x01, on line 2)")
    assert line == 2


def test_text_and_the_bytes_of_other_scripts_are_no_damage(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(
        '{"who": "Zoë Åström", "note": "ok\\t"}\r\n\t\n'.encode() + bytes(range(0x80, 0x100))
    )
    assert _messages(path) == []


def test_counts_add_up_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textscan, "_CHUNK", 5)
    path = tmp_path / "export.csv"
    path.write_bytes(b"a,b\nc,d\x1b\n\x7f\x00e,f\n\x02\n")
    assert _messages(path) == [
        ("1 NUL byte (the first on line 3): the file is damaged or not text; export it again", 3),
        (
            "3 control characters (the first, \\x1b, on line 2): not text a CSV export holds; "
            "export it again",
            2,
        ),
    ]


def test_a_log_may_hold_colour_codes(tmp_path: Path) -> None:
    path = tmp_path / "restore.log"
    path.write_bytes(b"\x1b[32mrestore ok\x1b[0m\n")
    assert _messages(path) == []
