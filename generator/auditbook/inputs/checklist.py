"""Parse a Markdown page into a Checklist: sections from headings, items from task lists.

The parser is CommonMark (markdown-it-py), so task-like text in HTML comments, fenced
and indented code is not an item, and nesting follows the author's indentation. Every
item keeps its source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditbook.domain.errors import ChecklistError
from auditbook.domain.findings import Finding
from auditbook.domain.model import Checklist, Item, Section, Stated
from auditbook.domain.text import MAX_TEXT_SLUG, plain_text, slugify, unique_name
from auditbook.inputs import tables as table_checklists
from auditbook.inputs.attributes import ATTRIBUTES, ItemAttributes, split_attributes
from auditbook.inputs.blocks import BLOCK_PARSER, MAX_DEPTH, NO_SHAPE, PageShape, shape_of
from auditbook.inputs.stated import DEFAULT_VOCABULARY, Vocabulary, read_stated, stated_findings
from auditbook.inputs.structure import (
    bare_task_finding,
    bare_tasks,
    code_block_findings,
    html_block_findings,
    unopened_front_matter,
    without_comments,
)

__all__ = ["ATTRIBUTES", "HEADING_ATTRIBUTES", "ParsedPage", "parse_checklist", "parse_page"]

if TYPE_CHECKING:
    from markdown_it.token import Token

# Indentation no list within MAX_DEPTH needs (markers up to 8 columns wide, tabs or not).
_DEEP_INDENT = re.compile(rf"^[ \t]{{{8 * (MAX_DEPTH + 1)},}}", re.MULTILINE)
_TASK = re.compile(r"^\[([ xX])\][ \t]+(.*)$", re.DOTALL)
# attr_list's `{#id .class key=value}` (or `{: ...}`) at the end of a heading.
HEADING_ATTRIBUTES = re.compile(r"[ \t]*\{:?[ \t]*(?P<body>[#.][^{}\n]*|[\w-]+=[^{}\n]*)\}[ \t]*$")
_HEADING_ID = re.compile(r"(?:^|\s)#(?P<id>[^\s}]+)")
# A bullet that is all bold (`- **INFORMATION GATHERING**`, `- __Web:__`): a group label.
_GROUP_LABEL = re.compile(r"^(\*\*|__)(?P<label>[^*_\s](?:.*?[^*_\s])?)\1[ \t]*[:\uff1a]?[ \t]*$")


@dataclass
class _Draft:
    """An item while its children are still being read."""

    line: int
    checked: bool
    depth: int
    section_id: str
    text: str
    attrs: ItemAttributes
    groups: tuple[str, ...] = ()
    stated: Stated | None = None
    children: list[_Draft] = field(default_factory=list)


@dataclass(frozen=True)
class _Group:
    """A bold group label: the items nested under it belong to it (and their ids say so)."""

    label: str


@dataclass
class _SectionDraft:
    id: str
    title: str
    level: int
    line: int
    items: list[_Draft] = field(default_factory=list)
    heading: bool = True


class _Reader:
    """One pass over the token stream, keeping the open sections and items."""

    def __init__(self, path: str, vocabulary: Vocabulary, tables: bool) -> None:
        self.path = path
        self.vocabulary = vocabulary
        self.tables = tables
        self.findings: list[Finding] = []
        self.title: str | None = None
        self.sections: list[_SectionDraft] = []
        self.section_ids: set[str] = set()
        self.open_items: list[_Draft | _Group | None] = []

    def heading(self, level: int, line: int, text: str) -> None:
        # `## Steps {#steps .x}` (attr_list): the id is the heading's, the rest not its title.
        attributes = HEADING_ATTRIBUTES.search(text)
        own_id = _HEADING_ID.search(attributes["body"]) if attributes else None
        title = plain_text(without_comments(text[: attributes.start()] if attributes else text))
        if level == 1 and self.title is None:
            self.title = title
            return
        base = own_id["id"] if own_id else slugify(title) or "section"
        section_id = unique_name(base, self.section_ids)
        self.sections.append(_SectionDraft(section_id, title, level, line, []))

    def list_item(self, line: int, content: str) -> None:
        joined = " ".join(part.strip() for part in content.split("\n"))
        task = _TASK.match(without_comments(joined))
        if task is None:
            label = _GROUP_LABEL.match(without_comments(joined).strip())
            self.open_items.append(
                _Group(plain_text(label["label"]).rstrip(":\uff1a ")) if label else None
            )
            return
        self.open_items.append(self.task(line, task.group(1), task.group(2)))

    def paragraph(self, line: int, content: str) -> None:
        """`[ ] I understand` lines outside any list: items, with a word (inputs/structure)."""
        for number, box, text in bare_tasks(without_comments(content), line):
            self.findings.append(bare_task_finding(self.path, number, box, text))
            self.task(number, box, text)

    def table(self, tokens: list[Token], start: int, line: int) -> None:
        """The rows of a table checklist, when the page opted in (see inputs/tables)."""
        rows, statuses = table_checklists.table_rows(tokens, start, self.vocabulary)
        if rows and not self.tables:
            if any(table_checklists.cell_state(row.state, self.vocabulary) for row in rows):
                self.findings.append(
                    table_checklists.unread_table_finding(self.path, line, len(rows))
                )
            return
        if rows and len(statuses) > 1:
            finding = table_checklists.more_columns_finding(
                self.path, line, statuses[0], statuses[1:]
            )
            self.findings.append(finding)
        for row in rows:
            checked, stated = table_checklists.cell_state(row.state, self.vocabulary) or (
                False,
                None,
            )
            self.task(row.line, "x" if checked else " ", row.text, stated)

    def task(self, line: int, box: str, raw: str, stated: Stated | None = None) -> _Draft:
        """An item from its box and text, under the open item and group labels; `stated`
        when its status was written elsewhere than in its text (a table's cell)."""
        text, attrs = split_attributes(raw.strip(), self.path, line, self.findings)
        if stated is None:
            text, stated = read_stated(text, self.vocabulary)
        checked = box != " "
        if stated is not None:
            self.findings.extend(stated_findings(stated, attrs, checked, self.path, line))
        parent = next((i for i in reversed(self.open_items) if isinstance(i, _Draft)), None)
        groups = tuple(i.label for i in self.open_items if isinstance(i, _Group))
        if not self.sections:  # items before any heading: a section named by the page
            self.heading(2, line, self.title or "Checklist")
            self.sections[-1].heading = False
        depth = parent.depth + 1 if parent else 0
        draft = _Draft(line, checked, depth, self.sections[-1].id, text, attrs, groups, stated)
        (parent.children if parent else self.sections[-1].items).append(draft)
        return draft


def _first_inline(tokens: list[Token], start: int) -> str:
    """The text of a list item's first paragraph ('' when it starts with something else)."""
    if start + 2 < len(tokens) and tokens[start + 1].type == "paragraph_open":
        return tokens[start + 2].content
    return ""


def _read_tokens(
    path: str, text: str, vocabulary: Vocabulary, tables: bool
) -> tuple[_Reader, list[Token]]:
    deep = _DEEP_INDENT.search(text)
    if deep is not None:
        # markdown-it reads every indentation character before parsing: on a list nested
        # thousands deep that is seconds. Lists too deep show in the page's head already
        # (a line's structure depends only on the lines before it): refuse them there.
        _read_tokens_in(path, text[: deep.start()], vocabulary, tables)
    return _read_tokens_in(path, text, vocabulary, tables)


def _read_tokens_in(
    path: str, text: str, vocabulary: Vocabulary, tables: bool
) -> tuple[_Reader, list[Token]]:
    reader = _Reader(path, vocabulary, tables)
    tokens = BLOCK_PARSER.parse(text)
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        too_deep = token.type == "list_item_open" and len(reader.open_items) >= MAX_DEPTH
        if too_deep or token.level >= 4 * MAX_DEPTH:
            raise ChecklistError(
                f"lists nested deeper than {MAX_DEPTH} levels; flatten the list", path, line
            )
        if token.type == "heading_open":
            content = tokens[index + 1].content
            unopened = unopened_front_matter(path, line, content, token.markup)
            if unopened is None:
                reader.heading(int(token.tag[1:]), line, content)
            else:
                reader.findings.append(unopened)
        elif token.type == "list_item_open":
            reader.list_item(line, _first_inline(tokens, index))
        elif token.type == "list_item_close":
            reader.open_items.pop()
        elif token.type == "paragraph_open" and not reader.open_items:
            reader.paragraph(line, tokens[index + 1].content)
        elif token.type == "table_open":
            reader.table(tokens, index, line)
        elif token.type == "html_block":
            reader.findings.extend(html_block_findings(path, line, token.content))
        elif token.type == "code_block" and not reader.open_items:
            reader.findings.extend(code_block_findings(path, line, token.content))
    return reader, tokens


def _derived_id(page: str, draft: _Draft) -> str:
    """`page/section/[group/...]item`: a step repeated under two group labels keeps both."""
    groups = "".join(f"{slugify(g, MAX_TEXT_SLUG) or 'group'}/" for g in draft.groups)
    return f"{page}/{draft.section_id}/{groups}{slugify(draft.text, MAX_TEXT_SLUG) or 'item'}"


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
            groups=draft.groups,
            stated=draft.stated,
        )


