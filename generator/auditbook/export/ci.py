"""Findings for CI: plain text, JSON and JUnit XML (GitHub and SARIF in annotations.py)."""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from auditbook.domain.findings import Finding, Level, visible
from auditbook.domain.model import Status
from auditbook.export.annotations import as_github, as_sarif
from auditbook.inputs.sidecar import SIDECAR_SUFFIX

if TYPE_CHECKING:
    from auditbook.core.results import Assessment, EvidenceResult, ItemResult

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


def as_junit(assessment: Assessment, fail_on: Level) -> str:
    """A test case per checklist item and per evidence file, passing ones too, each with its
    file and line; a case fails on the findings about it that reach the gate. Findings about
    neither (configuration, mappings) are cases of a third suite, one each."""
    findings = list(assessment.findings)
    suites = [
        _Suite("checklist items", [_item_case(r, findings, fail_on) for r in _items(assessment)]),
        _Suite(
            "evidence files", [_evidence_case(r, findings, fail_on) for r in assessment.evidence]
        ),
        _Suite("other findings", [_finding_case(f, fail_on) for f in findings]),
    ]
    tests = sum(suite.tests for suite in suites)
    failures = sum(suite.failures for suite in suites)
    header = f'<testsuites name="auditbook check" tests="{tests}" failures="{failures}" errors="0">'
    lines = ['<?xml version="1.0" encoding="utf-8"?>', header]
    for suite in suites:
        lines += suite.lines()
    return "\n".join([*lines, "</testsuites>"]) + "\n"


@dataclass
class _Suite:
    name: str
    cases: list[tuple[str, bool]]  # (XML of the case, whether it fails)

    @property
    def tests(self) -> int:
        return len(self.cases)

    @property
    def failures(self) -> int:
        return sum(failing for _, failing in self.cases)

    def lines(self) -> list[str]:
        header = (
            f'  <testsuite name={quoteattr(self.name)} tests="{self.tests}" '
            f'failures="{self.failures}" errors="0" skipped="{self.skipped}"'
        )
        if not self.cases:
            return [header + "/>"]
        return [header + ">", *(case for case, _ in self.cases), "  </testsuite>"]

    @property
    def skipped(self) -> int:
        return sum("<skipped" in case for case, _ in self.cases)


def _items(assessment: Assessment) -> list[ItemResult]:
    """Every item in the order of its page, children after their parent."""
    return sorted(assessment.items.values(), key=lambda r: (r.checklist, r.item.line))


def _item_case(result: ItemResult, findings: list[Finding], fail_on: Level) -> tuple[str, bool]:
    item = result.item
    about = _take(findings, lambda f: f.path == result.checklist and f.line == item.line)
    skipped = ""
    if result.status is Status.NOT_APPLICABLE:
        skipped = f"<skipped message={quoteattr(visible(item.na_reason or 'not applicable'))}/>"
    said = f"{result.status.value}: {visible(item.text)}"
    return _case(
        result.checklist, item.id, result.checklist, item.line, about, fail_on, said, skipped
    )


def _evidence_case(
    result: EvidenceResult, findings: list[Finding], fail_on: Level
) -> tuple[str, bool]:
    path = result.evidence.path
    about = _take(findings, lambda f: f.path in (path, path + SIDECAR_SUFFIX))
    said = f"{result.state.value}: {visible(path)}"
    folder = posixpath.dirname(path) or "evidence"
    return _case(folder, path, path, None, about, fail_on, said)


def _finding_case(finding: Finding, fail_on: Level) -> tuple[str, bool]:
    name = f"{finding.code} {finding.location}".strip()
    return _case("auditbook", name, finding.path, finding.line, [finding], fail_on, "")


def _take(findings: list[Finding], about: Callable[[Finding], bool]) -> list[Finding]:
    """The findings about one case, taken out of `findings` (each belongs to one case)."""
    taken = [f for f in findings if about(f)]
    findings[:] = [f for f in findings if not about(f)]
    return taken


def _case(
    classname: str,
    name: str,
    file: str | None,
    line: int | None,
    about: list[Finding],
    fail_on: Level,
    said: str,
    skipped: str = "",
) -> tuple[str, bool]:
    # Control characters are not allowed in XML even escaped: written out (visible).
    attributes = f"classname={quoteattr(visible(classname))} name={quoteattr(visible(name))}"
    if file:
        attributes += f" file={quoteattr(visible(file))}"
    if line:
        attributes += f' line="{line}"'
    failing = [f for f in about if f.level >= fail_on]
    body = skipped
    if failing:
        text = "\n".join(escape(str(f)) for f in failing)
        first = quoteattr(visible(failing[0].message))
        body += (
            f"<failure type={quoteattr(failing[0].level.label)} message={first}>{text}</failure>"
        )
    out = [said] if said else []
    out += [str(f) for f in about if f.level < fail_on]
    if out:
        body += f"<system-out>{escape(chr(10).join(out))}</system-out>"
    return f"    <testcase {attributes}>{body}</testcase>", bool(failing)


def render_check(assessment: Assessment, fail_on: Level, fmt: str) -> str:
    """The report of `auditbook check` in the format asked for."""
    if fmt == "junit":
        return as_junit(assessment, fail_on)
    return render_findings(assessment.findings, fail_on, fmt)


def render_findings(findings: Sequence[Finding], fail_on: Level, fmt: str) -> str:
    """Findings alone as text, JSON, GitHub annotations or SARIF."""
    formats = {
        "text": as_text,
        "json": as_json,
        "github": as_github,
        "sarif": as_sarif,
    }
    return formats[fmt](findings, fail_on)
