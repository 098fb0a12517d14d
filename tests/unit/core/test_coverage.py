"""HIPAA coverage, pure: roll-up, gaps, decisions, inheritance and every citation checked."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

import pytest

from auditbook.core.assess import assess
from auditbook.core.coverage import cites_anything, combine, compute_coverage, with_coverage
from auditbook.core.results import ControlStatus, Coverage, EvidenceResult, ItemResult
from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import (
    Checklist,
    Evidence,
    EvidenceMeta,
    EvidenceState,
    Item,
    Ref,
    Section,
    Status,
)
from auditbook.export.report import coverage_json
from auditbook.inputs.catalog import load_catalog
from auditbook.inputs.mapping import Mapping, parse_mapping
from auditbook.render.labels import control_anchor

CATALOG = load_catalog()
MAPPING = "content/mappings/hipaa.yml"
CHECKLIST = "content/checklists/c.md"
S = ControlStatus


def item(
    item_id: str, status: Status = Status.OPEN, controls: Iterable[str] = (), line: int = 5
) -> ItemResult:
    written = Item(
        item_id, item_id, line, status is Status.ATTESTED, 0, "s", controls=tuple(controls)
    )
    return ItemResult(written, CHECKLIST, status, ())


def evidence(
    path: str, state: EvidenceState = EvidenceState.CURRENT, controls: Iterable[str] = ()
) -> EvidenceResult:
    meta = EvidenceMeta(
        sidecar=path + ".meta.yml",
        title=path.rsplit("/", 1)[-1],
        kind="other",
        collected=dt.date(2026, 11, 1),
        collected_by="Tester",
        controls=tuple(Ref(c, 7) for c in controls),
    )
    return EvidenceResult(Evidence(path, "0" * 64, 1, meta), state, ())


def cover(
    items: Iterable[ItemResult] = (),
    files: Iterable[EvidenceResult] = (),
    mapping: str = "",
    gap_level: Level = Level.WARNING,
) -> tuple[Coverage, list[Finding]]:
    parsed, problems = parse_mapping(mapping, MAPPING)
    assert problems == []
    by_id = {result.item.id: result for result in items}
    return compute_coverage(CATALOG, parsed, by_id, tuple(files), gap_level)


def status(coverage: Coverage, citation: str) -> ControlStatus:
    return coverage.get(citation).status


def codes(findings: list[Finding], prefix: str = "") -> list[tuple[str, str | None, int | None]]:
    return [(f.code, f.path, f.line) for f in findings if f.code.startswith(prefix)]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([], S.GAP),
        ([S.GAP, S.GAP], S.GAP),
        ([S.NOT_APPLICABLE], S.NOT_APPLICABLE),
        ([S.MET, S.MET], S.MET),
        ([S.MET, S.NOT_APPLICABLE], S.MET),
        ([S.INHERITED, S.INHERITED], S.INHERITED),
        ([S.DECIDED], S.DECIDED),
        ([S.MET, S.INHERITED, S.DECIDED], S.MET),
        ([S.MET, S.OPEN], S.PARTIAL),
        ([S.MET, S.GAP], S.PARTIAL),
        ([S.PARTIAL, S.OPEN], S.PARTIAL),
        ([S.MET, S.FAILING], S.FAILING),
        ([S.GAP, S.FAILING], S.FAILING),
        ([S.OPEN, S.GAP], S.OPEN),
        ([S.ATTESTED, S.EXPIRED], S.EXPIRED),
        ([S.ATTESTED, S.EXPIRED, S.OPEN], S.OPEN),
        ([S.ATTESTED, S.NOT_APPLICABLE], S.ATTESTED),
    ],
)
def test_combine(parts: list[ControlStatus], expected: ControlStatus) -> None:
    assert combine(parts) is expected


def test_every_control_is_in_the_coverage_and_nothing_is_a_gap_for_each() -> None:
    coverage, findings = cover()
    assert [c.control.citation for c in coverage.controls] == [c.citation for c in CATALOG]
    assert len(coverage.controls) == 65
    assert all(c.status is S.GAP for c in coverage.controls)
    required = [c for c in CATALOG if c.required]
    assert [c.control for c in coverage.gaps()] == required
    assert len(coverage.undecided()) == len(CATALOG) - len(required)
    assert Counter(codes(findings)) == {
        ("coverage-gap", MAPPING, None): len(required),
        ("coverage-undecided", MAPPING, None): len(CATALOG) - len(required),
    }
    assert {f.level for f in findings if f.code == "coverage-gap"} == {Level.WARNING}
    assert {f.level for f in findings if f.code == "coverage-undecided"} == {Level.INFO}


def test_the_gap_level_is_configurable_and_the_message_says_what_to_do() -> None:
    _, findings = cover(gap_level=Level.ERROR)
    gap = next(f for f in findings if "164.310(b)" in f.message)
    assert gap.level is Level.ERROR
    assert gap.message.startswith("§ 164.310(b) Workstation Use (Required): nothing covers it;")
    standard = next(f for f in findings if "§ 164.310(d)(1) " in f.message)
    assert "nothing covers it or any of its specifications" in standard.message


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([Status.MET], S.MET),
        ([Status.MET, Status.MET], S.MET),
        ([Status.MET, Status.OPEN], S.PARTIAL),
        ([Status.MET, Status.ATTESTED], S.PARTIAL),
        ([Status.ATTESTED], S.ATTESTED),
        ([Status.ATTESTED, Status.OPEN], S.OPEN),
        ([Status.EXPIRED, Status.ATTESTED], S.EXPIRED),
        ([Status.MET, Status.FAILING], S.FAILING),
        ([Status.NOT_APPLICABLE], S.NOT_APPLICABLE),
        ([Status.NOT_APPLICABLE, Status.MET], S.MET),
    ],
)
def test_a_control_rolls_up_from_the_items_mapped_to_it(
    statuses: list[Status], expected: ControlStatus
) -> None:
    items = [item(f"c/i{n}", s, ["164.312(b)"]) for n, s in enumerate(statuses)]
    coverage, _ = cover(items)
    assert status(coverage, "164.312(b)") is expected
    assert [i.item_id for i in coverage.get("164.312(b)").items] == [i.item.id for i in items]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (EvidenceState.CURRENT, S.MET),
        (EvidenceState.EXPIRED, S.EXPIRED),
        (EvidenceState.FAILING, S.FAILING),
    ],
)
def test_evidence_covers_a_control_directly(state: EvidenceState, expected: ControlStatus) -> None:
    coverage, findings = cover(files=[evidence("evidence/log.csv", state, ["§ 164.312(b)"])])
    assert status(coverage, "164.312(b)") is expected
    (linked,) = coverage.get("164.312(b)").evidence
    assert (linked.path, linked.state, linked.via) == ("evidence/log.csv", state, "sidecar")
    assert "164.312(b)" not in [f.message.split()[1] for f in findings if f.code == "coverage-gap"]


def test_citations_in_other_forms_resolve_to_the_same_control() -> None:
    items = [
        item("c/a", Status.MET, ["§164.312(b)"]),
        item("c/b", Status.MET, ["164.312 (b)"]),
        item("c/c", Status.MET, ["45 CFR 164.312(a)"]),
        item("c/d", Status.MET, ["164.308(a)(6)(i)"]),
    ]
    coverage, findings = cover(items)
    assert [i.item_id for i in coverage.get("164.312(b)").items] == ["c/a", "c/b"]
    assert [i.item_id for i in coverage.get("164.312(a)(1)").items] == ["c/c"]
    assert [i.item_id for i in coverage.get("164.308(a)(6)").items] == ["c/d"]
    assert codes(findings, "item-") == []
    assert coverage.item_citations["c/d"] == ("164.308(a)(6)",)


def test_a_standard_reflects_its_specifications() -> None:
    coverage, _ = cover([item("c/ids", Status.MET, ["164.312(a)(2)(i)"])])
    assert status(coverage, "164.312(a)(2)(i)") is S.MET
    assert status(coverage, "164.312(a)(1)") is S.PARTIAL
    gaps = [c.control.citation for c in coverage.gaps()]
    assert "164.312(a)(1)" not in gaps
    assert "164.312(a)(2)(ii)" in gaps  # a Required specification still counts on its own
    assert coverage.get("164.312(a)(1)").specifications == (
        "164.312(a)(2)(i)",
        "164.312(a)(2)(ii)",
        "164.312(a)(2)(iii)",
        "164.312(a)(2)(iv)",
    )
    both = [item("c/tls", Status.MET, ["164.312(e)(2)(i)", "164.312(e)(2)(ii)"])]
    coverage, _ = cover(both)
    assert status(coverage, "164.312(e)(1)") is S.MET
    assert coverage.get("164.312(e)(1)").items == ()
    failing = [
        item("c/tls", Status.MET, ["164.312(e)(1)"]),
        item("c/x", Status.FAILING, ["164.312(e)(2)(i)"]),
    ]
    coverage, _ = cover(failing)
    assert status(coverage, "164.312(e)(1)") is S.FAILING


def test_the_mapping_file_maps_items_without_touching_the_checklist() -> None:
    items = [item("readiness/a/ids", Status.MET, ["164.312(d)"]), item("readiness/a/logoff")]
    mapping = """\
