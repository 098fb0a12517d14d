"""Parse a Markdown page into a Checklist: sections from headings, items from task lists.

The parser is CommonMark (markdown-it-py), so task-like text in HTML comments, fenced
and indented code is not an item, and nesting follows the author's indentation. Every
item keeps its source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from auditbook.domain.errors import ChecklistError
from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import Checklist, Item, Section
from auditbook.domain.text import MAX_TEXT_SLUG, plain_text, slugify, unique_name
from auditbook.inputs.attributes import ATTRIBUTES, ItemAttributes, split_attributes

__all__ = ["ATTRIBUTES", "BLOCK_PARSER", "HEADING_ATTRIBUTES", "parse_checklist"]

if TYPE_CHECKING:
    from markdown_it.token import Token

MAX_DEPTH = 32
# Indentation no list within MAX_DEPTH needs (markers up to 8 columns wide, tabs or not).
_DEEP_INDENT = re.compile(rf"^[ \t]{{{8 * (MAX_DEPTH + 1)},}}", re.MULTILINE)
_TASK = re.compile(r"^\[([ xX])\][ \t]+(.*)$", re.DOTALL)
_SPACES = re.compile(r"[ \t]{2,}")
# attr_list's `{#id .class key=value}` (or `{: ...}`) at the end of a heading.
HEADING_ATTRIBUTES = re.compile(r"[ \t]*\{:?[ \t]*(?P<body>[#.][^{}\n]*|[\w-]+=[^{}\n]*)\}[ \t]*$")
_HEADING_ID = re.compile(r"(?:^|\s)#(?P<id>[^\s}]+)")
_TASK_LINE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\]", re.MULTILINE)


@dataclass
class _Draft:
    """An item while its children are still being read."""

    line: int
    checked: bool
    depth: int
    section_id: str
    text: str
    attrs: ItemAttributes
    children: list[_Draft] = field(default_factory=list)


@dataclass
class _SectionDraft:
    id: str
    title: str
    level: int
    line: int
    items: list[_Draft] = field(default_factory=list)
    heading: bool = True


# The block structure of a page, parsed the same way wherever items are looked for (here,
# and where pages are enriched): one parser for every page. Its nesting limit is above
# ours, so we see the excess and report it ourselves; inline parsing is left out, as it
# would cost seconds on a long line.
BLOCK_PARSER = MarkdownIt("commonmark", {"maxNesting": 4 * MAX_DEPTH + 8}).disable("inline")


def _without_comments(text: str) -> str:
    """Inline text without `<!-- ... -->`: readers of the page never see the comments."""
    kept: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        kept.append(text[position:start])
        position = end + 3
    if not kept:
        return text
    kept.append(text[position:])
    return _SPACES.sub(" ", "".join(kept)).strip()


class _Reader:
    """One pass over the token stream, keeping the open sections and items."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []
        self.title: str | None = None
        self.sections: list[_SectionDraft] = []
        self.section_ids: set[str] = set()
        self.open_items: list[_Draft | None] = []

    def heading(self, level: int, line: int, text: str) -> None:
        # `## Steps {#steps .x}` (attr_list): the id is the heading's, the rest not its title.
        attributes = HEADING_ATTRIBUTES.search(text)
        own_id = _HEADING_ID.search(attributes["body"]) if attributes else None
        title = plain_text(_without_comments(text[: attributes.start()] if attributes else text))
        if level == 1 and self.title is None:
            self.title = title
            return
        base = own_id["id"] if own_id else slugify(title) or "section"
        section_id = unique_name(base, self.section_ids)
        self.sections.append(_SectionDraft(section_id, title, level, line, []))

    def html_block(self, line: int, content: str) -> None:
        """A comment that is never closed hides the rest of the page: say so where it opens."""
        if not content.lstrip().startswith("<!--") or "-->" in content:
            return
        hidden = len(_TASK_LINE.findall(content))
        message = (
            f"comment opened here is never closed with '-->': it hides the rest of the page"
            f" ({hidden} task item{'' if hidden == 1 else 's'})"
        )
        self.findings.append(
            Finding(Level.WARNING, "checklist-unclosed-comment", message, self.path, line)
        )

    def list_item(self, line: int, content: str) -> None:
        joined = " ".join(part.strip() for part in content.split("\n"))
        task = _TASK.match(_without_comments(joined))
        if task is None:
            self.open_items.append(None)
            return
        text, attrs = split_attributes(task.group(2).strip(), self.path, line, self.findings)
        parent = next((i for i in reversed(self.open_items) if i is not None), None)
        if not self.sections:  # items before any heading: a section named by the page
            self.heading(2, line, self.title or "Checklist")
            self.sections[-1].heading = False
        depth = parent.depth + 1 if parent else 0
        draft = _Draft(line, task.group(1) != " ", depth, self.sections[-1].id, text, attrs)
        (parent.children if parent else self.sections[-1].items).append(draft)
        self.open_items.append(draft)


