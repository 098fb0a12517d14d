"""Evidence pages in the nav while they are few; past that, reached from the register.

Material writes the whole nav into every page: with thousands of evidence files a nav of
them made the site gigabytes and most of the build's time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditbook.engine.build import NAV_EVIDENCE
from conftest import run_cli, write_project


def project(root: Path, files: int) -> Path:
    written: dict[str, str | bytes] = {"content/checklists/c.md": "# C\n\n- [ ] Backups {#b}\n"}
    for number in range(files):
        written[f"evidence/note-{number:03d}.txt"] = f"Fictional note {number}.\n"
        written[f"evidence/note-{number:03d}.txt.meta.yml"] = (
            f"title: Fictional note {number:03d}\nkind: other\ncollected: 2026-11-01\n"
            "collected_by: A. Person (fictional)\nvalid_for: 1y\n"
        )
    return write_project(root, written)


def nav_of(page: Path) -> str:
    """The site's nav as Material writes it into the page (the left sidebar, sections
    included)."""
    html = page.read_text("utf-8")
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start : html.index('class="md-sidebar md-sidebar--secondary"', start)]


@pytest.mark.parametrize("files", [3, NAV_EVIDENCE + 1])
def test_evidence_pages_are_in_the_nav_only_while_few(tmp_path: Path, files: int) -> None:
    root = project(tmp_path / "p", files)
    result = run_cli(root, "build")
    assert result.exit_code == 0, result.output
    nav = nav_of(root / "site/index.html")
    assert "Evidence register" in nav and "Business associate agreements" in nav
    listed = nav.count("Fictional note ")
    assert listed == (files if files <= NAV_EVIDENCE else 0)
    page = root / "site/evidence/note-002.txt/index.html"
    breadcrumb = page.read_text("utf-8").split('class="ab-breadcrumb"', 1)[1][:300]
    assert "Evidence register" in breadcrumb  # the way back, in the nav or not
    register = (root / "site/evidence/index.html").read_text("utf-8")
    assert register.count("note-0") >= files  # every file reached from the register
