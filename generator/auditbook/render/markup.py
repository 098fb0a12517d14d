"""Untrusted text made inert, and the HTML an item carries on a page: anchor, badge, links.

The site's checklist pages and the packet's runbook pages decorate items the same way,
with the same classes; only where the links lead differs.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.render.labels import item_anchor, status_slug

if TYPE_CHECKING:
    from auditbook.domain.model import Stated, Status

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape_inline(text: str) -> str:
    """Untrusted text made inert for both HTML and Markdown inline syntax."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


@dataclass(frozen=True)
class Link:
    """A link an item carries: to an evidence file (with an optional note) or to a control."""

    href: str
    text: str
    title: str = ""
    note: str = ""


def item_notes(
    na_reason: str | None = None,
    owner: str | None = None,
    due: dt.date | None = None,
    children: Sequence[tuple[Status, int]] = (),
    due_state: str = "",
    owner_key: str = "",
    stated: Stated | None = None,
) -> str:
    """What else an item's line says: why it does not apply, who owns it and by when, and
    for a parent, its items below by status (so a failure below is seen from the parent).

    `due_state` ("overdue", "due-soon") and `owner_key` let a page's filter find the item;
    `stated` is the author's own mark, shown as where its status came from."""
    notes = stated_note(stated)
    if na_reason:
        notes += f' <span class="ab-na-reason">Not applicable: {escape_inline(na_reason)}</span>'
    who = [f"owner: {escape_inline(owner)}"] if owner else []
    who += [f"due {due.isoformat()}"] if due else []
    if who:
        state = f" ab-owner--{html.escape(due_state)}" if due_state else ""
        key = f' data-owner="{html.escape(owner_key)}"' if owner_key else ""
        notes += f' <span class="ab-owner{state}"{key}>{" · ".join(who)}</span>'
    if children:
        parts = " · ".join(
            f'<span class="ab-children__n ab-children__n--{status_slug(status)}">'
            f"{n} {status.value}</span>"
            for status, n in children
        )
        notes += f' <span class="ab-children">items below: {parts}</span>'
    return notes


def stated_note(stated: Stated | None) -> str:
    """'stated in the text: ✅ (done)': the author's claim, never shown as proof."""
    if stated is None:
        return ""
    claim = stated.claim.value.replace(" ", "-")
    return (
        f' <span class="ab-stated ab-stated--{claim}">stated in the text: '
        f"{escape_inline(stated.mark)} ({html.escape(stated.claim.value)})</span>"
    )


def item_decoration(
    item_id: str,
    status: Status,
    evidence: Sequence[Link],
    controls: Sequence[Link] = (),
    notes: str = "",
) -> tuple[str, str]:
    """The HTML put before an item's text (anchor, badge) and after it (`notes` from
    item_notes, then evidence and controls)."""
    badge = f'<span class="ab-badge ab-badge--{status_slug(status)}">{html.escape(status.value)}'
    before = (
        f'<span class="ab-item" id="{html.escape(item_anchor(item_id))}"></span>{badge}</span> '
    )
    after = notes + "".join(
        f' <a class="ab-evidence" href="{html.escape(link.href)}">{escape_inline(link.text)}</a>'
        + (
            f' <span class="ab-evidence__sha">({html.escape(link.note)})</span>'
            if link.note
            else ""
        )
        for link in evidence
    )
    after += "".join(
        f' <a class="ab-control-ref" href="{html.escape(link.href)}"'
        f' title="{html.escape(link.title)}">§\u00a0{escape_inline(link.text)}</a>'
        for link in controls
    )
    return before, after
