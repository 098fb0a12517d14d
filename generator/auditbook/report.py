"""report.json: the Assessment as data, for machines and for comparing releases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditbook import __version__

if TYPE_CHECKING:
    from auditbook.assess import Assessment, EvidenceResult, ItemResult

SCHEMA = 1


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
        "controls": list(item.controls),
        "evidence": list(result.evidence),
        "children": [child.id for child in item.children],
    }


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
        "valid_until": valid_until.isoformat() if valid_until else None,
        "publish": evidence.publishable,
        "in_packet": meta.packet if meta else True,
        "covers": list(result.covers),
        "facts": [{"label": f.label, "value": f.value} for f in evidence.facts],
        "findings": [f.to_json() for f in evidence.findings],
    }


def assessment_to_json(assessment: Assessment) -> dict[str, Any]:
    """A stable, sorted structure: the same assessment always gives the same JSON."""
    return {
        "schema": SCHEMA,
        "generator": f"auditbook {__version__}",
        "as_of": assessment.today.isoformat(),
        "overall": assessment.overall.to_json(),
        "checklists": [
            {
                "path": checklist.path,
                "title": checklist.title,
                "score": assessment.checklist_scores[checklist.path].to_json(),
                "sections": [
                    {"id": s.id, "title": s.title, "level": s.level, "score": s.score.to_json()}
                    for s in assessment.sections
                    if s.checklist == checklist.path
                ],
            }
            for checklist in assessment.checklists
        ],
        "items": [_item(assessment.items[key]) for key in sorted(assessment.items)],
        "evidence": [_evidence(result) for result in assessment.evidence],
        "findings": [finding.to_json() for finding in assessment.findings],
        # null when the project neither has a HIPAA mapping nor cites any control.
        "coverage": assessment.coverage.to_json() if assessment.coverage else None,
    }
