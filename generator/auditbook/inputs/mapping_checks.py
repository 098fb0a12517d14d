"""The checks every part of the mapping file shares: keys, mappings, strings and lists, by line.

The mapping file is read as YAML nodes so that each problem names its line; these helpers
turn a node into what was meant, or into a finding saying what was found instead.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, SequenceNode

from auditbook.domain.findings import Finding, Level
from auditbook.domain.model import Ref
from auditbook.inputs.yamlnodes import TAG, describe, described, is_null, line_of, scalar_text

_STR = TAG + "str"
Pairs = dict[str, tuple[Node, Node]]


@dataclass
class NodeChecker:
    """Collects the findings of one mapping file while its nodes are read."""

    rel: str
    findings: list[Finding] = field(default_factory=list)

    def error(self, code: str, message: str, node: Node) -> None:
        self.findings.append(Finding(Level.ERROR, code, message, self.rel, line_of(node)))

    def pairs(self, node: MappingNode, allowed: tuple[str, ...] | None, where: str) -> Pairs:
        """Key -> (key node, value node); unknown or repeated keys are findings."""
        found: Pairs = {}
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

    def body(self, node: Node, what: str) -> MappingNode | None:
        if isinstance(node, MappingNode):
            return node
        got = "nothing" if is_null(node) else describe(node)
        self.error("mapping-type", f"{what} must be a mapping, got {got}", node)
        return None

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
