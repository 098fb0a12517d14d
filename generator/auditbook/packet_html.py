"""The packet as one HTML document, rendered from the Project with auditbook's own templates."""

from __future__ import annotations

import datetime as dt
import html
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from jinja2 import TemplateError
from markupsafe import Markup

from auditbook import __version__
from auditbook.assess import EvidenceState
from auditbook.attachments import attachment_names, in_packet
from auditbook.coverage import FAMILY_TITLES
from auditbook.enrich import enrich_page, escape_inline
from auditbook.errors import PacketError
from auditbook.model import Status
from auditbook.packet_text import Links, printable, render_inline, render_page, split_title
from auditbook.slugs import item_anchor, slugify

if TYPE_CHECKING:
    from jinja2 import Environment

    from auditbook.assess import EvidenceResult, ItemResult, SectionResult
    from auditbook.model import Checklist, Item, Section
    from auditbook.project import Page, Project

TEMPLATE = "packet/packet.html.j2"
_ATTENTION = (Status.FAILING, Status.EXPIRED)


@dataclass(frozen=True)
class PacketInfo:
    """What the cover, the running heads and the PDF metadata say about the packet."""

    organisation: str
    system: str
    version: str
    as_of: dt.date
    created: dt.datetime

    @property
    def title(self) -> str:
        return f"{self.organisation}: {self.system}, audit packet {self.version}"

    @property
    def subject(self) -> str:
        return (
            f"HIPAA Security Rule readiness and evidence for {self.system}, "
            f"as of {self.as_of.isoformat()}"
        )

    @property
    def keywords(self) -> str:
        return "HIPAA, Security Rule, audit, evidence, readiness, compliance"

    @property
    def generator(self) -> str:
        return f"auditbook {__version__}"

    @property
    def timestamp(self) -> str:
        """W3C date-time for the PDF's creation and modification dates."""
        return self.created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    level: int


@dataclass(frozen=True)
class EvidenceView:
    """An evidence file as the packet shows it: its anchor and whether it is attached."""

    result: EvidenceResult
    anchor: str
    attached: bool
    name: str

    @property
    def ev(self) -> Any:
        return self.result.evidence


@dataclass(frozen=True)
class Row:
    """One item of a checklist table."""

    result: ItemResult
    depth: int
    html: Markup
    evidence: tuple[EvidenceView, ...]

    @property
    def anchor(self) -> str:
        return item_anchor(self.result.item.id)


@dataclass(frozen=True)
class SectionView:
    section: Section
    score: SectionResult
    anchor: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class ChecklistView:
    """A checklist as the packet places it: its own chapter, or a page among the runbooks."""

    checklist: Checklist
    anchor: str
    sections: tuple[SectionView, ...]


@dataclass(frozen=True)
class PageView:
    anchor: str
    title: str
    path: str
    html: Markup


class _Builder:
    """Places every page: checklists item by item, other pages whole, evidence by number."""

    def __init__(self, project: Project) -> None:
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
        names = attachment_names(self.a)
        self.evidence = {
            r.evidence.path: EvidenceView(
                r, f"ev-{index:04d}", in_packet(r), names.get(r.evidence.path, "")
            )
            for index, r in enumerate(self.a.evidence, start=1)
        }

    def anchor(self, checklist: Checklist) -> str:
        return self.links.anchors[self.src_of[checklist.path]]

    def section_anchor(self, checklist: Checklist, section_id: str) -> str:
        """Checklist chapters name sections `--id`; whole pages keep their headings' ids."""
        src_uri = self.src_of[checklist.path]
        joiner = "-" if src_uri in self.links.prose else "--"
        return f"{self.links.anchors[src_uri]}{joiner}{section_id}"

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
                self.section_anchor(checklist, section.id),
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
        return Row(result, depth, html, evidence)

    def pages(self) -> list[PageView]:
        """Runbooks and plans, whole; their task items carry status and evidence inline."""
        views = []
        for page in self.prose:
            text = enrich_page(page.text, self._decorator(page)) if page.checklist else page.text
            title, body = split_title(text, _fallback_title(page))
            html = Markup(render_page(body, page.src_uri, self.links))
            views.append(PageView(self.links.anchors[page.src_uri], title, page.path, html))
        return views

    def _decorator(self, page: Page) -> Callable[[int], tuple[str, str] | None]:
        assert page.checklist is not None
        by_line = {item.line: item for item in page.checklist.all_items()}

        def decorate(line: int) -> tuple[str, str] | None:
            item = by_line.get(line)
            if item is None:
                return None
            result = self.a.items[item.id]
            views = [self.evidence[path] for path in result.evidence]
            return item_decoration(item.id, result.status, views)

        return decorate

    def attention(self) -> dict[str, Any]:
        """What an auditor should see first: failing evidence and the gaps."""
        leaves = [r for r in self.a.items.values() if not r.item.children]
        order = {c.path: n for n, c in enumerate(self.a.checklists)}
        leaves.sort(key=lambda r: (order[r.checklist], r.item.line))
        return {
            "failing_evidence": [
                self.evidence[r.evidence.path]
                for r in self.a.evidence
                if r.state in (EvidenceState.FAILING, EvidenceState.EXPIRED)
            ],
            "items": [
                self._row(r, 0, self.src_of[r.checklist]) for r in leaves if r.status in _ATTENTION
            ],
        }

    def signoffs(self) -> list[dict[str, Any]]:
        found = []
        for view in self.evidence.values():
            meta = view.ev.meta
            if meta is None or meta.kind != "sign-off":
                continue
            facts = {fact.label: fact.value for fact in view.ev.facts}
            found.append({"view": view, "facts": facts})
        return found

    def toc(self, chapters: list[ChecklistView], pages: list[PageView]) -> list[TocEntry]:
        entries = [TocEntry("summary", "Executive summary", 1)]
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
        entries.append(TocEntry("register", "Evidence register", 1))
        entries.append(TocEntry("signoff", "Sign-off", 1))
        entries.append(TocEntry("findings", "Findings", 1))
        entries.append(TocEntry("verify", "Verifying this packet", 1))
        return entries


