"""Projects as other people lay them out build, site and packet, and every page reads right.

A generated matrix of project shapes (docs_dir names, checklists anywhere, headings or
none, navs or none, URL styles, themes, file names in other scripts, evidence anywhere or
nowhere), each built for real with its packet and checked page by page: no raw task
syntax on any page, every page auditbook makes present, every item on its page and in
the packet, and every link of the packet landing. Each shape once crashed, or might.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.structure.files import File
from pypdf import PdfReader

from auditbook.render.site.pages import PageNames
from conftest import run_cli, write_project

AS_OF = "2026-11-21"
EXTENSIONS = "markdown_extensions:\n  - attr_list\n  - md_in_html\n  - pymdownx.tasklist\n"


def _evidence(path: str, covers: str, *, title: str = "Pager rota export", publish: bool = True):
    """An evidence file and its sidecar (fictional), covering the item `covers`."""
    sidecar = (
        f"title: {title}\nkind: other\ncovers: [{covers}]\ncollected: 2026-11-01\n"
        f"collected_by: Dana (fictional)\nvalid_for: 1y\npublish: {str(publish).lower()}\n"
        "fictional: true\n"
    )
    return {path: "Rota exported 2026-11-01. FICTIONAL SAMPLE.\n", f"{path}.meta.yml": sidecar}


@dataclass(frozen=True)
class Shape:
    """One project: its pages (relative to docs_dir), mkdocs.yml's lines and other files."""

    pages: dict[str, str]
    items: int  # how many items the pages hold: all of them must be found
    docs_dir: str = "docs"
    yml: str = "theme: material\n"  # top-level lines of mkdocs.yml besides the plugin
    options: str = ""  # the plugin's options, one per line
    files: dict[str, str] = field(default_factory=dict)  # relative to the project
    prefix: str = ""  # where auditbook's pages go

    def mkdocs_yml(self) -> str:
        options = "".join(f"      {line}\n" for line in self.options.splitlines())
        return (
            f"site_name: Shapes\ndocs_dir: {self.docs_dir}\n{self.yml}"
            f"plugins:\n  - search\n  - auditbook:\n      as_of: {AS_OF}\n{options}"
        )


