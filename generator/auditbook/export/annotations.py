"""Findings for code review: GitHub workflow annotations and SARIF 2.1.0 for code scanning."""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import quote

from auditbook import __version__
from auditbook.domain.findings import Finding, Level, visible

_GITHUB_LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}
_SARIF_LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def as_github(findings: Sequence[Finding], fail_on: Level) -> str:
    """One `::error file=...,line=...::message` line per finding, then the gate's verdict."""
    lines = []
    for finding in findings:
        properties = [f"title={_property(finding.code)}"]
        if finding.path:
            properties.insert(0, f"file={_property(finding.path)}")
            if finding.line:
                properties.insert(1, f"line={finding.line}")
        command = _GITHUB_LEVELS[finding.level]
        lines.append(f"::{command} {','.join(properties)}::{_data(finding.text)}")
    failing = sum(1 for f in findings if f.level >= fail_on)
    verdict = "FAILED" if failing else "passed"
    lines.append(f"auditbook: {len(findings)} findings, gate {verdict} (fails on {fail_on.label})")
    return "\n".join(lines) + "\n"


def as_sarif(findings: Sequence[Finding], fail_on: Level) -> str:
    """One SARIF run: a rule per finding code, a result per finding with its file and line."""
    codes = sorted({finding.code for finding in findings})
    rules = [{"id": code, "shortDescription": {"text": code}} for code in codes]
    results = [_result(finding, codes.index(finding.code)) for finding in findings]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "auditbook", "version": __version__, "rules": rules}},
                "results": results,
                "properties": {"failOn": fail_on.label},
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _result(finding: Finding, rule_index: int) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVELS[finding.level],
        "message": {"text": finding.text},
    }
    if finding.path:
        physical: dict[str, object] = {"artifactLocation": {"uri": quote(finding.path)}}
        if finding.line:
            physical["region"] = {"startLine": finding.line}
        result["locations"] = [{"physicalLocation": physical}]
    return result


def _data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped as GitHub's runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(visible(text)).replace(":", "%3A").replace(",", "%2C")
