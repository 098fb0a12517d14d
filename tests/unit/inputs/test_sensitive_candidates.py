"""The first look of the PHI and secrets scan: it may let clean lines through, never skip a hit."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import pytest
from tests.unit.inputs.test_sensitive import CAUGHT

from auditbook.inputs.sensitive import find_in_line, rules, scan_file, scan_lines
from auditbook.inputs.sensitive.candidates import candidate_lines, may_hit

if TYPE_CHECKING:
    from pathlib import Path

# Letters that match an ASCII one case-insensitively without lower-casing to it.
ODD_CASE = [
    "\u017f\u017fn: 123456789",  # long s
    "Member \u0130D: XK-2291-04",  # dotted capital I
    "patient \u0131d: AB-22910",  # dotless i
    "DOB: 04/12/1961 and S\u212aIP",  # Kelvin sign
    "pa\u017f\u017fword: hunter2hunter2",
]


def _slow(line: str) -> list[rules.Hit]:
    """Every rule tried on the line, without the first look."""
    original = rules.may_hit
    rules.may_hit = lambda _line: True  # type: ignore[assignment]
    try:
        return list(find_in_line(line))
    finally:
        rules.may_hit = original


@pytest.mark.parametrize("line", [c[0] for c in CAUGHT] + ODD_CASE)
def test_a_line_with_a_hit_is_a_candidate(line: str) -> None:
    assert may_hit(line)
    assert [index for index, _ in candidate_lines(f"clean\n{line}\nclean")] == [1]
    assert list(find_in_line(line)) == _slow(line)


def test_plain_prose_is_no_candidate() -> None:
    assert not may_hit("Restore the database from last night's backup and record it.")
    assert list(candidate_lines("one\ntwo\n\nthree")) == []


# An `@` that is no e-mail address, and addresses of every shape rules._EMAIL takes.
AT_SIGNS = ["@property", "a@b", "ops@db01", "\u00e9@\u00e9.\u00e9", "@@x.yz", "x@.y"]
ADDRESSES = ["j@x.1co.uk", "jane.roe@MAIL.Clinic-7.ORG", "\u00e9l\u00e9@s\u212aip.io", "a+b@c-d.ef"]


@pytest.mark.parametrize("line", AT_SIGNS)
def test_an_at_sign_alone_is_no_candidate(line: str) -> None:
    assert not may_hit(line)
    assert list(candidate_lines(f"clean\n{line}\n")) == []


@pytest.mark.parametrize("line", ADDRESSES)
def test_an_address_is_a_candidate(line: str) -> None:
    assert may_hit(line)
    assert [index for index, _ in candidate_lines(f"clean\n{line}\n")] == [1]
    assert list(find_in_line(line)) == _slow(line) != []


def test_the_first_look_changes_no_finding() -> None:
    rng = random.Random(15)
    pieces = [c[0] for c in CAUGHT] + ODD_CASE + ["plain words", "42", "x" * 50, ""]
    pieces += AT_SIGNS + ADDRESSES + ["@", ".", "x", "1"]
    for _ in range(300):
        line = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
        assert list(find_in_line(line)) == _slow(line)


def test_a_file_is_numbered_as_read_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from auditbook.inputs.sensitive import scan

    monkeypatch.setattr(scan, "_BLOCK", 7)  # lines across blocks, and a \r\n split by one
    lines = ["clean", "Patient SSN 123-45-6789", "", "MRN: 00482913", "x" * 30, "ssn: 123456789"]
    path = tmp_path / "notes.txt"
    path.write_bytes("\r\n".join(lines).encode() + b"\rreach jane.roe1961@gmail.com")
    with path.open(encoding="utf-8") as stream:
        expected = list(scan_lines(line.rstrip("\r\n") for line in stream))
    assert [number for number, _ in expected] == [2, 4, 6, 7]
    assert list(scan_file(path)) == expected
