"""The PDF packet, read back as an auditor's tools read it: pypdf, pdftotext, qpdf, pdftoppm."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from auditbook.render.packet.packet import Packet, render_packet, write_packet
from conftest import copy_fixture, run_cli
from support.packets import EPOCH, PacketProject, fixture_project

FOOTER = re.compile(r"page (\d+) of (\d+)")
TOC_LINE = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", re.MULTILINE)

pytestmark = pytest.mark.packet


@dataclass
class Built:
    root: Path
    pdf: Path
    packet: Packet
    reader: PdfReader
    pages: list[str]  # pdftotext -layout, one string per page


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")[:-1]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


@pytest.fixture(scope="module")
def built(packet_project: PacketProject) -> Built:
    """The full packet, version 1.2, written by write_packet at SOURCE_DATE_EPOCH."""
    pdf = packet_project.full
    return Built(packet_project.root, pdf, packet_project.packet, PdfReader(pdf), page_texts(pdf))


def test_every_evidence_file_is_attached_with_its_exact_bytes(built: Built) -> None:
    attachments = built.reader.attachments
    evidence = {
        "backups__restore-drill.log": "evidence/backups/restore-drill.log",
        "screens__mfa-settings.png": "evidence/screens/mfa-settings.png",
        "sign-offs__security-lead.yml": "evidence/sign-offs/security-lead.yml",
    }
    assert set(attachments) == {*evidence, "manifest.json"}
    for name, path in evidence.items():
        (data,) = attachments[name]
        expected = hashlib.sha256((built.root / path).read_bytes()).hexdigest()
        assert hashlib.sha256(data).hexdigest() == expected, name
    assert built.packet.attachments == 4


def test_the_manifest_lists_every_file_and_says_which_are_attached(built: Built) -> None:
    (data,) = built.reader.attachments["manifest.json"]
    manifest = json.loads(data)
    assert manifest["packet_version"] == "1.2"
    by_path = {entry["path"]: entry for entry in manifest["evidence"]}
    assert len(by_path) == 4
    for path, entry in by_path.items():
        assert entry["sha256"] == hashlib.sha256((built.root / path).read_bytes()).hexdigest()
    assert by_path["evidence/reports/pentest.txt"]["attachment"] is None
    assert by_path["evidence/screens/mfa-settings.png"]["attachment"] == "screens__mfa-settings.png"


def test_attachments_are_pdfa3_associated_files(built: Built) -> None:
    catalog = built.reader.trailer["/Root"]
    associated = [spec.get_object() for spec in catalog["/AF"]]
    assert len(associated) == 4
    assert {str(spec["/AFRelationship"]) for spec in associated} == {"/Data"}


def test_the_register_says_what_is_not_in_the_packet(built: Built) -> None:
    register = next(text for text in built.pages if "Evidence register" in text.split("\n")[3])
    text = "\n".join(built.pages[built.pages.index(register) :])
    assert "not attached: its sidecar says packet: false" in " ".join(text.split())
    assert "evidence/reports/pentest.txt" in text
    full = hashlib.sha256((built.root / "evidence/reports/pentest.txt").read_bytes()).hexdigest()
    assert full in text.replace("\n", "").replace(" ", "")


def test_the_table_of_contents_gives_the_pages_where_chapters_really_start(built: Built) -> None:
    toc = built.pages[1]
    entries = TOC_LINE.findall(toc)
    assert len(entries) >= 12
    bookmarks = {title: page for _, title, page in outline(built.reader)}
    for title, number in entries:
        page = int(number)
        assert bookmarks[title] == page, title
        assert title in " ".join(built.pages[page - 1].split()), (title, page)
    # The chapters are where the TOC says, and in this order.
    chapters = [title for title, _ in entries if not title.startswith(" ")]
    assert chapters[:3] == ["Executive summary", "Operations checklist", "Deployment process"]


def test_bookmarks_for_every_chapter_and_section(built: Built) -> None:
    marks = [(depth, title) for depth, title, _ in outline(built.reader)]
    for chapter in (
        "Contents",
        "Executive summary",
        "Operations checklist",
        "Security checklist",
        "Runbooks and plans",
        "Evidence register",
        "Sign-off",
        "Findings",
    ):
        assert (0, chapter) in marks
    for section in ("Deployment process", "Monitoring", "Access control", "\u2713 Backups"):
        assert (1, section) in marks
    assert (1, "Runbook: restoring the database") in marks
    assert (2, "Quarterly drill") in marks


def test_metadata_is_set_and_dated_by_source_date_epoch(built: Built) -> None:
    meta = built.reader.metadata
    assert meta.title == "Example Clinic (fictional): Fixture system, audit packet 1.2"
    assert meta.author == "Example Clinic (fictional)"
    assert "as of 2026-11-21" in meta.subject
    assert "HIPAA" in meta["/Keywords"]
    assert meta["/CreationDate"] == "D:20251121044000Z"
    xmp = built.reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xmp or 'pdfaid:part="3"' in xmp
    assert "/StructTreeRoot" in built.reader.trailer["/Root"]  # tagged


def test_qpdf_finds_no_error(built: Built) -> None:
    result = subprocess.run(["qpdf", "--check", str(built.pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cover_heads_and_footers(built: Built) -> None:
    cover = " ".join(built.pages[0].split())
    for text in ("Example Clinic (fictional)", "Fixture system", "1.2", "2026-11-21"):
        assert text in cover
    assert re.search(r"Met Attested Expired Failing Open 4 15 0 0 81", cover), cover
    assert "page 1 of" not in cover  # the cover has no running heads
    total = len(built.pages)
    assert built.packet.pages == total
    for number, text in enumerate(built.pages[1:], start=2):
        assert FOOTER.search(text).groups() == (str(number), str(total))  # type: ignore[union-attr]
        head = text.strip().split("\n")[0]
        assert "Example Clinic (fictional)" in head
        assert "Audit packet 1.2" in head


def test_long_tables_repeat_their_header_on_every_page(built: Built) -> None:
    pages = [text for text in built.pages if "Step 3" in text or "Step 5" in text]
    assert len(pages) >= 3
    for text in pages:
        assert re.search(r"Status\s+Item\s+Evidence", text), text[:300]
    # No row is lost at a page break: every step is printed once.
    everything = "\n".join(built.pages)
    for step in range(1, 91):
        assert everything.count(f"Step {step:02d}:") == 1


def test_nothing_is_cut_off_at_the_page_edge(built: Built) -> None:
    """Every word lies inside the page's margins, long URLs and table cells included."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(built.pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))  # type: ignore[union-attr]
    right = max(
        float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', out)
    )
    margin = 18 / 25.4 * 72  # the stylesheet's 18 mm
    assert right <= width - margin + 1, (right, width - margin)
    everything = "\n".join(built.pages)
    assert "allow-list.example.com/" in everything and "ZZZZZZZZ" in everything


