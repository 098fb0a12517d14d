"""The packet can be left out of a build (serve-like speed), never out of a release."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, write_project

FILES: dict[str, str | bytes] = {"content/checklists/c.md": "# C\n\n## S\n\n- [ ] An item\n"}


def test_no_packet_builds_the_site_without_packet_or_links(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", FILES)
    result = run_cli(root, "build", "--no-packet")
    assert result.exit_code == 0, result.output
    site = root / "site"
    assert (site / "index.html").is_file()
    assert not (site / "packet.pdf").exists()
    for page in ("index.html", "downloads/index.html"):
        assert "packet.pdf" not in (site / page).read_text("utf-8")


@pytest.mark.packet
def test_the_default_build_has_the_packet_and_links_it(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", FILES)
    assert run_cli(root, "build", packet=True).exit_code == 0
    site = root / "site"
    assert (site / "packet.pdf").read_bytes().startswith(b"%PDF-")
    assert 'href="packet.pdf"' in (site / "index.html").read_text("utf-8")


@pytest.mark.packet
def test_a_release_always_has_its_packet(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", FILES)
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace("      as_of:", "      packet: false\n      as_of:")
    config.write_text(text, "utf-8")
    result = run_cli(root, "release", "1.0")
    assert result.exit_code == 0, result.output
    assert (root / "site" / "1.0" / "packet.pdf").read_bytes().startswith(b"%PDF-")
