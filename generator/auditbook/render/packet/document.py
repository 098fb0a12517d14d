"""The packet as one HTML document, rendered from the Project with auditbook's own templates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from auditbook.core.agreements import agreements
from auditbook.core.concerns import Concerns
from auditbook.core.renewals import agenda
from auditbook.core.triage import triage
from auditbook.domain.errors import PacketError
from auditbook.domain.model import EvidenceState, Status
from auditbook.domain.text import slugify, unique_name
from auditbook.inputs.checklist import HEADING_ATTRIBUTES
from auditbook.render.enrich import enrich_checklist
from auditbook.render.labels import FAMILY_TITLES, STATUS_MEANINGS, control_anchor, item_anchor
from auditbook.render.markup import Link
from auditbook.render.packet.attachments import attachment_names, left_out
from auditbook.render.packet.prose import Links, printable, render_inline, render_page, split_title
from auditbook.render.packet.views import (
    AttentionList,
    AttentionPart,
    Chapter,
    ChecklistView,
    EvidenceView,
    FindingsPart,
    PacketInfo,
    PageView,
    RegisterPart,
    Row,
    SectionView,
    TocEntry,
    attention_parts,
    findings_parts,
    pages_parts,
    register_parts,
)
from auditbook.render.templating import render

if TYPE_CHECKING:
    from jinja2 import Environment

    from auditbook.core.project import Project
    from auditbook.core.renewals import Agenda
    from auditbook.core.results import ItemResult
    from auditbook.domain.findings import Finding
    from auditbook.domain.model import Checklist, Item, Section
    from auditbook.inputs.pages import Page

TEMPLATE = "packet/packet.html.j2"
_ATTENTION = (Status.FAILING, Status.EXPIRED)
_ATTENTION_STATES = (EvidenceState.FAILING, EvidenceState.EXPIRED)


class _Builder:
    """Places every page: checklists item by item, other pages whole, evidence by number."""

    def __init__(self, project: Project, *, full: bool) -> None:
        self.project = project
        self.a = project.assessment
        folder = project.settings.checklists_dir.rstrip("/") + "/"
        pages = project.pages
        self.checklist_pages = [p for p in pages if p.checklist and p.src_uri.startswith(folder)]
        chapters = {p.src_uri for p in self.checklist_pages}
        self.prose = [p for p in pages if p.src_uri not in chapters]
        anchors = _anchors(
            [("cl-", p) for p in self.checklist_pages] + [("pg-", p) for p in self.prose]
        )
        self.src_of = {p.checklist.path: p.src_uri for p in pages if p.checklist}
        prose = frozenset(p.src_uri for p in self.prose)
        self.links = Links(project.settings.docs_dir, anchors, prose)
        names = attachment_names(self.a, full=full)
        reasons = left_out(self.a, full=full)
        self.evidence = {
            r.evidence.path: EvidenceView(
                r,
                f"ev-{index:04d}",
                r.evidence.path in names,
                names.get(r.evidence.path, ""),
                quoted=full or r.evidence.publishable,
                left_out=reasons[r.evidence.path],
            )
            for index, r in enumerate(self.a.evidence, start=1)
        }
        self.concerns = Concerns(project)
        self.page_src = {p.path: p.src_uri for p in pages}

    def finding_href(self, finding: Finding) -> str:
        """The packet's link to what a finding concerns ('' when the packet has no place)."""
        concern = self.concerns.of(finding)
        if concern is None:
            return ""
        if concern.kind == "control":
            return "#" + control_anchor(concern.key)
        if concern.kind == "evidence":
            return "#" + self.evidence[concern.key].anchor
        if concern.kind == "item":
            return "#" + item_anchor(concern.key)
        src_uri = self.page_src.get(concern.key, "")
        return "#" + self.links.anchors[src_uri] if src_uri in self.links.anchors else ""

    def anchor(self, checklist: Checklist) -> str:
        return self.links.anchors[self.src_of[checklist.path]]

    def section_anchor(self, checklist: Checklist, section: Section) -> str:
        """Checklist chapters name sections `--id`; a whole page gives its headings `-id`
        (see _heading_ids); items before any heading are found at the page itself."""
        src_uri = self.src_of[checklist.path]
        page = self.links.anchors[src_uri]
        if src_uri not in self.links.prose:
            return f"{page}--{section.id}"
        return f"{page}-{section.id}" if section.heading else page

    def checklists(self) -> list[ChecklistView]:
        """Every assessed checklist (runbooks with items too), for the summary and chapters."""
        return [self._checklist(checklist) for checklist in self.a.checklists]

    def _checklist(self, checklist: Checklist) -> ChecklistView:
        src_uri = self.src_of[checklist.path]
        scores = {s.id: s for s in self.a.sections if s.checklist == checklist.path}
        sections = tuple(
            SectionView(
                section,
                scores[section.id],
                self.section_anchor(checklist, section),
                tuple(self._rows(section.items, src_uri)),
            )
            for section in checklist.sections
        )
        return ChecklistView(checklist, self.anchor(checklist), sections)

    def _rows(self, items: tuple[Item, ...], src_uri: str) -> list[Row]:
        rows = []
        for top in items:
            for item in top.walk():
                rows.append(self._row(self.a.items[item.id], item.depth - top.depth, src_uri))
        return rows

    def _row(self, result: ItemResult, depth: int, src_uri: str) -> Row:
        html = Markup(render_inline(result.item.text, src_uri, self.links))
        evidence = tuple(self.evidence[path] for path in result.evidence)
        leaves = [i for i in result.item.walk()[1:] if not i.children]
        below = Counter(self.a.items[leaf.id].status for leaf in leaves)
        counts = tuple((status, below[status]) for status in Status if below[status])
        return Row(result, depth, html, evidence, counts)

    def pages(self) -> list[PageView]:
        """Runbooks and plans, whole; their task items carry status and evidence inline."""
        views = []
        for page in self.prose:
            text = page.text
            if page.checklist:
                text = enrich_checklist(text, page.shape, page.checklist, self.a.items, self._links)
                text = _heading_ids(text, page.checklist, self.links.anchors[page.src_uri])
            title, body = split_title(text, _fallback_title(page))
            html = Markup(render_page(body, page.src_uri, self.links))
            views.append(PageView(self.links.anchors[page.src_uri], title, page.path, html))
        return views

    def _links(self, result: ItemResult) -> tuple[list[Link], list[Link]]:
        """An item's evidence, by its place in the packet and its hash (controls: none)."""
        views = [self.evidence[path] for path in result.evidence]
        return [Link(f"#{v.anchor}", v.ev.title, note=v.ev.sha256[:12]) for v in views], []

    def attention(self) -> dict[str, Any]:
        """What an auditor should see first: failing evidence and the gaps."""
        leaves = [r for r in self.a.items.values() if not r.item.children]
        order = {c.path: n for n, c in enumerate(self.a.checklists)}
        leaves.sort(key=lambda r: (order[r.checklist], r.item.line))
        failing = [r for r in self.a.evidence if r.state in _ATTENTION_STATES]
        # Failing first: the summary shows a list's first rows.
        failing.sort(key=lambda r: r.state != EvidenceState.FAILING)
        leaves.sort(key=lambda r: r.status != Status.FAILING)
        return {
            "failing_evidence": [self.evidence[r.evidence.path] for r in failing],
            "items": [
                self._row(r, 0, self.src_of[r.checklist]) for r in leaves if r.status in _ATTENTION
            ],
        }

    def attention_lists(self, found: dict[str, Any], plan: Agenda) -> list[AttentionList]:
        """The executive summary's lists of what needs attention (`found`: attention()),
        in its order."""
        return [
            AttentionList("evidence", tuple(found["failing_evidence"])),
            AttentionList("items", tuple(found["items"])),
            AttentionList("overdue", plan.overdue),
            AttentionList("coming", (*plan.renewals, *plan.due_soon)),
        ]

    def signoffs(self) -> list[dict[str, Any]]:
        found = []
        for view in self.evidence.values():
            meta = view.ev.meta
            if meta is None or meta.kind != "sign-off":
                continue
            facts = {fact.label: fact.value for fact in view.ev.facts}
            # The sign-off reader numbers them: "Condition 1", "Condition 2", ...
            conditions = [f.value for f in view.ev.facts if re.fullmatch(r"Condition \d+", f.label)]
            found.append({"view": view, "facts": facts, "conditions": conditions})
        return found

    def toc(
        self,
        chapters: list[ChecklistView],
        pages: list[PageView],
        parts: list[RegisterPart],
        findings: list[FindingsPart],
        attention: list[AttentionPart],
    ) -> list[TocEntry]:
        entries = [TocEntry("summary", "Executive summary", 1)]
        for number, part in enumerate(attention):  # the first a chapter, the rest its parts
            entries.append(TocEntry(part.anchor, part.title, 1 if number == 0 else 2))
        for view in chapters:
            entries.append(TocEntry(view.anchor, view.checklist.title, 1))
            entries.extend(
                TocEntry(s.anchor, s.section.title, 2)
                for s in view.sections
                if s.section.level <= 2
            )
        if pages:
            entries.append(TocEntry("pages", "Runbooks and plans", 1))
            entries.extend(TocEntry(p.anchor, p.title, 2) for p in pages)
        if self.a.coverage is not None:
            entries.append(TocEntry("coverage", "HIPAA Security Rule coverage", 1))
        entries.append(TocEntry("agreements", "Business associate agreements", 1))
        entries.append(TocEntry(parts[0].anchor, parts[0].title, 1))
        entries.extend(TocEntry(part.anchor, part.title, 2) for part in parts[1:])
        entries.append(TocEntry("signoff", "Sign-off", 1))
        entries.append(TocEntry("findings", "Findings", 1))
        entries.extend(TocEntry(part.anchor, part.title, 2) for part in findings[1:])
        entries.append(TocEntry("verify", "Verifying this packet", 1))
        return entries


