"""Who the agreement binds and for how long: parties, effective date, end date or term.

A party is named by a labelled field (`Covered Entity: X`, `**Business Associate**: X`,
`Business Associate Name: X`, a table row) or by the opening paragraph
(`between X ("Covered Entity") and Y ("Business Associate")`); a placeholder is never a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.inputs.readers._baa_placeholders import is_placeholder
from auditbook.inputs.readers._baa_text import clean
from auditbook.inputs.readers._common import cap
from auditbook.inputs.readers._prose import DATE, parse_date

if TYPE_CHECKING:
    import datetime as dt

    from auditbook.inputs.readers._baa_text import Doc

CE, BA = "covered entity", "business associate"
UNTIL_TERMINATED = "until terminated"
UNTIL_RETURNED = "until all PHI is returned or destroyed"

# A name may hold a parenthesised aside ("(fictional)") but never a quoted role.
_NAME = r"[A-Z0-9\[{<_«](?:[^()\"\u201c\u201d\n]|\([^()\"\u201c\u201d\n]{0,40}\)){0,119}?"
_ROLE = r"\(\s*(?:hereinafter\s+)?(?:referred\s+to\s+as\s+)?(?:the\s+)?[\"\u201c\u201d']?{role}\b"
_NAME_BEFORE = re.compile(rf"(?i:\b(?:between|and|by|with))\s+({_NAME})\s*,?\s*$")
_LEGAL_FORM = re.compile(
    r",?\s+an?\s+[\w .-]{0,50}?(?:corporation|company|partnership|association|organi[sz]ation"
    r"|entity|llc|l\.l\.c\.|inc\.?|hospital|practice)\s*$"
    r"|,?\s+(?:with|having)\s+(?:its\s+)?(?:principal\s+)?(?:offices?|place)\b.*$",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(
    r"^(?:the\s+)?(?:covered\s+entity|business\s+associate|parties|party|company|customer"
    r"|means|shall|has|is|agrees|will|may)\b",
    re.IGNORECASE,
)
_EFFECTIVE = (
    rf"(?i:effective\s+(?:as\s+of|on|from)\s+)({DATE})",
    rf"(?i:effective\s+date)[^.;]{{0,40}}?({DATE})",
    rf"({DATE})\s*\(\s*(?i:the\s+)?[\"\u201c\u201d']?(?i:effective\s+date)",
    rf"(?i:(?:entered\s+into|made)\s+(?:as\s+of|on)\s+)({DATE})",
)
_END = (
    rf"(?i:(?:end|expiration|termination)\s+date)[^.;]{{0,40}}?({DATE})",
    rf"(?i:(?:terminates?|expires?|ends?)\s+on\s+)({DATE})",
    rf"(?i:(?:remain\s+in\s+(?:full\s+force\s+and\s+)?effect|continue)\s+(?:until|through)\s+)({DATE})",
)
_TERMS = (
    (
        UNTIL_RETURNED,
        re.compile(
            r"(?:shall\s+(?:terminate|continue|remain)|remains?\s+in\s+(?:full\s+)?(?:force|effect)"
            r"|in\s+effect|expires?|terminates?)[^.;]{0,250}?\b(?:until|when|at\s+such\s+time\s+as)"
            r"\s+all\s+(?:of\s+(?:the\s+)?)?(?:phi|protected\s+health\s+information|such"
            r"\s+information|information)\b[^.;]{0,250}?\b(?:is|are|has\s+been|have\s+been)"
            r"\s+(?:returned|destroyed)",
            re.IGNORECASE,
        ),
    ),
    (
        UNTIL_TERMINATED,
        re.compile(
            r"until\s+(?:it\s+is\s+|this\s+(?:agreement|baa|addendum)\s+is\s+)?terminated"
            r"|\bco-?terminous\b|for\s+as\s+long\s+as\s+the\s+(?:services?|underlying|master)"
            r"\s+(?:agreement|contract)",
            re.IGNORECASE,
        ),
    ),
)


@dataclass(frozen=True)
class Named:
    """A party's name and the index of the line that named it (None from flattened text)."""

    name: str
    index: int | None


def find_party(doc: Doc, flat: str, role: str) -> Named | None:
    """The party playing `role`, from a labelled field first, then the opening paragraph."""
    return _labelled(doc, role) or _opening(flat, role)


def _labelled(doc: Doc, role: str) -> Named | None:
    words = role.replace(" ", r"\s+")
    field = re.compile(
        rf"^\W*(?:for\s+(?:the\s+)?)?{words}(?:\s*(?:'s|\u2019s)?\s+(?:legal\s+)?name)?\s*"
        rf"(?::|;)\s*(.+?)\s*;?\s*$",
        re.IGNORECASE,
    )
    for index, line in enumerate(doc.lines):
        text = clean(line)
        if (match := field.match(text)) and (name := _valid(match[1])):
            return Named(name, index)
    return None


def _opening(flat: str, role: str) -> Named | None:
    words = role.replace(" ", r"\s+")
    for marker in re.finditer(_ROLE.format(role=words), flat, re.IGNORECASE):
        before = flat[max(0, marker.start() - 200) : marker.start()]
        if (match := _NAME_BEFORE.search(before)) and (name := _valid(match[1])):
            return Named(name, None)
    return None


def _valid(text: str) -> str | None:
    if is_placeholder(text):
        return None
    name = _LEGAL_FORM.sub("", text.strip()).strip(" *,;:")
    if not any(char.isalpha() for char in name) or _NOT_A_NAME.match(name):
        return None
    if len(name.split()) > 14:
        return None
    return cap(name)


def effective_date(flat: str) -> dt.date | None:
    return _first_date(flat, _EFFECTIVE)


def end_date(flat: str) -> dt.date | None:
    return _first_date(flat, _END)


def open_term(flat: str) -> str | None:
    """A term without a date: "until all PHI is returned...", "until terminated", earliest first."""
    found = [(match.start(), term) for term, pattern in _TERMS if (match := pattern.search(flat))]
    return min(found)[1] if found else None


def _first_date(flat: str, patterns: tuple[str, ...]) -> dt.date | None:
    found = [m for pattern in patterns if (m := re.search(pattern, flat))]
    for match in sorted(found, key=lambda m: m.start()):
        if (date := parse_date(match[1])) is not None:
            return date
    return None
