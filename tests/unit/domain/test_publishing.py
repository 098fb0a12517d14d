"""Only inert file types are served raw from the site."""

from __future__ import annotations

import pytest

from auditbook.domain.publishing import inert


@pytest.mark.parametrize(
    "path",
    [
        "evidence/a.txt",
        "evidence/export.CSV",
        "e/trail.jsonl",
        "e/BAA.pdf",
        "e/shot.png",
        "e/x.zip",
    ],
)
def test_text_data_documents_and_images_are_inert(path: str) -> None:
    assert inert(path)


@pytest.mark.parametrize(
    "path",
    [
        "e/page.html",
        "e/page.shtml",
        "e/page.xht",
        "e/page.xhtml",
        "e/style.xsl",
        "e/style.xslt",
        "e/saved.mht",
        "e/saved.mhtml",
        "e/app.hta",
        "e/drawing.svg",
        "e/script.js",
        "e/feed.xml",
        "e/README",
        "e/.csv",
        "e/page.html.txt.html",
    ],
)
def test_anything_a_browser_could_run_or_sniff_is_not(path: str) -> None:
    assert not inert(path)
