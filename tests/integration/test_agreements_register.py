"""The BAA register: every agreement among the evidence on its own page and packet chapter,
with its parties, term, provisions and what keeps it from proving anything."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli, write_project
from support.html import article

SAMPLES = FIXTURES / "readers" / "baa"
SIDECAR = """\
title: {title}
kind: baa
covers: [baa]
collected: 2026-11-02
collected_by: Compliance (fictional)
valid_for: 365d
fictional: true
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files: dict[str, str | bytes] = {
        "content/checklists/vendors.md": "# Vendors\n\n## BAAs\n\n- [ ] BAAs signed {#baa}\n",
    }
    for name, title in (
        ("executed-complete.md", "Hosting BAA"),
        ("template-placeholders.md", "Analytics BAA (template)"),
        ("missing-elements.txt", "Paging vendor BAA"),
    ):
        files[f"evidence/baa/{name}"] = (SAMPLES / name).read_bytes()
        files[f"evidence/baa/{name}.meta.yml"] = SIDECAR.format(title=title)
    return write_project(tmp_path_factory.mktemp("agreements") / "p", files)


def test_the_register_lists_every_agreement_with_its_gaps(project: Path) -> None:
    result = run_cli(project, "build")
    assert result.exit_code == 0, result.output
    page = article(project / "site" / "agreements" / "index.html")
    rows = page.find("table", "ab-agreements").find("tbody").find_all("tr")
    assert [row.find("a").text() for row in rows] == [  # the register's order: by path
        "Hosting BAA",
        "Paging vendor BAA",
        "Analytics BAA (template)",
    ]
    text = {row.find("a").text(): " ".join(row.text().split()) for row in rows}
    assert "not executed (template with unfilled placeholders)" in text["Analytics BAA (template)"]
    assert "no gaps" in text["Hosting BAA"]
    assert "provision not found" in text["Paging vendor BAA"]


@pytest.mark.packet
def test_the_packet_has_the_same_register(project: Path) -> None:
    result = run_cli(project, "packet", "-o", "full.pdf")
    assert result.exit_code == 0, result.output
    out = subprocess.run(
        ["pdftotext", str(project / "full.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    start = out.index("agreements among the evidence")
    chapter = " ".join(out[start : out.index("Evidence register", start)].split())
    assert chapter.startswith("agreements among the evidence")
    assert "Hosting BAA" in chapter and "Paging vendor BAA" in chapter
    assert "not executed (template with unfilled placeholders)" in chapter
