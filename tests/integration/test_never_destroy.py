"""A build never writes where inputs live, keeps what a user put in its output folder,
leaves files a web server can read, and cleans up after a killed run (and only then)."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import run_cli, write_project

FILES: dict[str, str | bytes] = {
    "content/checklists/ops.md": "# Ops\n\n## Backups\n\n- [ ] Restore tested {#restore}\n",
    "content/runbooks/restore.md": "# Restore\n\nFictional runbook.\n",
    "evidence/restore.txt": "FICTIONAL: restore tested.\n",
    "evidence/restore.txt.meta.yml": (
        "title: Restore test\nkind: other\ncovers:\n  - restore\n"
        "collected: 2026-11-01\ncollected_by: Ops (fictional)\nvalid_for: 90d\n"
    ),
    "templates/README.md": "Overrides of the packaged templates.\n",
}
MKDOCS = Path(sys.executable).with_name("mkdocs")


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (the site aside) by its SHA-256: what a build must not touch."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "site" not in p.relative_to(folder).parts
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", FILES)


@pytest.fixture(scope="module")
def first_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("released") / "project", FILES)
    assert run_cli(project, "release", "1.0").exit_code == 0
    return project


@pytest.fixture
def released(first_release: Path, tmp_path: Path) -> Path:
    """The project released as 1.0 (`auditbook release 1.0`, exit code 0), a copy of its own."""
    return Path(shutil.copytree(first_release, tmp_path / "project", symlinks=True))


@pytest.mark.parametrize(
    ("site_dir", "named"),
    [
        ("content", "would replace docs_dir"),
        ("content/checklists", "would replace docs_dir"),
        ("evidence", "would replace the evidence folder"),
        ("templates", "would replace the templates folder"),
        (".", "would replace"),
        ("..", "would replace"),
    ],
)
@pytest.mark.parametrize("command", ["build", "release"])
def test_no_output_folder_replaces_an_input(
    project: Path, site_dir: str, named: str, command: str
) -> None:
    before = _snapshot(project.parent)
    args = ["build", "-d", site_dir] if command == "build" else ["release", "1.0", "-d", site_dir]
    result = run_cli(project, *args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: the output folder ") and named in result.output
    assert "choose a site_dir (-d) of its own" in result.output
    assert _snapshot(project.parent) == before
    assert sorted(p.name for p in project.parent.iterdir()) == ["project"]


def test_mkdocs_build_into_the_evidence_folder_is_refused(project: Path) -> None:
    """A plain `mkdocs build` empties site_dir first: the plugin stops it before that."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "site_dir: evidence\n", "utf-8")
    before = _snapshot(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(MKDOCS), "build", "-f", str(config)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode != 0
    assert "would replace the evidence folder" in done.stderr
    assert _snapshot(project) == before


def test_a_worktrees_git_and_other_dot_entries_survive_builds(project: Path) -> None:
    site = project / "site"
    site.mkdir()
    (site / ".git").write_text("gitdir: ../.git/worktrees/site\n", "utf-8")  # a worktree
    (site / ".nojekyll").write_text("", "utf-8")
    (site / ".well-known").mkdir()
    (site / ".well-known/security.txt").write_text("Contact: x@example.org\n", "utf-8")
    for _ in range(2):
        assert run_cli(project, "build").exit_code == 0
        assert (site / ".git").read_text("utf-8") == "gitdir: ../.git/worktrees/site\n"
        assert (site / ".nojekyll").is_file()
        assert (site / ".well-known/security.txt").is_file()
        assert (site / "index.html").is_file()
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def _unreadable_for_others(site: Path) -> list[str]:
    """What a web server running as another user could not read (or enter)."""
    if os.geteuid() == 0 and shutil.which("runuser"):
        command = ["runuser", "-u", "nobody", "--", "find", str(site), "!", "-readable"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        return done.stdout.split() + done.stderr.split("\n")[:-1]
    return [
        str(p)
        for p in [site, *site.rglob("*")]
        if not p.stat().st_mode & (0o005 if p.is_dir() else 0o004)
    ]


@pytest.mark.packet
def test_a_web_server_running_as_another_user_can_serve_everything(
    project: Path, tmp_path: Path
) -> None:
    previous = os.umask(0o022)
    try:
        assert run_cli(project, "build", packet=True).exit_code == 0
        assert run_cli(project, "release", "1.0", "-d", "released").exit_code == 0
    finally:
        os.umask(previous)
    served = Path(tempfile.mkdtemp(dir="/tmp"))  # a place `nobody` can reach
    try:
        served.chmod(0o755)
        for name in ("site", "released"):
            site = shutil.copytree(project / name, served / name, symlinks=True)  # modes kept
            assert _unreadable_for_others(site) == []
            assert (site.stat().st_mode & 0o777) == 0o755
    finally:
        shutil.rmtree(served)
    assert (project / "site/packet.pdf").stat().st_mode & 0o777 == 0o644
    assert (project / "released/1.0").stat().st_mode & 0o777 == 0o755
    assert (project / "released/versions.json").stat().st_mode & 0o777 == 0o644


def test_the_umask_is_honoured(project: Path) -> None:
    previous = os.umask(0o077)
    try:
        assert run_cli(project, "build").exit_code == 0
    finally:
        os.umask(previous)
    assert (project / "site").stat().st_mode & 0o777 == 0o700


def test_leftovers_of_a_killed_run_are_removed_and_said(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gone_pid = 4_194_304  # above Linux's largest process id: no such process
    leftovers = [
        project / f".site.new-{gone_pid}-abcd1234",
        project / f".site.old-{gone_pid}",
    ]
    for folder in leftovers:
        folder.mkdir()
        (folder / "index.html").write_text("half a site\n", "utf-8")
    running = subprocess.Popen(["sleep", "30"])  # a build of someone else, still running
    try:
        alive = project / f".site.new-{running.pid}-efgh5678"
        alive.mkdir()
        mine = project / ".notes.new-123-x"  # not auditbook's: another name than the site's
        mine.mkdir()
        with caplog.at_level(logging.INFO, logger="auditbook"):
            assert run_cli(project, "build").exit_code == 0
        assert not any(folder.exists() for folder in leftovers)
        assert alive.is_dir() and mine.is_dir()
        assert sum("left by an interrupted build or release" in m for m in caplog.messages) == 1
        # the old site, moved aside when the run was killed, was the last good one: put back
        assert sum("moved aside by an interrupted build" in m for m in caplog.messages) == 1
    finally:
        running.kill()
        running.wait()


@pytest.mark.packet
def test_leftovers_of_a_killed_release_are_removed(
    released: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = released
    site = project / "site"
    staged = site / ".2.0.new-4194304-abcd1234"
    staged.mkdir()
    index = site / ".versions.json.tmp-4194304-xyz"
    index.write_text("[]\n", "utf-8")
    with caplog.at_level(logging.INFO, logger="auditbook"):
        assert run_cli(project, "release", "2.0").exit_code == 0
    assert not staged.exists() and not index.exists()
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("release", "versions.json"), "version 'versions.json' is reserved"),
        (("release", "index.html"), "version 'index.html' is reserved"),
        (("release", "INDEX.HTML"), "version 'INDEX.HTML' is reserved"),
        (("release", "draft"), "version 'draft' is reserved"),
        (("release", "1.0", "--alias", "index.html"), "alias 'index.html' is reserved"),
        (("release", "1.0", "--alias", "versions.json"), "alias 'versions.json' is reserved"),
        (("release", "x" * 101), "is not usable as a folder name"),
        (("release", "1.0", "--title", "One\nTwo"), "title 'One\\nTwo' is not one line"),
        (("release", "1.0", "--title", "t" * 201), "is not one line of up to 200 characters"),
        (
            ("release", "1.0", "--title", '<img src=x onerror="alert(1)">Q4'),
            "holds <, > or &: the version selector would read it as HTML",
        ),
    ],
)
def test_reserved_release_names_are_refused_before_any_work(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    before = _snapshot(project)
    result = run_cli(project, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (project / "site").exists()
    assert _snapshot(project) == before


@pytest.mark.packet
def test_names_read_back_from_versions_json_never_lead_outside(released: Path) -> None:
    project = released
    outside = project.parent / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine\n", "utf-8")
    versions = project / "site/versions.json"
    versions.write_text(versions.read_text("utf-8").replace('"1.0"', '"../outside"'), "utf-8")
    for args in (("release", "1.0", "--force"), ("release", "2.0"), ("versions",)):
        result = run_cli(project, *args)
        assert result.exit_code == 2, args
        assert "site/versions.json" in result.output and "edited by hand?" in result.output
    assert (outside / "keep.txt").read_text("utf-8") == "mine\n"
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
