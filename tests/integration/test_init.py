"""`auditbook init`: a new project builds and passes the gate at once; an existing MkDocs site
gains auditbook without losing its settings or comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from auditbook.scaffold import add_to_site, init_project
from conftest import run_cli

TODAY = dt.date.today()  # the example evidence is written on the day of init


def test_a_new_project_passes_the_gate_and_builds_at_once(tmp_path: Path) -> None:
    root = tmp_path / "new"
    changes = init_project(
        root, name="Example readiness", organisation="Example Clinic", today=TODAY
    )
    assert ".github/workflows/auditbook.yml" in changes.written
    assert "evidence/backups/restore-drill.log.meta.yml" in changes.written
    check = run_cli(root, "check", "--format", "text")
    assert check.exit_code == 0, check.output
    assert "0 errors, 0 warnings" in check.output
    build = run_cli(root, "build")
    assert build.exit_code == 0, build.output
    dashboard = (root / "site" / "auditbook" / "index.html").read_text("utf-8")
    assert "Example Clinic" in dashboard
    checklist = (root / "site" / "checklists" / "launch" / "index.html").read_text("utf-8")
    assert "<li>[ ]" not in checklist and "<li>[x]" not in checklist  # rendered, not raw
    assert checklist.count('class="ab-item') == 4  # every item, with its status
    workflow = yaml.safe_load((root / ".github/workflows/auditbook.yml").read_text("utf-8"))
    assert set(workflow["jobs"]) == {"check", "publish"}


def test_the_command_says_what_it_wrote_and_what_comes_next(tmp_path: Path) -> None:
    root = tmp_path / "cli"
    root.mkdir()
    result = run_cli(root, "init", "--name", "Example readiness", "--organization", "Example")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "wrote mkdocs.yml" in lines and "wrote .github/workflows/auditbook.yml" in lines
    assert lines[-1] == "next: auditbook check, then auditbook build"
    assert run_cli(root, "check").exit_code == 0
    again = run_cli(root, "init")
    assert "kept mkdocs.yml (it exists)" in again.output.splitlines()


def test_init_keeps_what_is_there(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Our own home page\n", "utf-8")
    changes = init_project(root, name="X", organisation="Y", today=TODAY)
    assert changes.kept == ["content/index.md"]
    assert (root / "content" / "index.md").read_text("utf-8") == "# Our own home page\n"


EXISTING = """\
# Our engineering handbook (comments must survive)
site_name: Handbook
theme:
  name: readthedocs   # we like it
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  token: !ENV [HANDBOOK_TOKEN, "none"]
"""


def test_into_an_existing_site_adds_only_what_auditbook_needs(tmp_path: Path) -> None:
    root = tmp_path / "site-project"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Handbook\n", "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(EXISTING, "utf-8")
    changes = add_to_site(config, organisation="Example Clinic", today=TODAY)
    text = config.read_text("utf-8")
    assert text.startswith("# Our engineering handbook (comments must survive)\n")
    assert "name: readthedocs   # we like it" in text
    assert "!!python/name:material.extensions.emoji.to_svg" in text
    assert '!ENV [HANDBOOK_TOKEN, "none"]' in text
    assert changes.config == [
        "plugins: added, with search (MkDocs' default) kept",
        "plugins: auditbook added",
        "markdown_extensions: attr_list added",
        "markdown_extensions: md_in_html added",
        "markdown_extensions: tables added",
        "markdown_extensions: pymdownx.tasklist added",
        "theme is 'readthedocs': auditbook's pages look best with `theme: {name: material}` "
        "(left as it is)",
    ]
    again = add_to_site(config, organisation="Example Clinic", today=TODAY)
    assert again.config[0] == "plugins: auditbook is there already"
    assert config.read_text("utf-8") == text


def test_a_config_that_is_not_yaml_is_a_clear_error(tmp_path: Path) -> None:
    from auditbook.domain.errors import ConfigError

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: [unclosed\n", "utf-8")
    with pytest.raises(ConfigError, match="cannot be read as YAML"):
        add_to_site(config, organisation="X", today=TODAY)
