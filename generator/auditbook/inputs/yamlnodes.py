"""Reading the YAML people write (sidecars, the mapping) as nodes, so every value keeps its line.

Values are composed, never constructed: a node knows its line, `164.312` stays the text
it was written as, and no tag can build an object. Messages say where and what was found.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from auditbook.domain.findings import Finding, Level

if TYPE_CHECKING:
    from pathlib import Path

TAG = "tag:yaml.org,2002:"
_TEXT = {TAG + name for name in ("str", "int", "float")}
_TEXT_OR_DATE = _TEXT | {TAG + "timestamp"}
_TYPE_NAMES = {"null": "an empty value", "bool": "a boolean", "int": "a number"}
_TYPE_NAMES |= {"float": "a number", "timestamp": "a date", "str": "a string"}
_BOM = b"\xef\xbb\xbf"
# libyaml composes the same nodes (with lines) about ten times faster: 2,000 sidecars add up.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# A sidecar or a mapping file is a page of keys: a megabyte of one is something else, and
# composing it would take seconds. Checked before the file is read.
MAX_YAML_BYTES = 1_048_576


def read_text(path: Path, shown: str, what: str, code: str) -> tuple[str | None, list[Finding]]:
    """A UTF-8 file's text (BOM dropped); None and a finding (`code`-unreadable/-encoding/-size)."""
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_YAML_BYTES:
                message = f"{what} is {size:,} bytes, more than the {MAX_YAML_BYTES:,} allowed"
                return None, [Finding(Level.ERROR, f"{code}-size", message, shown, 1)]
            raw = file.read()
    except OSError as error:
        message = f"cannot read {what}: {error.strerror or error}"
        return None, [Finding(Level.ERROR, f"{code}-unreadable", message, shown)]
    try:
        return raw.removeprefix(_BOM).decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"{what} is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8"
        return None, [Finding(Level.ERROR, f"{code}-encoding", message, shown, line)]


def compose(text: str) -> tuple[Node | None, tuple[str, int | None] | None]:
    """(root node, None), or (None, (message, line)) for text that is not YAML."""
    try:
        return yaml.compose(text, Loader=_FAST_LOADER), None
    except yaml.YAMLError:
        try:  # libyaml words its errors differently: the pure-Python parser explains them
            return yaml.compose(text, Loader=yaml.SafeLoader), None
        except yaml.YAMLError as error:
            return None, _problem(error, text)


def _problem(error: yaml.YAMLError, text: str) -> tuple[str, int | None]:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        detail = error.problem or error.context or "unreadable YAML"
        if error.context and error.problem:
            where = f" (line {error.context_mark.line + 1})" if error.context_mark else ""
            detail = f"{error.context}{where}, {error.problem}"
        return f"malformed YAML: {detail}", mark.line + 1 if mark else None
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        if isinstance(error.character, int):  # a NUL or other control character
            written = repr(chr(error.character))[1:-1]
            return f"malformed YAML: control character {written} is not allowed; remove it", line
        return f"malformed YAML: {error.reason}", line
    return f"malformed YAML: {error}".splitlines()[0], None


# Values a YAML document may stand for once its aliases are expanded. People's files hold
# hundreds; a "billion laughs" document, a few lines long, stands for billions.
MAX_EXPANDED_VALUES = 100_000


def expanded_size(node: Node, limit: int = MAX_EXPANDED_VALUES) -> int:
    """How many values `node` stands for with every alias expanded, counted up to `limit`.

    Counted per distinct node (an alias is the same node object again), so that the
    count itself stays linear in the document, whatever it would expand to.
    """
    sizes: dict[int, int] = {}

    def size(each: Node, depth: int) -> int:
        known = sizes.get(id(each))
        if known is not None:
            return known
        total = 1
        if depth < 1000 and isinstance(each, SequenceNode | MappingNode):
            children = each.value if isinstance(each, SequenceNode) else _flatten(each.value)
            for child in children:
                total = min(limit + 1, total + size(child, depth + 1))
        sizes[id(each)] = total
        return total

    return size(node, 0)


def _flatten(pairs: list[tuple[Node, Node]]) -> list[Node]:
    return [node for pair in pairs for node in pair]


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def describe(node: Node) -> str:
    """What a node is, for a message: 'a list', 'a boolean', ..."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = str(node.tag)
    return _TYPE_NAMES.get(tag.removeprefix(TAG), f"a value tagged {tag}")


def described(node: Node) -> str:
    """Like describe, but says so when a string is blank."""
    return "a blank string" if is_blank_string(node) else describe(node)


def is_blank_string(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == TAG + "str" and not node.value.strip()


def scalar_text(node: Node, *, dates: bool = False) -> str | None:
    """The text as written (so `164.312` stays a citation), or None unless a non-blank scalar."""
    tags = _TEXT_OR_DATE if dates else _TEXT
    if isinstance(node, ScalarNode) and node.tag in tags and str(node.value).strip():
        return str(node.value).strip()
    return None


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == TAG + "null"
