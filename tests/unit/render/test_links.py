"""Links between site pages, computed without MkDocs exactly as MkDocs computes them."""

from __future__ import annotations

import itertools

import pytest
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from auditbook.render.links import Linker, page_url, relative_url

PATHS = [
    "", ".", "a", "a/", "a/b/", "a/b.html", "index.html", "x/y/z/", "evidence/a.log.md",
    "../a/", "./a/", "a//b/", "/a/b/", "a/../b/", "b/x.y/z", "//a/",
]  # fmt: skip


@pytest.mark.parametrize(("url", "other"), list(itertools.product(PATHS, PATHS)))
def test_relative_url_is_mkdocs_own(url: str, other: str) -> None:
    """The engine must not import MkDocs, yet its links must be the ones MkDocs makes."""
    assert relative_url(url, other) == get_relative_url(url, other)


SOURCES = ["index.md", "evidence/index.md", "checklists/ops.md", "evidence/a/b.log.md", "a.css"]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("src_uri", SOURCES)
def test_page_urls_are_the_ones_mkdocs_gives(src_uri: str, directory_urls: bool) -> None:
    expected = File(src_uri, "docs", "site", directory_urls).url
    assert page_url(src_uri, directory_urls) == ("" if expected == "./" else expected)


def test_links_between_pages_keep_their_anchor() -> None:
    linker = Linker()
    assert linker.link("checklists/ops.md", "coverage.md", "hipaa-164-312-b") == (
        "../../coverage/#hipaa-164-312-b"
    )
    assert linker.link("evidence/a/b.log.md", "index.md") == "../../../"
    flat = Linker(use_directory_urls=False)
    assert flat.link("checklists/ops.md", "index.md") == "../index.html"
