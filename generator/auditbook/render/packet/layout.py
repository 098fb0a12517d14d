"""One piece of the packet laid out and written by WeasyPrint, in whichever process.

A job carries only plain data (text, paths, bytes), so it runs the same in this process
or in a worker: the same inputs give the same bytes, however many cores print them.
"""

from __future__ import annotations

import logging
from typing import Any

from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from auditbook.render.packet.attachments import RELATIONSHIP
from auditbook.render.packet.jobs import Attached, Job, Laid
from auditbook.render.packet.pdf import PDF_VARIANT, LocalFetcher, weasyprint_records

OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}


def lay_out(job: Job) -> Laid:
    """Render one piece; WeasyPrint's errors come back as problems, never raised."""
    fetcher = LocalFetcher(list(job.roots), job.files, quiet=True)
    fonts = FontConfiguration()
    written: list[int] = []

    def finish(document: Any, pdf: Any) -> None:
        specs = [o for o in pdf.objects if isinstance(o, dict) and o.get("Type") == "/Filespec"]
        written.append(len(specs))
        # WeasyPrint 70 lists each attachment twice in the catalog's /AF: once is enough.
        associated = pdf.catalog.get("AF")
        if associated is not None:
            associated[:] = list(dict.fromkeys(associated))

    attachments = [_attachment(file) for file in job.attachments]
    with weasyprint_records() as records:
        css = CSS(
            string=job.stylesheet, base_url=job.css_base, url_fetcher=fetcher, font_config=fonts
        )
        document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=[css], attachments=attachments, **OPTIONS
        )
        pdf = b""
        if job.write:
            pdf = document.write_pdf(finisher=finish, attachments=attachments, **OPTIONS)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            if name in job.ids:
                anchors.setdefault(name, index)
    return Laid(
        pdf=pdf,
        pages=len(document.pages),
        # WeasyPrint keeps the page's name (`page: cover`) on its page box only.
        page_names=tuple(page._page_box.page_type.name or "" for page in document.pages),
        anchors=anchors,
        attachments=written[0] if written else 0,
        problems=tuple(records.problems(logging.ERROR, fetcher.refused)),
        refused=tuple(fetcher.refused),
    )


def _attachment(file: Attached) -> Any:
    return Attachment(
        string=file.data,
        name=file.name,
        description=file.description,
        created=file.date,
        modified=file.date,
        relationship=RELATIONSHIP,
    )