def item_decoration(item_id: str, status: Status, views: list[EvidenceView]) -> tuple[str, str]:
    """HTML before and after an item of a whole page: its status, then its evidence."""
    before = (
        f'<span id="{html.escape(item_anchor(item_id))}"></span>'
        f'<span class="badge badge--{status.slug}">{html.escape(status.value)}</span> '
    )
    after = "".join(
        f' <a class="evref" href="#{view.anchor}">{escape_inline(view.ev.title)}</a>'
        f' <span class="evref__inline">({view.ev.sha256[:12]})</span>'
        for view in views
    )
    return before, after


def _anchors(pages: list[tuple[str, Page]]) -> dict[str, str]:
    """A unique anchor per page, readable: `cl-checklists-security`, `pg-runbooks-restore`."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for prefix, page in pages:
        base = prefix + (slugify(page.src_uri.removesuffix(".md")) or "page")
        anchor, counter = base, 1
        while anchor in taken:
            counter += 1
            anchor = f"{base}-{counter}"
        taken.add(anchor)
        anchors[page.src_uri] = anchor
    return anchors


def _fallback_title(page: Page) -> str:
    stem = page.src_uri.rsplit("/", 1)[-1][: -len(".md")]
    return stem.replace("-", " ").replace("_", " ").capitalize()


class Chapter(Protocol):
    """A finished chapter made elsewhere (e.g. "Changes since 1.0"), placed after the summary."""

    @property
    def anchor(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def html(self) -> Markup: ...


def packet_html(
    project: Project, env: Environment, info: PacketInfo, extra: Sequence[Chapter] = ()
) -> str:
    """The whole packet as HTML; a broken template (override or packaged) is a PacketError."""
    builder = _Builder(project)
    checklists = builder.checklists()
    own = {p.checklist.path for p in builder.checklist_pages if p.checklist}
    chapters = [view for view in checklists if view.checklist.path in own]
    pages = builder.pages()
    toc = builder.toc(chapters, pages)
    toc[1:1] = [TocEntry(chapter.anchor, chapter.title, 1) for chapter in extra]
    context = {
        "info": info,
        "a": project.assessment,
        "settings": project.settings,
        "Status": Status,
        "checklists": checklists,
        "chapters": chapters,
        "pages": pages,
        "evidence": list(builder.evidence.values()),
        "attention": builder.attention(),
        "signoffs": builder.signoffs(),
        "extra": list(extra),
        "family_titles": FAMILY_TITLES,
        "item_anchor": item_anchor,
        "evidence_anchor": lambda path: builder.evidence[path].anchor,
        "evidence_title": lambda path: builder.evidence[path].ev.title,
        "toc": toc,
    }
    return printable(render_template(env, TEMPLATE, context))


def render_template(env: Environment, name: str, context: dict[str, Any]) -> str:
    """Render, naming the template file and line of any error (syntax or runtime)."""
    try:
        return env.get_template(name).render(**context)
    except TemplateError as error:
        filename, line = _template_location(error)
        message = getattr(error, "message", None) or str(error)
        raise PacketError(f"template error: {message}", filename or name, line) from None


def _template_location(error: TemplateError) -> tuple[str | None, int | None]:
    """Syntax errors carry their place; runtime errors have it in Jinja's rewritten traceback."""
    filename = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    if filename and line:
        return filename, line
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno
    return filename, line
