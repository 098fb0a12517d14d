"""What the packet's templates are given: its metadata, contents, and each placed part."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Chapter:
    """A finished chapter made elsewhere ("Changes since 1.0"), placed after the summary."""

    anchor: str
    title: str
    html: Markup


# Files per part of the register: past this many, it goes on in chapters of its own, so
# that no piece of the packet (laid out alone, see pieces.py) grows with the evidence.
REGISTER_PART = 100


@dataclass(frozen=True)
class RegisterPart:
    """A run of the register's files, numbered as in its index."""

    anchor: str
    title: str
    views: tuple[tuple[int, EvidenceView], ...]


def register_parts(views: list[EvidenceView]) -> list[RegisterPart]:
    """The register's first part (with its index) under its own name, then the others."""
    numbered = list(enumerate(views, start=1))
    runs = [numbered[at : at + REGISTER_PART] for at in range(0, len(numbered), REGISTER_PART)]
    parts = [RegisterPart("register", "Evidence register", tuple(runs[0] if runs else ()))]
    for number, run in enumerate(runs[1:], start=2):
        title = f"Evidence register, files {run[0][0]}\u2013{run[-1][0]}"
        parts.append(RegisterPart(f"register-{number}", title, tuple(run)))
    return parts
