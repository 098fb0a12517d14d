"""A checklist page as the author wrote it, enriched: status badges, evidence links, nesting.

Python-Markdown needs four spaces per list level where CommonMark (and people) use two,
so every list line is re-indented from the CommonMark tree: the page then nests
exactly as the parser's tree does, inside blockquotes too.

GitHub (CommonMark) ends an HTML block at a blank line and reads what follows as
Markdown: a translated checklist inside `<div dir="rtl">`, tasks inside `<details>`.
Python-Markdown keeps everything up to the closing tag raw, unless the opening tag says
`markdown="1"` and the `md_in_html` extension is on (`auditbook init` turns it on). So
every HTML element left open by its block gets `markdown="1"`: the page then renders and
counts what GitHub does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from auditbook.domain.model import Status
from auditbook.inputs.checklist import ATTRIBUTES, BLOCK_PARSER
from auditbook.inputs.structure import BARE_TASK
from auditbook.inputs.tables import decorate_row, table_rows
from auditbook.render.markup import Link, item_decoration, item_notes

if TYPE_CHECKING:
    from markdown_it.token import Token

    from auditbook.core.results import ItemResult
    from auditbook.domain.model import Checklist

_LIST_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap>[ \t]+|$)")
_TASK_BOX = re.compile(r"^(?P<box>\[[ xX]\][ \t]+)")
_QUOTE_MARK = re.compile(r"[ ]{0,3}>[ ]?")
# Elements GitHub lets hold Markdown after a blank line (CommonMark's HTML block kind 6).
_OPEN_TAG = re.compile(
    r"<(?P<tag>div|details|section|article|aside|center|main|header|footer|nav|figure|"
    r"blockquote|dl|dd|fieldset|form)(?P<attrs>(?:\s[^<>]*?)?)(?<!/)>",
    re.IGNORECASE,
)
_PAREN_MARKER = re.compile(r"^(\d{1,9})\)(?=[ \t]|$)")
_LIST_OPENINGS = ("bullet_list_open", "ordered_list_open", "list_item_open")
_RAW_BLOCK = re.compile(r"[ ]{0,3}(?:<!--|<(?:pre|script|style|textarea)\b)", re.IGNORECASE)
_MARKDOWN_ATTR = re.compile(r"\smarkdown\s*=", re.IGNORECASE)


@dataclass
class _ListItem:
    first: int
    last: int
    depth: int
    content_column: int
    quotes: int = 0
    inline_first: int | None = None
    inline_last: int | None = None


def _unquoted(line: str, quotes: int) -> tuple[str, str]:
    """A line inside `quotes` blockquotes split into its `> ` markers and the rest."""
    position = 0
    for _ in range(quotes):
        mark = _QUOTE_MARK.match(line, position)
        if mark is None:
            break  # a lazy line: the quote goes on without its marker
        position = mark.end()
    return "> " * line[:position].count(">"), line[position:]


def _list_items(tokens: list[Token], lines: list[str]) -> list[_ListItem]:
    items: list[_ListItem] = []
    open_items: list[_ListItem] = []
    quotes = 0
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and token.map:
            first, last = token.map
            match = _LIST_LINE.match(_unquoted(lines[first], quotes)[1])
            column = match.end() if match else 0
            item = _ListItem(first, last, len(open_items), column, quotes)
            nxt = tokens[index + 2] if index + 2 < len(tokens) else None
            if nxt is not None and nxt.type == "inline" and nxt.map:
                item.inline_first, item.inline_last = nxt.map[0], nxt.map[1] - 1
            items.append(item)
            open_items.append(item)
        elif token.type == "list_item_close":
            open_items.pop()
        elif token.type in ("blockquote_open", "blockquote_close"):
            quotes += 1 if token.type == "blockquote_open" else -1
    return items


def _reindent(lines: list[str], items: list[_ListItem]) -> list[str]:
    """Four spaces per level for Python-Markdown, keeping relative indentation inside items."""
    owner: dict[int, _ListItem] = {}
    for item in items:  # outer items first: inner ones take over their own lines
        for number in range(item.first, item.last):
            owner[number] = item
    out = list(lines)
    for number, item in owner.items():
        quote, line = _unquoted(lines[number], item.quotes)
        if not line.strip():
            continue
        stripped = line.lstrip(" \t")
        if number == item.first:
            if _LIST_LINE.match(line):  # `1)` is CommonMark's; Python-Markdown knows `1.`
                stripped = _PAREN_MARKER.sub(r"\1.", stripped, count=1)
                out[number] = quote + " " * 4 * item.depth + stripped
            continue
        old = len(line) - len(stripped)
        indent = max(0, old - item.content_column) + 4 * (item.depth + 1)
        out[number] = quote + " " * indent + stripped
    return out


def _open_elements(lines: list[str], tokens: list[Token]) -> None:
    """`markdown="1"` on each element an HTML block leaves open (see the module's doc)."""
    for token in tokens:
        if token.type != "html_block" or not token.map or _RAW_BLOCK.match(token.content):
            continue  # comments, and what HTML shows verbatim (`<pre>`, `<script>`...)
        first, last = token.map
        opener = partial(_with_markdown, block=token.content)
        for number in range(first, last):
            lines[number] = _OPEN_TAG.sub(opener, lines[number])


def _with_markdown(tag: re.Match[str], block: str) -> str:
    name = tag["tag"].lower()
    opened = len(re.findall(rf"<{name}\b", block, re.IGNORECASE))
    closed = len(re.findall(rf"</{name}\s*>", block, re.IGNORECASE))
    if opened <= closed or _MARKDOWN_ATTR.search(tag["attrs"]):
        return tag.group()
    return f'<{tag["tag"]}{tag["attrs"]} markdown="1">'


def enrich_page(
    text: str,
    decorate: Callable[[int], tuple[str, str] | None],
) -> str:
    """Rewrite a page: `decorate(line)` gives (before, after) HTML for the task item on a line.

    Lines are 1-based as in the parser. Item attributes (`{#id ...}`) and the task box are
    removed from the page: they are for auditbook, not for readers.
    """
    lines = text.split("\n")
    tokens = BLOCK_PARSER.parse(text)
    items = _list_items(tokens, lines)
    for item in items:
        extra = decorate(item.first + 1)
        if extra is None:
            continue
        before, after = extra
        quote, line = _unquoted(lines[item.first], item.quotes)
        match = _LIST_LINE.match(line)
        if match is None:
            continue
        rest = line[match.end() :]
        box = _TASK_BOX.match(rest)
        if box is None:
            continue
        # The box goes: a ticked box beside an item proven by evidence (or an empty one
        # beside a proven item) would contradict its status; the badge's mark says it.
        lines[item.first] = quote + line[: match.end()] + before + rest[box.end() :]
        last = item.inline_last if item.inline_last is not None else item.first
        lines[last] = ATTRIBUTES.sub("", lines[last]).rstrip() + after
    _bare_tasks(lines, tokens, decorate)
    _table_rows(lines, tokens, decorate)
    _open_elements(lines, tokens)
    out = _reindent(lines, items)
    for number, quotes in reversed(_lists_after_paragraphs(tokens)):
        out.insert(number, ">" * quotes)
    return "\n".join(out)


def _lists_after_paragraphs(tokens: list[Token]) -> list[tuple[int, int]]:
    """(line, blockquote depth) of each list or list item right under a paragraph's text.

    CommonMark (and GitHub) lets a list or the next item interrupt a paragraph;
    Python-Markdown reads its lines as more of the paragraph, so the page gets the blank
    line between them (only after paragraphs a page shows: a tight list hides its own)."""
    found = []
    quotes, paragraph_end = 0, -1
    for token in tokens:
        if token.type in ("blockquote_open", "blockquote_close"):
            quotes += 1 if token.type == "blockquote_open" else -1
        elif token.type == "paragraph_open" and token.map:
            paragraph_end = -1 if token.hidden else token.map[1]
        elif token.type in _LIST_OPENINGS and token.map and token.map[0] == paragraph_end:
            found.append((token.map[0], quotes))
            paragraph_end = -1
    return found


def _bare_tasks(
    lines: list[str], tokens: list[Token], decorate: Callable[[int], tuple[str, str] | None]
) -> None:
    """`[ ] I understand` lines outside lists: decorated in place, one line each."""
    lists, quotes = 0, 0
    for token in tokens:
        if token.type in ("list_item_open", "list_item_close"):
            lists += 1 if token.type == "list_item_open" else -1
        elif token.type in ("blockquote_open", "blockquote_close"):
            quotes += 1 if token.type == "blockquote_open" else -1
        elif token.type == "paragraph_open" and not lists and token.map:
            first, last = token.map
            for number in range(first, last):
                quote, line = _unquoted(lines[number], quotes)
                box = BARE_TASK.match(line.strip())
                extra = decorate(number + 1) if box else None
                if box is None or extra is None:
                    continue
                before, after = extra
                text = ATTRIBUTES.sub("", line.strip()[box.end(1) + 1 :].lstrip()).rstrip()
                lines[number] = quote + before + text + after
                if number > first:  # a line of its own, as the author wrote it
                    lines[number - 1] = lines[number - 1].rstrip() + "  "


def enrich_checklist(
    text: str,
    checklist: Checklist,
    items: Mapping[str, ItemResult],
    links: Callable[[ItemResult], tuple[list[Link], list[Link]]],
    due_state: Mapping[str, str] | None = None,
    owner_key: Callable[[str], str] | None = None,
) -> str:
    """A checklist page with each item's status, and the (evidence, control) links given;
    `due_state` and `owner_key` mark items for a page's filter (see render/site/item_filter)."""
    by_line = {item.line: item for item in checklist.all_items()}

    def decorate(line: int) -> tuple[str, str] | None:
        item = by_line.get(line)
        if item is None:
            return None
        result = items[item.id]
        evidence, controls = links(result)
        below = Counter(items[each.id].status for each in item.walk()[1:] if not each.children)
        children = [(status, below[status]) for status in Status if below[status]]
        state = (due_state or {}).get(item.id, "")
        key = owner_key(item.owner) if owner_key and item.owner else ""
        notes = item_notes(item.na_reason, item.owner, item.due, children, state, key, item.stated)
        return item_decoration(item.id, result.status, evidence, controls, notes)

    return enrich_page(text, decorate)


def _table_rows(
    lines: list[str], tokens: list[Token], decorate: Callable[[int], tuple[str, str] | None]
) -> None:
    """The task cell of each row that is an item (tables the page opted in to)."""
    for index, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        for row in table_rows(tokens, index)[0]:
            extra = decorate(row.line)
            if extra is not None:
                number = row.line - 1
                lines[number] = decorate_row(lines[number], row.text_column, *extra, ATTRIBUTES)
