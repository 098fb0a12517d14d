"""The signature block: who signed for each party, and when.

A party's heading (`COVERED ENTITY`, `**Business Associate**: Example Hosting, LLC`, or
the party's name) is followed by `By:`/`Signature:`/`Signed:`, `Name:`, `Title:` and
`Date:` lines. Two parties side by side (`By: /s/ A   By: /s/ B`) are read as two columns.
A blank (`By: ________`) or a placeholder is no signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditbook.inputs.readers._baa_parties import BA, CE
from auditbook.inputs.readers._baa_placeholders import is_placeholder
from auditbook.inputs.readers._baa_text import clean
from auditbook.inputs.readers._common import cap
from auditbook.inputs.readers._prose import DATE, parse_date

if TYPE_CHECKING:
    import datetime as dt

    from auditbook.inputs.readers._baa_text import Doc

# Lines after a party's heading within which its signature lines are looked for.
_REACH = 10
_LABELS = {
    "signature": r"by|signature|signed(?:\s+by)?|authori[sz]ed\s+signature|docusigned\s+by"
    r"|electronically\s+signed\s+by",
    "name": r"print(?:ed)?\s+name|name|signatory",
    "title": r"title|its",
    "date": r"date\s+signed|dated|date",
}
_LABEL = re.compile(
    r"(?:^|(?<=\s))(?P<label>" + "|".join(f"(?:{v})" for v in _LABELS.values()) + r")\s*:",
    re.IGNORECASE,
)
_SLASH_S = re.compile(r"(?:^|\s)/s/\s*(?P<name>\S.*)$", re.IGNORECASE)
_DATE_IN = re.compile(DATE)


@dataclass
class Signature:
    """What a party's signature block says; `line` is where its signature (or blank) is."""

    party: str
    index: int | None = None
    signer: str = ""
    name: str = ""
    date: dt.date | None = None
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def signed(self) -> bool:
        return bool(self.signer)


def find_signatures(doc: Doc, names: dict[str, str | None]) -> dict[str, Signature]:
    """Each party's first signature block that has a signature line (or a blank one)."""
    found: dict[str, Signature] = {}
    parties: list[str] = []
    since = _REACH + 1
    for index, raw in enumerate(doc.lines):
        text = clean(raw)
        columns = _columns(text)
        if not columns and (heading := _parties_in(text, names)):
            parties, since = heading, 0
            continue
        since += 1
        if not columns or not parties or since > _REACH:
            continue
        since = 0
        for party, column in zip(_spread(parties, len(columns)), columns, strict=False):
            block = found.setdefault(party, Signature(party))
            _fill(block, index, column)
    return found


def _columns(text: str) -> list[str]:
    """The label fields of a line, one per column (`By: A   By: B` is two columns)."""
    if (slash := _SLASH_S.search(text)) and not _LABEL.search(text):
        return [f"signature: /s/ {slash['name']}"]
    starts = [match.start() for match in _LABEL.finditer(text)]
    if not starts or starts[0] > 2:
        return []
    labels = [_kind(match["label"]) for match in _LABEL.finditer(text)]
    cuts = [
        0,
        *[start for start, label in zip(starts, labels, strict=False) if label == labels[0]][1:],
    ]
    return [
        text[start:end].strip() for start, end in zip(cuts, [*cuts[1:], len(text)], strict=False)
    ]


def _kind(label: str) -> str:
    lowered = " ".join(label.lower().split())
    for kind, pattern in _LABELS.items():
        if re.fullmatch(pattern, lowered):
            return kind
    return "signature"


def _parties_in(text: str, names: dict[str, str | None]) -> list[str]:
    """The parties a short heading line names, left to right."""
    if len(text.split()) > 14:
        return []
    lowered = text.lower()
    spots: list[tuple[int, str]] = []
    for role in (CE, BA):
        name = names.get(role)
        words = [role] + ([name.lower()] if name else [])
        where = [lowered.find(word) for word in words if word in lowered]
        if where:
            spots.append((min(where), role))
    return [role for _, role in sorted(spots)]


def _spread(parties: list[str], count: int) -> list[str]:
    return parties if count > 1 else parties[:1]


def _fill(block: Signature, index: int, column: str) -> None:
    """Record the fields of one column; later duplicates of a field are ignored."""
    pieces = list(_LABEL.finditer(column))
    for match, following in zip(pieces, [*pieces[1:], None], strict=False):
        kind = _kind(match["label"])
        value = column[match.end() : following.start() if following else len(column)].strip()
        if block.fields.get(kind):
            continue
        block.fields[kind] = value
        if kind == "signature":
            block.index = index
            block.signer = _person(value)
        elif kind == "name":
            block.name = _person(value)
        elif kind == "date" and (date := _DATE_IN.search(value)):
            block.date = parse_date(date[0])


def _person(value: str) -> str:
    """A signer's name from a field value; "" for a blank, a placeholder or no letters."""
    if is_placeholder(value):
        return ""
    text = re.sub(r"(?i)/s/|[*_|;]", " ", value)
    text = " ".join(text.split()).strip(" .,:-")
    return cap(text) if any(char.isalpha() for char in text) else ""
