"""Hostile files no `files` table can write: hard links, loops of links, pipes, long names,
outputs aimed at inputs or devices, killed releases. Each with its exact message and exit code.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from auditbook.domain.errors import os_error_message
from conftest import run_cli, write_project

AUDITBOOK = Path(sys.executable).with_name("auditbook")
SIDECAR = (
    "title: T\nkind: other\ncovers:\n  - one\n"
    "collected: 2026-11-01\ncollected_by: Ops (fictional)\nvalid_for: 90d\n"
)
FILES: dict[str, str | bytes] = {
    "content/checklists/a.md": "# A\n\n## S\n\n- [ ] One {#one}\n- [ ] Two {#two}\n",
    "evidence/ok.txt": "FICTIONAL sample evidence.\n",
    "evidence/ok.txt.meta.yml": SIDECAR,
}
SUMMARY_CLEAN = "0 errors, 0 warnings, 0 notes: gate passed (fails on warning and above)"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "p", FILES)


def _findings(project: Path, *args: str) -> tuple[int, list[str]]:
    result = run_cli(project, "check", *args)
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.exit_code, result.output.splitlines()[:-1]


def _site_bytes(site: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file())


# --- hard links -----------------------------------------------------------------------------


def test_a_hard_link_to_a_file_outside_is_named_and_never_published(
    project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("NOT EVIDENCE: a key outside the project\n", "utf-8")
    os.link(secret, project / "evidence/leak.txt")
    (project / "evidence/leak.txt.meta.yml").write_text(SIDECAR + "publish: true\n", "utf-8")
    assert _findings(project) == (
        1,
        [
            "evidence/leak.txt: warning: hard link: the file has 2 names and only 1 is in "
            "evidence/; the others may be outside the project, so it is never published raw "
            "(copy the file instead of linking it) [evidence-hard-link]"
        ],
    )
    assert run_cli(project, "build").exit_code == 0
    assert b"NOT EVIDENCE" not in _site_bytes(project / "site")
    assert not (project / "site/evidence-files/leak.txt").exists()


def test_hard_links_between_evidence_files_are_fine(project: Path) -> None:
    os.link(project / "evidence/ok.txt", project / "evidence/same.txt")
    (project / "evidence/same.txt.meta.yml").write_text(SIDECAR, "utf-8")
    assert _findings(project) == (0, [])


# --- docs_dir entries MkDocs would stop or hang on ------------------------------------------


def test_loops_of_links_in_docs_are_left_out_and_said(project: Path) -> None:
    (project / "content/loop").symlink_to("loop")
    (project / "content/checklists/l1.md").symlink_to("l2.md")
    (project / "content/checklists/l2.md").symlink_to("l1.md")
    (project / "content/gone.png").symlink_to("nowhere.png")
    expected = [
        f"content/{name}: warning: {reason}; left out of the site [page-unreadable]"
        for name, reason in (
            ("checklists/l1.md", "Too many levels of symbolic links"),
            ("checklists/l2.md", "Too many levels of symbolic links"),
            ("gone.png", "No such file or directory"),
            ("loop", "Too many levels of symbolic links"),
        )
    ]
    assert _findings(project) == (1, expected)
    result = run_cli(project, "build")
    assert result.exit_code == 0, result.output
    assert (project / "site/index.html").is_file()


def test_a_folder_link_back_to_its_parent_is_one_warning_not_forty_copies(project: Path) -> None:
    (project / "content/checklists/again").symlink_to("..")
    assert _findings(project) == (
        1,
        [
            "content/checklists/again: warning: folder link leads back to .. (a loop): MkDocs "
            "would copy the folder into itself over and over; what it leads to is left out of "
            "the site [page-link-loop]"
        ],
    )
    assert run_cli(project, "build").exit_code == 0
    assert not (project / "site/checklists/again").exists()
    assert sorted(p.name for p in (project / "site/checklists").iterdir()) == ["a"]


def test_a_pipe_named_like_an_image_is_left_out_not_waited_for(project: Path) -> None:
    os.mkfifo(project / "content/diagram.png")
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(run_cli(project, "build")))
    worker.start()
    worker.join(timeout=120)
    if worker.is_alive():
        with (project / "content/diagram.png").open("w"):
            pass
        worker.join()
        pytest.fail("the build waited for the pipe")
    assert outcome[0].exit_code == 0  # type: ignore[attr-defined]
    assert _findings(project) == (
        1,
        [
            "content/diagram.png: warning: not a regular file (a pipe, device or socket); "
            "left out of the site [page-unreadable]"
        ],
    )


def test_a_page_of_more_than_32_mib_is_left_out(project: Path) -> None:
    with (project / "content/huge.md").open("w", encoding="utf-8") as page:
        page.write("# Huge\n\n")
        page.write(("- [ ] generated line\n" * 1024) * 1700)
    assert _findings(project) == (
        1,
        [
            "content/huge.md: warning: 36,556,808 bytes, more than the 33,554,432 a page may "
            "have; left out of the site [page-unreadable]",
        ],  # and not scanned for PHI: it is not published at all
    )
    assert run_cli(project, "build").exit_code == 0
    assert not (project / "site/huge").exists()


def test_a_folder_named_like_a_page_is_a_folder(project: Path) -> None:
    (project / "content/notes.md").mkdir()
    (project / "content/notes.md/inner.md").write_text("# Inner\n", "utf-8")
    assert _findings(project) == (0, [])


# --- front matter, as the site shows it -----------------------------------------------------


def test_front_matter_is_metadata_or_a_finding_never_text(project: Path) -> None:
    (project / "content/runbooks").mkdir()
    (project / "content/runbooks/good.md").write_text(
        "---\ntitle: Restore drill\n---\n\n# Restore\n\nSteps.\n", "utf-8"
    )
    (project / "content/runbooks/bad.md").write_text(
        "---\ntitle: Restore: drill\nowner: ops\n---\n\n# Restore\n\nSteps.\n", "utf-8"
    )
    assert run_cli(project, "build").exit_code == 0
    good = (project / "site/runbooks/good/index.html").read_text("utf-8")
    bad = (project / "site/runbooks/bad/index.html").read_text("utf-8")
    assert "<title>Restore drill - Fixture</title>" in good
    assert "title: Restore drill" not in good
    assert "owner: ops" not in bad and "title: Restore" not in bad
    assert "<p>Steps.</p>" in bad


def test_a_checklist_without_a_title_keeps_its_front_matter_as_metadata(project: Path) -> None:
    """auditbook inserts the checklist's summary at the top of a page with no H1: below its
    front matter, or MkDocs would show the front matter as text."""
    (project / "content/checklists/untitled.md").write_text(
        "---\ntitle: Vendor reviews\n---\n\n- [ ] Review the hosting vendor {#hosting}\n",
        "utf-8",
    )
    assert run_cli(project, "build").exit_code == 0
    page = (project / "site/checklists/untitled/index.html").read_text("utf-8")
    assert "<title>Vendor reviews - Fixture</title>" in page
    assert "title: Vendor reviews" not in page


# --- names with control characters, in every output format ----------------------------------


def test_a_name_with_a_newline_stays_on_one_line_in_every_format(project: Path) -> None:
    (project / "evidence/a\nb.txt").write_text("x\n", "utf-8")
    code, text = _findings(project)
    assert code == 1 and len(text) == 1 and text[0].startswith("evidence/a\\nb.txt: error: ")
    report = json.loads(run_cli(project, "check", "--format", "json").output)
    assert [f["path"] for f in report["findings"]] == ["evidence/a\nb.txt"]
    junit = run_cli(project, "check", "--format", "junit").output
    assert "\n".join(junit.splitlines()) == junit.rstrip("\n")  # no line broken by the name
    names = [case.get("name") for case in ET.fromstring(junit).iter("testcase")]
    assert "evidence-name evidence/a\\nb.txt" in names
    assert run_cli(project, "build").exit_code == 0
    assert not [p for p in (project / "site").rglob("*") if "\n" in p.name]


# --- dates that cannot be right -------------------------------------------------------------


def test_an_as_of_before_any_evidence_is_said(project: Path) -> None:
    assert _findings(project, "--as-of", "2019-06-30") == (
        1,
        [
            "evidence/ok.txt.meta.yml: warning: collected on 2026-11-01, after the assessment "
            "date 2019-06-30: it cannot show how things stood that day (a typo in 'collected', "
            "or an --as-of too early?) [evidence-collected-later]"
        ],
    )


# --- bounded time ---------------------------------------------------------------------------


def test_thousands_of_references_in_a_large_project_stay_fast(tmp_path: Path) -> None:
    items = "".join(f"- [ ] Backup check number {n} {{#item-{n}}}\n" for n in range(1_500))
    covers = "".join(f"  - itme-{n}\n" for n in range(1_000))
    controls = "".join(f"  - 164.312(z)({n})\n" for n in range(1_000))
    project = write_project(
        tmp_path / "p",
        {
            "content/checklists/big.md": "# Big\n\n## S\n\n" + items,
            "evidence/x.txt": "x\n",
            "evidence/x.txt.meta.yml": SIDECAR.replace("  - one\n", covers)
            + "controls:\n"
            + controls,
        },
    )
    started = time.monotonic()
    result = run_cli(project, "check")
    assert time.monotonic() - started < 20
    lines = result.output.splitlines()
    unknown = [line for line in lines if line.endswith("[evidence-unknown-item]")]
    assert len(unknown) == 21
    assert (
        "evidence/x.txt.meta.yml: error: 980 more of this kind in this file are not listed "
        "(only 20 are) [evidence-unknown-item]"
    ) in unknown


# --- outputs aimed at inputs, devices and too-long names ------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("check", "-o", "mkdocs.yml"),
            "error: the output file mkdocs.yml would replace mkdocs.yml",
        ),
        (
            ("packet", "-o", "mkdocs.yml"),
            "error: the output file mkdocs.yml would replace mkdocs.yml",
        ),
        (
            ("check", "-o", "content/r.txt"),
            "error: the output file content/r.txt is inside docs_dir",
        ),
        (
            ("packet", "-o", "evidence/p.pdf"),
            "error: the output file evidence/p.pdf is inside the evidence folder",
        ),
        (("check", "-o", "pipe"), "error: the output file pipe exists and is not a file"),
        (("packet", "-o", "pipe"), "error: the output file pipe exists and is not a file"),
    ],
)
def test_a_file_output_never_replaces_an_input_or_a_device(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    os.mkfifo(project / "pipe")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = run_cli(project, *args)
    assert result.exit_code == 2
    assert result.output.startswith(message), result.output
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    assert (project / "pipe").is_fifo()


def test_a_name_too_long_is_one_line_naming_it(project: Path) -> None:
    name = "x" * 300
    result = run_cli(project, "build", "-d", name)
    assert (result.exit_code, result.output) == (
        2,
        f"error: {project / name}: File name too long; the name is too long for the file "
        "system; shorten it\n",
    )


def test_a_config_file_that_is_a_loop_of_links_is_named(project: Path) -> None:
    (project / "a.yml").symlink_to("b.yml")
    (project / "b.yml").symlink_to("a.yml")
    for command in ("check", "build"):
        result = run_cli(project, command, "-f", "a.yml")
        assert (result.exit_code, result.output) == (
            2,
            "error: a.yml: Too many levels of symbolic links; a symbolic link leads back to "
            "itself; remove the loop\n",
        )


def test_a_report_larger_than_the_system_allows_is_named(project: Path) -> None:
    assert run_cli(project, "check").exit_code == 0  # the hash cache is written, and current

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    done = subprocess.run(
        [str(AUDITBOOK), "check", "-o", "report.txt", "--as-of", "2019-01-01"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        preexec_fn=small_files,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (
        2,
        "error: report.txt: File too large; the file is larger than the system allows "
        "(see `ulimit -f`)\n",
    )
    written = sorted(p.name for p in project.iterdir() if not p.name.startswith(".auditbook"))
    assert written == ["content", "evidence", "mkdocs.yml"]  # no report, whole or half


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        (errno.ENOSPC, "No space left on device; free some space on that disk, then run again"),
        (errno.EFBIG, "File too large; the file is larger than the system allows"),
        (errno.EACCES, "Permission denied; check the owner and permissions of that path"),
        (errno.ELOOP, "Too many levels of symbolic links; a symbolic link leads back to itself"),
        (errno.ENAMETOOLONG, "File name too long; the name is too long for the file system"),
    ],
)
def test_every_system_failure_names_the_path_and_what_to_do(
    tmp_path: Path, code: int, advice: str
) -> None:
    error = OSError(code, os.strerror(code), str(tmp_path / "site"))
    assert os_error_message(error).startswith(f"{tmp_path / 'site'}: {advice}")


# --- releases cut short ---------------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


GONE = 4_194_304  # above Linux's largest process id: the run that left these is dead


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("released") / "p", FILES)
    result = run_cli(project, "release", "1.0")
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture
def copy(released: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(released, tmp_path / "p", symlinks=True))


def _versions(project: Path) -> list[str]:
    data = json.loads((project / "site/versions.json").read_text("utf-8"))
    return [entry["version"] for entry in data]


@pytest.mark.packet
def test_a_release_killed_before_versions_json_is_completed_by_the_next_run(
    copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = copy / "site"
    shutil.copytree(site / "1.0", site / "2.0")  # the folder was renamed into place...
    entries = json.loads((site / "versions.json").read_text("utf-8"))
    entries.insert(0, {**entries[0], "version": "2.0", "title": "2.0"})
    pending = site / f".versions.json.tmp-{GONE}-abcd1234"
    pending.write_text(json.dumps(entries), "utf-8")  # ...and its index written, not renamed
    with caplog.at_level(logging.INFO, logger="auditbook"):
        assert run_cli(copy, "build").exit_code == 0
    assert _versions(copy) == ["2.0", "1.0"]
    assert not pending.exists()
    assert any("completing the release of 2.0" in m for m in caplog.messages)


@pytest.mark.packet
def test_a_half_written_index_is_removed_and_the_folder_left_unrecorded(copy: Path) -> None:
    site = copy / "site"
    pending = site / f".versions.json.tmp-{GONE}-abcd1234"
    pending.write_text('[{"version": "2.0", "tit', "utf-8")  # killed while writing it
    assert run_cli(copy, "release", "2.0").exit_code == 0
    assert _versions(copy) == ["2.0", "1.0"]
    assert not pending.exists()


@pytest.mark.packet
def test_a_version_moved_aside_by_a_killed_re_release_is_put_back(
    copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = copy / "site"
    packet = _sha256(site / "1.0/packet.pdf")
    os.replace(site / "1.0", site / f".1.0.old-{GONE}")  # killed right after this rename
    (site / f".1.0.new-{GONE}-abcd1234").mkdir()
    with caplog.at_level(logging.INFO, logger="auditbook"):
        assert run_cli(copy, "release", "2.0").exit_code == 0
    assert _sha256(site / "1.0/packet.pdf") == packet
    assert _versions(copy) == ["2.0", "1.0"]
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []
    assert any("restoring" in m and "1.0" in m for m in caplog.messages)


@pytest.mark.packet
def test_a_release_whose_folder_is_a_link_is_refused_before_versions_json(
    copy: Path, tmp_path: Path
) -> None:
    site = copy / "site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site / "latest").symlink_to(elsewhere)
    before = (site / "versions.json").read_bytes()
    result = run_cli(copy, "release", "2.0", "--alias", "latest")
    assert result.exit_code == 2
    assert result.output == (
        f"error: {site / 'latest'}: is a symbolic link; a release or alias must be a folder "
        "of the site root\n"
    )
    assert (site / "versions.json").read_bytes() == before
    assert not (site / "2.0").exists() and list(elsewhere.iterdir()) == []
