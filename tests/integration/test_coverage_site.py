"""HIPAA coverage end to end: a fixture project built for real, `auditbook check`, and the demo.

The fixture maps one item on the item itself and one in the mapping file, has evidence
citing a control in its sidecar, a provider's inheritance and a not-applicable standard.
The demo (the repository's own content/ and evidence/) is loaded, never built in place.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from auditbook.core.project import Project
from auditbook.core.results import ControlStatus
from auditbook.engine.project import load_project
from auditbook.inputs.catalog import load_catalog
from auditbook.inputs.settings import Settings
from auditbook.render.labels import control_anchor, status_slug
from auditbook.render.links import Linker
from auditbook.render.site.pages import PageNames, SitePages
from auditbook.render.templating import environment
from conftest import REPO, run_cli, write_project
from support.html import article
from support.sites import Site, build_site

AS_OF = "2026-11-21"
CHECKLIST = """\
# Operations

## Access

- [x] Unique user ids for everyone {hipaa="164.312(a)(2)(i)"}
- [ ] Audit logs exported every month
- [ ] Workstations locked {na="thin clients only"}
"""
MAPPING = """\
items:
  operations/access/audit-logs-exported-every-month: ["§164.312(b)", "164.308(a)(1)(ii)(D)"]
controls:
  "164.310(a)(1)":
    inherited:
      from: Example Hosting (provider)
      evidence: [evidence/contracts/baa.txt]
      reason: The data centres are the provider's.
  "164.314(b)":
    not-applicable: Not a group health plan.
