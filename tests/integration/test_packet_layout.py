"""How the packet's pages fall: no page is left blank by an entry too long to keep whole."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from auditbook.render.packet import views
from auditbook.render.packet.packet import render_packet
from conftest import copy_fixture
from support.packets import EPOCH, fixture_project

pytestmark = pytest.mark.packet

RUNNING = re.compile(r"^(Example Clinic \(fictional\)|Audit packet 1\.0|page \d+ of \d+)$")
SIDECAR = """\
title: API audit log, every record lacking its user (fictional)
kind: audit-log
covers:
  - mfa
collected: 2026-11-15
collected_by: Ops (fictional)
valid_for: 90d
fictional: true
description: {description}
"""


def _pages(pdf: Path) -> list[list[str]]:
    """Each page's lines of text, without the running head and foot."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [line for line in page.split("\n") if line.strip() and not RUNNING.match(line.strip())]
        for page in text.split("\f")[:-1]
    ]


def test_an_entry_longer_than_a_page_starts_on_its_chapters_first_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An evidence entry with its quoted lines can be longer than a page: kept whole, it was
    moved past the page its chapter starts on, which was left blank."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(views, "REGISTER_PART", 1)  # each file its chapter, its entry first
    root = copy_fixture("packet", tmp_path / "project")
    rows = ["userId,action,resource,oldValues,newValues,ipAddress,time"]
    rows += [
        f",PATIENT_VIEW,Patient/{n}-{'x' * 250},,,,2026-11-{1 + n % 28:02}T08:{n:02}:00Z"
        for n in range(40)
    ]
    (root / "evidence/audit").mkdir()
    (root / "evidence/audit/api.csv").write_text("\n".join(rows) + "\n", "utf-8")
    description = "A long description of a fictional export. " * 40
    sidecar = SIDECAR.format(description=description)
    (root / "evidence/audit/api.csv.meta.yml").write_text(sidecar, "utf-8")
    pdf = tmp_path / "packet.pdf"
    pdf.write_bytes(render_packet(fixture_project(root), version="1.0", full=True).pdf)
    pages = _pages(pdf)
    assert [number for number, lines in enumerate(pages, start=1) if not lines] == []
    first = next(n for n, lines in enumerate(pages) if "Evidence register, files 1" in lines)
    assert "1. API audit log, every record lacking its user (fictional)" in pages[first]
    assert "Lines that decided" in pages[first] + pages[first + 1]  # and it is that long
