"""What the packet's templates are given: its metadata, contents, and each placed part."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from auditbook import __version__
from auditbook.render.labels import item_anchor

if TYPE_CHECKING:
    from markupsafe import Markup

    from auditbook.core.results import EvidenceResult, ItemResult, SectionResult
    from auditbook.domain.model import Checklist, Section, Status


@dataclass(frozen=True)
class PacketInfo:
    """What the cover, the running heads and the PDF metadata say about the packet."""

    organisation: str
    system: str
    version: str
    as_of: dt.date
    created: dt.datetime
    # The full packet attaches and quotes unpublished evidence; the public one does not.
    full: bool = False

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
    # Whether this packet may quote the file's lines (its facts and findings are shown anyway).
    quoted: bool = True
    left_out: str = ""

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
    # A parent's items below it, counted by status: a failure below shows from the parent.
    below: tuple[tuple[Status, int], ...] = ()

    @property
    def anchor(self) -> str:
        return item_anchor(self.result.item.id)


@dataclass(frozen=True)
class SectionView:
    section: Section
    score: SectionResult
    anchor: str
    rows: tuple[Row, ...]


# Rows per chapter of a checklist: past this many, it goes on in a chapter of its own
# ("..., continued"), cut between sections where it can, so that no checklist is one
# piece however long it is (a row takes one to a few centimetres: some 30 to 70 pages).
CHECKLIST_PART = 300


@dataclass(frozen=True)
class SectionRun:
    """A section's rows in one part of its checklist; `continued` when it began before."""

    view: SectionView
    rows: tuple[Row, ...]
    continued: bool = False


@dataclass(frozen=True)
class ChecklistView:
    """A checklist as the packet places it: its own chapter, or a page among the runbooks."""

    checklist: Checklist
    anchor: str
    sections: tuple[SectionView, ...]

    def parts(self) -> list[tuple[SectionRun, ...]]:
        """Its sections in parts of at most CHECKLIST_PART rows, in order: a part ends
        before a section that would take it past that, and a longer section is cut."""
        parts: list[tuple[SectionRun, ...]] = []
        part: list[SectionRun] = []
        count = 0
        for view in self.sections:
            if count and count + len(view.rows) > CHECKLIST_PART:
                # Headings with no rows of their own go on with the sections under them.
                heads = 0
                while heads < len(part) and not part[-1 - heads].rows:
                    heads += 1
                parts.append(tuple(part[: len(part) - heads]))
                part, count = part[len(part) - heads :], 0
            for at in range(0, max(len(view.rows), 1), CHECKLIST_PART):
                if at:  # a section longer than a part: its own parts
                    parts.append(tuple(part))
                    part, count = [], 0
                rows = view.rows[at : at + CHECKLIST_PART]
                part.append(SectionRun(view, rows, continued=at > 0))
                count += len(rows)
        parts.append(tuple(part))
        return parts


@dataclass(frozen=True)
class PageView:
    anchor: str
    title: str
    path: str
    html: Markup


@dataclass(frozen=True)
class Chapter:
    """A finished chapter made elsewhere ("Changes since 1.0"), placed after the summary."""

    anchor: str
    title: str
    html: Markup


# Files per part of the register: past this many, it goes on in chapters of its own, so
# that no piece of the packet (laid out alone, see pieces.py) grows with the evidence.
# 50 files are some 75 pages, about 150 MB of layout (100 were 153 pages, 290 MB).
REGISTER_PART = 50
# Rows per part of the register's index, past REGISTER_PART files: the same reason.
REGISTER_INDEX_PART = 500

Numbered = tuple[tuple[int, EvidenceView], ...]


@dataclass(frozen=True)
class RegisterPart:
    """A chapter of the register: rows of its index and files, numbered as in the index."""

    anchor: str
    title: str
    views: Numbered
    index: Numbered = ()


def register_parts(views: list[EvidenceView]) -> list[RegisterPart]:
    """The register in chapters: with a few files, one (its index, then every file); past
    REGISTER_PART, its index in parts, then its files in parts, each a chapter."""
    numbered = tuple(enumerate(views, start=1))
    if len(numbered) <= REGISTER_PART:
        return [RegisterPart("register", "Evidence register", numbered, numbered)]
    parts = []
    for number, rows in enumerate(_runs(numbered, REGISTER_INDEX_PART), start=1):
        anchor, title = "register", "Evidence register"
        if number > 1:
            anchor, title = f"register-index-{number}", f"{title}, index {_span(rows)}"
        parts.append(RegisterPart(anchor, title, (), rows))
    for number, run in enumerate(_runs(numbered, REGISTER_PART), start=1):
        title = f"Evidence register, files {_span(run)}"
        parts.append(RegisterPart(f"register-{number}", title, run))
    return parts


