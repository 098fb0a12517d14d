"""The sign-off reader: keys and values checked with their lines."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from auditbook.domain.model import Checks, EvidenceMeta, ReaderResult
from auditbook.inputs.readers import read_evidence

if TYPE_CHECKING:
    from pathlib import Path

REL = "evidence/sign-offs/security-lead.yml"

GOOD = """\
name: Priya Raman
role: Security Lead
date: 2026-11-10
decision: approved
version: "1.0"
scope: Security controls, HIPAA compliance, vulnerability assessment
conditions: []
fictional: true
"""


def read(tmp_path: Path, text: str) -> ReaderResult:
    path = tmp_path / "signoff.yml"
    path.write_text(text, encoding="utf-8")
    meta = EvidenceMeta("x.meta.yml", "sign-off", "sign-off", dt.date(2026, 11, 10), "tester")
    return read_evidence(path, REL, meta, Checks())


def facts(result: ReaderResult) -> dict[str, str]:
    return {fact.label: fact.value for fact in result.facts}


def findings(result: ReaderResult) -> list[tuple[str, str, str, int | None]]:
    assert all(f.path == REL for f in result.findings)
    return [(f.level.label, f.code, f.message, f.line) for f in result.findings]


def test_approved_sign_off(tmp_path: Path) -> None:
    result = read(tmp_path, GOOD)
    assert result.findings == ()
    assert result.passed is True
    assert facts(result) == {
        "Who": "Priya Raman",
        "Role": "Security Lead",
        "Date": "2026-11-10",
        "Decision": "approved",
        "Version": "1.0",
        "Scope": "Security controls, HIPAA compliance, vulnerability assessment",
        "Conditions": "none",
    }


def test_conditions_are_facts(tmp_path: Path) -> None:
    text = GOOD.replace("decision: approved", "decision: approved-with-conditions")
    text = text.replace("conditions: []", "conditions:\n  - Pen test redone\n  - BAA with mailer")
    result = read(tmp_path, text)
    assert result.passed is True
    assert facts(result)["Condition 1"] == "Pen test redone"
    assert facts(result)["Condition 2"] == "BAA with mailer"


def test_rejected_sign_off_fails_on_the_decision_line(tmp_path: Path) -> None:
    result = read(tmp_path, GOOD.replace("decision: approved", "decision: rejected"))
    assert result.passed is False
    assert findings(result) == [
        ("error", "signoff-rejected", "Priya Raman (Security Lead) rejected version 1.0", 4)
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "role: Security Lead",
            "rol: Security Lead",
            [
                ("error", "signoff-unknown-key", "unknown key 'rol': did you mean 'role'?", 2),
                ("error", "signoff-missing-key", "missing key(s): role", 1),
            ],
        ),
        (
            "decision: approved",
            "decision: aproved",
            [
                (
                    "error",
                    "signoff-bad-value",
                    "decision must be one of approved, approved-with-conditions, rejected "
                    "(got 'aproved')",
                    4,
                )
            ],
        ),
        (
            "date: 2026-11-10",
            "date: last tuesday",
            [
                (
                    "error",
                    "signoff-bad-value",
                    "date must be a date like 2026-11-10 (got 'last tuesday')",
                    3,
                )
            ],
        ),
        (
            'version: "1.0"\n',
            "",
            [("error", "signoff-missing-key", "missing key(s): version", 1)],
        ),
        (
            "fictional: true",
            "fictional: true\nname: Someone Else",
            [("error", "signoff-duplicate-key", "'name' is given twice", 9)],
        ),
    ],
)
def test_bad_sign_offs_name_their_lines(
    tmp_path: Path, old: str, new: str, expected: list[tuple[str, str, str, int]]
) -> None:
    result = read(tmp_path, GOOD.replace(old, new))
    assert findings(result) == expected
    assert result.passed is False


def test_invalid_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    result = read(tmp_path, GOOD.replace("scope: Security", "scope: [Security"))
    [finding] = result.findings
    assert finding.code == "signoff-invalid"
    assert finding.message.startswith("invalid YAML: ")
    assert finding.line == 7
    assert result.passed is False


def test_a_list_is_not_a_sign_off(tmp_path: Path) -> None:
    result = read(tmp_path, "- name: Priya Raman\n")
    assert [(f.code, f.line) for f in result.findings] == [("signoff-invalid", 1)]


def test_unquoted_version_is_a_warning(tmp_path: Path) -> None:
    result = read(tmp_path, GOOD.replace('version: "1.0"', "version: 1.10"))
    assert findings(result) == [
        (
            "warning",
            "signoff-unquoted-version",
            'quote the version ("1.1"): YAML reads 1.10 as the number 1.1',
            5,
        )
    ]
    assert result.passed is True


def test_conditions_must_match_the_decision(tmp_path: Path) -> None:
    text = GOOD.replace("decision: approved", "decision: approved-with-conditions")
    assert [f.code for f in read(tmp_path, text).findings] == ["signoff-conditions"]
    text = GOOD.replace("conditions: []", "conditions: [fix the pen test]")
    assert [(f.code, f.line) for f in read(tmp_path, text).findings] == [("signoff-conditions", 7)]


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    """A dozen lines that would stand for 10**9 values: refused in a blink, not built."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    text = "\n".join(["name: Priya Raman", *lines, "conditions: *a8"]) + "\n"
    result = read(tmp_path, text)
    assert result.passed is False
    assert findings(result) == [
        (
            "error",
            "signoff-invalid",
            "its aliases expand to more than 100,000 values: not a sign-off",
            1,
        )
    ]
