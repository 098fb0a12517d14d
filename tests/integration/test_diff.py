"""What changed between releases: the comparison, `auditbook diff`, the Changes page, the chart."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from auditbook.release.history import History
from auditbook.release.versions import load_versions
from auditbook.render.packet.changes import changes_chapter
from auditbook.render.templating import environment
from conftest import run_cli

pytestmark = pytest.mark.packet  # renders packets: a release always has one

# --- `auditbook diff` and the Changes page, on two real releases --------------------------


@pytest.fixture(scope="module")
def project(releases: Path) -> Path:
    """Released as 1.0, then with changed evidence as 2.0 (alias latest)."""
    return releases / "two"


def test_diff_prints_what_changed_between_two_releases(project: Path) -> None:
    result = run_cli(project, "diff", "1.0", "latest")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("Changes from 1.0 to 2.0\n")
    assert "Readiness: 75% -> 50% (-25.0 points)" in text
    assert "Newly met (1)\n  mfa: open -> met" in text
    assert "Regressed (1)\n  backup-encrypted: met -> attested" in text
    assert "Expired (1)\n  audit-review: met -> expired" in text
    assert "Evidence added (1)\n  evidence/mfa.txt" in text
    assert "Evidence removed (1)\n  evidence/encryption.txt" in text
    assert "Evidence replaced (1)\n  evidence/restore.txt" in text
    assert "Evidence expired (1)\n  evidence/review.txt" in text


def test_diff_as_json_and_from_report_files(project: Path) -> None:
    data = json.loads(run_cli(project, "diff", "1.0", "2.0", "--format", "json").output)
    assert data["before"] == "1.0" and data["after"] == "2.0"
    assert data["readiness"]["delta_points"] == -25.0
    assert [c["id"] for c in data["newly_met"]] == ["mfa"]
    files = run_cli(
        project, "diff", "site/1.0/report.json", "site/2.0/report.json", "--format", "json"
    )
    assert json.loads(files.output)["newly_met"] == data["newly_met"]


def test_diff_names_the_releases_it_knows(project: Path) -> None:
    result = run_cli(project, "diff", "0.9", "2.0")
    assert result.exit_code == 2
    assert "no release or file '0.9' (releases: 2.0, 1.0)" in result.output


def test_each_release_has_a_changes_page(project: Path) -> None:
    first = (project / "site/1.0/changes/index.html").read_text("utf-8")
    assert "is the first release" in first
    page = (project / "site/2.0/changes/index.html").read_text("utf-8")
    assert "Changes since 1.0" in page
    assert "75% → 50%" in page and "-25.0 points" in page
    assert 'href="../checklists/ops/#' in page  # items link to their checklist
    assert "encryption.txt" in page  # removed evidence is named, without a link
    for heading in ("Newly met (1)", "Regressed (1)", "Expired (1)", "Evidence added (1)"):
        assert heading in page
    nav = (project / "site/2.0/index.html").read_text("utf-8")
    assert 'href="changes/"' in nav


def test_the_dashboard_charts_readiness_over_all_releases(project: Path) -> None:
    page = (project / "site/2.0/index.html").read_text("utf-8")
    start = page.index('<svg class="ab-chart"')
    end = page.index("</svg>", start)
    svg = page[start:end]
    assert "Readiness over releases: 1.0 75%, 2.0 50%" in svg
    assert svg.count("<circle") == 2 and "<polyline" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


# --- the packet's chapter -----------------------------------------------------------------


def _chapter(project: Path, version: str) -> Any:
    site = project / "site"
    history = History(site, load_versions(site), current=version)
    report = json.loads((site / version / "report.json").read_text("utf-8"))
    return changes_chapter(environment(), history, report, report["overall"]["readiness"])


def test_the_packet_chapter_tells_what_changed_and_prints(project: Path, tmp_path: Path) -> None:
    from weasyprint import HTML

    chapter = _chapter(project, "2.0")
    assert chapter.anchor == "changes" and chapter.title == "Changes since 1.0"
    assert "Newly met (1)" in chapter.html and "Evidence replaced (1)" in chapter.html
    assert "<svg" in chapter.html  # readiness at each release
    pdf = tmp_path / "chapter.pdf"
    HTML(string=f"<html><body>{chapter.html}</body></html>").write_pdf(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Changes since 1.0" in text and "audit-review" in text
    assert "Readiness went from 75% in release 1.0" in " ".join(text.split())
    first = _chapter(project, "1.0")
    assert "This is the first release (1.0)" in first.html
    draft = History(project / "site", load_versions(project / "site"))
    assert changes_chapter(environment(), draft, {}, None) is None


def test_each_release_packet_has_the_changes_chapter(project: Path) -> None:
    packet = project / "site/2.0/packet.pdf"
    text = subprocess.run(
        ["pdftotext", str(packet), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Changes since 1.0" in text
