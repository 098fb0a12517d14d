"""The assessment: a pure function from checklists, evidence and a date to statuses and scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from auditbook.core.renewals import RENEWAL_DAYS, agenda, agenda_findings
from auditbook.core.results import Assessment, EvidenceResult, ItemResult, SectionResult
from auditbook.core.scores import Score
from auditbook.domain.findings import (
    MAX_PER_CODE,
    Finding,
    Level,
    cap_findings,
    sort_findings,
)
from auditbook.domain.model import Checklist, Claim, Evidence, EvidenceState, Item, Status
from auditbook.domain.text import did_you_mean

# Weakest first: a parent is only as ready as its weakest applicable child.
_ROLLUP_ORDER = (Status.OPEN, Status.FAILING, Status.EXPIRED, Status.ATTESTED, Status.MET)


def evidence_state(evidence: Evidence, today: dt.date) -> EvidenceState:
    """Old evidence is expired whatever it said; current evidence is judged by its reader.

    A file its reader could not judge proves nothing: the item stands as if it were absent.
    """
    if evidence.meta is None:
        return EvidenceState.UNDESCRIBED
    if evidence.meta.collected > today:  # it did not exist yet: it proves nothing that day
        return EvidenceState.UNJUDGED
    valid_until = evidence.valid_until
    if valid_until is not None and valid_until < today:
        return EvidenceState.EXPIRED
    if evidence.verdict is not None and not evidence.verdict.judged:
        return EvidenceState.UNJUDGED
    if evidence.passed is False:
        return EvidenceState.FAILING
    return EvidenceState.CURRENT


def _own_status(item: Item, states: list[EvidenceState]) -> Status:
    if item.na_reason is not None:
        return Status.NOT_APPLICABLE
    if EvidenceState.FAILING in states:
        return Status.FAILING
    if EvidenceState.CURRENT in states:
        return Status.MET
    if EvidenceState.EXPIRED in states:
        return Status.EXPIRED
    # The author's stated status is a claim like a ticked box: done is attested, never met;
    # in progress, not done or an `N/A` without a reason leave the item open.
    claim = item.stated.claim if item.stated is not None else None
    if claim is not None and claim is not Claim.DONE:
        return Status.OPEN
    return Status.ATTESTED if item.checked or claim is Claim.DONE else Status.OPEN


def rollup(statuses: Iterable[Status]) -> Status:
    """The weakest applicable status; not applicable only when nothing applies."""
    applicable = [s for s in statuses if s is not Status.NOT_APPLICABLE]
    if not applicable:
        return Status.NOT_APPLICABLE
    return min(applicable, key=_ROLLUP_ORDER.index)


class _Assessor:
    def __init__(self, evidence: tuple[EvidenceResult, ...]) -> None:
        self.covering: dict[str, list[EvidenceResult]] = {}
        for result in evidence:
            for item_id in result.covers:
                self.covering.setdefault(item_id, []).append(result)
        self.items: dict[str, ItemResult] = {}

    def item(self, item: Item, checklist: str, inside_na: bool = False) -> Status:
        covering = self.covering.get(item.id, [])
        status = _own_status(item, [r.state for r in covering])
        if inside_na or item.na_reason is not None:
            # What does not apply does not apply with all its parts: scores count leaves.
            status = Status.NOT_APPLICABLE
            for child in item.children:
                self.item(child, checklist, inside_na=True)
        elif item.children:
            children = [self.item(child, checklist) for child in item.children]
            status = rollup([*children, status] if covering else children)
        paths = tuple(r.evidence.path for r in covering)
        self.items[item.id] = ItemResult(item, checklist, status, paths)
        return status


def _leaves(items: Iterable[Item]) -> list[Item]:
    """Leaf items under the given top-level items (pass roots only, or leaves repeat)."""
    return [each for item in items for each in item.walk() if not each.children]


def _checklist_leaves(checklist: Checklist) -> list[Item]:
    return _leaves(item for section in checklist.sections for item in section.items)


def _duplicate_ids(checklists: tuple[Checklist, ...]) -> list[Finding]:
    seen: dict[str, tuple[str, int]] = {}
    findings = []
    for checklist in checklists:
        for item in checklist.all_items():
            if item.id in seen:
                path, line = seen[item.id]
                # An explicit id was chosen by a person: the fix is another id, not adding one.
                hint = "rename one of them" if item.explicit_id else "give one an explicit {#id}"
                message = f"duplicate item id {item.id!r} (first at {path}:{line}); {hint}"
                findings.append(
                    Finding(Level.ERROR, "item-duplicate-id", message, checklist.path, item.line)
                )
            else:
                seen[item.id] = (checklist.path, item.line)
    return findings


def _evidence_results(
    evidence: tuple[Evidence, ...], known_ids: set[str], today: dt.date
) -> tuple[tuple[EvidenceResult, ...], list[Finding]]:
    results, findings = [], []
    for each in evidence:
        state = evidence_state(each, today)
        covers, unknown = [], 0
        for ref in each.meta.covers if each.meta else ():
            if ref.target in known_ids:
                covers.append(ref.target)
                continue
            unknown += 1  # suggestions cost: only for those the report will list
            hint = did_you_mean(ref.target, known_ids) if unknown <= MAX_PER_CODE else ""
            message = f"unknown item id {ref.target!r}{hint}"
            findings.append(
                Finding(
                    Level.ERROR,
                    "evidence-unknown-item",
                    message,
                    each.meta.sidecar if each.meta else each.path,
                    ref.line,
                )
            )
        findings.extend(_state_findings(each, state) + _publish_findings(each))
        findings.extend(_date_findings(each, today))
        results.append(EvidenceResult(each, state, tuple(covers)))
    return tuple(results), findings


def _date_findings(evidence: Evidence, today: dt.date) -> list[Finding]:
    """Evidence from after the assessment date cannot show how things stood on it."""
    meta = evidence.meta
    if meta is None or meta.collected <= today:
        return []
    message = (
        f"collected on {meta.collected}, after the assessment date {today}: it cannot show "
        "how things stood that day (a typo in 'collected', or an --as-of too early?)"
    )
    return [Finding(Level.WARNING, "evidence-collected-later", message, meta.sidecar)]


def _publish_findings(evidence: Evidence) -> list[Finding]:
    if evidence.meta is None or not evidence.meta.publish or evidence.publishable:
        return []
    message = (
        "not published although 'publish: true': only inert file types are served raw "
        "(text, CSV, JSON, YAML, PDF, images, archives); a browser could run this one"
    )
    return [Finding(Level.WARNING, "evidence-publish-refused", message, evidence.meta.sidecar)]


def _state_findings(evidence: Evidence, state: EvidenceState) -> list[Finding]:
    if state is EvidenceState.EXPIRED:
        message = f"evidence expired on {evidence.valid_until}: collect it again"
        return [Finding(Level.WARNING, "evidence-expired", message, evidence.path)]
    if state is EvidenceState.FAILING:
        message = "evidence shows a failure (see its findings)"
        return [Finding(Level.ERROR, "evidence-failing", message, evidence.path)]
    return []


def _section_results(checklist: Checklist, items: dict[str, ItemResult]) -> list[SectionResult]:
    """A heading's score includes the sections nested under it (until the next peer)."""
    results = []
    sections = checklist.sections
    for index, section in enumerate(sections):
        leaves = _leaves(section.items)
        for later in sections[index + 1 :]:
            if later.level <= section.level:
                break
            leaves.extend(_leaves(later.items))
        score = Score.of(items[leaf.id].status for leaf in leaves)
        results.append(
            SectionResult(checklist.path, section.id, section.title, section.level, score)
        )
    return results


