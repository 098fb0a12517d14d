"""The BAA reader on Markdown agreements, templates, other files and PDFs rendered with WeasyPrint.

Every agreement here is fictional and written for these tests; the golden samples under
tests/fixtures/readers/baa/ cover whole documents, these tests the rules one at a time.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from weasyprint import HTML

from auditbook.domain.model import Checks, EvidenceMeta, ReaderResult, Verdict
from auditbook.inputs.readers import read_evidence
from auditbook.inputs.readers._baa_provisions import PROVISIONS

if TYPE_CHECKING:
    from pathlib import Path

REL = "evidence/baa/hosting-baa.md"

BAA = """\
# Business Associate Agreement (FICTIONAL SAMPLE)

This Business Associate Agreement is entered into as of March 1, 2026 (the "Effective Date")
by and between Larchwood Clinic, P.C. (fictional), a Vermont professional corporation
("Covered Entity") and Example Hosting, LLC ("Business Associate").

1. Uses. Business Associate may use or disclose PHI only as permitted or required by this
   Agreement or as required by law, and shall not use or further disclose PHI other than
   as this Agreement permits.
2. Safeguards. Business Associate shall use appropriate safeguards and comply with Subpart C
   of 45 CFR Part 164 for electronic PHI.
3. Reporting. Business Associate shall report any use or disclosure of PHI not provided for
   by this Agreement. It shall report any Breach of Unsecured PHI under 45 CFR 164.410, and
   report any Security Incident, within five business days.
4. Subcontractors. Business Associate shall ensure its subcontractors agree in writing to
   the same restrictions.
5. Individual rights. Business Associate shall make PHI available for access under
   45 CFR 164.524, make amendments under 45 CFR 164.526 and provide an accounting of
   disclosures under 45 CFR 164.528.
6. Obligations. To the extent Business Associate carries out an obligation of Covered
   Entity under Subpart E, it shall comply with the requirements that apply to Covered Entity.
7. Books and records. Business Associate shall make its internal practices, books and records
   available to the Secretary of HHS.
8. Term. This Agreement terminates on February 28, 2027. Covered Entity may terminate it if
   Business Associate violates a material term. At termination Business Associate shall
   return or destroy all PHI.

**COVERED ENTITY**: Larchwood Clinic, P.C. (fictional)
Signed: /s/ Ada Quill
Date: 2026-02-27

