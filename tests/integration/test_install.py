"""Installing auditbook as people expect: the metadata PyPI shows, the plugin MkDocs finds,
and what `mkdocs get-deps` says a project using it needs."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

from packaging.specifiers import SpecifierSet
from trove_classifiers import classifiers as known

from auditbook.plugin import AuditbookPlugin
from conftest import REPO, write_project

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]


def test_the_classifiers_are_pypis_and_name_the_pythons_it_supports() -> None:
    classifiers = PROJECT["classifiers"]
    assert set(classifiers) <= known, set(classifiers) - known
    assert "Framework :: MkDocs" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # `license` says it
    versions = [c.rsplit(" ", 1)[1] for c in classifiers if c.count("::") == 2 and "3." in c]
    assert versions == ["3.11", "3.12", "3.13"]
    supported = SpecifierSet(PROJECT["requires-python"])
    assert all(supported.contains(f"{version}.0") for version in versions)
    assert not supported.contains("3.10.0")


def test_mkdocs_and_properdocs_find_the_plugin_by_its_name() -> None:
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        (found,) = entry_points(group=group, name="auditbook")
        assert found.load() is AuditbookPlugin


def test_get_deps_names_auditbook_for_a_project_that_uses_it(tmp_path: Path) -> None:
    yml = "site_name: S\ntheme: material\nplugins:\n  - search\n  - auditbook\n"
    project = write_project(tmp_path / "p", {"mkdocs.yml": yml, "docs/index.md": "# Home\n"})
    mkdocs = Path(sys.executable).parent / "mkdocs"
    run = subprocess.run(
        [str(mkdocs), "get-deps", "-p", str(REPO / "tools/mkdocs-catalog.yml")],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.split() == ["auditbook", "mkdocs"]
