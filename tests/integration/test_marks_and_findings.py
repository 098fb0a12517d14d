"""Marks that agree with statuses, findings that lead somewhere, facts an auditor needs.

Built for real from the statuses fixture (one item of every status) and the mojibake
fixture (a page repaired on the way in), read back as HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditbook.render.labels import STATUS_MEANINGS
from conftest import REPO, copy_fixture, write_project
from support.html import Node, article
from support.html import parse_html as parse
from support.sites import Site, build_site

CSS = REPO / "generator/auditbook/templates/assets/auditbook.css"
PACKET_CSS = REPO / "generator/auditbook/templates/packet/packet.css"
STATUSES = [status for status, _ in STATUS_MEANINGS]


@pytest.fixture(scope="module")
def statuses(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(copy_fixture("statuses", tmp_path_factory.mktemp("statuses") / "p"))


@pytest.fixture(scope="module")
def mojibake(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(copy_fixture("mojibake", tmp_path_factory.mktemp("mojibake") / "p"))


def _marks(css: Path) -> dict[str, str]:
    """The mark each status badge is drawn with: `.ab-badge--met::before { content: ... }`."""
    marks = {}
    for selectors, content in re.findall(
        r"([^{}]+)\{\s*content:\s*\"([^\"]+)\";\s*\}", css.read_text()
    ):
        for slug in re.findall(r"\.ab-badge--([a-z-]+)::before", selectors):
            marks[slug] = content
    return marks


@pytest.mark.parametrize("css", [CSS, PACKET_CSS], ids=["site", "packet"])
def test_every_status_has_its_own_mark_the_same_on_site_and_packet(css: Path) -> None:
    marks = _marks(css)
    slugs = [status.replace(" ", "-") for status in STATUSES]
    assert set(slugs) <= set(marks)
    assert len({marks[slug] for slug in slugs}) == len(slugs)  # no two statuses alike
    assert {s: marks[s] for s in slugs} == {s: _marks(CSS)[s] for s in slugs}


def _li_of(page: Node, item_id: str) -> Node:
    """The list item that is the item itself (its anchor a child, not a descendant's)."""
    for li in page.find_all("li"):
        own = [c for c in li.children if isinstance(c, Node)]
        if own and own[0].tag == "p":
            own = [c for c in own[0].children if isinstance(c, Node)]
        if any(n.attrs.get("id") == f"item-{item_id}" for n in own if "ab-item" in n.classes):
            return li
    raise AssertionError(item_id)


def test_no_checkbox_contradicts_a_status(statuses: Site) -> None:
    page = article(statuses.page("checklists/operations"))
    boxes = [i for i in page.find_all("input") if i.attrs.get("type") == "checkbox"]
    assert boxes == []  # the task boxes are gone from auditbook's items
    # proven by evidence though never ticked; ticked though unproven
    assert "ab-badge--met" in _li_of(page, "restore-ok").find("span", "ab-badge").classes
    assert "ab-badge--attested" in _li_of(page, "runbook-reviewed").find("span", "ab-badge").classes


@pytest.mark.parametrize("url", ["", "checklists/operations/"])
def test_a_legend_explains_every_mark(statuses: Site, url: str) -> None:
    legend = parse(statuses.site / url / "index.html").find("ul", "ab-legend")
    entries = legend.find_all("li")
    assert [e.find("span", "ab-badge").text() for e in entries] == STATUSES
    assert "never counted as proof" in legend.text()


def test_a_not_applicable_item_shows_its_reason(statuses: Site) -> None:
    page = article(statuses.page("checklists/operations"))
    li = _li_of(page, "operations--logging--off-site-tape-rotation")
    assert li.find("span", "ab-na-reason").text() == "Not applicable: no tapes: cloud backups only"


def _rows(site: Site, url: str) -> list[Node]:
    table = article(site.page(url) if url else site.site / "index.html").find(
        "table", "ab-findings"
    )
    return [row for row in table.find_all("tr") if row.find_all("td")]


@pytest.mark.parametrize("url", ["", "findings"])
def test_findings_link_to_what_they_concern_and_the_links_land(statuses: Site, url: str) -> None:
    page_url = f"{url}/" if url else ""
    targets = {}
    for row in _rows(statuses, url):
        link = row.find("a", "ab-finding__target")
        href = link.attrs["href"] or ""
        file = statuses.resolve(page_url, href)
        assert file.is_file(), href
        if "#" in href:
            ids = {node.attrs.get("id") for node in parse(file).iter()}
            assert href.split("#")[1] in ids, href
        targets[link.text()] = file
    assert targets == {
        "→ Quarterly restore drill": statuses.page("evidence/backups/restore-drill.log"),
        "→ API audit log, November (userAgent column missing)": statuses.page(
            "evidence/audit/api-2026-11.csv"
        ),
        "→ Access review sign-off": statuses.page("evidence/reviews/access-review.txt"),
    }


def test_one_failed_file_is_one_entry(statuses: Site) -> None:
    rows = _rows(statuses, "findings")
    drill = [row for row in rows if "restore-drill.log" in row.text()]
    assert len(drill) == 1
    cell = drill[0].find_all("td")[1].text()
    assert cell.startswith("evidence shows a failure: restore failed at line 5"), cell


def test_encoding_repairs_read_as_words_and_stay_out_of_the_worst(mojibake: Site) -> None:
    repairs = [row for row in _rows(mojibake, "findings") if "source-mojibake" in row.text()]
    assert repairs
    for row in repairs:
        assert not re.search(r"\\x|\\u", row.text()), row.text()
    dashboard = (mojibake.site / "index.html").read_text("utf-8")
    assert "source-mojibake" not in dashboard and "copy and paste" not in dashboard


def test_the_register_names_items_by_their_text_with_the_id_beneath(statuses: Site) -> None:
    table = article(statuses.page("evidence")).find("table", "ab-register")
    refs = table.find_all("span", "ab-item-ref")
    shown = {ref.find("a").text(): ref.find("span", "ab-item-ref__id").text() for ref in refs}
    assert shown["Nightly restore test passes"] == "restore-ok"
    assert shown["Quarterly restore drill passes"] == "restore-drill"


def test_findings_about_items_and_controls_link_to_them(tmp_path: Path) -> None:
    checklist = (
        "# Access\n\n## Logins\n\n"
        '- [x] MFA for admins {#mfa hipaa="164.312(d)"}\n'
        '- [ ] Sessions expire {#sessions na=""}\n'  # an empty reason: an error on the item
    )
    site = build_site(write_project(tmp_path / "p", {"content/checklists/access.md": checklist}))
    targets = {}
    for row in _rows(site, "findings"):
        link = row.find_all("a", "ab-finding__target")
        code = row.find_all("td")[2].text()
        if link:
            targets.setdefault(code, set()).add(link[0].attrs["href"])
    assert targets["item-na-reason"] == {"../checklists/access/#item-sessions"}
    gaps = targets["coverage-gap"]
    assert "../coverage/#hipaa-164-308-a-1-ii-A" in gaps  # Risk Analysis: nothing covers it
    ids = {node.attrs.get("id") for node in parse(site.page("coverage")).iter()}
    assert {href.split("#")[1] for href in gaps} <= ids
    # the dashboard's headline counts the Required gaps and leads to them
    tile = next(
        a
        for a in article(site.site / "index.html").find_all("a", "ab-tile")
        if "Required HIPAA" in a.text()
    )
    assert tile.attrs["href"] == "coverage/#gaps" and "gaps" in ids
    assert int(tile.find("span", "ab-tile__n").text()) == len(
        [r for r in _rows(site, "findings") if r.find_all("td")[2].text() == "coverage-gap"]
    )


def test_a_parent_shows_its_items_below_by_status(statuses: Site) -> None:
    page = article(statuses.page("checklists/operations"))
    alerting = _li_of(page, "alerting")
    own = [c for c in alerting.children if isinstance(c, Node) and c.tag not in ("ul", "ol")]
    below = [n for c in own for n in [c, *c.find_all()] if "ab-children" in n.classes]
    assert [n.text() for n in below] == ["items below: 1 attested · 1 open"]
    assert _li_of(page, "pager-rota").find_all("span", "ab-children") == []  # a leaf: none
