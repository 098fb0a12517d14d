"""A project assessed: what was read, and what the core concluded from it (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.core.assess import assess
from auditbook.core.assignments import assign_pages
from auditbook.core.coverage import cites_anything, with_coverage
from auditbook.inputs.mapping import Mapping

if TYPE_CHECKING:
    import datetime as dt

    from auditbook.core.results import Assessment
    from auditbook.inputs.pages import Page
    from auditbook.inputs.project import Inputs
    from auditbook.inputs.settings import Settings


@dataclass(frozen=True)
class Project:
    """Everything read from disk, and the assessment made of it."""

    settings: Settings
    pages: tuple[Page, ...]
    assessment: Assessment
    left_out: tuple[str, ...] = ()  # pages of docs_dir that cannot be read as files


def assess_project(inputs: Inputs, today: dt.date) -> Project:
    """Statuses and scores on `today`; HIPAA coverage when the project maps or cites controls.

    Owners and due dates the mapping gives are merged into the pages' checklists first, so
    every page, export and the packet see them as if written on the items."""
    pages, notes = assign_pages(inputs.pages, inputs.mapping)
    checklists = tuple(page.checklist for page in pages if page.checklist is not None)
    horizon = inputs.settings.checks.renewal_horizon_days
    findings = (*inputs.findings, *notes)
    assessment = assess(checklists, inputs.evidence, today, findings, horizon)
    mapping = inputs.mapping
    if mapping is None and cites_anything(assessment):
        mapping = Mapping(inputs.mapping_path)
    if mapping is not None:
        level = inputs.settings.coverage_gap_level
        assessment = with_coverage(assessment, inputs.catalog, mapping, level)
    return Project(inputs.settings, pages, assessment, inputs.left_out)
