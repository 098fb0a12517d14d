"""The packet says what the site says: marks and their legend, why an item does not apply,
a sign-off's conditions beside its decision, findings by cause. Read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import copy_fixture, run_cli

pytestmark = pytest.mark.packet

CONDITIONAL = """\
# FICTIONAL SAMPLE
name: Dana Whitfield
role: Compliance Officer
date: 2026-11-14
decision: approved-with-conditions
version: "1.2"
conditions:
  - The BAA with the mail provider is signed before launch
fictional: true
"""
SIDECAR = """\
title: Launch sign-off, Compliance Officer
kind: sign-off
collected: 2026-11-14
collected_by: Compliance (fictional)
fictional: true
"""


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture("statuses", tmp_path_factory.mktemp("facts") / "p")
    folder = root / "evidence" / "sign-offs"
    folder.mkdir()
    (folder / "compliance.yml").write_text(CONDITIONAL, "utf-8")
    (folder / "compliance.yml.meta.yml").write_text(SIDECAR, "utf-8")
    pdf = root / "packet.pdf"
    result = run_cli(root, "packet", "--output", str(pdf))
    assert result.exit_code == 0, result.output
    return pdf


def _pdftotext(pdf: Path, *options: str) -> str:
    out = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def text(pdf: Path) -> str:
    return " ".join(_pdftotext(pdf).split())


@pytest.fixture(scope="module")
def lines(pdf: Path) -> list[str]:
    """Table rows stay on one line with -layout: status column, then the item."""
    return [" ".join(line.split()) for line in _pdftotext(pdf, "-layout").splitlines()]


def test_items_carry_the_mark_of_their_status_and_no_ballot_box(lines: list[str]) -> None:
    def row(text: str) -> str:
        return next(line for line in lines if text in line)

    assert row("Nightly restore test passes").startswith("\u2714 met")  # proven, never ticked
    assert row("Restore runbook reviewed").startswith("\u2611 attested")  # ticked, unproven
    assert row("Off-site tape rotation").startswith("\u2298 not applicable")
    boxes = [line for line in lines if "\u2610" in line]
    assert boxes and all("\u2610 open" in line for line in boxes)  # a box means open, only


def test_the_legend_explains_every_mark(text: str) -> None:
    for entry in (
        "\u2714 met proven by current evidence",
        "\u2611 attested ticked by a person, no evidence",
        "\u25f7 expired its evidence is past its validity",
        "\u2718 failing its evidence shows a failure",
        "\u2610 open neither evidence nor a tick",
        "\u2298 not applicable does not apply, with a written reason",
    ):
        assert entry in text


def test_a_not_applicable_item_says_why(text: str) -> None:
    assert "Not applicable: no tapes: cloud backups only" in text


def test_the_sign_off_shows_its_conditions_beside_the_decision(text: str) -> None:
    chapter = text[text.rindex("Sign-off Who approved") :]
    assert re.search(
        r"Dana Whitfield 2026-11-14 1\.2 approved-with-? ?conditions "
        r"1\. The BAA with the mail provider is signed before launch "
        r"Recorded in Launch sign-off, Compliance Officer",
        chapter,
    ), chapter[:600]


def test_findings_are_one_per_cause(text: str) -> None:
    chapter = text[text.rindex("Findings What the build found") :]
    assert chapter.count("[restore-failed]") == 1 and chapter.count("line 5") == 2
    assert "evidence shows a failure: restore failed at line 5" in chapter