LAUNCH = "# Launch checklist\n\n- [ ] Pager rotation set up {#pager}\n"
EVIDENCE = _evidence("evidence/rota.csv", "pager")
# Pages of shapes that once crashed the packet (test_responsive.py also shows them all in
# one site at a phone's width and a desktop's).
SHAPES = {
    "items-under-the-title": "# Launch checklist\n\n- [ ] Pager rotation set up\n",
    "no-headings-at-all": "- [ ] One\n- [x] Two\n\nSome words.\n",
    "repeated-headings": (
        "# Runbook\n\n## Steps\n\n- [ ] One\n\n## Steps\n\n- [ ] Two\n\n## Steps\n\n- [ ] Three\n"
    ),
    "other-scripts": "# 运行手册\n\n## 安全\n\n- [ ] 检查备份\n\n## Über uns\n\n- [ ] Drei\n",
    "setext-and-closed-headings": (
        "Runbook\n=======\n\nBackups\n-------\n\n- [ ] Restore tested\n\n"
        "## Access ##\n\n- [ ] MFA\n"
    ),
    "items-before-the-first-heading": (
        "- [ ] Early item\n\n# Ops\n\n- [ ] Item\n\n## Later\n\n- [ ] Late\n"
    ),
    "headings-with-their-own-ids": (
        "# Runbook\n\nSee [the steps](#custom).\n\n## Steps {#custom .important}\n\n"
        "- [ ] One\n\n## Plain ##\n\n- [ ] Two\n"
    ),
}
ITEMS = {"no-headings-at-all": 2, "repeated-headings": 3, "items-before-the-first-heading": 3}
PROJECTS = {
    # What a new user writes first, and what that once crashed.
    **{name: Shape({"page.md": text}, ITEMS.get(name, 2)) for name, text in SHAPES.items()},
    "items-under-the-title": Shape({"page.md": LAUNCH}, 1, files=EVIDENCE),
    "numbered-nested-and-ticked-items": Shape(
        {
            "plan.md": "# Plan\n\n1. [x] Parent\n    - [x] Child one\n    - [ ] Child two\n"
            "2. [ ] Second {#second}\n\n<!-- - [ ] commented out -->\n\n```\n- [ ] in code\n```\n"
        },
        4,
        files=_evidence("evidence/plan.txt", "second"),
    ),
    # Where the pages live.
    "docs-dir-named-content": Shape(
        {"checklists/launch.md": LAUNCH}, 1, docs_dir="content", files=EVIDENCE
    ),
    "docs-dir-nested-deep": Shape({"a.md": LAUNCH}, 1, docs_dir="site-src/pages/en"),
    "checklists-at-the-root-and-in-folders": Shape(
        {
            "launch.md": LAUNCH,
            "checklists/ops.md": "# Ops\n\n- [ ] On call\n",
            "teams/infra/db.md": "# DB\n\n## Backups\n\n- [ ] Restore drill\n",
        },
        3,
        files=EVIDENCE,
    ),
    "nested-folders-with-index-pages": Shape(
        {
            "teams/index.md": "# Teams\n\n- [ ] Teams listed\n",
            "teams/infra/index.md": "# Infra\n\n- [ ] Infra owner named\n",
            "teams/infra/network/vpn.md": "# VPN\n\n- [ ] VPN keys rotated\n",
        },
        3,
    ),
    "a-checklists-dir-of-its-own": Shape(
        {"controls/access.md": "# Access\n\n- [ ] Reviews\n", "notes.md": "# Notes\n\nText.\n"},
        1,
        options="checklists_dir: controls",
    ),
    "non-ascii-file-names": Shape(
        {
            "sécurité/contrôle d'accès.md": "# Contrôle\n\n- [ ] Revue trimestrielle {#revue}\n",
            "运行手册.md": "# 运行手册\n\n- [ ] 检查备份\n",
        },
        2,
        files=_evidence("evidence/preuves/révision 2026.txt", "revue", title="Révision"),
    ),
    # The site around the pages: its home page, nav, URLs and theme.
    "a-site-with-its-own-home-page": Shape(
        {"index.md": "# Our docs\n\nThe owner's home page.\n", "launch.md": LAUNCH},
        1,
        files=EVIDENCE,
        prefix="auditbook/",
    ),
    "a-readme-as-home-page": Shape(
        {"README.md": "# Read me\n\nThe owner's home page.\n", "launch.md": LAUNCH}, 1
    ),
    "a-page-named-like-auditbooks": Shape(
        {"findings.md": "# Our findings\n\n- [ ] Triage\n"}, 1, prefix="auditbook/"
    ),
    "an-explicit-nav": Shape(
        {"index.md": "# Home\n", "launch.md": LAUNCH, "ops/db.md": "# DB\n\n- [ ] Backups\n"},
        2,
        yml="theme: material\nnav:\n  - Home: index.md\n  - Launch: launch.md\n  - Ops:\n"
        "      - ops/db.md\n",
        files=EVIDENCE,
        prefix="auditbook/",
    ),
    "an-explicit-nav-naming-auditbooks-pages": Shape(
        {"launch.md": LAUNCH},
        1,
        yml="theme: material\nnav:\n  - index.md\n  - launch.md\n  - Evidence: evidence/index.md\n",
        files=EVIDENCE,
    ),
    "no-directory-urls": Shape(
        {"launch.md": LAUNCH, "ops/db.md": "# DB\n\n- [ ] Backups\n"},
        2,
        yml="theme: material\nuse_directory_urls: false\n",
        files=EVIDENCE,
    ),
    "no-directory-urls-under-a-prefix": Shape(
        {"index.md": "# Home\n", "launch.md": LAUNCH},
        1,
        yml="theme: material\nuse_directory_urls: false\n",
        options="prefix: compliance/",
        files=EVIDENCE,
        prefix="compliance/",
    ),
    "the-default-mkdocs-theme": Shape({"launch.md": LAUNCH}, 1, yml="", files=EVIDENCE),
    "the-readthedocs-theme": Shape({"launch.md": LAUNCH}, 1, yml="theme: readthedocs\n"),
    "a-site-url-under-a-path": Shape(
        {"launch.md": LAUNCH}, 1, yml="theme: material\nsite_url: https://example.org/docs/\n"
    ),
    "extensions-written-out": Shape(
        {"launch.md": LAUNCH}, 1, yml=f"theme: material\n{EXTENSIONS}", files=EVIDENCE
    ),
    "a-hipaa-mapping": Shape(
        {"launch.md": LAUNCH, "mappings/hipaa.yml": 'items:\n  pager: ["164.308(a)(6)(ii)"]\n'},
        1,
        options="coverage_gap_level: info",
        files=EVIDENCE,
    ),
    "a-hipaa-mapping-under-a-prefix": Shape(
        {"index.md": "# Home\n", "launch.md": LAUNCH, "map.yml": "items: {}\n"},
        1,
        options="mapping: map.yml\ncoverage_gap_level: info",
        prefix="auditbook/",
    ),
    # Evidence anywhere, or nowhere.
    "evidence-outside-the-project-root-folder": Shape(
        {"launch.md": LAUNCH},
        1,
        options="evidence_dir: records/collected",
        files=_evidence("records/collected/2026/rota.csv", "pager"),
    ),
    "evidence-not-published": Shape(
        {"launch.md": LAUNCH}, 1, files=_evidence("evidence/rota.csv", "pager", publish=False)
    ),
    "no-evidence-at-all": Shape({"launch.md": LAUNCH, "ops.md": "# Ops\n\n- [x] Done\n"}, 2),
    "pages-without-items": Shape(
        {"index.md": "# Home\n\nNo checklist here.\n"}, 0, prefix="auditbook/"
    ),
    "an-empty-project": Shape({}, 0),
}


