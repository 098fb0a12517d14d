"""Hostile input meets a bound or a clear message: never a hang, a memory blow-up, a traceback."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import run_cli, write_project

AUDITBOOK = Path(sys.executable).with_name("auditbook")
FILES: dict[str, str | bytes] = {
    "content/checklists/ops.md": "# Ops\n\n## Backups\n\n- [ ] Restore tested {#restore}\n",
    "evidence/README.md": "No evidence yet (fictional project).\n",
}
BOMB = "".join(
    f"  a{n}: &a{n} [{', '.join([f'*a{n - 1}' if n else '{x: y}'] * 10)}]\n" for n in range(9)
)


def test_an_alias_bomb_in_mkdocs_yml_is_refused_before_mkdocs_expands_it(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", FILES)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra:\n" + BOMB, "utf-8")
    for command in ("check", "build"):
        result = run_cli(project, command)
        assert result.exit_code == 2
        assert result.output == (
            "error: mkdocs.yml: its aliases expand to more than 100,000 values; "
            "write the values out or remove the aliases\n"
        )
    assert not (project / "site").exists()


def test_a_pipe_named_like_a_page_is_left_out_not_waited_for(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", FILES)
    os.mkfifo(project / "content/checklists/pipe.md")
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(run_cli(project, "build")))
    worker.start()
    worker.join(timeout=120)
    if worker.is_alive():  # the build waits for a writer that never comes
        with (project / "content/checklists/pipe.md").open("w"):
            pass  # let it finish, then fail the test
        worker.join()
        pytest.fail("the build waited for the pipe")
    assert outcome[0].exit_code == 0  # type: ignore[attr-defined]
    report = run_cli(project, "check")
    assert (
        "content/checklists/pipe.md: warning: not a regular file (a pipe, device or socket); "
        "left out of the site [page-unreadable]"
    ) in report.output.splitlines()
    assert not (project / "site/checklists/pipe").exists()


@pytest.mark.parametrize("epoch", ["253402300800", "1e9", "-99999999999999"])
@pytest.mark.parametrize("command", ["check", "build", "packet"])
def test_a_source_date_epoch_no_date_can_show_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str, command: str
) -> None:
    project = write_project(tmp_path / "p", FILES)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      as_of: 2026-11-21\n", ""), "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = run_cli(project, command)
    assert (result.exit_code, result.output) == (
        2,
        f"error: SOURCE_DATE_EPOCH={epoch!r} is not a Unix time\n",
    )


def test_a_file_size_limit_is_named_and_leaves_the_old_site(tmp_path: Path) -> None:
    """The system refuses a write (EFBIG): one line that says what and where, nothing half-done."""
    project = write_project(tmp_path / "p", FILES)
    assert run_cli(project, "build").exit_code == 0
    before = sorted(p.relative_to(project).as_posix() for p in (project / "site").rglob("*"))

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [str(AUDITBOOK), "build", "--no-packet"],
        cwd=project,
        env=env,
        preexec_fn=small_files,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and last.endswith(
        ": File too large; the file is larger than the system allows (see `ulimit -f`)"
    ), last
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    after = sorted(p.relative_to(project).as_posix() for p in (project / "site").rglob("*"))
    assert after == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]


# Run the CLI in a fresh interpreter that reports its own peak RSS (VmHWM) as it exits:
# a child's rusage would carry the parent's high-water mark across exec.
PEAK_RSS_CLI = """
import atexit, os
from pathlib import Path
def report():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            Path(os.environ["PEAK_KB_FILE"]).write_text(line.split()[1])
atexit.register(report)
from auditbook.cli import main
main()
"""


@pytest.mark.packet
def test_a_2_gib_evidence_file_is_hashed_and_listed_not_held_in_memory(tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "p",
        {
            **FILES,
            "evidence/db-dump.bin.meta.yml": (
                "title: Database dump (sparse, fictional)\nkind: other\ncovers: [restore]\n"
                "collected: 2026-11-02\ncollected_by: Ops (fictional)\nvalid_for: 92d\n"
            ),
        },
    )
    with (project / "evidence" / "db-dump.bin").open("wb") as sparse:
        sparse.truncate(2 << 30)
    peak_file = tmp_path / "peak-kb"
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS_CLI, "packet", "-o", "full.pdf"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEAK_KB_FILE": str(peak_file)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(peak_file.read_text()) < 300 * 1024  # kB
    text = subprocess.run(
        ["pdftotext", str(project / "full.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "larger than the 64 MiB a packet attaches per file" in " ".join(text.split())


def test_a_thousand_unknown_ids_in_the_mapping_are_twenty_lines_and_a_count(
    tmp_path: Path,
) -> None:
    entries = "".join(f'  ops/backups/no-such-item-{n}: ["164.312(b)"]\n' for n in range(1000))
    project = write_project(
        tmp_path / "p", {**FILES, "content/mappings/hipaa.yml": f"items:\n{entries}"}
    )
    result = run_cli(project, "check", "--format", "text")
    unknown = [line for line in result.output.splitlines() if "[mapping-unknown-item]" in line]
    assert len(unknown) == 21
    assert unknown[0] == (  # the count comes first: it has no line
        "content/mappings/hipaa.yml: error: 980 more of this kind in this file are not listed "
        "(only 20 are) [mapping-unknown-item]"
    )
    gaps = [line for line in result.output.splitlines() if "[coverage-gap]" in line]
    assert len(gaps) == 43  # one per Required control (the ids are unknown): never capped