def _all_drafts(drafts: list[_Draft]) -> list[_Draft]:
    return [each for draft in drafts for each in (draft, *_all_drafts(draft.children))]


def page_slug(path: str) -> str:
    """The page part of derived ids: the file name without its extension."""
    name = path.rsplit("/", 1)[-1]
    return slugify(name.rsplit(".", 1)[0]) or "page"


@dataclass(frozen=True)
class ParsedPage:
    """A page read once: its checklist, what is wrong with it, and its shape for rewriting
    (NO_SHAPE when it has no items: it is not rewritten)."""

    checklist: Checklist
    findings: list[Finding]
    shape: PageShape


def parse_checklist(
    path: str,
    text: str,
    slug: str | None = None,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    tables: bool | None = None,
) -> tuple[Checklist, list[Finding]]:
    """The checklist of a page and its findings (see parse_page)."""
    parsed = parse_page(path, text, slug, vocabulary, tables)
    return parsed.checklist, parsed.findings


def parse_page(
    path: str,
    text: str,
    slug: str | None = None,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    tables: bool | None = None,
) -> ParsedPage:
    """Parse clean text (see `source.read_source`) of the page at `path`.

    `slug` is the page part of its derived ids (default: from the file name); a project
    gives two pages with the same file name two slugs. `vocabulary`: the marks read as
    the author's stated status (see inputs/stated). `tables`: read table checklists (None:
    when the page says `<!-- auditbook: tables -->`; see inputs/tables).
    """
    opted_in = bool(table_checklists.TABLES_MARKER.search(text)) if tables is None else tables
    reader, tokens = _read_tokens(path, text, vocabulary, opted_in)
    slug = slug or page_slug(path)
    ids = _Ids(slug, _all_drafts([d for s in reader.sections for d in s.items]))
    sections = tuple(
        Section(s.id, s.title, s.level, s.line, tuple(ids.freeze(d) for d in s.items), s.heading)
        for s in reader.sections
    )
    title = reader.title or slug.replace("-", " ").capitalize()
    checklist = Checklist(path, slug, title, sections)
    # Only a page with items is rewritten (render/enrich): the others need no shape.
    shape = shape_of(tokens, vocabulary) if checklist.all_items() else NO_SHAPE
    return ParsedPage(checklist, reader.findings, shape)
