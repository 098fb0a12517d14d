"""Text from an unpublished evidence file never reaches the public site or its packet.

The site, its search index, report.json and the public packet (text and attachments) are
searched for a marker planted in a failing restore log that is not published; the full
packet made by `auditbook packet` and the terminal, which are not public, still show it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_cli, write_project

pytestmark = pytest.mark.packet

PRIVATE = "PRIVATE-MARKER-7f3a"
PUBLIC = "PUBLIC-MARKER-91c2"


def failed_restore(marker: str) -> str:
    """A fictional pgBackRest restore that fails on a file whose path holds `marker`."""
    return (
        "2026-11-02 02:00:01.000 P00   INFO: restore command begin 2.54.0: --stanza=main\n"
        "2026-11-02 02:00:02.000 P00   INFO: repo1: restore backup set 20261101-020000F\n"
        f"2026-11-02 02:03:10.000 P00  ERROR: [055]: unable to open missing file "
        f"'/var/lib/pgbackrest/{marker}/base/1/1234.gz' for read\n"
        "2026-11-02 02:03:10.000 P00   INFO: restore command end: aborted with exception [055]\n"
    )


def sidecar(title: str, item: str, publish: bool) -> str:
    return (
        f"title: {title}\nkind: backup-restore\ncovers: [{item}]\ncollected: 2026-11-02\n"
        f"collected_by: Ops (fictional)\nvalid_for: 92d\npublish: {str(publish).lower()}\n"
        "fictional: true\n"
    )


FILES = {
    "content/checklists/ops.md": (
        "# Operations\n\n## Backups\n\n- [ ] Restore tested {#restore}\n"
        "- [ ] Replica restore tested {#replica}\n"
    ),
    "evidence/private-restore.log": failed_restore(PRIVATE),
    "evidence/private-restore.log.meta.yml": sidecar("Private restore", "restore", False),
    "evidence/public-restore.log": failed_restore(PUBLIC),
    "evidence/public-restore.log.meta.yml": sidecar("Public restore", "replica", True),
}


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def attachment_bytes(path: Path) -> bytes:
    return b"".join(data for datas in PdfReader(path).attachments.values() for data in datas)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("private") / "p", FILES)
    result = run_cli(root, "build", packet=True)
    assert result.exit_code == 0, result.output
    return root


def test_no_byte_of_the_unpublished_file_is_anywhere_in_the_site(project: Path) -> None:
    site = project / "site"
    files = [path for path in site.rglob("*") if path.is_file()]
    assert any(path.name == "search_index.json" for path in files)
    leaking = [path for path in files if PRIVATE.encode() in path.read_bytes()]
    assert leaking == []
    packet = site / "packet.pdf"
    assert PRIVATE not in pdf_text(packet)
    assert PRIVATE.encode() not in attachment_bytes(packet)


def test_the_published_file_is_quoted_and_attached(project: Path) -> None:
    site = project / "site"
    page = (site / "evidence" / "public-restore.log" / "index.html").read_text("utf-8")
    assert PUBLIC in page  # the failing line, on its evidence page
    assert PUBLIC in pdf_text(site / "packet.pdf")
    assert PdfReader(site / "packet.pdf").attachments.keys() == {
        "public-restore.log",
        "manifest.json",
    }


def test_the_unpublished_file_says_why_its_lines_are_not_shown(project: Path) -> None:
    page = project / "site" / "evidence" / "private-restore.log" / "index.html"
    text = page.read_text("utf-8")
    assert "restore failed" in text  # auditbook's words are shown, the file's are not
    assert "only the line numbers are shown here" in text
    register = " ".join(pdf_text(project / "site" / "packet.pdf").split())
    assert "not attached: not published (the full packet" in register


def test_the_full_packet_and_the_terminal_show_everything(project: Path) -> None:
    result = run_cli(project, "packet", "-o", "full.pdf")
    assert result.exit_code == 0, result.output
    assert "full packet (not for publication)" in result.output
    full = project / "full.pdf"
    assert PRIVATE in pdf_text(full)
    assert PRIVATE.encode() in attachment_bytes(full)
    check = run_cli(project, "check", "--format", "text")
    assert PRIVATE in check.output


def test_the_packet_shows_no_file_from_outside_what_it_may_carry(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A page may show its own images and attached evidence: never `.env`, `.git` or a file
    a sidecar keeps out of the packet, however the link is written."""
    from PIL import Image

    root = write_project(
        tmp_path / "p",
        {
            **FILES,
            "content/runbooks/restore.md": (
                "# Restore\n\n![ours](diagram.png)\n\n![kept out](../../evidence/kept-out.png)\n\n"
                '<img src="../../.env" alt="env"> <img src="../../.git/config" alt="git">\n'
            ),
            ".env": "DATABASE_URL=postgres://fictional\n",
            ".git/config": "[core]\n",
            "evidence/kept-out.png.meta.yml": sidecar("Kept out", "restore", False).replace(
                "kind: backup-restore", "kind: screenshot"
            )
            + "packet: false\n",
        },
    )
    Image.new("RGB", (8, 8), "navy").save(root / "content/runbooks/diagram.png")
    Image.new("RGB", (8, 8), "red").save(root / "evidence/kept-out.png")
    caplog.set_level("WARNING")
    result = run_cli(root, "packet", "-o", "full.pdf")
    assert result.exit_code == 0, result.output
    refused = [r.getMessage() for r in caplog.records if "not fetched" in r.getMessage()]
    assert sorted(message.rsplit("/", 1)[-1] for message in refused) == [
        ".env",
        "config",
        "kept-out.png",
    ]
    assert not any("diagram.png" in message for message in refused)