"""
SIDECAR = """\
title: Business associate agreement with the host
kind: other
controls: ["164.308(b)(1)"]
collected: 2026-11-01
collected_by: Compliance Officer
valid_for: 1y
fictional: true
"""
FILES: dict[str, str | bytes] = {
    "content/checklists/operations.md": CHECKLIST,
    "content/mappings/hipaa.yml": MAPPING,
    "evidence/contracts/baa.txt": "FICTIONAL SAMPLE agreement.\n",
    "evidence/contracts/baa.txt.meta.yml": SIDECAR,
}
ROWS = re.compile(r'<tr id="(hipaa-[^"]+)" class="ab-control [^"]*" data-status="([a-z-]+)"')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(write_project(tmp_path_factory.mktemp("coverage") / "p", FILES, AS_OF))


def _rows(html: str) -> list[tuple[str, str]]:
    return ROWS.findall(html)


def test_the_coverage_page_shows_every_control_with_gaps_on_top(built: Site) -> None:
    page = built.page("coverage")
    html = page.read_text("utf-8")
    rows = _rows(html)
    assert [anchor for anchor, _ in rows] == [control_anchor(c.citation) for c in load_catalog()]
    statuses = dict(rows)
    assert statuses[control_anchor("164.312(a)(2)(i)")] == "attested"
    assert statuses[control_anchor("164.312(b)")] == "open"
    assert statuses[control_anchor("164.308(b)(1)")] == "partial"  # its sidecar, not (b)(3)
    assert statuses[control_anchor("164.308(b)(3)")] == "gap"
    assert statuses[control_anchor("164.310(a)(2)(iii)")] == "inherited"
    assert statuses[control_anchor("164.314(b)(2)")] == "not-applicable"
    assert statuses[control_anchor("164.310(b)")] == "gap"
    headings = [h.text() for h in article(page).find_all("h2")]
    assert headings[0].startswith("Gaps")
    assert [h.split(" (")[0] for h in headings[1:]] == [
        "Administrative safeguards",
        "Physical safeguards",
        "Technical safeguards",
        "Organizational requirements",
        "Policies and procedures and documentation requirements",
    ]
    gaps = article(page).find("table", "ab-gaps").text()
    assert "164.310(b)" in gaps and "Workstation Use" in gaps
    assert "164.312(b)" not in gaps


def test_the_page_shows_what_covers_each_control(built: Site) -> None:
    html = built.page("coverage").read_text("utf-8")
    row = html[html.index(f'id="{control_anchor("164.312(b)")}"') :].split("</tr>", 1)[0]
    assert "Audit logs exported every month" in row
    assert 'href="../checklists/operations/#item-operations--access--audit-logs' in row
    row = html[html.index(f'id="{control_anchor("164.310(a)(1)")}"') :].split("</tr>", 1)[0]
    assert "Inherited from <strong>Example Hosting (provider)</strong>" in row
    assert "The data centres are the provider&#39;s." in row
    assert 'href="../evidence/contracts/baa.txt/"' in row
    row = html[html.index(f'id="{control_anchor("164.314(b)(1)")}"') :].split("</tr>", 1)[0]
    assert "Not applicable: Not a group health plan." in row


def test_the_status_filter_works_without_a_script(built: Site) -> None:
    html = built.page("coverage").read_text("utf-8")
    start = html.index('<form class="ab-filter"')
    form = html[start : html.index("</form>", start)]
    values = re.findall(r'name="ab-status" value="([a-z-]+)"', form)
    assert values[0] == "all"
    assert set(values[1:]) <= {status_slug(s) for s in ControlStatus}
    css = (built.site / "assets" / "auditbook.css").read_text("utf-8")
    for value in values[1:]:
        assert f'input[value="{value}"]:checked' in css
    assert "<script" not in html.split("<article", 1)[1].split("</article>", 1)[0]


def test_checklist_items_link_to_the_controls_they_map_to(built: Site) -> None:
    page = built.page("checklists/operations")
    refs = article(page).find_all("a", "ab-control-ref")
    assert [r.text().replace("\xa0", " ") for r in refs] == [
        "§ 164.312(a)(2)(i)",
        "§ 164.308(a)(1)(ii)(D)",
        "§ 164.312(b)",
    ]
    coverage_html = built.page("coverage").read_text("utf-8")
    for ref in refs:
        href = ref.attrs["href"] or ""
        assert built.resolve("checklists/operations", href) == built.page("coverage")
        assert f'id="{href.split("#", 1)[1]}"' in coverage_html
    assert refs[0].attrs["title"] == "Unique User Identification (attested)"
    assert "hipaa=" not in page.read_text("utf-8")


def test_the_mapping_file_is_not_published(built: Site) -> None:
    assert not (built.site / "mappings").exists()
    assert not list(built.site.rglob("hipaa.yml"))


def test_report_json_carries_the_coverage(built: Site) -> None:
    coverage = built.report["coverage"]
    assert coverage["mapping"] == "content/mappings/hipaa.yml"
    assert len(coverage["controls"]) == 65
    assert coverage["items"] == {
        "operations/access/audit-logs-exported-every-month": [
            "164.308(a)(1)(ii)(D)",
            "164.312(b)",
        ],
        "operations/access/unique-user-ids-for-everyone": ["164.312(a)(2)(i)"],
    }
    assert "164.310(b)" in coverage["gaps"]
    assert "164.310(a)(1)" not in coverage["gaps"]
    codes = {f["code"] for f in built.report["findings"]}
    assert "coverage-gap" in codes


def test_check_reports_gaps_in_every_format(built: Site) -> None:
    text = run_cli(built.root, "check")
    assert text.exit_code == 1
    assert (
        "content/mappings/hipaa.yml: warning: § 164.310(b) Workstation Use (Required): "
        "nothing covers it" in text.output
    )
    data = json.loads(run_cli(built.root, "check", "--format", "json").output)
    gaps = [f for f in data["findings"] if f["code"] == "coverage-gap"]
    assert {f["level"] for f in gaps} == {"warning"}
    assert any("§ 164.316(a) Policies and Procedures" in f["message"] for f in gaps)
    junit = run_cli(built.root, "check", "--format", "junit").output
    assert 'name="coverage-gap content/mappings/hipaa.yml"' in junit
    assert "164.310(b) Workstation Use" in junit


def test_the_mapping_path_and_the_gap_level_are_options(tmp_path: Path) -> None:
    files = {k: v for k, v in FILES.items() if k != "content/mappings/hipaa.yml"}
    files["content/compliance/map.yml"] = MAPPING
    files["mkdocs.yml"] = f"""\
site_name: Fixture
docs_dir: content
theme: {{name: material}}
plugins:
  - auditbook:
      as_of: {AS_OF}
      mapping: compliance/map.yml
      coverage_gap_level: error
"""
    project = write_project(tmp_path / "p", files)
    data = json.loads(run_cli(project, "check", "--format", "json").output)
    gaps = [f for f in data["findings"] if f["code"] == "coverage-gap"]
    assert gaps and {(f["level"], f["path"]) for f in gaps} == {
        ("error", "content/compliance/map.yml")
    }
    assert not [f for f in data["findings"] if f["code"].startswith("mapping-")]


def test_mapping_mistakes_are_findings_with_lines(tmp_path: Path) -> None:
    files = dict(FILES)
    files["content/mappings/hipaa.yml"] = """\
items:
  operations/access/audit-log-exported-every-month: ["164.312(b)"]
  operations/access/unique-user-ids-for-everyone: ["164.312(q)"]
