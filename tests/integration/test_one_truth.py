"""One truth for page, report and score: every item a page shows is in report.json and
counted in the score, in the same order, and a page shows no task that is not an item.

Checked on every checklist page of every fixture project, of the demo, and of a project
made of every golden page of the parser (tests/unit/inputs/golden).
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from auditbook.render.labels import item_anchor
from conftest import FIXTURES, REPO, copy_fixture, write_project
from support.html import Node, article
from support.sites import Site, build_site

GOLDEN = REPO / "tests/unit/inputs/golden"
# The demo's extensions: what a project made with `auditbook init` has.
GOLDEN_MKDOCS = """\
site_name: Goldens
docs_dir: content
theme:
  name: material
plugins:
  - search
  - auditbook:
      organisation: Example Clinic (fictional)
      system: Fixture system
      as_of: 2026-11-21
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.superfences
  - pymdownx.details
"""
FIXTURE_NAMES = sorted(p.name for p in FIXTURES.iterdir() if (p / "mkdocs.yml").is_file())
PROJECTS = ["demo", "goldens", *FIXTURE_NAMES]
# Task syntax drawn as text (`- [ ] ...` in a page's prose) is Markdown the page left
# raw: a task a reader sees that nobody counts (code is left out: it only shows syntax).
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_VOID |= {"track", "wbr", "path"}
_RAW_BOX = re.compile(r"(?m)^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\][ \t]")


def _project(name: str, root: Path) -> Path:
    if name == "demo":
        root.mkdir(parents=True)
        for part in ("mkdocs.yml", "content", "evidence", "templates"):
            source = REPO / part
            if source.is_dir():
                shutil.copytree(source, root / part)
            elif source.is_file():
                shutil.copy(source, root / part)
        return root
    if name == "goldens":
        files: dict[str, str | bytes] = {"mkdocs.yml": GOLDEN_MKDOCS}
        files |= {f"content/checklists/{p.name}": p.read_bytes() for p in GOLDEN.glob("*.md")}
        return write_project(root, files)
    return copy_fixture(name, root)


@pytest.fixture(scope="module", params=PROJECTS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = _project(request.param, tmp_path_factory.mktemp(request.param) / "p")
    return build_site(root)


def _page_url(src: str) -> str:
    src = src.removeprefix("content/").removesuffix(".md")
    return "" if src == "index" else src.removesuffix("/index")


def _article(site: Site, checklist: str) -> Node:
    return article(site.page(_page_url(checklist)))


class _Balance(HTMLParser):
    """Every element of a page closed where it was opened (`</details>` after its list)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # `<img ... />`: opened and closed at once

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> at line {self.getpos()[0]} closes {self.open[-3:]}")
            return
        self.open.pop()


def _prose(node: Node) -> str:
    """The text a reader sees, without code (where task syntax is only shown)."""
    parts = [
        child if isinstance(child, str) else _prose(child)
        for child in node.children
        if isinstance(child, str) or child.tag not in ("pre", "code", "script", "style")
    ]
    return "".join(parts)


# A list marker left as text right before an item: a list the page shows as a paragraph.
_MARKER_AS_TEXT = re.compile(r"(?:^|\n)[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]*$")


def _items_drawn(node: Node) -> list[Node]:
    """The item anchors drawn in a list item, a paragraph or a table cell (not raw text,
    and not after a list marker shown as text)."""
    found = []
    for position, child in enumerate(node.children):
        if isinstance(child, str):
            continue
        before = node.children[position - 1] if position else ""
        marker = isinstance(before, str) and _MARKER_AS_TEXT.search(before)
        if node.tag in ("li", "p", "td") and child.tag == "span" and not marker:
            found.append(child)
        found.extend(_items_drawn(child))
    return found


def _by_checklist(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for item in report["items"]:
        found.setdefault(item["checklist"], []).append(item)
    return {path: sorted(items, key=lambda i: i["line"]) for path, items in found.items()}


def test_every_page_shows_exactly_the_reported_items_in_order(site: Site) -> None:
    checklists = _by_checklist(site.report)
    assert checklists
    for checklist, items in checklists.items():
        article = _article(site, checklist)
        shown = [n.attrs.get("id") for n in article.find_all("span", "ab-item")]
        assert shown == [item_anchor(item["id"]) for item in items], checklist
        drawn = [n for n in _items_drawn(article) if "ab-item" in n.classes]
        assert len(drawn) == len(shown), f"{checklist}: an item drawn as raw text"
        boxes = [n for n in article.find_all("input") if n.attrs.get("type") == "checkbox"]
        assert boxes == [], f"{checklist}: a task box auditbook did not read"
        said = {f["path"] for f in site.report["findings"] if f["code"] == "checklist-html-tasks"}
        if checklist not in said:
            assert not _RAW_BOX.search(_prose(article)), f"{checklist}: a task shown as text"


def test_the_score_counts_the_reported_leaves_and_nothing_else(site: Site) -> None:
    report = site.report
    leaves = [item for item in report["items"] if not item["children"]]
    counts = report["overall"]["counts"]
    assert sum(counts.values()) == len(leaves)
    for status in counts:
        assert counts[status] == len([i for i in leaves if i["status"] == status]), status


def test_no_page_carries_an_html_id_twice(site: Site) -> None:
    for checklist in _by_checklist(site.report):
        html = site.page(_page_url(checklist)).read_text("utf-8")
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), checklist


def test_every_checklist_page_is_well_formed(site: Site) -> None:
    for checklist in _by_checklist(site.report):
        html = site.page(_page_url(checklist)).read_text("utf-8")
        start, end = html.index("<article"), html.index("</article>") + len("</article>")
        balance = _Balance()
        balance.feed(html[start:end])
        balance.close()
        assert balance.errors == [], checklist
        assert balance.open == [], checklist
