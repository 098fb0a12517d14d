"""`mkdocs serve` rebuilds when evidence or a template changes, not only when a page does.

Run for real: `mkdocs serve` in a subprocess on a free port, a sidecar edited so that its
evidence expires, a project template edited; the served pages change.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from auditbook.render import templating
from conftest import write_project

SIDECAR = (
    "title: Pager rota export\nkind: other\ncovers: [pager]\ncollected: {collected}\n"
    "collected_by: Dana (fictional)\nvalid_for: 30d\nfictional: true\n"
)
MKDOCS_YML = "site_name: Live\ntheme: material\nplugins:\n  - auditbook:\n      as_of: 2026-11-21\n"
TEMPLATE = "site/findings.md.j2"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(what: Callable[[], bool], server: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"mkdocs serve stopped: {server.stderr.read().decode()}")  # type: ignore[union-attr]
        if what():
            return
        time.sleep(0.2)
    raise AssertionError("the served page did not change in time")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[bytes]]]:
    project = write_project(
        tmp_path / "live",
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/launch.md": "# Launch\n\n- [ ] Pager rotation set up {#pager}\n",
            "evidence/rota.csv": "Rota. FICTIONAL SAMPLE.\n",
            "evidence/rota.csv.meta.yml": SIDECAR.format(collected="2026-11-10"),
        },
    )
    packaged = Path(templating.__file__).parent.parent / "templates" / TEMPLATE
    (project / "templates/site").mkdir(parents=True)
    shutil.copyfile(packaged, project / "templates" / TEMPLATE)
    port = _free_port()
    mkdocs = Path(sys.executable).parent / "mkdocs"
    server = subprocess.Popen(
        [str(mkdocs), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        yield project, f"http://127.0.0.1:{port}/", server
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_rebuilds_on_a_sidecar_and_a_template_edit(
    served: tuple[Path, str, subprocess.Popen[bytes]],
) -> None:
    project, url, server = served

    def item_is(status: str) -> bool:
        page = _get(url + "launch/") or ""
        return f'ab-badge--{status}">{status}</span> Pager rotation' in page

    _wait_for(lambda: item_is("met"), server, 30)
    sidecar = project / "evidence/rota.csv.meta.yml"
    sidecar.write_text(SIDECAR.format(collected="2026-01-05"), "utf-8")  # 30 days: long gone
    _wait_for(lambda: item_is("expired"), server, 20)

    template = project / "templates" / TEMPLATE
    template.write_text(template.read_text("utf-8") + "\nEdited while serving.\n", "utf-8")
    _wait_for(lambda: "Edited while serving." in (_get(url + "findings/") or ""), server, 20)
