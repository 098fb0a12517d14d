"""Owners and due dates given in the mapping file, merged into the checklists once.

A checklist that must stay untouched gets its owners and due dates from the mapping file
(`items: {id: {owner: ..., due: ...}}`). They are merged here, before anything is assessed,
so the assessment, the pages, the packet and report.json see one owner and one due date
per item whichever file gave them. What is written on the item itself wins; a mapping
value it overrides is a note at the mapping's line. Unknown item ids are reported with the
mapping's citations (`citations.py`), once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from auditbook.domain.findings import Finding, Level

if TYPE_CHECKING:
    from collections.abc import Mapping

    from auditbook.domain.model import Checklist, Item
    from auditbook.inputs.mapping import Mapping as MappingFile
    from auditbook.inputs.mapping_items import ItemEntry
    from auditbook.inputs.pages import Page


def assign_pages(
    pages: tuple[Page, ...], mapping: MappingFile | None
) -> tuple[tuple[Page, ...], list[Finding]]:
    """The pages with the mapping's owners and due dates on their items, and the notes."""
    entries = {e.item_id: e for e in mapping.items if e.owner or e.due} if mapping else {}
    if mapping is None or not entries:
        return pages, []
    merger = _Merger(entries, mapping.path)
    merged = tuple(
        replace(page, checklist=merger.checklist(page.checklist)) if page.checklist else page
        for page in pages
    )
    return merged, merger.findings


class _Merger:
    def __init__(self, entries: Mapping[str, ItemEntry], mapping_path: str) -> None:
        self.entries = entries
        self.mapping_path = mapping_path
        self.findings: list[Finding] = []

    def checklist(self, checklist: Checklist) -> Checklist:
        sections = tuple(
            replace(section, items=tuple(self.item(item, checklist.path) for item in section.items))
            for section in checklist.sections
        )
        return replace(checklist, sections=sections)

    def item(self, item: Item, path: str) -> Item:
        children = tuple(self.item(child, path) for child in item.children)
        entry = self.entries.get(item.id)
        if entry is None:
            return item if children == item.children else replace(item, children=children)
        self.overridden(item, entry, path)
        owner, due = item.owner or entry.owner, item.due or entry.due
        given = (owner != item.owner) or (due != item.due)
        where = f"{self.mapping_path}:{entry.line}" if given else None
        return replace(item, children=children, owner=owner, due=due, assigned_in=where)

    def overridden(self, item: Item, entry: ItemEntry, path: str) -> None:
        """A note for each mapping value the item's own attribute replaces."""
        pairs = [
            ("owner", item.owner, entry.owner, f'owner="{item.owner}"'),
            ("due", item.due, entry.due, f"due={item.due}"),
        ]
        for key, own, mapped, written in pairs:
            if own is None or mapped is None or own == mapped:
                continue
            mapped_text = mapped if isinstance(mapped, str) else mapped.isoformat()
            message = (
                f"'{key}' of {item.id!r} is not used: the item itself says {written} "
                f"({path}:{item.line}), and what is written on the item wins over the "
                f"mapping's {mapped_text!r}"
            )
            self.findings.append(
                Finding(Level.INFO, "mapping-overridden", message, self.mapping_path, entry.line)
            )
