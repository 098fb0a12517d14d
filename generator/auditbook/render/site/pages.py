"""The site's Markdown pages, rendered from the Project (no MkDocs objects here)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditbook.core.agreements import agreements
from auditbook.core.triage import triage, worst
from auditbook.domain.model import Checklist, Status
from auditbook.domain.text import plain_text
from auditbook.inputs.frontmatter import front_matter_end
from auditbook.render.enrich import enrich_checklist
from auditbook.render.labels import (
    FAMILY_TITLES,
    STATUS_MEANINGS,
    control_anchor,
    item_anchor,
)
from auditbook.render.links import Linker, evidence_download, evidence_page
from auditbook.render.markup import Link
from auditbook.render.site.dashboard import next_steps
from auditbook.render.site.item_filter import coverage_filter, item_filter, owner_key
from auditbook.render.site.targets import FindingRow, Targets
from auditbook.render.templating import render

if TYPE_CHECKING:
    from jinja2 import Environment

    from auditbook.core.compare import Changes
    from auditbook.core.project import Project
    from auditbook.core.results import ItemResult, SectionResult
    from auditbook.core.triage import Entry
    from auditbook.inputs.pages import Page
    from auditbook.release.history import History

STYLESHEET = "assets/auditbook.css"
WORST_FINDINGS = 10


@dataclass(frozen=True)
class PageNames:
    """Where auditbook's own pages go in docs_dir: at its root, or under a prefix of their
    own (`compliance/`) in a site whose home page and URLs belong to someone else."""

    prefix: str = ""

    @property
    def dashboard(self) -> str:
        return self.prefix + "index.md"

    @property
    def register(self) -> str:
        return self.prefix + "evidence/index.md"

    @property
    def findings(self) -> str:
        return self.prefix + "findings.md"

    @property
    def downloads(self) -> str:
        return self.prefix + "downloads.md"

    @property
    def changes(self) -> str:
        return self.prefix + "changes.md"

    @property
    def coverage(self) -> str:
        return self.prefix + "coverage.md"

    @property
    def agreements(self) -> str:
        return self.prefix + "agreements.md"

    def evidence(self, path: str) -> str:
        return self.prefix + evidence_page(path)

    def fixed(self) -> tuple[str, ...]:
        """The pages every build makes (evidence pages aside)."""
        return (
            self.dashboard,
            self.register,
            self.agreements,
            self.findings,
            self.downloads,
            self.coverage,
        )


class SitePages:
    """Renders each generated or enriched page; links are relative to the page being made."""

    def __init__(
        self, project: Project, env: Environment, linker: Linker, names: PageNames
    ) -> None:
        self.project = project
        self.names = names
        self.a = project.assessment
        self.env = env
        self.linker = linker
        self.page_of = {p.checklist.path: p.src_uri for p in project.pages if p.checklist}
        self.evidence_by_path = self.a.evidence_by_path()
        self.targets = Targets(project, names.evidence, names.coverage)
        self.entries = triage(self.a.findings)

    def _finding_rows(self, src_uri: str, entries: list[Entry]) -> list[FindingRow]:
        def link(to_src: str, anchor: str) -> str:
            return self.linker.link(src_uri, to_src, anchor)

        return self.targets.rows(entries, link)

    def _context(self, src_uri: str) -> dict[str, Any]:
        def link(to_src: str, anchor: str = "") -> str:
            return self.linker.link(src_uri, to_src, anchor)

        def item_link(item_id: str) -> str:
            result = self.a.items[item_id]
            return link(self.page_of[result.checklist], item_anchor(item_id))

        def section_anchor(section: SectionResult) -> str:
            return section.id

        return {
            "a": self.a,
            "settings": self.project.settings,
            "Status": Status,
            "link": link,
            "item_link": item_link,
            # Inside HTML blocks Markdown is not rendered: show the text, autoescaped.
            "item_text": lambda item_id: plain_text(self.a.items[item_id].item.text),
            "page_src": lambda checklist: self.page_of[checklist.path],
            "section_anchor": section_anchor,
            "evidence_page": self.names.evidence,
            "pages": self.names,
            "evidence_dir": self.project.settings.relative(self.project.settings.evidence_dir),
            "status_meanings": STATUS_MEANINGS,
        }

    def dashboard(self, releases: dict[str, Any] | None = None, packet: bool = True) -> str:
        """`releases`: the readiness chart and the release compared with, once there are any;
        `packet`: whether the site has the PDF packet to link."""
        worst_rows = worst(self.entries, WORST_FINDINGS)
        context = self._context(self.names.dashboard)
        return render(
            self.env,
            "site/dashboard.md.j2",
            worst=self._finding_rows(self.names.dashboard, worst_rows),
            next=next_steps(self.a),
            horizon=self.a.horizon,
            has_due=any(r.item.due for r in self.a.items.values()),
            evidence_title=lambda path: self.evidence_by_path[path].evidence.title,
            releases=releases,
            packet=packet,
            **context,
        )

    def changes_page(self, changes: Changes | None, history: History) -> str:
        """What changed since the previous release (or why nothing can be compared)."""
        return render(
            self.env,
            "site/changes.md.j2",
            changes=changes,
            history=history,
            previous=history.previous(),
            has_item=lambda item_id: item_id in self.a.items,
            has_evidence=lambda path: path in self.evidence_by_path,
            **self._context(self.names.changes),
        )

    def register(self) -> str:
        return render(self.env, "site/register.md.j2", **self._context(self.names.register))

    def agreements(self) -> str:
        """The BAA register: every agreement, its parties, dates, provisions and gaps."""
        context = self._context(self.names.agreements)
        return render(self.env, "site/agreements.md.j2", agreements=agreements(self.a), **context)

    def evidence(self) -> dict[str, str]:
        pages = {}
        for result in self.a.evidence:
            src_uri = self.names.evidence(result.evidence.path)
            download = None
            if result.evidence.publishable:
                download = self.linker.link(src_uri, evidence_download(result.evidence.path))
            pages[src_uri] = render(
                self.env,
                "site/evidence.md.j2",
                ev=result.evidence,
                result=result,
                download=download,
                **self._context(src_uri),
            )
        return pages

    def findings(self) -> str:
        counts = Counter(f.level.label for f in self.a.findings)
        context = self._context(self.names.findings)
        rows = self._finding_rows(self.names.findings, self.entries)
        return render(self.env, "site/findings.md.j2", counts=counts, rows=rows, **context)

    def coverage(self) -> str:
        """The HIPAA coverage matrix (only built when the assessment has coverage)."""
        coverage = self.a.coverage
        assert coverage is not None
        return render(
            self.env,
            "site/coverage.md.j2",
            cov=coverage,
            gaps=coverage.gaps(),
            undecided=coverage.undecided(),
            family_titles=FAMILY_TITLES,
            evidence_title=lambda path: self.evidence_by_path[path].evidence.title,
            chosen=coverage_filter(
                coverage, self.a.items, self.a.evidence, self.a.today, self.a.horizon
            ),
            owner_key=owner_key,
            **self._context(self.names.coverage),
        )

    def _citations(self, src_uri: str, item_id: str) -> list[Link]:
        """Links to the controls an item maps to, for its page."""
        coverage = self.a.coverage
        if coverage is None:
            return []
        found = []
        for citation in coverage.item_citations.get(item_id, ()):
            control = coverage.get(citation)
            href = self.linker.link(src_uri, self.names.coverage, control_anchor(citation))
            title = f"{control.control.title} ({control.status.value})"
            found.append(Link(href, citation, title))
        return found

    def downloads_page(self, downloads: list[dict[str, str]]) -> str:
        downloads_page = self.names.downloads
        entries = [{**d, "href": self.linker.link(downloads_page, d["src_uri"])} for d in downloads]
        return render(self.env, "site/downloads.md.j2", downloads=entries, a=self.a)

    def checklist_page(self, page: Page, checklist: Checklist) -> str:
        def links(result: ItemResult) -> tuple[list[Link], list[Link]]:
            evidence = [
                Link(
                    self.linker.link(page.src_uri, self.names.evidence(path)),
                    self.evidence_by_path[path].evidence.title,
                )
                for path in result.evidence
            ]
            return evidence, self._citations(page.src_uri, result.item.id)

        chosen = item_filter(checklist, self.a.items, self.a.today, self.a.horizon)
        summary = render(
            self.env,
            "site/checklist-summary.md.j2",
            score=self.a.checklist_scores[checklist.path],
            today=self.a.today,
            status_meanings=STATUS_MEANINGS,
            chosen=chosen,
        )
        enriched = enrich_checklist(
            page.text, page.shape, checklist, self.a.items, links, chosen.due_state, owner_key
        )
        return _after_title(enriched, summary)


def _after_title(text: str, block: str) -> str:
    """Insert a block after the page's first H1, or at the top of its body: never above
    its front matter, which MkDocs would then show as text."""
    start = front_matter_end(text)
    head, lines = text[:start], text[start:].split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return head + "\n".join([*lines[: index + 1], "", block, *lines[index + 1 :]])
    return head + block + "\n" + "\n".join(lines)
