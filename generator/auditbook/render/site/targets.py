"""Where a finding leads on the site: the item, evidence page, control or page it concerns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.core.concerns import Concerns
from auditbook.domain.text import plain_text
from auditbook.render.labels import control_anchor, item_anchor

if TYPE_CHECKING:
    from auditbook.core.project import Project
    from auditbook.core.triage import Entry


@dataclass(frozen=True)
class FindingRow:
    """A finding's entry as a page lists it: with the link to what it concerns, if any."""

    entry: Entry
    href: str
    label: str


class Targets:
    """The page (src_uri), anchor and link text for what each finding concerns."""

    def __init__(
        self, project: Project, evidence_page: Callable[[str], str], coverage_page: str
    ) -> None:
        self.concerns = Concerns(project)
        self.evidence_page = evidence_page
        self.coverage_page = coverage_page
        a = project.assessment
        self.titles = {r.evidence.path: r.evidence.title for r in a.evidence}
        self.page_src = {page.path: page.src_uri for page in project.pages}
        self.item_text = {i: _short(plain_text(r.item.text)) for i, r in a.items.items()}
        self.item_page = {
            r.item.id: self.page_src[r.checklist]
            for r in a.items.values()
            if r.checklist in self.page_src
        }

    def of(self, entry: Entry) -> tuple[str, str, str] | None:
        """(src_uri, anchor, label), or None when the site has no page for it."""
        concern = self.concerns.of(entry.finding)
        if concern is None:
            return None
        key = concern.key
        if concern.kind == "control":
            return self.coverage_page, control_anchor(key), f"§\u00a0{key}"
        if concern.kind == "evidence":
            return self.evidence_page(key), "", self.titles[key]
        if concern.kind == "item" and key in self.item_page:
            return self.item_page[key], item_anchor(key), self.item_text[key]
        if concern.kind == "page":
            return self.page_src[key], "", "the page"
        return None

    def rows(self, entries: list[Entry], link: Callable[[str, str], str]) -> list[FindingRow]:
        """`link(to_src_uri, anchor)` makes a link relative to the page being rendered."""
        rows = []
        for entry in entries:
            target = self.of(entry)
            if target is None:
                rows.append(FindingRow(entry, "", ""))
            else:
                src_uri, anchor, label = target
                rows.append(FindingRow(entry, link(src_uri, anchor), label))
        return rows


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
