"""Unfilled placeholders: what makes an agreement a template rather than an executed contract.

`[COVERED ENTITY NAME]`, `________`, `{{ companyShortName }}`, `<<Name>>`, `«Date»`,
`[insert date]`: none of them is ever a party's name or a date. A blank on a signature
line (`By: ________`) is an unsigned copy, not a template, so those lines are left to
the signature check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.inputs.readers._common import cap

if TYPE_CHECKING:
    from auditbook.inputs.readers._baa_text import Doc

MAX_PLACEHOLDERS = 50

_KEYWORDS = (
    r"\b(?:insert|enter|name|date|company|entity|associate|address|title|party|parties|fill"
    r"|tbd|client|customer|vendor|state|amount|number|signature|signatory|describe|specify"
    r"|option|choose|select|city|phone|e-?mail|effective|term)\b"
)
# Bracketed notes that are not blanks to fill in.
_NOT_BLANK = re.compile(
    r"reserved|intentionally|left\s+blank|follows|remainder|\bsic\b|^\s*\^|\d{3}\.\d", re.I
)
_BRACKET = re.compile(r"\[([^\[\]\n]{2,80})\](?![(\[:])")
_PATTERNS = (
    re.compile(r"(?:\\?_){4,}"),
    re.compile(r"\{\{[^{}\n]{1,80}\}\}|\{%[^%\n]{1,80}%\}|\$\{[^{}\n]{1,60}\}"),
    re.compile(r"(?<![{\w])\{[A-Za-z][\w .'-]{1,60}\}(?!\})"),
    re.compile(r"<<[^<>\n]{1,80}>>|«[^«»\n]{1,80}»|<\s*(?:insert|enter)\b[^<>\n]{0,60}>", re.I),
    re.compile(r"\b[Xx]{1,2}/[Xx]{1,2}/[Xx]{2,4}\b"),
)
# `By: ______` / `Date: ______`: an empty signature line, judged by the signature check.
_SIGNATURE_LABEL = re.compile(
    r"\b(?:by|signature|signed(?:\s+by)?|authori[sz]ed\s+signature|name|print(?:ed)?\s+name"
    r"|title|its|date|dated|date\s+signed)\s*:",
    re.IGNORECASE,
)
_BLANK_ONLY = re.compile(r"[\s_\\*|:>-]*")


def is_signature_blank(line: str) -> bool:
    """A line of signature labels and blanks only (`By: ______  Date: ______`)."""
    rest = _SIGNATURE_LABEL.sub("", line)
    return rest != line and "_" in rest and bool(_BLANK_ONLY.fullmatch(rest))


@dataclass(frozen=True)
class Placeholder:
    """One unfilled placeholder and the index of the line it is on."""

    index: int
    text: str


def is_placeholder(text: str) -> bool:
    """True when `text` is, or holds, a blank still to be filled in."""
    return bool(_in_text(text))


def find_placeholders(doc: Doc) -> list[Placeholder]:
    """The placeholders of the document, in order, signature-line blanks left out."""
    found: list[Placeholder] = []
    for index, line in enumerate(doc.lines):
        if is_signature_blank(line):
            continue
        for text in _in_text(line):
            found.append(Placeholder(index, cap(text, 60)))
            if len(found) >= MAX_PLACEHOLDERS:
                return found
    return found


def _in_text(line: str) -> list[str]:
    spans: list[tuple[int, str]] = []
    for match in _BRACKET.finditer(line):
        inside = match[1]
        letters = [char for char in inside if char.isalpha()]
        shouting = len(letters) >= 3 and not any(char.islower() for char in letters)
        keyword = re.search(_KEYWORDS, inside, re.IGNORECASE)
        if (shouting or keyword) and not _NOT_BLANK.search(inside):
            spans.append((match.start(), match[0]))
    for pattern in _PATTERNS:
        spans.extend((match.start(), match[0]) for match in pattern.finditer(line))
    return [text for _, text in sorted(spans)]
