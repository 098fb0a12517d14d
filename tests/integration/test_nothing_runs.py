"""Chromium opens every page of a release built from hostile evidence and checklists, and
nothing the inputs carry runs: no dialog opens, no planted global is set, no request leaves
for a planted address. (A title with markup is refused before release: Material's version
selector would insert it as HTML; see test_never_destroy.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import copy_fixture, run_cli
from support.browser import served

pytestmark = pytest.mark.packet  # a release always renders its packet


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_fixture("hostile", tmp_path_factory.mktemp("nothing-runs") / "p")
    title = "Q4 'final' \"review\" (window.__planted=1)"
    result = run_cli(project, "release", "2026-Q4", "--title", title, "--alias", "latest")
    assert result.exit_code == 0, result.output
    return project / "site"


def test_no_page_runs_anything_planted(browser: Any, site: Path) -> None:
    # The release's own pages: their version selector lists every title in versions.json.
    release = site / "2026-Q4"
    pages = sorted(path.relative_to(site).as_posix() for path in release.rglob("*.html"))
    assert len(pages) > 10
    ran: list[str] = []
    context = browser.new_context()
    try:
        with served(site) as base:
            page: Any = context.new_page()
            page.set_default_timeout(15_000)

            def request(request: Any) -> None:  # Material's web fonts are its own, not planted
                url = request.url
                if not url.startswith((base, "data:")) and "fonts.g" not in url:
                    ran.append(f"request: {url}")

            page.on("request", request)
            page.on(
                "dialog", lambda dialog: (ran.append(f"dialog: {dialog.message}"), dialog.dismiss())
            )
            for name in pages:
                page.goto(base + name, wait_until="commit")
                page.wait_for_load_state("domcontentloaded")
                page.wait_for_timeout(50)  # let the version selector and broken images settle
                if page.evaluate("() => window.__planted !== undefined"):
                    ran.append(f"planted global set on {name}")
    finally:
        context.close()
    assert ran == []
