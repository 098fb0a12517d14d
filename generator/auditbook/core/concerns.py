"""What a finding concerns: an evidence file, a control, an item or a page, found from its
path, line and (for coverage) the citation it opens with. Renderers turn it into a link."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from auditbook.core.project import Project
    from auditbook.domain.findings import Finding

# The citation a coverage finding opens with: "§ 164.308(a)(1)(ii)(B) Risk Management ..."
_CITATION = re.compile(r"^§\s*(164\.\d+(?:\([0-9A-Za-z]+\))*)")

Kind = Literal["control", "evidence", "item", "page"]


@dataclass(frozen=True)
class Concern:
    """`key`: a citation, an evidence path, an item id, or a page's path."""

    kind: Kind
    key: str


class Concerns:
    """Resolves findings against one project's inputs."""

    def __init__(self, project: Project) -> None:
        a = project.assessment
        self.evidence = {r.evidence.path for r in a.evidence}
        self.sidecars = {
            r.evidence.meta.sidecar: r.evidence.path for r in a.evidence if r.evidence.meta
        }
        self.pages = {page.path for page in project.pages}
        self.items = {
            (checklist.path, item.line): item.id
            for checklist in a.checklists
            for item in checklist.all_items()
        }
        self.controls = {c.control.citation for c in a.coverage.controls} if a.coverage else set()

    def of(self, finding: Finding) -> Concern | None:
        """The most precise thing the finding concerns, or None."""
        if finding.code.startswith("coverage-"):
            match = _CITATION.match(finding.message)
            if match is not None and match.group(1) in self.controls:
                return Concern("control", match.group(1))
        path = finding.path or ""
        path = self.sidecars.get(path, path)
        if path in self.evidence:
            return Concern("evidence", path)
        item_id = self.items.get((path, finding.line or 0))
        if item_id is not None:
            return Concern("item", item_id)
        if path in self.pages:
            return Concern("page", path)
        return None
