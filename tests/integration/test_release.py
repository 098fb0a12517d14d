"""Releases: mike's layout in site/, immutable versions, atomic commits, drafts beside them."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path

import pytest

from auditbook.domain.files import VERSIONS
from auditbook.release import staging as release_module
from conftest import run_cli
from support.releases import (
    CHECKLIST,
    apply_second_state,
    release,
    snapshot,
    write_release_project,
)

pytestmark = pytest.mark.packet  # renders packets: a release always has one


@pytest.fixture(scope="module")
def first_release(releases: Path) -> Path:
    """A project released once (1.0, alias latest); tests that change it work on a copy."""
    return releases / "one"


@pytest.fixture
def released_once(first_release: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(first_release, tmp_path / "project", symlinks=True))


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory, first_release: Path) -> Path:
    """A project released twice, with different evidence: 1.0 then 2.0 (alias latest)."""
    folder = tmp_path_factory.mktemp("released") / "project"
    project = Path(shutil.copytree(first_release, folder, symlinks=True))
    apply_second_state(project)
    release(project, "2.0", "--title", "2026 Q4", "--alias", "latest")
    return project


# --- versions.json, the model -------------------------------------------------------------


# --- the released site --------------------------------------------------------------------


def test_two_releases_make_mikes_layout(released: Path) -> None:
    site = released / "site"
    assert sorted(p.name for p in site.iterdir()) == [
        "1.0",
        "2.0",
        "index.html",
        "latest",
        VERSIONS,
    ]
    entries = json.loads((site / VERSIONS).read_text("utf-8"))
    assert [(e["version"], e["title"], e["aliases"]) for e in entries] == [
        ("2.0", "2026 Q4", ["latest"]),
        ("1.0", "1.0", []),
    ]
    props = entries[0]["properties"]
    assert props["as_of"] == "2026-11-21"
    assert props["readiness"] == 0.5  # restore and mfa met of four
    assert entries[1]["properties"]["readiness"] == 0.75
    assert {"date", "packet", "packet_sha256", "met", "applicable"} <= props.keys()
    assert props["packet"] == "packet.pdf"
    packet = site / "2.0" / props["packet"]
    assert hashlib.sha256(packet.read_bytes()).hexdigest() == props["packet_sha256"]
    assert 'url=latest/"' in (site / "index.html").read_text("utf-8")


def test_each_version_turns_on_materials_selector_and_maps_its_pages(released: Path) -> None:
    page = (released / "site/2.0/index.html").read_text("utf-8")
    assert '"version": {"provider": "mike"}' in page
    sitemap = (released / "site/2.0/sitemap.xml").read_text("utf-8")
    assert "<loc>https://auditbook.invalid/2.0/checklists/ops/</loc>" in sitemap
    manifest = json.loads((released / "site/2.0/manifest.json").read_text("utf-8"))
    listed = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    assert listed["sitemap.xml"] == snapshot(released / "site/2.0")["sitemap.xml"]


def test_an_alias_is_a_folder_of_redirects_to_its_version(released: Path) -> None:
    latest = released / "site/latest"
    assert 'window.location.replace("../2.0/"' in (latest / "index.html").read_text("utf-8")
    deep = (latest / "checklists/ops/index.html").read_text("utf-8")
    assert '"../../../2.0/checklists/ops/" + window.location.search' in deep
    assert not list(latest.rglob("*.pdf"))  # redirects only, like mike


def test_a_released_version_is_immutable(released: Path) -> None:
    before = snapshot(released / "site")
    result = run_cli(released, "release", "1.0")
    assert result.exit_code == 2
    assert "immutable" in result.output and "--force" in result.output
    result = run_cli(released, "release", "latest")
    assert result.exit_code == 2 and "already an alias" in result.output
    assert snapshot(released / "site") == before


def test_versions_lists_the_releases(released: Path) -> None:
    text = run_cli(released, "versions")
    assert text.exit_code == 0
    lines = text.output.splitlines()
    assert lines[0].split()[:3] == ["VERSION", "TITLE", "ALIASES"]
    assert lines[1].startswith("2.0") and "2026 Q4" in lines[1] and "latest" in lines[1]
    assert lines[2].startswith("1.0") and "75%" in lines[2]
    data = json.loads(run_cli(released, "versions", "--format", "json").output)
    assert data == json.loads((released / "site" / VERSIONS).read_text("utf-8"))


# --- never touching what was released -----------------------------------------------------


def test_a_later_release_and_a_build_leave_earlier_versions_byte_identical(
    releases: Path, tmp_path: Path
) -> None:
    # releases/two is a copy of releases/one given the second state and released as 2.0
    first = snapshot(releases / "one/site/1.0")
    project = Path(shutil.copytree(releases / "two", tmp_path / "project", symlinks=True))
    assert json.loads((project / "site" / VERSIONS).read_text("utf-8"))[1]["version"] == "1.0"
    assert snapshot(project / "site/1.0") == first
    result = run_cli(project, "build")
    assert result.exit_code == 0, result.output
    assert "site/draft" in result.output
    assert snapshot(project / "site/1.0") == first
    versions = (project / "site" / VERSIONS).read_bytes()
    assert json.loads(versions)[0]["version"] == "2.0"
    draft = (project / "site/draft/index.html").read_text("utf-8")
    assert "What changed since 2.0" in draft
    assert (project / "site/draft/changes/index.html").is_file()
    assert '"version": null' in draft  # the draft has no version selector
    assert 'url=latest/"' in (project / "site/index.html").read_text("utf-8")


def test_a_build_may_not_target_a_released_version(released: Path) -> None:
    before = snapshot(released / "site")
    for name in ("1.0", "latest"):
        result = run_cli(released, "build", "-d", f"site/{name}")
        assert result.exit_code == 2
        assert "is a released version" in result.output
    result = run_cli(released, "release", "3.0", "--alias", "1.0")
    assert result.exit_code == 2 and "already the name of a release" in result.output
    assert snapshot(released / "site") == before


def test_a_release_leaves_nothing_behind_for_the_next_build(tmp_path: Path) -> None:
    """MkDocs keeps plugin instances for the whole process: releases must not leak."""
    released_project = write_release_project(tmp_path / "a")
    release(released_project, "1.0")
    other = write_release_project(tmp_path / "b")
    assert run_cli(other, "build").exit_code == 0
    assert not (other / "site/changes").exists()
    assert '"version": null' in (other / "site/index.html").read_text("utf-8")


def test_force_releases_again_and_keeps_the_earlier_packet(released_once: Path) -> None:
    project = released_once
    site = project / "site"
    first = json.loads((site / VERSIONS).read_text("utf-8"))[0]["properties"]
    old_packet = (site / "1.0" / first["packet"]).read_bytes()
    apply_second_state(project)
    release(project, "1.0", "--force", "--title", "1.0 (corrected)")
    entry = json.loads((site / VERSIONS).read_text("utf-8"))[0]
    assert entry["title"] == "1.0 (corrected)"
    assert entry["properties"]["readiness"] == 0.5
    kept = entry["properties"]["superseded_packets"]
    assert len(kept) == 1
    assert (site / "1.0" / kept[0]["file"]).read_bytes() == old_packet
    assert kept[0]["sha256"] == first["packet_sha256"]
    downloads = (site / "1.0/downloads/index.html").read_text("utf-8")
    assert kept[0]["file"] in downloads


def test_mkdocs_build_refuses_to_empty_a_site_with_releases(
    released: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    before = snapshot(released / "site")
    config = load_config(str(released / "mkdocs.yml"))
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(config)
    assert "would delete" in caplog.text
    assert snapshot(released / "site") == before


def test_the_first_release_replaces_a_plain_build_at_the_root(tmp_path: Path) -> None:
    project = write_release_project(tmp_path / "project")
    assert run_cli(project, "build").exit_code == 0
    assert (project / "site/report.json").is_file()
    release(project, "1.0")
    names = sorted(p.name for p in (project / "site").iterdir())
    assert names == ["1.0", "index.html", VERSIONS]
    assert 'url=1.0/"' in (project / "site/index.html").read_text("utf-8")


def test_releases_refuse_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    project = write_release_project(tmp_path / "project")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/notes.txt").write_text("mine\n", "utf-8")
    result = run_cli(project, "release", "1.0", "-d", str(tmp_path / "elsewhere"))
    assert result.exit_code == 2
    assert "neither empty nor a site" in result.output
    assert [p.name for p in (tmp_path / "elsewhere").iterdir()] == ["notes.txt"]


# --- atomicity ----------------------------------------------------------------------------


def _fail(*_: object, **__: object) -> None:
    raise OSError("injected failure")


@pytest.mark.parametrize("step", ["template", "properties", "commit", "versions.json"])
def test_an_interrupted_release_changes_nothing(
    released_once: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    project = released_once
    apply_second_state(project)
    # "commit": a forced re-release fails while swapping the folders
    args = ["1.0", "--force"] if step == "commit" else ["2.0", "--alias", "latest"]
    before = snapshot(project / "site")
    if step == "template":
        broken = project / "templates/site/changes.md.j2"
        broken.parent.mkdir(parents=True)
        broken.write_text("{% if %}\n", "utf-8")
    elif step == "properties":
        monkeypatch.setattr(release_module, "release_properties", _fail)
    else:
        real = os.replace
        victim = "versions.json" if step == "versions.json" else "1.0"

        def replace(source: str | Path, target: str | Path) -> None:
            if Path(target).name == victim and not Path(source).name.startswith(".1.0.old"):
                raise OSError("injected failure")
            real(source, target)

        monkeypatch.setattr(release_module.os, "replace", replace)
    result = run_cli(project, "release", *args)
    assert result.exit_code == 2, result.output
    assert step == "template" or "injected failure" in result.output
    assert snapshot(project / "site") == before
    leftovers = [p.name for p in (project / "site").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_failed_release_names_its_cause_as_a_failed_build_does(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Both wrap the same MkDocs build: neither may say only "Aborted with a BuildError!"."""
    project = write_release_project(tmp_path / "project")
    # an error finding is logged first; it is not what stops the build
    (project / "content/checklists/ops.md").write_text(
        CHECKLIST + "- [ ] MFA again {#mfa}\n", "utf-8"
    )
    (project / "templates/site").mkdir(parents=True)
    (project / "templates/site/dashboard.md.j2").write_text("{{ broken(\n", "utf-8")
    cause = "templates/site/dashboard.md.j2:1: template error: unexpected 'end of template'"
    built = run_cli(project, "build")
    released = run_cli(project, "release", "1.0")
    for result in (built, released):
        assert result.exit_code == 2
        last = result.output.strip().splitlines()[-1]
        assert last.startswith("error: build failed: ") and last.endswith(cause), last
    assert "duplicate item id 'mfa'" in caplog.text  # logged at ERROR before the cause
    assert not (project / "site").exists() or not any((project / "site").iterdir())
