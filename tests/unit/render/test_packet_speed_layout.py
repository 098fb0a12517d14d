"""A piece's render reuses what its process already made: the same bytes, the same reports."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from auditbook.render.packet.jobs import Job
from auditbook.render.packet.layout import lay_out

STYLESHEET = """
@page { size: A5; margin: 15mm; @bottom-left { content: string(chapter); } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
h1 { string-set: chapter content(text); bookmark-level: 1; }
.ab-badge { display: inline-block; background: #2e7d32; color: #fff; }
"""
HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><section class="chapter" id="{anchor}"><h1>{title}</h1>
<p><span class="ab-badge">met</span> {text}</p></section></body></html>
"""


def _job(folder: Path, stylesheet: str, title: str = "One") -> Job:
    html = HTML.format(title=title, anchor=title.lower(), text="Some words. " * 40)
    base = folder.as_uri() + "/"
    return Job(html, stylesheet, base, base, (folder,), (), frozenset({title.lower()}))


def test_a_stylesheet_parsed_once_prints_the_same_bytes_as_a_fresh_one(tmp_path: Path) -> None:
    # A comment no other test writes: the first render parses this stylesheet afresh.
    stylesheet = STYLESHEET + f"/* {tmp_path.name} */"
    fresh = lay_out(_job(tmp_path, stylesheet))
    reused = lay_out(_job(tmp_path, stylesheet))
    other = lay_out(_job(tmp_path, stylesheet, title="Two"))
    assert fresh.pdf.startswith(b"%PDF-") and not fresh.problems
    assert reused.pdf == fresh.pdf
    assert (reused.pages, reused.page_names, reused.anchors) == (1, ("",), {"one": 0})
    assert other.anchors == {"two": 0} and other.pdf != fresh.pdf


def test_what_the_stylesheet_refused_or_missed_is_told_with_every_piece(tmp_path: Path) -> None:
    remote = "https://example.org/print.css"
    stylesheet = f'@import url("{remote}");\n@import url("missing.css");\n{STYLESHEET}'
    first, second = (lay_out(_job(tmp_path, stylesheet, title=t)) for t in ("One", "Two"))
    for laid in (first, second):
        assert laid.refused == (remote,)
        assert len(laid.problems) == 1 and "missing.css" in laid.problems[0]
        assert laid.pages == 1


@pytest.mark.parametrize("enabled", [True, False])
def test_a_piece_leaves_the_cycle_collector_as_it_was_and_no_garbage(
    tmp_path: Path, enabled: bool
) -> None:
    gc.collect()
    if not enabled:
        gc.disable()
    try:
        laid = lay_out(_job(tmp_path, STYLESHEET))
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert laid.pages == 1
    if enabled:  # the boxes the piece held in cycles were freed when it was done
        assert gc.collect() < 100  # some thousand objects without the collection