@pytest.mark.packet
@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_every_shape_builds_its_site_and_packet(tmp_path: Path, name: str) -> None:
    shape = PROJECTS[name]
    docs = shape.docs_dir.rstrip("/")
    files = {f"{docs}/{page}": text for page, text in shape.pages.items()}
    project = write_project(tmp_path / name, {**files, **shape.files})
    (project / "mkdocs.yml").write_text(shape.mkdocs_yml(), "utf-8")
    (project / docs).mkdir(parents=True, exist_ok=True)
    result = run_cli(project, "build", packet=True)
    assert result.exit_code == 0, result.output
    site = project / "site"
    report = json.loads((site / "report.json").read_text("utf-8"))
    assert len(report["items"]) == shape.items, report["items"]
    use_directory_urls = "use_directory_urls: false" not in shape.yml
    _pages_read_right(site, use_directory_urls)
    _auditbooks_pages_present(site, report, shape, use_directory_urls)
    _packet_holds_everything(site / "packet.pdf", report)


def _html_of(site: Path, src_uri: str, use_directory_urls: bool) -> Path:
    """Where MkDocs writes the page of `src_uri` (MkDocs' own rule, not a copy of it)."""
    dest = File(src_uri, "docs", str(site), use_directory_urls).dest_uri
    return site / dest


def _auditbooks_pages_present(
    site: Path, report: dict, shape: Shape, use_directory_urls: bool
) -> None:
    names = PageNames(shape.prefix)
    has_mapping = report["coverage"] is not None
    assert has_mapping == ("mappings/hipaa.yml" in shape.pages or "mapping:" in shape.options)
    expected = [n for n in names.fixed() if n != names.coverage or has_mapping]
    expected += [names.evidence(e["path"]) for e in report["evidence"]]
    for src_uri in expected:
        assert _html_of(site, src_uri, use_directory_urls).is_file(), src_uri
    docs = shape.docs_dir.rstrip("/") + "/"
    for item in report["items"]:  # each item on its checklist's page, its status beside it
        src_uri = item["checklist"].removeprefix(docs)
        page = _visible(_html_of(site, src_uri, use_directory_urls).read_text("utf-8"))
        assert item["text"] in page, (src_uri, item["text"])
    for evidence in report["evidence"]:
        if evidence.get("publish", evidence.get("publishable")):
            assert any((site / "evidence-files").rglob(Path(evidence["path"]).name))


RAW_TASK = re.compile(r"(?:^|\s)(?:[-*+]|\d+[.)])?\s*\[[ xX]\](?:\s|$)")
RAW_ATTRIBUTES = re.compile(r"\{[:#.][^}]*\}")


def _pages_read_right(site: Path, use_directory_urls: bool) -> None:
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        text = _visible(page.read_text("utf-8"))
        assert not RAW_TASK.search(text), (page, RAW_TASK.search(text))
        assert not RAW_ATTRIBUTES.search(text), (page, RAW_ATTRIBUTES.search(text))
        if not use_directory_urls:
            assert not re.search(r'href="[^":#]*/"', page.read_text("utf-8")), page


def test_the_page_checks_see_what_a_reader_would() -> None:
    """The checks above can fail: raw task syntax and attributes are seen, code is not."""
    assert RAW_TASK.search(_visible("<ul><li>[ ] Pager</li><li>1. [x] Done</li></ul>"))
    assert RAW_ATTRIBUTES.search(_visible("<h2>Steps {#custom .important}</h2>"))
    hidden = '<pre><code>- [ ] in code</code></pre><input title="[ ] x"><script>"[x] "</script>'
    assert not RAW_TASK.search(_visible(hidden))


def _packet_holds_everything(packet: Path, report: dict) -> None:
    reader = PdfReader(packet)
    assert len(reader.pages) >= 3  # cover, summary, at least one more
    names = set(reader.named_destinations)
    linked = {
        str(annotation.get_object()["/Dest"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/Dest" in annotation.get_object()
    }
    assert linked <= names, linked - names  # every link of the packet lands somewhere
    text = subprocess.run(
        ["pdftotext", str(packet), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    flat = " ".join(text.split())
    for item in report["items"]:
        assert " ".join(item["text"].split()) in flat, item
    for evidence in report["evidence"]:
        assert evidence["title"] in flat, evidence


class _Visible(HTMLParser):
    """The text a reader sees: no scripts, styles, code or attribute values."""

    HIDDEN = frozenset({"script", "style", "code", "pre", "textarea", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in self.HIDDEN and self.hidden > 0

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


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
