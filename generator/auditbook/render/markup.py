"""Untrusted text made inert, and the HTML an item carries on a page: anchor, badge, links.

The site's checklist pages and the packet's runbook pages decorate items the same way,
with the same classes; only where the links lead differs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditbook.render.labels import item_anchor, status_slug

if TYPE_CHECKING:
    from auditbook.domain.model import Status

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


def item_decoration(
    item_id: str, status: Status, evidence: Sequence[Link], controls: Sequence[Link] = ()
) -> tuple[str, str]:
    """The HTML put before an item's text (anchor, badge) and after it (evidence, controls)."""
    badge = f'<span class="ab-badge ab-badge--{status_slug(status)}">{html.escape(status.value)}'
    before = (
        f'<span class="ab-item" id="{html.escape(item_anchor(item_id))}"></span>{badge}</span> '
    )

    after = "".join(
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
