"""Golden expectations for the fictional reader samples under tests/fixtures/readers/.

Each sample is read by the reader its `.expected.yml` names, and the verdict, what it was
recognised as, the facts, the quoted lines and the finding codes must be what a careful
auditor would have concluded from the same file (see the folder's README).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditbook.domain.model import Checks, EvidenceMeta, ReaderResult, Verdict
from auditbook.inputs.readers import read_evidence
from conftest import FIXTURES

SAMPLES = FIXTURES / "readers"
EXPECTED = sorted(SAMPLES.rglob("*.expected.yml"))
KNOWN_KEYS = {"kind", "verdict", "recognised", "facts", "quoted_lines", "findings", "checks"}


def sample_of(expected: Path) -> Path:
    return expected.with_name(expected.name.removesuffix(".expected.yml"))


def read_sample(expected: Path) -> tuple[dict[str, Any], ReaderResult]:
    spec = yaml.safe_load(expected.read_text(encoding="utf-8"))
    assert set(spec) <= KNOWN_KEYS, f"unknown keys in {expected.name}: {set(spec) - KNOWN_KEYS}"
    checks = Checks(**spec.get("checks", {}))
    meta = EvidenceMeta("x.meta.yml", "sample", spec["kind"], dt.date(2026, 11, 21), "tester")
    sample = sample_of(expected)
    rel = f"evidence/{sample.relative_to(SAMPLES).as_posix()}"
    return spec, read_evidence(sample, rel, meta, checks)


@pytest.mark.parametrize(
    "expected", EXPECTED, ids=[p.relative_to(SAMPLES).as_posix() for p in EXPECTED]
)
def test_sample_reads_as_expected(expected: Path) -> None:
    spec, result = read_sample(expected)
    codes = sorted({finding.code for finding in result.findings})
    assert result.verdict is Verdict(spec["verdict"]), result.findings
    if "recognised" in spec:
        assert result.recognised == spec["recognised"]
    facts = {fact.label: fact.value for fact in result.facts}
    for label, value in spec.get("facts", {}).items():
        assert facts.get(label) == str(value), f"fact {label!r}"
    if "quoted_lines" in spec:
        assert [quote.line for quote in result.quotes] == spec["quoted_lines"]
    assert codes == sorted(spec.get("findings", []))
    assert "reader-failed" not in codes


def test_every_family_has_samples_and_every_sample_an_expectation() -> None:
    samples = [
        p for p in SAMPLES.rglob("*") if p.is_file() and not p.name.endswith((".yml", ".md"))
    ]
    lacking = [p.name for p in samples if not p.with_name(p.name + ".expected.yml").exists()]
    assert lacking == []
    assert {p.relative_to(SAMPLES).parts[0] for p in EXPECTED} >= {"audit", "restore", "baa"}


def test_samples_are_fictional() -> None:
    """No sample may carry a real-looking e-mail domain or a public IPv4 address."""
    email = re.compile(r"[\w.+-]+@([\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
    ipv4 = re.compile(r"\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}\b")
    documentation = ("192.0.2.", "198.51.100.", "203.0.113.", "10.", "127.", "172.", "192.168.")
    for path in SAMPLES.rglob("*"):
        if not path.is_file() or path.suffix == ".pdf":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in email.finditer(text):
            assert match[0].lower().endswith((".example", "example.com", "example.org")), (
                f"{path.name}: {match[0]}"
            )
        for match in ipv4.finditer(text):
            assert match[0].startswith(documentation), f"{path.name}: {match[0]}"
