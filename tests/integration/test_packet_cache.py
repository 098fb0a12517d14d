"""A packet is rendered once per set of inputs: reused when nothing in it changed, rendered
anew when anything did (content, stylesheet, an image it shows, an attachment). Its pieces
are cached too: after a change, only the pieces that show it are laid out again, and the
packet is byte for byte the one a build without any cache makes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_fixture, run_cli

pytestmark = pytest.mark.packet
REUSED = "(reused: nothing in it changed)"
EPOCH = "1763700000"  # every render at the same time, so that bytes can be compared


def build(root: Path) -> str:
    result = run_cli(root, "build", packet=True)
    assert result.exit_code == 0, result.output
    return result.output


def packet_text(root: Path) -> str:
    pdf = root / "site" / "packet.pdf"
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


@pytest.fixture
def project(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = copy_fixture("packet", tmp_path / "project")
    # The fixture's 90 steps make long tables for test_packet; what the cache keeps and
    # reuses is the same with a few, and each packet here is printed two or three times.
    operations = root / "content/checklists/operations.md"
    text = operations.read_text("utf-8")
    operations.write_text(text[: text.index("- [ ] Step 09")] + text[text.index("## Monitoring") :])
    caplog.set_level("INFO", logger="mkdocs.plugins.auditbook")
    build(root)
    return root


def rebuilt(root: Path, caplog: pytest.LogCaptureFixture) -> bool:
    """Build again; True when the packet was reused."""
    caplog.clear()
    pieces = root / ".auditbook-cache" / "pieces"
    before = {path: path.stat().st_mtime_ns for path in pieces.glob("*.json")}
    build(root)
    # A piece taken from the cache is marked as used (its mtime); a new one is written.
    root_reused[root] = sum(
        1 for path, mtime in before.items() if path.exists() and path.stat().st_mtime_ns > mtime
    )
    return REUSED in caplog.text


root_reused: dict[Path, int] = {}


def pieces_reused(root: Path) -> int:
    """How many pieces the last rebuild took from the cache."""
    return root_reused[root]


def same_as_without_cache(root: Path) -> None:
    """The packet made from cached pieces is the one a build with no cache makes."""
    warm = (root / "site" / "packet.pdf").read_bytes()
    shutil.rmtree(root / ".auditbook-cache")
    build(root)
    assert (root / "site" / "packet.pdf").read_bytes() == warm


def test_nothing_changed_reuses_the_same_bytes(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = (project / "site" / "packet.pdf").read_bytes()
    assert rebuilt(project, caplog)
    assert (project / "site" / "packet.pdf").read_bytes() == first


def test_a_changed_item_is_rendered_anew(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    checklist = project / "content/checklists/security.md"
    checklist.write_text(checklist.read_text("utf-8") + "- [ ] Pager rotation agreed {#pager}\n")
    assert not rebuilt(project, caplog)
    assert pieces_reused(project) >= 3  # the register, sign-off, the runbooks: untouched
    assert "Pager rotation agreed" in packet_text(project)
    same_as_without_cache(project)


def test_a_changed_stylesheet_is_rendered_anew(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    override = project / "templates/packet/packet.css"
    override.parent.mkdir(parents=True, exist_ok=True)
    packaged = (
        Path(__file__).resolve().parents[2] / "generator/auditbook/templates/packet/packet.css"
    )
    override.write_text(packaged.read_text("utf-8") + "\nh1 { color: #123456; }\n", "utf-8")
    assert not rebuilt(project, caplog)
    assert pieces_reused(project) == 0  # every piece is printed with the stylesheet
    same_as_without_cache(project)


def test_a_changed_image_the_packet_shows_is_rendered_anew(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from PIL import Image

    image = project / "content/runbooks/diagram.png"
    Image.new("RGB", (40, 20), "navy").save(image)
    runbook = project / "content/runbooks/restore.md"
    runbook.write_text(runbook.read_text("utf-8") + "\n![Diagram](diagram.png)\n", "utf-8")
    assert not rebuilt(project, caplog)
    assert rebuilt(project, caplog)
    Image.new("RGB", (40, 20), "orange").save(image)  # same name and size, other pixels
    assert not rebuilt(project, caplog)
    same_as_without_cache(project)


def test_a_changed_attachment_is_rendered_anew(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    screenshot = project / "evidence/screens/mfa-settings.png"  # published, so attached
    screenshot.write_bytes(screenshot.read_bytes() + b"\0")
    assert not rebuilt(project, caplog)
    assert pieces_reused(project) >= 1
    same_as_without_cache(project)


def test_a_cache_that_came_with_the_project_is_not_trusted(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The same project at the same path, its cache copied in as a clone or an unpacked
    # archive would bring it: every key is the same, but this machine did not write it.
    copy = project.parent / "copy"
    shutil.copytree(project, copy)
    shutil.rmtree(project)
    shutil.copytree(copy, project)
    assert not rebuilt(project, caplog)
    assert pieces_reused(project) == 0
    assert rebuilt(project, caplog)  # what it wrote itself is trusted again
