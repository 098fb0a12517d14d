"""Long work says so: a bar in a terminal, a line at start and end in a CI log, and never
a byte of it on the standard output that carries `auditbook check`'s report."""

from __future__ import annotations

import json
import logging
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from auditbook.domain.progress import PROGRESS_LOG
from conftest import run_cli, write_project

SIDECAR = (
    "title: Pager rota export\nkind: other\ncovers: [pager]\ncollected: 2026-11-10\n"
    "collected_by: Dana (fictional)\nvalid_for: 1y\nfictional: true\n"
)
AUDITBOOK = str(Path(sys.executable).parent / "auditbook")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(
        tmp_path / "p",
        {
            "content/launch.md": "# Launch\n\n- [ ] Pager rotation set up {#pager}\n",
            "evidence/rota.csv": "Rota. FICTIONAL SAMPLE.\n" * 1000,
            "evidence/rota.csv.meta.yml": SIDECAR,
        },
    )


@pytest.mark.packet
def test_a_log_gets_one_line_at_the_start_and_one_at_the_end(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, PROGRESS_LOG)  # a `check` run before in this process quiets it
    assert run_cli(project, "build", packet=True).exit_code == 0
    lines = [r.getMessage() for r in caplog.records if r.name.endswith(".progress")]
    assert len(lines) == 4, lines
    assert lines[0] == "hashing 1 evidence file ..."
    assert lines[1].startswith("hashed 1 evidence file (0.0 MB) in ")
    assert lines[2] == "rendering the packet (1 attachment) ..."
    assert lines[3].startswith("packet rendered: ") and int(lines[3].split()[2]) >= 3


def test_check_keeps_its_standard_output_for_the_report(project: Path) -> None:
    run = subprocess.run(
        [AUDITBOOK, "check", "--format", "json"], cwd=project, capture_output=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["failed"] is False  # nothing else on stdout
    assert run.stderr == b""  # the report says it all: a log gets no progress lines


def test_a_terminal_gets_a_bar(project: Path) -> None:
    controller, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    with subprocess.Popen(
        [AUDITBOOK, "check", "--format", "json"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=env,
    ) as child:
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        stdout = child.stdout.read() if child.stdout else b""
    os.close(controller)
    assert child.returncode == 0
    assert b"hashing 1 evidence file" in shown and "━".encode() in shown
    assert b"24.0/24.0 kB" in shown  # the bytes hashed, all of them
    assert b"hashing 1 evidence file ..." not in shown  # a bar, not the log's lines
    assert json.loads(stdout)["failed"] is False
