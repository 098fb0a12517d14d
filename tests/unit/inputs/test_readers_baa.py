"""The BAA reader on Markdown agreements and on PDFs rendered with WeasyPrint."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from weasyprint import HTML

from auditbook.domain.model import Checks, EvidenceMeta, ReaderResult
from auditbook.inputs.readers import read_evidence

if TYPE_CHECKING:
    from pathlib import Path

REL = "evidence/baa/hosting-baa.md"

BAA = """\
# Business Associate Agreement (FICTIONAL SAMPLE)

This Business Associate Agreement is entered into as of March 1, 2026 (the "Effective Date")
by and between Larchwood Clinic, P.C., a Vermont professional corporation ("Covered Entity")
and Example Hosting, LLC ("Business Associate").

1. Permitted uses and disclosures. Business Associate may use or disclose PHI only as
   permitted or required by this Agreement or as required by law.
2. Safeguards. Business Associate shall use appropriate safeguards and comply with Subpart C.
3. Reporting. Business Associate shall report any Security Incident and any Breach of
   Unsecured PHI to Covered Entity within five business days.
4. Subcontractors. Business Associate shall ensure its subcontractors agree in writing to
   the same restrictions.
5. Individual rights. Business Associate shall provide access to protected health
   information (45 CFR 164.524), make amendments (45 CFR 164.526) and provide an accounting
   of disclosures (45 CFR 164.528).
6. Books and records. Business Associate shall make its internal practices, books and records
   available to the Secretary of HHS.
7. Term. This Agreement terminates on February 28, 2027. Covered Entity may terminate it if
   Business Associate violates a material term. At termination Business Associate shall
   return or destroy all PHI.

**COVERED ENTITY**: Larchwood Clinic, P.C.
Signed: /s/ Ada Quill
Date: 2026-02-27

**BUSINESS ASSOCIATE**: Example Hosting, LLC
Signed: /s/ Ben Ortiz
Date: 2026-03-01
"""


def read(path: Path, rel: str = REL) -> ReaderResult:
    meta = EvidenceMeta("x.meta.yml", "agreement", "baa", dt.date(2026, 3, 1), "tester")
    return read_evidence(path, rel, meta, Checks())


def write(tmp_path: Path, text: str, name: str = "hosting-baa.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def facts(result: ReaderResult) -> dict[str, str]:
    return {fact.label: fact.value for fact in result.facts}


def findings(result: ReaderResult) -> list[tuple[str, str, str, int | None]]:
    return [(f.level.label, f.code, f.message, f.line) for f in result.findings]


def pdf_bytes(text: str) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    data: bytes = HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    return data


def test_signed_markdown_baa(tmp_path: Path) -> None:
    result = read(write(tmp_path, BAA))
    assert result.findings == ()
    assert result.passed is True
    assert result.stale_after == dt.date(2027, 2, 28)
    assert facts(result) == {
        "Format": "text",
        "Covered entity": "Larchwood Clinic, P.C.",
        "Business associate": "Example Hosting, LLC",
        "Effective date": "2026-03-01",
        "End date": "2027-02-28",
        "Required provisions": "10 of 10 present",
        "Signature of the covered entity": "Ada Quill, 2026-02-27",
        "Signature of the business associate": "Ben Ortiz, 2026-03-01",
        "Signed": "yes, by both parties",
    }


def test_unsigned_baa_fails_on_the_empty_signature_line(tmp_path: Path) -> None:
    text = BAA.replace("Signed: /s/ Ben Ortiz", "Signed: ____________________")
    result = read(write(tmp_path, text))
    assert result.passed is False
    assert findings(result) == [
        ("error", "baa-unsigned", "not signed by the business associate", 28)
    ]
    assert facts(result)["Signed"] == "no"
    assert facts(result)["Signature of the business associate"] == "none"


def test_baa_without_any_signature_block(tmp_path: Path) -> None:
    result = read(write(tmp_path, BAA.split("**COVERED ENTITY**")[0]))
    assert findings(result) == [
        (
            "error",
            "baa-unsigned",
            "not signed by the covered entity and the business associate",
            None,
        )
    ]


def test_undated_signature_is_a_warning(tmp_path: Path) -> None:
    result = read(write(tmp_path, BAA.replace("Date: 2026-02-27\n", "")))
    assert findings(result) == [
        (
            "warning",
            "baa-signature-undated",
            "the signature of the covered entity (Ada Quill) has no date",
            24,
        )
    ]
    assert result.passed is True


def test_missing_provisions_are_named(tmp_path: Path) -> None:
    text = BAA.replace(
        "4. Subcontractors. Business Associate shall ensure its subcontractors", "4."
    )
    text = re.sub("books and records", "files", text, flags=re.IGNORECASE)
    result = read(write(tmp_path, text))
    assert result.passed is True
    assert findings(result) == [
        (
            "warning",
            "baa-provisions-missing",
            "required provision(s) not found (45 CFR 164.504(e)): subcontractors; "
            "books and records available to HHS",
            None,
        )
    ]
    assert facts(result)["Required provisions"] == "8 of 10 present"


def test_until_terminated_has_no_end_date(tmp_path: Path) -> None:
    text = BAA.replace("terminates on February 28, 2027", "remains in effect until terminated")
    result = read(write(tmp_path, text))
    assert facts(result)["End date"] == "until terminated"
    assert result.stale_after is None
    assert result.findings == ()


def test_pdf_baa_is_read(tmp_path: Path) -> None:
    path = tmp_path / "baa.pdf"
    path.write_bytes(pdf_bytes(BAA))
    result = read(path, "evidence/baa/baa.pdf")
    assert result.findings == ()
    got = facts(result)
    assert got["Format"].startswith("PDF, ")
    assert got["Signed"] == "yes, by both parties"
    assert got["Effective date"] == "2026-03-01"


def test_truncated_pdf_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    data = pdf_bytes(BAA)
    path = tmp_path / "baa.pdf"
    path.write_bytes(data[: len(data) // 2])
    result = read(path, "evidence/baa/baa.pdf")
    assert result.passed is False
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


def test_pdf_without_text_cannot_be_checked(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(HTML(string="<html><body></body></html>").write_pdf())
    result = read(path)
    assert [f.code for f in result.findings] == ["baa-no-text"]
    assert result.passed is False
