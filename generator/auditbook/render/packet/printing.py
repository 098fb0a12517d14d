"""The packet printed piece by piece: chapters on every core, then the front, then one book.

1. Each chapter is laid out and written alone (pieces.py), in worker processes
   (workers.py), or taken from the cache when nothing in it changed (cache.py).
2. The front (cover and contents) is laid out once to count its pages, then written with
   the page numbers of the contents.
3. The page numbers of the running heads are printed on a blank document as long as the
   book (pagecss.py), and everything is joined into one PDF/A-3 (assemble.py), the
   attachments last, each read from disk as it is written into the book (embed.py).
A document that has no chapters is printed whole, as one piece, and joined the same way.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from auditbook.domain.errors import PacketError
from auditbook.render.packet.assemble import Part, assemble
from auditbook.render.packet.cache import cached_piece, piece_key, prune_pieces, remember_piece
from auditbook.render.packet.jobs import Job, Laid
from auditbook.render.packet.pagecss import for_numbers, for_pieces, has_numbers
from auditbook.render.packet.pdf import REFUSED
from auditbook.render.packet.pieces import Piece, with_page_numbers
from auditbook.render.packet.workers import lay_out_all

if TYPE_CHECKING:
    from auditbook.domain.progress import Tracker
    from auditbook.inputs.localcache import LocalCache
    from auditbook.render.packet.attachments import PacketFile
    from auditbook.render.packet.pdf import LocalFetcher

log = logging.getLogger(__name__)
# Pieces kept in the cache beyond those of the last packet: a few builds to go back to.
SPARE_PIECES = 200
# Pages per run of the numbering: even, so that each run starts on a right-hand page.
NUMBERING_RUN = 200


@dataclass(frozen=True)
class Printed:
    """What a benchmark or a check wants to know of the PDF written."""

    pages: int
    attachments: int
    rendered: int  # pieces laid out now; the others came from the cache


@dataclass(frozen=True)
class _Press:
    """What every piece of one packet is printed with."""

    stylesheet: str
    base_url: str
    css_base: str
    roots: tuple[Path, ...]
    files: tuple[Path, ...]
    cache: LocalCache | None

    @property
    def folder(self) -> Path | None:
        return self.cache.part("pieces") if self.cache else None

    def key(self, job: Job) -> str:
        """The cache key of a piece that is written; "" for one that only counts pages."""
        return self.cache.seal(piece_key(job)) if self.cache and job.write else ""

    def job(self, html: str, ids: frozenset[str] = frozenset(), **more: object) -> Job:
        job = Job(html, self.stylesheet, self.base_url, self.css_base, self.roots, self.files, ids)
        return dataclasses.replace(job, **more)  # type: ignore[arg-type]


def print_packet(
    pieces: Sequence[Piece],
    base_url: str,
    stylesheet: tuple[str, str, str],
    files: Sequence[PacketFile],
    fetcher: LocalFetcher,
    cache: LocalCache | None,
    sink: BinaryIO,
    tracker: Tracker | None = None,
) -> Printed:
    """Print the pieces into one PDF/A-3 with its attachments, written to `sink`, or raise
    PacketError."""
    css_text, _, css_base = stylesheet
    whole = len(pieces) == 1
    press = _Press(
        css_text if whole else for_pieces(css_text),
        base_url,
        css_base,
        tuple(fetcher.roots),
        tuple(sorted(fetcher.files)),
        cache,
    )
    done = tracker.advance if tracker is not None else _nothing
    if whole:
        (laid,), fresh = _lay_out([press.job(pieces[0].html)], press, done)
        assemble(sink, Part(laid.pdf, pieces[0].ids), (), files=files)
        return Printed(laid.pages, len(files), fresh)
    chapters, fresh = _lay_out([press.job(p.html, p.ids) for p in pieces[1:]], press, done)
    front, counted = _front(pieces[0], chapters, press)
    names = [*front.page_names, *(name for laid in chapters for name in laid.page_names)]
    if tracker is not None:
        tracker.advance(now=f"joining the packet's {len(names)} pages")
    numbering: list[bytes] = []
    if has_numbers(css_text):
        numbering = [laid.pdf for laid in _lay_out(_numbering(css_text, names, press), press)[0]]
    parts = [Part(laid.pdf, piece.ids) for laid, piece in zip(chapters, pieces[1:], strict=True)]
    assemble(sink, Part(front.pdf, pieces[0].ids), parts, numbering, files)
    prune_pieces(press.folder, len(pieces) + SPARE_PIECES)
    return Printed(len(names), len(files), fresh + counted)


def _nothing() -> None:
    return None


def _lay_out(
    jobs: list[Job], press: _Press, done: Callable[[], None] = _nothing
) -> tuple[list[Laid], int]:
    """Every job from the cache or laid out now; (results in order, how many were laid out)."""
    # Only what is written is cached: a layout that merely counts pages is not kept.
    keys = [press.key(job) for job in jobs]
    folder = press.folder
    found = [cached_piece(folder, key) if key else None for key in keys]
    todo = [n for n, hit in enumerate(found) if hit is None]
    for _ in range(len(jobs) - len(todo)):
        done()
    for n, laid in zip(todo, lay_out_all([jobs[n] for n in todo], done), strict=True):
        _check(laid)
        if jobs[n].write:
            remember_piece(folder, keys[n], laid)
        found[n] = laid
    return [laid for laid in found if laid is not None], len(todo)


def _check(laid: Laid) -> None:
    for url in dict.fromkeys(laid.refused):
        log.warning(REFUSED, url)
    if laid.problems:
        more = f" (and {len(laid.problems) - 1} more)" if len(laid.problems) > 1 else ""
        raise PacketError(f"the packet could not be rendered completely: {laid.problems[0]}{more}")


def _front(piece: Piece, chapters: list[Laid], press: _Press) -> tuple[Laid, int]:
    """The front written with its contents' page numbers: laid out first to count its own
    pages (the numbers of every chapter follow them), then again if the count moved."""
    before, where = 0, dict[str, int]()
    for laid in chapters:
        for name, index in laid.anchors.items():
            where.setdefault(name, before + index)
        before += laid.pages

    def numbered(own: int, own_anchors: dict[str, int]) -> str:
        pages = {name: own + index + 1 for name, index in where.items()}
        pages.update({name: index + 1 for name, index in own_anchors.items()})
        return with_page_numbers(piece.html, pages)

    trial = _lay_out([press.job(numbered(1, {}), piece.ids, write=False)], press)[0][0]
    for _ in range(3):
        job = press.job(numbered(trial.pages, trial.anchors), piece.ids)
        (front,), fresh = _lay_out([job], press)
        if front.pages == trial.pages:
            return front, fresh
        trial = front
    raise PacketError("the packet's contents would not settle on a page count")


def _numbering(css_text: str, names: list[str], press: _Press) -> list[Job]:
    """The numbering of the whole book, in runs of pages laid out like the pieces."""
    jobs = []
    for first in range(0, len(names), NUMBERING_RUN):
        css = for_numbers(css_text, first + 1, len(names))
        html = numbering_html(names[first : first + NUMBERING_RUN])
        jobs.append(dataclasses.replace(press, stylesheet=css).job(html))
    return jobs


def numbering_html(names: Sequence[str]) -> str:
    """A blank document of one page per page of the book, each named as its page was."""
    pages = []
    for index, name in enumerate(names):
        style = ("break-before: page;" if index else "") + (f"page: {name};" if name else "")
        pages.append(f'<div style="{style}"></div>')
    body = "\n".join(pages)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>page numbers</title></head><body>\n{body}\n</body></html>\n"
    )
