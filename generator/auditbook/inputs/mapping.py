"""The HIPAA mapping file: which checklist items address which controls, and per-control decisions.

People write it in `content/` (default `content/mappings/hipaa.yml`) so that a checklist can
stay untouched. It is read with `yaml.compose` to keep the line of every entry; its shape is
checked here, its references (item ids, citations, evidence paths) in `coverage.py`, where
the project is known.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

from yaml.nodes import MappingNode, Node, SequenceNode

from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import Ref
from auditbook.inputs.yamlnodes import (
    TAG,
    compose,
    describe,
    described,
    is_null,
    line_of,
    read_text,
    scalar_text,
)

if TYPE_CHECKING:
    from pathlib import Path

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
_STR = TAG + "str"


@dataclass(frozen=True)
class ItemCitations:
    """The citations the mapping file gives one checklist item."""

    item_id: str
    line: int
    citations: tuple[Ref, ...]


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
    items: tuple[ItemCitations, ...] = ()
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


@dataclass
class _Checker:
    """Walks a mapping file's nodes, collecting entries and findings."""

    rel: str
    findings: list[Finding] = field(default_factory=list)

    def error(self, code: str, message: str, node: Node) -> None:
        self.findings.append(Finding(Level.ERROR, code, message, self.rel, line_of(node)))

    def pairs(self, node: MappingNode, allowed: tuple[str, ...] | None, where: str) -> _Pairs:
        """Key -> (key node, value node); unknown or repeated keys are findings."""
        found: _Pairs = {}
        for key_node, value_node in node.value:
            key = scalar_text(key_node)
            if key is None:
                message = f"{where}: keys must be text, got {describe(key_node)}"
                self.error("mapping-type", message, key_node)
            elif key in found:
                first = line_of(found[key][0])
                message = f"{where}: duplicate key '{key}' (first on line {first})"
                self.error("mapping-duplicate-key", message, key_node)
            elif allowed is not None and key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"valid: {', '.join(allowed)}"
                self.error(
                    "mapping-unknown-key", f"{where}: unknown key '{key}' ({hint})", key_node
                )
            else:
                found[key] = (key_node, value_node)
        return found

    def check(self, root: MappingNode) -> Mapping:
        top = self.pairs(root, TOP_KEYS, "mapping file")
        items = self.items(top["items"][1]) if "items" in top else ()
        controls = self.controls(top["controls"][1]) if "controls" in top else ()
        return Mapping(self.rel, items, controls)

    def body(self, node: Node, what: str) -> MappingNode | None:
        if isinstance(node, MappingNode):
            return node
        got = "nothing" if is_null(node) else describe(node)
        self.error("mapping-type", f"{what} must be a mapping, got {got}", node)
        return None

    def items(self, node: Node) -> tuple[ItemCitations, ...]:
        if is_null(node):
            return ()
        body = self.body(node, "'items'")
        if body is None:
            return ()
        found = []
        for item_id, (key_node, value) in self.pairs(body, None, "items").items():
            citations = self.refs(value, f"citations of '{item_id}'")
            if citations:
                found.append(ItemCitations(item_id, line_of(key_node), citations))
        return tuple(found)

    def refs(self, node: Node, what: str) -> tuple[Ref, ...]:
        """A list of strings, or one string; each with its line."""
        single = scalar_text(node)
        if single is not None:
            return (Ref(single, line_of(node)),)
        if not isinstance(node, SequenceNode) or not node.value:
            got = "an empty list" if isinstance(node, SequenceNode) else describe(node)
            self.error("mapping-type", f"{what}: expected a list of strings, got {got}", node)
            return ()
        refs = []
        for entry in node.value:
            target = scalar_text(entry)
            if target is None:
                message = f"{what}: each entry must be a string, got {describe(entry)}"
                self.error("mapping-type", message, entry)
            else:
                refs.append(Ref(target, line_of(entry)))
        return tuple(refs)

    def string(self, node: Node, what: str) -> str | None:
        value = scalar_text(node)
        if value is None or node.tag != _STR:
            message = f"{what} must be a non-empty string, got {described(node)}"
            self.error("mapping-type", message, node)
            return None
        return " ".join(value.split())

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

    def decision(self, pairs: _Pairs, where: str, key_node: Node) -> Decision | None:
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


_Pairs = dict[str, tuple[Node, Node]]
_CHOICES = ("decision", "inherited", "not-applicable")
