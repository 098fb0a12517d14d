"""The block structure of a page: one parser for every page, and the shape kept from it.

A page is parsed once, when its checklist is read (inputs/checklist). What rewriting the
page for the site and the packet needs (render/enrich) is kept from that parse as the
page's shape: where its list items, loose paragraphs, HTML blocks and table rows are, how
deep they nest and how many blockquotes hold them. Line numbers only, no text: the page's
own lines are the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from auditbook.inputs.stated import DEFAULT_VOCABULARY, Vocabulary
from auditbook.inputs.tables import table_rows

if TYPE_CHECKING:
    from markdown_it.token import Token

MAX_DEPTH = 32

# One parser for every page. Its nesting limit is above ours, so the checklist reader sees
# the excess and reports it itself; inline parsing is left out, as it would cost seconds
# on a long line.
BLOCK_PARSER = (
    MarkdownIt("commonmark", {"maxNesting": 4 * MAX_DEPTH + 8}).enable("table").disable("inline")
)

# HTML blocks whose content HTML shows verbatim, or hides: never Markdown.
_RAW_BLOCK = re.compile(r"[ ]{0,3}(?:<!--|<(?:pre|script|style|textarea)\b)", re.IGNORECASE)
_LIST_OPENINGS = ("bullet_list_open", "ordered_list_open", "list_item_open")


@dataclass(frozen=True, slots=True)
class ListItem:
    """A list item: its lines (0-based, `last` excluded), nesting and blockquote depth."""

    first: int
    last: int
    depth: int
    quotes: int
    # The last line of its first paragraph, where an item's text ends (None: no paragraph).
    text_last: int | None


@dataclass(frozen=True, slots=True)
class Lines:
    """A block's lines (0-based, `last` excluded) and the blockquotes that hold it."""

    first: int
    last: int
    quotes: int = 0


@dataclass(frozen=True, slots=True)
class PageShape:
    """What rewriting a page needs of its structure (see the module's doc)."""

    list_items: tuple[ListItem, ...]
    # Paragraphs outside lists, where `[ ] I understand` lines are tasks.
    loose_paragraphs: tuple[Lines, ...]
    # HTML blocks that may hold Markdown (not comments, not `<pre>`, `<script>`...).
    html_blocks: tuple[Lines, ...]
    # (1-based line, task column) of each row of a table with a status column.
    table_rows: tuple[tuple[int, int], ...]
    # (0-based line, blockquote depth) of each list or item right under a paragraph's text.
    lists_after_paragraphs: tuple[tuple[int, int], ...]


NO_SHAPE = PageShape((), (), (), (), ())


def shape_of(tokens: list[Token], vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> PageShape:
    """The shape of a page from its tokens (BLOCK_PARSER's)."""
    items: list[ListItem] = []
    paragraphs: list[Lines] = []
    html: list[Lines] = []
    rows: list[tuple[int, int]] = []
    after_paragraphs: list[tuple[int, int]] = []
    depth, quotes, paragraph_end = 0, 0, -1
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("blockquote_open", "blockquote_close"):
            quotes += 1 if kind == "blockquote_open" else -1
        if kind == "list_item_close":
            depth -= 1
        elif kind == "paragraph_open" and token.map:
            # A tight list's paragraphs are hidden: Python-Markdown shows no text to end.
            paragraph_end = -1 if token.hidden else token.map[1]
            if depth == 0:
                paragraphs.append(Lines(token.map[0], token.map[1], quotes))
        elif kind == "html_block" and token.map and not _RAW_BLOCK.match(token.content):
            html.append(Lines(token.map[0], token.map[1], quotes))
        elif kind == "table_open":
            found, _ = table_rows(tokens, index, vocabulary)
            rows += [(row.line, row.text_column) for row in found]
        if kind in _LIST_OPENINGS and token.map and token.map[0] == paragraph_end:
            after_paragraphs.append((token.map[0], quotes))
            paragraph_end = -1
        if kind == "list_item_open" and token.map:
            following = tokens[index + 2] if index + 2 < len(tokens) else None
            text_last = None
            if following is not None and following.type == "inline" and following.map:
                text_last = following.map[1] - 1
            items.append(ListItem(token.map[0], token.map[1], depth, quotes, text_last))
            depth += 1
        elif kind == "list_item_open":
            depth += 1
    return PageShape(
        tuple(items), tuple(paragraphs), tuple(html), tuple(rows), tuple(after_paragraphs)
    )


def page_shape(text: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> PageShape:
    """The shape of a page not read as a checklist (inputs/checklist keeps its own)."""
    return shape_of(BLOCK_PARSER.parse(text), vocabulary)
