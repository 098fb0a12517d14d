"""Every generated page fits a phone and a desktop, light and dark, without console errors.

Real sites built for real (the repository's demo, the statuses fixture and pages of
other shapes), opened in Debian's Chromium at 390 px and 1400 px. A page wider than the
viewport (a table without its scroll wrapper, a long path that cannot break) fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, REPO, run_cli, write_project
from integration.test_project_shapes import SHAPES
from integration.test_renewals import AS_OF as RENEWAL_AS_OF
from integration.test_renewals import FILES as RENEWAL_FILES
from support.browser import pages, served

WIDTHS = (1400, 390)
SCHEMES = ("default", "slate")
WIDE = (
    "<div style='width: 900px'>A block as wide as a desktop, on purpose.</div>\n\n"
    "<script>console.error('an error, on purpose')</script>\n"
)
SHAPES_YML = """\
site_name: Shapes
theme:
  name: material
  font: false
plugins:
  - search
  - auditbook:
      as_of: 2026-11-21
markdown_extensions:
  - attr_list
  - md_in_html
"""

_WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"


def _demo(root: Path) -> Path:
    for name in ("content", "evidence", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _shapes(root: Path, wide: bool) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(SHAPES_YML, "utf-8")
    for name, text in SHAPES.items():
        (root / "docs" / f"{name}.md").write_text(text, "utf-8")
    if wide:
        (root / "docs" / "too-wide.md").write_text("# Too wide\n\n" + WIDE, "utf-8")
    return root


def _built(root: Path) -> Path:
    result = run_cli(root, "build", "--as-of", "2026-11-21")
    assert result.exit_code == 0, result.output
    return root / "site"


def _problems(browser: Any, site: Path) -> list[str]:
    """What goes wrong on any page, at any width, in either scheme ([] when all is well)."""
    problems: list[str] = []
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: m.type == "error" and problems.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    try:
        with served(site) as base:
            for path in pages(site):
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                page.goto(base + path, wait_until="load")
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    for scheme in SCHEMES:
                        page.evaluate(f"document.body.dataset.mdColorScheme = '{scheme}'")
                        wide = page.evaluate(_WIDTH)
                        if wide > width:
                            problems.append(f"/{path} at {width} px, {scheme}: {wide} px wide")
    finally:
        context.close()
    return problems


def test_the_demo_fits_every_screen(browser: Any, tmp_path: Path) -> None:
    site = _built(_demo(tmp_path / "demo"))
    assert len(pages(site)) > 20  # every evidence page too
    assert _problems(browser, site) == []


@pytest.fixture(scope="module")
def statuses(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The statuses fixture's site, without web fonts (the tests run offline)."""
    root = shutil.copytree(FIXTURES / "statuses", tmp_path_factory.mktemp("statuses") / "p")
    config = (root / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(config.replace("material\n", "material\n  font: false\n"))
    return _built(root)


def test_fixtures_fit_every_screen(browser: Any, statuses: Path, tmp_path: Path) -> None:
    shapes = _built(_shapes(tmp_path / "shapes", wide=False))
    assert _problems(browser, statuses) == []
    assert _problems(browser, shapes) == []


def test_a_page_too_wide_or_with_errors_is_caught(browser: Any, tmp_path: Path) -> None:
    """Proves the check can fail: one page is too wide and logs an error, on purpose."""
    site = _built(_shapes(tmp_path / "wide", wide=True))
    problems = _problems(browser, site)
    assert len(problems) == 3, problems
    assert problems[0].endswith("/too-wide/: an error, on purpose"), problems
    assert all(p.startswith("/too-wide/ at 390 px, ") for p in problems[1:]), problems


def test_marks_are_drawn_and_the_status_filter_keeps_only_that_status(
    browser: Any, statuses: Path
) -> None:
    site = statuses
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        with served(site) as base:
            page.goto(base + "checklists/operations/")
            marks = page.evaluate(
                """[...document.querySelectorAll('li > .ab-badge')].map(b => [
                    b.textContent, getComputedStyle(b, '::before').content])"""
            )
            by_status = dict(marks)
            assert set(by_status) == {"met", "attested", "expired", "failing", "open"} | {
                "not applicable"
            }
            assert len(set(by_status.values())) == 6 and "none" not in by_status.values()
            shown = "[...document.querySelectorAll('.ab-item')].filter(e => e.offsetParent)"
            ids = f"{shown}.map(e => e.id.slice(5))"
            assert len(page.evaluate(ids)) == 10
            page.locator(".ab-filter--items input[value=failing]").check()
            assert page.evaluate(ids) == ["restore-drill", "audit-complete"]
            page.locator(".ab-filter--items input[value=attested]").check()
            # the parent stays, for context, with the attested item below it
            assert page.evaluate(ids) == ["runbook-reviewed", "alerting", "pager-rota"]
    finally:
        context.close()


def test_a_checklist_filters_by_due_date_and_by_owner(browser: Any, tmp_path: Path) -> None:
    root = write_project(tmp_path / "renewals", RENEWAL_FILES, as_of=RENEWAL_AS_OF)
    site = _built(root)
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    shown = "[...document.querySelectorAll('.ab-item')].filter(e => e.offsetParent)"
    ids = f"{shown}.map(e => e.id.slice(5))"
    try:
        with served(site) as base:
            page.goto(base + "checklists/ops/")
            assert page.evaluate(ids) == ["keys", "access", "restore", "tapes"]
            page.locator(".ab-filter--items input[value=overdue]").check()
            assert page.evaluate(ids) == ["keys"]
            page.locator(".ab-filter--items input[value=due-soon]").check()
            assert page.evaluate(ids) == ["access"]
            page.locator(".ab-filter--items label", has_text="owner: Sam Ortiz").click()
            assert page.evaluate(ids) == ["access", "restore"]
            page.locator(".ab-filter--items label", has_text="owner: Dana Reyes").click()
            assert page.evaluate(ids) == ["keys"]
    finally:
        context.close()