def _first_inline(tokens: list[Token], start: int) -> str:
    """The text of a list item's first paragraph ('' when it starts with something else)."""
    if start + 2 < len(tokens) and tokens[start + 1].type == "paragraph_open":
        return tokens[start + 2].content
    return ""


def _read_tokens(path: str, text: str) -> _Reader:
    deep = _DEEP_INDENT.search(text)
    if deep is not None:
        # markdown-it reads every indentation character before parsing: on a list nested
        # thousands deep that is seconds. Lists too deep show in the page's head already
        # (a line's structure depends only on the lines before it): refuse them there.
        _read_tokens_in(path, text[: deep.start()])
    return _read_tokens_in(path, text)


def _read_tokens_in(path: str, text: str) -> _Reader:
    reader = _Reader(path)
    tokens = BLOCK_PARSER.parse(text)
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        too_deep = token.type == "list_item_open" and len(reader.open_items) >= MAX_DEPTH
        if too_deep or token.level >= 4 * MAX_DEPTH:
            raise ChecklistError(
                f"lists nested deeper than {MAX_DEPTH} levels; flatten the list", path, line
            )
        if token.type == "heading_open":
            reader.heading(int(token.tag[1:]), line, tokens[index + 1].content)
        elif token.type == "list_item_open":
            reader.list_item(line, _first_inline(tokens, index))
        elif token.type == "list_item_close":
            reader.open_items.pop()
        elif token.type == "html_block":
            reader.html_block(line, token.content)
    return reader


def _derived_id(page: str, draft: _Draft) -> str:
    return f"{page}/{draft.section_id}/{slugify(draft.text, MAX_TEXT_SLUG) or 'item'}"


class _Ids:
    """Ids in document order: explicit ones as written, derived ones made unique.

    Two items may read alike (a step repeated under two groups, a translated list whose
    words the slug cannot tell apart): the second derived id gets `-2`, the third `-3`, in
    the order of the page, so a page gives the same ids run after run. Explicit ids are
    never changed; two equal ones are the author's to fix (see assess).
    """

    def __init__(self, page: str, drafts: list[_Draft]) -> None:
        self.page = page
        self.taken = {d.attrs.item_id for d in drafts if d.attrs.item_id is not None}

    def freeze(self, draft: _Draft) -> Item:
        item_id = draft.attrs.item_id or unique_name(_derived_id(self.page, draft), self.taken)
        return Item(
            id=item_id,
            text=draft.text,
            line=draft.line,
            checked=draft.checked,
            depth=draft.depth,
            section_id=draft.section_id,
            children=tuple(self.freeze(child) for child in draft.children),
            na_reason=draft.attrs.na_reason,
            controls=draft.attrs.controls,
            explicit_id=draft.attrs.item_id is not None,
            owner=draft.attrs.owner,
            due=draft.attrs.due,
        )


def _all_drafts(drafts: list[_Draft]) -> list[_Draft]:
    return [each for draft in drafts for each in (draft, *_all_drafts(draft.children))]


def page_slug(path: str) -> str:
    """The page part of derived ids: the file name without its extension."""
    name = path.rsplit("/", 1)[-1]
    return slugify(name.rsplit(".", 1)[0]) or "page"


def parse_checklist(
    path: str, text: str, slug: str | None = None
) -> tuple[Checklist, list[Finding]]:
    """Parse clean text (see `source.read_source`) of the page at `path`.

    `slug` is the page part of its derived ids (default: from the file name); a project
    gives two pages with the same file name two slugs.
    """
    reader = _read_tokens(path, text)
    slug = slug or page_slug(path)
    ids = _Ids(slug, _all_drafts([d for s in reader.sections for d in s.items]))
    sections = tuple(
        Section(s.id, s.title, s.level, s.line, tuple(ids.freeze(d) for d in s.items), s.heading)
        for s in reader.sections
    )
    title = reader.title or slug.replace("-", " ").capitalize()
    return Checklist(path, slug, title, sections), reader.findings
