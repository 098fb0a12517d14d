"""HIPAA coverage: for every control of the catalog, what covers it and how well (pure, no I/O).

Citations come from three places: written on a checklist item (`{hipaa="164.312(b)"}`),
given to an item in the mapping file, or written in an evidence sidecar (`controls:`).
The mapping file may also record, per control, a provider it is inherited from, that it
does not apply, or (Addressable specifications only) the documented decision. Resolving
the citations is `citations.py`; this module gives each control its status.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from auditbook.core.citations import Citations
from auditbook.core.results import (
    ControlCoverage,
    ControlStatus,
    Coverage,
    CoveringEvidence,
    CoveringItem,
)
from auditbook.domain.findings import Finding, Level, cap_findings, sort_findings
from auditbook.domain.model import EvidenceState, Status

if TYPE_CHECKING:
    from auditbook.core.results import Assessment, EvidenceResult, ItemResult
    from auditbook.inputs.catalog import Catalog, Control
    from auditbook.inputs.mapping import ControlEntry
    from auditbook.inputs.mapping import Mapping as MappingFile

_SATISFIED = (ControlStatus.MET, ControlStatus.INHERITED, ControlStatus.DECIDED)
_UNPROVEN = (ControlStatus.OPEN, ControlStatus.EXPIRED, ControlStatus.ATTESTED)  # weakest first
_FROM_ITEM = {
    Status.MET: ControlStatus.MET,
    Status.ATTESTED: ControlStatus.ATTESTED,
    Status.EXPIRED: ControlStatus.EXPIRED,
    Status.FAILING: ControlStatus.FAILING,
    Status.OPEN: ControlStatus.OPEN,
    Status.NOT_APPLICABLE: ControlStatus.NOT_APPLICABLE,
}
_FROM_EVIDENCE = {
    EvidenceState.CURRENT: ControlStatus.MET,
    EvidenceState.EXPIRED: ControlStatus.EXPIRED,
    EvidenceState.FAILING: ControlStatus.FAILING,
    EvidenceState.UNDESCRIBED: ControlStatus.OPEN,
    EvidenceState.UNJUDGED: ControlStatus.OPEN,
}


def combine(statuses: Iterable[ControlStatus]) -> ControlStatus:
    """One status from several: a failure shows, gaps only count when nothing else is there."""
    given = list(statuses)
    applicable = [s for s in given if s is not ControlStatus.NOT_APPLICABLE]
    if not given:
        return ControlStatus.GAP
    if not applicable:
        return ControlStatus.NOT_APPLICABLE
    if ControlStatus.FAILING in applicable:
        return ControlStatus.FAILING
    addressed = [s for s in applicable if s is not ControlStatus.GAP]
    if not addressed:
        return ControlStatus.GAP
    satisfied = [s for s in addressed if s in _SATISFIED]
    if len(satisfied) == len(applicable):
        return satisfied[0] if len(set(satisfied)) == 1 else ControlStatus.MET
    if satisfied or ControlStatus.PARTIAL in addressed:
        return ControlStatus.PARTIAL
    return min(addressed, key=_UNPROVEN.index)


def cites_anything(assessment: Assessment) -> bool:
    """Whether any item or sidecar names a control (coverage is then assessed without a mapping)."""
    if any(result.item.controls for result in assessment.items.values()):
        return True
    return any(r.evidence.meta and r.evidence.meta.controls for r in assessment.evidence)


# One per control at most, so bounded by the catalog: every one of them is listed.
_PER_CONTROL = frozenset({"coverage-gap", "coverage-undecided"})


def _capped(findings: list[Finding]) -> list[Finding]:
    """A mapping's findings capped per code like a file's (1,000 unknown ids: 20 and a count)."""
    per_control = [f for f in findings if f.code in _PER_CONTROL]
    return [*cap_findings(f for f in findings if f.code not in _PER_CONTROL), *per_control]


def with_coverage(
    assessment: Assessment,
    catalog: Catalog,
    mapping: MappingFile,
    gap_level: Level = Level.WARNING,
    mapping_findings: Iterable[Finding] = (),
) -> Assessment:
    """The assessment with its coverage, and the mapping's and coverage's findings added."""
    coverage, findings = compute_coverage(
        catalog, mapping, assessment.items, assessment.evidence, gap_level
    )
    return replace(
        assessment,
        coverage=coverage,
        findings=sort_findings([*assessment.findings, *_capped([*mapping_findings, *findings])]),
    )


def compute_coverage(
    catalog: Catalog,
    mapping: MappingFile,
    items: Mapping[str, ItemResult],
    evidence: Sequence[EvidenceResult],
    gap_level: Level = Level.WARNING,
) -> tuple[Coverage, list[Finding]]:
    """Resolve every citation, then give each control its status; findings for what is wrong."""
    links = Citations(catalog, mapping.path, {r.evidence.path: r for r in evidence})
    links.add_items(items, mapping)
    links.add_sidecars(evidence)
    entries = links.entries(mapping)
    controls = _Rollup(catalog, links, entries).controls()
    findings = links.findings + _gap_findings(controls, mapping.path, gap_level)
    rank = {control.citation: index for index, control in enumerate(catalog)}
    citations = {
        key: tuple(sorted(value, key=rank.__getitem__))
        for key, value in links.item_citations.items()
    }
    source = catalog.source.title
    return Coverage(mapping.path, source, controls, citations), findings


class _Rollup:
    """Statuses: each control from what covers it, then each standard with its specifications."""

    def __init__(
        self, catalog: Catalog, links: Citations, entries: dict[str, ControlEntry]
    ) -> None:
        self.catalog = catalog
        self.links = links
        self.entries = entries

    def controls(self) -> tuple[ControlCoverage, ...]:
        done: dict[str, ControlCoverage] = {}
        standards = [c for c in self.catalog if c.is_standard]
        for control in self.catalog:
            if not control.is_standard:
                done[control.citation] = self.control(control, ())
        for control in standards:
            specs = tuple(done[c.citation] for c in self.catalog.children(control))
            done[control.citation] = self.control(control, specs)
        return tuple(done[c.citation] for c in self.catalog)

    def entry(self, control: Control) -> tuple[ControlEntry | None, str | None]:
        """Its own entry, or its standard's when that says inherited or not applicable."""
        own = self.entries.get(control.citation)
        if own is not None or control.is_standard:
            return own, None
        parent = self.entries.get(control.standard)
        if parent is not None and (parent.inherited or parent.not_applicable):
            return parent, control.standard
        return None, None

    def control(self, control: Control, specs: tuple[ControlCoverage, ...]) -> ControlCoverage:
        entry, set_on = self.entry(control)
        items = self.links.covering(control.citation)
        evidence = list(self.links.evidence.get(control.citation, ()))
        if set_on:  # the standard's provider evidence stands for its specifications too
            evidence += [e for e in self.links.evidence.get(set_on, ()) if e.via == "inherited"]
        own = _own_status(entry, items, tuple(evidence))
        if entry is not None and entry.not_applicable:
            status = ControlStatus.NOT_APPLICABLE
        elif specs:
            status = combine([*([own] if own else []), *(spec.status for spec in specs)])
        else:
            status = own or ControlStatus.GAP
        return ControlCoverage(
            control,
            status,
            items,
            tuple(evidence),
            decision=entry.decision if entry else None,
            inherited=entry.inherited if entry else None,
            not_applicable=entry.not_applicable if entry else None,
            set_on=set_on,
            specifications=tuple(spec.control.citation for spec in specs),
            line=entry.line if entry and not set_on else None,
        )


