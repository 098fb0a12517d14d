"""What the core concludes: item and evidence results, scores by section, HIPAA coverage.

These are the types renderers and exporters read; the algorithms that make them are
`assess.py` and `coverage.py`. Nothing here knows how a result is shown or serialised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from auditbook.inputs.catalog import SECTION_FAMILIES

if TYPE_CHECKING:
    from auditbook.core.scores import Score
    from auditbook.domain.findings import Finding
    from auditbook.domain.model import Checklist, Evidence, EvidenceState, Item, Status
    from auditbook.inputs.catalog import Control, Family
    from auditbook.inputs.mapping import Decision, Inheritance


@dataclass(frozen=True)
class ItemResult:
    """An item's status and the evidence files that decided it."""

    item: Item
    checklist: str
    status: Status
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceResult:
    """An evidence file, its state on the assessment date and the known items it covers."""

    evidence: Evidence
    state: EvidenceState
    covers: tuple[str, ...]


@dataclass(frozen=True)
class SectionResult:
    """Scores of one heading of a checklist (its own items and those of its subsections)."""

    checklist: str
    id: str
    title: str
    level: int
    score: Score


@dataclass(frozen=True)
class Assessment:
    """Everything renderers need; they read it and never change it."""

    today: dt.date
    checklists: tuple[Checklist, ...]
    items: dict[str, ItemResult]
    evidence: tuple[EvidenceResult, ...]
    sections: tuple[SectionResult, ...]
    checklist_scores: dict[str, Score]
    overall: Score
    findings: tuple[Finding, ...]
    # Days ahead that due dates and evidence renewals are announced (`renewal_horizon_days`).
    horizon: int = 30
    # HIPAA coverage, added by coverage.with_coverage when the project maps or cites controls.
    coverage: Coverage | None = None

    def evidence_by_path(self) -> dict[str, EvidenceResult]:
        return {result.evidence.path: result for result in self.evidence}


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


Via = Literal["sidecar", "decision", "inherited"]


@dataclass(frozen=True)
class CoveringItem:
    """A checklist item mapped to a control, and where the mapping is written."""

    item_id: str
    status: Status
    written_in: str


@dataclass(frozen=True)
class CoveringEvidence:
    """An evidence file behind a control: cited by its sidecar, a decision or an inheritance."""

    path: str
    state: EvidenceState
    via: Via


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
    def is_gap(self) -> bool:
        return self.status is ControlStatus.GAP


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

    def families(self) -> list[tuple[Family, str, tuple[ControlCoverage, ...]]]:
        """(family, section, controls) in regulation order."""
        found = []
        for section, family in SECTION_FAMILIES.items():
            controls = tuple(c for c in self.controls if c.control.family == family)
            if controls:
                found.append((family, section, controls))
        return found