items:
  readiness/a/ids: ["164.312(a)(2)(i)", "164.312(d)"]
  readiness/a/logoff: 164.312(a)(2)(iii)
"""
    coverage, findings = cover(items, mapping=mapping)
    assert codes(findings, "mapping-") == []
    assert status(coverage, "164.312(a)(2)(i)") is S.MET
    assert status(coverage, "164.312(a)(2)(iii)") is S.OPEN
    (covering,) = coverage.get("164.312(d)").items  # written on the item and in the file: once
    assert covering.written_in == f"{CHECKLIST}:5"
    assert coverage.get("164.312(a)(2)(i)").items[0].written_in == f"{MAPPING}:2"
    # In catalog order, whatever order they were written in.
    assert coverage.item_citations["readiness/a/ids"] == ("164.312(a)(2)(i)", "164.312(d)")


def test_unknown_citations_are_findings_where_they_are_written() -> None:
    items = [item("c/a", controls=["164.312(z)"], line=12)]
    files = [evidence("evidence/x.txt", controls=["164.999(a)"])]
    mapping = """\
items:
  c/a: ["164.312(b)", "Audit Controls"]
controls:
  "164.3l2(b)": {not-applicable: x}
"""
    coverage, findings = cover(items, files, mapping)
    assert sorted(
        codes(findings, "item-") + codes(findings, "evidence-") + codes(findings, "mapping-")
    ) == [
        ("evidence-unknown-citation", "evidence/x.txt.meta.yml", 7),
        ("item-unknown-citation", CHECKLIST, 12),
        ("mapping-unknown-citation", MAPPING, 2),
        ("mapping-unknown-citation", MAPPING, 4),
    ]
    by_code = {f.code: f for f in findings}
    assert all(by_code[code].level is Level.ERROR for code in by_code if "unknown" in code)
    assert by_code["item-unknown-citation"].message.startswith(
        "'164.312(z)' is not a citation of the HIPAA Security Rule catalog"
    )
    title = next(f for f in findings if "Audit Controls" in f.message)
    assert "(did you mean '164.312(b)' (Audit Controls) or " in title.message
    assert coverage.item_citations["c/a"] == ("164.312(b)",)


def test_an_unknown_item_id_in_the_mapping_suggests_the_closest() -> None:
    items = [item("readiness/access-control/unique-user-ids")]
    mapping = "items:\n  readiness/access-control/unique-user-id: 164.312(a)(2)(i)\n"
    coverage, findings = cover(items, mapping=mapping)
    ((code, path, line),) = codes(findings, "mapping-")
    assert (code, path, line) == ("mapping-unknown-item", MAPPING, 2)
    message = next(f.message for f in findings if f.code == code)
    assert "did you mean 'readiness/access-control/unique-user-ids'?" in message
    assert status(coverage, "164.312(a)(2)(i)") is S.GAP


def test_decisions_are_for_addressable_specifications_only() -> None:
    mapping = """\
