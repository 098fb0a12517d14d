"""Shared helpers: fixture projects written into tmp_path and built for real."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner, Result

from auditbook.cli import cli

if TYPE_CHECKING:
    from support.packets import PacketProject

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

MKDOCS_YML = """\
site_name: Fixture
docs_dir: content
theme:
  name: material
plugins:
  - search
  - auditbook:
      organisation: Example Clinic (fictional)
      system: Fixture system
      as_of: {as_of}{packet}
markdown_extensions:
  - pymdownx.tasklist:
      custom_checkbox: true
"""

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# pytest-xdist already runs a test per core: a packet laid out on every core as well would
# only queue its workers behind the other tests'. The tests of the worker processes
# themselves ask for them (test_packet_pieces.py).
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.setdefault("AUDITBOOK_PROCESSES", "1")


def write_project(
    root: Path,
    files: dict[str, str | bytes],
    as_of: str = "2026-11-21",
    *,
    packet: bool | None = None,
) -> Path:
    """Write a project: mkdocs.yml (unless given) plus the files, paths relative to root.

    `packet` writes the plugin's packet option (None leaves it out: on by default).
    """
    root.mkdir(parents=True, exist_ok=True)
    if "mkdocs.yml" not in files:
        option = "" if packet is None else f"\n      packet: {str(packet).lower()}"
        (root / "mkdocs.yml").write_text(MKDOCS_YML.format(as_of=as_of, packet=option), "utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return root


def copy_fixture(name: str, destination: Path) -> Path:
    """Copy tests/fixtures/<name> into destination (tests must not build inside the repo)."""
    shutil.copytree(FIXTURES / name, destination)
    return destination


def run_cli(project: Path, *args: str, packet: bool = False) -> Result:
    """Run `auditbook ARGS` in the project folder through click's runner.

    A build leaves the PDF packet out (`--no-packet`) unless the test reads it: it asks
    with `packet=True` and is marked `packet`. Releases always have their packet.
    """
    if args[:1] == ("build",) and not packet and not {"--packet", "--no-packet"} & set(args):
        args = (*args, "--no-packet")
    runner = CliRunner()
    previous = Path.cwd()
    os.chdir(project)
    try:
        return runner.invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(previous)


@pytest.fixture
def project_factory(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes], as_of: str = "2026-11-21") -> Path:
        return write_project(tmp_path / f"project{next(counter)}", files, as_of)

    return make


# --- builds shared by several modules: made once per run (support/shared.py) ---------------


@pytest.fixture(scope="session")
def packet_project(tmp_path_factory: pytest.TempPathFactory) -> PacketProject:
    """The packet fixture: its full packet and its site. Read it; copy it to change it."""
    from support.packets import PacketProject, build_packet_project
    from support.shared import built_once

    return PacketProject(*built_once(tmp_path_factory, "packet", build_packet_project))


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """releases/one: a small project released as 1.0; releases/two: then as 2.0 (alias
    latest both times; support/releases.py). Read them; copy them to change them."""
    from support.releases import build_releases
    from support.shared import built_once

    return built_once(tmp_path_factory, "releases", build_releases)[0]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium for a module's tests, each in a context of its own.

    Not one per session: Playwright's sync API keeps its event loop marked running in this
    thread while it is open, and signing a packet (pyHanko) calls asyncio.run(). Missing,
    Chromium skips the test (fails under CI=true).
    """
    from support.browser import chromium

    with chromium() as launched:
        yield launched