controls:
  "164.312(b)": {decision: not-reasonable, reason: none}
"""
    result = run_cli(write_project(tmp_path / "p", files, AS_OF), "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    expected = [
        "content/mappings/hipaa.yml:2: error: unknown item id "
        "'operations/access/audit-log-exported-every-month' (did you mean "
        "'operations/access/audit-logs-exported-every-month'",
        "content/mappings/hipaa.yml:3: error: '164.312(q)' is not a citation of the HIPAA",
        "content/mappings/hipaa.yml:5: error: § 164.312(b) Audit Controls is Required",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, result.output)


def test_a_project_that_cites_nothing_has_no_coverage(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"content/checklists/a.md": "# A\n\n- [ ] Something\n"}
    project = write_project(tmp_path / "p", files, AS_OF)
    data = json.loads(run_cli(project, "check", "--format", "json").output)
    assert not [f for f in data["findings"] if f["code"].startswith(("coverage", "mapping"))]
    settings = Settings(
        project, project / "content", project / "evidence", as_of=dt.date(2026, 11, 21)
    )
    assert load_project(settings).assessment.coverage is None


# --- the demo: the repository's own checklists, mapping and evidence --------------------------


@pytest.fixture(scope="module")
def demo() -> Project:
    settings = Settings(
        REPO, REPO / "content", REPO / "evidence", as_of=dt.date(2026, 11, 21), cache_dir=None
    )
    return load_project(settings)


def test_the_demo_mapping_is_clean(demo: Project) -> None:
    bad = [
        str(f)
        for f in demo.assessment.findings
        if f.code.startswith("mapping-") or f.code.endswith("-unknown-citation")
    ]
    assert bad == []


def test_the_demo_shows_all_68_controls_with_honest_coverage(demo: Project) -> None:
    coverage = demo.assessment.coverage
    assert coverage is not None
    assert len(coverage.controls) == 65
    expected = {
        # Physical: the data centres are the hosting provider's; workstations and devices are not.
        "164.310(a)(1)": ControlStatus.INHERITED,
        "164.310(a)(2)(iv)": ControlStatus.INHERITED,
        "164.310(b)": ControlStatus.GAP,
        "164.310(c)": ControlStatus.GAP,
        "164.310(d)(1)": ControlStatus.GAP,
        # Administrative: what the checklists never mention.
        "164.308(a)(1)(ii)(B)": ControlStatus.GAP,
        "164.308(a)(1)(ii)(C)": ControlStatus.GAP,
        "164.308(a)(2)": ControlStatus.GAP,
        "164.308(a)(3)": ControlStatus.GAP,
        "164.308(a)(7)(ii)(C)": ControlStatus.GAP,
        "164.316(a)": ControlStatus.GAP,
        # What the evidence shows: a failed PITR restore, an expired pentest.
        "164.308(a)(7)(ii)(A)": ControlStatus.FAILING,
        "164.308(a)(1)(ii)(A)": ControlStatus.EXPIRED,
        "164.308(a)(1)(ii)(D)": ControlStatus.MET,
        # Not applicable to a business associate that is no clearinghouse or health plan.
        "164.308(a)(4)(ii)(A)": ControlStatus.NOT_APPLICABLE,
        "164.314(b)(2)": ControlStatus.NOT_APPLICABLE,
    }
    assert {c: coverage.get(c).status for c in expected} == expected
    decisions = [c.control.citation for c in coverage.controls if c.decision]
    assert decisions and all(not coverage.get(c).control.required for c in decisions)


def test_the_demo_coverage_page_lists_every_control_once(demo: Project) -> None:
    pages = SitePages(demo, environment(), Linker(), PageNames())
    text = pages.coverage()
    rows = _rows(text)
    assert len(rows) == 65 == len({anchor for anchor, _ in rows})
    assert text.index("## Gaps") < text.index("## Administrative safeguards")


def test_the_status_filter_in_a_real_browser(browser: Any, built: Site) -> None:
    """Chromium, as the site's browser tests run it: choosing a status hides the other rows."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(built.page("coverage").as_uri())
        rows = page.locator("tr.ab-control")
        assert rows.count() == 65
        visible = page.locator("tr.ab-control:visible")
        assert visible.count() == 65
        for status in ("inherited", "not-applicable", "gap"):
            page.locator(f'input[name="ab-status"][value="{status}"]').check()
            expected = page.locator(f'tr.ab-control[data-status="{status}"]').count()
            assert 0 < visible.count() == expected
        page.locator('input[name="ab-status"][value="all"]').check()
        assert visible.count() == 65
    finally:
        context.close()
