"""Real site builds of fixture projects, checked on the HTML and JSON they produce.

Each fixture project is built once per module into a temporary folder and read by many
tests: the dashboard, checklist pages (badges, evidence links, nesting), the evidence
register and pages, findings, report.json and manifest.json, escaping of hostile
evidence, mojibake repair, `mkdocs build --strict`, and atomic builds.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from auditbook.domain.model import Item
from auditbook.inputs.checklist import parse_checklist
from auditbook.inputs.frontmatter import split_front_matter
from auditbook.inputs.source import read_source
from conftest import FIXTURES, REPO, copy_fixture, run_cli, write_project
from support.html import Node, article
from support.sites import Site, build_site

MKDOCS = Path(sys.executable).with_name("mkdocs")
AS_OF = "2026-11-21"

# --- a small DOM, enough to ask structural questions of the built pages ----------------------


# --- built fixture projects --------------------------------------------------------------------


@pytest.fixture(scope="module")
def statuses(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(copy_fixture("statuses", tmp_path_factory.mktemp("statuses") / "p"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(copy_fixture("hostile", tmp_path_factory.mktemp("hostile") / "p"))


@pytest.fixture(scope="module")
def mojibake(tmp_path_factory: pytest.TempPathFactory) -> Site:
    # The packet too: no mojibake may reach its text either.
    return build_site(
        copy_fixture("mojibake", tmp_path_factory.mktemp("mojibake") / "p"), packet=True
    )


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Site:
    files: dict[str, str | bytes] = {
        f"content/checklists/{path.name}": path.read_bytes()
        for path in sorted((REPO / "content" / "checklists").glob("*.md"))
    }
    files["evidence/README.md"] = "No evidence: the seeds alone.\n"
    project = write_project(tmp_path_factory.mktemp("seeds") / "p", files, AS_OF)
    return build_site(project, packet=True)  # the packet's text is checked too


# Statuses of the operations checklist, decided by hand from its evidence (as of 2026-11-21).
OPERATIONS = {
    "restore-ok": "met",  # a restore log that succeeded within the RTO, 19 days old
    "restore-drill": "failing",  # a restore log with a pg_restore error
    "runbook-reviewed": "attested",  # ticked, no evidence
    "operations/logging/off-site-tape-rotation": "not applicable",
    "audit-complete": "failing",  # an audit-log CSV without the userAgent column
    "access-review": "expired",  # expired 2026-06-30
    "alerting": "open",  # rolls up from its weakest child
    "pager-rota": "attested",
    "alert-routing": "open",
    "escalation-tested": "open",
}
# Leaves of both checklists: the nesting page's nine leaves are all open.
OVERALL = {
    "met": 1,
    "attested": 2,
    "expired": 1,
    "failing": 2,
    "open": 1 + 9,
    "not applicable": 1,
}


def _slug(status: str) -> str:
    return status.replace(" ", "-")


def _badges(node: Node) -> list[str]:
    return [
        cls.removeprefix("ab-badge--")
        for badge in node.find_all("span", "ab-badge")
        for cls in badge.classes
        if cls.startswith("ab-badge--")
    ]


def _bar(node: Node) -> dict[str, float]:
    """Widths (percent) of the parts of the first status bar under `node`."""
    bar = node.find("span", "ab-bar")
    parts = {}
    for part in bar.find_all("span", "ab-bar__part"):
        status = next(c for c in part.classes if c.startswith("ab-bar__part--"))
        width = re.search(r"width:\s*([\d.]+)%", part.attrs.get("style") or "")
        assert width, part.attrs
        parts[status.removeprefix("ab-bar__part--")] = float(width.group(1))
    return parts


def _expected_bar(counts: dict[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    return {_slug(s): round(100 * n / total, 2) for s, n in counts.items() if n}


# --- the dashboard -----------------------------------------------------------------------------


def test_report_has_every_status_decided_by_its_evidence(statuses: Site) -> None:
    items = {item["id"]: item["status"] for item in statuses.report["items"]}
    assert {key: items[key] for key in OPERATIONS} == OPERATIONS
    assert statuses.report["overall"]["counts"] == OVERALL
    assert statuses.report["overall"]["applicable"] == sum(OVERALL.values()) - 1


def test_dashboard_shows_overall_readiness_and_status_counts(statuses: Site) -> None:
    summary = article(statuses.site / "index.html").find("div", "ab-summary")
    applicable = sum(OVERALL.values()) - OVERALL["not applicable"]
    readiness = summary.find("span", "ab-summary__value").text()
    assert readiness == f"{100 * OVERALL['met'] / applicable:.0f}%"
    assert f"of {applicable} applicable items" in summary.text()
    shown = {}
    for count in summary.find_all("li", "ab-count"):
        assert _badges(count), count.text()
        shown[_badges(count)[0]] = int(count.find("span", "ab-count__n").text())
    assert shown == {_slug(status): n for status, n in OVERALL.items()}
    # attested is shown apart and never folded into readiness
    attested = summary.find("p", "ab-summary__attested").text()
    assert attested.startswith(f"{100 * OVERALL['attested'] / applicable:.0f}%")


def test_dashboard_has_a_bar_per_checklist(statuses: Site) -> None:
    page = article(statuses.site / "index.html")
    report = {c["path"]: c for c in statuses.report["checklists"]}
    rows = {}
    for row in page.find_all("tr"):
        links = [a.attrs.get("href") for a in row.find_all("a")]
        if links and links[0] in ("checklists/operations/", "checklists/nesting/"):
            rows[links[0]] = row
    assert set(rows) == {"checklists/operations/", "checklists/nesting/"}
    operations = report["content/checklists/operations.md"]["score"]["counts"]
    parents = ("alerting", "alert-routing")  # scores count leaves; parents roll up from them
    leaves = Counter(status for key, status in OPERATIONS.items() if key not in parents)
    assert operations == {**dict.fromkeys(OVERALL, 0), **leaves}
    assert _bar(rows["checklists/operations/"]) == _expected_bar(operations)
    nesting = report["content/checklists/nesting.md"]["score"]["counts"]
    assert _bar(rows["checklists/nesting/"]) == {"open": 100.0}
    assert nesting["open"] == 9


def test_dashboard_has_a_bar_per_section_including_subsections(statuses: Site) -> None:
    page = article(statuses.site / "index.html")
    sections = {
        (c["path"], s["id"]): s for c in statuses.report["checklists"] for s in c["sections"]
    }
    logging = sections[("content/checklists/operations.md", "logging")]["score"]["counts"]
    # "Logging" holds the n/a item itself and "Audit trail" (three leaves and two children)
    assert logging == {
        **dict.fromkeys(OVERALL, 0),
        "not applicable": 1,
        "failing": 1,
        "expired": 1,
        "attested": 1,
        "open": 1,
    }
    rows = {}
    for row in page.find_all("tr"):
        for link in row.find_all("a"):
            href = link.attrs.get("href") or ""
            if "#" in href:
                rows[href] = row
    assert set(rows) >= {
        "checklists/operations/#backups",
        "checklists/operations/#logging",
        "checklists/nesting/#mixed-lists",
        "checklists/nesting/#four-spaces",
    }
    assert _bar(rows["checklists/operations/#logging"]) == _expected_bar(logging)
    backups = sections[("content/checklists/operations.md", "backups")]["score"]["counts"]
    assert _bar(rows["checklists/operations/#backups"]) == _expected_bar(backups)
    # every section link lands on a heading of the checklist page
    for href in rows:
        page_url, anchor = href.split("#")
        ids = {node.attrs.get("id") for node in article(statuses.page(page_url)).iter()}
        assert anchor in ids, href


def test_dashboard_lists_the_worst_findings_first(statuses: Site) -> None:
    page = article(statuses.site / "index.html")
    table = page.find("table", "ab-findings")
    rows = [row for row in table.find_all("tr") if row.find_all("td")]
    levels = [row.find_all("td")[0].text() for row in rows]
    assert levels == sorted(levels, key=["error", "warning"].index)
    assert levels.count("error") == 2 and levels.count("warning") == 1  # one per failing file
    text = table.text()
    assert "evidence/backups/restore-drill.log" in text and "line 5" in text
    assert "missing required field(s): client (user agent)" in text
    assert "evidence expired on 2026-06-30" in text


# --- checklist pages ---------------------------------------------------------------------------


def _item_nodes(page: Node) -> dict[str, Node]:
    """Each task item of a page by its auditbook id (from the anchor the plugin puts on it)."""
    found = {}
    for li in page.find_all("li"):
        anchors = _own_anchors(li)
        if not anchors:
            continue
        assert len(anchors) == 1, li.text()[:80]
        item_id = anchors[0].attrs["id"] or ""
        found[item_id.removeprefix("item-").replace("--", "/")] = li
    return found


def _own_anchors(li: Node) -> list[Node]:
    """The anchor auditbook puts on an item (in its first paragraph when the list is loose)."""
    nodes = [c for c in li.children if isinstance(c, Node)]
    if nodes and nodes[0].tag == "p":
        nodes = [c for c in nodes[0].children if isinstance(c, Node)]
    return [n for n in nodes if "ab-item" in n.classes]


def _own_badges(li: Node) -> list[str]:
    """Badges of an item itself, not those of its nested items."""
    own = Node(li.tag, li.attrs, [c for c in li.children if not _is_list(c)])
    return _badges(own)


def _is_list(node: Node | str) -> bool:
    return isinstance(node, Node) and node.tag in ("ul", "ol")


def test_every_item_shows_its_status_badge(statuses: Site) -> None:
    page = article(statuses.page("checklists/operations"))
    items = _item_nodes(page)
    assert set(items) == set(OPERATIONS)
    for item_id, li in items.items():
        assert _own_badges(li) == [_slug(OPERATIONS[item_id])], item_id
    counted = Counter(b for li in items.values() for b in _own_badges(li))
    assert counted == Counter(_slug(status) for status in OPERATIONS.values())
    # each of the six statuses appears at least once on the page
    assert set(counted) == {_slug(status) for status in OVERALL}
    # the attributes are for auditbook, not for readers
    assert "{#" not in page.text() and "na=" not in page.text()


def test_evidence_links_lead_to_the_evidence_pages(statuses: Site) -> None:
    page = article(statuses.page("checklists/operations"))
    items = _item_nodes(page)
    expected = {
        "restore-ok": "evidence/backups/restore-ok.log",
        "restore-drill": "evidence/backups/restore-drill.log",
        "audit-complete": "evidence/audit/api-2026-11.csv",
        "access-review": "evidence/reviews/access-review.txt",
    }
    for item_id, li in items.items():
        own = Node(li.tag, li.attrs, [c for c in li.children if not _is_list(c)])
        links = own.find_all("a", "ab-evidence")
        if item_id not in expected:
            assert not links, item_id
            continue
        assert len(links) == 1, item_id
        target = statuses.resolve("checklists/operations/", links[0].attrs["href"] or "")
        assert target == statuses.page(expected[item_id]), item_id
        assert target.is_file()
        assert f"<code>{expected[item_id]}</code>" in target.read_text("utf-8")


# --- nesting: the HTML nests exactly as the parser reads the page ------------------------------

Tree = list[tuple[str | None, "Tree"]]


def _html_tree(node: Node) -> Tree:
    """Task items as the HTML nests them; other elements (and plain items) are transparent."""
    tree: Tree = []
    for child in node.children:
        if not isinstance(child, Node):
            continue
        # auditbook's items carry its anchor; without the plugin, pymdownx marks task items
        if child.tag == "li" and ("task-list-item" in child.classes or _own_anchors(child)):
            anchors = [a for a in child.find_all("span", "ab-item")]
            label = (anchors[0].attrs.get("id") or "").removeprefix("item-") if anchors else None
            tree.append((label, _html_tree(child)))
        else:
            tree.extend(_html_tree(child))
    return tree


def _parser_tree(items: tuple[Item, ...]) -> Tree:
    return [(item.id.replace("/", "--"), _parser_tree(item.children)) for item in items]


def _shape(tree: Tree) -> list[Any]:
    return [_shape(children) for _, children in tree]


def _parsed(root: Path, page: str) -> Any:
    source = root / "content" / "checklists" / page
    text, _ = read_source(source.read_bytes(), f"content/checklists/{page}")
    body = split_front_matter(text, f"content/checklists/{page}").body_text
    checklist, _ = parse_checklist(f"content/checklists/{page}", body)
    return checklist


@pytest.mark.parametrize("page", ["operations", "nesting"])
def test_html_nests_items_exactly_like_the_parser(statuses: Site, page: str) -> None:
    checklist = _parsed(statuses.root, f"{page}.md")
    expected = [tree for s in checklist.sections for tree in _parser_tree(s.items)]
    html = _html_tree(article(statuses.page(f"checklists/{page}")))
    assert html == expected
    assert max(item.depth for item in checklist.all_items()) >= 2  # the page does nest


@pytest.fixture(scope="module")
def plain_nesting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The nesting page built by MkDocs alone, without auditbook."""
    root = copy_fixture("statuses", tmp_path_factory.mktemp("plain") / "p")
    config = (root / "mkdocs.yml").read_text("utf-8")
    plugin = config[config.index("  - auditbook:") : config.index("markdown_extensions:")]
    (root / "mkdocs.yml").write_text(config.replace(plugin, ""), "utf-8")
    assert "auditbook" not in (root / "mkdocs.yml").read_text("utf-8")
    mkdocs_build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    return root / "site" / "checklists" / "nesting" / "index.html"


