"""A project on disk: its settings, and reading its pages and evidence before assessing."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from auditbook.assess import Assessment, assess
from auditbook.checklist import parse_checklist
from auditbook.controls import load_catalog
from auditbook.coverage import cites_anything, with_coverage
from auditbook.errors import AuditbookError
from auditbook.findings import Finding, Level
from auditbook.mapping import Mapping, load_mapping
from auditbook.model import Checklist, Checks
from auditbook.source import read_source


@dataclass(frozen=True)
class Settings:
    """Where a project keeps things and what it checks; read from mkdocs.yml."""

    root: Path
    docs_dir: Path
    evidence_dir: Path
    organisation: str = "Example Organisation"
    system: str = "Example System"
    checklists_dir: str = "checklists"
    as_of: dt.date | None = None
    checks: Checks = field(default_factory=Checks)
    cache_dir: Path | None = None
    fail_on: Level = Level.WARNING
    templates_dir: Path | None = None
    mapping: str = "mappings/hipaa.yml"
    coverage_gap_level: Level = Level.WARNING

    @property
    def mapping_file(self) -> Path:
        """The HIPAA mapping file (relative to docs_dir in mkdocs.yml)."""
        return Path(os.path.normpath(self.docs_dir / self.mapping))

    def relative(self, path: Path) -> str:
        """A path as findings show it: relative to the project root, with '/'."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass(frozen=True)
class Page:
    """A Markdown page of docs_dir, decoded and repaired, and its checklist if it has items."""

    src_uri: str
    path: str
    text: str
    checklist: Checklist | None


@dataclass(frozen=True)
class Project:
    """Everything read from disk, and the assessment made of it."""

    settings: Settings
    pages: tuple[Page, ...]
    assessment: Assessment


def resolve_today(as_of: dt.date | None) -> dt.date:
    """The assessment date: configured, else SOURCE_DATE_EPOCH's day (reproducible), else today."""
    if as_of is not None:
        return as_of
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError):
            raise AuditbookError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time") from None
    return dt.date.today()


def _markdown_files(docs_dir: Path) -> list[Path]:
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        parts = path.relative_to(docs_dir).parts
        if not any(part.startswith(".") for part in parts) and path.is_file():
            found.append(path)
    return found


def read_pages(settings: Settings) -> tuple[list[Page], list[Finding]]:
    """Decode and parse every page; pages under checklists_dir must have items."""
    pages, findings = [], []
    for file in _markdown_files(settings.docs_dir):
        src_uri = file.relative_to(settings.docs_dir).as_posix()
        path = settings.relative(file)
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise AuditbookError(f"cannot read: {error.strerror}", path) from None
        text, read_findings = read_source(raw, path)
        checklist, parse_findings = parse_checklist(path, text)
        findings += read_findings + parse_findings
        has_items = bool(checklist.all_items())
        if not has_items and src_uri.startswith(settings.checklists_dir.rstrip("/") + "/"):
            message = "checklist has no items; write them as '- [ ] text' or '1. [ ] text'"
            findings.append(Finding(Level.WARNING, "checklist-empty", message, path, 1))
        pages.append(Page(src_uri, path, text, checklist if has_items else None))
    return pages, findings


def load_project(settings: Settings) -> Project:
    """Read pages and evidence, then assess them on the configured day."""
    from auditbook.evidence import collect_evidence

    pages, findings = read_pages(settings)
    cache = settings.cache_dir / "hashes.json" if settings.cache_dir else None
    if settings.evidence_dir.is_dir():
        evidence, evidence_findings = collect_evidence(
            settings.evidence_dir, settings.checks, cache_path=cache, root=settings.root
        )
    else:
        evidence, evidence_findings = (), ()
        message = "no evidence folder; every item is at best attested"
        findings.append(
            Finding(
                Level.WARNING, "evidence-folder", message, settings.relative(settings.evidence_dir)
            )
        )
    checklists = tuple(page.checklist for page in pages if page.checklist is not None)
    assessment = assess(
        checklists, evidence, resolve_today(settings.as_of), [*findings, *evidence_findings]
    )
    return Project(settings, tuple(pages), _with_coverage(settings, assessment))


def _with_coverage(settings: Settings, assessment: Assessment) -> Assessment:
    """HIPAA coverage, when the project has a mapping file or cites a control anywhere."""
    path, rel = settings.mapping_file, settings.relative(settings.mapping_file)
    if path.is_file():
        mapping, findings = load_mapping(path, rel)
    elif cites_anything(assessment):
        mapping, findings = Mapping(rel), []
    else:
        return assessment
    return with_coverage(assessment, load_catalog(), mapping, settings.coverage_gap_level, findings)
