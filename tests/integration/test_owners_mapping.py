"""Owners and due dates for checklists that stay untouched, and who renews evidence, end to end.

A fixture project built for real: the checklist has no owner or due date of its own (but
one item), the mapping file gives them, and a sidecar names who renews its evidence. What
a person checks: `auditbook check`, the checklist page, the dashboard's lists and per-owner
sections, the evidence page, report.json, and the coverage matrix filtered in Chromium.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import run_cli, write_project
from support.browser import served
from support.html import Node, article
from support.sites import Site, build_site

AS_OF = "2026-11-21"
MAPPING_PATH = "content/mappings/hipaa.yml"
CHECKLIST = """\
# Operations

## Keys

- [ ] Keys rotated
- [ ] Access reviewed
- [ ] Backups restored {#restore owner="Sam Ortiz"}
- [ ] Audit logs exported every month
"""
MAPPING = """\
items:
  ops/keys/keys-rotated:
    hipaa: ["164.312(a)(2)(iv)"]
    owner: Dana Reyes (Security)
    due: 2026-11-01
  ops/keys/access-reviewed: {hipaa: "164.308(a)(1)(ii)(D)", owner: Sam Ortiz, due: 2026-12-05}
  restore: {hipaa: ["164.308(a)(7)(ii)(D)"], owner: Someone Else}
  ops/keys/audit-logs-exported-every-month: ["164.312(b)"]
"""
SIDECAR = """\
title: Access report, December 2025
kind: report
covers: [restore]
controls: ["164.312(b)"]
collected: 2025-12-01
collected_by: Sam Ortiz (Ops)
owner: Priya Raman
expires: 2026-12-01
fictional: true
"""
FILES = {
    "content/checklists/ops.md": CHECKLIST,
    MAPPING_PATH: MAPPING,
    "evidence/restore.txt": "FICTIONAL SAMPLE access report\nall accounts reviewed\n",
    "evidence/restore.txt.meta.yml": SIDECAR,
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("owners") / "p", FILES, as_of=AS_OF)
    config = root / "mkdocs.yml"  # no web fonts: the browser test counts console errors
    text = config.read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  font: false\n"
    )
    config.write_text(text, "utf-8")
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Site:
    return build_site(project)


def test_check_names_the_mapped_due_dates_the_override_and_the_renewal_owner(
    project: Path,
) -> None:
    result = run_cli(project, "check")
    lines = result.output.splitlines()
    assert (
        "content/checklists/ops.md:5: warning: overdue: due 2026-11-01 (20 days ago) and still "
        f"open; owner: Dana Reyes (Security) (from the mapping, {MAPPING_PATH}:2) [item-overdue]"
    ) in lines
    assert (
        "content/checklists/ops.md:6: info: due 2026-12-05 (in 14 days), still open; owner: "
        f"Sam Ortiz (from the mapping, {MAPPING_PATH}:6) [item-due-soon]"
    ) in lines
    assert (
        f"{MAPPING_PATH}:7: info: 'owner' of 'restore' is not used: the item itself says "
        'owner="Sam Ortiz" (content/checklists/ops.md:7), and what is written on the item wins '
        "over the mapping's 'Someone Else' [mapping-overridden]"
    ) in lines
    assert (
        "evidence/restore.txt: info: evidence expires on 2026-12-01 (in 10 days): collect it "
        "again before then (renewal owner: Priya Raman) [evidence-expiring]"
    ) in lines
    assert result.exit_code == 1  # late is a warning, wherever the date was written
    assert "Traceback" not in result.output


def test_the_checklist_page_shows_mapped_owners_as_if_written_on_the_items(site: Site) -> None:
    page = article(site.page("checklists/ops"))
    owners = [(span.text(), span.classes) for span in page.find_all("span", "ab-owner")]
    assert owners == [
        ("owner: Dana Reyes (Security) · due 2026-11-01", ["ab-owner", "ab-owner--overdue"]),
        ("owner: Sam Ortiz · due 2026-12-05", ["ab-owner", "ab-owner--due-soon"]),
        ("owner: Sam Ortiz", ["ab-owner"]),  # the item's own owner, not the mapping's
    ]
    labels = [label.text() for label in page.find("form", "ab-filter--items").find_all("label")]
    assert "owner: Dana Reyes (Security) 1" in labels and "owner: Sam Ortiz 2" in labels


def _section(page: Node, anchor: str) -> Node:
    [found] = [node for node in page.iter() if node.attrs.get("id") == anchor]
    return found


def test_by_owner_leads_to_what_is_each_persons(site: Site) -> None:
    page = article(site.site / "index.html")
    rows = page.find("table", "ab-owners").find("tbody").find_all("tr")
    cells = [[td.text() for td in row.find_all("td")] for row in rows]
    assert cells == [
        ["Dana Reyes (Security)", "1", "1", "0"],
        ["Priya Raman", "0", "0", "1"],  # renews evidence, owns no item
        ["Sam Ortiz", "1", "0", "1"],  # the met item is not listed as to do
    ]
    links = [row.find("a").attrs["href"] for row in rows]
    assert links == ["#owner-dana-reyes-security", "#owner-priya-raman", "#owner-sam-ortiz"]
    dana = _section(page, "owner-dana-reyes-security").text()
    assert "Keys rotated" in dana and "20 days late" in dana and "1 overdue" in dana
    priya = _section(page, "owner-priya-raman").text()
    assert "Renew Access report, December 2025" in priya and "in 10 days" in priya
    sam = _section(page, "owner-sam-ortiz").text()
    assert "Access reviewed" in sam and "in 14 days" in sam and "Backups restored" not in sam
    coming = page.text()[page.text().index("Coming due in the next 30 days (2)") :]
    assert "Priya Raman2026-12-01in 10 days" in coming  # the renewal owner, not the collector


def test_the_evidence_page_and_register_say_who_renews_it(site: Site) -> None:
    meta = article(site.page("evidence/restore.txt")).find("table", "ab-meta")
    rows = {row.find("th").text(): row.find("td").text() for row in meta.find_all("tr")}
    assert rows["Renewed by"] == "Priya Raman"
    assert rows["Collected"] == "2025-12-01 by Sam Ortiz (Ops)"
    register = article(site.site / "evidence" / "index.html").find("table", "ab-register")
    assert "renewed by Priya Raman" in register.text()


def test_report_json_carries_owners_due_dates_and_renewal_owners(site: Site) -> None:
    report = site.report
    schema_text = resources.files("auditbook").joinpath("data/report.schema.json").read_text()
    jsonschema.validate(report, json.loads(schema_text))
    items = {item["id"]: item for item in report["items"]}
    assert [items["ops/keys/keys-rotated"][k] for k in ("owner", "due", "assigned_in")] == [
        "Dana Reyes (Security)",
        "2026-11-01",
        f"{MAPPING_PATH}:2",
    ]
    assert [items["restore"][k] for k in ("owner", "due", "assigned_in")] == [
        "Sam Ortiz",
        None,
        None,
    ]
    [evidence] = report["evidence"]
    assert (evidence["owner"], evidence["renewed_by"]) == ("Priya Raman", "Priya Raman")
    assert evidence["collected_by"] == "Sam Ortiz (Ops)"


def test_the_coverage_matrix_offers_due_and_owner_filters(site: Site) -> None:
    page = article(site.page("coverage"))
    labels = [label.text() for label in _section(page, "ab-filter-coverage").find_all("label")]
    assert labels[-5:] == [
        "overdue 1",
        "coming due 2",
        "owner: Dana Reyes (Security) 1",
        "owner: Priya Raman 1",
        "owner: Sam Ortiz 2",
    ]
    row = _section(page, "hipaa-164-312-b")
    assert "expires 2026-12-01 · renewed by Priya Raman" in row.text()


def test_the_coverage_filters_work_in_a_real_browser(browser: Any, site: Site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    shown = "[...document.querySelectorAll('tr.ab-control')].filter(e => e.offsetParent)"
    ids = f"{shown}.map(e => e.id)"
    form = "#ab-filter-coverage"
    try:
        with served(site.site) as base:
            page.goto(base + "coverage/")
            assert len(page.evaluate(ids)) == 65
            page.locator(f"{form} input[value=overdue]").check()
            assert page.evaluate(ids) == ["hipaa-164-312-a-2-iv"]
            page.locator(f"{form} input[value=due-soon]").check()
            assert page.evaluate(ids) == ["hipaa-164-308-a-1-ii-D", "hipaa-164-312-b"]
            page.locator(f"{form} label", has_text="owner: Sam Ortiz").click()
            assert page.evaluate(ids) == ["hipaa-164-308-a-1-ii-D", "hipaa-164-308-a-7-ii-D"]
            page.locator(f"{form} label", has_text="owner: Priya Raman").click()
            assert page.evaluate(ids) == ["hipaa-164-312-b"]
            # Tables with nothing of theirs go too: the gaps, the families without their rows.
            assert not page.locator("table.ab-gaps").is_visible()
            assert page.locator("table.ab-matrix:visible").count() == 1
            page.locator(f"{form} input[value=all]").check()
            assert len(page.evaluate(ids)) == 65
            assert page.locator("table.ab-gaps").is_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390
    finally:
        context.close()
    assert errors == []


BAD_MAPPING = """\
items:
  ops/keys/keys-rotated: {owner: Dana, due: 31/12/2026}
  ops/keys/no-such-item: {owner: Dana, due: 2026-12-31}
  ops/keys/access-reviewed: {owner: Sam, deu: 2026-12-31}
"""


def test_a_bad_date_or_an_unknown_item_is_an_error_at_its_line(tmp_path: Path) -> None:
    files = {**FILES, MAPPING_PATH: BAD_MAPPING}
    root = write_project(tmp_path / "bad", files, as_of=AS_OF)
    result = run_cli(root, "check")
    lines = result.output.splitlines()
    assert (
        f"{MAPPING_PATH}:2: error: item 'ops/keys/keys-rotated': 'due' must be a date written "
        "YYYY-MM-DD (2026-12-31), got '31/12/2026' [mapping-due]"
    ) in lines
    unknown = [line for line in lines if line.endswith("[mapping-unknown-item]")]
    assert unknown == [
        f"{MAPPING_PATH}:3: error: unknown item id 'ops/keys/no-such-item' (did you mean "
        "'ops/keys/keys-rotated'?) [mapping-unknown-item]"
    ]
    assert any(
        line.startswith(f"{MAPPING_PATH}:4: error: item 'ops/keys/access-reviewed': unknown key")
        and "did you mean 'due'?" in line
        for line in lines
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