controls:
  "164.312(b)":
    decision: not-reasonable
    reason: we would rather not
"""
    coverage, findings = cover(mapping=mapping)
    ((code, path, line),) = codes(findings, "mapping-")
    assert (code, path, line) == ("mapping-decision-required", MAPPING, 2)
    assert "164.312(b) Audit Controls is Required" in findings[0].message
    assert status(coverage, "164.312(b)") is S.GAP
    assert coverage.get("164.312(b)").decision is None


def test_a_documented_decision_is_shown_and_sets_the_status_honestly() -> None:
    mapping = """\
controls:
  "164.312(c)(2)":
    decision: not-reasonable
    reason: Checksums add nothing over the database's own integrity checks.
  "164.312(a)(2)(iii)":
    decision: implemented
    reason: Sessions expire after 15 minutes.
  "164.312(a)(2)(iv)":
    decision: alternative
    reason: Full-disk encryption of the database volume.
    evidence: [evidence/scan.txt]
  "164.312(e)(2)(i)":
    decision: implemented
    reason: TLS.
"""
    items = [item("c/tls", Status.MET, ["164.312(e)(2)(i)"])]
    coverage, findings = cover(
        items, [evidence("evidence/scan.txt", EvidenceState.EXPIRED)], mapping
    )
    decided = coverage.get("164.312(c)(2)")
    assert decided.status is S.DECIDED
    assert (
        decided.decision is not None and decided.decision.label == "not reasonable and appropriate"
    )
    assert status(coverage, "164.312(a)(2)(iii)") is S.ATTESTED  # a decision alone proves nothing
    alternative = coverage.get("164.312(a)(2)(iv)")
    assert alternative.status is S.EXPIRED
    assert [(e.path, e.via) for e in alternative.evidence] == [("evidence/scan.txt", "decision")]
    assert status(coverage, "164.312(e)(2)(i)") is S.MET
    gaps = {f.message.split()[1] for f in findings if f.code.startswith("coverage-")}
    assert not gaps & {
        "164.312(c)(2)",
        "164.312(a)(2)(iii)",
        "164.312(a)(2)(iv)",
        "164.312(e)(2)(i)",
    }
    assert codes(findings, "mapping-") == []


INHERITED = """\
controls:
  "164.310(a)(1)":
    inherited:
      from: Hosting provider
      evidence: [evidence/baa.pdf]
      reason: The data centres are theirs.
  "164.310(a)(2)(iv)":
    not-applicable: No facility of ours.
