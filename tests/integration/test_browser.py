"""The released site in a real browser: Debian's Chromium, driven by Playwright, over HTTP.

One site, two releases with different evidence (support/releases.py, built once per run
for the diff and seal tests too), is served from 127.0.0.1 to the session's Chromium
(conftest.py). The browser is never downloaded: a missing one skips these tests, except
under CI=true where it is a failure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.browser import served

pytestmark = pytest.mark.packet  # renders packets: a release always has one

TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def site(releases: Path) -> Path:
    """Released as 1.0, then with changed evidence as 2.0 (both alias latest)."""
    return releases / "two" / "site"


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


class Page:
    """A browser page that records every console error and uncaught exception."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.set_default_timeout(TIMEOUT_MS)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")


@pytest.fixture
def tab(browser: Any) -> Iterator[Page]:
    context = browser.new_context(color_scheme="light", accept_downloads=True)
    try:
        yield Page(context.new_page())
    finally:
        context.close()


def _version_selector(page: Any) -> Any:
    current = page.locator(".md-version__current")
    current.wait_for()
    return current


def test_the_root_leads_to_latest_and_the_selector_lists_the_releases(
    tab: Page, base_url: str
) -> None:
    page = tab.page
    page.goto(base_url)
    page.wait_for_url(re.compile(r"/2\.0/$"))
    assert _version_selector(page).inner_text().strip() == "2.0"
    links = page.locator(".md-version__list .md-version__link")
    assert [text.strip() for text in links.all_inner_texts()] == ["2.0", "1.0"]
    assert tab.errors == []


def test_switching_versions_keeps_the_page(tab: Page, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "2.0/checklists/ops/")
    _version_selector(page)
    page.locator(".md-version").hover()  # the list opens on hover (or focus)
    page.locator(".md-version__list .md-version__link", has_text="1.0").click()
    page.wait_for_url(base_url + "1.0/checklists/ops/")
    assert _version_selector(page).inner_text().strip() == "1.0"
    assert page.locator("h1").inner_text() == "Operations"
    assert tab.errors == []


def test_search_finds_a_checklist_item(tab: Page, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "2.0/")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("administrator")  # Material searches on key events
    # the register and evidence pages name the item too: take the checklist's own result
    result = page.locator(".md-search-result__item:has(a[href*='checklists/ops'])").first
    result.wait_for()
    assert "MFA enforced for every administrator" in result.inner_text()
    result.locator("a").first.click()
    page.wait_for_url(re.compile(r"/2\.0/checklists/ops/"))
    assert tab.errors == []


def test_the_light_dark_toggle_switches_the_scheme(tab: Page, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "2.0/")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.reload()  # the choice is remembered
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    assert tab.errors == []


def test_a_checklist_page_shows_each_items_status(tab: Page, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "2.0/checklists/ops/")
    statuses = {
        item_id: page.locator(f"li:has(#item-{item_id}) .ab-badge").first.inner_text()
        for item_id in ("backup-restore", "backup-encrypted", "mfa", "audit-review")
    }
    assert statuses == {
        "backup-restore": "met",
        "backup-encrypted": "attested",
        "mfa": "met",
        "audit-review": "expired",
    }
    page.goto(base_url + "1.0/checklists/ops/")
    assert page.locator("li:has(#item-mfa) .ab-badge").inner_text() == "open"
    assert tab.errors == []


def test_the_changes_page_and_chart_tell_what_changed(tab: Page, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "2.0/")
    assert page.locator("svg.ab-chart circle").count() == 2
    page.locator("a", has_text="What changed since 1.0").click()
    page.wait_for_url(base_url + "2.0/changes/")
    text = page.locator("article").inner_text()
    assert "75% → 50%" in text
    assert "Newly met (1)" in text and "Evidence replaced (1)" in text
    assert tab.errors == []


def test_the_packet_link_downloads_a_pdf(tab: Page, base_url: str) -> None:
    page = tab.page
    page.goto(base_url + "2.0/downloads/")
    link = page.locator("a[href$='.pdf']").first
    with page.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    assert tab.errors == []


def _pages(site: Path) -> list[str]:
    """Every page of every release, as URL paths.

    Left out: raw evidence, alias folders (redirects to these same pages) and 404.html, which
    is served for missing paths anywhere and so links its assets from site_url's path (set
    site_url for the 404 page of each version to find them).
    """
    versions = json.loads((site / "versions.json").read_text("utf-8"))
    paths = []
    for entry in versions:
        folder = site / entry["version"]
        for page in sorted(folder.rglob("*.html")):
            path = page.relative_to(site).as_posix()
            if "/evidence-files/" in path or path.endswith("/404.html"):
                continue
            paths.append(path[: -len("index.html")] if path.endswith("index.html") else path)
    return paths


def test_no_page_logs_a_console_error(browser: Any, base_url: str, site: Path) -> None:
    paths = _pages(site)
    assert len(paths) > 15
    context = browser.new_context(color_scheme="light")
    try:
        tabs = []
        for path in paths:  # each page in its own tab: they settle side by side
            tabs.append(Page(context.new_page()))
            tabs[-1].page.goto(base_url + path, wait_until="load")
        for each in tabs:
            each.page.wait_for_load_state("networkidle")
        assert [error for each in tabs for error in each.errors] == []
    finally:
        context.close()
