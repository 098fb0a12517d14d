"""`verify` holds on what a build made, and names the file after any single-byte change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditbook.domain.errors import AuditbookError
from auditbook.engine.verify import verify
from conftest import run_cli
from support.packets import PacketProject

pytestmark = pytest.mark.packet


@pytest.fixture(scope="module")
def built(packet_project: PacketProject) -> Path:
    """The packet fixture built: its site (with packet.pdf) and its full packet, full.pdf."""
    return packet_project.root


@pytest.fixture
def copy(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project to tamper with."""
    return Path(shutil.copytree(built, tmp_path / "copy", symlinks=True))


def flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_fresh_site_and_its_packets_hold(built: Path) -> None:
    site = verify(built / "site")
    assert site.holds, site.problems
    assert site.checked > 20
    for packet in (built / "site" / "packet.pdf", built / "full.pdf"):
        result = verify(packet)
        assert result.holds, result.problems
    assert verify(built / "full.pdf").checked == 3  # every attachment the sidecars allow


@pytest.mark.parametrize(
    "name", ["packet.pdf", "index.html", "report.json", "search/search_index.json"]
)
def test_a_flipped_byte_in_any_output_is_named(copy: Path, name: str) -> None:
    flip(copy / "site" / name, 1000)
    assert verify(copy / "site").problems == [
        f"site/{name}: changed since the build (SHA-256 differs)"
    ]


def test_a_removed_or_added_file_is_named(copy: Path) -> None:
    (copy / "site" / "report.json").unlink()
    (copy / "site" / "planted.html").write_text("<script>alert(1)</script>", "utf-8")
    assert verify(copy / "site").problems == [
        "site/report.json: missing",
        "site/planted.html: not in the manifest",
    ]


def test_an_attachment_changed_inside_the_packet_is_named(copy: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    packet = copy / "full.pdf"
    writer = PdfWriter(clone_from=PdfReader(packet))
    writer.add_attachment("extra.txt", b"planted after the build")
    writer.write(packet)
    assert verify(packet).problems == ["full.pdf: attachment extra.txt is not in its manifest"]


def test_a_pdf_without_a_manifest_is_named(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(tmp_path / "other.pdf")
    assert verify(tmp_path / "other.pdf").problems == [
        "other.pdf: no manifest.json attached (not an auditbook packet?)"
    ]


def test_anything_else_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AuditbookError, match="not a packet"):
        verify(tmp_path)
    (tmp_path / "x.pdf").write_bytes(b"not a pdf at all")
    assert verify(tmp_path / "x.pdf").problems == ["x.pdf: not a readable PDF (PdfError)"]


def test_the_command_exits_0_when_it_holds_and_1_naming_each_mismatch(copy: Path) -> None:
    holds = run_cli(copy, "verify", "site")
    assert holds.exit_code == 0, holds.output
    assert holds.output.splitlines()[-1].startswith("site: holds (")
    flip(copy / "site" / "packet.pdf", 500)
    broken = run_cli(copy, "verify", "site")
    assert broken.exit_code == 1
    assert broken.output.splitlines() == [
        "mismatch: site/packet.pdf: changed since the build (SHA-256 differs)",
        "site: 1 mismatch(es)",
    ]
