"""Findings: one printable line each, and a bounded number per file and kind."""

from __future__ import annotations

from auditbook.domain.findings import Finding, Level, cap_findings, visible


def test_a_file_name_with_a_newline_stays_on_one_line() -> None:
    finding = Finding(Level.ERROR, "x-bad", "bad\nvalue \x1b[31mred", "evidence/a\nb.txt", 3)
    assert str(finding) == "evidence/a\\nb.txt:3: error: bad\\nvalue \\x1b[31mred [x-bad]"
    assert finding.describe() == "evidence/a\\nb.txt:3: bad\\nvalue \\x1b[31mred [x-bad]"
    assert visible("tab\there, é and ✅ stay") == "tab\\there, é and ✅ stay"


def test_findings_are_capped_per_file_and_kind_with_a_count_of_the_rest() -> None:
    many = [Finding(Level.WARNING, "a", f"n{n}", "f.csv", n) for n in range(1, 31)]
    other = [Finding(Level.ERROR, "a", "once", "g.csv", 1), Finding(Level.INFO, "b", "b", "f.csv")]
    capped = cap_findings([*many, *other], limit=20)
    assert capped[:20] == many[:20]
    assert capped[20:22] == other
    assert capped[22:] == [
        Finding(
            Level.WARNING,
            "a",
            "10 more of this kind in this file are not listed (only 20 are)",
            "f.csv",
        )
    ]
