"""Pages as other people write them build, site and packet: the packet's links all land.

Each shape once crashed the packet with "No anchor #... for internal URI reference": a
page outside checklists/ whose items sit under its H1, a page that repeats a heading,
headings in other scripts, setext and closed ATX headings.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_cli

MKDOCS_YML = "site_name: Shapes\nplugins:\n  - auditbook\nmarkdown_extensions:\n  - attr_list\n"
SHAPES = {
    "items-under-the-title": "# Launch checklist\n\n- [ ] Pager rotation set up\n",
    "repeated-headings": (
        "# Runbook\n\n## Steps\n\n- [ ] One\n\n## Steps\n\n- [ ] Two\n\n## Steps\n\n- [ ] Three\n"
    ),
    "other-scripts": "# 运行手册\n\n## 安全\n\n- [ ] 检查备份\n\n## Über uns\n\n- [ ] Drei\n",
    "setext-and-closed-headings": (
        "Runbook\n=======\n\nBackups\n-------\n\n- [ ] Restore tested\n\n"
        "## Access ##\n\n- [ ] MFA\n"
    ),
    "items-before-the-first-heading": "# Ops\n\n- [ ] Early item\n\n## Later\n\n- [ ] Late item\n",
    "headings-with-their-own-ids": (
        "# Runbook\n\nSee [the steps](#custom).\n\n## Steps {#custom .important}\n\n"
        "- [ ] One\n\n## Plain ##\n\n- [ ] Two\n"
    ),
}


@pytest.mark.packet
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_page_of_any_shape_builds_with_its_packet(tmp_path: Path, shape: str) -> None:
    project = tmp_path / shape
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (project / "docs" / "page.md").write_text(SHAPES[shape], "utf-8")
    result = run_cli(project, "build", packet=True)
    assert result.exit_code == 0, result.output
    packet = project / "site" / "packet.pdf"
    reader = PdfReader(packet)
    names = set(reader.named_destinations)
    linked = {
        str(annotation.get_object()["/Dest"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/Dest" in annotation.get_object()
    }
    assert linked and linked <= names  # every link of the packet lands somewhere
    text = subprocess.run(
        ["pdftotext", str(packet), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    report = json.loads((project / "site" / "report.json").read_text("utf-8"))
    assert report["items"]
    for item in report["items"]:
        assert item["text"] in text, item


EXISTING_SITE = {
    "mkdocs.yml": (
        "site_name: Our docs\ntheme:\n  name: material\nnav:\n  - Home: index.md\n"
        "  - Guide: guide.md\nplugins:\n  - search\n  - auditbook{options}\n"
        "markdown_extensions:\n  - pymdownx.tasklist\n"
    ),
    "docs/index.md": "# Our docs\n\nThe owner's home page.\n",
    "docs/guide.md": "# Guide\n\n## Before launch\n\n- [ ] Launch gate reviewed\n",
}


def _existing_site(root: Path, options: str = "") -> Path:
    for name, text in EXISTING_SITE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text.replace("{options}", options), "utf-8")
    return root


def _links_land(site: Path, page: Path) -> None:
    html = page.read_text("utf-8")
    for href in re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', html):
        target = (page.parent / href).resolve()
        assert (target / "index.html" if target.is_dir() else target).exists(), href


def test_a_site_with_its_own_home_page_gets_auditbooks_pages_beside_it(tmp_path: Path) -> None:
    project = _existing_site(tmp_path / "site-owner")
    result = run_cli(project, "build")
    assert result.exit_code == 0, result.output
    site = project / "site"
    assert "The owner's home page." in (site / "index.html").read_text("utf-8")
    dashboard = site / "auditbook/index.html"
    assert "applicable items are met" in dashboard.read_text("utf-8")
    assert 'href="auditbook/"' in (site / "index.html").read_text("utf-8")  # the nav's way in
    for page in (dashboard, site / "auditbook/findings/index.html", site / "guide/index.html"):
        _links_land(site, page)


def test_the_prefix_is_the_sites_owners_choice(tmp_path: Path) -> None:
    chosen = _existing_site(tmp_path / "chosen", ":\n      prefix: /compliance/")
    assert run_cli(chosen, "build").exit_code == 0
    assert (chosen / "site/compliance/coverage").exists() is False  # no mapping, no coverage
    assert (chosen / "site/compliance/evidence/index.html").is_file()
    at_root = _existing_site(tmp_path / "root", ':\n      prefix: ""')
    result = run_cli(at_root, "build")
    assert result.exit_code == 2
    assert "auditbook generates index.md, a page docs_dir has too" in result.output
    assert "`prefix` option" in result.output
