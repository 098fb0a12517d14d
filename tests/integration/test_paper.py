"""`paper: letter | a4`: the packet is printed on the paper its readers have (A4 by default)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_cli, write_project

LETTER = (612, 792)  # points: 8.5 x 11 in
A4 = (595, 842)  # 210 x 297 mm


def _project(root: Path, paper: str | None) -> Path:
    option = f"\n      paper: {paper}" if paper else ""
    yml = (
        "site_name: Paper\ntheme: material\nplugins:\n  - auditbook:\n"
        f"      as_of: 2026-11-21{option}\n"
    )
    return write_project(root, {"mkdocs.yml": yml, "docs/launch.md": "# Launch\n\n- [ ] Pager\n"})


def _sizes(packet: Path) -> set[tuple[int, int]]:
    reader = PdfReader(packet)
    assert len(reader.pages) >= 3
    return {(round(page.mediabox.width), round(page.mediabox.height)) for page in reader.pages}


@pytest.mark.packet
@pytest.mark.parametrize(("paper", "size"), [(None, A4), ("a4", A4), ("letter", LETTER)])
def test_every_page_of_the_packet_is_on_the_paper_asked_for(
    tmp_path: Path, paper: str | None, size: tuple[int, int]
) -> None:
    project = _project(tmp_path / "p", paper)
    result = run_cli(project, "build", packet=True)
    assert result.exit_code == 0, result.output
    assert _sizes(project / "site/packet.pdf") == {size}


@pytest.mark.packet
def test_the_packet_alone_follows_the_option_too(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", "letter")
    result = run_cli(project, "packet", "-o", "full.pdf")
    assert result.exit_code == 0, result.output
    assert _sizes(project / "full.pdf") == {LETTER}


def test_a_paper_size_it_does_not_know_is_an_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = _project(tmp_path / "p", "legal")
    result = run_cli(project, "check")
    assert result.exit_code == 2
    assert "option 'paper'" in caplog.text and "'a4', 'letter'" in caplog.text
