"""A project loaded: read from disk, then assessed on its day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditbook.core.project import Project, assess_project
from auditbook.domain.clock import assessment_day
from auditbook.inputs.project import read_inputs

if TYPE_CHECKING:
    from auditbook.inputs.settings import Settings


def load_project(settings: Settings) -> Project:
    """Read pages, evidence and the mapping, then assess them as of the configured day."""
    return assess_project(read_inputs(settings), assessment_day(settings.as_of))
