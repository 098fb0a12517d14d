"""The domain: checklists, evidence and their statuses, as frozen dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from auditbook.domain.findings import Finding
from auditbook.domain.publishing import inert


class Status(StrEnum):
    """Status of an item, strongest first; `attested` is never proof."""

    MET = "met"
    ATTESTED = "attested"
    EXPIRED = "expired"
    FAILING = "failing"
    OPEN = "open"
    NOT_APPLICABLE = "not applicable"


class EvidenceState(StrEnum):
    """Whether an evidence file proves anything on the assessment date."""

    CURRENT = "current"
    EXPIRED = "expired"
    FAILING = "failing"
    UNDESCRIBED = "no sidecar"
    # Its reader could not judge it (not the kind its sidecar says, or too little to tell).
    UNJUDGED = "not judged"


class Verdict(StrEnum):
    """What a reader concluded; only `passes` lets a file prove an item."""

    PASSES = "passes"
    FAILS = "fails"
    WRONG_KIND = "not this kind of file"
    UNDECIDED = "not enough to tell"

    @property
    def judged(self) -> bool:
        return self in (Verdict.PASSES, Verdict.FAILS)


class Claim(StrEnum):
    """What an author's own mark beside a task says (see inputs/stated): a claim, not proof."""

    DONE = "done"
    IN_PROGRESS = "in progress"
    NOT_DONE = "not done"
    NOT_APPLICABLE = "not applicable"


@dataclass(frozen=True)
class Stated:
    """The author's stated status of an item, as written (`✅`, "(80% complete)", `N/A`)."""

    claim: Claim
    mark: str
    reason: str | None = None


@dataclass(frozen=True)
class Item:
    """One task-list item of a checklist, with the line it was written on."""

    id: str
    text: str
    line: int
    checked: bool
    depth: int
    section_id: str
    children: tuple[Item, ...] = ()
    na_reason: str | None = None
    controls: tuple[str, ...] = ()
    explicit_id: bool = False
    owner: str | None = None  # who answers for it (`owner="..."` on the item, or the mapping)
    due: dt.date | None = None  # when it must be done (`due=YYYY-MM-DD`, or the mapping)
    # "content/mappings/hipaa.yml:12" when the mapping file gave it its owner or due date.
    assigned_in: str | None = None
    # The bold group labels it is written under (`- **RECON**`), outermost first.
    groups: tuple[str, ...] = ()
    # What the author says of it in its text (`✅`, "(in progress)", `N/A: reason`).
    stated: Stated | None = None

    def walk(self) -> list[Item]:
        """This item and all its descendants, in document order."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


@dataclass(frozen=True)
class Section:
    """A heading of a checklist and the top-level items written under it."""

    id: str
    title: str
    level: int
    line: int
    items: tuple[Item, ...] = ()
    # False for the section made for items written before any heading (named by the page).
    heading: bool = True

    def all_items(self) -> list[Item]:
        return [each for item in self.items for each in item.walk()]


@dataclass(frozen=True)
class Checklist:
    """A Markdown page of `content/` with its sections and items."""

    path: str
    slug: str
    title: str
    sections: tuple[Section, ...]

    def all_items(self) -> list[Item]:
        return [item for section in self.sections for item in section.all_items()]


@dataclass(frozen=True)
class Ref:
    """A reference written in a sidecar (item id or citation), with its line."""

    target: str
    line: int


@dataclass(frozen=True)
class Review:
    """A person's recorded decision that what the PHI and secrets gate found may be
    published (synthetic identifiers, a public support number): who, when and why."""

    by: str
    date: dt.date
    why: str


@dataclass(frozen=True)
class EvidenceMeta:
    """What a `NAME.meta.yml` sidecar says about its evidence file."""

    sidecar: str
    title: str
    kind: str
    collected: dt.date
    collected_by: str
    covers: tuple[Ref, ...] = ()
    controls: tuple[Ref, ...] = ()
    valid_for_days: int | None = None
    expires: dt.date | None = None
    publish: bool = False
    packet: bool = True
    description: str = ""
    fictional: bool = False
    sensitive_data_reviewed: Review | None = None
    owner: str | None = None  # who renews it (`owner:`), when not whoever collected it

    @property
    def renewed_by(self) -> str:
        """Who collects it again before it expires: its owner, or whoever collected it."""
        return self.owner or self.collected_by

    @property
    def valid_until(self) -> dt.date | None:
        if self.expires is not None:
            return self.expires
        if self.valid_for_days is not None:
            return self.collected + dt.timedelta(days=self.valid_for_days)
        return None


@dataclass(frozen=True)
class Fact:
    """One thing a reader learned from an evidence file, shown as label and value."""

    label: str
    value: str


@dataclass(frozen=True)
class Quote:
    """A line of an evidence file that decided something, quoted so a reviewer can check it."""

    line: int | None
    text: str
    # What the line decided, e.g. "restore ended" or "provision: safeguards".
    decided: str


@dataclass(frozen=True)
class Checks:
    """Thresholds the readers check evidence against (configurable in mkdocs.yml)."""

    # Concepts every audit record must tell; the old field names (`userId`, `ipAddress`...)
    # are read as the concepts they stand for.
    audit_log_fields: tuple[str, ...] = (
        "who",
        "what",
        "resource",
        "before",
        "after",
        "where",
        "client",
        "when",
    )
    # Extra places to find a concept, tried first: ((concept, (dotted path, ...)), ...).
    audit_log_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    audit_log_max_gap_days: float = 2.0
    rto_hours: float = 4.0
    restore_test_interval_days: int = 92
    # Days ahead that due dates and evidence renewals are announced on the dashboard.
    renewal_horizon_days: int = 30


@dataclass(frozen=True)
class ReaderResult:
    """What a kind-specific reader made of a file: facts, findings and a verdict."""

    facts: tuple[Fact, ...] = ()
    findings: tuple[Finding, ...] = ()
    verdict: Verdict | None = None
    # A date after which the file stops proving anything (a restore test gets old).
    stale_after: dt.date | None = None
    # What the content was recognised as, e.g. "CloudTrail records, 3 events".
    recognised: str = ""
    quotes: tuple[Quote, ...] = ()

    @property
    def passed(self) -> bool | None:
        return _passed(self.verdict)


@dataclass(frozen=True)
class Evidence:
    """One file under `evidence/`: its hash, its sidecar and what its reader found."""

    path: str
    sha256: str
    size: int
    meta: EvidenceMeta | None
    facts: tuple[Fact, ...] = ()
    # None for generic evidence, which no reader judges.
    verdict: Verdict | None = None
    stale_after: dt.date | None = None
    findings: tuple[Finding, ...] = field(default=(), compare=False)
    recognised: str = ""
    quotes: tuple[Quote, ...] = ()

    @property
    def passed(self) -> bool | None:
        return _passed(self.verdict)

    @property
    def title(self) -> str:
        return self.meta.title if self.meta else self.path

    @property
    def publishable(self) -> bool:
        """Published raw on the site: the sidecar asks for it and the file is of an inert type."""
        return self.meta is not None and self.meta.publish and inert(self.path)

    @property
    def valid_until(self) -> dt.date | None:
        """The earlier of the sidecar's validity and the reader's own staleness date."""
        dates = [d for d in (self.meta.valid_until if self.meta else None, self.stale_after) if d]
        return min(dates) if dates else None


def _passed(verdict: Verdict | None) -> bool | None:
    """True or False for a judged file; None for generic or unjudged evidence."""
    if verdict is None or not verdict.judged:
        return None
    return verdict is Verdict.PASSES
