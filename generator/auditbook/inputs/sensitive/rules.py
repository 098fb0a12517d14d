"""What counts as PHI or a secret in one line of text, and how a hit is shown masked.

Secrets come from detect-secrets' own detectors (a maintained rule set); PHI rules cover
the identifiers that matter in US health data. Values the standards reserve for
documentation and fiction never match: example.com addresses, 555-01xx phone numbers,
SSNs that cannot be issued (000, 666, 9xx areas), so a fictional demo passes; an
organisation's role mailboxes (security@, noreply@) name no person.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.domain.findings import Level
from auditbook.inputs.sensitive.candidates import may_hit

if TYPE_CHECKING:
    from collections.abc import Iterator

# Entropy detectors flag every SHA-256 auditbook prints, and an IP is no secret.
_NOISY_SECRETS = ("Base64 High Entropy String", "Hex High Entropy String", "Public IP (ipv4)")
# Only lines holding one of these go to detect-secrets (about 200 µs a line): a cheap
# first look keeps a million-line export fast.
_SECRET_HINT = re.compile(
    r"AKIA|ASIA|PRIVATE KEY|eyJ|://[^/\s:@]+:[^@\s]+@|passw|pwd|secret|token|api[_-]?key"
    r"|xox[abposr]-|gh[pousr]_|glpat-|sk_live|rk_live|npm_|pypi-|AccountKey=",
    re.IGNORECASE,
)

_SSN = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")
_SSN_LABELLED = re.compile(
    r"(?i)\b(?:ssn|social security (?:number|no\.?|#))\s*[:#=]?\s*(?!000|666|9\d\d)\d{9}\b"
)
_MRN = re.compile(
    r"(?i)\b(?:mrn|medical record (?:number|no\.?|#)|member (?:id|number|no\.?)|patient id)"
    r"\s*[:#=]\s*(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,}"
)
_DATE = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})"
_DOB = re.compile(rf"(?i)\b(?:dob|date of birth|birth ?date|born(?: on)?)\s*[:=-]?\s*{_DATE}")
_PHONE = re.compile(
    r"(?<![\w.-])(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?![\w-])"
)
_FICTIONAL_PHONE = re.compile(r"555[ .-]01\d\d$")
_EMAIL = re.compile(
    r"(?<![\w.+:/-])([\w.+-]{1,64})@((?:[a-z0-9-]{1,63}\.)+[a-z]{2,24})\b", re.IGNORECASE
)
# An organisation's role mailboxes (security@, noreply@) identify no person.
_ROLE_MAILBOX = re.compile(
    r"(?:no-?reply|do-?not-?reply|security|privacy|support|help(?:desk)?|info|contact|admin"
    r"|abuse|postmaster|hostmaster|webmaster|compliance|hipaa|legal|ops|devops|on-?call|alerts?"
    r"|incidents?|it|hr|billing|sales|team|hello|dpo|soc|cert|psirt|audit|notifications?|status)"
    r"(?:[+.-][\w.-]*)?",
    re.IGNORECASE,
)
_RESERVED_DOMAINS = re.compile(
    r"(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost|local)$", re.IGNORECASE
)
_STREET = re.compile(
    r"\b\d{1,5} (?:[A-Z][a-z]+ ){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln"
    r"|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace)\b\.?"
)


@dataclass(frozen=True)
class Hit:
    """One suspected identifier or secret: what it looks like, and the value masked."""

    kind: str
    level: Level
    masked: str


def mask(value: str) -> str:
    """Enough to find it again in the file, never enough to read it: `…89, 11 characters`."""
    value = value.strip()
    return f"…{value[-2:]}, {len(value)} characters" if len(value) >= 6 else "…"


def find_in_line(line: str) -> Iterator[Hit]:
    """Every PHI or secret rule the line breaks, once per value."""
    if not may_hit(line):  # most lines: one cheap look, not eight patterns
        return
    for pattern, kind in (
        (_SSN, "a Social Security number"),
        (_SSN_LABELLED, "a Social Security number"),
    ):
        for match in pattern.finditer(line):
            yield Hit(kind, Level.ERROR, mask(match[0]))
    for match in _MRN.finditer(line):
        yield Hit("a medical record or member number", Level.ERROR, mask(match[0]))
    for match in _DOB.finditer(line):
        yield Hit("a date of birth", Level.ERROR, mask(match[0]))
    for match in _PHONE.finditer(line):
        if not _FICTIONAL_PHONE.search(match[0]):
            yield Hit("a phone number", Level.WARNING, mask(match[0]))
    for match in _EMAIL.finditer(line):
        if not _RESERVED_DOMAINS.search(match[2]) and not _ROLE_MAILBOX.fullmatch(match[1]):
            yield Hit("an e-mail address", Level.WARNING, mask(match[0]))
    for match in _STREET.finditer(line):
        yield Hit("a street address", Level.WARNING, mask(match[0]))
    if _SECRET_HINT.search(line):
        yield from _secrets(line)


def _secrets(line: str) -> Iterator[Hit]:
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import transient_settings

    with transient_settings({"plugins_used": _plugins()}):
        for secret in scan_line(line[:4096]):
            value = secret.secret_value or ""
            yield Hit(f"a secret ({secret.type})", Level.ERROR, mask(value))


@functools.cache
def _plugins() -> list[dict[str, str]]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    detectors: dict[str, type] = get_mapping_from_secret_type_to_class()
    return [
        {"name": detector.__name__}
        for kind, detector in sorted(detectors.items())
        if kind not in _NOISY_SECRETS
    ]