_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_ID = re.compile(r"(?:^|(?<=\s))#[^\s}]+")


def _heading_ids(text: str, checklist: Checklist, prefix: str) -> str:
    """Give each section's heading the id the packet links to, as an attribute on its line.

    The packet's links to a section must land: Python-Markdown would make its own ids
    (`_1` for a repeated heading, ASCII only), so the parser's ids are written on the line.
    """
    lines = text.split("\n")
    for section in checklist.sections:
        if section.heading and 0 < section.line <= len(lines):
            line = lines[section.line - 1].rstrip()
            own = HEADING_ATTRIBUTES.search(line)  # the author's {#id .class}: keep the rest
            rest = _ID.sub("", own["body"]).strip() if own else ""
            line = _CLOSING_HASHES.sub("", line[: own.start()] if own else line)
            lines[section.line - 1] = (
                f"{line} {{#{prefix}-{section.id}{' ' + rest if rest else ''}}}"
            )
    return "\n".join(lines)


def _anchors(pages: list[tuple[str, Page]]) -> dict[str, str]:
    """A unique anchor per page, readable: `cl-checklists-security`, `pg-runbooks-restore`."""
    taken: set[str] = set()
    return {
        page.src_uri: unique_name(
            prefix + (slugify(page.src_uri.removesuffix(".md")) or "page"), taken
        )
        for prefix, page in pages
    }


