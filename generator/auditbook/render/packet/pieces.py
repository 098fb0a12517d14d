"""The packet's HTML cut into pieces that WeasyPrint can lay out apart, in parallel.

A piece is the front matter (everything before the first chapter: cover and contents)
or one chapter: a top-level element of the body with the class `chapter`, which always
starts on a new page, so laying it out alone breaks its pages exactly as the whole
document would. Each piece is the document's own text, cut at the lines where chapters
start; nothing is re-serialised. Two things are added at the start of every chapter,
inside a zero-height box: the front's `running` element (the organisation and version
the running heads show) and an empty anchor for every id the chapter links to that
another piece holds, so WeasyPrint keeps those links; they land where the id really is
once the pieces are assembled.
"""

from __future__ import annotations

import html as html_escape
import re
from dataclasses import dataclass
from urllib.parse import unquote

import lxml.html  # type: ignore[import-untyped]

_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)
_IDS = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*"([^"]*)\"""")
_INTERNAL = re.compile(r"""<a\b[^>]*?\shref\s*=\s*"#([^"]*)\"""")
_LINK_START = re.compile(r"""<a\b(?=[^>]*?\shref\s*=\s*"#([^"]*)")""")
# The render's time: only the front's metadata reaches the book, and a chapter without it
# is the same piece from build to build (see cache.piece_key).
_RENDER_TIME = re.compile(r"""<meta\s+name="dcterms\.(?:created|modified)"[^>]*>\n?""")
_ZERO = "height:0;overflow:hidden;margin:0;padding:0;border:0;visibility:hidden"


@dataclass(frozen=True)
class Piece:
    """One piece's own HTML (a whole document) and the ids it holds."""

    html: str
    ids: frozenset[str]
    front: bool


def link_targets(text: str) -> set[str]:
    """The anchor names the internal links of this HTML point to, as WeasyPrint reads them."""
    return {unquote(html_escape.unescape(m[1])) for m in _INTERNAL.finditer(text)}


def _ids(text: str) -> frozenset[str]:
    return frozenset(html_escape.unescape(m[1]) for m in _IDS.finditer(text))


def split_pieces(document: str) -> list[Piece]:
    """The front matter and each chapter as a document of its own, in reading order.

    A document with no chapter (a template override of another shape) is one piece.
    """
    opening = _BODY_OPEN.search(document)
    closing = None
    for closing in _BODY_CLOSE.finditer(document):  # noqa: B007  # the last one is wanted
        continue
    if opening is None or closing is None:
        return [Piece(document, _ids(document), front=True)]
    head, tail = document[: opening.end()], document[closing.start() :]
    chapter_head = _RENDER_TIME.sub("", head)
    body = document[opening.end() : closing.start()]
    cuts = _chapter_starts(document, opening.end())
    bodies = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    running = _running(bodies[0])
    held = [_ids(part) for part in bodies]
    everywhere = frozenset().union(*held)
    pieces = []
    for number, (part, ids) in enumerate(zip(bodies, held, strict=True)):
        elsewhere = (link_targets(part) & everywhere) - ids
        if number == 0:  # the front: its own head, and its running element is its own
            pieces.append(Piece(head + _prefixed(part, "", elsewhere) + tail, ids, front=True))
        else:
            text = chapter_head + _prefixed(part, running, elsewhere) + tail
            pieces.append(Piece(text, ids, front=False))
    return pieces


def _chapter_starts(document: str, body_start: int) -> list[int]:
    """Offsets, within the body, of the lines where top-level chapters start."""
    try:
        tree = lxml.html.document_fromstring(document)
    except (ValueError, lxml.etree.ParserError):
        return []
    starts = _line_starts(document)
    cuts = []
    for child in tree.body:
        classes = str(child.get("class") or "").split()
        line = child.sourceline
        if "chapter" not in classes or line is None or line > len(starts):
            continue
        offset = starts[line - 1]
        # Cut only where the chapter's tag opens its line: the text before it is whole.
        if document[offset:].lstrip(" \t").startswith(f"<{child.tag}") and offset > body_start:
            cuts.append(offset - body_start)
    return sorted(set(cuts))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _running(front: str) -> str:
    """The front's element of class `running` (its source), shown again in each chapter."""
    try:
        fragment = lxml.html.fragment_fromstring(front, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    found = fragment.find_class("running")
    return lxml.html.tostring(found[0], encoding="unicode", with_tail=False) if found else ""


def _prefixed(part: str, running: str, elsewhere: set[str] | frozenset[str]) -> str:
    """The chapter with the running element and anchors for links elsewhere at its start."""
    start = part.find("<")
    end = part.find(">", start)
    if start < 0 or end < 0 or (not running and not elsewhere):
        return part
    anchors = "".join(
        f'<span id="{html_escape.escape(name)}"></span>' for name in sorted(elsewhere)
    )
    added = (
        f'<div class="auditbook-piece" aria-hidden="true" style="{_ZERO}">{running}{anchors}</div>'
    )
    return part[: end + 1] + added + part[end + 1 :]


def with_page_numbers(front: str, pages: dict[str, int]) -> str:
    """The front's internal links, each carrying the page its target lands on."""

    def number(match: re.Match[str]) -> str:
        page = pages.get(unquote(html_escape.unescape(match[1])))
        return match[0] if page is None else f'<a data-auditbook-page="{page}"'

    return _LINK_START.sub(number, front)