"""


def test_inherited_from_a_provider_with_evidence_covers_the_standard_and_its_specs() -> None:
    coverage, findings = cover(files=[evidence("evidence/baa.pdf")], mapping=INHERITED)
    standard = coverage.get("164.310(a)(1)")
    assert standard.status is S.INHERITED
    assert standard.inherited is not None and standard.inherited.provider == "Hosting provider"
    assert [(e.path, e.via) for e in standard.evidence] == [("evidence/baa.pdf", "inherited")]
    spec = coverage.get("164.310(a)(2)(i)")
    assert (spec.status, spec.set_on) == (S.INHERITED, "164.310(a)(1)")
    assert spec.inherited == standard.inherited
    assert [e.path for e in spec.evidence] == ["evidence/baa.pdf"]
    own = coverage.get("164.310(a)(2)(iv)")  # its own entry wins
    assert (own.status, own.set_on, own.inherited) == (S.NOT_APPLICABLE, None, None)
    assert not [f for f in findings if "164.310(a)" in f.message]


def test_inherited_evidence_that_is_old_or_failing_shows() -> None:
    for state, expected in ((EvidenceState.EXPIRED, S.EXPIRED), (EvidenceState.FAILING, S.FAILING)):
        coverage, _ = cover(files=[evidence("evidence/baa.pdf", state)], mapping=INHERITED)
        assert status(coverage, "164.310(a)(1)") is expected
        assert status(coverage, "164.310(a)(2)(ii)") is expected


def test_inherited_needs_evidence_that_exists() -> None:
    coverage, findings = cover(files=[evidence("evidence/baa-2026.pdf")], mapping=INHERITED)
    assert codes(findings, "mapping-") == [
        ("mapping-unknown-evidence", MAPPING, 5),
        ("mapping-inherited-evidence", MAPPING, 2),
    ]
    assert "did you mean 'evidence/baa-2026.pdf'?" in findings[0].message
    assert status(coverage, "164.310(a)(1)") is S.GAP
    assert status(coverage, "164.310(a)(2)(i)") is S.GAP
    gap = next(f for f in findings if f.code == "coverage-gap" and "164.310(a)(1)" in f.message)
    assert gap.line is None  # its entry was refused, so no line of the mapping stands for it


def test_not_applicable_applies_to_a_standard_and_its_specifications() -> None:
    mapping = 'controls:\n  "164.314(b)":\n    not-applicable: Not a group health plan.\n'
    coverage, findings = cover(mapping=mapping)
    for citation in ("164.314(b)(1)", "164.314(b)(2)"):
        assert status(coverage, citation) is S.NOT_APPLICABLE
    assert coverage.get("164.314(b)(2)").set_on == "164.314(b)(1)"
    assert coverage.get("164.314(b)(1)").line == 2
    assert not [f for f in findings if "164.314(b)" in f.message]


def test_a_control_given_twice_is_a_finding() -> None:
    mapping = """\