def _fallback_title(page: Page) -> str:
    stem = page.src_uri.rsplit("/", 1)[-1][: -len(".md")]
    return stem.replace("-", " ").replace("_", " ").capitalize()


def packet_html(
    project: Project, env: Environment, info: PacketInfo, extra: Sequence[Chapter] = ()
) -> str:
    """The whole packet as HTML; a broken template (override or packaged) is a PacketError."""
    builder = _Builder(project, full=info.full)
    checklists = builder.checklists()
    own = {p.checklist.path for p in builder.checklist_pages if p.checklist}
    chapters = [view for view in checklists if view.checklist.path in own]
    pages = builder.pages()
    parts = register_parts(list(builder.evidence.values()))
    findings = triage(project.assessment.findings)
    in_parts = findings_parts(findings)
    plan = agenda(
        project.assessment.items,
        project.assessment.evidence,
        project.assessment.today,
        project.assessment.horizon,
    )
    found = builder.attention()
    attention_lists = builder.attention_lists(found, plan)
    attention = attention_parts(attention_lists)
    toc = builder.toc(chapters, pages, parts, in_parts, attention)
    after_summary = 1 + len(attention)
    toc[after_summary:after_summary] = [TocEntry(c.anchor, c.title, 1) for c in extra]
    context = {
        "info": info,
        "a": project.assessment,
        "settings": project.settings,
        "Status": Status,
        "checklists": checklists,
        "chapters": chapters,
        "pages": pages,
        "pages_parts": pages_parts(pages),
        "evidence": list(builder.evidence.values()),
        "register_parts": parts,
        "attention": found,  # the lists whole, for a project's own summary template
        "signoffs": builder.signoffs(),
        "extra": list(extra),
        "family_titles": FAMILY_TITLES,
        "status_meanings": STATUS_MEANINGS,
        "item_anchor": item_anchor,
        "agreements": agreements(project.assessment),
        "evidence_view": lambda path: builder.evidence[path],
        "evidence_anchor": lambda path: builder.evidence[path].anchor,
        "evidence_title": lambda path: builder.evidence[path].ev.title,
        "toc": toc,
        "findings": findings,
        "findings_parts": in_parts,
        "agenda": plan,
        "attention_lists": attention_lists,
        "attention_parts": attention,
        "horizon": project.assessment.horizon,
        "finding_href": builder.finding_href,
    }
    return printable(render(env, TEMPLATE, error=PacketError, **context))
