"""The BAA register: agreements among the evidence, their parties, terms and gaps."""

from __future__ import annotations

import datetime as dt

from auditbook.core.agreements import agreements
from auditbook.core.assess import assess
from auditbook.domain.model import Evidence, EvidenceMeta, EvidenceState, Fact, Verdict

TODAY = dt.date(2026, 11, 21)


def evidence(name: str, kind: str, facts: dict[str, str], verdict: Verdict) -> Evidence:
    meta = EvidenceMeta(
        sidecar=f"evidence/{name}.meta.yml",
        title=name,
        kind=kind,
        collected=dt.date(2026, 1, 15),
        collected_by="Compliance (fictional)",
        valid_for_days=3650,
    )
    return Evidence(
        path=f"evidence/{name}",
        sha256="0" * 64,
        size=1,
        meta=meta,
        facts=tuple(Fact(label, value) for label, value in facts.items()),
        verdict=verdict,
    )


COMPLETE = {
    "Covered entity": "Example Clinic, P.C.",
    "Business associate": "Example Hosting, LLC",
    "Effective date": "2026-01-15",
    "End date": "until all PHI is returned or destroyed",
    "Executed": "yes",
    "Signed": "yes, by both parties",
    "Required provisions": "15 of 15 present",
    "Provisions not found": "none",
    "Security incidents reported": "yes",
    "Breaches reported": "yes",
}


def test_only_baa_evidence_is_in_the_register_with_what_its_reader_found() -> None:
    files = (
        evidence("hosting.txt", "baa", COMPLETE, Verdict.PASSES),
        evidence("policy.pdf", "policy", {}, Verdict.PASSES),
    )
    [agreement] = agreements(assess((), files, TODAY))
    assert agreement.result.evidence.path == "evidence/hosting.txt"
    assert (agreement.covered_entity, agreement.business_associate) == (
        "Example Clinic, P.C.",
        "Example Hosting, LLC",
    )
    assert agreement.term == "until all PHI is returned or destroyed"
    assert agreement.result.state is EvidenceState.CURRENT
    assert agreement.gaps == ()


def test_a_template_lacking_provisions_shows_every_gap() -> None:
    facts = {
        **COMPLETE,
        "Business associate": "not found",
        "Executed": "no: template with unfilled placeholders",
        "Required provisions": "13 of 15 present",
        "Provisions not found": "subcontractors; accounting of disclosures (164.528)",
        "Breaches reported": "no",
    }
    [agreement] = agreements(assess((), (evidence("t.md", "baa", facts, Verdict.FAILS),), TODAY))
    assert agreement.gaps == (
        "evidence failing",
        "not executed (template with unfilled placeholders)",
        "provision not found: subcontractors",
        "provision not found: accounting of disclosures (164.528)",
        "no duty to report breaches",
    )


def test_an_agreement_its_reader_could_not_judge_is_listed_with_unknown_terms() -> None:
    [agreement] = agreements(
        assess((), (evidence("scan.pdf", "baa", {}, Verdict.UNDECIDED),), TODAY)
    )
    assert agreement.result.state is EvidenceState.UNJUDGED
    assert (agreement.covered_entity, agreement.effective, agreement.provisions) == ("—",) * 3
    assert agreement.gaps == ("evidence not judged",)
