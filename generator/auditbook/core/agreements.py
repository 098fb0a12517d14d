"""The BAA register: every business associate agreement among the evidence, and its gaps.

Built from the facts the BAA reader records, so the register shows exactly what the
reader found in each agreement, never more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.domain.model import EvidenceState

if TYPE_CHECKING:
    from auditbook.core.results import Assessment, EvidenceResult

BAA_KIND = "baa"
UNKNOWN = "—"


@dataclass(frozen=True)
class Agreement:
    """One agreement as the register shows it: parties, dates, provisions, what is lacking."""

    result: EvidenceResult
    covered_entity: str
    business_associate: str
    effective: str
    term: str
    executed: str
    signed: str
    provisions: str
    missing: tuple[str, ...]
    incidents: str
    breaches: str

    @property
    def gaps(self) -> tuple[str, ...]:
        """What keeps this agreement from proving anything, plainest first."""
        found = []
        if self.result.state is not EvidenceState.CURRENT:
            found.append(f"evidence {self.result.state.value}")
        if self.executed != UNKNOWN and not self.executed.startswith("yes"):
            found.append(f"not executed ({self.executed.removeprefix('no: ')})")
        found.extend(f"provision not found: {name}" for name in self.missing)
        if self.incidents == "no":
            found.append("no duty to report security incidents")
        if self.breaches == "no":
            found.append("no duty to report breaches")
        return tuple(found)


def agreements(assessment: Assessment) -> tuple[Agreement, ...]:
    """The agreements among the evidence, in the evidence register's order."""
    return tuple(
        _agreement(result)
        for result in assessment.evidence
        if result.evidence.meta is not None and result.evidence.meta.kind == BAA_KIND
    )


def _agreement(result: EvidenceResult) -> Agreement:
    facts = {fact.label: fact.value for fact in result.evidence.facts}
    missing = facts.get("Provisions not found", "none")
    return Agreement(
        result=result,
        covered_entity=facts.get("Covered entity", UNKNOWN),
        business_associate=facts.get("Business associate", UNKNOWN),
        effective=facts.get("Effective date", UNKNOWN),
        term=facts.get("End date", UNKNOWN),
        executed=facts.get("Executed", UNKNOWN),
        signed=facts.get("Signed", UNKNOWN),
        provisions=facts.get("Required provisions", UNKNOWN),
        missing=() if missing in ("none", "") else tuple(missing.split("; ")),
        incidents=facts.get("Security incidents reported", UNKNOWN),
        breaches=facts.get("Breaches reported", UNKNOWN),
    )
