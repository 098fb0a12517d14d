"""A page's YAML front matter, checked before MkDocs reads it (MkDocs shows bad YAML as text).

MkDocs takes the `---` block at the top of a page as its metadata only when the block is
closed and is a YAML mapping; anything else it silently prints as part of the page. Here
every such block is checked: a good one is left to MkDocs, a bad one is a finding at its
line and is blanked out of the page, so it neither shows as text nor reaches MkDocs (which
would expand its aliases without a bound). The checklist parser never sees the block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yaml.nodes import MappingNode

from auditbook.domain.findings import Finding, Level
from auditbook.inputs.yamlnodes import (
    MAX_EXPANDED_VALUES,
    compose,
    describe,
    expanded_size,
    line_of,
)

# The pattern MkDocs matches (mkdocs/utils/meta.py), so both read the same block.
_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPENING = re.compile(r"^-{3}[ \t]*\n")
# After an opening `---`, a line like `title: ...` says metadata was meant, not a rule.
_LOOKS_LIKE_KEY = re.compile(r"^[ \t]*[A-Za-z_][\w -]*:([ \t]|$)")
CODE = "page-front-matter"


@dataclass(frozen=True)
class FrontMatter:
    """A page split for its two readers: MkDocs (`site_text`) and the item parser."""

    site_text: str
    body_text: str  # front matter blanked, so every line keeps its number
    findings: list[Finding] = field(default_factory=list)


def front_matter_end(text: str) -> int:
    """Where a page's closed front matter block ends (0 when it has none)."""
    block = _BLOCK.match(text if text.endswith("\n") else text + "\n")
    return min(block.end(), len(text)) if block else 0


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Check the front matter of a page at `path` (clean text, Unix newlines)."""
    if not _OPENING.match(text):
        return FrontMatter(text, text)
    padded = text if text.endswith("\n") else text + "\n"
    block = _BLOCK.match(padded)
    if block is None:
        return FrontMatter(text, text, _unclosed(text, path))
    blanked = "\n" * block.group(0).count("\n") + padded[block.end() :]
    problem = _problem(block.group(1))
    if problem is None:
        return FrontMatter(padded, blanked)
    message, line = problem
    finding = Finding(Level.ERROR, CODE, message + "; it is left out of the page", path, line)
    return FrontMatter(blanked, blanked, [finding])


def _unclosed(text: str, path: str) -> list[Finding]:
    following = next((line for line in text.split("\n")[1:] if line.strip()), "")
    if not _LOOKS_LIKE_KEY.match(following):
        return []  # a page that starts with a horizontal rule
    message = (
        "front matter opened here is never closed with a '---' line: the page shows it as text"
    )
    return [Finding(Level.WARNING, CODE, message, path, 1)]


def _problem(yaml_text: str) -> tuple[str, int] | None:
    """What is wrong with a closed block, and its line in the page; None when it is usable."""
    root, malformed = compose(yaml_text)
    if malformed is not None:
        message, line = malformed
        return f"front matter is {message}", 1 + (line or 1)
    if root is None:
        return None
    if not isinstance(root, MappingNode):
        got = describe(root)
        return f"front matter must be a mapping of keys (title: ...), got {got}", 1 + line_of(root)
    if expanded_size(root) > MAX_EXPANDED_VALUES:
        message = (
            f"front matter aliases expand to more than {MAX_EXPANDED_VALUES:,} values; "
            "write the values out or remove the aliases"
        )
        return message, 1 + line_of(root)
    return None