def test_text_is_escaped_rendered_and_free_of_emoji(built: Built) -> None:
    everything = "\n".join(built.pages)
    assert "Restore drill <script>alert(1)</script>" in " ".join(everything.split())
    assert "<b>bold?</b>" in everything  # raw HTML in an item is shown, not interpreted
    assert "**all**" not in everything and "MFA enforced for all administrators" in everything
    assert not re.search("[\U0001f300-\U0001faff\u2705\ufe0f]", everything)
    assert "Access control" in everything


def test_signoff_page(built: Built) -> None:
    signoff = next(text for text in built.pages if "Who approved this packet" in text)
    line = " ".join(signoff.split())
    for value in ("Security Lead", "Priya Raman", "2026-11-13", "approved"):
        assert value in line


def test_remote_images_are_never_fetched(built: Built) -> None:
    everything = " ".join("\n".join(built.pages).split())
    assert "[image not included: Architecture diagram (https://example.com/diagram.png)" in (
        everything
    )


def test_rebuild_is_byte_identical(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = Path(shutil.copytree(built.root, tmp_path / "project", symlinks=True))
    shutil.rmtree(root / ".auditbook-cache", ignore_errors=True)  # render, not reuse
    again = render_packet(fixture_project(root), version="1.2", full=True)
    assert not again.reused
    assert again.pdf == built.pdf.read_bytes()


def test_first_page_renders_to_png(built: Built, tmp_path: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(built.pdf), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as image:
        gray = image.convert("L")
    width, height = gray.size
    assert width / height == pytest.approx(210 / 297, rel=0.01)  # an A4 page, upright
    pixels = gray.load()
    ink = [sum(pixels[x, y] < 128 for x in range(width)) for y in range(height)]
    inked = [y for y, count in enumerate(ink) if count]
    assert 0.002 < sum(ink) / (width * height) < 0.1  # text on white, neither blank nor black
    assert 0.1 * height < inked[0] and inked[-1] < 0.9 * height  # inside the page margins
    title_row = max(range(height), key=ink.__getitem__)
    assert title_row < height / 2  # the organisation's name, large, in the upper half


def test_fetcher_refuses_the_network_and_says_so(packet_project: PacketProject) -> None:
    """A raw <img> to the internet reaches the fetcher, which refuses it without connecting.

    The full packet was rendered with the network refused (any connection fails the render)
    and the fetcher's calls recorded, in this process (see support/packets.py).
    """
    asked, refused = packet_project.facts["fetched"], packet_project.facts["refused"]
    assert packet_project.packet.pages > 0
    assert "https://example.org/tracker.png" in asked
    assert any("https://example.org/tracker.png" in message for message in refused)
    assert not any(url.startswith("https://example.com") for url in asked)  # never even asked


def test_cli_writes_the_packet_under_a_name_that_says_whose_it_is(tmp_path: Path) -> None:
    root = copy_fixture("packet", tmp_path / "project")
    result = run_cli(root, "packet", "--packet-version", "2.0")
    assert result.exit_code == 0, result.output
    reader = PdfReader(root / "example-clinic-fictional-packet-2-0.pdf")
    assert reader.metadata.title.endswith("audit packet 2.0")
    assert re.search(r"\d+ pages, 4 attachments", result.output)


def test_the_site_build_writes_and_links_the_packet(packet_project: PacketProject) -> None:
    site = packet_project.site  # `auditbook build` (exit code 0) with the packet
    reader = PdfReader(site / "packet.pdf")
    # The site's packet is the public one: only the file its sidecar publishes is attached.
    assert set(reader.attachments) == {"screens__mfa-settings.png", "manifest.json"}
    assert reader.metadata.title.endswith("audit packet 1.2")  # packet_version in mkdocs.yml
    assert 'href="packet.pdf"' in (site / "index.html").read_text("utf-8")
    assert 'href="../packet.pdf"' in (site / "downloads" / "index.html").read_text("utf-8")
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    assert "packet.pdf" in {output["path"] for output in manifest["outputs"]}


def test_the_hipaa_coverage_chapter_traces_controls_to_items_and_evidence(tmp_path: Path) -> None:
    root = copy_fixture("packet", tmp_path / "project")
    checklist = root / "content/checklists/security.md"
    text = checklist.read_text("utf-8").replace("{#mfa}", '{#mfa hipaa="164.312(d)"}')
    checklist.write_text(text, "utf-8")
    pdf = root / "packet.pdf"
    write_packet(fixture_project(root), pdf)
    pages = page_texts(pdf)
    entries = dict(TOC_LINE.findall(pages[1]))
    start = int(entries["HIPAA Security Rule coverage"])
    assert "HIPAA Security Rule coverage" in pages[start - 1]
    chapter = " ".join(" ".join(pages[start - 1 :]).split())
    # the row, column by column; each status with its mark
    assert "§ 164.312(d) Person or Entity R \u2714 met \u2714 met MFA enforced for all" in chapter
    assert "seeking mfa" in chapter  # the id, a line below the text
    # The control links to the item's row in its checklist chapter.
    reader = PdfReader(pdf)
    targets = {
        str(annotation.get_object()["/Dest"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/Dest" in annotation.get_object()
    }
    assert "item-mfa" in targets
