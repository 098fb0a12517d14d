"""report.json: the Assessment as data, for machines and for comparing releases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditbook import __version__
from auditbook.domain.files import json_text

if TYPE_CHECKING:
    from pathlib import Path

    from auditbook.core.results import (
        Assessment,
        ControlCoverage,
        Coverage,
        EvidenceResult,
        ItemResult,
    )
    from auditbook.core.scores import Score
    from auditbook.domain.findings import Finding
    from auditbook.domain.model import Stated

SCHEMA = 1


def report_json(assessment: Assessment) -> dict[str, Any]:
    """A stable, sorted structure: the same assessment always gives the same JSON."""
    private = {r.evidence.path for r in assessment.evidence if not r.evidence.publishable}
    return {
        "schema": SCHEMA,
        "generator": f"auditbook {__version__}",
        "as_of": assessment.today.isoformat(),
        "overall": score_json(assessment.overall),
        "checklists": [
            {
                "path": checklist.path,
                "title": checklist.title,
                "score": score_json(assessment.checklist_scores[checklist.path]),
                "sections": [
                    {"id": s.id, "title": s.title, "level": s.level, "score": score_json(s.score)}
                    for s in assessment.sections
                    if s.checklist == checklist.path
                ],
            }
            for checklist in assessment.checklists
        ],
        "items": [_item(assessment.items[key]) for key in sorted(assessment.items)],
        "evidence": [_evidence(result) for result in assessment.evidence],
        "findings": [_public(f, private).to_json() for f in assessment.findings],
        # null when the project neither has a HIPAA mapping nor cites any control.
        "coverage": coverage_json(assessment.coverage) if assessment.coverage else None,
    }


def _public(finding: Finding, private: set[str]) -> Finding:
    """The report is published with the site: text copied from an unpublished file stays out."""
    return finding.without_excerpt() if finding.path in private else finding


def score_json(score: Score) -> dict[str, Any]:
    readiness = score.readiness
    return {
        "counts": {status.value: n for status, n in score.counts},
        "applicable": score.applicable,
        "readiness": None if readiness is None else round(readiness, 4),
    }


def coverage_json(coverage: Coverage) -> dict[str, Any]:
    return {
        "catalog": coverage.source,
        "mapping": coverage.mapping,
        "counts": {status.value: n for status, n in coverage.counts()},
        "gaps": [c.control.citation for c in coverage.gaps()],
        "undecided": [c.control.citation for c in coverage.undecided()],
        "controls": [_control(c) for c in coverage.controls],
        "items": {key: list(value) for key, value in sorted(coverage.item_citations.items())},
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Sorted keys and a final newline: the same data gives the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json_text(data), "utf-8")


def _item(result: ItemResult) -> dict[str, Any]:
    item = result.item
    return {
        "id": item.id,
        "checklist": result.checklist,
        "line": item.line,
        "text": item.text,
        "status": result.status.value,
        "checked": item.checked,
        "depth": item.depth,
        "section": item.section_id,
        "not_applicable_reason": item.na_reason,
        "groups": list(item.groups),
        "stated": _stated(item.stated),
        "owner": item.owner,
        "due": item.due.isoformat() if item.due else None,
        "assigned_in": item.assigned_in,
        "controls": list(item.controls),
        "evidence": list(result.evidence),
        "children": [child.id for child in item.children],
    }


def _stated(stated: Stated | None) -> dict[str, Any] | None:
    """The author's own claim about the item, as written: shown for what it is, not proof."""
    if stated is None:
        return None
    return {"claim": stated.claim.value, "mark": stated.mark, "reason": stated.reason}


def _evidence(result: EvidenceResult) -> dict[str, Any]:
    evidence, meta = result.evidence, result.evidence.meta
    valid_until = evidence.valid_until
    return {
        "path": evidence.path,
        "sha256": evidence.sha256,
        "size": evidence.size,
        "state": result.state.value,
        "title": evidence.title,
        "kind": meta.kind if meta else None,
        "collected": meta.collected.isoformat() if meta else None,
        "collected_by": meta.collected_by if meta else None,
        "owner": meta.owner if meta else None,
        "renewed_by": meta.renewed_by if meta else None,
        "valid_until": valid_until.isoformat() if valid_until else None,
        "publish": evidence.publishable,
        "in_packet": meta.packet if meta else True,
        "covers": list(result.covers),
        "verdict": evidence.verdict.value if evidence.verdict else None,
        "recognised": evidence.recognised,
        "facts": [{"label": f.label, "value": f.value} for f in evidence.facts],
        "findings": [
            (f if evidence.publishable else f.without_excerpt()).to_json()
            for f in evidence.findings
        ],
    }


def _control(entry: ControlCoverage) -> dict[str, Any]:
    control, decision, inherited = entry.control, entry.decision, entry.inherited
    return {
        "citation": control.citation,
        "title": control.title,
        "family": control.family,
        "kind": control.kind,
        "required": control.required,
        "status": entry.status.value,
        "items": [
            {"id": i.item_id, "status": i.status.value, "written_in": i.written_in}
            for i in entry.items
        ],
        "evidence": [
            {"path": e.path, "state": e.state.value, "via": e.via} for e in entry.evidence
        ],
        "decision": None
        if decision is None
        else {"decision": decision.kind, "reason": decision.reason},
        "inherited": None
        if inherited is None
        else {"from": inherited.provider, "reason": inherited.reason},
        "not_applicable": entry.not_applicable,
        "set_on": entry.set_on,
        "specifications": list(entry.specifications),
    }