def _runs(numbered: Numbered, size: int) -> list[Numbered]:
    return [numbered[at : at + size] for at in range(0, len(numbered), size)]


def _span(run: Numbered) -> str:
    return _between(run[0][0], run[-1][0])


def _between(first: int, last: int) -> str:
    return f"{first}\u2013{last}" if last > first else str(first)


# Findings per chapter: past this many they go on in chapters of their own (some 20 pages
# each), as the register does, so that thousands of findings are never one piece.
FINDINGS_PART = 300


@dataclass(frozen=True)
class FindingsPart:
    """A chapter of the findings: its entries, in the order of all of them."""

    anchor: str
    title: str
    entries: tuple[Any, ...]


def findings_parts(entries: list[Any]) -> list[FindingsPart]:
    """The findings in chapters: one, or past FINDINGS_PART, one per FINDINGS_PART."""
    parts = []
    for number, at in enumerate(range(0, max(len(entries), 1), FINDINGS_PART), start=1):
        run = tuple(entries[at : at + FINDINGS_PART])
        anchor, title = "findings", "Findings"
        if number > 1:
            anchor, title = f"findings-{number}", f"Findings, {_between(at + 1, at + len(run))}"
        parts.append(FindingsPart(anchor, title, run))
    return parts


# The executive summary shows this many rows of each list of what needs attention; a list
# longer than that is printed whole in the chapter "Needs attention", in parts of
# ATTENTION_PART rows (some 20 pages each), so that neither grows with the project.
SUMMARY_ROWS = 10
ATTENTION_PART = 300


@dataclass(frozen=True)
class AttentionList:
    """One list of what needs attention: `kind` names its table (packet/attention.html.j2)."""

    kind: str
    rows: tuple[Any, ...]

    @property
    def shown(self) -> tuple[Any, ...]:
        """The rows the executive summary shows."""
        return self.rows[:SUMMARY_ROWS]

    @property
    def cut(self) -> bool:
        return len(self.rows) > SUMMARY_ROWS


@dataclass(frozen=True)
class AttentionRun:
    """Rows `first`..`first + len(rows) - 1` (1-based) of a list of `total` rows."""

    kind: str
    rows: tuple[Any, ...]
    first: int
    total: int


@dataclass(frozen=True)
class AttentionPart:
    """A chapter of "Needs attention": runs of the lists the summary cut, in their order."""

    anchor: str
    title: str
    runs: tuple[AttentionRun, ...]


def attention_parts(lists: list[AttentionList]) -> list[AttentionPart]:
    """The lists the summary cut, whole, in chapters of at most ATTENTION_PART rows ([]
    when the summary cut none)."""
    rows = [
        (each.kind, n, row)
        for each in lists
        if each.cut
        for n, row in enumerate(each.rows, start=1)
    ]
    totals = {each.kind: len(each.rows) for each in lists}
    parts = []
    for number, at in enumerate(range(0, len(rows), ATTENTION_PART), start=1):
        chunk = rows[at : at + ATTENTION_PART]
        runs = []
        for kind, run in groupby(chunk, key=itemgetter(0)):
            numbered = list(run)
            first = numbered[0][1]
            runs.append(AttentionRun(kind, tuple(r for *_, r in numbered), first, totals[kind]))
        anchor, title = "attention", "Needs attention"
        if number > 1:
            span = _between(at + 1, at + len(chunk))
            anchor, title = f"attention-{number}", f"Needs attention, {span}"
        parts.append(AttentionPart(anchor, title, tuple(runs)))
    return parts


# Runbooks and plans per chapter: each starts a page of its own anyway, and past this
# many they go on in chapters of their own, so that their number never makes one piece.
PAGES_PART = 10


def pages_parts(pages: list[PageView]) -> list[list[PageView]]:
    """The runbooks and plans in chapters of at most PAGES_PART pages ([] when none)."""
    return [pages[at : at + PAGES_PART] for at in range(0, len(pages), PAGES_PART)]
