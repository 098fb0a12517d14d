"""The packet printed in pieces is the packet printed whole: same pages, same pixels, and
the same bytes whether one process prints it or several."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from auditbook.engine.project import load_project
from auditbook.render.packet import packet as packet_module
from auditbook.render.packet import printing, views, workers
from auditbook.render.packet.packet import Packet, render_packet
from auditbook.render.packet.pieces import Piece, split_pieces
from conftest import copy_fixture

pytestmark = pytest.mark.packet
EPOCH = "1763700000"


def project_at(root: Path):  # type: ignore[no-untyped-def]
    from mkdocs.config import load_config

    from auditbook.options import settings_from

    config = load_config(str(root / "mkdocs.yml"))
    return load_project(settings_from(config, config.plugins["auditbook"].config))


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return copy_fixture("packet", tmp_path / "project")


def printed(root: Path) -> Packet:
    """The packet laid out now: no cache of a packet or of its pieces."""
    shutil.rmtree(root / ".auditbook-cache", ignore_errors=True)
    return render_packet(project_at(root), version="1.0", full=True)


def pages_as_images(pdf: bytes, folder: Path, name: str) -> list[Image.Image]:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(folder / name)], check=True)
    return [Image.open(p).convert("L") for p in sorted(folder.glob(f"{name}-*.png"))]


def test_pieces_print_exactly_the_pages_of_the_whole_document(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small runs, so that a fixture of a few files shows what a large project does: the
    # register and the findings go on in parts, and the page numbers are printed in several
    # runs.
    monkeypatch.setattr(views, "REGISTER_PART", 2)
    monkeypatch.setattr(views, "REGISTER_INDEX_PART", 3)
    monkeypatch.setattr(views, "FINDINGS_PART", 1)
    monkeypatch.setattr(views, "SUMMARY_ROWS", 1)
    monkeypatch.setattr(views, "ATTENTION_PART", 1)
    monkeypatch.setattr(views, "CHECKLIST_PART", 4)
    monkeypatch.setattr(views, "PAGES_PART", 1)
    monkeypatch.setattr(printing, "NUMBERING_RUN", 4)
    # A file without a sidecar: a second finding, so that the findings go on in parts too.
    (root / "evidence/reports/notes.txt").write_text("Fictional meeting notes.\n", "utf-8")
    # A second runbook, so that the runbooks go on in parts of one.
    (root / "content/runbooks/rotate.md").write_text("# Key rotation\n\nFictional.\n", "utf-8")
    # Two overdue items: more than the summary shows, so "Needs attention" goes on in parts.
    with (root / "content/checklists/security.md").open("a", encoding="utf-8") as page:
        page.write("- [ ] Keys rotated {due=2020-01-01}\n- [ ] Pager tested {due=2020-02-01}\n")
    in_pieces = printed(root)
    html = _html(root)
    assert "Evidence register, files 3\u20134" in html
    assert "Evidence register, index 4" in html
    assert '<section class="chapter findings-part" id="findings-2">' in html
    assert '<section class="chapter attention" id="attention-2">' in html
    assert "<h1>Security checklist, continued</h1>" in html
    assert '<section class="chapter pages-part" id="pages-2">' in html
    assert "Access control (continued)</h2>" in html
    summary = html[html.index('id="summary"') : html.index('id="attention"')]
    assert "Keys rotated" in summary and "Pager tested" not in summary
    assert 'The first 1 of 2: all of them are listed under <a href="#attention-overdue">' in summary
    rest = html[html.index('id="attention"') : html.index('id="attention-2"')]
    assert "Keys rotated" in rest and 'id="attention-overdue"' in rest
    second = html.index('id="attention-2"')
    assert "Pager tested" in html[second : html.index('<section class="chapter', second)]
    assert len(split_pieces(html)) > 6  # cover and contents, then each chapter

    def whole(document: str) -> list[Piece]:
        return [Piece(document, frozenset(), front=True)]

    monkeypatch.setattr(packet_module, "split_pieces", whole)
    at_once = printed(root)
    assert in_pieces.pages == at_once.pages
    ours = pages_as_images(in_pieces.pdf, tmp_path, "pieces")
    theirs = pages_as_images(at_once.pdf, tmp_path, "whole")
    differing = [
        number
        for number, (a, b) in enumerate(zip(ours, theirs, strict=True), start=1)
        if ImageChops.difference(a, b).getbbox() is not None
    ]
    assert differing == []  # numbers, contents, running heads: every pixel


def test_one_process_or_two_make_the_same_bytes_and_links_land(
    root: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("AUDITBOOK_PROCESSES", "2")
    monkeypatch.setattr(workers, "WORTH_A_WORKER", 0)  # a packet this small, on workers too
    two = printed(root)
    # A worker's refusal of a remote image still reaches this process's log.
    assert "https://example.org/tracker.png" in caplog.text
    monkeypatch.setenv("AUDITBOOK_PROCESSES", "1")
    assert printed(root).pdf == two.pdf

    book = pikepdf.open(_write(two.pdf, root / "two.pdf"))
    names = list(book.Root.Names.Dests.Names)
    held = {str(name) for name in names[::2]}
    assert len(held) == len(names) // 2  # each id once: stand-ins for other pieces dropped
    linked = {
        str(annotation.Dest)
        for page in book.pages
        for annotation in page.obj.get("/Annots", [])
        if "/Dest" in annotation
    }
    assert linked and linked <= held  # every internal link has somewhere to land
    keys = list(book.Root.StructTreeRoot.ParentTree.Nums)[::2]
    assert len(set(map(int, keys))) == len(keys)  # one tag tree, its keys never reused
    parents = [int(page.obj.StructParents) for page in book.pages]
    assert len(set(parents)) == len(book.pages)


def test_a_bad_process_count_is_refused_by_name(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from auditbook.domain.errors import ConfigError

    monkeypatch.setenv("AUDITBOOK_PROCESSES", "many")
    with pytest.raises(ConfigError, match="AUDITBOOK_PROCESSES must be a whole number"):
        printed(root)


def _html(root: Path) -> str:
    from auditbook.render.packet.document import packet_html
    from auditbook.render.packet.views import PacketInfo
    from auditbook.render.templating import environment

    project = project_at(root)
    settings = project.settings
    info = PacketInfo(
        settings.organisation,
        settings.system,
        "1.0",
        project.assessment.today,
        dt.datetime(2025, 11, 21, tzinfo=dt.UTC),
        True,
    )
    return packet_html(project, environment(settings.templates_dir), info)


def _write(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


def test_a_worker_that_dies_is_a_packet_error_not_a_traceback(tmp_path: Path) -> None:
    """A script without a main guard: its workers die starting (Python re-runs it in each)."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from auditbook.domain.errors import PacketError\n"
        "from auditbook.render.packet import workers\n"
        "from auditbook.render.packet.jobs import Job\n"
        "workers.WORTH_A_WORKER = 0\n"
        "page = '<html lang=\"en\"><body><p>fictional</p></body></html>'\n"
        "jobs = [Job(page, '', 'file:///', 'file:///', (), ()) for _ in range(2)]\n"
        "try:\n"
        "    workers.lay_out_all(jobs)\n"
        "except PacketError as error:\n"
        "    print('refused:', error)\n",
        "utf-8",
    )
    env = {**os.environ, "AUDITBOOK_PROCESSES": "2"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120
    )
    assert "refused: a process laying out the packet stopped before it finished" in done.stdout
    assert "AUDITBOOK_PROCESSES=1" in done.stdout
