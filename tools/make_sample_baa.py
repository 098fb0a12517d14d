"""Render the fictional sample BAA in evidence/baa/ (run once; the PDF is committed).

    .venv/bin/python tools/make_sample_baa.py

Everything in the agreement is invented: ClinMetrics Health, Inc. does not exist, the
signers are not real people, and the text was not issued by or agreed with the hosting
provider. It exists so that auditbook's BAA reader has a realistic, signed PDF to read.
"""

from __future__ import annotations

import os
from pathlib import Path

from weasyprint import HTML

OUT = Path(__file__).resolve().parent.parent / "evidence" / "baa" / "digitalocean-baa-2026.pdf"

STYLE = """
@page {
  size: Letter; margin: 22mm 20mm;
  @top-center { content: "FICTIONAL SAMPLE - not a real agreement"; color: #b00020;
                font-size: 8pt; letter-spacing: .08em; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }
}
body { font-family: serif; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 2mm; }
h2 { font-size: 11pt; margin: 5mm 0 1mm; }
p { margin: 0 0 2mm; text-align: justify; }
.banner { border: 1.5pt solid #b00020; color: #b00020; padding: 2mm 3mm; margin-bottom: 4mm;
          font-family: sans-serif; font-size: 8.5pt; }
.watermark { position: fixed; top: 105mm; left: -10mm; width: 200mm; text-align: center;
             transform: rotate(-35deg); font: bold 54pt sans-serif; color: rgba(176,0,32,.10); }
.sig { width: 100%; margin-top: 6mm; border-collapse: collapse; break-inside: avoid; }
.sig td { width: 50%; vertical-align: top; padding-right: 6mm; }
"""

SECTIONS = [
    (
        "1. Definitions",
        "Terms used but not defined in this Agreement have the meanings given in the HIPAA "
        "Rules, 45 CFR Parts 160 and 164, including Breach, Protected Health Information "
        "(PHI), Security Incident, Subcontractor and Unsecured Protected Health Information.",
    ),
    (
        "2. Permitted Uses and Disclosures",
        "Business Associate may use or disclose PHI only to provide the hosting services "
        "described in the Services Agreement, as required by law, or as otherwise permitted "
        "or required by this Agreement. Business Associate shall not use or further disclose "
        "PHI in a manner that would violate Subpart E of 45 CFR Part 164 if done by Covered "
        "Entity, and shall limit its uses and disclosures to the minimum necessary.",
    ),
    (
        "3. Safeguards",
        "Business Associate shall use appropriate administrative, physical and technical "
        "safeguards, and comply with Subpart C of 45 CFR Part 164 with respect to electronic "
        "PHI, to prevent use or disclosure of PHI other than as provided for by this Agreement.",
    ),
    (
        "4. Reporting",
        "Business Associate shall report to Covered Entity any use or disclosure of PHI not "
        "provided for by this Agreement of which it becomes aware, including any Breach of "
        "Unsecured Protected Health Information as required by 45 CFR 164.410, and any "
        "Security Incident, without unreasonable delay and in no case later than five (5) "
        "business days after discovery.",
    ),
    (
        "5. Subcontractors",
        "In accordance with 45 CFR 164.502(e)(1)(ii) and 164.308(b)(2), Business Associate "
        "shall ensure that any Subcontractor that creates, receives, maintains or transmits "
        "PHI on its behalf agrees in writing to the same restrictions, conditions and "
        "requirements that apply to Business Associate under this Agreement.",
    ),
    (
        "6. Individual Rights",
        "Within fifteen (15) days of a request, Business Associate shall (a) make PHI in a "
        "Designated Record Set available to Covered Entity so that it can meet its obligations "
        "on access to protected health information under 45 CFR 164.524; (b) make any "
        "amendment to PHI directed by Covered Entity under 45 CFR 164.526; and (c) maintain "
        "and provide the information required for an accounting of disclosures under "
        "45 CFR 164.528. "
        "To the extent Business Associate carries out an obligation of Covered Entity under "
        "Subpart E of 45 CFR Part 164, it shall comply with the requirements of Subpart E that "
        "apply to Covered Entity in the performance of that obligation.",
    ),
    (
        "7. Books and Records",
        "Business Associate shall make its internal practices, books and records relating to "
        "the use and disclosure of PHI available to the Secretary of Health and Human "
        "Services (HHS) for purposes of determining compliance with the HIPAA Rules.",
    ),
    (
        "8. Term and Termination",
        "8.1 This Agreement begins on the Effective Date and ends on January 14, 2029, unless "
        "terminated earlier under Section 8.2. "
        "8.2 Covered Entity may terminate this Agreement if it determines that Business "
        "Associate has violated a material term of this Agreement and Business Associate has "
        "not cured the breach within thirty (30) days of written notice. "
        "8.3 Upon termination, Business Associate shall return or destroy all PHI received "
        "from, or created or received on behalf of, Covered Entity that it still maintains, "
        "and retain no copies; where return or destruction is infeasible, the protections of "
        "this Agreement extend to that PHI for as long as it is maintained.",
    ),
    (
        "9. Miscellaneous",
        "This Agreement is governed by the HIPAA Rules and shall be interpreted to permit "
        "compliance with them. Sections 8.3 and 9 survive termination.",
    ),
]


def _html() -> str:
    body = "".join(f"<h2>{title}</h2><p>{text}</p>" for title, text in SECTIONS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Business Associate Agreement - FICTIONAL SAMPLE</title>
<meta name="author" content="auditbook sample data (fictional)">
<style>{STYLE}</style></head>
<body>
<div class="watermark">FICTIONAL SAMPLE</div>
<div class="banner">FICTIONAL SAMPLE for auditbook. ClinMetrics Health, Inc. does not exist;
the signers are invented; this document was not issued by or agreed with DigitalOcean.
It contains no real protected health information.</div>
<h1>Business Associate Agreement</h1>
<p>This Business Associate Agreement (the "Agreement") is entered into as of January 15, 2026
(the "Effective Date") by and between ClinMetrics Health, Inc. ("Covered Entity") and
DigitalOcean, LLC ("Business Associate"), in connection with the cloud hosting services
(managed PostgreSQL, App Platform and Spaces object storage) that Business Associate provides
to Covered Entity for its remote patient monitoring platform.</p>
{body}
<p>IN WITNESS WHEREOF, the parties have signed this Agreement as of the Effective Date.</p>
<table class="sig"><tr>
<td><strong>COVERED ENTITY</strong><br>ClinMetrics Health, Inc.<br>
Signed: /s/ Dana Whitfield<br>Name: Dana Whitfield<br>Title: Chief Executive Officer<br>
Date: January 14, 2026</td>
<td><strong>BUSINESS ASSOCIATE</strong><br>DigitalOcean, LLC<br>
Signed: /s/ Marcus Ellery<br>Name: Marcus Ellery<br>Title: Director, Trust and Compliance<br>
Date: January 15, 2026</td>
</tr></table>
</body></html>"""


def main() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1768435200")  # 2026-01-15, same bytes each run
    OUT.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=_html()).write_pdf(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
