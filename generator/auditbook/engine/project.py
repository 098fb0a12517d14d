"""A project loaded: read from disk, scanned for what must not be published, then assessed."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from auditbook.core.project import Project, assess_project
from auditbook.domain.clock import assessment_day
from auditbook.domain.errors import AuditbookError
from auditbook.domain.findings import Level
from auditbook.inputs.exposure import CODE, HINT, scan_public
from auditbook.inputs.project import read_inputs

if TYPE_CHECKING:
    from auditbook.inputs.settings import Settings


class PublishRefused(AuditbookError):
    """What would be published holds suspected PHI or secrets."""


def load_project(settings: Settings) -> Project:
    """Read pages, evidence and the mapping, scan what is public, assess as of the day."""
    inputs = read_inputs(settings)
    inputs = dataclasses.replace(inputs, findings=(*inputs.findings, *scan_public(inputs)))
    return assess_project(inputs, assessment_day(settings.as_of))


def refuse_to_publish(project: Project) -> None:
    """Stop before a public output is written when it would carry suspected PHI or secrets."""
    hits = [f for f in project.assessment.findings if f.code == CODE and f.level >= Level.ERROR]
    if not hits:
        return
    first = hits[0]
    more = f", and {len(hits) - 1} more" if len(hits) > 1 else ""
    raise PublishRefused(
        f"not published: {first.location} {first.message.removesuffix(HINT)}{more}; "
        "`auditbook check` lists them all. Remove them, or keep the file unpublished"
    )
