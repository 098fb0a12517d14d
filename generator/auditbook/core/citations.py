"""Every citation of a project resolved against the HIPAA catalog, with what it links.

Citations are written on checklist items (`{hipaa="164.312(b)"}`), given to items in the
mapping file, and written in evidence sidecars (`controls:`); the mapping file's
per-control entries name evidence files too. Each reference that names nothing known
(citation, item id, evidence file) is a finding at the place it is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from auditbook.core.results import CoveringEvidence, CoveringItem, Via
from auditbook.domain.findings import Finding, Level
from auditbook.domain.text import did_you_mean

if TYPE_CHECKING:
    from auditbook.core.results import EvidenceResult, ItemResult
    from auditbook.domain.model import Ref
    from auditbook.inputs.catalog import Catalog, Control
    from auditbook.inputs.mapping import ControlEntry
    from auditbook.inputs.mapping import Mapping as MappingFile


class Citations:
    """Citations resolved against the catalog, per control; unknown references are findings."""

    def __init__(
        self, catalog: Catalog, mapping_path: str, evidence: Mapping[str, EvidenceResult]
    ) -> None:
        self.catalog = catalog
        self.mapping_path = mapping_path
        self.known_evidence = evidence
        self.items: dict[str, dict[str, CoveringItem]] = {}
        self.evidence: dict[str, list[CoveringEvidence]] = {}
        self.item_citations: dict[str, list[str]] = {}
        self.order: dict[str, tuple[str, int]] = {}  # item id -> (checklist, line)
        self.findings: list[Finding] = []

    def covering(self, citation: str) -> tuple[CoveringItem, ...]:
        """The items mapped to a control, in the order of the pages."""
        found = self.items.get(citation, {}).values()
        return tuple(sorted(found, key=lambda covering: self.order[covering.item_id]))

    def resolve(self, text: str, code: str, path: str, line: int | None) -> Control | None:
        control = self.catalog.resolve(text)
        if control is None:
            close = self.catalog.suggest(text)
            named = [f"'{c}' ({self.catalog.get(c).title})" for c in close]
            hint = f" (did you mean {' or '.join(named)}?)" if close else ""
            message = f"{text!r} is not a citation of the HIPAA Security Rule catalog{hint}"
            self.findings.append(Finding(Level.ERROR, code, message, path, line))
        return control

    def cover(self, control: Control, result: ItemResult, written_in: str) -> None:
        covering = self.items.setdefault(control.citation, {})
        if result.item.id not in covering:
            covering[result.item.id] = CoveringItem(result.item.id, result.status, written_in)
            self.item_citations.setdefault(result.item.id, []).append(control.citation)

    def add_items(self, items: Mapping[str, ItemResult], mapping: MappingFile) -> None:
        """Citations written on the items, then those the mapping file gives them."""
        for result in items.values():
            self.order[result.item.id] = (result.checklist, result.item.line)
            where = f"{result.checklist}:{result.item.line}"
            for text in result.item.controls:
                code = "item-unknown-citation"
                control = self.resolve(text, code, result.checklist, result.item.line)
                if control is not None:
                    self.cover(control, result, where)
        for entry in mapping.items:
            found = items.get(entry.item_id)
            if found is None:
                message = f"unknown item id {entry.item_id!r}{did_you_mean(entry.item_id, items)}"
                self.finding("mapping-unknown-item", message, entry.line)
                continue
            for ref in entry.citations:
                code = "mapping-unknown-citation"
                control = self.resolve(ref.target, code, mapping.path, ref.line)
                if control is not None:
                    self.cover(control, found, f"{mapping.path}:{ref.line}")

    def add_sidecars(self, evidence: Sequence[EvidenceResult]) -> None:
        for result in evidence:
            meta = result.evidence.meta
            for ref in meta.controls if meta else ():
                assert meta is not None
                control = self.resolve(
                    ref.target, "evidence-unknown-citation", meta.sidecar, ref.line
                )
                if control is not None:
                    self.link(control.citation, result, "sidecar")

    def link(self, citation: str, result: EvidenceResult, via: Via) -> None:
        found = CoveringEvidence(result.evidence.path, result.state, via)
        linked = self.evidence.setdefault(citation, [])
        if found not in linked:
            linked.append(found)

    def finding(self, code: str, message: str, line: int | None) -> None:
        self.findings.append(Finding(Level.ERROR, code, message, self.mapping_path, line))

    def known(self, refs: tuple[Ref, ...]) -> list[EvidenceResult]:
        """The evidence files named, each unknown path a finding."""
        found = []
        for ref in refs:
            result = self.known_evidence.get(ref.target)
            if result is None:
                hint = did_you_mean(ref.target, self.known_evidence)
                self.finding(
                    "mapping-unknown-evidence",
                    f"unknown evidence file {ref.target!r}{hint}",
                    ref.line,
                )
            else:
                found.append(result)
        return found

    def entries(self, mapping: MappingFile) -> dict[str, ControlEntry]:
        """The mapping's per-control entries by canonical citation, once each and sound."""
        found: dict[str, ControlEntry] = {}
        for entry in mapping.controls:
            control = self.resolve(
                entry.citation, "mapping-unknown-citation", mapping.path, entry.line
            )
            if control is None:
                continue
            where = f"§ {control.citation} {control.title}"
            if control.citation in found:
                first = found[control.citation].line
                self.finding(
                    "mapping-duplicate-control",
                    f"{where} is given twice (first on line {first})",
                    entry.line,
                )
                continue
            if entry.decision is not None and control.required:
                message = (
                    f"{where} is Required: decisions are for Addressable specifications; "
                    "cover it, mark it inherited, or not-applicable with a reason"
                )
                self.finding("mapping-decision-required", message, entry.line)
                continue
            if not self.entry_evidence(control, entry):
                continue
            found[control.citation] = entry
        return found

    def entry_evidence(self, control: Control, entry: ControlEntry) -> bool:
        """Link a decision's or an inheritance's evidence; an inheritance needs some that exists."""
        if entry.decision is not None:
            for result in self.known(entry.decision.evidence):
                self.link(control.citation, result, "decision")
        if entry.inherited is not None:
            known = self.known(entry.inherited.evidence)
            if not known:
                message = f"§ {control.citation} cannot be inherited without evidence that exists"
                self.finding("mapping-inherited-evidence", message, entry.line)
                return False
            for result in known:
                self.link(control.citation, result, "inherited")
        return True