def assess(
    checklists: tuple[Checklist, ...],
    evidence: tuple[Evidence, ...],
    today: dt.date,
    findings: Iterable[Finding] = (),
    horizon: int = RENEWAL_DAYS,
) -> Assessment:
    """Statuses, scores and findings for the given inputs on the given day (no I/O).

    `horizon`: how many days ahead due dates and evidence renewals are announced.
    """
    all_findings = [*findings, *_duplicate_ids(checklists)]
    known_ids = {item.id for checklist in checklists for item in checklist.all_items()}
    evidence_results, evidence_findings = _evidence_results(evidence, known_ids, today)
    all_findings.extend(evidence_findings)
    assessor = _Assessor(evidence_results)
    for checklist in checklists:
        for section in checklist.sections:
            for item in section.items:
                assessor.item(item, checklist.path)
    items = assessor.items
    all_findings.extend(agenda_findings(agenda(items, evidence_results, today, horizon)))
    sections = tuple(s for c in checklists for s in _section_results(c, items))
    checklist_scores = {
        c.path: Score.of(items[leaf.id].status for leaf in _checklist_leaves(c)) for c in checklists
    }
    overall = Score.of(items[leaf.id].status for c in checklists for leaf in _checklist_leaves(c))
    return Assessment(
        today,
        checklists,
        items,
        evidence_results,
        sections,
        checklist_scores,
        overall,
        sort_findings(cap_findings(all_findings)),
        horizon,
    )