def test_front_matter_with_lists_reaches_mkdocs_as_written(statuses: Site) -> None:
    """The page's lists are re-indented for Python-Markdown; the YAML lists of its front
    matter are not, or MkDocs would lose its title and print the rest as text."""
    page = statuses.page("checklists/nesting").read_text("utf-8")
    assert "<title>Nesting as people write it - " in page
    assert "Fictional Reviewer" not in page
    assert "reviewers" not in article(statuses.page("checklists/nesting")).text()


def test_plain_mkdocs_flattens_two_space_lists(statuses: Site, plain_nesting: Path) -> None:
    """Proves the nesting test can fail: Python-Markdown alone needs four spaces per level."""
    checklist = _parsed(statuses.root, "nesting.md")
    two_spaces, four_spaces = checklist.sections
    plain = _shape(_html_tree(article(plain_nesting)))
    two_space_shape = _shape(_parser_tree(two_spaces.items))
    four_space_shape = _shape(_parser_tree(four_spaces.items))
    assert plain != two_space_shape + four_space_shape
    # without the plugin, the two-space section loses its levels; four spaces survive
    assert plain[-len(four_space_shape) :] == four_space_shape
    flattened = plain[: -len(four_space_shape)]
    assert len(flattened) > len(two_space_shape)


# --- the evidence register and evidence pages --------------------------------------------------