controls:
  "164.314(b)(1)": {not-applicable: a}
  "§ 164.314(b)": {not-applicable: b}
"""
    coverage, findings = cover(mapping=mapping)
    ((code, _, line),) = codes(findings, "mapping-")
    assert (code, line) == ("mapping-duplicate-control", 3)
    assert "(first on line 2)" in findings[0].message
    assert coverage.get("164.314(b)(1)").not_applicable == "a"


def test_gap_findings_point_at_the_entry_of_the_control() -> None:
    mapping = 'controls:\n  "164.312(c)(2)":\n    decision: implemented\n    reason: r\n'
    _, findings = cover(mapping=mapping)
    assert not [f for f in findings if "164.312(c)(2)" in f.message]
    _, findings = cover(mapping="items: {}\n")
    undecided = next(f for f in findings if "164.312(c)(2)" in f.message)
    assert (undecided.code, undecided.line) == ("coverage-undecided", None)


def test_control_anchors_are_readable_and_unique() -> None:
    assert control_anchor("164.308(a)(1)(ii)(A)") == "hipaa-164-308-a-1-ii-A"
    assert control_anchor("164.312(b)") == "hipaa-164-312-b"
    anchors = {control_anchor(c.citation) for c in CATALOG}
    assert len(anchors) == len(CATALOG)


def test_with_coverage_adds_coverage_and_findings_to_the_assessment() -> None:
    checklist_item = Item("c/a", "Audit logs", 3, False, 0, "s", controls=("164.312(b)",))
    checklist = Checklist(CHECKLIST, "c", "C", (Section("s", "S", 2, 2, (checklist_item,)),))
    assessment = assess((checklist,), (), dt.date(2026, 11, 21))
    assert assessment.coverage is None
    assert cites_anything(assessment)
    mapping_findings = [Finding(Level.ERROR, "mapping-yaml", "bad", MAPPING, 1)]
    covered = with_coverage(assessment, CATALOG, Mapping(MAPPING), Level.ERROR, mapping_findings)
    assert covered.coverage is not None
    assert status(covered.coverage, "164.312(b)") is S.OPEN
    assert covered.findings[0].level is Level.ERROR
    assert "mapping-yaml" in {f.code for f in covered.findings}
    assert list(covered.findings) == sorted(
        covered.findings, key=lambda f: (-f.level, f.path or "", f.line or 0, f.code, f.message)
    )
    plain = assess((), (), dt.date(2026, 11, 21))
    assert not cites_anything(plain)


def test_coverage_as_json() -> None:
    coverage, _ = cover(
        [item("c/a", Status.MET, ["164.312(b)"])],
        [evidence("evidence/baa.pdf")],
        INHERITED,
    )
    data = coverage_json(coverage)
    assert data["mapping"] == MAPPING
    assert data["catalog"].startswith("HIPAA Security Rule")
    assert len(data["controls"]) == 65
    assert sum(data["counts"].values()) == 65
    assert data["counts"]["inherited"] == 4
    assert "164.310(b)" in data["gaps"] and "164.312(b)" not in data["gaps"]
    assert data["items"] == {"c/a": ["164.312(b)"]}
    audit = next(c for c in data["controls"] if c["citation"] == "164.312(b)")
    assert audit == {
        "citation": "164.312(b)",
        "title": "Audit Controls",
        "family": "technical",
        "kind": "standard",
        "required": True,
        "status": "met",
        "items": [{"id": "c/a", "status": "met", "written_in": f"{CHECKLIST}:5"}],
        "evidence": [],
        "decision": None,
        "inherited": None,
        "not_applicable": None,
        "set_on": None,
        "specifications": [],
    }
    facility = next(c for c in data["controls"] if c["citation"] == "164.310(a)(2)(i)")
    assert facility["inherited"] == {
        "from": "Hosting provider",
        "reason": "The data centres are theirs.",
    }
    assert facility["set_on"] == "164.310(a)(1)"
