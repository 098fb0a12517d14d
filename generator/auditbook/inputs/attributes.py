"""An item's attributes, written after its text as `{#id hipaa="..." na="..." owner=... due=...}`.

They are for auditbook, not for readers (pages drop them); anything unreadable is an error
with an example of the valid form, never ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from auditbook.domain.findings import Finding, Level

# A trailing `{...}` is read as attributes when it starts like one: `#id`, `na` or `key=`.
# (No leading `\s*`: searching with one is quadratic in a long run of spaces.)
ATTRIBUTES = re.compile(r"\{\s*((?:#|na\b|[a-z]+=)[^{}]*)\}\s*$")
_ATTR = re.compile(
    r'\s*(?:#(?P<id>[^\s]+)|(?P<key>[a-z]+)(?:=(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]+)))?)(?=\s|$)'
)
_ID = re.compile(r"^[a-z0-9][a-z0-9_./-]*$")
ATTRIBUTE_EXAMPLE = '{#my-item-id hipaa="164.312(b)" na="reason it does not apply"}'
OWNER_DUE_EXAMPLE = '{#my-item-id owner="Dana (Security)" due=2026-12-31}'


@dataclass
class ItemAttributes:
    """What an item's attribute block says (all optional)."""

    item_id: str | None = None
    na_reason: str | None = None
    controls: tuple[str, ...] = ()
    owner: str | None = None
    due: dt.date | None = None


def _attribute_parts(
    body: str, path: str, line: int, findings: list[Finding]
) -> list[re.Match[str]]:
    """Each `#id` or `key=value` of an attribute block; anything else is an error, not ignored."""
    parts: list[re.Match[str]] = []
    position = 0
    while position < len(body):
        attr = _ATTR.match(body, position)
        if attr is None:
            rest = body[position:].strip()
            message = f"cannot read item attributes {rest!r}; write {ATTRIBUTE_EXAMPLE}"
            findings.append(Finding(Level.ERROR, "item-attribute", message, path, line))
            break
        parts.append(attr)
        position = attr.end()
    return parts


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def _set(attrs: ItemAttributes, key: str, value: str) -> str | None:
    """Store one `key=value`; the message of what is wrong with it, or None."""
    if key == "na":
        attrs.na_reason = value.strip()
        return None if attrs.na_reason else f"'na' needs a reason, e.g. {ATTRIBUTE_EXAMPLE}"
    if key == "hipaa":
        attrs.controls = tuple(part.strip() for part in value.split(",") if part.strip())
        return None if attrs.controls else f"'hipaa' needs a citation, e.g. {ATTRIBUTE_EXAMPLE}"
    if key == "owner":
        attrs.owner = " ".join(value.split()) or None
        return None if attrs.owner else f"'owner' needs a name, e.g. {OWNER_DUE_EXAMPLE}"
    if key == "due":
        attrs.due = _date(value.strip())
        if attrs.due is None:
            return f"'due' must be a date written YYYY-MM-DD, e.g. {OWNER_DUE_EXAMPLE}"
        return None
    return f"unknown item attribute {key!r}; write {ATTRIBUTE_EXAMPLE}"


def split_attributes(
    text: str, path: str, line: int, findings: list[Finding]
) -> tuple[str, ItemAttributes]:
    """Split `{#id na="..." hipaa="..." owner="..." due=...}` off the end of an item's text."""
    attrs = ItemAttributes()
    match = ATTRIBUTES.search(text)
    if not match:
        return text, attrs
    for attr in _attribute_parts(match.group(1).strip(), path, line, findings):
        if attr.group("id"):
            attrs.item_id = attr.group("id")
            continue
        key, value = attr.group("key"), attr.group("quoted") or attr.group("bare") or ""
        problem = _set(attrs, key, value)
        if problem is not None:
            code = "item-na-reason" if key == "na" else "item-attribute"
            findings.append(Finding(Level.ERROR, code, problem, path, line))
    if attrs.item_id is not None and not _ID.match(attrs.item_id):
        allowed = "lower-case letters, digits, '-', '_', '.', '/'"
        message = f"item id {attrs.item_id!r} must be {allowed}"
        findings.append(Finding(Level.ERROR, "item-id-invalid", message, path, line))
        attrs.item_id = None
    return text[: match.start()].rstrip(), attrs
