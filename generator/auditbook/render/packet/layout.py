"""One piece of the packet laid out and written by WeasyPrint, in whichever process.

A job carries only plain data (text, paths, bytes), so it runs the same in this process
or in a worker: the same inputs give the same bytes, however many cores print them.
"""

from __future__ import annotations

import logging

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from auditbook.render.packet.jobs import Job, Laid
from auditbook.render.packet.pdf import PDF_VARIANT, LocalFetcher, weasyprint_records

OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}


def lay_out(job: Job) -> Laid:
    """Render one piece; WeasyPrint's errors come back as problems, never raised."""
    fetcher = LocalFetcher(list(job.roots), job.files, quiet=True)
    fonts = FontConfiguration()
    with weasyprint_records() as records:
        css = CSS(
            string=job.stylesheet, base_url=job.css_base, url_fetcher=fetcher, font_config=fonts
        )
        document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=[css], **OPTIONS
        )
        pdf = document.write_pdf(**OPTIONS) if job.write else b""
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
        problems=tuple(records.problems(logging.ERROR, fetcher.refused)),
        refused=tuple(fetcher.refused),
    )
