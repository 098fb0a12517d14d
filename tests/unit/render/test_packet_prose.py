"""Text for the packet: emoji, site links turned into packet links, pages and item Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditbook.render.packet.prose import Links, printable, render_inline, render_page, split_title

LINKS = Links(
    Path("/project/content"),
    {
        "checklists/security.md": "cl-checklists-security",
        "runbooks/restore.md": "pg-runbooks-restore",
    },
    frozenset({"runbooks/restore.md"}),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("🚀 Deployment Process", "Deployment Process"),
        ("## 🔐 Security", "## Security"),
        ("✅ COMPLETE", "✓ COMPLETE"),
        ("❌ not yet", "✗ not yet"),
        ("⚠️ careful", "⚠ careful"),  # DejaVu has the sign; the variation selector goes
        ("👩‍💻 on call", "on call"),  # a ZWJ sequence goes whole
        ("≥ 99.9% · 164.312(b) — ok", "≥ 99.9% · 164.312(b) — ok"),
    ],
)
def test_printable(text: str, expected: str) -> None:
    assert printable(text) == expected


@pytest.mark.parametrize(
    ("src_uri", "href", "expected"),
    [
        ("runbooks/restore.md", "#quarterly-drill", "#pg-runbooks-restore-quarterly-drill"),
        ("runbooks/restore.md", "../checklists/security.md", "#cl-checklists-security"),
        ("runbooks/restore.md", "../checklists/security.md#mfa", "#cl-checklists-security"),
        ("checklists/security.md", "../runbooks/restore.md#drill", "#pg-runbooks-restore-drill"),
        ("checklists/security.md", "#anything", "#cl-checklists-security"),
        ("runbooks/restore.md", "https://example.com/a", "https://example.com/a"),
        ("runbooks/restore.md", "mailto:sec@example.com", "mailto:sec@example.com"),
        ("runbooks/restore.md", "../launch-plan.md", None),  # not in the packet
        ("runbooks/restore.md", "files/diagram.pdf", None),
    ],
)
def test_site_links_become_packet_links(src_uri: str, href: str, expected: str | None) -> None:
    assert LINKS.href(src_uri, href) == expected


def test_images_resolve_beside_the_page_or_are_refused() -> None:
    assert (
        LINKS.src("runbooks/restore.md", "img/a.png")
        == "file:///project/content/runbooks/img/a.png"
    )
    assert LINKS.src("runbooks/restore.md", "https://example.com/a.png") is None
    assert LINKS.src("runbooks/restore.md", "//example.com/a.png") is None
    assert LINKS.src("runbooks/restore.md", "data:image/png;base64,AAAA") == (
        "data:image/png;base64,AAAA"
    )


def test_item_markdown_is_rendered_and_raw_html_is_shown() -> None:
    html = render_inline(
        "Use **MFA** with `totp` <script>alert(1)</script> [docs](../runbooks/restore.md)",
        "checklists/security.md",
        LINKS,
    )
    assert "<strong>MFA</strong>" in html
    assert "<code>totp</code>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="#pg-runbooks-restore">docs</a>' in html


def test_item_links_that_are_unsafe_or_lead_nowhere_lose_their_target() -> None:
    html = render_inline(
        "[x](javascript:alert(1)) [y](../launch-plan.md)", "checklists/security.md", LINKS
    )
    assert 'href="javascript' not in html  # not a link: markdown-it refuses the target
    assert "<a>y</a>" in html


def test_item_images_on_the_network_are_replaced_by_a_note() -> None:
    html = render_inline("![chart](https://example.com/c.png)", "checklists/security.md", LINKS)
    assert "<img" not in html
    assert "image not included: chart (https://example.com/c.png)" in html


def test_pages_move_down_a_level_with_prefixed_ids_and_boxes() -> None:
    title, body = split_title(
        "# Runbook\n\nText.\n\n## Quarterly drill\n\n- [ ] one\n- [x] two\n", "x"
    )
    assert title == "Runbook"
    html = render_page(body, "runbooks/restore.md", LINKS)
    assert '<h3 id="pg-runbooks-restore-quarterly-drill">Quarterly drill</h3>' in html
    assert "<li>\u2610 one</li>" in html and "<li>\u2611 two</li>" in html


def test_a_page_without_a_title_gets_the_fallback() -> None:
    assert split_title("Just text.\n", "Restore") == ("Restore", "Just text.\n")


def test_attachment_names_are_flat_and_unique() -> None:
    from types import SimpleNamespace

    from auditbook.core.results import EvidenceResult
    from auditbook.domain.model import Evidence, EvidenceState
    from auditbook.render.packet.attachments import attachment_names

    paths = ["evidence/manifest.json", "evidence/a/b.log", "evidence/a__b.log", "evidence/x"]
    results = tuple(
        EvidenceResult(Evidence(path, "0" * 64, 1, None), EvidenceState.UNDESCRIBED, ())
        for path in paths
    )
    names = attachment_names(SimpleNamespace(evidence=results), full=True)  # type: ignore[arg-type]
    assert names == {
        "evidence/manifest.json": "manifest-2.json",  # manifest.json is the packet's own
        "evidence/a/b.log": "a__b.log",
        "evidence/a__b.log": "a__b-2.log",
        "evidence/x": "x",
    }
