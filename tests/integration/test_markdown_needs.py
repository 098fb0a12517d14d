"""A mkdocs.yml without the Markdown extensions auditbook relies on still gives a right site.

The plugin turns on what is missing (and says so in the build's log) rather than stopping:
the line to add is the same for every project, so a person adding it gains nothing.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from auditbook.runner import load_config
from conftest import run_cli, write_project

BARE = "site_name: Bare\ntheme: material\nplugins:\n  - auditbook:\n      as_of: 2026-11-21\n"
PAGE = (
    "# Runbook\n\nSee [the steps](#steps).\n\n## Steps {#steps .important}\n\n"
    '- [ ] One\n\n<div class="note" markdown>\n**Bold** inside HTML\n</div>\n\n'
    "| a | b |\n|---|---|\n| 1 | 2 |\n"
)


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    project = write_project(tmp_path / "bare", {"mkdocs.yml": BARE, "docs/run.md": PAGE})
    (project / "evidence").mkdir()
    return project


def test_the_site_gets_the_extensions_it_needs(
    bare: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    result = run_cli(bare, "build", "--strict")  # a note, not a warning: strict still builds
    assert result.exit_code == 0, result.output
    html = (bare / "site/run/index.html").read_text("utf-8")
    assert 'id="steps"' in html and "{#steps" not in html  # attr_list
    assert "<strong>Bold</strong> inside HTML" in html  # md_in_html
    assert "<td>1</td>" in html  # tables
    said = [r.getMessage() for r in caplog.records if "turned on the Markdown" in r.getMessage()]
    assert said == [
        "auditbook turned on the Markdown extensions it needs: attr_list, md_in_html, "
        "pymdownx.tasklist (list them under markdown_extensions in mkdocs.yml to say so "
        "yourself)"
    ]


def test_check_has_nothing_to_say_about_markdown(bare: Path) -> None:
    result = run_cli(bare, "check")
    assert result.exit_code == 0, result.output
    assert "markdown" not in result.output.lower()
    assert "0 errors, 0 warnings" in result.output


def test_extensions_written_out_keep_their_owners_options(tmp_path: Path) -> None:
    yml = BARE + (
        "markdown_extensions:\n  - markdown.extensions.attr_list\n"
        "  - pymdownx.tasklist:\n      custom_checkbox: false\n"
    )
    project = write_project(tmp_path / "own", {"mkdocs.yml": yml, "docs/run.md": PAGE})
    previous = Path.cwd()
    os.chdir(project)
    try:
        config = load_config("mkdocs.yml")
    finally:
        os.chdir(previous)
    config.plugins.on_config(config)  # the real plugin, as MkDocs calls it
    names = config.markdown_extensions
    assert names.count("md_in_html") == 1
    assert "attr_list" not in names  # written out under its long name already
    assert config.mdx_configs["pymdownx.tasklist"] == {"custom_checkbox": False}
    assert names.count("pymdownx.tasklist") == 1
