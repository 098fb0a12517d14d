"""HIPAA coverage: for every control of the catalog, what covers it and how well (pure, no I/O).

Citations come from three places: written on a checklist item (`{hipaa="164.312(b)"}`),
given to an item in the mapping file, or written in an evidence sidecar (`controls:`).
The mapping file may also record, per control, a provider it is inherited from, that it
does not apply, or (Addressable specifications only) the documented decision. Resolving
the citations is `citations.py`; this module gives each control its status.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from auditbook.assess import EvidenceState
from auditbook.citations import Citations, CoveringEvidence, CoveringItem
from auditbook.controls import SECTION_FAMILIES
from auditbook.findings import Finding, Level, sort_findings
from auditbook.mapping import ControlEntry, Decision, Inheritance
from auditbook.mapping import Mapping as MappingFile
from auditbook.model import Status

if TYPE_CHECKING:
    from auditbook.assess import Assessment, EvidenceResult, ItemResult
    from auditbook.controls import Catalog, Control, Family


class ControlStatus(StrEnum):
    """Status of a control, from what covers it; the order is the page's, worst first."""

    GAP = "gap"  # nothing covers it
    FAILING = "failing"  # some covering evidence shows a failure
    EXPIRED = "expired"  # its evidence is past its validity, none is current
    OPEN = "open"  # items map to it, none done
    ATTESTED = "attested"  # ticked or declared by people, no evidence
    PARTIAL = "partial"  # some of what covers it is met, some is not
    DECIDED = "decided"  # Addressable, documented as not reasonable and appropriate
    INHERITED = "inherited"  # met by a provider, with current evidence
    MET = "met"  # everything covering it is met with current evidence
    NOT_APPLICABLE = "not applicable"  # does not apply to the organisation, with a reason

    @property
    def slug(self) -> str:
        return self.value.replace(" ", "-")


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
}
FAMILY_TITLES: Mapping[str, str] = {
    "administrative": "Administrative safeguards",
    "physical": "Physical safeguards",
    "technical": "Technical safeguards",
    "organizational": "Organizational requirements",
    "documentation": "Policies and procedures and documentation requirements",
}


def control_anchor(citation: str) -> str:
    """The HTML id of a control on the coverage page: 164.312(a)(2)(i) -> hipaa-164-312-a-2-i."""
    return "hipaa-" + "-".join(re.findall(r"[0-9A-Za-z]+", citation))


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


@dataclass(frozen=True)
class ControlCoverage:
    """One control, what covers it and its status; `set_on` names a standard it inherits from."""

    control: Control
    status: ControlStatus
    items: tuple[CoveringItem, ...] = ()
    evidence: tuple[CoveringEvidence, ...] = ()
    decision: Decision | None = None
    inherited: Inheritance | None = None
    not_applicable: str | None = None
    set_on: str | None = None
    specifications: tuple[str, ...] = ()
    line: int | None = None

    @property
    def anchor(self) -> str:
        return control_anchor(self.control.citation)

    @property
    def is_gap(self) -> bool:
        return self.status is ControlStatus.GAP

    def to_json(self) -> dict[str, Any]:
        decision = self.decision
        inherited = self.inherited
        return {
            "citation": self.control.citation,
            "title": self.control.title,
            "family": self.control.family,
            "kind": self.control.kind,
            "required": self.control.required,
            "status": self.status.value,
            "items": [
                {"id": i.item_id, "status": i.status.value, "written_in": i.written_in}
                for i in self.items
            ],
            "evidence": [
                {"path": e.path, "state": e.state.value, "via": e.via} for e in self.evidence
            ],
            "decision": None
            if decision is None
            else {"decision": decision.kind, "reason": decision.reason},
            "inherited": None
            if inherited is None
            else {"from": inherited.provider, "reason": inherited.reason},
            "not_applicable": self.not_applicable,
            "set_on": self.set_on,
            "specifications": list(self.specifications),
        }


@dataclass(frozen=True)
class Coverage:
    """Every control of the catalog in regulation order, and the citations of each item."""

    mapping: str
    source: str
    controls: tuple[ControlCoverage, ...]
    item_citations: Mapping[str, tuple[str, ...]]

    @cached_property
    def _index(self) -> dict[str, ControlCoverage]:
        return {entry.control.citation: entry for entry in self.controls}

    def get(self, citation: str) -> ControlCoverage:
        """The coverage of a control by its canonical citation."""
        try:
            return self._index[citation]
        except KeyError:
            raise KeyError(f"no control {citation!r} in the coverage") from None

    def gaps(self) -> tuple[ControlCoverage, ...]:
        """Required controls nothing covers: the findings of `auditbook check`."""
        return tuple(c for c in self.controls if c.is_gap and c.control.required)

    def undecided(self) -> tuple[ControlCoverage, ...]:
        """Addressable specifications nothing covers and no decision documents."""
        return tuple(c for c in self.controls if c.is_gap and not c.control.required)

    def counts(self) -> list[tuple[ControlStatus, int]]:
        return [(s, sum(c.status is s for c in self.controls)) for s in ControlStatus]

    def families(self) -> list[tuple[Family, str, str, tuple[ControlCoverage, ...]]]:
        """(family, title, section, controls) in regulation order."""
        found = []
        for section, family in SECTION_FAMILIES.items():
            controls = tuple(c for c in self.controls if c.control.family == family)
            if controls:
                found.append((family, FAMILY_TITLES[family], section, controls))
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "catalog": self.source,
            "mapping": self.mapping,
            "counts": {status.value: n for status, n in self.counts()},
            "gaps": [c.control.citation for c in self.gaps()],
            "undecided": [c.control.citation for c in self.undecided()],
            "controls": [c.to_json() for c in self.controls],
            "items": {key: list(value) for key, value in sorted(self.item_citations.items())},
        }


def cites_anything(assessment: Assessment) -> bool:
    """Whether any item or sidecar names a control (coverage is then assessed without a mapping)."""
    if any(result.item.controls for result in assessment.items.values()):
        return True
    return any(r.evidence.meta and r.evidence.meta.controls for r in assessment.evidence)


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
        findings=sort_findings([*assessment.findings, *mapping_findings, *findings]),
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