def _own_status(
    entry: ControlEntry | None,
    items: tuple[CoveringItem, ...],
    evidence: tuple[CoveringEvidence, ...],
) -> ControlStatus | None:
    """What a control's own covering says, None when nothing covers it directly."""
    if entry is not None and entry.not_applicable:
        return ControlStatus.NOT_APPLICABLE
    if entry is not None and entry.decision and entry.decision.kind == "not-reasonable":
        return ControlStatus.DECIDED
    parts = [_FROM_ITEM[i.status] for i in items]
    parts += [_FROM_EVIDENCE[e.state] for e in evidence if e.via != "inherited"]
    inherited = [e.state for e in evidence if e.via == "inherited"]
    if inherited:
        parts.append(_inherited_status(inherited))
    if not parts:
        # A decision to implement, with nothing to show for it, is a person's word.
        return ControlStatus.ATTESTED if entry is not None and entry.decision else None
    return combine(parts)


def _inherited_status(states: list[EvidenceState]) -> ControlStatus:
    if EvidenceState.FAILING in states:
        return ControlStatus.FAILING
    if EvidenceState.CURRENT in states:
        return ControlStatus.INHERITED
    if EvidenceState.EXPIRED in states:
        return ControlStatus.EXPIRED
    return ControlStatus.OPEN


def _gap_findings(
    controls: tuple[ControlCoverage, ...], mapping_path: str, gap_level: Level
) -> list[Finding]:
    findings = []
    for entry in controls:
        if not entry.is_gap:
            continue
        control = entry.control
        what = "it or any of its specifications" if entry.specifications else "it"
        where = f"§ {control.citation} {control.title} ({control.marker})"
        if control.required:
            message = (
                f"{where}: nothing covers {what}; map an item to it, cite it from evidence, "
                "or record it as inherited or not-applicable in the mapping"
            )
            findings.append(Finding(gap_level, "coverage-gap", message, mapping_path, entry.line))
        else:
            message = (
                f"{where}: nothing covers it and no decision is documented "
                "(implemented, alternative or not-reasonable, with its reason)"
            )
            findings.append(
                Finding(Level.INFO, "coverage-undecided", message, mapping_path, entry.line)
            )
    return findings
