"""One piece of the packet laid out and written by WeasyPrint, in whichever process.

A job carries only plain data (text, paths, bytes), so it runs the same in this process
or in a worker: the same inputs give the same bytes, however many cores print them.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from auditbook.render.packet.jobs import Job, Laid
from auditbook.render.packet.pdf import PDF_VARIANT, LocalFetcher, weasyprint_records

OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
# Stylesheets kept parsed in a process: a packet uses two (its pieces' and the numbering's);
# a few more serve the next packets of a long-lived process (a test run, `mkdocs serve`).
KEPT_STYLESHEETS = 4


@dataclass(frozen=True)
class _Stylesheet:
    """A stylesheet parsed once, with the fonts it loaded and what went wrong doing it."""

    css: Any  # weasyprint.CSS, tied to these fonts
    fonts: FontConfiguration
    refused: tuple[str, ...]
    problems: tuple[str, ...]


@lru_cache(maxsize=KEPT_STYLESHEETS)
def _stylesheet(
    text: str, base_url: str, roots: tuple[Path, ...], files: tuple[Path, ...]
) -> _Stylesheet:
    """Parsing the stylesheet, compiling its selectors and loading its fonts cost half of a
    small piece's render: done once per process, for every piece that uses the same one."""
    fetcher = LocalFetcher(list(roots), files, quiet=True)
    fonts = FontConfiguration()
    with weasyprint_records() as records:
        css = CSS(string=text, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
    problems = records.problems(logging.ERROR, fetcher.refused)
    return _Stylesheet(css, fonts, tuple(fetcher.refused), tuple(problems))


def lay_out(job: Job) -> Laid:
    """Render one piece; WeasyPrint's errors come back as problems, never raised."""
    with _no_cycle_collection():
        return _lay_out(job)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector, paused while a piece is rendered, then run on what the
    piece left: WeasyPrint keeps every box of a piece alive until it is written, and each
    full collection walked them all again (a sixth of the packet's CPU). Reference counting
    still frees nearly everything at once; only cycles wait for the piece's end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect(0)  # only what the piece made: the rest of the process is older


def _lay_out(job: Job) -> Laid:
    """What the stylesheet's parse refused or got wrong is reported with every piece, as if
    each had parsed it."""
    sheet = _stylesheet(job.stylesheet, job.css_base, job.roots, job.files)
    fetcher = LocalFetcher(list(job.roots), job.files, quiet=True)
    with weasyprint_records() as records:
        document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render(
            font_config=sheet.fonts, stylesheets=[sheet.css], **OPTIONS
        )
        pdf = document.write_pdf(**OPTIONS) if job.write else b""
    refused = [*sheet.refused, *fetcher.refused]
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
        problems=(*sheet.problems, *records.problems(logging.ERROR, refused)),
        refused=tuple(refused),
    )
