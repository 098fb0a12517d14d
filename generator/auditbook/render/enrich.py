"""A checklist page as the author wrote it, enriched: status badges, evidence links, nesting.

Python-Markdown needs four spaces per list level where CommonMark (and people) use two,
so every list line is re-indented from the CommonMark tree: the page then nests
exactly as the parser's tree does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.domain.model import Status
from auditbook.inputs.checklist import ATTRIBUTES, BLOCK_PARSER
from auditbook.render.markup import Link, item_decoration, item_notes

if TYPE_CHECKING:
    from auditbook.core.results import ItemResult
    from auditbook.domain.model import Checklist

_LIST_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap>[ \t]+|$)")
_TASK_BOX = re.compile(r"^(?P<box>\[[ xX]\][ \t]+)")


@dataclass
class _ListItem:
    first: int
    last: int
    depth: int
    content_column: int
    inline_first: int | None = None
    inline_last: int | None = None


def _list_items(text: str) -> list[_ListItem]:
    tokens = BLOCK_PARSER.parse(text)
    lines = text.split("\n")
    items: list[_ListItem] = []
    open_items: list[_ListItem] = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and token.map:
            first, last = token.map
            match = _LIST_LINE.match(lines[first])
            column = match.end() if match else 0
            item = _ListItem(first, last, len(open_items), column)
            nxt = tokens[index + 2] if index + 2 < len(tokens) else None
            if nxt is not None and nxt.type == "inline" and nxt.map:
                item.inline_first, item.inline_last = nxt.map[0], nxt.map[1] - 1
            items.append(item)
            open_items.append(item)
        elif token.type == "list_item_close":
            open_items.pop()
    return items


def _reindent(lines: list[str], items: list[_ListItem]) -> list[str]:
    """Four spaces per level for Python-Markdown, keeping relative indentation inside items."""
    owner: dict[int, _ListItem] = {}
    for item in items:  # outer items first: inner ones take over their own lines
        for number in range(item.first, item.last):
            owner[number] = item
    out = list(lines)
    for number, item in owner.items():
        line = lines[number]
        if not line.strip():
            continue
        stripped = line.lstrip(" \t")
        if number == item.first:
            if _LIST_LINE.match(line):
                out[number] = " " * 4 * item.depth + stripped
            continue
        old = len(line) - len(stripped)
        out[number] = " " * (max(0, old - item.content_column) + 4 * (item.depth + 1)) + stripped
    return out


def enrich_page(
    text: str,
    decorate: Callable[[int], tuple[str, str] | None],
) -> str:
    """Rewrite a page: `decorate(line)` gives (before, after) HTML for the task item on a line.

    Lines are 1-based as in the parser. Item attributes (`{#id ...}`) and the task box are
    removed from the page: they are for auditbook, not for readers.
    """
    lines = text.split("\n")
    items = _list_items(text)
    for item in items:
        extra = decorate(item.first + 1)
        if extra is None:
            continue
        before, after = extra
        line = lines[item.first]
        match = _LIST_LINE.match(line)
        if match is None:
            continue
        rest = line[match.end() :]
        box = _TASK_BOX.match(rest)
        if box is None:
            continue
        # The box goes: a ticked box beside an item proven by evidence (or an empty one
        # beside a proven item) would contradict its status; the badge's mark says it.
        lines[item.first] = line[: match.end()] + before + rest[box.end() :]
        last = item.inline_last if item.inline_last is not None else item.first
        lines[last] = ATTRIBUTES.sub("", lines[last]).rstrip() + after
    return "\n".join(_reindent(lines, items))


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
        notes = item_notes(item.na_reason, item.owner, item.due, children, state, key)
        return item_decoration(item.id, result.status, evidence, controls, notes)

    return enrich_page(text, decorate)
