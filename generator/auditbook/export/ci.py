"""Findings for CI: plain text, JSON and JUnit XML (GitHub and SARIF in annotations.py)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from auditbook.domain.findings import Finding, Level, visible
from auditbook.export.annotations import as_github, as_sarif

FORMATS = ("text", "json", "junit", "github", "sarif")


def gate_fails(findings: Sequence[Finding], fail_on: Level) -> bool:
    return any(finding.level >= fail_on for finding in findings)


def as_text(findings: Sequence[Finding], fail_on: Level) -> str:
    counts = Counter(f.level for f in findings)
    lines = [str(finding) for finding in findings]
    verdict = "FAILED" if gate_fails(findings, fail_on) else "passed"
    lines.append(
        f"{counts[Level.ERROR]} errors, {counts[Level.WARNING]} warnings, "
        f"{counts[Level.INFO]} notes: gate {verdict} (fails on {fail_on.label} and above)"
    )
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding], fail_on: Level) -> str:
    data = {
        "fail_on": fail_on.label,
        "failed": gate_fails(findings, fail_on),
        "findings": [finding.to_json() for finding in findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_junit(findings: Sequence[Finding], fail_on: Level) -> str:
    """One test case per finding; those at or above the gate are failures."""
    failing = [f for f in findings if f.level >= fail_on]
    cases = []
    for finding in findings:
        # Control characters are not allowed in XML even escaped: written out (visible).
        name = quoteattr(f"{finding.code} {finding.location}".strip())
        body = ""
        if finding.level >= fail_on:
            body = (
                f"<failure type={quoteattr(finding.level.label)} "
                f"message={quoteattr(visible(finding.message))}>{escape(str(finding))}</failure>"
            )
        else:
            body = f"<system-out>{escape(str(finding))}</system-out>"
        cases.append(f'  <testcase classname="auditbook" name={name}>{body}</testcase>')
    if not findings:
        cases.append('  <testcase classname="auditbook" name="no findings"/>')
    header = (
        f'<testsuite name="auditbook check" tests="{max(len(findings), 1)}" '
        f'failures="{len(failing)}" errors="0">'
    )
    return (
        "\n".join(['<?xml version="1.0" encoding="utf-8"?>', header, *cases, "</testsuite>"]) + "\n"
    )


def render_findings(findings: Sequence[Finding], fail_on: Level, fmt: str) -> str:
    formats = {
        "text": as_text,
        "json": as_json,
        "junit": as_junit,
        "github": as_github,
        "sarif": as_sarif,
    }
    return formats[fmt](findings, fail_on)
