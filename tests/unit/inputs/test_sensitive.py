"""The PHI and secrets rules: what they catch, what fiction and documentation keep clean."""

from __future__ import annotations

import pytest

from auditbook.domain.findings import Level
from auditbook.inputs.sensitive import find_in_line, scan_text

# Planted values, all fictional: the shapes real identifiers and secrets have.
CAUGHT = [
    ("Patient SSN 123-45-6789 on the intake form", "a Social Security number", Level.ERROR),
    ("ssn: 123456789", "a Social Security number", Level.ERROR),
    ("MRN: 00482913", "a medical record or member number", Level.ERROR),
    ("Member ID: XK-2291-04", "a medical record or member number", Level.ERROR),
    ("Jane Roe, DOB: 04/12/1961", "a date of birth", Level.ERROR),
    ("date of birth 1961-04-12", "a date of birth", Level.ERROR),
    ("call her at (415) 867-5309", "a phone number", Level.WARNING),
    ("reach jane.roe1961@gmail.com", "an e-mail address", Level.WARNING),
    ("lives at 42 Juniper Hill Road", "a street address", Level.WARNING),
    ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "a secret (AWS Access Key)", Level.ERROR),
    ("-----BEGIN RSA PRIVATE KEY-----", "a secret (Private Key)", Level.ERROR),
    (
        "DATABASE_URL=postgres://app:Sup3rS3cretPw@db.internal:5432/prod",
        "a secret (Basic Auth Credentials)",
        Level.ERROR,
    ),
    (
        "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiw"
        "ibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "a secret (JSON Web Token)",
        Level.ERROR,
    ),
]

CLEAN = [
    "Report to security@clinmetrics.com or noreply@clinmetrics.com",  # role mailboxes
    "Write to jane@example.com (fictional)",  # documentation domain
    "Call 415-555-0134 (a number reserved for fiction)",
    "Invalid SSN areas: 000-12-3456, 666-12-3456, 987-65-4321",
    "2026-11-02 10:15:01.123 UTC [4242] alice@appdb LOG:  AUDIT: SESSION,1,1,READ",
    "sha256 98185d6308fb354dca70c9e7d6dc38f7aa988ed569c08eba83839160353d5409",
    "- [ ] Rotate the database password every 90 days {#rotate}",
    "- [ ] MRN masked in every log line",
    "pgBackRest 2.54.0, build 1234567890, from 192.0.2.10",
]


@pytest.mark.parametrize(("line", "kind", "level"), CAUGHT, ids=[c[1] for c in CAUGHT])
def test_planted_identifiers_and_secrets_are_caught(line: str, kind: str, level: Level) -> None:
    hits = list(find_in_line(line))
    assert kind in {hit.kind for hit in hits}
    hit = next(hit for hit in hits if hit.kind == kind)
    assert hit.level is level


@pytest.mark.parametrize("line", CLEAN)
def test_fiction_documentation_and_ordinary_text_are_clean(line: str) -> None:
    assert list(find_in_line(line)) == []


def test_a_hit_never_shows_the_value() -> None:
    [(line, hit)] = list(scan_text("intro\nSSN 123-45-6789\n"))
    assert line == 2
    assert "123-45" not in hit.masked and "45-67" not in hit.masked
    assert hit.masked == "…89, 11 characters"