**BUSINESS ASSOCIATE**: Example Hosting, LLC
Signed: /s/ Ben Ortiz
Date: 2026-03-01
"""
CE_SIGNATURE_LINE = 29
BA_SIGNATURE_LINE = 33


def read(path: Path, rel: str = REL) -> ReaderResult:
    meta = EvidenceMeta("x.meta.yml", "agreement", "baa", dt.date(2026, 3, 1), "tester")
    return read_evidence(path, rel, meta, Checks())


def write(tmp_path: Path, text: str, name: str = "hosting-baa.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def facts(result: ReaderResult) -> dict[str, str]:
    return {fact.label: fact.value for fact in result.facts}


def findings(result: ReaderResult) -> list[tuple[str, str, int | None]]:
    return [(f.level.label, f.code, f.line) for f in result.findings]


def pdf_bytes(text: str) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    data: bytes = HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    return data


def test_signed_markdown_baa(tmp_path: Path) -> None:
    result = read(write(tmp_path, BAA))
    assert result.findings == ()
    assert result.verdict is Verdict.PASSES
    assert result.recognised == "Business Associate Agreement, executed"
    assert result.stale_after == dt.date(2027, 2, 28)
    assert facts(result) == {
        "Format": "text",
        "Covered entity": "Larchwood Clinic, P.C. (fictional)",
        "Business associate": "Example Hosting, LLC",
        "Effective date": "2026-03-01",
        "End date": "2027-02-28",
        "Required provisions": f"{len(PROVISIONS)} of {len(PROVISIONS)} present",
        "Provisions not found": "none",
        "Security incidents reported": "yes",
        "Breaches reported": "yes",
        "Signature of the covered entity": "Ada Quill, 2026-02-27",
        "Signature of the business associate": "Ben Ortiz, 2026-03-01",
        "Signed": "yes, by both parties",
        "Executed": "yes",
    }


def test_each_provision_is_quoted_with_its_citation(tmp_path: Path) -> None:
    result = read(write(tmp_path, BAA))
    decided = {quote.decided: quote for quote in result.quotes}
    access = decided["provision: individual access (164.504(e)(2)(ii)(E); 164.524)"]
    assert access.line == 17
    assert "45 CFR 164.524" in access.text
    incidents = decided["provision: security incident reporting (164.314(a)(2)(i)(C))"]
    assert "Security Incident" in incidents.text
    assert decided["signature of the covered entity"].line == CE_SIGNATURE_LINE


def test_unsigned_baa_fails_on_the_empty_signature_line(tmp_path: Path) -> None:
    text = BAA.replace("Signed: /s/ Ben Ortiz", "Signed: ____________________")
    result = read(write(tmp_path, text))
    assert result.verdict is Verdict.FAILS
    assert findings(result) == [("error", "baa-unsigned", BA_SIGNATURE_LINE)]
    assert result.findings[0].message == "not signed by the business associate"
    assert facts(result)["Signed"] == "no"
    assert facts(result)["Executed"] == "no: not signed"
    assert facts(result)["Signature of the business associate"] == "none"


def test_baa_without_any_signature_block(tmp_path: Path) -> None:
    result = read(write(tmp_path, BAA.split("**COVERED ENTITY**")[0]))
    assert findings(result) == [("error", "baa-unsigned", None)]
    message = "not signed by the covered entity and the business associate"
    assert result.findings[0].message == message


def test_undated_signature_is_a_warning(tmp_path: Path) -> None:
    result = read(write(tmp_path, BAA.replace("Date: 2026-02-27\n", "")))
    assert findings(result) == [("warning", "baa-signature-undated", CE_SIGNATURE_LINE)]
    assert result.findings[0].message == "the signature of the covered entity has no date"
    assert result.verdict is Verdict.PASSES


def test_a_few_missing_provisions_are_a_warning(tmp_path: Path) -> None:
    text = BAA.replace(
        "4. Subcontractors. Business Associate shall ensure its subcontractors", "4."
    )
    text = text.replace("books and records", "files")
    result = read(write(tmp_path, text))
    assert result.verdict is Verdict.PASSES
    assert findings(result) == [("warning", "baa-provisions-missing", None)]
    assert "subcontractors (164.504(e)(2)(ii)(D)" in result.findings[0].message
    assert facts(result)["Provisions not found"] == "subcontractors; books and records to HHS"
    assert (
        facts(result)["Required provisions"]
        == f"{len(PROVISIONS) - 2} of {len(PROVISIONS)} present"
    )


def test_many_missing_provisions_fail(tmp_path: Path) -> None:
    text = BAA.split("1. Uses.")[0] + "1. Business Associate shall use appropriate safeguards.\n"
    text += "Business Associate Agreement terms continue until terminated.\n" * 20
    text += BAA[BAA.index("**COVERED ENTITY**") :]
    result = read(write(tmp_path, text))
    assert result.verdict is Verdict.FAILS
    assert [f.code for f in result.findings] == ["baa-provisions-missing"]
    assert facts(result)["Security incidents reported"] == "no"
    assert facts(result)["Breaches reported"] == "no"


@pytest.mark.parametrize(
    ("provision", "sentence"),
    [
        ("individual access", "Workforce members who have access to PHI receive training."),
        ("individual access", "Individuals with access to PHI sign a confidentiality pledge."),
        (
            "security incident reporting",
            "Business Associate shall report any breach to Covered Entity.",
        ),
        ("security incident reporting", "The Security Incident team meets every quarter."),
        ("breach reporting", "Business Associate shall report any breach of this Agreement."),
        ("breach reporting", "Either party may terminate for a material Breach of this Agreement."),
        ("amendment", "This Agreement may be amended only in writing signed by both parties."),
        ("no other use or disclosure", "Business Associate may use PHI to provide the services."),
        ("Subpart C compliance", "Business Associate shall comply with all applicable laws."),
        ("Subpart E obligations", "Business Associate shall comply with Subpart E."),
        ("subcontractors", "Subcontractors are listed on the Business Associate website."),
        (
            "books and records to HHS",
            "Business Associate keeps its books and records for six years.",
        ),
    ],
)
def test_wordings_that_do_not_satisfy_a_provision(provision: str, sentence: str) -> None:
    [rule] = [each for each in PROVISIONS if each.name == provision]
    assert not rule.matches(sentence)


@pytest.mark.parametrize(
    ("provision", "sentence"),
    [
        ("individual access", "Business Associate shall provide access to PHI to an individual."),
        ("individual access", "It shall make PHI in a designated record set available."),
        ("security incident reporting", "It will notify Covered Entity of any security incident."),
        ("breach reporting", "It shall notify Covered Entity of any Breach without delay."),
        ("no other use or disclosure", "(a) Not use or disclose PHI other than as permitted."),
        ("Subpart C compliance", "It shall comply with the Security Rule."),
        (
            "Subpart E obligations",
            "To the extent it is to carry out one or more of covered entity's obligation(s) "
            "under Subpart E, it shall comply with the requirements of Subpart E.",
        ),
        (
            "termination for violation",
            "Covered Entity may terminate if it violates a material term.",
        ),
    ],
)
def test_wordings_that_satisfy_a_provision(provision: str, sentence: str) -> None:
    [rule] = [each for each in PROVISIONS if each.name == provision]
    assert rule.matches(sentence)


@pytest.mark.parametrize(
    "placeholder", ["[COVERED ENTITY NAME]", "________", "{{ companyShortName }}", "<<Name>>"]
)
def test_a_placeholder_makes_a_template_and_never_a_party(tmp_path: Path, placeholder: str) -> None:
    text = BAA.replace("Larchwood Clinic, P.C. (fictional)", placeholder)
    result = read(write(tmp_path, text))
    assert result.verdict is Verdict.FAILS
    assert result.recognised == "Business Associate Agreement template (unfilled placeholders)"
    assert findings(result) == [("error", "baa-template", 4)]
    assert placeholder in result.findings[0].message
    assert facts(result)["Covered entity"] == "not found"
    assert facts(result)["Executed"] == "no: template with unfilled placeholders"


def test_an_unfilled_date_makes_a_template(tmp_path: Path) -> None:
    text = BAA.replace("March 1, 2026 (the", "[insert date] (the")
    result = read(write(tmp_path, text))
    assert [f.code for f in result.findings] == ["baa-template"]
    assert facts(result)["Effective date"] == "not found"


@pytest.mark.parametrize(
    ("term", "end"),
    [
        ("remains in effect until terminated", "until terminated"),
        (
            "shall remain in effect until all PHI is returned or destroyed",
            "until all PHI is returned or destroyed",
        ),
        (
            "shall terminate when all of the PHI from Covered Entity is destroyed or returned",
            "until all PHI is returned or destroyed",
        ),
    ],
)
def test_terms_without_an_end_date(tmp_path: Path, term: str, end: str) -> None:
    text = BAA.replace("terminates on February 28, 2027", term)
    result = read(write(tmp_path, text))
    assert facts(result)["End date"] == end
    assert result.stale_after is None
    assert result.findings == ()


def test_bold_labels_name_the_parties(tmp_path: Path) -> None:
    opening = BAA.split("1. Uses.")[0]
    labels = (
        "# Business Associate Agreement\n\n**Covered Entity**: Example Clinic (fictional)\n"
        "**Business Associate**: Example Hosting, LLC\nBusiness Associate Name: Ignored Inc.\n\n"
    )
    result = read(write(tmp_path, BAA.replace(opening, labels)))
    assert facts(result)["Covered entity"] == "Example Clinic (fictional)"
    assert facts(result)["Business associate"] == "Example Hosting, LLC"


def test_pdf_baa_is_read(tmp_path: Path) -> None:
    path = tmp_path / "baa.pdf"
    path.write_bytes(pdf_bytes(BAA))
    result = read(path, "evidence/baa/baa.pdf")
    assert result.findings == ()
    got = facts(result)
    assert got["Format"].startswith("PDF, ")
    assert got["Signed"] == "yes, by both parties"
    assert got["Effective date"] == "2026-03-01"
    assert got["Provisions not found"] == "none"
    assert {quote.line for quote in result.quotes} == {None}
    assert all(re.match(r"p\. [12]: ", quote.text) for quote in result.quotes)


def test_truncated_pdf_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    data = pdf_bytes(BAA)
    path = tmp_path / "baa.pdf"
    path.write_bytes(data[: len(data) // 2])
    result = read(path, "evidence/baa/baa.pdf")
    assert result.verdict is Verdict.FAILS
    [finding] = result.findings
    assert (finding.level.label, finding.code) == ("error", "baa-unreadable")
    assert finding.message.startswith("cannot read PDF: ")
    assert finding.path == "evidence/baa/baa.pdf"


def test_garbage_with_a_pdf_name_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "baa.pdf"
    path.write_bytes(b"\x00\x01 not a pdf at all")
    result = read(path)
    assert [f.code for f in result.findings] == ["baa-unreadable"]
    assert result.passed is False


def test_pdf_without_text_is_not_enough_to_tell(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(HTML(string="<html><body></body></html>").write_pdf())
    result = read(path)
    assert result.verdict is Verdict.UNDECIDED
    assert [f.code for f in result.findings] == ["baa-no-text"]


def test_a_scanned_cover_page_is_not_enough_to_tell(tmp_path: Path) -> None:
    text = "Business Associate Agreement\n\nBetween Example Clinic and Example Hosting. Signed.\n"
    result = read(write(tmp_path, text))
    assert result.verdict is Verdict.UNDECIDED
    assert [f.code for f in result.findings] == ["baa-too-little-text"]


def test_a_policy_is_not_an_agreement(tmp_path: Path) -> None:
    policy = (
        "# Vendor Management Policy\n\nEvery vendor that handles PHI signs a business associate "
        "agreement before it starts work. Workforce members who have access to PHI receive "
        "training each year. The security team reviews vendors annually and keeps a list of "
        "them in the vendor register, with the date each agreement was signed.\n"
    ) * 3
    result = read(write(tmp_path, policy))
    assert result.verdict is Verdict.WRONG_KIND
    assert [f.code for f in result.findings] == ["baa-not-an-agreement"]


def test_a_runaway_line_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Business Associate " + "x" * 600_000, encoding="utf-8")
    result = read(path)
    assert result.verdict is Verdict.FAILS
    assert [f.code for f in result.findings] == ["baa-unreadable"]
