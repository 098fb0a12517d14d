"""The HIPAA Security Rule catalog, pinned against the regulation independently of its YAML."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from auditbook.domain.errors import AuditbookError
from auditbook.inputs.catalog import (
    FAMILIES,
    SECTION_FAMILIES,
    Catalog,
    Control,
    load_catalog,
    parse_catalog,
)
from auditbook.inputs.cfr import normalize_citation

R, A = True, False

# Appendix A to Subpart C of Part 164 (Security Standards: Matrix), transcribed row by row:
# standard as the matrix cites it -> its implementation specifications in matrix order,
# or () where the matrix marks the standard itself "(R)". The matrix prints Workforce
# Clearance Procedure without a marker; 164.308(a)(3)(ii)(B) makes it Addressable.
MATRIX: dict[str, tuple[bool, ...]] = {
    # Administrative safeguards
    "164.308(a)(1)": (R, R, R, R),
    "164.308(a)(2)": (),
    "164.308(a)(3)": (A, A, A),
    "164.308(a)(4)": (R, A, A),
    "164.308(a)(5)": (A, A, A, A),
    "164.308(a)(6)": (R,),
    "164.308(a)(7)": (R, R, R, A, A),
    "164.308(a)(8)": (),
    "164.308(b)(1)": (R,),
    # Physical safeguards
    "164.310(a)(1)": (A, A, A, A),
    "164.310(b)": (),
    "164.310(c)": (),
    "164.310(d)(1)": (R, R, A, A),
    # Technical safeguards
    "164.312(a)(1)": (R, R, A, A),
    "164.312(b)": (),
    "164.312(c)(1)": (A,),
    "164.312(d)": (),
    "164.312(e)(1)": (A, A),
}

# The matrix has no rows for 164.314 and 164.316; these follow the text of those sections,
# where every implementation specification is Required. 164.314(b)(2) is one
# specification naming four provisions, (i)-(iv); their citations are its aliases.
TEXT_ONLY: dict[str, tuple[bool, ...]] = {
    "164.314(a)(1)": (R, R, R),
    "164.314(b)(1)": (R,),
    "164.316(a)": (),
    "164.316(b)(1)": (R, R, R),
}

# Per section: standards, implementation specifications, Required, Addressable.
COUNTS = {
    "164.308": (9, 21, 10, 11),
    "164.310": (4, 8, 2, 6),
    "164.312": (5, 7, 2, 5),
    "164.314": (2, 4, 4, 0),
    "164.316": (2, 3, 3, 0),
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _counts(controls: list[Control]) -> tuple[int, int, int, int]:
    specs = [c for c in controls if not c.is_standard]
    required = sum(c.required for c in specs)
    return len(controls) - len(specs), len(specs), required, len(specs) - required


@pytest.mark.parametrize("section", sorted(COUNTS))
def test_counts_per_section(catalog: Catalog, section: str) -> None:
    assert _counts([c for c in catalog if c.section == section]) == COUNTS[section]


def test_matrix_totals_for_the_three_safeguards(catalog: Catalog) -> None:
    # The matrix: 18 standards, 36 implementation specifications, 14 (R) and 22 (A).
    safeguards = [c for c in catalog if c.section in {"164.308", "164.310", "164.312"}]
    assert _counts(safeguards) == (18, 36, 14, 22)
    assert sum(len(specs) for specs in MATRIX.values()) == 36


@pytest.mark.parametrize("standard", [*MATRIX, *TEXT_ONLY])
def test_each_standard_matches_the_rule(catalog: Catalog, standard: str) -> None:
    expected = {**MATRIX, **TEXT_ONLY}[standard]
    control = catalog.get(standard)
    assert control.is_standard and control.required
    assert tuple(c.required for c in catalog.children(control)) == expected


def test_catalog_has_no_other_standards(catalog: Catalog) -> None:
    assert [c.citation for c in catalog.standards()] == [*MATRIX, *TEXT_ONLY]


@pytest.mark.parametrize(
    ("citation", "required"),
    [
        ("164.312(a)(2)(iv)", A),  # encryption and decryption
        ("164.312(e)(2)(ii)", A),  # encryption in transit
        ("164.310(a)(2)(i)", A),
        ("164.310(a)(2)(ii)", A),
        ("164.310(a)(2)(iii)", A),
        ("164.310(a)(2)(iv)", A),
        ("164.308(a)(7)(ii)(A)", R),
        ("164.308(a)(7)(ii)(B)", R),
        ("164.308(a)(7)(ii)(C)", R),
        ("164.308(a)(7)(ii)(D)", A),
        ("164.308(a)(7)(ii)(E)", A),
        ("164.308(b)(3)", R),
        ("164.314(a)(2)(i)", R),
        ("164.314(a)(2)(ii)", R),
        ("164.314(a)(2)(iii)", R),
        ("164.316(b)(2)(i)", R),
        ("164.316(b)(2)(ii)", R),
        ("164.316(b)(2)(iii)", R),
    ],
)
def test_required_or_addressable(catalog: Catalog, citation: str, required: bool) -> None:
    control = catalog.get(citation)
    assert control.kind == "implementation specification"
    assert control.required is required


@pytest.mark.parametrize(
    ("citation", "title"),
    [
        ("164.308(a)(1)(ii)(A)", "Risk Analysis"),
        ("164.308(a)(2)", "Assigned Security Responsibility"),
        ("164.308(a)(6)(ii)", "Response and Reporting"),
        ("164.310(b)", "Workstation Use"),
        ("164.310(c)", "Workstation Security"),
        ("164.312(b)", "Audit Controls"),
        ("164.312(c)(2)", "Mechanism to Authenticate Electronic Protected Health Information"),
        ("164.312(d)", "Person or Entity Authentication"),
        ("164.316(b)(2)(i)", "Time Limit"),
    ],
)
def test_titles(catalog: Catalog, citation: str, title: str) -> None:
    assert catalog.get(citation).title == title


def test_every_spec_belongs_to_a_listed_standard_of_its_section(catalog: Catalog) -> None:
    for control in catalog:
        standard = catalog.get(control.standard)
        assert standard.is_standard, control.citation
        assert standard.section == control.section
        assert control.family == SECTION_FAMILIES[control.section]
        assert control in catalog.children(standard) or control is standard


def test_citations_unique_and_canonical(catalog: Catalog) -> None:
    keys = [key for c in catalog for key in (c.citation, *c.aliases)]
    assert not [key for key, n in Counter(keys).items() if n > 1]
    assert all(normalize_citation(key) == key for key in keys)
    assert {c.family for c in catalog} == set(FAMILIES)


def test_every_control_is_described(catalog: Catalog) -> None:
    for control in catalog:
        assert control.title and control.description.endswith("."), control.citation


def test_source_records_the_text_followed(catalog: Catalog) -> None:
    assert "78 FR 5566" in catalog.source.text
    assert "eCFR" in catalog.source.text
    assert any("164.308(b)(3)" in note for note in catalog.source.notes)
    json.dumps(catalog.to_json())


@pytest.mark.parametrize(
    "text",
    [
        "§164.312(b)",
        "164.312(b)",
        "164.312 (b)",
        "45 CFR 164.312(b)",
        "45 CFR § 164.312(b)",
        "45 C.F.R. §164.312(b)",
        "§\u00a0164.312(b).",
        "164.312.b",
    ],
)
def test_resolve_written_forms(catalog: Catalog, text: str) -> None:
    control = catalog.resolve(text)
    assert control is not None and control.citation == "164.312(b)"


@pytest.mark.parametrize(
    ("text", "citation"),
    [
        ("§ 164.312(a)(2)(iv)", "164.312(a)(2)(iv)"),
        ("164.308(a)(1)(ii)(a)", "164.308(a)(1)(ii)(A)"),
        ("164.308 (a) (1) (II) (A)", "164.308(a)(1)(ii)(A)"),
        ("164.308.a.5.ii.D", "164.308(a)(5)(ii)(D)"),
        ("164.308(a)(1)(i)", "164.308(a)(1)"),  # the text's paragraph for the standard
        ("164.312(e)", "164.312(e)(1)"),
        ("164.308(b)(4)", "164.308(b)(3)"),  # numbering before 78 FR 5566
    ],
)
def test_resolve_to_canonical(catalog: Catalog, text: str, citation: str) -> None:
    control = catalog.resolve(text)
    assert control is not None and control.citation == citation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("164.312(b)", "164.312(b)"),
        ("  45 CFR §§ 164.316(b)(2)(iii) ", "164.316(b)(2)(iii)"),
        ("164.312", "164.312"),
        ("audit controls", None),
        ("164.312(b)x", None),
        ("164.312(1)", None),  # a number where a letter belongs
        ("", None),
    ],
)
def test_normalize_citation(text: str, expected: str | None) -> None:
    assert normalize_citation(text) == expected


def test_unknown_citation_resolves_to_none_with_suggestions(catalog: Catalog) -> None:
    assert catalog.resolve("164.312(a)(2)(v)") is None
    assert catalog.suggest("164.312(a)(2)(v)")[0] == "164.312(a)(2)(iv)"
    assert catalog.resolve("164.312(f)") is None
    assert catalog.suggest("164.312(f)")
    assert catalog.suggest("164.314(b)(2)(v)") == ("164.314(b)(2)",)
    assert catalog.suggest("Audit Control")[0] == "164.312(b)"
    assert catalog.suggest("nothing like a control") == ()


def test_children(catalog: Catalog) -> None:
    assert [c.citation for c in catalog.children("§ 164.312(e)(1)")] == [
        "164.312(e)(2)(i)",
        "164.312(e)(2)(ii)",
    ]
    assert catalog.children("164.312(b)") == ()
    assert catalog.children("164.312(a)(2)(i)") == ()
    with pytest.raises(KeyError):
        catalog.children("164.399(a)")


def test_parse_refuses_unknown_keys_and_orphans() -> None:
    head = "source: {title: t, text: t, matrix: m, notes: []}\ncontrols:\n"
    entry = (
        "  - {citation: '164.312(b)', family: technical, standard: '%s', title: T,"
        " kind: %s, required: true, description: d.%s}\n"
    )
    assert len(parse_catalog(head + entry % ("164.312(b)", "standard", ""), "x.yml")) == 1
    with pytest.raises(AuditbookError, match="unknown keys"):
        parse_catalog(head + entry % ("164.312(b)", "standard", ", reqired: true"), "x.yml")
    with pytest.raises(AuditbookError, match="not listed"):
        parse_catalog(head + entry % ("164.312(a)(1)", "implementation specification", ""), "x.yml")


def test_a_specification_with_provisions_is_one_control_cited_by_each(catalog: Catalog) -> None:
    plan_documents = catalog.get("164.314(b)(2)")
    assert plan_documents.kind == "implementation specification" and plan_documents.required
    assert [p.split(")")[0] + ")" for p in plan_documents.provisions] == [
        "(i)",
        "(ii)",
        "(iii)",
        "(iv)",
    ]
    for provision in ("i", "ii", "iii", "iv"):
        assert catalog.resolve(f"164.314(b)(2)({provision})") is plan_documents
    assert len(catalog.standards()) == 22
    assert len(catalog) - len(catalog.standards()) == 43
