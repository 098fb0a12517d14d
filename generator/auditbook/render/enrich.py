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
from functools import partial
from typing import TYPE_CHECKING

from auditbook.domain.model import Status
from auditbook.inputs.checklist import ATTRIBUTES
from auditbook.inputs.structure import BARE_TASK
from auditbook.inputs.tables import decorate_row
from auditbook.render.markup import Link, item_decoration, item_notes

if TYPE_CHECKING:
    from auditbook.core.results import ItemResult
    from auditbook.domain.model import Checklist
    from auditbook.inputs.blocks import Lines, ListItem, PageShape

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
_MARKDOWN_ATTR = re.compile(r"\smarkdown\s*=", re.IGNORECASE)

Decorate = Callable[[int], tuple[str, str] | None]


def _unquoted(line: str, quotes: int) -> tuple[str, str]:
    """A line inside `quotes` blockquotes split into its `> ` markers and the rest."""
    position = 0
    for _ in range(quotes):
        mark = _QUOTE_MARK.match(line, position)
        if mark is None:
            break  # a lazy line: the quote goes on without its marker
        position = mark.end()
    return "> " * line[:position].count(">"), line[position:]


def _content_column(lines: list[str], item: ListItem) -> int:
    """The column an item's text starts at, after its marker (inside its blockquotes)."""
    match = _LIST_LINE.match(_unquoted(lines[item.first], item.quotes)[1])
    return match.end() if match else 0


def _reindent(lines: list[str], items: tuple[ListItem, ...], columns: list[int]) -> list[str]:
    """Four spaces per level for Python-Markdown, keeping relative indentation inside items;
    `columns` are the items' content columns in the page as written."""
    owner: dict[int, tuple[ListItem, int]] = {}
    for item, column in zip(items, columns, strict=True):  # inner items take their lines
        for number in range(item.first, item.last):
            owner[number] = (item, column)
    out = list(lines)
    for number, (item, column) in owner.items():
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
        indent = max(0, old - column) + 4 * (item.depth + 1)
        out[number] = quote + " " * indent + stripped
    return out


def _open_elements(lines: list[str], blocks: tuple[Lines, ...]) -> None:
    """`markdown="1"` on each element an HTML block leaves open (see the module's doc)."""
    for block in blocks:
        opener = partial(_with_markdown, block="\n".join(lines[block.first : block.last]))
        for number in range(block.first, block.last):
            lines[number] = _OPEN_TAG.sub(opener, lines[number])


def _with_markdown(tag: re.Match[str], block: str) -> str:
    name = tag["tag"].lower()
    opened = len(re.findall(rf"<{name}\b", block, re.IGNORECASE))
    closed = len(re.findall(rf"</{name}\s*>", block, re.IGNORECASE))
    if opened <= closed or _MARKDOWN_ATTR.search(tag["attrs"]):
        return tag.group()
    return f'<{tag["tag"]}{tag["attrs"]} markdown="1">'


def enrich_page(text: str, shape: PageShape, decorate: Decorate) -> str:
    """Rewrite a page of the given shape (inputs/blocks): `decorate(line)` gives (before,
    after) HTML for the task item on a line.

    Lines are 1-based as in the parser. Item attributes (`{#id ...}`) and the task box are
    removed from the page: they are for auditbook, not for readers.
    """
    lines = text.split("\n")
    columns = [_content_column(lines, item) for item in shape.list_items]
    for item in shape.list_items:
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
        last = item.text_last if item.text_last is not None else item.first
        lines[last] = ATTRIBUTES.sub("", lines[last]).rstrip() + after
    _bare_tasks(lines, shape.loose_paragraphs, decorate)
    _table_rows(lines, shape.table_rows, decorate)
    _open_elements(lines, shape.html_blocks)
    out = _reindent(lines, shape.list_items, columns)
    # CommonMark (and GitHub) lets a list or the next item interrupt a paragraph;
    # Python-Markdown reads its lines as more of the paragraph: a blank line between them.
    for number, quotes in reversed(shape.lists_after_paragraphs):
        out.insert(number, ">" * quotes)
    return "\n".join(out)


def _bare_tasks(lines: list[str], paragraphs: tuple[Lines, ...], decorate: Decorate) -> None:
    """`[ ] I understand` lines outside lists: decorated in place, one line each."""
    for paragraph in paragraphs:
        for number in range(paragraph.first, paragraph.last):
            quote, line = _unquoted(lines[number], paragraph.quotes)
            box = BARE_TASK.match(line.strip())
            extra = decorate(number + 1) if box else None
            if box is None or extra is None:
                continue
            before, after = extra
            text = ATTRIBUTES.sub("", line.strip()[box.end(1) + 1 :].lstrip()).rstrip()
            lines[number] = quote + before + text + after
            if number > paragraph.first:  # a line of its own, as the author wrote it
                lines[number - 1] = lines[number - 1].rstrip() + "  "


def enrich_checklist(
    text: str,
    shape: PageShape,
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

    return enrich_page(text, shape, decorate)


def _table_rows(lines: list[str], rows: tuple[tuple[int, int], ...], decorate: Decorate) -> None:
    """The task cell of each row that is an item (tables the page opted in to)."""
    for line, text_column in rows:
        extra = decorate(line)
        if extra is not None:
            lines[line - 1] = decorate_row(lines[line - 1], text_column, *extra, ATTRIBUTES)
