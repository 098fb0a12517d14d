"""The HIPAA mapping file: which checklist items address which controls, and per-control decisions.

People write it in `content/` (default `content/mappings/hipaa.yml`) so that a checklist can
stay untouched: it may also give an item its owner and due date (`mapping_items.py`). It is
read with `yaml.compose` to keep the line of every entry; its shape is checked here, its
references (item ids, citations, evidence paths) in `core/citations.py`, where the project
is known.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from yaml.nodes import MappingNode

from auditbook.domain.findings import Finding, Level
from auditbook.inputs.mapping_items import ItemEntry, ItemReader
from auditbook.inputs.yamlnodes import compose, describe, is_null, line_of, read_text

if TYPE_CHECKING:
    from pathlib import Path

    from yaml.nodes import Node

    from auditbook.domain.model import Ref
    from auditbook.inputs.mapping_checks import Pairs

DecisionKind = Literal["implemented", "alternative", "not-reasonable"]
DECISIONS: tuple[DecisionKind, ...] = get_args(DecisionKind)
DECISION_LABELS: dict[str, str] = {
    "implemented": "implemented",
    "alternative": "equivalent alternative measure",
    "not-reasonable": "not reasonable and appropriate",
}
TOP_KEYS = ("items", "controls")
CONTROL_KEYS = ("decision", "reason", "evidence", "inherited", "not-applicable")
INHERITED_KEYS = ("from", "evidence", "reason")


@dataclass(frozen=True)
class Decision:
    """The documented decision on an Addressable specification (164.306(d)(3))."""

    kind: DecisionKind
    reason: str
    evidence: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return DECISION_LABELS[self.kind]


@dataclass(frozen=True)
class Inheritance:
    """A control met by a provider (e.g. the hosting provider's data centres), with proof."""

    provider: str
    evidence: tuple[Ref, ...]
    reason: str = ""


@dataclass(frozen=True)
class ControlEntry:
    """What the mapping file says about one control, keyed by the citation as written."""

    citation: str
    line: int
    decision: Decision | None = None
    inherited: Inheritance | None = None
    not_applicable: str | None = None


@dataclass(frozen=True)
class Mapping:
    """A mapping file; entries that could not be read are left out (and reported)."""

    path: str
    items: tuple[ItemEntry, ...] = ()
    controls: tuple[ControlEntry, ...] = ()


def load_mapping(path: Path, rel: str) -> tuple[Mapping, list[Finding]]:
    """Read and check a mapping file; findings carry `rel` and the line."""
    text, findings = read_text(path, rel, "mapping file", "mapping")
    return (Mapping(rel), findings) if text is None else parse_mapping(text, rel)


def parse_mapping(text: str, rel: str) -> tuple[Mapping, list[Finding]]:
    """Check mapping text; an empty file is an empty mapping."""
    root, problem = compose(text)
    if problem is not None:
        message, line = problem
        return Mapping(rel), [Finding(Level.ERROR, "mapping-yaml", message, rel, line)]
    if root is None:
        return Mapping(rel), []
    checker = _Checker(rel)
    if not isinstance(root, MappingNode):
        message = f"expected 'items:' and 'controls:', got {describe(root)}"
        checker.error("mapping-type", message, root)
        return Mapping(rel), checker.findings
    return checker.check(root), checker.findings


class _Checker(ItemReader):
    """Walks a mapping file's nodes, collecting entries and findings."""

    def check(self, root: MappingNode) -> Mapping:
        top = self.pairs(root, TOP_KEYS, "mapping file")
        items = self.items(top["items"][1]) if "items" in top else ()
        controls = self.controls(top["controls"][1]) if "controls" in top else ()
        return Mapping(self.rel, items, controls)

    def controls(self, node: Node) -> tuple[ControlEntry, ...]:
        if is_null(node):
            return ()
        body = self.body(node, "'controls'")
        if body is None:
            return ()
        entries = []
        for citation, (key_node, value) in self.pairs(body, None, "controls").items():
            entry = self.control(citation, key_node, value)
            if entry is not None:
                entries.append(entry)
        return tuple(entries)

    def control(self, citation: str, key_node: Node, node: Node) -> ControlEntry | None:
        where = f"control '{citation}'"
        body = self.body(node, where)
        if body is None:
            return None
        pairs = self.pairs(body, CONTROL_KEYS, where)
        given = [key for key in _CHOICES if key in pairs]
        if len(given) != 1:
            what = "none" if not given else " and ".join(given)
            message = f"{where} needs exactly one of {', '.join(_CHOICES)}; got {what}"
            self.error("mapping-control", message, key_node)
            return None
        for key in ("reason", "evidence"):
            if key in pairs and given != ["decision"]:
                inside = given == ["inherited"]
                hint = "put it inside 'inherited'" if inside else "not-applicable is the reason"
                message = f"{where}: '{key}' goes with a decision ({hint})"
                self.error("mapping-control", message, pairs[key][0])
        line = line_of(key_node)
        if given == ["not-applicable"]:
            reason = self.string(
                pairs["not-applicable"][1], f"{where}: 'not-applicable' (a reason)"
            )
            return ControlEntry(citation, line, not_applicable=reason) if reason else None
        if given == ["inherited"]:
            inherited = self.inherited(pairs["inherited"][1], where)
            return ControlEntry(citation, line, inherited=inherited) if inherited else None
        decision = self.decision(pairs, where, key_node)
        return ControlEntry(citation, line, decision=decision) if decision else None

    def decision(self, pairs: Pairs, where: str, key_node: Node) -> Decision | None:
        node = pairs["decision"][1]
        kind = self.string(node, f"{where}: 'decision'")
        if kind is not None and kind not in DECISIONS:
            close = difflib.get_close_matches(kind, DECISIONS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            message = (
                f"{where}: unknown decision '{kind}' ({hint}choose from {', '.join(DECISIONS)})"
            )
            self.error("mapping-decision", message, node)
            kind = None
        if "reason" not in pairs:
            self.error("mapping-decision", f"{where}: a decision needs its 'reason'", key_node)
            return None
        reason = self.string(pairs["reason"][1], f"{where}: 'reason'")
        evidence = (
            self.refs(pairs["evidence"][1], f"{where}: evidence") if "evidence" in pairs else ()
        )
        if kind is None or reason is None:
            return None
        return Decision(kind, reason, evidence)

    def inherited(self, node: Node, where: str) -> Inheritance | None:
        body = self.body(node, f"{where}: 'inherited'")
        if body is None:
            return None
        pairs = self.pairs(body, INHERITED_KEYS, f"{where}: inherited")
        missing = [key for key in ("from", "evidence") if key not in pairs]
        if missing:
            needed = " and ".join(repr(key) for key in missing)
            message = f"{where}: 'inherited' needs {needed} (the provider and the evidence for it)"
            self.error("mapping-inherited", message, node)
            return None
        provider = self.string(pairs["from"][1], f"{where}: 'from'")
        evidence = self.refs(pairs["evidence"][1], f"{where}: inherited evidence")
        reason = self.string(pairs["reason"][1], f"{where}: 'reason'") if "reason" in pairs else ""
        if provider is None or not evidence or reason is None:
            return None
        return Inheritance(provider, evidence, reason)


_CHOICES = ("decision", "inherited", "not-applicable")