EVIDENCE = {
    "evidence/audit/api-2026-11.csv": "failing",
    "evidence/backups/restore-drill.log": "failing",
    "evidence/backups/restore-ok.log": "current",
    "evidence/reviews/access-review.txt": "expired",
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_register_lists_every_evidence_file_with_its_hash(statuses: Site) -> None:
    page = article(statuses.site / "evidence" / "index.html")
    rows = [row for row in page.find("table", "ab-register").find_all("tr") if row.find_all("td")]
    seen = {}
    for row in rows:
        path = row.find("code").text()
        seen[path] = row
        sha = next(c for c in row.find_all("code") if c.attrs.get("title"))
        assert sha.attrs["title"] == _sha256(statuses.root / path), path
        assert sha.text() == sha.attrs["title"][:12]
        assert _badges(row) == [EVIDENCE[path]], path
        link = row.find("a").attrs["href"] or ""
        assert statuses.resolve("evidence/", link) == statuses.page(path)
    assert set(seen) == set(EVIDENCE)


def test_evidence_page_shows_facts_findings_and_sha256(statuses: Site) -> None:
    ok = article(statuses.page("evidence/backups/restore-ok.log"))
    assert ok.find("h1").text() == "Nightly restore test"
    facts = {
        row.find("th").text(): row.find("td").text()
        for row in ok.find("table", "ab-facts").find_all("tr")
    }
    assert facts["Tool"] == "pg_restore"
    assert facts["Result"] == "succeeded"
    assert facts["Within RTO"] == "yes"
    assert _sha256(statuses.root / "evidence/backups/restore-ok.log") in ok.text()
    covers = ok.find("ul", "ab-covers").find("a").attrs["href"] or ""
    assert covers.endswith("#item-restore-ok")
    target = statuses.resolve("evidence/backups/restore-ok.log/", covers)
    assert target == statuses.page("checklists/operations")
    assert 'id="item-restore-ok"' in target.read_text("utf-8")

    drill = article(statuses.page("evidence/backups/restore-drill.log"))
    findings = drill.find("ul", "ab-findings").text()
    assert "evidence/backups/restore-drill.log:5" in findings
    assert "restore failed" in findings
    assert _sha256(statuses.root / "evidence/backups/restore-drill.log") in drill.text()


def test_raw_files_are_published_only_when_the_sidecar_says_so(statuses: Site) -> None:
    published = statuses.site / "evidence-files" / "backups" / "restore-ok.log"
    assert (
        published.read_bytes() == (statuses.root / "evidence/backups/restore-ok.log").read_bytes()
    )
    ok = article(statuses.page("evidence/backups/restore-ok.log"))
    download = next(a for a in ok.find_all("a") if "download" in a.attrs)
    assert statuses.resolve("evidence/backups/restore-ok.log/", download.attrs["href"] or "") == (
        published
    )
    # no unpublished evidence is anywhere in the site, under any name
    site_hashes = {_sha256(path) for path in statuses.site.rglob("*") if path.is_file()}
    for path in EVIDENCE:
        if path != "evidence/backups/restore-ok.log":
            assert _sha256(statuses.root / path) not in site_hashes, path
    drill = article(statuses.page("evidence/backups/restore-drill.log"))
    assert "raw file not published" in drill.text()


# --- findings, report.json, manifest.json ------------------------------------------------------


def test_findings_page_lists_every_finding(statuses: Site) -> None:
    page = article(statuses.page("findings"))
    rows = [row for row in page.find("table", "ab-findings").find_all("tr") if row.find_all("td")]
    report = statuses.report["findings"]
    # one row per cause: each failing file once, its failed lines beneath it
    assert len(rows) == 3 and len(report) == 5
    shown = Counter(row.find_all("td")[2].text() for row in rows)
    shown += Counter(
        code.text() for row in rows for li in row.find_all("li") for code in li.find_all("code")
    )
    assert shown == Counter(finding["code"] for finding in report)
    assert "4 errors, 1 warnings" in page.text()


def test_manifest_hashes_match_the_files(statuses: Site) -> None:
    manifest = statuses.manifest
    outputs = {entry["path"]: entry for entry in manifest["outputs"]}
    on_disk = {
        path.relative_to(statuses.site).as_posix()
        for path in statuses.site.rglob("*")
        if path.is_file()
    }
    assert set(outputs) == on_disk - {"manifest.json"}
    for path, entry in outputs.items():
        file = statuses.site / path
        assert entry["sha256"] == _sha256(file), path
        assert entry["size"] == file.stat().st_size, path
    assert {"report.json", "index.html", "evidence/index.html", "findings/index.html"} <= set(
        outputs
    )
    evidence = {entry["path"]: entry["sha256"] for entry in manifest["evidence"]}
    assert evidence == {path: _sha256(statuses.root / path) for path in EVIDENCE}
    assert manifest["as_of"] == AS_OF
    assert statuses.report["as_of"] == AS_OF


# --- escaping: evidence is untrusted -----------------------------------------------------------


class _LiveMarkup(HTMLParser):
    """Collects anything that would run or navigate to script in a browser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            text = re.sub(r"\s+", "", value or "").lower()
            if name.startswith("on") or text.startswith("javascript:") or "alert(" in text:
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.found.append(f"<script>{data[:60]}")


def _live_markup(site: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        parser = _LiveMarkup()
        parser.feed(path.read_text("utf-8"))
        if parser.found:
            found[path.relative_to(site).as_posix()] = parser.found
    return found


def test_hostile_evidence_never_becomes_live_html(hostile: Site) -> None:
    assert _live_markup(hostile.site) == {}
    # the hostile strings are there, shown as text
    csv_page = (hostile.page("evidence/audit/api.csv")).read_text("utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in csv_page
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in csv_page
    # Text copied from the file (here an unparseable time) is shown beside the finding on
    # the evidence page of a published file, and never on the shared findings page.
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in csv_page
    assert "alert(2)" not in hostile.page("findings").read_text("utf-8")


def test_the_live_markup_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '<p><a href=" JavaScript:alert(1)">x</a><img src=x onerror=alert(1)>'
        "<script>alert(1)</script></p>",
        "utf-8",
    )
    assert len(_live_markup(tmp_path)["page.html"]) == 4


def test_markdown_in_evidence_titles_stays_text(hostile: Site) -> None:
    review = hostile.page("evidence/notes/review.txt")
    assert article(review).find("h1").text() == "[x](javascript:alert(1))"
    assert "<title>[x](javascript:alert(1))" in review.read_text("utf-8")
    # a title that is not valid inside naive YAML front matter is still the page's title
    quoting = article(hostile.page("evidence/notes/quoting.txt"))
    title = 'Quote " backslash \\q colon: *stars* and <b>tag</b>'
    assert quoting.find("h1").text() == title
    assert "title:" not in quoting.text()
    checklist = article(hostile.page("checklists/hostile"))
    links = {a.text() for a in checklist.find_all("a", "ab-evidence")}
    assert links == {"<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", title}


def test_published_hostile_evidence_is_served_as_data(hostile: Site) -> None:
    raw = hostile.site / "evidence-files" / "audit" / "api.csv"
    assert raw.read_bytes() == (hostile.root / "evidence/audit/api.csv").read_bytes()
    assert not (hostile.site / "evidence-files" / "notes").exists()


# --- mojibake ----------------------------------------------------------------------------------

# \u201a is the low comma quote a Mac Roman 0xE2 (the lead of most symbols) turns into.
MOJIBAKE = ["ð", "Ÿ", "\u201a", "ü…", "Ô", "∏", "¬", "\uf8ff"]


def _site_text(path: Path) -> str | None:
    """What a reader sees of a site file: its text, a PDF's text layer; None for images."""
    if path.suffix == ".pdf":
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        return done.stdout.decode("utf-8")
    if path.suffix in (".html", ".json", ".xml", ".txt", ".md", ".csv", ".log", ".yml"):
        return path.read_text("utf-8")
    return None


def _mojibake_in(site: Path) -> dict[str, list[str]]:
    """Mojibake in the pages and data auditbook makes (the theme's own assets aside)."""
    found = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative.startswith("assets/"):
            continue
        text = _site_text(path)
        bad = [char for char in MOJIBAKE if text is not None and char in text]
        if bad:
            found[relative] = bad
    return found


def _unrecoverable_lines(raw: bytes) -> set[int]:
    """Lines with an emoji that neither codepage maps back to UTF-8 (bytes were lost).

    An emoji's lead byte 0xF0 reads as 'ð' in Windows-1252 and as U+F8FF in Mac Roman.
    """
    lines = set()
    for number, line in enumerate(raw.decode("utf-8").split("\n"), start=1):
        for run in re.findall("[\u00f0\uf8ff][^\\x00-\\x7f]*", line):
            for codepage in ("cp1252", "mac_roman"):
                try:
                    run.encode(codepage).decode("utf-8")
                    break
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
            else:
                lines.add(number)
    return lines


def _warned_lines(site: Site, path: str) -> set[int]:
    return {
        finding["line"]
        for finding in site.report["findings"]
        if finding["code"] == "source-mojibake"
        and finding["level"] == "warning"
        and finding["path"] == path
    }


@pytest.mark.packet
def test_mojibake_headings_render_with_their_emoji(mojibake: Site) -> None:
    page = article(mojibake.page("checklists/emoji"))
    headings = [h.text().removesuffix("¶").strip() for h in page.find_all("h2")]
    assert headings == [
        "🚀 Launch (Windows-1252)",
        "✅ Done (Mac Roman)",
        "📅 Calendar (Mac Roman)",
        "⚠️ Careful (Mac Roman, with a variation selector)",
        "Keys (Windows-1252, a byte lost)",
        "Build (Windows-1252, bytes lost)",
        "Real text stays as written",
    ]
    text = page.text()
    real_text = "Jos\u00e9\u2019s caf\u00e9 \u2014 \u00fcber na\u00efve"
    for restored in ("Loading… done", "Fridge at 4°C", "Wait… then go", real_text):
        assert restored in text
    assert _mojibake_in(mojibake.site) == {}


@pytest.mark.packet
def test_unrecoverable_mojibake_is_warned_with_file_and_line(mojibake: Site) -> None:
    path = "content/checklists/emoji.md"
    raw = (FIXTURES / "mojibake" / path).read_bytes()
    assert _unrecoverable_lines(raw) == {24, 28}
    assert _warned_lines(mojibake, path) == {24, 28}


@pytest.mark.packet
def test_seed_checklists_build_without_mojibake(seeds: Site) -> None:
    assert _mojibake_in(seeds.site) == {}
    readiness = seeds.page("checklists/readiness").read_text("utf-8")
    deployment = seeds.page("checklists/deployment").read_text("utf-8")
    assert "🔐 Security &amp; Authentication" in readiness
    assert "✅ Multi-Tenant Protection" in readiness
    assert "🚀 Deployment Process" in deployment


@pytest.mark.packet
def test_seed_checklists_warn_where_bytes_were_lost(seeds: Site) -> None:
    for name in ("deployment.md", "readiness.md"):
        path = f"content/checklists/{name}"
        expected = _unrecoverable_lines((REPO / path).read_bytes())
        assert _warned_lines(seeds, path) == expected, name
    assert _warned_lines(seeds, "content/checklists/deployment.md")  # the seeds do lose bytes


# --- mkdocs build --strict ---------------------------------------------------------------------

CLEAN = {
    "content/checklists/ops.md": "# Ops\n\n## Backups\n\n- [ ] Restore tested {#restore}\n",
    "evidence/restore.txt": "FICTIONAL: restore tested.\n",
    "evidence/restore.txt.meta.yml": (
        "title: Restore test\nkind: other\ncovers:\n  - restore\n"
        "collected: 2026-11-01\ncollected_by: Ops (fictional)\nvalid_for: 90d\n"
    ),
}


def _mkdocs_build(root: Path, site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(MKDOCS), "build", "-f", str(root / "mkdocs.yml"), "-d", str(site), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def test_strict_mkdocs_build_passes_on_a_clean_project(tmp_path: Path) -> None:
    root = write_project(tmp_path / "clean", CLEAN, AS_OF, packet=False)
    result = _mkdocs_build(root, tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "index.html").is_file()
    assert "Traceback" not in result.stderr


def test_strict_mkdocs_build_fails_on_a_finding(tmp_path: Path) -> None:
    sidecar = CLEAN["evidence/restore.txt.meta.yml"] + "colected_by: typo\n"
    files = {**CLEAN, "evidence/restore.txt.meta.yml": sidecar}
    root = write_project(tmp_path / "typo", files, packet=False)
    result = _mkdocs_build(root, tmp_path / "out", "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "evidence/restore.txt.meta.yml:8: unknown key 'colected_by'" in output
    assert "Aborted with 1 errors in strict mode" in output
    assert "Traceback" not in output
    # without --strict the same project builds: the gate is `check` or `--strict`
    assert run_cli(root, "build").exit_code == 0


# --- atomic builds -----------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_failed_build_leaves_the_previous_site_untouched(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = copy_fixture("statuses", tmp_path / "p")
    assert run_cli(root, "build").exit_code == 0
    before = _snapshot(root / "site")
    beside = sorted(p.name for p in root.iterdir())
    # nested deeper than the parser accepts: a ChecklistError in the middle of the build
    deep = "".join("  " * level + f"- [ ] level {level}\n" for level in range(40))
    (root / "content" / "checklists" / "deep.md").write_text("# Deep\n\n" + deep, "utf-8")
    caplog.clear()
    result = run_cli(root, "build")
    assert result.exit_code == 2
    assert result.output.startswith("error: build failed")
    # MkDocs logs the plugin's error, then aborts
    assert "content/checklists/deep.md:35: lists nested deeper than 32 levels" in caplog.text
    assert "Traceback" not in result.output
    assert _snapshot(root / "site") == before
    assert sorted(p.name for p in root.iterdir()) == beside  # no temporary folders left


def test_a_build_into_a_new_folder_that_fails_creates_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An author's index.md where `prefix: ""` puts the dashboard: refused, nothing written."""
    root = copy_fixture("statuses", tmp_path / "p")
    config = (FIXTURES / "statuses" / "mkdocs.yml").read_text("utf-8")
    config = config.replace("      as_of:", '      prefix: ""\n      as_of:')
    (root / "mkdocs.yml").write_text(config, "utf-8")
    (root / "content" / "index.md").write_text("# My own home page\n", "utf-8")
    result = run_cli(root, "build", "-d", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "auditbook generates index.md, a page docs_dir has too" in caplog.text
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]
