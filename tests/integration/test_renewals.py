"""Time and people: an overdue item and evidence expiring in 10 days show on the dashboard,
in `auditbook check` and in the packet, before CI turns red on the day they lapse."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import run_cli, write_project
from support.html import article
from support.sites import Site, build_site

AS_OF = "2026-11-21"
CHECKLIST = """\
# Operations

## Keys

- [ ] Keys rotated {#keys owner="Dana Reyes (Security)" due=2026-11-01}
- [ ] Access reviewed {#access owner="Sam Ortiz" due=2026-12-05}
- [ ] Backups restored {#restore owner="Sam Ortiz"}
- [ ] Tapes rotated {#tapes due=2026-10-01 na="cloud backups only"}
"""
LOG = "FICTIONAL SAMPLE access report\nall accounts reviewed\n"
SIDECAR = """\
title: Access report, December 2025
kind: report
covers: [restore]
collected: 2025-12-01
collected_by: Sam Ortiz (Ops)
expires: 2026-12-01
fictional: true
"""
FILES = {
    "content/checklists/ops.md": CHECKLIST,
    "evidence/restore.txt": LOG,
    "evidence/restore.txt.meta.yml": SIDECAR,
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("renewals") / "p", FILES, as_of=AS_OF)


@pytest.fixture(scope="module")
def site(project: Path) -> Site:
    return build_site(project)


def _tiles(site: Site) -> dict[str, tuple[str, str]]:
    tiles = article(site.site / "index.html").find("ul", "ab-next").find_all("a", "ab-tile")
    found = {}
    for tile in tiles:
        number = tile.find("span", "ab-tile__n").text()
        found[tile.text().removeprefix(number).strip()] = (number, tile.attrs["href"] or "")
    return found


def test_the_dashboard_counts_what_is_due_and_links_each_number_to_its_list(site: Site) -> None:
    tiles = _tiles(site)
    assert tiles["overdue"] == ("1", "#overdue")
    assert tiles["coming due"] == ("2", "#coming-due")  # the evidence, and one item
    assert tiles["failing"] == ("0", "#failing")
    page = article(site.site / "index.html")
    ids = {node.attrs.get("id") for node in page.iter()}
    assert {"overdue", "coming-due", "failing", "expired"} <= ids


def test_the_lists_say_what_who_and_by_when(site: Site) -> None:
    text = article(site.site / "index.html").text()
    overdue = text[text.index("Overdue (1)") : text.index("Failing (0)")]
    assert "Keys rotated" in overdue and "Dana Reyes (Security)" in overdue
    assert "2026-11-01" in overdue and "20 days late" in overdue
    assert "Tapes rotated" not in text  # not applicable: never due
    coming = text[text.index("Coming due in the next 30 days (2)") :]
    assert "Renew Access report, December 2025" in coming
    assert "Sam Ortiz (Ops)2026-12-01in 10 days" in coming  # owner, date: cells side by side
    assert "Access reviewed" in coming and "in 14 days" in coming
    owners = text[text.index("By owner") :]
    assert "Dana Reyes (Security)11" in owners and "Sam Ortiz10" in owners  # not met, late


def test_a_checklist_item_shows_its_owner_and_due_date(site: Site) -> None:
    page = article(site.page("checklists/ops"))
    owners = [span.text() for span in page.find_all("span", "ab-owner")]
    assert owners == [
        "owner: Dana Reyes (Security) · due 2026-11-01",
        "owner: Sam Ortiz · due 2026-12-05",
        "owner: Sam Ortiz",
        "due 2026-10-01",
    ]


def test_check_names_the_overdue_item_and_the_expiring_evidence(project: Path) -> None:
    result = run_cli(project, "check")
    lines = result.output.splitlines()
    assert (
        "content/checklists/ops.md:5: warning: overdue: due 2026-11-01 (20 days ago) and still "
        "open; owner: Dana Reyes (Security) [item-overdue]"
    ) in lines
    assert (
        "evidence/restore.txt: info: evidence expires on 2026-12-01 (in 10 days): collect it "
        "again before then (last collected by Sam Ortiz (Ops)) [evidence-expiring]"
    ) in lines
    assert result.exit_code == 1  # late is a warning: the gate fails on it


@pytest.mark.packet
def test_the_packet_lists_both_in_its_summary(project: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "packet.pdf"
    assert run_cli(project, "packet", "--output", str(pdf)).exit_code == 0
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
    text = " ".join(out.stdout.decode("utf-8").split())
    summary = text[text.index("Needs attention") : text.index("Readiness by checklist")]
    assert "1 overdue, 2 coming due in the next 30 days." in summary
    assert "Overdue: past their due date and not met with evidence" in summary
    assert "Keys rotated" in summary and "20 days late" in summary
    assert "Renew Access report, December 2025" in summary and "in 10 days" in summary
    assert "Owner: Dana Reyes (Security) · due 2026-11-01" in text  # on the item's row


def test_report_json_carries_owner_and_due(site: Site) -> None:
    items = {item["id"]: item for item in site.report["items"]}
    assert (items["keys"]["owner"], items["keys"]["due"]) == ("Dana Reyes (Security)", "2026-11-01")
    assert (items["restore"]["owner"], items["restore"]["due"]) == ("Sam Ortiz", None)


def test_the_horizon_is_an_option(tmp_path: Path) -> None:
    """Evidence expiring in 10 days is announced with the default 30-day horizon, not with 5."""
    root = write_project(tmp_path / "p", FILES, as_of=AS_OF)
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "      as_of:", "      checks:\n        renewal_horizon_days: 5\n      as_of:"
    )
    config.write_text(text, "utf-8")
    short = run_cli(root, "check", "--format", "text").output
    assert "[evidence-expiring]" not in short
    assert "[item-due-soon]" not in short  # access is due in 14 days
    assert "[item-overdue]" in short  # overdue is overdue whatever the horizon
